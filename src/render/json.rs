//! The JSON wire format, version 3 (documented in docs/json-format.md).

use serde::Serialize;
use serde::ser::SerializeMap;

use super::element::status_key;
use super::element_line;
use super::statistics::RuleCount;
use crate::compare::batch::{Comparison, PassagePlace};
use crate::engine::{Checked, WaiverSource};
use crate::finding::Finding;
use crate::pack::PackId;
use crate::results::{Counts, FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::rules::elements::ElementStatus;
use crate::score::{AppliedCap, GroupScore};

/// Version of the wire format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 3;

/// The whole document as one value: what the pieces of [`Stream`] must add up to.
#[cfg(test)]
#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    rule_pack: Pack<'a>,
    reports: Vec<JsonReport<'a>>,
    errors: Vec<JsonError>,
    comparisons: Vec<JsonComparison<'a>>,
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

/// A pair of near-copies of the batch (`comparisons`).
#[derive(Serialize)]
struct JsonComparison<'a> {
    files: [&'a str; 2],
    issuers: [Option<&'a str>; 2],
    report_years: [Option<i32>; 2],
    shares: [f64; 2],
    passages: Vec<JsonPassage<'a>>,
}

#[derive(Serialize)]
struct JsonPassage<'a> {
    chars: usize,
    a: JsonPlace<'a>,
    b: JsonPlace<'a>,
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    line: usize,
    end_line: usize,
    offset: usize,
    length: usize,
    text: &'a str,
}

fn json_comparison<'a>(c: &'a Comparison) -> JsonComparison<'a> {
    let place = |p: &'a PassagePlace| JsonPlace {
        line: p.lines.0,
        end_line: p.lines.1,
        offset: p.span.start,
        length: p.span.len(),
        text: &p.text,
    };
    JsonComparison {
        files: [&c.files[0], &c.files[1]],
        issuers: [c.issuers[0].as_deref(), c.issuers[1].as_deref()],
        report_years: c.years,
        shares: [round(c.shares[0]), round(c.shares[1])],
        passages: c
            .passages
            .iter()
            .map(|p| JsonPassage { chars: p.chars, a: place(&p.places[0]), b: place(&p.places[1]) })
            .collect(),
    }
}

/// A share with three decimals, as the figures of a report are written.
fn round(share: f64) -> f64 {
    (share * 1000.0).round() / 1000.0
}

/// Renders a run as the JSON document (pretty-printed, one trailing newline).
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet) -> String {
    render_with_statistics(reports, errors, rules, None, &[])
}

/// Renders a run as the JSON document with a top-level `statistics` list (`--statistics`): one
/// entry per rule that fired, as [`super::statistics::count`] gives them.
#[must_use]
pub fn render_with_statistics(
    reports: &[ReportEntry],
    errors: &[FileError],
    rules: &RuleSet,
    statistics: Option<Vec<RuleCount>>,
    comparisons: &[Comparison],
) -> String {
    let (mut stream, mut text) = Stream::start(rules);
    text.push_str(&stream.reports(reports, rules));
    text.push_str(&stream.finish(errors, statistics, comparisons));
    text
}

/// The JSON document in pieces, for a run that writes its reports as it checks them instead of
/// holding them all: [`Stream::start`], then [`Stream::reports`] for each batch, then
/// [`Stream::finish`]. The pieces joined are the bytes `serde_json`'s pretty printer gives for
/// the whole document.
#[derive(Debug)]
pub struct Stream {
    reports: usize,
}

