//! `fazhi fix`: applies the safe edits of each .txt/.md report and writes it back in its own
//! encoding; a .docx gets the same edits as tracked changes in a copy (`annotate`). `--diff`
//! shows the changes without writing.

use rayon::prelude::*;

use super::annotate::{COPY_SUFFIX, fix_docx};
use crate::cli::Outcome;
use crate::cli::args::FixArgs;
use crate::cli::session::Session;
use crate::fix::fix_file;
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
    let named = |path: &std::path::Path| args.paths.iter().any(|p| p == path);
    let results: Vec<Result<String, FileError>> = session
        .plan
        .jobs
        .par_iter()
        // fazhi's own copies found in a folder are not fixed again.
        .filter(|job| named(&job.path) || !job.path.to_string_lossy().ends_with(COPY_SUFFIX))
        .map(|job| {
            if job.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
                return fix_docx(job, args.diff, args.force);
            }
            fix_file(&job.path, &job.options, &job.rules, &job.others(), !args.diff)
                .map(|done| diff::render(&done, args.diff))
                .map_err(|message| FileError { path: job.path.clone(), message })
        })
        .collect();
    for result in results {
        match result {
            Ok(text) => outcome.stdout.push_str(&text),
            Err(error) => session.errors.push(error),
        }
    }
    outcome.stdout.push_str(&session.unreadable("无法修改"));
    outcome.code = session.exit_code(false);
    outcome
}
