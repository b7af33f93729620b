//! The JSON wire format, version 1 (documented in docs/json-format.md).

use serde::Serialize;
use serde::ser::SerializeMap;

use super::element::status_key;
use super::element_line;
use super::statistics::RuleCount;
use crate::engine::{Checked, WaiverSource};
use crate::finding::Finding;
use crate::pack::PackId;
use crate::results::{Counts, FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::rules::elements::ElementStatus;
use crate::score::{AppliedCap, GroupScore};

/// Version of the wire format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    rule_pack: Pack<'a>,
    reports: Vec<JsonReport<'a>>,
    errors: Vec<JsonError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Vec<RuleCount>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Pack<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    path: String,
    /// Only when a configuration gave this report another pack than the run's.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_pack: Option<Pack<'a>>,
    title: Option<String>,
    issuer: Option<String>,
    report_year: Option<i32>,
    encoding: &'static str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    score: f64,
    grade: &'a str,
    grade_by_score: &'a str,
    grade_caps: &'a [AppliedCap],
    passed: bool,
    score_breakdown: &'a [GroupScore],
    elements: Elements<'a>,
    findings: Vec<JsonFinding<'a>>,
    stats: Stats,
}

#[derive(Serialize)]
struct Stats {
    chars: usize,
    language_errors: usize,
    error_rate: f64,
    #[serde(flatten)]
    counts: Counts,
    suppressed: usize,
    baseline: usize,
}

struct Elements<'a>(&'a Checked);

#[derive(Serialize)]
struct JsonElement<'a> {
    status: &'static str,
    label: &'a str,
    heading: Option<&'a str>,
    line: Option<usize>,
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
}

impl Serialize for Elements<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let checked = self.0;
        let doc = &checked.document;
        let mut map = serializer.serialize_map(Some(checked.elements.list.len()))?;
        for element in &checked.elements.list {
            let heading = element.heading.map(|h| doc.heading_full(h));
            let text = match element.status {
                ElementStatus::Embedded | ElementStatus::Present | ElementStatus::Weak => {
                    element.evidence.map(|s| doc.text(s))
                }
                _ => None,
            };
            let value = JsonElement {
                status: status_key(element.status),
                label: &element.label,
                heading,
                line: element_line(checked, element),
                text,
                year: element.year,
            };
            map.serialize_entry(&element.key, &value)?;
        }
        map.end()
    }
}

/// A finding as the JSON format writes it (also each line of json-lines).
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    text: &'a str,
    suggestion: Option<&'a str>,
    element: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppressed<'a>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    reason: Option<&'a str>,
    by: &'static str,
}

#[derive(Serialize)]
struct JsonError {
    path: String,
    message: String,
}

/// Renders a run as the JSON document (pretty-printed, one trailing newline).
///
/// # Panics
/// Never in practice: every value serialised is a plain string, number or list.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet) -> String {
    render_with_statistics(reports, errors, rules, None)
}

/// Renders a run as the JSON document with a top-level `statistics` list (`--statistics`): one
/// entry per rule that fired, as [`super::statistics::count`] gives them.
///
/// # Panics
/// Never in practice: every value serialised is a plain string, number or list.
#[must_use]
pub fn render_with_statistics(
    reports: &[ReportEntry],
    errors: &[FileError],
    rules: &RuleSet,
    statistics: Option<Vec<RuleCount>>,
) -> String {
    let output = Output {
        version: FORMAT_VERSION,
        tool: Tool { name: "fazhi", version: env!("CARGO_PKG_VERSION") },
        rule_pack: Pack { name: &rules.pack.name, version: &rules.pack.version },
        reports: reports.iter().map(|entry| report(entry, &rules.pack.id())).collect(),
        errors: errors
            .iter()
            .map(|e| JsonError { path: e.path.display().to_string(), message: e.message.clone() })
            .collect(),
        statistics,
    };
    let mut text = serde_json::to_string_pretty(&output).expect("JSON output serialises");
    text.push('\n');
    text
}

/// The JSON form of one finding of a checked report.
pub(crate) fn json_finding<'a>(checked: &'a Checked, f: &'a Finding) -> JsonFinding<'a> {
    let source = &checked.document.source;
    let start = source.position(f.span.start);
    let end = source.position(f.span.end);
    JsonFinding {
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        help: &f.help,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: f.span.start,
        length: f.span.len(),
        text: source.slice(f.span),
        suggestion: f.suggestion.as_deref(),
        element: checked.elements.at(f.span.start).map(|e| e.key.as_str()),
        place: source.origin.place_at(f.span.start).map(|p| p.to_string()),
        suppressed: None,
    }
}

fn report<'a>(entry: &'a ReportEntry, run_pack: &PackId) -> JsonReport<'a> {
    let checked = &entry.checked;
    let doc = &checked.document;
    let source = &doc.source;
    let waived = checked.waived.iter().map(|w| {
        let by = match w.by {
            WaiverSource::Inline => "inline",
            WaiverSource::Config => "config",
        };
        (&w.finding, Some(JsonSuppressed { reason: w.reason.as_deref(), by }))
    });
    let mut all: Vec<_> = checked.findings.iter().map(|f| (f, None)).chain(waived).collect();
    all.sort_by_key(|(f, _)| (f.span.start, f.span.end));
    let findings =
        all.into_iter().map(|(f, suppressed)| JsonFinding { suppressed, ..json_finding(checked, f) }).collect();
    let pack = &checked.pack;
    JsonReport {
        path: entry.path.display().to_string(),
        rule_pack: (pack != run_pack).then_some(Pack { name: &pack.name, version: &pack.version }),
        title: doc.title_text(),
        issuer: doc.issuer_text(),
        report_year: doc.report_year.map(|y| y.year),
        encoding: source.encoding,
        format: source.origin.format.as_str(),
        published: source.origin.published.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        notes: &source.origin.notes,
        score: checked.score.total,
        grade: &checked.score.grade,
        grade_by_score: &checked.score.grade_by_score,
        grade_caps: &checked.score.caps,
        passed: entry.passed,
        score_breakdown: &checked.score.groups,
        elements: Elements(checked),
        findings,
        stats: Stats {
            chars: source.char_count(),
            language_errors: checked.score.language_errors,
            error_rate: (checked.score.error_rate() * 100.0).round() / 100.0,
            counts: Counts::of(checked),
            suppressed: checked.waived.len(),
            baseline: checked.baselined,
        },
    }
}
