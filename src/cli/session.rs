//! The step every checking command shares: plan the run (configuration, rule sets, jobs),
//! check the files in parallel, and keep the files that could not be read, the rule-file
//! problems and the configuration suppressions used, so that each command only decides what to
//! do with the reports. `fazhi serve` uses the same session for each request, over a plan of
//! its uploads and their bytes.

use std::collections::HashMap;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Outcome;
use super::plan::{self, Job, Overrides, Plan, PlanError};
use crate::baseline::{self, Baseline};
use crate::compare::Prepared;
use crate::compare::batch::{self, BatchReport, Comparison, PassagePlace, SharedPassage};
use crate::engine::{check_bytes_with, check_choosing, check_file_compared};
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
    /// The pool of `--jobs N` threads, built once for the whole run (its threads keep their
    /// regex caches from chunk to chunk); `None`: rayon's global pool, one thread per core.
    pool: Option<rayon::ThreadPool>,
    /// Configuration suppressions that waived something: (configuration file, index).
    used_suppressions: HashSet<(PathBuf, usize)>,
    /// The previous year's report each report is compared with, by the report's path.
    previous: HashMap<PathBuf, Arc<Prepared>>,
    /// The near-copies the batch comparison found ([`Self::compare_batch`]).
    pub(crate) comparisons: Vec<Comparison>,
    /// Whether the reports of the run are paired with each other by issuer and year once they
    /// are checked ([`Self::pair_checked`]).
    pair_after_check: bool,
    /// `[[history]]` entries whose previous report is a report of the run: this year's path,
    /// last year's path (both as the jobs name them).
    history_in_run: HashMap<PathBuf, PathBuf>,
    /// The previous report each report was compared with after checking, as messages name it.
    paired_names: HashMap<PathBuf, String>,
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
            Ok(plan) => Some(Self::new(plan, !rule_errors.is_empty(), threads)),
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

    /// A session over a plan; `rule_errors` says whether a rule file failed to load.
    pub(crate) fn new(plan: Plan, rule_errors: bool, threads: Option<usize>) -> Self {
        let pool = threads.and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().ok());
        Self {
            errors: plan.errors.clone(),
            plan,
            rule_errors,
            pool,
            used_suppressions: HashSet::new(),
            previous: HashMap::new(),
            comparisons: Vec::new(),
            pair_after_check: false,
            history_in_run: HashMap::new(),
            paired_names: HashMap::new(),
        }
    }

    /// Runs `work` on the run's threads (`--jobs`): checking, and rendering that runs in
    /// parallel (the human diagnostics), use as many threads as the user allowed.
    pub(crate) fn install<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    /// How many threads the run's work uses.
    #[cfg(test)]
    pub(crate) fn threads(&self) -> usize {
        self.install(rayon::current_num_threads)
    }

    /// `--previous FILE`: the one planned report is compared with `file`. A file that cannot be
    /// read joins the run's errors (exit code 2) and the report is checked without comparison;
    /// more than one report is a usage error (exit 2 with the message).
    ///
    /// # Errors
    /// The usage message when the run has more than one report.
    pub(crate) fn compare_with(&mut self, file: &Path) -> Result<(), String> {
        let [job] = self.plan.jobs.as_slice() else {
            return Err(format!(
                "--previous 只能与一份报告一起使用（本次有{}份）：请只给出本年度的那一份报告",
                self.plan.jobs.len()
            ));
        };
        let name = file.display().to_string();
        match crate::engine::prepare_previous(file, &name, &job.options, &job.rules) {
            Ok(prepared) => {
                self.previous.insert(job.path.clone(), Arc::new(prepared));
            }
            Err(e) => self.errors.push(FileError {
                path: file.to_path_buf(),
                message: format!("上一年度报告（--previous）无法读取：{e}"),
            }),
        }
        Ok(())
    }

    /// Pairs each report of the run with the same issuer's report of the year before: the
    /// `[[history]]` entries of the configurations first, then, in a run of several reports,
    /// the report whose issuer (title, else signature) is the same and whose report year is one
    /// less, when exactly one report of the run has that issuer and year. A `[[history]]`
    /// previous file outside the run is read now (one that cannot be read joins the run's
    /// errors); pairs within the run are made once the reports are checked, from their parsed
    /// documents ([`Self::pair_checked`]), so no report is read twice.
    pub(crate) fn pair_reports(&mut self) {
        let jobs = &self.plan.jobs;
        // A run whose rules compare nothing (`--ignore compare`, a pack without such rules)
        // pairs nothing.
        if !jobs.iter().any(|job| compares_previous(&job.rules)) {
            return;
        }
        let mut outside: Vec<(usize, PathBuf)> = Vec::new();
        for entry in self.plan.configs.iter().flat_map(|c| &c.history) {
            let Some(idx) = jobs.iter().position(|job| crate::write::same_file(&entry.current, &job.path)) else {
                continue;
            };
            match jobs.iter().find(|job| crate::write::same_file(&entry.previous, &job.path)) {
                Some(previous) => {
                    self.history_in_run.insert(jobs[idx].path.clone(), previous.path.clone());
                }
                None => outside.push((idx, entry.previous.clone())),
            }
        }
        self.pair_after_check = jobs.len() > 1;
        outside.sort();
        outside.dedup_by_key(|(idx, _)| *idx);
        let prepared: Vec<_> = self.install(|| {
            outside
                .par_iter()
                .map(|(idx, path)| {
                    let job = &jobs[*idx];
                    let name = path.display().to_string();
                    crate::engine::prepare_previous(path, &name, &job.options, &job.rules)
                })
                .collect()
        });
        for ((idx, path), result) in outside.into_iter().zip(prepared) {
            match result {
                Ok(prepared) => {
                    self.previous.insert(self.plan.jobs[idx].path.clone(), Arc::new(prepared));
                }
                Err(e) => self.errors.push(FileError {
                    path: path.clone(),
                    message: format!("上一年度报告（配置文件 [[history]]）无法读取：{e}"),
                }),
            }
        }
    }

    /// Whether `check` and `report` must hold every report of the run before writing any: the
    /// run compares its reports with each other (near-copies, or last year's report of the
    /// same issuer among them).
    pub(crate) fn checks_whole_run(&self) -> bool {
        self.pair_after_check || self.compares_batch()
    }

    /// What a run that checked all its reports does before writing them: pairs them with the
    /// previous year's reports among them, then compares them all for near-copies.
    pub(crate) fn compare_in_run(&mut self, reports: &mut [ReportEntry]) {
        if self.pair_after_check {
            self.pair_checked(reports);
        }
        if self.compares_batch() {
            self.compare_batch(reports);
        }
    }

    /// Compares each checked report with the same issuer's report of the year before when that
    /// report is among them (a `[[history]]` entry, else issuer and year as
    /// [`Self::pair_reports`] says), adding the findings of its rules of kind `previous`.
    fn pair_checked(&mut self, reports: &mut [ReportEntry]) {
        let keys: Vec<Option<(String, i32)>> = reports.iter().map(|r| issuer_and_year(&r.checked.document)).collect();
        let mut by_key: HashMap<&(String, i32), Vec<usize>> = HashMap::new();
        for (idx, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                by_key.entry(key).or_default().push(idx);
            }
        }
        let by_path: HashMap<&Path, usize> = reports.iter().enumerate().map(|(i, r)| (r.path.as_path(), i)).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (idx, entry) in reports.iter().enumerate() {
            if self.previous.contains_key(&entry.path) {
                continue;
            }
            let other = match self.history_in_run.get(&entry.path) {
                Some(previous) => by_path.get(previous.as_path()).copied(),
                None => keys[idx].as_ref().and_then(|(issuer, year)| match by_key.get(&(issuer.clone(), year - 1)) {
                    Some(v) if v.len() == 1 => Some(v[0]),
                    _ => None,
                }),
            };
            if let Some(other) = other.filter(|o| *o != idx) {
                pairs.push((idx, other));
            }
        }
        let jobs_of: HashMap<&Path, &Job> = self.plan.jobs.iter().map(|job| (job.path.as_path(), job)).collect();
        let shared: &[ReportEntry] = reports;
        let found: Vec<(usize, Vec<crate::finding::Finding>, String)> = self.install(|| {
            pairs
                .par_iter()
                .filter_map(|(idx, other)| {
                    let (this, previous) = (&shared[*idx], &shared[*other]);
                    let job = jobs_of.get(this.path.as_path())?;
                    let rules = rules_of(job, this);
                    let name = previous.path.display().to_string();
                    let view = crate::compare::PreviousReport {
                        name: &name,
                        side: crate::compare::Side {
                            document: &previous.checked.document,
                            elements: &previous.checked.elements,
                        },
                    };
                    let findings = crate::engine::compare_checked(&this.checked, rules, job.options.report_year, view);
                    Some((*idx, findings, name))
                })
                .collect()
        });
        for (idx, findings, name) in found {
            let entry = &mut reports[idx];
            self.paired_names.insert(entry.path.clone(), name);
            let Some(job) = jobs_of.get(entry.path.as_path()) else { continue };
            let rules = rules_of(job, entry);
            crate::engine::add_findings(&mut entry.checked, rules, &job.suppressions, findings);
            entry.passed = entry.gate.passes(&entry.checked);
        }
    }

    /// The previous year's report `path` is compared with, as messages name it.
    pub(crate) fn previous_name(&self, path: &Path) -> Option<&str> {
        self.previous.get(path).map(|p| p.name.as_str()).or_else(|| self.paired_names.get(path).map(String::as_str))
    }

    /// Whether the run compares its reports with each other: more than one report, and a rule
    /// of kind `similar` in some report's rules. Such a run checks all its reports before it
    /// writes any, since a finding on the first report may come from the last.
    pub(crate) fn compares_batch(&self) -> bool {
        self.plan.jobs.len() > 1
            && self.plan.jobs.iter().any(|job| {
                std::iter::once(&*job.rules)
                    .chain(job.detect.iter().map(|set| set.rules()))
                    .any(|set| similar_rule(set).is_some())
            })
    }

    /// Compares every checked report with every other (`compare::batch`): each pair of near-copies
    /// by different issuers gives a finding on both reports (of their own `similar` rule, waived
    /// by their suppressions) and an entry of [`Self::comparisons`]. The reports' parsed
    /// documents are used; no file is read again.
    pub(crate) fn compare_batch(&mut self, reports: &mut [ReportEntry]) {
        let jobs_of: HashMap<&Path, &Job> = self.plan.jobs.iter().map(|job| (job.path.as_path(), job)).collect();
        // Each report's rule set (a pack may have claimed it by its title) and its rule.
        let rules: Vec<Option<(&RuleSet, &crate::rules::Rule)>> = reports
            .iter()
            .map(|entry| {
                let set = rules_of(jobs_of.get(entry.path.as_path())?, entry);
                similar_rule(set).map(|rule| (set, rule))
            })
            .collect();
        let Some(params) = rules.iter().flatten().find_map(|(_, rule)| match &rule.kind {
            crate::rules::kinds::Kind::Similar(k) => Some(k.params.clone()),
            _ => None,
        }) else {
            return;
        };
        let members: Vec<usize> = (0..reports.len()).filter(|idx| rules[*idx].is_some()).collect();
        let issuers: Vec<Option<String>> = members
            .iter()
            .map(|idx| {
                let issuer = reports[*idx].checked.document.issuer_text()?;
                let issuer: String = issuer.chars().filter(|c| !c.is_whitespace()).collect();
                (!issuer.is_empty()).then_some(issuer)
            })
            .collect();
        let batch: Vec<BatchReport> = members
            .iter()
            .zip(&issuers)
            .map(|(idx, issuer)| BatchReport { document: &reports[*idx].checked.document, issuer: issuer.as_deref() })
            .collect();
        let (pairs, _) = self.install(|| batch::near_copies(&batch, &params));
        let mut added: Vec<Vec<crate::finding::Finding>> = vec![Vec::new(); reports.len()];
        for pair in &pairs {
            let (a, b) = (members[pair.a], members[pair.b]);
            let (doc_a, doc_b) = (&reports[a].checked.document, &reports[b].checked.document);
            let name = |idx: usize| reports[idx].path.display().to_string();
            let (name_a, name_b) = (name(a), name(b));
            let sides = [
                (a, doc_a, &pair.passages_a, pair.share_a, (name_b.as_str(), issuers[pair.b].as_deref(), doc_b)),
                (b, doc_b, &pair.passages_b, pair.share_b, (name_a.as_str(), issuers[pair.a].as_deref(), doc_a)),
            ];
            for (idx, this, passages, share, (other_name, other_issuer, other_doc)) in sides {
                let Some((_, rule)) = rules[idx] else { continue };
                let other = crate::rules::kinds::similar::OtherReport {
                    name: other_name,
                    issuer: other_issuer,
                    document: other_doc,
                };
                added[idx].extend(crate::rules::kinds::similar::finding(rule, this, other, share, passages));
            }
            self.comparisons.push(Comparison {
                files: [name_a, name_b],
                issuers: [issuers[pair.a].clone(), issuers[pair.b].clone()],
                years: [doc_a.report_year.map(|y| y.year), doc_b.report_year.map(|y| y.year)],
                shares: [pair.share_a, pair.share_b],
                passages: pair
                    .passages_a
                    .iter()
                    .map(|p| SharedPassage {
                        chars: p.chars,
                        places: [PassagePlace::of(doc_a, p.a), PassagePlace::of(doc_b, p.b)],
                    })
                    .collect(),
            });
        }
        for (idx, findings) in added.into_iter().enumerate() {
            if findings.is_empty() {
                continue;
            }
            let Some((set, _)) = rules[idx] else { continue };
            let entry = &mut reports[idx];
            let suppressions = jobs_of.get(entry.path.as_path()).map_or(&[][..], |job| &job.suppressions[..]);
            crate::engine::add_findings(&mut entry.checked, set, suppressions, findings);
            entry.passed = entry.gate.passes(&entry.checked);
        }
    }

    /// Checks every planned file.
    pub(crate) fn check_all(&mut self) -> Vec<ReportEntry> {
        self.check_range(0..self.plan.jobs.len())
    }

    /// Checks the planned files in `range` in parallel; read errors join `errors`. Reports come
    /// back in the order of the jobs (sorted by path).
    pub(crate) fn check_range(&mut self, range: Range<usize>) -> Vec<ReportEntry> {
        let jobs = &self.plan.jobs[range];
        let previous = &self.previous;
        let results = self.install(|| {
            jobs.par_iter().map(|job| check_job(job, None, previous.get(&job.path).map(|p| &**p))).collect::<Vec<_>>()
        });
        self.keep(results)
    }

    /// Checks the planned files in `range` in parallel like [`Self::check_range`], calling
    /// `done` on this thread as each file is finished (for progress on standard error).
    pub(crate) fn check_range_reporting(&mut self, range: Range<usize>, done: &mut dyn FnMut()) -> Vec<ReportEntry> {
        let jobs = &self.plan.jobs[range];
        let (sender, finished) = std::sync::mpsc::channel::<()>();
        let this = &*self;
        let previous = &self.previous;
        let results = std::thread::scope(|scope| {
            let worker = scope.spawn(move || {
                this.install(|| {
                    jobs.par_iter()
                        .map_with(sender, |sender, job| {
                            let result = check_job(job, None, previous.get(&job.path).map(|p| &**p));
                            let _ = sender.send(());
                            result
                        })
                        .collect::<Vec<_>>()
                })
            });
            // Ends when the last sender is dropped, that is when every job is done.
            for () in finished {
                done();
            }
            worker.join()
        });
        let results = match results {
            Ok(results) => results,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        self.keep(results)
    }

    /// The reports of checked jobs; the read errors join `errors`.
    fn keep(&mut self, results: Vec<Result<ReportEntry, FileError>>) -> Vec<ReportEntry> {
        let mut reports = Vec::new();
        for result in results {
            match result {
                Ok(entry) => reports.push(entry),
                Err(error) => self.errors.push(error),
            }
        }
        self.note_waivers(&reports);
        reports
    }

    /// Checks each planned job on the bytes given for it instead of a file on disk (the uploads
    /// of one `fazhi serve` request), in order, on this thread. Returns the reports with the
    /// index of the job each came from; unreadable ones join `errors`.
    #[cfg(feature = "serve")]
    pub(crate) fn check_uploads(&mut self, uploads: &[&[u8]]) -> (Vec<ReportEntry>, Vec<usize>) {
        let (mut reports, mut indices) = (Vec::new(), Vec::new());
        for (idx, (job, bytes)) in self.plan.jobs.iter().zip(uploads).enumerate() {
            match check_job(job, Some(bytes), None) {
                Ok(entry) => {
                    reports.push(entry);
                    indices.push(idx);
                }
                Err(error) => self.errors.push(error),
            }
        }
        self.note_waivers(&reports);
        (reports, indices)
    }

    fn note_waivers(&mut self, reports: &[ReportEntry]) {
        for waived in reports.iter().flat_map(|r| &r.checked.waived) {
            if let SuppressionOrigin::Config { file, index } = &waived.origin {
                self.used_suppressions.insert((file.clone(), *index));
            }
        }
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
                        "提示：{} 中第{}条 [[suppress]]（rule = \"{}\"）没有豁免任何问题，可以删除\n",
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

/// The enabled rule of kind `similar` of a rule set, if any.
fn similar_rule(set: &RuleSet) -> Option<&crate::rules::Rule> {
    set.rules.iter().find(|r| matches!(r.kind, crate::rules::kinds::Kind::Similar(_)))
}

/// Checks one job: its file on disk, or `bytes` when given (a file that is not on disk).
/// `previous`: the report of the year before it is compared with.
fn check_job(job: &Job, bytes: Option<&[u8]>, previous: Option<&Prepared>) -> Result<ReportEntry, FileError> {
    let previous = previous.map(Prepared::view);
    let checked = if job.detect.is_empty() {
        check_with(job, bytes, previous)
    } else {
        let others = job.others();
        check_choosing(&job.path, bytes, &job.options, &job.rules, &others, &job.suppressions, previous)
    };
    match checked {
        Ok(checked) => {
            let passed = job.gate.passes(&checked);
            Ok(ReportEntry { path: job.path.clone(), checked, passed, gate: job.gate })
        }
        Err(e) => Err(FileError { path: job.path.clone(), message: e.to_string() }),
    }
}

/// The issuer a report names (white space removed) and the year it reports on, when it
/// writes both.
fn issuer_and_year(document: &crate::document::Document) -> Option<(String, i32)> {
    let issuer: String = document.issuer_text()?.chars().filter(|c| !c.is_whitespace()).collect();
    let year = document.report_year?.year;
    (!issuer.is_empty()).then_some((issuer, year))
}

/// The rule set a checked report was judged by: its job's, or the pack that claimed it by its
/// title.
fn rules_of<'a>(job: &'a Job, entry: &ReportEntry) -> &'a RuleSet {
    std::iter::once(&*job.rules)
        .chain(job.detect.iter().filter(|set| set.settings().id() == entry.checked.pack).map(|set| set.rules()))
        .find(|set| set.pack.id() == entry.checked.pack)
        .unwrap_or(&job.rules)
}

