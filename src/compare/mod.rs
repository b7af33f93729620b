//! Comparing reports with each other: a report with the same issuer's report of the previous
//! year, element by element, and every report of a batch with every other for near-copies.
//!
//! Texts are compared as sets of units (sentences and 一是/二是 items), each normalised
//! (`normalize`) and cut into character shingles (`sketch`), so reordered items, re-dated years,
//! changed numbers, new punctuation and re-wrapped lines do not hide a copy. Across a batch
//! (`batch`), min-hash signatures and LSH banding find the candidate pairs without comparing
//! every report with every other; shingles shared by many issuers are boilerplate and are left
//! out first.
//!
//! **Invariant:** comparison reads only text and spans; it knows nothing of rules or outputs.

pub mod batch;
pub mod normalize;
pub mod previous;
pub mod sketch;

use std::collections::HashMap;

use crate::document::Document;
use crate::rules::elements::Elements;
use crate::source::Span;
pub use normalize::{Normalized, normalize};

/// One side of a comparison: a parsed report and the required elements found in it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The parsed report.
    pub document: &'a Document,
    /// Its required elements.
    pub elements: &'a Elements,
}

/// The same issuer's report of the year before, as a rule of kind `previous` sees it.
#[derive(Debug, Clone, Copy)]
pub struct PreviousReport<'a> {
    /// The file as the user names it (shown in messages).
    pub name: &'a str,
    /// The report.
    pub side: Side<'a>,
}

/// A parsed previous report with its elements, owned (what a run keeps while it checks the
/// reports compared with it).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The file as the user names it.
    pub name: String,
    /// The parsed report.
    pub document: Document,
    /// Its required elements.
    pub elements: Elements,
}

impl Prepared {
    /// The view a rule run gets.
    #[must_use]
    pub fn view(&self) -> PreviousReport<'_> {
        PreviousReport { name: &self.name, side: Side { document: &self.document, elements: &self.elements } }
    }
}

/// Units shorter than this many normalised characters (特此报告, a heading of four words) say
/// too little to be called copied.
pub const MIN_UNIT_CHARS: usize = 12;

/// One unit of a text: a sentence, or an item of an enumeration, with its shingles.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Where the unit is in its source text.
    pub span: Span,
    /// Its normalised characters.
    pub normalized: Normalized,
    /// Its shingle hashes, sorted and deduplicated.
    pub shingles: Vec<u64>,
}

/// Cuts `text` (starting at byte `base` of its source) into units at 。！？；, line breaks and
/// before 一是/二是 … after a clause boundary, keeping those with at least [`MIN_UNIT_CHARS`] normalised characters.
#[must_use]
pub fn units(text: &str, base: usize) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (offset, c)) in bytes.iter().enumerate() {
        let ends = matches!(c, '。' | '！' | '？' | '；' | '\n');
        let item_starts = matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
            && bytes.get(k + 1).is_some_and(|n| n.1 == '是')
            && k > 0
            && matches!(bytes[k - 1].1, '，' | '；' | '。' | '：');
        if item_starts && *offset > start {
            push_unit(&mut out, text, base, start, *offset);
            start = *offset;
        }
        if ends {
            let end = offset + c.len_utf8();
            push_unit(&mut out, text, base, start, end);
            start = end;
        }
    }
    push_unit(&mut out, text, base, start, text.len());
    out
}

fn push_unit(out: &mut Vec<Unit>, text: &str, base: usize, start: usize, end: usize) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    // The 一是/二是 marker is left out, so the same item under another number still matches.
    let marker = trimmed.chars().take(2).collect::<String>();
    let skip = if marker.ends_with('是') && "一二三四五六七八九十".contains(marker.chars().next().unwrap_or(' '))
    {
        marker.len()
    } else {
        0
    };
    let normalized = normalize(&trimmed[skip..], base + start + lead + skip);
    if normalized.len() < MIN_UNIT_CHARS {
        return;
    }
    let shingles = sketch::shingles(&normalized.chars);
    out.push(Unit { span: Span::new(base + start + lead, base + start + lead + trimmed.len()), normalized, shingles });
}

