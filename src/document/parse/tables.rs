//! Tables of the text. Those a reader marked (Word, HTML) are laid out on a grid, as Word and
//! browsers lay out merged cells. In the rest of the text, whatever the format, tables are
//! recognised from the way they were written down: cells separated by TAB or `|` (`delimited`),
//! rows of space-separated figures as PDF text gives them (`figures`), and one cell per line as
//! copied web pages and Word tables give them (`cell_lines`). Lines a table covers are kept out
//! of the prose structure (headings, paragraphs, sentences), so a row that starts with 一、 is
//! never a heading, and the prose rules never read a figure column as a sentence.

mod cell_lines;
mod delimited;
mod figures;

use std::sync::LazyLock;

use regex::Regex;

use crate::document::ordinal::{Scheme, parse_marker};
use crate::document::table::{Cell, Row, Table, TableSource};
use crate::source::{InputFormat, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, SourceFile, Span, TableShape};

/// The tables of `source`, in text order: the reader's, then those recognised in the lines no
/// reader table holds.
#[must_use]
pub fn find(source: &SourceFile) -> Vec<Table> {
    let kind = match source.origin.format {
        InputFormat::Docx => TableSource::Docx,
        InputFormat::Pdf => TableSource::Pdf,
        _ => TableSource::Html,
    };
    let mut tables: Vec<Table> =
        source.origin.tables.iter().filter(|shape| !shape.rows.is_empty()).map(|shape| lay_out(shape, kind)).collect();
    let mut lines = Lines::new(source, tables.iter().map(|table| table.span).collect());
    let found = delimited::find(&lines);
    lines.take(&found);
    tables.extend(found);
    let figure_rows =
        if source.origin.format == InputFormat::Pdf { TableSource::Pdf } else { TableSource::CellPerLine };
    let found = figures::find(&lines, figure_rows);
    lines.take(&found);
    tables.extend(found);
    let found = cell_lines::find(&lines);
    tables.extend(found);
    tables.sort_by_key(|table| table.span.start);
    tables
}

/// The lines of the text as the recognisers read them, and the spans tables already hold.
struct Lines<'a> {
    source: &'a SourceFile,
    /// Spans of the tables found so far, sorted and disjoint.
    taken: Vec<Span>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a SourceFile, mut taken: Vec<Span>) -> Self {
        taken.sort_by_key(|span| span.start);
        Self { source, taken }
    }

    /// Number of lines (1-based line numbers run from 1 to this).
    fn count(&self) -> usize {
        self.source.line_count()
    }

    /// Line `number` without its line ending.
    fn raw(&self, number: usize) -> Span {
        self.source.line_span(number)
    }

    /// Line `number` without surrounding white space (an empty span for a blank line).
    fn content(&self, number: usize) -> Span {
        trimmed(self.source, self.raw(number), char::is_whitespace)
    }

    /// The text of line `number` without surrounding white space.
    fn text(&self, number: usize) -> &'a str {
        self.source.slice(self.content(number))
    }

    /// Whether a table found earlier holds any of line `number`.
    fn is_taken(&self, number: usize) -> bool {
        let raw = self.raw(number);
        let idx = self.taken.partition_point(|span| span.end <= raw.start);
        self.taken.get(idx).is_some_and(|span| span.start < raw.end.max(raw.start + 1))
    }

    fn take(&mut self, tables: &[Table]) {
        self.taken.extend(tables.iter().map(|table| table.span));
        self.taken.sort_by_key(|span| span.start);
    }
}

/// `span` without the characters `strip` matches at either end.
fn trimmed(source: &SourceFile, span: Span, strip: impl Fn(char) -> bool + Copy) -> Span {
    let text = source.slice(span);
    let inner = text.trim_start_matches(strip);
    let start = span.start + (text.len() - inner.len());
    Span::new(start, start + inner.trim_end_matches(strip).len())
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-−－+]?\d+(?:[,，]\d{3})*(?:\.\d+)?\s*(?:%|％|‰|元|万元|亿元|件|个|条|项|人|次|户|家|宗)?|[/／\-—–－]{1,2}|——)$",
    )
    .expect("figure pattern is valid")
});

/// Whether a cell's text is a figure: a number (a sign, thousands separators, decimals, a
/// percent sign or a unit after it), or a slash or dash standing for "none".
fn is_figure(text: &str) -> bool {
    text.len() <= 40 && FIGURE.is_match(text)
}

/// Whether a cell's text is a number (a figure with digits).
fn is_number(text: &str) -> bool {
    is_figure(text) && text.chars().any(|c| c.is_ascii_digit())
}

/// The scheme of a line's ordinal marker when it is one of a part or a section heading
/// (一、 or （一）), which a table's caption or the report's next part starts with.
fn heading_scheme(text: &str) -> Option<Scheme> {
    parse_marker(text).map(|marker| marker.scheme).filter(|s| matches!(s, Scheme::ChineseComma | Scheme::ParenChinese))
}