impl Stream {
    /// The document up to its first report.
    ///
    /// # Panics
    /// Never in practice: every value serialised is a plain string, number or list.
    #[must_use]
    pub fn start(rules: &RuleSet) -> (Self, String) {
        #[derive(Serialize)]
        struct Head<'a> {
            version: u32,
            tool: Tool,
            rule_pack: Pack<'a>,
        }
        let head = Head {
            version: FORMAT_VERSION,
            tool: Tool { name: "fazhi", version: env!("CARGO_PKG_VERSION") },
            rule_pack: Pack { name: &rules.pack.name, version: &rules.pack.version },
        };
        let mut text = serde_json::to_string_pretty(&head).expect("JSON output serialises");
        // The head is an object of plain members: its last line is the closing brace.
        text.truncate(text.len() - "\n}".len());
        text.push_str(",\n  \"reports\": [");
        (Self { reports: 0 }, text)
    }

    /// The next reports of the list.
    ///
    /// # Panics
    /// Never in practice: every value serialised is a plain string, number or list.
    #[must_use]
    pub fn reports(&mut self, reports: &[ReportEntry], rules: &RuleSet) -> String {
        let run_pack = rules.pack.id();
        let mut text = String::new();
        for entry in reports {
            text.push_str(if self.reports == 0 { "\n" } else { ",\n" });
            let value = serde_json::to_string_pretty(&report(entry, &run_pack)).expect("JSON output serialises");
            push_indented(&mut text, &value, "    ");
            self.reports += 1;
        }
        text
    }

    /// The end of the document: the files that could not be read, the near-copies the batch
    /// comparison found, and `statistics` when given.
    ///
    /// # Panics
    /// Never in practice: every value serialised is a plain string, number or list.
    #[must_use]
    pub fn finish(
        self,
        errors: &[FileError],
        statistics: Option<Vec<RuleCount>>,
        comparisons: &[Comparison],
    ) -> String {
        let mut text = String::from(if self.reports == 0 { "]" } else { "\n  ]" });
        let errors: Vec<JsonError> = errors
            .iter()
            .map(|e| JsonError { path: e.path.display().to_string(), message: e.message.clone() })
            .collect();
        text.push_str(",\n  \"errors\": ");
        let value = serde_json::to_string_pretty(&errors).expect("JSON output serialises");
        push_indented(&mut text, value.trim_start(), "  ");
        text.push_str(",\n  \"comparisons\": ");
        let comparisons: Vec<JsonComparison> = comparisons.iter().map(json_comparison).collect();
        let value = serde_json::to_string_pretty(&comparisons).expect("JSON output serialises");
        push_indented(&mut text, value.trim_start(), "  ");
        if let Some(statistics) = statistics {
            text.push_str(",\n  \"statistics\": ");
            let value = serde_json::to_string_pretty(&statistics).expect("JSON output serialises");
            push_indented(&mut text, value.trim_start(), "  ");
        }
        text.push_str("\n}\n");
        text
    }
}

/// Appends a pretty-printed value one level deeper: `indent` after every line break (each line
/// break of `serde_json`'s pretty output is between tokens; those in strings are escaped). The
/// first line gets it too unless the value continues a line (`"key": {`).
fn push_indented(out: &mut String, value: &str, indent: &str) {
    if out.ends_with('\n') {
        out.push_str(indent);
    }
    for (idx, line) in value.split('\n').enumerate() {
        if idx > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(line);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as `serde_json` prints it whole, the way fazhi printed it before it wrote
    /// reports as it checked them.
    fn whole(
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
            comparisons: Vec::new(),
            statistics,
        };
        let mut text = serde_json::to_string_pretty(&output).unwrap();
        text.push('\n');
        text
    }

    #[test]
    fn the_pieces_are_the_whole_document() {
        let (rules, _) = RuleSet::builtin();
        let reports = crate::render::checked_seeds(&rules);
        let errors = [
            FileError { path: "坏.txt".into(), message: "无法读取\n第二行".to_string() },
            FileError { path: "b.docx".into(), message: "不是 Word 文件".to_string() },
        ];
        for (n, errors, statistics) in [
            (0, &errors[..0], false),
            (0, &errors[..], true),
            (1, &errors[..1], false),
            (reports.len(), &errors[..], true),
        ] {
            let stats = || statistics.then(|| super::super::statistics::count(&reports[..n], &rules));
            let expected = whole(&reports[..n], errors, &rules, stats());
            assert_eq!(render_with_statistics(&reports[..n], errors, &rules, stats(), &[]), expected);
            // In batches of two, as a run writes them.
            let (mut stream, mut text) = Stream::start(&rules);
            for batch in reports[..n].chunks(2) {
                text.push_str(&stream.reports(batch, &rules));
            }
            text.push_str(&stream.finish(errors, stats(), &[]));
            assert_eq!(text, expected);
        }
    }
}
