//! The command line: `fazhi check`, `fazhi baseline`, `fazhi fix`, `fazhi annotate`,
//! `fazhi report`, `fazhi init`, `fazhi rule`, `fazhi rules`, `fazhi completions`. [`run`] parses the arguments (`args`) and
//! hands them to the command (`commands/`, one file each); the checking commands share one
//! prepare step (`session`: configuration, rule sets per profile, parallel checks) built on the
//! plan of the run (`plan`). Commands return what to print; only `main` prints.
//!
//! **Invariant:** exit codes are 0 (every report passed), 1 (a report failed the gate),
//! 2 (usage, configuration or input error — the other files are still checked).

mod args;
mod commands;
mod outputs;
mod plan;
mod session;

use clap::{CommandFactory, FromArgMatches};

pub use args::Cli;
pub use plan::is_report_file;

use args::Command;

/// What a run prints and how it exits.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// Exit code.
    pub code: i32,
}

impl Outcome {
    /// A usage error: the message on standard error, exit code 2.
    pub(crate) fn usage(message: &str) -> Self {
        Self { stderr: format!("{message}\n"), code: 2, ..Self::default() }
    }
}

/// Runs the command line with these arguments (the first is the program name).
#[must_use]
pub fn run<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let parsed = Cli::command().try_get_matches_from(args).and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                Outcome { stderr: text, code: 2, ..Outcome::default() }
            } else {
                Outcome { stdout: text, code: 0, ..Outcome::default() }
            };
        }
    };
    match cli.command {
        Command::Check(args) => match outputs::destinations(matches.subcommand_matches("check")) {
            Ok(destinations) => commands::check::run(&args, &destinations),
            Err(message) => Outcome::usage(&message),
        },
        Command::Fix(args) => commands::fix::run(&args),
        Command::Annotate(args) => commands::annotate::run(&args),
        Command::Baseline(args) => commands::baseline::run(&args),
        Command::Report(args) => commands::audit::run(&args),
        Command::Rule(args) => commands::rule::run(&args),
        Command::Init(args) => commands::init::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Completions(args) => commands::completions::run(&args),
    }
}
