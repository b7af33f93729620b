//! The checks of a `table` rule that read the table alone: relations (`sums`), value cells
//! (`cells`), figures some issuers cannot have (`values`), and a table that is not there
//! (`missing`).

use super::read::{self, Found, Value, normalize, show};
use super::{Per, TableRule, TableSpec};
use crate::document::{Cell, Document, Table};
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::context::Ctx;
use crate::rules::elements::ElementStatus;
use crate::rules::kinds::filled;
use crate::source::Span;

/// The placeholders every finding of the kind fills, in the order of [`Kind::placeholders`].
#[derive(Debug, Default)]
pub(super) struct Values {
    pub text: String,
    pub table: String,
    pub row: String,
    pub column: String,
    pub written: String,
    pub computed: String,
    pub relation: String,
    pub issuer: String,
}

/// A finding of `rule` at `span` with its message and help filled from `values`.
pub(super) fn finding(rule: &Rule, span: Span, values: &Values) -> Finding {
    let pairs = [
        ("text", values.text.as_str()),
        ("table", values.table.as_str()),
        ("row", values.row.as_str()),
        ("column", values.column.as_str()),
        ("written", values.written.as_str()),
        ("computed", values.computed.as_str()),
        ("relation", values.relation.as_str()),
        ("issuer", values.issuer.as_str()),
    ];
    filled(rule, span, &rule.message, &pairs)
}

/// Every declared table of the rule, found: the spec, the report's tables it names, its rows.
pub(super) fn found<'a>(rule: &'a TableRule, doc: &'a Document) -> Vec<(&'a TableSpec, Vec<&'a Table>, Found)> {
    rule.tables
        .iter()
        .map(|spec| {
            let tables = read::tables_of(doc, spec);
            let rows = read::find(doc, spec, &tables);
            (spec, tables, rows)
        })
        .collect()
}

/// `sums`: each relation in each column (or row) it covers; a blank total or a column whose parts
/// are all blank is unknown and skipped, a blank part beside written ones counts as 0 unless it
/// is itself a total whose parts hold figures, and a part with words in it leaves the relation
/// unchecked (`cells` reports the words).
pub(super) fn sums(rule: &TableRule, own: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    let found = found(rule, doc);
    for relation in &rule.relations {
        let (spec, _, rows) = &found[relation.table];
        let across = match relation.per {
            Per::Column => spec.columns.len(),
            Per::Row => spec.rows.len(),
        };
        let lines: Vec<usize> =
            if relation.within.is_empty() { (0..across).collect() } else { relation.within.clone() };
        for line in lines {
            // (row, column) of the cell that summed index `idx` names on this line.
            let at = |idx: usize| match relation.per {
                Per::Column => (idx, line),
                Per::Row => (line, idx),
            };
            let (total_row, total_col) = at(relation.total);
            let Some((total_cell, total_value)) = rows.value(doc, spec, total_row, total_col) else { continue };
            let Some(written) = total_value.number() else { continue };
            let mut computed = 0.0;
            let mut any = false;
            let mut unreadable = false;
            for (minus, part) in &relation.parts {
                let (row, col) = at(*part);
                match rows.value(doc, spec, row, col).map(|(_, v)| v) {
                    Some(Value::Number { value, .. }) => {
                        any = true;
                        computed += if *minus { -value } else { value };
                    }
                    Some(Value::Text) => unreadable = true,
                    Some(Value::Blank) if blank_total_with_figures(rule, doc, spec, rows, relation.table, row, col) => {
                        unreadable = true;
                    }
                    _ => {}
                }
            }
            if !any || unreadable || (computed - written).abs() < 1e-6 {
                continue;
            }
            let values = Values {
                text: doc.text(total_cell.span).to_string(),
                table: spec.label.clone(),
                row: spec.rows[total_row].label.clone(),
                column: spec.columns.get(total_col).map(|c| c.label.clone()).unwrap_or_default(),
                written: show(written),
                computed: show(computed),
                relation: relation.words.clone(),
                issuer: String::new(),
            };
            let mut f = finding(own, total_cell.span, &values);
            if let Some(severity) = relation.severity {
                f.severity = severity;
            }
            out.push(f);
        }
    }
}

