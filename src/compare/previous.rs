//! A report against the same issuer's report of the previous year, element by element: copied
//! 不足/原因/安排, achievements repeated with only the year changed, last year's plan items with
//! no trace this year, and last year's 不足 repeated with no word of 整改 or 改进. Each check is
//! its own function, run by its own rule (kind `previous`) with its own threshold.

use super::{Side, TextComparison, Unit, compare_units, units};
use crate::source::Span;

/// Thresholds of the comparison (Jaccard similarity of six-character shingles of a unit).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// A 不足/原因/安排 unit at least this similar to one of last year's is copied: at 0.5 about
    /// half of the three-word runs are the same, which a rewrite on the same topic does not reach
    /// (the rewritten controls of the tests stay below 0.2) and a few changed words do not undo.
    pub copied: f64,
    /// An achievement unit at least this similar is a repeat: achievements are expected to share
    /// phrases from year to year, so only a near-verbatim unit (numbers and years masked) counts.
    pub repeated: f64,
    /// A plan item with no unit of this year's measures at least this similar has no trace.
    pub trace: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { copied: 0.5, repeated: 0.8, trace: 0.15 }
    }
}

/// The elements whose text is compared for copies, in the order they are searched.
pub const COPIED_ELEMENTS: &[&str] = &["shortcomings", "causes", "next_year_plan"];

/// Words that show a 不足 part speaks of correcting what it lists.
pub const RECTIFY_WORDS: &[&str] = &["整改", "改进"];

/// What a comparison with the previous report found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviousKind {
    /// A unit of 不足/原因/下一年度安排 copied from the same element last year.
    Copied,
    /// An achievement unit repeated with only years or numbers changed.
    Repeated,
    /// A plan item of last year with no trace in this year's measures.
    PlanNotFollowed,
    /// A 不足 unit repeated while this year's 不足 says nothing of 整改 or 改进.
    ShortcomingUnrectified,
}

/// One finding of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousFinding {
    /// What was found.
    pub kind: PreviousKind,
    /// The element key, e.g. `shortcomings`.
    pub element: String,
    /// The text in this report (for a plan not followed: the heading of this year's measures,
    /// or an empty span at the start of the body when there is none).
    pub this: Span,
    /// The text in the previous report.
    pub other: Span,
    /// Similarity of the two units (0 for a plan not followed).
    pub similarity: f64,
}

fn element_units(side: Side<'_>, key: &str) -> (Option<Span>, Vec<Unit>) {
    let Some(body) = side.elements.get(key).and_then(crate::rules::elements::ElementFound::body) else {
        return (None, Vec::new());
    };
    (Some(body), units(side.document.text(body), body.start))
}

const NONE: &dyn Fn(&Unit) -> bool = &|_| false;

/// Joins the matches of one line of this report with one line of the previous (a copied
/// paragraph matches sentence by sentence) into one finding over both lines' matched text,
/// with the lowest similarity of its sentences.
fn merge_lines(found: Vec<PreviousFinding>, this: Side<'_>, previous: Side<'_>) -> Vec<PreviousFinding> {
    let line = |side: Side<'_>, offset: usize| side.document.source.position(offset).line;
    let mut out: Vec<PreviousFinding> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(last) = out.last_mut()
            && last.kind == f.kind
            && last.element == f.element
            && line(this, last.this.start) == line(this, f.this.start)
            && line(previous, last.other.start) == line(previous, f.other.start)
            && f.this.start >= last.this.end
        {
            last.this.end = f.this.end;
            last.other = Span::new(last.other.start.min(f.other.start), last.other.end.max(f.other.end));
            last.similarity = last.similarity.min(f.similarity);
            continue;
        }
        out.push(f);
    }
    out
}

/// Units of `elements` of this report at least `threshold` similar to a unit of the same
/// element last year. A unit is reported once, under the first element that holds it (原因 is
/// often read inside the 不足 part).
#[must_use]
pub fn copied(this: Side<'_>, previous: Side<'_>, elements: &[&str], threshold: f64) -> Vec<PreviousFinding> {
    let mut out: Vec<PreviousFinding> = Vec::new();
    for key in elements {
        let (_, a) = element_units(this, key);
        let (_, b) = element_units(previous, key);
        let cmp: TextComparison = compare_units(&a, &b, threshold, NONE);
        for m in cmp.matches {
            if out.iter().any(|f| f.this == m.this) {
                continue;
            }
            out.push(PreviousFinding {
                kind: PreviousKind::Copied,
                element: (*key).to_owned(),
                this: m.this,
                other: m.other,
                similarity: m.similarity,
            });
        }
    }
    merge_lines(out, this, previous)
}

