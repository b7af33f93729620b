//! `prose`: the figures a part states in words (新收申请859件, 行政复议7件, 均获维持) against the
//! cells of the table that holds them. Mismatches of one sentence are one finding that quotes
//! each figure and the table's.

use super::checks::{Values, finding, found};
use super::read::{Found, Value, show};
use super::{Claim, TableRule, TableSpec};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::context::Ctx;
use crate::source::Span;

/// The sum of the filled cells of `rows` × `columns`, or `None` when every one is blank (or
/// missing) or one holds words.
fn sum(doc: &Document, spec: &TableSpec, found: &Found, rows: &[usize], columns: &[usize]) -> Option<f64> {
    let mut total = 0.0;
    let mut any = false;
    for &row in rows {
        for &col in columns {
            match found.value(doc, spec, row, col).map(|(_, v)| v) {
                Some(Value::Number { value, .. }) => {
                    total += value;
                    any = true;
                }
                Some(Value::Text) => return None,
                _ => {}
            }
        }
    }
    any.then_some(total)
}

/// What the table holds for the claim's rows: its columns, else its fallback columns (a table
/// that leaves 总计 blank in sub-rows and fills the others).
fn held(doc: &Document, spec: &TableSpec, found: &Found, claim: &Claim, rows: &[usize]) -> Option<f64> {
    sum(doc, spec, found, rows, &claim.columns).or_else(|| sum(doc, spec, found, rows, &claim.fallback_columns))
}

/// One figure of the text that the table contradicts.
struct Mismatch {
    span: Span,
    words: String,
}

/// Runs every claim over the text of the rule's element.
pub(super) fn run(rule: &TableRule, own: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    let Some(body) = rule.within.as_deref().and_then(|key| ctx.elements.get(key)).and_then(|e| e.section) else {
        return;
    };
    let text = doc.text(body);
    let tables = found(rule, doc);
    // The figures already read by an earlier claim: 予以公开及部分公开258件 is not also 部分公开258件.
    let mut taken: Vec<Span> = Vec::new();
    let mut mismatches: Vec<Mismatch> = Vec::new();
    for claim in &rule.claims {
        let (spec, found_tables, found) = &tables[claim.table];
        if found_tables.is_empty() {
            continue;
        }
        for caps in claim.pattern.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let span = Span::new(body.start + whole.start(), body.start + whole.end());
            if doc.tables.iter().any(|t| t.contains_offset(span.start)) {
                continue;
            }
            let quoted = whole.as_str();
            match (caps.name("n"), claim.expect) {
                (Some(n), _) => {
                    let figure_span = Span::new(body.start + n.start(), body.start + n.end());
                    if taken.iter().any(|t| t.start < figure_span.end && figure_span.start < t.end) {
                        continue;
                    }
                    taken.push(figure_span);
                    let Ok(stated) = n.as_str().parse::<f64>() else { continue };
                    let Some(in_table) = held(doc, spec, found, claim, &claim.rows) else { continue };
                    let agrees = (in_table - stated).abs() < 1e-6
                        || (!claim.or_rows.is_empty()
                            && held(doc, spec, found, claim, &claim.or_rows)
                                .is_some_and(|v| (v - stated).abs() < 1e-6));
                    if !agrees {
                        mismatches.push(Mismatch {
                            span,
                            words: format!("“{quoted}”，表中{}为{}{}", claim.label, show(in_table), claim.unit),
                        });
                    }
                }
                (None, Some(expect)) => {
                    let Some(in_table) = held(doc, spec, found, claim, &claim.rows) else { continue };
                    if (in_table - expect).abs() < 1e-6 {
                        continue;
                    }
                    let listed: Vec<String> = claim
                        .rows
                        .iter()
                        .flat_map(|&row| claim.columns.iter().map(move |&col| (row, col)))
                        .filter_map(|(row, col)| {
                            let figure = found.value(doc, spec, row, col)?.1.number()?;
                            (figure.abs() > 1e-9)
                                .then(|| format!("{}{}{}", spec.columns[col].label, show(figure), claim.unit))
                        })
                        .collect();
                    mismatches.push(Mismatch { span, words: format!("“{quoted}”，表中{}", listed.join("、")) });
                }
                (None, None) => {}
            }
        }
    }
    mismatches.sort_by_key(|m| m.span.start);
    let sentence_of = |offset: usize| {
        let idx = doc.sentences.partition_point(|s| s.start <= offset);
        idx.checked_sub(1).filter(|&i| doc.sentences[i].contains_offset(offset))
    };
    let mut idx = 0;
    while idx < mismatches.len() {
        let sentence = sentence_of(mismatches[idx].span.start);
        let mut end = idx + 1;
        while end < mismatches.len() && sentence.is_some() && sentence_of(mismatches[end].span.start) == sentence {
            end += 1;
        }
        let group = &mismatches[idx..end];
        let span = Span::new(group[0].span.start, group.iter().map(|m| m.span.end).max().unwrap_or(group[0].span.end));
        let words: Vec<&str> = group.iter().map(|m| m.words.as_str()).collect();
        let table = tables.first().map(|(spec, _, _)| spec.label.clone()).unwrap_or_default();
        let values = Values { text: words.join("；"), table, ..Values::default() };
        out.push(finding(own, span, &values));
        idx = end;
    }
}
