//! The command line: `fazhi check`, `fazhi baseline`, `fazhi fix`, `fazhi annotate`,
//! `fazhi report`, `fazhi init`, `fazhi rule`, `fazhi rules`, `fazhi serve`, `fazhi completions`.
//! [`run`] parses the arguments (`args`) and hands them to the command (`commands/`, one file
//! each); the checking commands and `fazhi serve` share one prepare step (`session`:
//! configuration, rule sets per profile, checks) built on the plan of the run (`plan`).
//! Commands return what to print; only `main` prints, except that `fazhi check` writes its
//! output to `main`'s standard output as it checks (a run over thousands of reports would
//! otherwise hold all of it). [`run_main`] is what `main` runs: it
//! first works out what a double-click or a file dropped onto the program means (`launch`), and
//! gives `fazhi serve`, which runs until stopped, a writer for its start-up lines.
//!
//! **Invariant:** exit codes are 0 (every report passed), 1 (a report failed the gate),
//! 2 (usage, configuration or input error — the other files are still checked).

mod args;
mod chinese;
mod commands;
#[cfg(feature = "serve")]
mod launch;
mod outputs;
pub(crate) mod plan;
pub mod progress;
pub(crate) mod session;

use std::ffi::OsString;
use std::io::Write;

use clap::FromArgMatches;
use clap::error::ErrorKind;

pub use args::Cli;
pub use plan::{is_report_file, is_repository_file};

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

/// Runs the command line with these arguments (the first is the program name). `fazhi serve`
/// writes its start-up lines nowhere; `main` uses [`run_main`].
#[must_use]
pub fn run<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    dispatch(args, &mut std::io::sink(), None)
}

/// Runs the program as `main` started it: with no arguments and no terminal (a double-click)
/// it serves the page, with one report file as its argument (a file dropped onto it) it checks
/// that report and opens its page (in a terminal: `fazhi check FILE`), otherwise as [`run`].
/// `live` gets the lines a command that runs until stopped writes as it goes (`fazhi serve`:
/// the address, warnings, rule-file problems); `stdout` gets what `fazhi check` prints as it
/// goes (the outcome's `stdout` holds the rest).
#[must_use]
pub fn run_main(args: Vec<OsString>, live: &mut dyn Write, stdout: &mut dyn Write) -> Outcome {
    #[cfg(feature = "serve")]
    let args = launch::arguments(args, launch::in_terminal());
    dispatch(args, live, Some(stdout))
}

fn dispatch<I, T>(args: I, live: &mut dyn Write, stdout: Option<&mut dyn Write>) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let parsed = chinese::command().try_get_matches_from(&args).and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    Outcome { stdout: e.render().to_string(), code: 0, ..Outcome::default() }
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    Outcome { stderr: e.render().to_string(), code: 2, ..Outcome::default() }
                }
                _ => Outcome { stderr: chinese::error(&e, &command_path(&args)), code: 2, ..Outcome::default() },
            };
        }
    };
    match cli.command {
        Command::Check(args) => match outputs::destinations(matches.subcommand_matches("check")) {
            Ok(destinations) => commands::check::run(&args, &destinations, stdout),
            Err(message) => Outcome::usage(&message),
        },
        Command::Fix(args) => commands::fix::run(&args),
        Command::Annotate(args) => commands::annotate::run(&args),
        Command::Baseline(args) => commands::baseline::run(&args),
        Command::Report(args) => commands::audit::run(&args, live),
        Command::Rule(args) => commands::rule::run(&args),
        Command::Init(args) => commands::init::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => commands::serve::run(&args, live),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Help(args) => commands::help::run(&args),
    }
}

/// The command the arguments name (`fazhi rules test`), for pointing to its help.
fn command_path(args: &[OsString]) -> String {
    let mut cmd = chinese::command();
    let mut path = vec![cmd.get_name().to_owned()];
    for arg in args.iter().skip(1) {
        let Some(sub) = arg.to_str().and_then(|name| cmd.find_subcommand(name)).cloned() else {
            if arg.to_str().is_some_and(|a| a.starts_with('-')) {
                continue;
            }
            break;
        };
        path.push(sub.get_name().to_owned());
        cmd = sub;
    }
    path.join(" ")
}
