//! GitHub Actions workflow commands: one `::error …::message` line per finding, which GitHub
//! shows as an annotation on the file in the run summary and the pull request.
//!
//! The syntax is `::LEVEL file=PATH,line=N,endLine=N,col=N,endColumn=N,title=TITLE::MESSAGE`,
//! LEVEL being `error`, `warning` or `notice`. Columns count characters and `endColumn` is
//! exclusive, as in the JSON and SARIF outputs; GitHub accepts columns only on one line, so a
//! finding over several lines gives lines only. Waived findings are left out. `file=` is the path
//! SARIF locates the finding in (`sarif::artifact_path`), escaped as a property.

use std::fmt::Write as _;

use super::sarif::artifact_path;
use crate::finding::Severity;
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;

/// Renders a run as workflow commands, one line per finding and per file that could not be read.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet) -> String {
    let mut out = String::new();
    for entry in reports {
        let source = &entry.checked.document.source;
        let file = escape_property(&artifact_path(&entry.path));
        for finding in &entry.checked.findings {
            let start = source.position(finding.span.start);
            let end = source.position(finding.span.end);
            let title = match rules.get(&finding.rule) {
                Some(rule) => format!("{} {}", finding.rule, rule.name),
                None => finding.rule.to_string(),
            };
            let mut message = finding.message.clone();
            if let Some(place) = source.origin.place_at(finding.span.start) {
                message.push_str(&format!("（{place}）"));
            }
            if !finding.help.is_empty() {
                message.push('\n');
                message.push_str(&finding.help);
            }
            let _ = write!(out, "::{} file={file},line={},endLine={}", level(finding.severity), start.line, end.line);
            if start.line == end.line {
                let _ = write!(out, ",col={},endColumn={}", start.column, end.column);
            }
            let _ = writeln!(out, ",title={}::{}", escape_property(&title), escape_data(&message));
        }
    }
    for error in errors {
        let _ = writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&artifact_path(&error.path)),
            escape_property("fazhi 无法检查"),
            escape_data(&error.message)
        );
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message: `%`, carriage return and line feed.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as a message, and also `:` and `,`, which end a property.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50%\r\n下一行"), "50%25%0D%0A下一行");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }
}