/// A unit of this text matched to a unit of the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitMatch {
    /// The unit in this text.
    pub this: Span,
    /// The matching unit in the other text.
    pub other: Span,
    /// Jaccard similarity of their shingles (1.0: the same once normalised).
    pub similarity: f64,
}

/// How much of one text is in another.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextComparison {
    /// Each unit of this text with a match at or above the threshold, in this text's order.
    pub matches: Vec<UnitMatch>,
    /// Normalised characters of this text's units.
    pub chars: usize,
    /// Normalised characters of this text's matched units.
    pub matched_chars: usize,
}

impl TextComparison {
    /// The share of this text (by normalised characters of its units) found in the other.
    #[must_use]
    pub fn share(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.matched_chars as f64 / self.chars as f64 }
    }
}

/// Matches every unit of `this` to its most similar unit of `other` and keeps those at or above
/// `threshold`. Units are compared as sets, so the order of items does not matter; units whose
/// shingles are all in `boilerplate` are left out of both sides.
#[must_use]
pub fn compare_units(
    this: &[Unit],
    other: &[Unit],
    threshold: f64,
    boilerplate: &dyn Fn(&Unit) -> bool,
) -> TextComparison {
    // An index from shingle to the units of `other` holding it, so each unit meets only the
    // units it shares something with.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (idx, unit) in other.iter().enumerate() {
        if boilerplate(unit) {
            continue;
        }
        for s in &unit.shingles {
            index.entry(*s).or_default().push(idx);
        }
    }
    let mut out = TextComparison::default();
    for unit in this.iter().filter(|u| !boilerplate(u)) {
        out.chars += unit.normalized.len();
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for s in &unit.shingles {
            for idx in index.get(s).into_iter().flatten() {
                *counts.entry(*idx).or_default() += 1;
            }
        }
        let best = counts
            .into_iter()
            .map(|(idx, common)| {
                let union = unit.shingles.len() + other[idx].shingles.len() - common;
                (idx, common as f64 / union.max(1) as f64)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((idx, similarity)) = best.filter(|b| b.1 >= threshold) {
            out.matched_chars += unit.normalized.len();
            out.matches.push(UnitMatch { this: unit.span, other: other[idx].span, similarity });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAST_YEAR: &str = "2023年，我市法治建设仍存在一些不足。一是行政执法人员业务能力有待提高，部分执法人员对新修订法律法规掌握不够；二是基层法治宣传的针对性和实效性不强，群众参与度不高。";

    #[test]
    fn reordered_redated_items_are_matched() {
        let this = "2024年，我市法治建设仍存在一些不足：一是基层法治宣传的针对性与实效性不强，群众参与度不高；二是行政执法人员业务能力有待提高，部分执法人员对新修订的法律法规掌握不够。";
        let a = units(this, 0);
        let b = units(LAST_YEAR, 0);
        let cmp = compare_units(&a, &b, 0.5, &|_| false);
        assert_eq!(cmp.matches.len(), 3, "{cmp:?}");
        assert!(cmp.share() > 0.95);
        let first = cmp.matches[1];
        assert!(this[first.this.range()].starts_with("一是基层法治宣传"));
        assert!(LAST_YEAR[first.other.range()].starts_with("二是基层法治宣传"));
    }

    #[test]
    fn same_topics_in_new_words_do_not_match() {
        let this = "本年度暴露的短板主要在两方面：执法队伍对新法的学习跟进较慢，培训覆盖面偏窄；普法活动形式单一，很少根据不同人群设计内容。";
        let cmp = compare_units(&units(this, 0), &units(LAST_YEAR, 0), 0.5, &|_| false);
        assert!(cmp.matches.is_empty(), "{cmp:?}");
    }

    #[test]
    fn boilerplate_units_are_left_out() {
        let text = "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想。";
        let a = units(text, 0);
        let cmp =
            compare_units(&a, &a, 0.5, &|u| u.normalized.chars.iter().collect::<String>().contains("习近平新时代"));
        assert_eq!(cmp.chars, 0);
        assert!(cmp.matches.is_empty());
    }
}
