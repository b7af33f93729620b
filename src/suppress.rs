//! Suppressions: findings an office has decided to accept, each with a reason.
//!
//! Two sources: comment lines in a .txt/.md report and `[[suppress]]` entries of the
//! configuration file. In a report:
//!
//! ```text
//! <!-- fazhi-disable word/typo: 引用原文件标题，不改 -->
//! …lines where word/typo is waived…
//! <!-- fazhi-enable word/typo -->
//! <!-- fazhi-disable-next-line punct/halfwidth, number: 表格中的数据照录 -->
//! ```
//!
//! A selector is a rule id, a category (`punct`) or `category/*`; no selector means every rule.
//! The reason follows the first colon (`:` or `：`).
//!
//! **Invariant:** a suppression never deletes a finding: waived findings are kept with the
//! reason, and a suppression that waives nothing is itself reported.

use std::sync::LazyLock;

use regex::Regex;

use crate::source::{SourceFile, Span};

/// Id of the rule reporting suppressions without a reason.
pub const MISSING_REASON_RULE: &str = "suppress/missing-reason";
/// Id of the rule reporting suppressions that waive nothing.
pub const UNUSED_RULE: &str = "suppress/unused";

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t\u{3000}]*<!--\s*fazhi-(?P<verb>disable-next-line|disable|enable)(?P<rest>(?:[^-]|-[^-]|--[^>])*)-->[ \t\u{3000}]*\r?$")
        .expect("directive pattern is valid")
});

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// Waives from here to the matching `fazhi-enable` (or the end of the report).
    Disable,
    /// Waives the next non-blank line only.
    DisableNextLine,
    /// Ends an earlier `fazhi-disable`.
    Enable,
}

/// One `fazhi-…` comment line of a report.
#[derive(Debug, Clone)]
pub struct Directive {
    /// What it does.
    pub verb: Verb,
    /// The selectors written (empty: every rule).
    pub selectors: Vec<String>,
    /// The reason, when one is written.
    pub reason: Option<String>,
    /// The comment, for pointing at it.
    pub span: Span,
}

/// Reads the `fazhi-…` comment lines of a report.
#[must_use]
pub fn directives(source: &SourceFile) -> Vec<Directive> {
    let text = &source.text;
    if !text.contains("fazhi-") {
        return Vec::new();
    }
    DIRECTIVE
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let verb = match &caps["verb"] {
                "disable" => Verb::Disable,
                "disable-next-line" => Verb::DisableNextLine,
                _ => Verb::Enable,
            };
            let rest = caps.name("rest").map_or("", |m| m.as_str());
            let (list, reason) = match rest.find([':', '：']) {
                Some(idx) => {
                    let colon_len = rest[idx..].chars().next().map_or(1, char::len_utf8);
                    (&rest[..idx], Some(rest[idx + colon_len..].trim().to_string()))
                }
                None => (rest, None),
            };
            let selectors = list
                .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let trimmed = whole.as_str().trim_end_matches(['\r', ' ', '\t', '\u{3000}']);
            let lead = trimmed.len() - trimmed.trim_start().len();
            let span = Span::new(whole.start() + lead, whole.start() + trimmed.len());
            Some(Directive { verb, selectors, reason: reason.filter(|r| !r.is_empty()), span })
        })
        .collect()
}

/// Whether selector `selector` names rule `id`: the id, its category, `category/*`, or `*`.
#[must_use]
pub fn selects(selector: &str, id: &str) -> bool {
    let category = id.split('/').next().unwrap_or_default();
    selector == "*" || selector == id || selector == category || selector.strip_suffix("/*") == Some(category)
}

/// A suppression with the text it covers.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Selectors of the rules waived (empty: every rule).
    pub selectors: Vec<String>,
    /// Why.
    pub reason: Option<String>,
    /// The part of the report it covers.
    pub covers: Cover,
    /// Only findings whose line contains this text (config `text`).
    pub text: Option<String>,
    /// Where it is written.
    pub origin: SuppressionOrigin,
}

/// The part of a report a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// The whole report.
    Whole,
    /// One line (1-based).
    Line(usize),
    /// Byte ranges.
    Spans(Vec<Span>),
}

/// Where a suppression is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuppressionOrigin {
    /// A comment in the report, at this span.
    Inline(Span),
    /// The `n`th `[[suppress]]` entry (0-based) of a configuration file.
    Config {
        /// The configuration file.
        file: std::path::PathBuf,
        /// Index of the entry.
        index: usize,
    },
}

