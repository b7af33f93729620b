//! `fazhi completions`: the scripts of `clap_complete` for the shells.

use crate::cli::Outcome;
use crate::cli::args::CompletionsArgs;
use crate::cli::chinese;

/// Runs `fazhi completions`.
pub(crate) fn run(args: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut chinese::command(), "fazhi", &mut script);
    Outcome { stdout: String::from_utf8_lossy(&script).into_owned(), ..Outcome::default() }
}
