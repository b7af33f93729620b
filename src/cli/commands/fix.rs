//! `fazhi fix`: applies the safe edits of each .txt/.md report and writes it back in its own
//! encoding (`--diff` shows the changes without writing).

use rayon::prelude::*;

use crate::cli::Outcome;
use crate::cli::args::FixArgs;
use crate::cli::session::Session;
use crate::fix::{FixResult, fix_file};
use crate::render::diff;
use crate::results::FileError;

/// Runs `fazhi fix`.
pub(crate) fn run(args: &FixArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let overrides = match args.read.overrides(None, None) {
        Ok(overrides) => overrides,
        Err(message) => return Outcome::usage(&message),
    };
    let Some(mut session) = Session::prepare(&args.paths, &overrides, None, &mut outcome) else { return outcome };
    let results: Vec<Result<FixResult, FileError>> = session
        .plan
        .jobs
        .par_iter()
        .map(|job| {
            fix_file(&job.path, &job.options, &job.rules, !args.diff)
                .map_err(|message| FileError { path: job.path.clone(), message })
        })
        .collect();
    for result in results {
        match result {
            Ok(done) => outcome.stdout.push_str(&diff::render(&done, args.diff)),
            Err(error) => session.errors.push(error),
        }
    }
    outcome.stdout.push_str(&session.unreadable("无法修改"));
    outcome.code = session.exit_code(false);
    outcome
}
