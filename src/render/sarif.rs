//! SARIF 2.1.0, the format GitHub code scanning and most review tools read: one run with the
//! rules of the set (name, help, help URI, default level) and one result per finding.
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), the unit of every
//! fazhi output; `endColumn` is exclusive as SARIF defines it. Each result carries a
//! location-independent fingerprint (`partialFingerprints["fazhi/v1"]`, see
//! [`crate::finding::fingerprint`]). Waived findings are results with a `suppressions` entry. Files that
//! could not be read are `toolExecutionNotifications` and make `executionSuccessful` false.
//! Nothing depends on the clock, so two runs give the same bytes.

use std::path::Path;

use serde::Serialize;

use crate::engine::WaiverSource;
use crate::finding::fingerprint;
use crate::finding::{Finding, Severity};
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::source::Place;

/// The schema the output declares: the OASIS text of SARIF 2.1.0 with its errata.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where a rule's documentation lives: the catalogue `rules/README.md` in the repository, with
/// an anchor per rule id (`…/rules/README.md#structure/causes`). `None` when the package names
/// no repository.
#[must_use]
pub fn help_uri(rule_id: &str) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY");
    (!repository.is_empty()).then(|| format!("{repository}/blob/main/rules/README.md#{}", encode_uri(rule_id)))
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    help: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: [&'a str; 1],
    weight: f64,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

/// What a result of a report checked with another pack than the run's says about it: the
/// run's rules (`tool.driver.rules`) are not that pack's, so the result names its pack and
/// has no `ruleIndex`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    rule_pack: &'a str,
    rule_pack_version: &'a str,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "fazhi/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Suppression {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
struct LogicalLocation {
    name: String,
    kind: &'static str,
}

/// Renders a run as a SARIF 2.1.0 log (pretty-printed, one trailing newline).
///
/// # Panics
/// Never in practice: every value serialised is a plain string, number or list.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet) -> String {
    let results = reports.iter().flat_map(|entry| results_of(entry, rules)).collect();
    let mut text = serde_json::to_string_pretty(&log(rules, errors, results)).expect("SARIF output serialises");
    text.push('\n');
    text
}

