//! The JUnit XML format, read by GitLab (`artifacts:reports:junit`), Jenkins and most CI servers:
//! one `<testsuite>` per report (named by its path), one `<testcase>` per rule that ran
//! (classname the rule's category, name its id) and one for the score.
//!
//! A rule's testcase fails when it found something at the gate's level (`--fail-on`) or above,
//! and the `<failure>` lists each finding as `line:column [severity] message`; findings below
//! the gate are listed in `<system-out>` and do not fail it. So the failures are exactly what
//! failed the gate, and the counts agree with the exit code. Waived findings are left out. A file
//! that could not be read is a suite with one errored testcase. No timestamps or durations are
//! written, so two runs give the same bytes.

use std::fmt::Write as _;

use super::xml::{escape, escape_text};
use crate::engine::Gate;
use crate::finding::{Finding, Severity};
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;

/// Renders a run as a JUnit XML document.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet) -> String {
    let mut suites = String::new();
    let (mut n_tests, mut n_failures) = (0, 0);
    for entry in reports {
        let (suite, tests, failures) = suite(entry, rules);
        suites.push_str(&suite);
        n_tests += tests;
        n_failures += failures;
    }
    for error in errors {
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
             <testcase classname=\"fazhi\" name=\"read\">\n      <error type=\"read\" message=\"{}\"/>\n    \
             </testcase>\n  </testsuite>",
            escape(&error.path.display().to_string()),
            escape(&format!("无法检查：{}", error.message))
        );
        n_tests += 1;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fazhi\" tests=\"{n_tests}\" failures=\"{n_failures}\" \
         errors=\"{}\">\n{suites}</testsuites>\n",
        errors.len()
    )
}

/// One report's suite, with its numbers of testcases and failures.
fn suite(entry: &ReportEntry, rules: &RuleSet) -> (String, usize, usize) {
    let gate = &entry.gate;
    let checked = &entry.checked;
    let mut cases = String::new();
    let mut failures = 0;
    for rule in &rules.rules {
        let found: Vec<&Finding> = checked.findings.iter().filter(|f| f.rule == rule.id).collect();
        let (failing, passing): (Vec<&Finding>, Vec<&Finding>) =
            found.into_iter().partition(|f| fails(gate, f.severity));
        let _ = write!(cases, "    <testcase classname=\"{}\" name=\"{}\"", escape(&rule.category), escape(&rule.id));
        if failing.is_empty() && passing.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
        if !failing.is_empty() {
            failures += 1;
            let worst = failing.iter().map(|f| f.severity).max().unwrap_or(rule.severity);
            let _ = writeln!(
                cases,
                "      <failure type=\"{worst}\" message=\"{}\">{}</failure>",
                escape(&format!("{}：{}处", rule.name, failing.len())),
                escape_text(&lines(entry, &failing))
            );
        }
        if !passing.is_empty() {
            let _ = writeln!(cases, "      <system-out>{}</system-out>", escape_text(&lines(entry, &passing)));
        }
        cases.push_str("    </testcase>\n");
    }
    let score = checked.score.total;
    let _ = write!(cases, "    <testcase classname=\"score\" name=\"score\"");
    let summary = format!("得分{score:.1}（{}）", checked.score.grade);
    match gate.min_score.filter(|min| score < *min) {
        Some(min) => {
            failures += 1;
            let _ = writeln!(
                cases,
                ">\n      <failure type=\"score\" message=\"{}\"/>\n    </testcase>",
                escape(&format!("{summary}，低于 --min-score {min}"))
            );
        }
        None => {
            let _ = writeln!(cases, ">\n      <system-out>{}</system-out>\n    </testcase>", escape(&summary));
        }
    }
    let tests = rules.rules.len() + 1;
    let suite = format!(
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n    \
         <properties>\n      <property name=\"score\" value=\"{score:.1}\"/>\n      \
         <property name=\"grade\" value=\"{}\"/>\n      <property name=\"passed\" value=\"{}\"/>\n    </properties>\n\
         {cases}  </testsuite>\n",
        escape(&entry.path.display().to_string()),
        escape(&checked.score.grade),
        entry.passed
    );
    (suite, tests, failures)
}

/// The findings as `line:column [severity] message`, one per line.
fn lines(entry: &ReportEntry, findings: &[&Finding]) -> String {
    let source = &entry.checked.document.source;
    let mut out = String::new();
    for finding in findings {
        let start = source.position(finding.span.start);
        let _ = write!(out, "{}:{} [{}] {}", start.line, start.column, finding.severity, finding.message);
        if let Some(place) = source.origin.place_at(finding.span.start) {
            let _ = write!(out, "（{place}）");
        }
        out.push('\n');
    }
    out
}

/// Whether a finding of this severity fails the gate.
fn fails(gate: &Gate, severity: Severity) -> bool {
    gate.fail_on.is_some_and(|level| severity >= level)
}
