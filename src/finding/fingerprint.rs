//! Location-independent fingerprints of findings: the same problem keeps its fingerprint when
//! lines are added above it or the file is renamed, so SARIF viewers and baselines can tell a
//! known finding from a new one.
//!
//! **Invariant:** a fingerprint depends only on the rule id, the flagged text and a few
//! characters around it on its line (white space dropped) — never on line, column, offset or
//! path — and on nothing that changes from run to run. Changing what goes in raises
//! [`FINGERPRINT_VERSION`], since stored baselines would no longer match.

use crate::finding::Finding;
use crate::source::SourceFile;

/// Version of the fingerprint recipe; part of the SARIF key (`fazhi/v1`).
pub const FINGERPRINT_VERSION: u32 = 1;

/// Characters of context taken on each side of the flagged text, within its line.
pub const CONTEXT_CHARS: usize = 8;

/// The fingerprint of a finding in its source: 16 hex digits.
///
/// A finding with text is keyed by its rule, its text and up to [`CONTEXT_CHARS`] characters
/// before and after it on the same line, all without white space: two identical words in
/// different sentences get different fingerprints, and the same sentence moved elsewhere keeps
/// its own. A finding without text (a missing part, which has no text and whose insertion point
/// moves with any edit) is keyed by its rule and message.
#[must_use]
pub fn of_finding(source: &SourceFile, finding: &Finding) -> String {
    if finding.span.is_empty() {
        return fingerprint(&finding.rule, "", &finding.message, "");
    }
    let text = &source.text;
    let line_start = text[..finding.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[finding.span.end..].find('\n').map_or(text.len(), |i| finding.span.end + i);
    let before: String = {
        let chars: Vec<char> = text[line_start..finding.span.start].chars().filter(|c| !c.is_whitespace()).collect();
        chars[chars.len().saturating_sub(CONTEXT_CHARS)..].iter().collect()
    };
    let after: String =
        text[finding.span.end..line_end].chars().filter(|c| !c.is_whitespace()).take(CONTEXT_CHARS).collect();
    fingerprint(&finding.rule, source.slice(finding.span), &before, &after)
}

/// The fingerprint of a rule id, a flagged text and its context: FNV-1a (64 bits) over the
/// parts with white space removed, each part closed by a 0xFF byte (never found in UTF-8) so
/// that moving characters from one part to the next changes the result.
#[must_use]
pub fn fingerprint(rule: &str, text: &str, before: &str, after: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule, text, before, after] {
        let mut buf = [0u8; 4];
        for c in part.chars().filter(|c| !c.is_whitespace()) {
            for byte in c.encode_utf8(&mut buf).bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash = (hash ^ 0xFF).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::finding::Severity;
    use crate::source::Span;

    fn finding_at(text: &str, word: &str, nth: usize) -> Finding {
        let start = text.match_indices(word).nth(nth).unwrap().0;
        Finding {
            rule: Arc::from("word/duplicated"),
            severity: Severity::Error,
            span: Span::new(start, start + word.len()),
            message: "重复".into(),
            help: String::new(),
            suggestion: None,
            penalty: None,
            edits: Vec::new(),
            also: Vec::new(),
        }
    }

    #[test]
    fn moving_a_sentence_keeps_its_fingerprint() {
        let before = SourceFile::from_text("a.txt", "标题\n推进行政行政执法改革。\n");
        let after = SourceFile::from_text("b.txt", "标题\n新增一段。\n\n  推进行政行政执法改革。\n");
        let a = of_finding(&before, &finding_at(&before.text, "行政行政", 0));
        let b = of_finding(&after, &finding_at(&after.text, "行政行政", 0));
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn the_same_word_in_another_sentence_differs() {
        let source = SourceFile::from_text("a.txt", "推进行政行政执法。\n加强行政行政复议。\n");
        let first = of_finding(&source, &finding_at(&source.text, "行政行政", 0));
        let second = of_finding(&source, &finding_at(&source.text, "行政行政", 1));
        assert_ne!(first, second);
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        assert_ne!(fingerprint("a", "bc", "", ""), fingerprint("a", "b", "c", ""));
        // A fixed value: the recipe must not change without raising FINGERPRINT_VERSION.
        assert_eq!(fingerprint("word/typo", "体质", "深化", "改革"), fingerprint("word/typo", "体 质", "深化", "改革"));
        assert_eq!(fingerprint("", "", "", ""), "994f76653e2a3951");
    }
}