/// The log with these results; the rules of the set and the files that could not be read.
fn log<'a>(rules: &'a RuleSet, errors: &[FileError], results: Vec<SarifResult<'a>>) -> Log<'a> {
    let descriptors = rules
        .rules
        .iter()
        .map(|rule| RuleDescriptor {
            id: &rule.id,
            short_description: Text { text: rule.name.clone() },
            full_description: Text { text: rule.description.trim().to_string() },
            help: Text { text: format!("{}\n\n{}", rule.help_alone().trim(), rule.description.trim()) },
            help_uri: help_uri(&rule.id),
            default_configuration: Configuration { level: level(rule.severity) },
            properties: RuleProperties { tags: [&rule.category], weight: rule.weight },
        })
        .collect();
    let notifications = errors
        .iter()
        .map(|error| Notification {
            level: "error",
            message: Text { text: format!("无法检查：{}", error.message) },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: path_uri(&error.path) },
                    region: None,
                },
                logical_locations: Vec::new(),
            }],
        })
        .collect();
    let repository = env!("CARGO_PKG_REPOSITORY");
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "fazhi",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: (!repository.is_empty()).then_some(repository),
                    rules: descriptors,
                },
            },
            invocations: [Invocation {
                execution_successful: errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// One report's results in text order, waived findings among them with their suppression.
fn results_of<'a>(entry: &'a ReportEntry, rules: &RuleSet) -> Vec<SarifResult<'a>> {
    let checked = &entry.checked;
    let mut all: Vec<(&Finding, Option<Suppression>)> = checked.findings.iter().map(|f| (f, None)).collect();
    for waived in &checked.waived {
        let kind = match waived.by {
            WaiverSource::Inline => "inSource",
            WaiverSource::Config => "external",
        };
        all.push((&waived.finding, Some(Suppression { kind, justification: waived.reason.clone() })));
    }
    all.sort_by(|(a, _), (b, _)| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
    all.into_iter().map(|(finding, suppression)| result(entry, rules, finding, suppression)).collect()
}

/// The results of a run as its reports are checked, kept in `spill` (a temporary file in a run
/// of the command line) because SARIF puts the unreadable files, known only at the end, before
/// the results; [`Stream::finish`] writes the log around them: the same bytes as [`render`].
#[derive(Debug)]
pub struct Stream<W> {
    spill: W,
    results: usize,
}

/// Indent of a result in the log (`runs[0].results[i]`).
const RESULT_INDENT: &str = "        ";

impl<W: std::io::Read + std::io::Write + std::io::Seek> Stream<W> {
    /// A stream keeping the results in `spill` (empty, read and written from its start).
    pub fn new(spill: W) -> Self {
        Self { spill, results: 0 }
    }

    /// Adds the results of these reports.
    ///
    /// # Errors
    /// Writing to the spill failed.
    ///
    /// # Panics
    /// Never in practice: every value serialised is a plain string, number or list.
    pub fn reports(&mut self, reports: &[ReportEntry], rules: &RuleSet) -> std::io::Result<()> {
        let mut text = String::new();
        for result in reports.iter().flat_map(|entry| results_of(entry, rules)) {
            text.push_str(if self.results == 0 { "\n" } else { ",\n" });
            text.push_str(RESULT_INDENT);
            let value = serde_json::to_string_pretty(&result).expect("SARIF output serialises");
            text.push_str(&value.replace('\n', &format!("\n{RESULT_INDENT}")));
            self.results += 1;
        }
        self.spill.write_all(text.as_bytes())
    }

    /// Writes the whole log to `out`: the rules, the unreadable files, then the results.
    ///
    /// # Errors
    /// Reading the spill or writing `out` failed.
    ///
    /// # Panics
    /// Never in practice: every value serialised is a plain string, number or list.
    pub fn finish(
        mut self,
        rules: &RuleSet,
        errors: &[FileError],
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let empty = serde_json::to_string_pretty(&log(rules, errors, Vec::new())).expect("SARIF output serialises");
        // The log ends with its empty results list, then the run, the runs and the log close.
        let tail = "[]\n    }\n  ]\n}";
        let head = empty.strip_suffix(tail).expect("the results close the log");
        out.write_all(head.as_bytes())?;
        out.write_all(b"[")?;
        self.spill.flush()?;
        self.spill.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut self.spill, out)?;
        out.write_all(if self.results == 0 { b"]" } else { b"\n      ]" })?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

fn result<'a>(
    entry: &'a ReportEntry,
    rules: &RuleSet,
    finding: &'a Finding,
    suppression: Option<Suppression>,
) -> SarifResult<'a> {
    let source = &entry.checked.document.source;
    let start = source.position(finding.span.start);
    let end = source.position(finding.span.end);
    let place = source.origin.place_at(finding.span.start);
    let message = match place {
        Some(place) => format!("{}（{place}）", finding.message),
        None => finding.message.clone(),
    };
    let logical_locations = place
        .map(|place| {
            let kind = match place {
                Place::Paragraph(_) => "paragraph",
                Place::Cell { .. } => "tableCell",
                Place::Page(_) => "page",
            };
            LogicalLocation { name: place.to_string(), kind }
        })
        .into_iter()
        .collect();
    let snippet = (!finding.span.is_empty()).then(|| Text { text: source.slice(finding.span).to_string() });
    let pack = &entry.checked.pack;
    let own_pack = pack.name == rules.pack.name && pack.version == rules.pack.version;
    SarifResult {
        rule_id: &finding.rule,
        rule_index: if own_pack { rules.rules.iter().position(|r| r.id == finding.rule) } else { None },
        level: level(finding.severity),
        message: Text { text: message },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: path_uri(&entry.path) },
                region: Some(Region {
                    start_line: start.line,
                    start_column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    snippet,
                }),
            },
            logical_locations,
        }],
        partial_fingerprints: Fingerprints { v1: fingerprint::of_finding(source, finding) },
        suppressions: suppression.into_iter().collect(),
        properties: (!own_pack).then(|| ResultProperties { rule_pack: &pack.name, rule_pack_version: &pack.version }),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: relative paths stay relative (GitHub resolves them against the
/// repository root), with `/` separators and no leading `./`; absolute paths become `file://`
/// URIs. Everything but unreserved characters and `/` is percent-encoded, so Chinese file names
/// are valid URIs.
#[must_use]
pub fn path_uri(path: &Path) -> String {
    let text = artifact_path(path);
    if path.is_absolute() {
        let absolute = if text.starts_with('/') { encode_uri(&text) } else { format!("/{}", encode_uri(&text)) };
        format!("file://{absolute}")
    } else {
        encode_uri(&text)
    }
}

/// The path a finding is located in for code hosts, before URI encoding: `/` separators and no
/// leading `./`. SARIF's `artifactLocation` and the GitHub annotations' `file=` are both this, so
/// GitHub puts an annotation and a code-scanning alert on the same file.
#[must_use]
pub fn artifact_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut relative = text.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest.trim_start_matches('/');
    }
    relative.to_string()
}

fn encode_uri(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            path_uri(Path::new("./reports/2023 年/湖滨.txt")),
            "reports/2023%20%E5%B9%B4/%E6%B9%96%E6%BB%A8.txt"
        );
        assert_eq!(path_uri(Path::new("/srv/r.txt")), "file:///srv/r.txt");
        assert_eq!(path_uri(Path::new("a:b.txt")), "a%3Ab.txt");
    }

    #[test]
    fn a_streamed_log_is_the_whole_log() {
        let (rules, _) = RuleSet::builtin();
        let reports = crate::render::checked_seeds(&rules);
        let errors = [FileError { path: "坏.txt".into(), message: "无法读取".to_string() }];
        for (n, errors) in [(0, &errors[..0]), (0, &errors[..]), (1, &errors[..0]), (reports.len(), &errors[..])] {
            let mut stream = Stream::new(std::io::Cursor::new(Vec::new()));
            for batch in reports[..n].chunks(2) {
                stream.reports(batch, &rules).unwrap();
            }
            let mut out = Vec::new();
            stream.finish(&rules, errors, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), render(&reports[..n], errors, &rules));
        }
    }
}
