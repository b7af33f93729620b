//! `fazhi check`: checks the reports once and sends every requested format to its destination;
//! `--fix` fixes first, `--baseline` drops the findings a baseline recorded, `--outline` shows
//! the structure found instead (a view: it passes whatever the findings).

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::baseline::Baseline;
use crate::cli::Outcome;
use crate::cli::args::{CheckArgs, CheckFormat, ColorChoice};
use crate::cli::outputs::{Destination, deliver, refuse_inputs, refuse_previous};
use crate::cli::session::{Session, apply_baseline};
use crate::render::{checkstyle, diff, github, human, json, json_lines, junit, outline, sarif, statistics};
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::write::AtomicWriter;

/// Reports checked at a time when every output can be written report by report: a run over
/// thousands of files holds one chunk of parsed reports, not all of them.
const STREAM_CHUNK: usize = 256;

/// Runs `fazhi check` with its destinations already paired. The output for standard output
/// goes to `stdout` as the reports are checked when given, else into the outcome.
pub(crate) fn run(args: &CheckArgs, destinations: &[Destination], mut stdout: Option<&mut dyn Write>) -> Outcome {
    let mut outcome = Outcome::default();
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(e) => return Outcome::usage(&e.to_string()),
    };
    let overrides = match args.read.overrides(args.fail_on, args.min_score) {
        Ok(overrides) => overrides,
        Err(message) => return Outcome::usage(&message),
    };
    let Some(mut session) = Session::prepare(&args.paths, &overrides, args.jobs, &mut outcome) else { return outcome };
    match &args.previous {
        Some(previous) => {
            if let Err(message) = session.compare_with(previous) {
                return Outcome { stderr: outcome.stderr + &message + "\n", code: 2, ..Outcome::default() };
            }
        }
        None => session.pair_reports(),
    }
    let files = destinations.iter().filter_map(|d| d.file.as_deref());
    let files: Vec<&std::path::Path> = files.collect();
    if let Err(message) = refuse_inputs(files.iter().copied(), &session.plan.jobs)
        .and_then(|()| refuse_previous(files.iter().copied(), args.previous.as_deref()))
    {
        return Outcome { stderr: outcome.stderr + &message + "\n", code: 2, ..Outcome::default() };
    }
    if args.fix {
        fix_first(&mut session, &mut outcome);
    }
    let baseline = baseline.as_ref().zip(args.baseline.as_deref());
    let mut write_failed = false;
    let (checked_count, passed_count) = if streamable(args, destinations) {
        let mut outputs: Vec<(Encoder, Sink)> = destinations
            .iter()
            .map(|destination| {
                let stdout = if destination.file.is_none() { stdout.take() } else { None };
                let mut sink = Sink::open(destination, stdout);
                let encoder = Encoder::new(args, destination, &session.plan.base, &mut sink);
                (encoder, sink)
            })
            .collect();
        let (mut total, mut passed) = (0, 0);
        let n_jobs = session.plan.jobs.len();
        // Comparing the reports with each other needs them all before the first is written.
        let batch = session.checks_whole_run();
        let chunk = if batch { n_jobs.max(1) } else { STREAM_CHUNK };
        for start in (0..n_jobs).step_by(chunk) {
            let range = start..(start + chunk).min(n_jobs);
            let mut reports = session.check_range(range.clone());
            if batch {
                session.compare_in_run(&mut reports);
            }
            if let Some((baseline, file)) = baseline {
                apply_baseline(&mut reports, baseline, file, &session.plan.jobs[range], &session.plan.base);
            }
            for (encoder, sink) in &mut outputs {
                encoder.reports(&reports, &session, sink);
            }
            total += reports.len();
            passed += reports.iter().filter(|r| r.passed).count();
        }
        session.sort_errors();
        for (encoder, mut sink) in outputs {
            encoder.finish(&session, total, passed, &mut sink);
            write_failed |= !sink.close(&mut outcome);
        }
        (total, passed)
    } else {
        let mut reports = session.check_all();
        if session.checks_whole_run() {
            session.compare_in_run(&mut reports);
        }
        if let Some((baseline, file)) = baseline {
            apply_baseline(&mut reports, baseline, file, &session.plan.jobs, &session.plan.base);
        }
        session.sort_errors();
        if args.outline {
            outcome.stdout.push_str(&outline::render(&reports, &session.errors));
        } else {
            let run = Run {
                reports: &reports,
                errors: &session.errors,
                rules: &session.plan.base,
                comparisons: &session.comparisons,
            };
            for destination in destinations {
                let text = session.install(|| render(args, destination, &run));
                write_failed |= !deliver(&mut outcome, destination, &text);
            }
        }
        (reports.len(), reports.iter().filter(|r| r.passed).count())
    };
    outcome.stderr.push_str(&session.unused_suppressions());
    // Unreadable files are listed in the human output; when it is not on the terminal, say so here.
    if !args.outline && !destinations.iter().any(|d| d.format == CheckFormat::Human && d.file.is_none()) {
        outcome.stderr.push_str(&session.unreadable("无法检查"));
    }
    // The outline is a view, not a check: only a file it could not read fails it.
    let any_failed = !args.outline && passed_count < checked_count;
    outcome.code = if write_failed { 2 } else { session.exit_code(any_failed) };
    outcome
}

