//! The shape of a Word table (`w:tbl`) as the body walk reads it: rows (`w:tr`), cells
//! (`w:tc`) with `w:gridSpan`, `w:vMerge` (the restart cell covers the rows it is continued in;
//! continued cells are not repeated), `w:gridBefore` and header rows (`w:tblHeader`).
//!
//! The text keeps the walk's layout, one line per paragraph, so a cell may cover several lines
//! and a row the lines of all its cells. A nested table is read as text of the cell that holds
//! it, never as rows of the outer table; a table that only lays out text (see `marked_table`)
//! is no table, and a data table nested in one is a table of its own.

use std::collections::HashMap;

use roxmltree::Node;

use super::super::marked_table::{CellFacts, bounded, holds_data};
use super::body::descendants_skipping;
use super::xml::{attr, child, is_on};
use crate::source::{CellShape, MAX_TABLE_COLUMNS, RowShape, Span, TableShape};

/// A table being walked: the shape planned from its markup, filled with the text of each
/// cell as the walk emits it.
#[derive(Debug)]
pub(super) struct Building {
    /// Where the table's text starts.
    start: usize,
    rows: Vec<RowShape>,
    /// For each `w:tc` in reading order: its row and its index among the row's cells (`None`
    /// for a continued merge, which is no cell of its own).
    jobs: Vec<(usize, Option<usize>)>,
    /// The text of each job (trimmed), once walked; `None` when it gave none.
    texts: Vec<Option<Span>>,
    /// Whether each job's text holds a heading paragraph.
    headings: Vec<bool>,
    /// The job being walked and where its text starts.
    current: Option<(usize, usize)>,
}

/// A walked table, before it is known to hold data.
#[derive(Debug)]
pub(super) struct Candidate {
    shape: TableShape,
    /// For each row, whether each cell holds a heading.
    headings: Vec<Vec<bool>>,
}

/// The cells of `tbl` in reading order (with their 1-based row and column for `Place::Cell`)
/// and the shape to fill; `start` is where the table's text will start.
pub(super) fn plan<'a, 'i>(tbl: Node<'a, 'i>, start: usize) -> (Vec<(Node<'a, 'i>, usize, usize)>, Building) {
    let mut cells = Vec::new();
    let mut building =
        Building { start, rows: Vec::new(), jobs: Vec::new(), texts: Vec::new(), headings: Vec::new(), current: None };
    // Grid column → (row, cell) of a vertical merge open in the row above.
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for (row_idx, tr) in descendants_skipping(tbl, "tr", "tbl").into_iter().enumerate() {
        let properties = child(tr, "trPr");
        let skip = properties.and_then(|p| child(p, "gridBefore")).and_then(number).unwrap_or(0).min(MAX_TABLE_COLUMNS);
        let header = properties.and_then(|p| child(p, "tblHeader")).is_some_and(is_on);
        let mut row = RowShape { span: Span::default(), cells: Vec::new(), skip };
        let mut still_open = HashMap::new();
        let mut col = skip;
        for (column_idx, tc) in descendants_skipping(tr, "tc", "tbl").into_iter().enumerate() {
            cells.push((tc, row_idx + 1, column_idx + 1));
            let properties = child(tc, "tcPr");
            let col_span = properties.and_then(|p| child(p, "gridSpan")).and_then(number).unwrap_or(1);
            let col_span = col_span.clamp(1, MAX_TABLE_COLUMNS);
            let merge = properties.and_then(|p| child(p, "vMerge")).map(|m| attr(m, "val").unwrap_or("continue"));
            // A continued cell with nothing to continue (a file Word would repair) is a cell.
            let continued = (merge == Some("continue")).then(|| open.get(&col).copied()).flatten();
            let cell_idx = if let Some((from_row, from_cell)) = continued {
                let from: &mut RowShape = &mut building.rows[from_row];
                from.cells[from_cell].row_span += 1;
                still_open.insert(col, (from_row, from_cell));
                None
            } else {
                row.cells.push(CellShape { span: Span::default(), col_span, row_span: 1, header });
                if merge == Some("restart") {
                    still_open.insert(col, (row_idx, row.cells.len() - 1));
                }
                Some(row.cells.len() - 1)
            };
            building.jobs.push((row_idx, cell_idx));
            col = col.saturating_add(col_span);
        }
        open = still_open;
        building.rows.push(row);
    }
    building.texts = vec![None; building.jobs.len()];
    building.headings = vec![false; building.jobs.len()];
    (cells, building)
}

