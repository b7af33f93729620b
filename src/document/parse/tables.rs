//! Tables of the text: those the reader marked (Word, HTML) laid out on a grid, as Word and
//! browsers lay out merged cells. Lines a table covers are kept out of the prose structure
//! (headings, paragraphs, sentences), so a row that starts with 一、 is never a heading.

use crate::document::table::{Cell, Row, Table, TableSource};
use crate::source::{InputFormat, MAX_TABLE_COLUMNS, SourceFile, TableShape};

/// The tables of `source`, in text order.
#[must_use]
pub fn find(source: &SourceFile) -> Vec<Table> {
    let kind = match source.origin.format {
        InputFormat::Docx => TableSource::Docx,
        InputFormat::Pdf => TableSource::Pdf,
        _ => TableSource::Html,
    };
    let mut tables: Vec<Table> =
        source.origin.tables.iter().filter(|shape| !shape.rows.is_empty()).map(|shape| lay_out(shape, kind)).collect();
    tables.sort_by_key(|table| table.span.start);
    tables
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
    use crate::source::{CellShape, RowShape, Span};

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