/// `--fix`: writes the safe edits into each .txt/.md report before it is checked. A report in a
/// format `--fix` does not edit is only checked, and one note names such reports; a report that
/// cannot be fixed (read-only, unreadable, not encodable) is an error of the run and is not
/// checked, so no file is both checked and listed as unreadable.
fn fix_first(session: &mut Session, outcome: &mut Outcome) {
    let mut not_editable = Vec::new();
    let mut failed = HashSet::new();
    for job in &session.plan.jobs {
        if crate::fix::check_writable(&job.path).is_err() {
            not_editable.push(job.path.display().to_string());
            continue;
        }
        match crate::fix::fix_file(&job.path, &job.options, &job.rules, &job.others(), true) {
            Ok(result) if result.written => outcome.stderr.push_str(&diff::render(&result, false)),
            Ok(_) => {}
            Err(message) => {
                failed.insert(job.path.clone());
                session.errors.push(FileError { path: job.path.clone(), message: format!("无法修改：{message}") });
            }
        }
    }
    session.plan.jobs.retain(|job| !failed.contains(&job.path));
    if !not_editable.is_empty() {
        outcome.stderr.push_str(&format!(
            "提示：--fix 只修改 .txt 和 .md 报告，{} 只检查、未修改（Word 文件可用 fazhi fix 生成带修订的副本）\n",
            not_editable.join("、")
        ));
    }
}

/// Whether every destination can be written chunk by chunk (human, json-lines, JSON and SARIF
/// can; the others need totals first or all findings of a rule together).
fn streamable(args: &CheckArgs, destinations: &[Destination]) -> bool {
    !args.outline
        && !args.statistics
        && destinations.iter().all(|d| {
            matches!(d.format, CheckFormat::Human | CheckFormat::JsonLines | CheckFormat::Json | CheckFormat::Sarif)
        })
}

/// Where one destination's text goes as a run writes it chunk by chunk.
enum Sink<'a> {
    /// Standard output, as it goes (the binary).
    Stdout(&'a mut dyn Write),
    /// Standard output collected into the outcome (`cli::run`, tests).
    Collected(Vec<u8>),
    /// A file, replaced whole when the run ends; `None` once writing it failed (the reason is
    /// kept for standard error).
    File { path: PathBuf, writer: Option<AtomicWriter>, error: Option<String> },
}

impl<'a> Sink<'a> {
    fn open(destination: &Destination, stdout: Option<&'a mut dyn Write>) -> Self {
        match (&destination.file, stdout) {
            (Some(path), _) => match AtomicWriter::create(path) {
                Ok(writer) => Self::File { path: path.clone(), writer: Some(writer), error: None },
                Err(e) => Self::File { path: path.clone(), writer: None, error: Some(e.to_string()) },
            },
            (None, Some(stdout)) => Self::Stdout(stdout),
            (None, None) => Self::Collected(Vec::new()),
        }
    }

    fn write(&mut self, text: &str) {
        if let Some(out) = self.writer() {
            let result = out.write_all(text.as_bytes());
            self.check(result);
        }
    }

    /// What to write to: the destination, or nothing once it failed.
    fn writer(&mut self) -> Option<&mut dyn Write> {
        match self {
            Self::Stdout(out) => Some(*out),
            Self::Collected(text) => Some(text),
            Self::File { writer, .. } => writer.as_mut().map(|w| w as &mut dyn Write),
        }
    }

    /// Keeps the first failure of a file (a closed standard output is not worth a message).
    fn check(&mut self, result: std::io::Result<()>) {
        if let (Err(e), Self::File { writer, error, .. }) = (result, self) {
            if error.is_none() {
                *error = Some(e.to_string());
            }
            *writer = None;
        }
    }

