//! The step every checking command shares: plan the run (configuration, rule sets, jobs),
//! check the files in parallel, and keep the files that could not be read, the rule-file
//! problems and the configuration suppressions used, so that each command only decides what to
//! do with the reports.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use super::Outcome;
use super::plan::{self, Job, Overrides, Plan, PlanError};
use crate::engine::check_file_with;
use crate::pack::Pack;
use crate::render::diagnostic;
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::suppress::SuppressionOrigin;

/// A planned run and what it has met so far.
pub(crate) struct Session {
    /// Files, rule sets and configurations.
    pub(crate) plan: Plan,
    /// Files that could not be planned, read or fixed; sorted by path after [`Self::sort_errors`].
    pub(crate) errors: Vec<FileError>,
    /// Whether a rule file failed to load (the rules that loaded still run; the exit code is 2).
    pub(crate) rule_errors: bool,
    threads: Option<usize>,
    /// Configuration suppressions that waived something: (configuration file, index).
    used_suppressions: HashSet<(PathBuf, usize)>,
}

impl Session {
    /// Plans a run over `paths`. Rule-file problems are written to standard error and the run
    /// goes on; a configuration or usage error is written there too and gives `None` (exit 2).
    pub(crate) fn prepare(
        paths: &[PathBuf],
        overrides: &Overrides,
        threads: Option<usize>,
        outcome: &mut Outcome,
    ) -> Option<Self> {
        let mut rule_errors = Vec::new();
        let planned = plan::plan(paths, overrides, &mut rule_errors);
        for error in &rule_errors {
            outcome.stderr.push_str(&diagnostic::render(error));
        }
        match planned {
            Ok(plan) => Some(Self {
                errors: plan.errors.clone(),
                plan,
                rule_errors: !rule_errors.is_empty(),
                threads,
                used_suppressions: HashSet::new(),
            }),
            Err(PlanError::Config(errors)) => {
                for error in &errors {
                    outcome.stderr.push_str(&diagnostic::render(error));
                }
                outcome.code = 2;
                None
            }
            Err(PlanError::Usage(message)) => {
                outcome.stderr.push_str(&format!("{message}\n"));
                outcome.code = 2;
                None
            }
        }
    }

    /// Checks every planned file.
    pub(crate) fn check_all(&mut self) -> Vec<ReportEntry> {
        self.check_range(0..self.plan.jobs.len())
    }

    /// Checks the planned files in `range` in parallel; read errors join `errors`. Reports come
    /// back in the order of the jobs (sorted by path).
    pub(crate) fn check_range(&mut self, range: Range<usize>) -> Vec<ReportEntry> {
        let reports = check_files(&self.plan.jobs[range], self.threads, &mut self.errors);
        for waived in reports.iter().flat_map(|r| &r.checked.waived) {
            if let SuppressionOrigin::Config { file, index } = &waived.origin {
                self.used_suppressions.insert((file.clone(), *index));
            }
        }
        reports
    }

    /// Sorts the unreadable files by path, as the reports are.
    pub(crate) fn sort_errors(&mut self) {
        self.errors.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// One line per file that could not be handled: `{verb} PATH：reason`.
    pub(crate) fn unreadable(&self, verb: &str) -> String {
        let mut out = String::new();
        for error in &self.errors {
            out.push_str(&format!("{verb} {}：{}\n", error.path.display(), error.message));
        }
        out
    }

    /// Configuration suppressions that waived nothing in the whole run, as notices.
    pub(crate) fn unused_suppressions(&self) -> String {
        let mut out = String::new();
        for config in &self.plan.configs {
            let Some(path) = &config.path else { continue };
            for (index, entry) in config.suppress.iter().enumerate() {
                if !self.used_suppressions.contains(&(path.clone(), index)) {
                    out.push_str(&format!(
                        "提示：{} 中第 {} 条 [[suppress]]（rule = \"{}\"）没有豁免任何问题，可以删除\n",
                        path.display(),
                        index + 1,
                        entry.rule
                    ));
                }
            }
        }
        out
    }

    /// 2 when a file could not be handled or a rule file is broken, else 1 when a report
    /// failed the gate, else 0.
    pub(crate) fn exit_code(&self, any_failed: bool) -> i32 {
        if !self.errors.is_empty() || self.rule_errors { 2 } else { i32::from(any_failed) }
    }
}

/// Checks `jobs` in parallel (on `threads` threads when given); read errors join `errors`.
fn check_files(jobs: &[Job], threads: Option<usize>, errors: &mut Vec<FileError>) -> Vec<ReportEntry> {
    let check_all = || -> Vec<Result<ReportEntry, FileError>> {
        jobs.par_iter()
            .map(|job| match check_file_with(&job.path, &job.options, &job.rules, &job.suppressions) {
                Ok(checked) => {
                    let passed = job.gate.passes(&checked);
                    Ok(ReportEntry { path: job.path.clone(), checked, passed, gate: job.gate })
                }
                Err(e) => Err(FileError { path: job.path.clone(), message: e.to_string() }),
            })
            .collect()
    };
    let results = match threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
        Some(Ok(pool)) => pool.install(check_all),
        _ => check_all(),
    };
    let mut reports = Vec::new();
    for result in results {
        match result {
            Ok(entry) => reports.push(entry),
            Err(error) => errors.push(error),
        }
    }
    reports
}

/// Loads the rules for `fazhi rule` and `fazhi rules`, writing rule-file problems to standard
/// error; the flag says whether there were any.
pub(crate) fn load_rules(pack: &Pack, dirs: &[PathBuf], stderr: &mut String) -> (RuleSet, bool) {
    let (rules, errors) = RuleSet::load(pack, dirs);
    for error in &errors {
        stderr.push_str(&diagnostic::render(error));
    }
    (rules, !errors.is_empty())
}