/// Whether a rule set has rules of kind `previous`.
fn compares_previous(rules: &RuleSet) -> bool {
    rules.rules.iter().any(|r| matches!(r.kind, crate::rules::kinds::Kind::Previous(_)))
}

/// Checks a job whose pack is decided: its file on disk, or `bytes` when given.
fn check_with(
    job: &Job,
    bytes: Option<&[u8]>,
    previous: Option<crate::compare::PreviousReport<'_>>,
) -> Result<crate::engine::Checked, crate::source::ReadError> {
    match bytes {
        Some(bytes) => check_bytes_with(&job.path, bytes, &job.options, &job.rules, &job.suppressions),
        None => check_file_compared(&job.path, &job.options, &job.rules, &job.suppressions, previous),
    }
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

/// Drops the findings a baseline recorded and judges each report again.
/// `jobs` are the jobs the reports came from.
pub(crate) fn apply_baseline(
    reports: &mut [ReportEntry],
    baseline: &Baseline,
    file: &Path,
    jobs: &[Job],
    base: &RuleSet,
) {
    let base_dir = crate::paths::folder_of(file);
    let jobs_of: HashMap<&Path, &Job> = jobs.iter().map(|job| (job.path.as_path(), job)).collect();
    for entry in reports {
        // A report a pack claimed by its title is judged by that pack's rules.
        let rules = jobs_of.get(entry.path.as_path()).map_or(base, |job| {
            job.detect
                .iter()
                .find(|set| set.settings().id() == entry.checked.pack)
                .map_or(&*job.rules, |set| set.rules())
        });
        let key = baseline::key_path(&entry.path, &base_dir);
        entry.checked.baselined = baseline::apply(&mut entry.checked, baseline, &key, rules);
        entry.passed = entry.gate.passes(&entry.checked);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_give_one_pool_of_that_many_threads_for_the_whole_run() {
        let mut outcome = Outcome::default();
        let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds/hubin-2023.txt");
        let session = Session::prepare(&[seed], &Overrides::default(), Some(1), &mut outcome).unwrap();
        assert_eq!(session.threads(), 1);
        // A pool built per chunk would run each chunk on a new thread (with cold regex caches).
        let first = session.install(|| std::thread::current().id());
        let again = session.install(|| std::thread::current().id());
        assert_eq!(first, again);
        assert_ne!(first, std::thread::current().id(), "the work runs on the pool, not the caller's thread");
    }
}
