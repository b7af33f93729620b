//! A report against the same issuer's report of the previous year, element by element: copied
//! 不足/原因/安排, achievements repeated with only the year changed, last year's plan items with
//! no trace this year, and last year's 不足 repeated with no word of 整改 or 改进.

use super::{TextComparison, Unit, compare_units, units};
use crate::engine::Checked;
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

/// What a comparison with the previous report found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviousKind {
    /// A unit of 不足/原因/下一年度安排 copied from the same element last year.
    Copied,
    /// An achievement unit repeated with only years or numbers changed.
    Repeated,
    /// A plan item of last year with no trace in this year's measures (`this` is empty).
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
    pub element: &'static str,
    /// The text in this report (for a plan not followed: this year's measures element, or an
    /// empty span at the start of the body).
    pub this: Span,
    /// The text in the previous report.
    pub other: Span,
    /// Similarity of the two units (0 for a plan not followed).
    pub similarity: f64,
}

fn element_units(checked: &Checked, key: &str) -> (Option<Span>, Vec<Unit>) {
    let Some(body) = checked.elements.get(key).and_then(crate::rules::elements::ElementFound::body) else {
        return (None, Vec::new());
    };
    (Some(body), units(checked.document.text(body), body.start))
}

/// Compares `this` report with `previous`, the same issuer's report of the year before.
#[must_use]
pub fn compare_with_previous(this: &Checked, previous: &Checked, thresholds: Thresholds) -> Vec<PreviousFinding> {
    let mut out = Vec::new();
    let none = |_: &Unit| false;
    for key in ["shortcomings", "causes", "next_year_plan"] {
        let (this_body, a) = element_units(this, key);
        let (_, b) = element_units(previous, key);
        let cmp: TextComparison = compare_units(&a, &b, thresholds.copied, &none);
        let unrectified = key == "shortcomings"
            && this_body.is_some_and(|s| {
                let t = this.document.text(s);
                !t.contains("整改") && !t.contains("改进")
            });
        for m in cmp.matches {
            // 原因 is often read inside the 不足 part: a unit already reported is not reported again.
            if out.iter().any(|f: &PreviousFinding| f.this == m.this) {
                continue;
            }
            let kind = if unrectified { PreviousKind::ShortcomingUnrectified } else { PreviousKind::Copied };
            out.push(PreviousFinding {
                kind,
                element: key_name(key),
                this: m.this,
                other: m.other,
                similarity: m.similarity,
            });
        }
    }
    let (measures_body, measures) = element_units(this, "measures_and_results");
    // Last year's achievements may sit in any part of its body (a report often opens with a
    // part on 学习贯彻 before its 主要举措 part), so the whole body is searched.
    let body = previous.document.body;
    let last_measures = units(previous.document.text(body), body.start);
    for m in compare_units(&measures, &last_measures, thresholds.repeated, &none).matches {
        out.push(PreviousFinding {
            kind: PreviousKind::Repeated,
            element: "measures_and_results",
            this: m.this,
            other: m.other,
            similarity: m.similarity,
        });
    }
    let (_, last_plan) = element_units(previous, "next_year_plan");
    let traced = compare_units(&last_plan, &measures, thresholds.trace, &none);
    let anchor = measures_body.unwrap_or(Span::new(this.document.body.start, this.document.body.start));
    // A plan item is a line of last year's plan (（一）… with its sentences): it is followed up
    // when any of its sentences has a trace in this year's measures.
    let source = &previous.document.source;
    let mut items: Vec<(usize, Span, bool)> = Vec::new();
    for unit in &last_plan {
        let line = source.position(unit.span.start).line;
        let is_traced = traced.matches.iter().any(|m| m.this == unit.span);
        match items.last_mut() {
            Some((l, span, t)) if *l == line => {
                span.end = unit.span.end;
                *t |= is_traced;
            }
            _ => items.push((line, unit.span, is_traced)),
        }
    }
    for (_, span, _) in items.into_iter().filter(|i| !i.2) {
        out.push(PreviousFinding {
            kind: PreviousKind::PlanNotFollowed,
            element: "next_year_plan",
            this: anchor,
            other: span,
            similarity: 0.0,
        });
    }
    out
}

fn key_name(key: &str) -> &'static str {
    match key {
        "shortcomings" => "shortcomings",
        "causes" => "causes",
        _ => "next_year_plan",
    }
}