    /// Ends the output: a file is put in place, collected text joins the outcome. False when the
    /// file could not be written (the reason is on standard error).
    fn close(self, outcome: &mut Outcome) -> bool {
        match self {
            Self::Stdout(out) => {
                let _ = out.flush();
                true
            }
            Self::Collected(bytes) => {
                outcome.stdout.push_str(&String::from_utf8_lossy(&bytes));
                true
            }
            Self::File { path, writer, error } => {
                let error = error.or_else(|| writer.and_then(|w| w.commit().err()).map(|e| e.to_string()));
                match error {
                    Some(e) => {
                        outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", path.display()));
                        false
                    }
                    None => true,
                }
            }
        }
    }
}

/// How one destination's format is written chunk by chunk.
enum Encoder {
    Human(human::HumanOptions),
    JsonLines,
    Json(json::Stream),
    /// SARIF keeps its results in a temporary file until the unreadable files are known.
    Sarif(Option<sarif::Stream<std::fs::File>>),
}

impl Encoder {
    /// The encoder, with the start of the document written to `sink`.
    fn new(args: &CheckArgs, destination: &Destination, rules: &RuleSet, sink: &mut Sink) -> Self {
        match destination.format {
            CheckFormat::JsonLines => Self::JsonLines,
            CheckFormat::Json => {
                let (stream, head) = json::Stream::start(rules);
                sink.write(&head);
                Self::Json(stream)
            }
            CheckFormat::Sarif => match tempfile::tempfile() {
                Ok(spill) => Self::Sarif(Some(sarif::Stream::new(spill))),
                Err(e) => {
                    sink.check(Err(e));
                    Self::Sarif(None)
                }
            },
            _ => Self::Human(human_options(args, destination)),
        }
    }

    fn reports(&mut self, reports: &[ReportEntry], session: &Session, sink: &mut Sink) {
        match self {
            Self::Human(options) => {
                let options = *options;
                sink.write(&session.install(|| human::render_reports(reports, options)));
            }
            Self::JsonLines => sink.write(&json_lines::render(reports, &[])),
            Self::Json(stream) => sink.write(&stream.reports(reports, &session.plan.base)),
            Self::Sarif(stream) => {
                if let Some(Err(e)) = stream.as_mut().map(|s| s.reports(reports, &session.plan.base)) {
                    sink.check(Err(e));
                    *stream = None;
                }
            }
        }
    }

    fn finish(self, session: &Session, total: usize, passed: usize, sink: &mut Sink) {
        match self {
            Self::Human(_) => sink.write(&human::render_tail(&session.errors, total, passed)),
            Self::JsonLines => sink.write(&json_lines::render(&[], &session.errors)),
            Self::Json(stream) => sink.write(&stream.finish(&session.errors, None, &session.comparisons)),
            Self::Sarif(Some(stream)) => {
                if let Some(out) = sink.writer() {
                    let result = stream.finish(&session.plan.base, &session.errors, out);
                    sink.check(result);
                }
            }
            Self::Sarif(None) => {}
        }
    }
}

/// What one pass of `check` produced, for rendering in every requested format.
struct Run<'a> {
    reports: &'a [ReportEntry],
    errors: &'a [FileError],
    rules: &'a RuleSet,
    comparisons: &'a [crate::compare::batch::Comparison],
}

/// How to print the human format to `destination`. Colours: on standard output when it is a
/// terminal and `NO_COLOR` is unset or empty (`--color auto`), in a file only with `--color always`.
fn human_options(args: &CheckArgs, destination: &Destination) -> human::HumanOptions {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            destination.file.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    human::HumanOptions { color, quiet: args.quiet }
}

/// One destination's text.
fn render(args: &CheckArgs, destination: &Destination, run: &Run) -> String {
    let counts = || statistics::count(run.reports, run.rules);
    let comparisons = run.comparisons;
    match destination.format {
        CheckFormat::Human if args.statistics => statistics::render_table(&counts()),
        CheckFormat::Human => human::render(run.reports, run.errors, human_options(args, destination)),
        CheckFormat::Json => {
            json::render_with_statistics(run.reports, run.errors, run.rules, args.statistics.then(counts), comparisons)
        }
        CheckFormat::JsonLines => json_lines::render(run.reports, run.errors),
        CheckFormat::Sarif => sarif::render(run.reports, run.errors, run.rules),
        CheckFormat::Junit => junit::render(run.reports, run.errors, run.rules),
        CheckFormat::Github => github::render(run.reports, run.errors, run.rules),
        CheckFormat::Checkstyle => checkstyle::render(run.reports, run.errors),
    }
}
