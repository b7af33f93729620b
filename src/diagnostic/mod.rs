//! Problems located in the TOML files a user writes (rule files, pack files, `fazhi.toml`):
//! the file's text as miette reads it, with columns counted in characters; spans clamped to the
//! text; the located error of a rule or pack file ([`RuleError`]; a configuration file has
//! `config::ConfigError`); and the one "did you mean" used for misspelt keys and rule ids
//! everywhere; and the Chinese for the errors of toml/serde, regex and the operating system
//! ([`toml_error`], [`regex_error`], [`io_error`], [`json_error`]).
//!
//! **Invariant:** an unknown rule id gets the same suggestion whether it was written in a
//! configuration file, on the command line or asked of `fazhi rule`.
//!
//! **Invariant:** no library's English sentence reaches a user: every toml, regex, JSON and io
//! error shown is rendered here.

mod explain;
mod rule_error;

use std::ops::Range;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

pub use explain::{io_error, json_error, regex_error, toml_error};
pub use rule_error::RuleError;

/// A file's text for miette, reporting the column in characters (miette counts bytes, which is
/// wrong under any Chinese text on the line).
#[derive(Debug, Clone)]
pub struct SourceText {
    name: String,
    text: Arc<str>,
}

impl SourceText {
    /// The text of a file named `name`.
    #[must_use]
    pub fn new(name: &str, text: &Arc<str>) -> Self {
        Self { name: name.to_string(), text: Arc::clone(text) }
    }

    /// The file's name as shown.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A byte range of the text as a miette span, clamped to the text.
    #[must_use]
    pub fn span(&self, range: Range<usize>) -> SourceSpan {
        clamp(&self.text, range)
    }
}

/// A byte range as a miette span, clamped to `text`.
#[must_use]
pub fn clamp(text: &str, range: Range<usize>) -> SourceSpan {
    let start = range.start.min(text.len());
    SourceSpan::from(start..range.end.clamp(start, text.len()))
}

impl SourceCode for SourceText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        let offset = span.offset().min(text.len());
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text.get(line_start..offset).map_or(0, |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Longest list of suggestions for an unknown rule id.
const MAX_SUGGESTIONS: usize = 5;

/// The rule ids (or categories) a misspelt selector most likely meant: the ids that contain it
/// or whose name it contains (`causes` → `structure/causes`), else the nearest id or category
/// within a few edits (one per two characters typed, at most four: `pnuct` → `punct`).
#[must_use]
pub fn similar_rules<'a>(selector: &str, ids: &[&'a str]) -> Vec<&'a str> {
    let selector = selector.trim();
    if selector.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<&'a str> = ids.iter().flat_map(|id| [*id, id.split('/').next().unwrap_or(id)]).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let containing: Vec<&'a str> = ids
        .iter()
        .copied()
        .filter(|id| id.contains(selector) || id.split('/').nth(1).is_some_and(|name| selector.contains(name)))
        .take(MAX_SUGGESTIONS)
        .collect();
    if !containing.is_empty() {
        return containing;
    }
    let allowed = (selector.chars().count() / 2).clamp(1, 4);
    candidates
        .iter()
        .copied()
        .min_by_key(|c| edit_distance(selector, c))
        .filter(|c| edit_distance(selector, c) <= allowed)
        .into_iter()
        .collect()
}

/// The help for a selector that names no rule: the likely ids, and where to see them all.
#[must_use]
pub fn unknown_rule_help(selector: &str, ids: &[&str]) -> String {
    let similar = similar_rules(selector, ids);
    if similar.is_empty() {
        "用 fazhi rules 查看全部规则".to_string()
    } else {
        let quoted: Vec<String> = similar.iter().map(|id| format!("“{id}”")).collect();
        format!("是不是{}？用 fazhi rules 查看全部规则", quoted.join("、"))
    }
}

/// Levenshtein distance in characters.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &["structure/causes", "word/typo", "word/duplicated", "punct/halfwidth"];

    #[test]
    fn a_misspelt_rule_gets_the_nearest_id_and_a_name_its_id() {
        assert_eq!(similar_rules("word/typos", IDS), vec!["word/typo"]);
        assert_eq!(similar_rules("causes", IDS), vec!["structure/causes"]);
        assert_eq!(similar_rules("pnuct", IDS), vec!["punct"]);
        assert!(similar_rules("完全不同", IDS).is_empty());
        assert!(similar_rules("zzz", IDS).is_empty(), "three letters are not four edits from anything");
        assert_eq!(unknown_rule_help("word/typos", IDS), "是不是“word/typo”？用 fazhi rules 查看全部规则");
        assert_eq!(unknown_rule_help("xyz", IDS), "用 fazhi rules 查看全部规则");
    }
}
