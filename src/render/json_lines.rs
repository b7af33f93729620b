//! json-lines: one JSON object per line, written as each report is done, for tools that stream
//! (`fazhi check --format json-lines | jq -c 'select(.severity == "error")'`). Documented in
//! docs/json-format.md.
//!
//! Every line has a `type`: `finding` (one per finding, waived ones included with a
//! `suppressed` field), `report` (one per report, after its findings: score, grade, verdict) and
//! `error` (one per file that could not be read). Lines of a report follow its findings in text
//! order; reports come sorted by path.

use serde::Serialize;

use super::json::{JsonFinding, json_finding};
use crate::engine::{Checked, WaiverSource};
use crate::finding::Finding;
use crate::finding::fingerprint;
use crate::results::{Counts, FileError, ReportEntry};

#[derive(Serialize)]
struct FindingLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    path: &'a str,
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Suppressed<'a>>,
}

#[derive(Serialize)]
struct Suppressed<'a> {
    reason: Option<&'a str>,
    by: &'static str,
}

#[derive(Serialize)]
struct ReportLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    path: &'a str,
    score: f64,
    grade: &'a str,
    passed: bool,
    #[serde(flatten)]
    counts: Counts,
    suppressed: usize,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    path: &'a str,
    message: &'a str,
}

/// Renders a run as JSON lines (each line one compact JSON object, each ending in a newline).
///
/// # Panics
/// Never in practice: every value serialised is a plain string, number or list.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError]) -> String {
    let mut out = String::new();
    for entry in reports {
        let checked = &entry.checked;
        let path = entry.path.display().to_string();
        let mut all: Vec<(&Finding, Option<Suppressed>)> = checked.findings.iter().map(|f| (f, None)).collect();
        for waived in &checked.waived {
            let by = match waived.by {
                WaiverSource::Inline => "inline",
                WaiverSource::Config => "config",
            };
            all.push((&waived.finding, Some(Suppressed { reason: waived.reason.as_deref(), by })));
        }
        all.sort_by(|(a, _), (b, _)| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
        for (finding, suppressed) in all {
            push_line(&mut out, &finding_line(checked, &path, finding, suppressed));
        }
        push_line(
            &mut out,
            &ReportLine {
                kind: "report",
                path: &path,
                score: checked.score.total,
                grade: &checked.score.grade,
                passed: entry.passed,
                counts: Counts::of(checked),
                suppressed: checked.waived.len(),
            },
        );
    }
    for error in errors {
        let path = error.path.display().to_string();
        push_line(&mut out, &ErrorLine { kind: "error", path: &path, message: &error.message });
    }
    out
}

fn finding_line<'a>(
    checked: &'a Checked,
    path: &'a str,
    finding: &'a Finding,
    suppressed: Option<Suppressed<'a>>,
) -> FindingLine<'a> {
    FindingLine {
        kind: "finding",
        path,
        finding: json_finding(checked, finding),
        fingerprint: fingerprint::of_finding(&checked.document.source, finding),
        suppressed,
    }
}

fn push_line(out: &mut String, value: &impl Serialize) {
    out.push_str(&serde_json::to_string(value).expect("a JSON line serialises"));
    out.push('\n');
}