impl Suppression {
    /// Whether it waives `rule` at `span`.
    #[must_use]
    pub fn waives(&self, source: &SourceFile, rule: &str, span: Span) -> bool {
        let rule_ok = self.selectors.is_empty() || self.selectors.iter().any(|s| selects(s, rule));
        let covered = match &self.covers {
            Cover::Whole => true,
            Cover::Line(line) => source.position(span.start).line == *line,
            Cover::Spans(spans) => spans.iter().any(|c| c.contains_offset(span.start) || c.start == span.start),
        };
        if !rule_ok || !covered {
            return false;
        }
        match &self.text {
            Some(wanted) => {
                let line = source.line_span(source.position(span.start).line);
                source.slice(line).contains(wanted.as_str())
            }
            None => true,
        }
    }
}

/// Turns a report's directives into suppressions with the text each covers.
#[must_use]
pub fn inline_suppressions(source: &SourceFile, directives: &[Directive]) -> Vec<Suppression> {
    let text_len = source.text.len();
    let mut out = Vec::new();
    for (idx, directive) in directives.iter().enumerate() {
        let covers = match directive.verb {
            Verb::Enable => continue,
            Verb::DisableNextLine => {
                let line = source.position(directive.span.start).line;
                let next = (line + 1..=source.line_count())
                    .map(|n| source.line_span(n))
                    .find(|s| !source.slice(*s).trim().is_empty());
                match next {
                    Some(span) => vec![span],
                    None => Vec::new(),
                }
            }
            Verb::Disable => {
                let end = directives[idx + 1..]
                    .iter()
                    .find(|d| {
                        d.verb == Verb::Enable
                            && (d.selectors.is_empty() || d.selectors.iter().any(|s| directive.selectors.contains(s)))
                    })
                    .map_or(text_len, |d| d.span.start);
                vec![Span::new(directive.span.end, end)]
            }
        };
        out.push(Suppression {
            selectors: directive.selectors.clone(),
            reason: directive.reason.clone(),
            covers: Cover::Spans(covers),
            text: None,
            origin: SuppressionOrigin::Inline(directive.span),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::from_text("t.txt", text)
    }

    #[test]
    fn reads_verbs_selectors_and_reasons() {
        let src = source(
            "标题\n<!-- fazhi-disable word/typo, punct: 引用原文 -->\n正文\n<!-- fazhi-enable -->\n<!--fazhi-disable-next-line number/year-abbreviated：照录-->\n正文\n<!-- fazhi-disable -->\n",
        );
        let found = directives(&src);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].verb, Verb::Disable);
        assert_eq!(found[0].selectors, ["word/typo", "punct"]);
        assert_eq!(found[0].reason.as_deref(), Some("引用原文"));
        assert_eq!(found[1].verb, Verb::Enable);
        assert_eq!(found[2].verb, Verb::DisableNextLine);
        assert_eq!(found[2].reason.as_deref(), Some("照录"));
        assert!(found[3].selectors.is_empty() && found[3].reason.is_none());
        assert_eq!(src.slice(found[0].span), "<!-- fazhi-disable word/typo, punct: 引用原文 -->");
    }

    #[test]
    fn a_directive_must_be_a_line_of_its_own() {
        let src = source("正文<!-- fazhi-disable word/typo: x -->正文\n");
        assert!(directives(&src).is_empty());
    }

    #[test]
    fn ranges_end_at_the_matching_enable_and_next_line_skips_blanks() {
        let text = "甲\n<!-- fazhi-disable word/typo: r -->\n乙\n<!-- fazhi-enable word/typo -->\n丙\n<!-- fazhi-disable-next-line: r -->\n\n丁\n戊\n";
        let src = source(text);
        let sups = inline_suppressions(&src, &directives(&src));
        assert_eq!(sups.len(), 2);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        assert!(sups[0].waives(&src, "word/typo", at("乙")));
        assert!(!sups[0].waives(&src, "word/typo", at("丙")));
        assert!(!sups[0].waives(&src, "punct/halfwidth", at("乙")));
        assert!(sups[1].waives(&src, "punct/halfwidth", at("丁")));
        assert!(!sups[1].waives(&src, "punct/halfwidth", at("戊")));
    }

    #[test]
    fn selectors_name_ids_categories_and_wildcards() {
        assert!(selects("word/typo", "word/typo"));
        assert!(selects("word", "word/typo"));
        assert!(selects("word/*", "word/typo"));
        assert!(selects("*", "word/typo"));
        assert!(!selects("wor", "word/typo"));
        assert!(!selects("word/typ", "word/typo"));
    }
}