/// Whether the blank cell at (`row`, `col`) of table `table` is the total of some relation of the
/// rule whose parts on its line hold a figure other than 0: a 总计 left blank beside filled
/// figures is unknown, so a relation that sums it is unknown too, not short by the missing sum.
fn blank_total_with_figures(
    rule: &TableRule,
    doc: &Document,
    spec: &TableSpec,
    rows: &Found,
    table: usize,
    row: usize,
    col: usize,
) -> bool {
    rule.relations.iter().filter(|r| r.table == table).any(|other| {
        let (total, line) = match other.per {
            Per::Column => (row, col),
            Per::Row => (col, row),
        };
        if other.total != total || !(other.within.is_empty() || other.within.contains(&line)) {
            return false;
        }
        other.parts.iter().any(|(_, part)| {
            let (part_row, part_col) = match other.per {
                Per::Column => (*part, line),
                Per::Row => (line, *part),
            };
            rows.value(doc, spec, part_row, part_col)
                .and_then(|(_, value)| value.number())
                .is_some_and(|figure| figure.abs() > 1e-9)
        })
    })
}

/// `cells`: words where a figure belongs.
pub(super) fn cells(rule: &TableRule, own: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    for (spec, _, rows) in found(rule, doc) {
        for (row_idx, row) in rows.rows.iter().enumerate() {
            let Some(row) = row else { continue };
            let count = if spec.columns.is_empty() { row.values.len() } else { spec.columns.len() };
            for col in 0..count {
                let cell: Option<Cell> =
                    if spec.columns.is_empty() { row.values.get(col).copied() } else { row.cell(col, &spec.columns) };
                let Some(cell) = cell else { continue };
                let text = doc.text(cell.span);
                let column = spec.columns.get(col);
                let values = Values {
                    text: text.to_string(),
                    table: spec.label.clone(),
                    row: spec.rows[row_idx].label.clone(),
                    column: column.map(|c| c.label.clone()).unwrap_or_default(),
                    ..Values::default()
                };
                if read::value(text) == Value::Text {
                    out.push(finding(own, cell.span, &values));
                }
            }
        }
    }
}

/// `values`: for a report whose issuer a constraint names, the first figure of its row above
/// `max` (a town's 规章 count).
pub(super) fn values(rule: &TableRule, own: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    let Some(issuer) = doc.issuer_text() else { return };
    let found = found(rule, doc);
    for constraint in &rule.constraints {
        if !constraint.issuer.is_match(&issuer) || constraint.not_issuer.as_ref().is_some_and(|p| p.is_match(&issuer)) {
            continue;
        }
        let (spec, _, rows) = &found[constraint.table];
        let Some(row) = &rows.rows[constraint.row] else { continue };
        let over = row.values.iter().enumerate().find_map(|(col, cell)| {
            let figure = read::value(doc.text(cell.span)).number()?;
            (figure > constraint.max + 1e-9).then_some((col, *cell, figure))
        });
        if let Some((col, cell, figure)) = over {
            let column = if spec.columns.is_empty() { None } else { spec.columns.get(col) };
            let values = Values {
                text: doc.text(cell.span).to_string(),
                table: spec.label.clone(),
                row: spec.rows[constraint.row].label.clone(),
                column: column.map(|c| c.label.clone()).unwrap_or_default(),
                written: show(figure),
                computed: show(constraint.max),
                issuer: issuer.clone(),
                ..Values::default()
            };
            out.push(finding(own, cell.span, &values));
        }
    }
}

/// Whether a line of text is a row of five or more figures (`0 0 0 0 0`, as a PDF gives a
/// table row): the table is there, though not read as one.
fn is_figure_row(line: &str) -> bool {
    let cells: Vec<&str> = line.split(['\t', ' ', '|']).filter(|c| !c.is_empty()).collect();
    cells.iter().filter(|c| read::value(c).number().is_some()).count() >= 5
}

/// `missing`: a declared table whose part has a heading but neither a table nor the table's
/// labels as text (the reader may not have recognised a table whose rows are there). One
/// finding on the heading; the other checks find no table and stay silent.
pub(super) fn missing(rule: &TableRule, own: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    for (spec, tables, _) in found(rule, doc) {
        let Some(key) = &spec.element else { continue };
        let Some(element) = ctx.elements.get(key) else { continue };
        let (ElementStatus::Heading, Some(heading), Some(section)) = (element.status, element.heading, element.section)
        else {
            continue;
        };
        // A table anywhere (an appendix at the end) is the table.
        if !tables.is_empty() || !section.contains_offset(doc.headings[heading].span.start) {
            continue;
        }
        let body = element.body().map(|span| doc.text(span)).unwrap_or_default();
        if spec.anchors.iter().any(|anchor| anchor.is_match(&normalize(body))) || body.lines().any(is_figure_row) {
            continue;
        }
        let span = doc.headings[heading].span;
        let values = Values {
            text: doc.text(span).to_string(),
            table: spec.label.clone(),
            row: String::new(),
            column: String::new(),
            ..Values::default()
        };
        out.push(finding(own, span, &values));
    }
}