/// The units of this report's 不足 (`elements`) copied from last year's while that part says
/// none of `words` (整改, 改进): the problem written again with no word of correcting it.
#[must_use]
pub fn unrectified(
    this: Side<'_>,
    previous: Side<'_>,
    elements: &[&str],
    words: &[&str],
    threshold: f64,
) -> Vec<PreviousFinding> {
    let mut out = Vec::new();
    for key in elements {
        let (Some(body), _) = element_units(this, key) else { continue };
        let text = this.document.text(body);
        if words.iter().any(|w| text.contains(w)) {
            continue;
        }
        for mut f in copied(this, previous, &[key], threshold) {
            if !out.iter().any(|o: &PreviousFinding| o.this == f.this) {
                f.kind = PreviousKind::ShortcomingUnrectified;
                out.push(f);
            }
        }
    }
    out
}

/// Units of this year's 主要举措和成效 at least `threshold` similar to a unit of last year's
/// body once years and numbers are masked: achievements repeated, re-dated.
#[must_use]
pub fn repeated(this: Side<'_>, previous: Side<'_>, threshold: f64) -> Vec<PreviousFinding> {
    let (_, measures) = element_units(this, "measures_and_results");
    // Last year's achievements may sit in any part of its body (a report often opens with a
    // part on 学习贯彻 before its 主要举措 part), so the whole body is searched.
    let body = previous.document.body;
    let last = units(previous.document.text(body), body.start);
    let found = compare_units(&measures, &last, threshold, NONE)
        .matches
        .into_iter()
        .map(|m| PreviousFinding {
            kind: PreviousKind::Repeated,
            element: "measures_and_results".to_owned(),
            this: m.this,
            other: m.other,
            similarity: m.similarity,
        })
        .collect();
    merge_lines(found, this, previous)
}

/// Last year's 下一年度安排 items none of whose sentences has a unit of this year's measures at
/// least `threshold` similar. An item is a line of last year's plan (（一）… with its sentences).
#[must_use]
pub fn plans_not_followed(this: Side<'_>, previous: Side<'_>, threshold: f64) -> Vec<PreviousFinding> {
    let (_, measures) = element_units(this, "measures_and_results");
    let (_, last_plan) = element_units(previous, "next_year_plan");
    let traced = compare_units(&last_plan, &measures, threshold, NONE);
    let body_start = this.document.body.start;
    let anchor = this
        .elements
        .get("measures_and_results")
        .and_then(|e| e.evidence.or(e.section))
        .unwrap_or(Span::new(body_start, body_start));
    let source = &previous.document.source;
    let mut items: Vec<PlanItem> = Vec::new();
    for unit in &last_plan {
        let line = source.position(unit.span.start).line;
        let traced = traced.matches.iter().any(|m| m.this == unit.span);
        let marked = starts_item(source.slice(unit.span));
        match items.last_mut() {
            Some(item) if item.line == line && !(marked && item.marked) => {
                item.span.end = unit.span.end;
                item.traced |= traced;
                item.marked |= marked;
            }
            _ => items.push(PlanItem { line, span: unit.span, traced, marked }),
        }
    }
    items
        .into_iter()
        .filter(|item| !item.traced)
        .map(|PlanItem { span, .. }| PreviousFinding {
            kind: PreviousKind::PlanNotFollowed,
            element: "next_year_plan".to_owned(),
            this: anchor,
            other: span,
            similarity: 0.0,
        })
        .collect()
}

/// An item of last year's plan: a line, or within a line each 一是/二是 … with the sentences
/// that follow it (a plan written as one paragraph); words before the first 一是 belong to it.
struct PlanItem {
    line: usize,
    span: Span,
    traced: bool,
    marked: bool,
}

/// Whether a unit opens an item of an enumeration written inside a paragraph: 一是, 二是 ….
fn starts_item(text: &str) -> bool {
    let numerals = text.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    numerals > 0 && text.chars().nth(numerals) == Some('是')
}

/// Every check at once with the default elements and words: a 不足 unit copied while the part
/// says nothing of 整改 is reported as unrectified instead of copied.
#[must_use]
pub fn compare_with_previous(this: Side<'_>, previous: Side<'_>, thresholds: Thresholds) -> Vec<PreviousFinding> {
    let unrectified = unrectified(this, previous, &["shortcomings"], RECTIFY_WORDS, thresholds.copied);
    let mut out: Vec<PreviousFinding> = unrectified.clone();
    out.extend(
        copied(this, previous, COPIED_ELEMENTS, thresholds.copied)
            .into_iter()
            .filter(|f| !unrectified.iter().any(|u| u.this.start < f.this.end && f.this.start < u.this.end)),
    );
    out.extend(repeated(this, previous, thresholds.repeated));
    out.extend(plans_not_followed(this, previous, thresholds.trace));
    out
}
