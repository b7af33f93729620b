//! Tables of a report: rows of cells with their spans in the text, whatever format the table
//! came from.
//!
//! A merged cell is one `Cell` whose `col_span`/`row_span` cover several grid positions;
//! `Table::grid` tells which cell covers a position. Rules that read figures use the grid;
//! the prose rules skip every line a table covers.

use serde::Serialize;

use crate::source::Span;

/// How a table was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableSource {
    /// A Word table (`w:tbl`).
    Docx,
    /// An HTML `<table>`.
    Html,
    /// Plain-text lines with cells separated by TAB.
    Tabs,
    /// Plain-text lines with cells separated by `|` (Markdown or drawn tables).
    Pipes,
    /// A table copied out of a page or PDF one cell per line: labels followed by their figures.
    CellPerLine,
    /// Rows found in text extracted from a PDF.
    Pdf,
}

/// One table.
#[derive(Debug, Clone)]
pub struct Table {
    /// From the first to the last row.
    pub span: Span,
    /// The rows in order.
    pub rows: Vec<Row>,
    /// How it was recognised.
    pub source: TableSource,
}

/// One row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    /// From the first to the last cell of the row.
    pub span: Span,
    /// The cells that start in this row, left to right.
    pub cells: Vec<Cell>,
}

/// One cell.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// The cell's text without surrounding white space; an empty cell has an empty span where
    /// it stands.
    pub span: Span,
    /// Grid column of the cell's first column (0-based).
    pub col: usize,
    /// Columns the cell covers (1 unless merged across).
    pub col_span: usize,
    /// Rows the cell covers (1 unless merged down).
    pub row_span: usize,
    /// A header cell (`<th>`, a repeated Word header row), as the format marks it.
    pub header: bool,
}

impl Table {
    /// Number of grid columns: the widest row, merged cells counted by what they cover.
    #[must_use]
    pub fn width(&self) -> usize {
        self.rows.iter().flat_map(|row| row.cells.iter().map(|cell| cell.col + cell.col_span)).max().unwrap_or(0)
    }

    /// For every grid position (row, column), the (row, index in that row's `cells`) of the cell
    /// covering it; `None` where no cell does (a short row).
    #[must_use]
    pub fn grid(&self) -> Vec<Vec<Option<(usize, usize)>>> {
        let width = self.width();
        let mut grid = vec![vec![None; width]; self.rows.len()];
        for (row_idx, row) in self.rows.iter().enumerate() {
            for (cell_idx, cell) in row.cells.iter().enumerate() {
                for covered in grid.iter_mut().skip(row_idx).take(cell.row_span.max(1)) {
                    for slot in covered.iter_mut().skip(cell.col).take(cell.col_span.max(1)) {
                        if slot.is_none() {
                            *slot = Some((row_idx, cell_idx));
                        }
                    }
                }
            }
        }
        grid
    }

    /// The cell covering grid position (`row`, `col`).
    #[must_use]
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        let grid = self.grid();
        let (r, c) = (*grid.get(row)?.get(col)?)?;
        Some(&self.rows[r].cells[c])
    }

    /// Whether byte `offset` of the text lies inside the table.
    #[must_use]
    pub fn contains_offset(&self, offset: usize) -> bool {
        self.span.contains_offset(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(start: usize, col: usize, col_span: usize, row_span: usize) -> Cell {
        Cell { span: Span::new(start, start + 1), col, col_span, row_span, header: false }
    }

    #[test]
    fn merged_cells_cover_their_grid_positions() {
        // | A (2 rows) | B C (2 columns) |
        // |            | D     | E       |
        let table = Table {
            span: Span::new(0, 10),
            rows: vec![
                Row { span: Span::new(0, 4), cells: vec![cell(0, 0, 1, 2), cell(2, 1, 2, 1)] },
                Row { span: Span::new(5, 10), cells: vec![cell(6, 1, 1, 1), cell(8, 2, 1, 1)] },
            ],
            source: TableSource::Html,
        };
        assert_eq!(table.width(), 3);
        let grid = table.grid();
        assert_eq!(grid[0], vec![Some((0, 0)), Some((0, 1)), Some((0, 1))]);
        assert_eq!(grid[1], vec![Some((0, 0)), Some((1, 0)), Some((1, 1))]);
        assert_eq!(table.cell_at(1, 0).map(|c| c.span.start), Some(0));
        assert_eq!(table.cell_at(1, 2).map(|c| c.span.start), Some(8));
        assert!(table.cell_at(2, 0).is_none());
    }
}
