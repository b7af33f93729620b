//! `fazhi baseline`: checks the files and records their findings, so that a later
//! `check --baseline` reports only new ones.

use crate::baseline::Baseline;
use crate::cli::Outcome;
use crate::cli::args::BaselineArgs;
use crate::cli::outputs::refuse_inputs;
use crate::cli::session::Session;
use crate::write;

/// Runs `fazhi baseline`.
pub(crate) fn run(args: &BaselineArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let overrides = match args.read.overrides(None, None) {
        Ok(overrides) => overrides,
        Err(message) => return Outcome::usage(&message),
    };
    let Some(mut session) = Session::prepare(&args.paths, &overrides, args.jobs, &mut outcome) else { return outcome };
    if let Err(message) = refuse_inputs([args.output.as_path()], &session.plan.jobs) {
        return Outcome { stderr: outcome.stderr + &message + "\n", code: 2, ..Outcome::default() };
    }
    let reports = session.check_all();
    let base_dir = crate::paths::folder_of(&args.output);
    let baseline = Baseline::record(&reports, &base_dir);
    let total: usize = baseline.findings.iter().map(|e| e.count).sum();
    if let Err(e) = write::write_atomic(&args.output, baseline.to_json()) {
        outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", args.output.display()));
        outcome.code = 2;
        return outcome;
    }
    outcome.stderr.push_str(&session.unreadable("无法检查"));
    outcome.stdout = format!(
        "已把 {} 份报告的 {total} 条问题记录到 {}；之后用 fazhi check --baseline {} 只报告新问题\n",
        reports.len(),
        args.output.display(),
        args.output.display()
    );
    outcome.code = session.exit_code(false);
    outcome
}