/// Whether a cell's text is only an ordinal marker (一、 typed before a TAB, as a numbered
/// paragraph is written), not a cell.
fn is_bare_marker(text: &str) -> bool {
    parse_marker(text).is_some_and(|marker| marker.len == text.len())
}

/// A table from rows of cell spans, at most `MAX_TABLE_COLUMNS` cells a row and
/// `MAX_TABLE_CELLS` cells in all (the rest is dropped); `None` without rows. The first row is
/// a header when it holds no figure.
fn build(source: &SourceFile, span: Span, rows: Vec<Vec<Span>>, kind: TableSource) -> Option<Table> {
    let mut budget = MAX_TABLE_CELLS;
    let mut built = Vec::with_capacity(rows.len());
    for cells in rows {
        if cells.is_empty() || budget == 0 {
            continue;
        }
        let cells: Vec<Cell> = cells
            .into_iter()
            .take(MAX_TABLE_COLUMNS.min(budget))
            .enumerate()
            .map(|(col, span)| Cell { span, col, col_span: 1, row_span: 1, header: false })
            .collect();
        budget -= cells.len();
        let row_span = Span::new(cells[0].span.start, cells[cells.len() - 1].span.end);
        built.push(Row { span: row_span, cells });
    }
    let first = built.first_mut()?;
    if !first.cells.iter().any(|cell| is_figure(source.slice(cell.span))) {
        for cell in &mut first.cells {
            cell.header = true;
        }
    }
    Some(Table { span, rows: built, source: kind })
}

/// Places the cells of `shape` on the grid: each cell takes the first column from the left not
/// already covered by a cell merged down from a row above.
fn lay_out(shape: &TableShape, source: TableSource) -> Table {
    // For each column, the number of rows below the current one still covered from above.
    let mut covered: Vec<usize> = Vec::new();
    let mut rows = Vec::with_capacity(shape.rows.len());
    for row in &shape.rows {
        let mut col = row.skip.min(MAX_TABLE_COLUMNS);
        let mut cells = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            while col < covered.len() && covered[col] > 0 {
                col += 1;
            }
            if col >= MAX_TABLE_COLUMNS {
                break;
            }
            let col_span = cell.col_span.clamp(1, MAX_TABLE_COLUMNS - col);
            let row_span = cell.row_span.max(1);
            if covered.len() < col + col_span {
                covered.resize(col + col_span, 0);
            }
            for slot in &mut covered[col..col + col_span] {
                // The row itself counts as one; the counter drops by one at the end of each row.
                *slot = (*slot).max(row_span);
            }
            cells.push(Cell { span: cell.span, col, col_span, row_span, header: cell.header });
            col += col_span;
        }
        for slot in &mut covered {
            *slot = slot.saturating_sub(1);
        }
        rows.push(Row { span: row.span, cells });
    }
    Table { span: shape.span, rows, source }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{CellShape, RowShape};

    fn cell(start: usize, col_span: usize, row_span: usize) -> CellShape {
        CellShape { span: Span::new(start, start + 1), col_span, row_span, header: false }
    }

    #[test]
    fn cells_merged_down_push_the_next_rows_cells_right() {
        // | A (2 rows) | B | C (2 rows, 2 columns) |
        // |            | D |                       |
        // | E          | F | G | H                 |
        let shape = TableShape {
            span: Span::new(0, 30),
            rows: vec![
                RowShape { span: Span::new(0, 9), cells: vec![cell(0, 1, 2), cell(2, 1, 1), cell(4, 2, 2)], skip: 0 },
                RowShape { span: Span::new(10, 19), cells: vec![cell(10, 1, 1)], skip: 0 },
                RowShape {
                    span: Span::new(20, 30),
                    cells: vec![cell(20, 1, 1), cell(22, 1, 1), cell(24, 1, 1), cell(26, 1, 1)],
                    skip: 0,
                },
            ],
        };
        let table = lay_out(&shape, TableSource::Html);
        let cols = |r: usize| table.rows[r].cells.iter().map(|c| c.col).collect::<Vec<_>>();
        assert_eq!(cols(0), vec![0, 1, 2]);
        assert_eq!(cols(1), vec![1]);
        assert_eq!(cols(2), vec![0, 1, 2, 3]);
        assert_eq!(table.width(), 4);
        assert_eq!(table.cell_at(1, 3).map(|c| c.span.start), Some(4));
    }

    #[test]
    fn a_huge_colspan_is_clamped_and_skip_moves_the_first_cell() {
        let shape = TableShape {
            span: Span::new(0, 9),
            rows: vec![RowShape { span: Span::new(0, 9), cells: vec![cell(0, 1, 1), cell(2, 1_000_000, 1)], skip: 2 }],
        };
        let table = lay_out(&shape, TableSource::Docx);
        assert_eq!(table.rows[0].cells[0].col, 2);
        assert_eq!(table.width(), MAX_TABLE_COLUMNS);
    }
}