/// A `w:val` that is a count (`w:gridSpan`, `w:gridBefore`).
fn number(node: Node<'_, '_>) -> Option<usize> {
    attr(node, "val")?.trim().parse().ok()
}

impl Building {
    /// The walk moves on to the next cell, whose text starts at `text.len()`; the cell walked
    /// before (if any) ends there. `levels` are the heading levels recorded so far.
    pub(super) fn next_cell(&mut self, text: &str, levels: &[(usize, u8)]) {
        let next = self.current.map_or(0, |(job, _)| job + 1);
        self.close(text, levels);
        self.current = Some((next, text.len()));
    }

    /// The walk has left the table: the last cell ends at `text.len()`.
    pub(super) fn finish(mut self, text: &str, levels: &[(usize, u8)]) -> Candidate {
        self.close(text, levels);
        // Empty cells and rows sit where the text before them ends.
        let mut cursor = self.start;
        let mut row_spans: Vec<Option<Span>> = vec![None; self.rows.len()];
        let mut headings: Vec<Vec<bool>> = self.rows.iter().map(|row| vec![false; row.cells.len()]).collect();
        for (job, &(row_idx, cell_idx)) in self.jobs.iter().enumerate() {
            let span = self.texts[job].unwrap_or(Span::new(cursor, cursor));
            cursor = span.end;
            let row_span = &mut row_spans[row_idx];
            *row_span = Some(row_span.map_or(span, |s| Span::new(s.start, span.end)));
            if let Some(cell_idx) = cell_idx {
                self.rows[row_idx].cells[cell_idx].span = span;
                headings[row_idx][cell_idx] = self.headings[job];
            }
        }
        let mut cursor = self.start;
        for (row, span) in self.rows.iter_mut().zip(row_spans) {
            row.span = span.unwrap_or(Span::new(cursor, cursor));
            cursor = row.span.end;
        }
        let start = self.rows.first().map_or(self.start, |row| row.span.start);
        let shape = TableShape { span: Span::new(start, cursor.max(start)), rows: self.rows };
        Candidate { shape, headings }
    }

    fn close(&mut self, text: &str, levels: &[(usize, u8)]) {
        let Some((job, start)) = self.current.take() else { return };
        if job >= self.jobs.len() {
            return;
        }
        let raw = &text[start..];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            self.texts[job] = Some(Span::new(start + lead, start + lead + trimmed.len()));
        }
        let first_level = levels.partition_point(|(offset, _)| *offset < start);
        self.headings[job] = first_level < levels.len();
    }
}

/// The shapes of the walked tables that hold data, in text order, each within the bounds of
/// `marked_table::bounded`. A table inside a data table is part of its cell's text.
pub(super) fn select(mut candidates: Vec<Candidate>, text: &str) -> Vec<TableShape> {
    candidates.sort_by_key(|c| (c.shape.span.start, std::cmp::Reverse(c.shape.span.end)));
    let mut shapes = Vec::new();
    let mut inside_until = 0;
    for candidate in candidates {
        let span = candidate.shape.span;
        if span.start < inside_until {
            continue;
        }
        let facts: Vec<Vec<CellFacts<'_>>> = candidate
            .shape
            .rows
            .iter()
            .zip(&candidate.headings)
            .map(|(row, headings)| {
                row.cells
                    .iter()
                    .zip(headings)
                    .map(|(cell, heading)| CellFacts { text: &text[cell.span.range()], heading: *heading })
                    .collect()
            })
            .collect();
        if holds_data(&facts, text.len())
            && let Some(shape) = bounded(candidate.shape)
        {
            inside_until = span.end;
            shapes.push(shape);
        }
    }
    shapes
}
