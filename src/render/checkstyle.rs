//! The Checkstyle XML format (version 4.3), read by Jenkins' warnings plugin, reviewdog and
//! many code-review tools: one `<file>` per report, one `<error>` per finding.
//!
//! Columns count characters. Waived findings are left out (they do not fail anything); a file
//! that could not be read gets one `error` with source `fazhi/read`.

use std::fmt::Write as _;

use super::xml::escape;
use crate::finding::Severity;
use crate::results::{FileError, ReportEntry};

/// Renders a run as a Checkstyle XML document, files in the order given (sorted by path).
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for entry in reports {
        let source = &entry.checked.document.source;
        let _ = writeln!(out, "  <file name=\"{}\">", escape(&entry.path.display().to_string()));
        for finding in &entry.checked.findings {
            let start = source.position(finding.span.start);
            let message = match source.origin.place_at(finding.span.start) {
                Some(place) => format!("{}（{place}）", finding.message),
                None => finding.message.clone(),
            };
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>",
                start.line,
                start.column,
                severity(finding.severity),
                escape(&message),
                escape(&finding.rule)
            );
        }
        out.push_str("  </file>\n");
    }
    for error in errors {
        let _ = writeln!(
            out,
            "  <file name=\"{}\">\n    <error line=\"1\" column=\"1\" severity=\"error\" message=\"{}\" source=\"fazhi/read\"/>\n  </file>",
            escape(&error.path.display().to_string()),
            escape(&format!("无法检查：{}", error.message))
        );
    }
    out.push_str("</checkstyle>\n");
    out
}

/// Checkstyle's severity names (`info` rather than SARIF's `note`).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}
