//! Tables the original marks as tables (Word `w:tbl`, HTML `<table>`): whether one holds data
//! or only lays out text, and the bounds every shape a reader hands over keeps.
//!
//! Government pages and Word files often put prose in a table: a CMS wraps the whole article
//! in a one-cell `<table>`, a 落款 sits in a borderless two-column table, a list of tasks has
//! a column of paragraphs. Taken as a data table, such a table would hide its text from every
//! prose rule (table lines are never headings, paragraphs or sentences), so a table is handed
//! over as a table only when it looks like one: several columns, short cells and at least one
//! figure. Anything else is read as text, as before tables were recognised.

use crate::source::{MAX_TABLE_CELLS, RowShape, Span, TableShape};

/// Most characters of running text in a cell of a data table. The longest label of the
/// national 政府信息公开 tables has about 40; a cell with more is a paragraph.
const MAX_DATA_CELL_CHARS: usize = 100;

/// What the decision needs to know about one cell.
#[derive(Debug, Clone, Copy)]
pub(super) struct CellFacts<'t> {
    /// The cell's text, nested tables included.
    pub text: &'t str,
    /// Whether the cell holds a heading (`h1`–`h6`, a Word heading style or outline level).
    pub heading: bool,
}

/// Whether a marked table holds data, from its rows of cells; `page_len` is the length in bytes
/// of all the text of the page or document, for "a cell holding most of the page".
///
/// A table is read as text (it lays out prose) when no row has two cells; when a cell holds a
/// heading, more than [`MAX_DATA_CELL_CHARS`] characters, two sentences or most of the page;
/// or when no cell holds a figure (a number, `/`, `—`, `无`) or none holds anything. Blank cells count as figures in
/// a table of at least three rows and three columns: a statistics table published without
/// its figures is still a table (its row labels 一、二、… must not become headings), while a
/// 落款 laid out with blank cells is not.
pub(super) fn holds_data(rows: &[Vec<CellFacts<'_>>], page_len: usize) -> bool {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns < 2 {
        return false;
    }
    let blanks_count = rows.len() >= 3 && columns >= 3;
    let (mut figures, mut words) = (false, false);
    for cell in rows.iter().flatten() {
        let text = cell.text.trim();
        if cell.heading || is_prose(text, page_len) {
            return false;
        }
        figures |= is_figure(text) || (blanks_count && text.is_empty());
        words |= !text.is_empty();
    }
    figures && words
}

/// Whether a cell's text is running prose rather than a label or a value.
fn is_prose(text: &str, page_len: usize) -> bool {
    // Counting characters only below four bytes a character keeps the cost of a long cell
    // (a whole article in one cell) constant.
    if text.len() > 4 * MAX_DATA_CELL_CHARS || text.chars().count() > MAX_DATA_CELL_CHARS {
        return true;
    }
    // Most of a short page in one cell: a frame around the article.
    if text.chars().count() >= 50 && 2 * text.len() > page_len {
        return true;
    }
    // Two sentences: a sentence end with more text after it.
    text.char_indices().any(|(idx, c)| matches!(c, '。' | '！' | '？') && !text[idx + c.len_utf8()..].trim().is_empty())
}

/// Whether a cell holds a figure: a number with at most a short unit (120件, 251000元, −417,
/// 12.5%, 2022年), or a sign that stands for one (`/`, `—`, `无`). A date is no figure.
fn is_figure(text: &str) -> bool {
    if matches!(text, "/" | "／" | "-" | "－" | "—" | "——" | "–" | "无") {
        return true;
    }
    if text.len() > 48 || (text.contains('年') && text.contains('月')) {
        return false;
    }
    let digits = text.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let others =
        text.chars().filter(|c| !c.is_ascii() && !('０'..='９').contains(c) && !"−－．，％".contains(*c)).count();
    digits > 0 && others <= 4
}

/// `shape` cut down to what a reader hands over: rows are kept while the table's grid (rows
/// times its widest row) stays within [`MAX_TABLE_CELLS`] positions, so a `colspan="1000"` on
/// 10,000 rows gives a table of 100 rows and the rest is read as text; a cell merged down
/// covers at most the rows left. `None` when no row is left.
pub(super) fn bounded(mut shape: TableShape) -> Option<TableShape> {
    let mut width = 0usize;
    let mut kept = 0usize;
    for (idx, row) in shape.rows.iter().enumerate() {
        let row_width = row.skip + row.cells.iter().map(|cell| cell.col_span.max(1)).sum::<usize>();
        width = width.max(row_width);
        if (idx + 1).saturating_mul(width.max(1)) > MAX_TABLE_CELLS {
            break;
        }
        kept = idx + 1;
    }
    shape.rows.truncate(kept);
    let rows = shape.rows.len();
    for (idx, row) in shape.rows.iter_mut().enumerate() {
        for cell in &mut row.cells {
            cell.row_span = cell.row_span.clamp(1, rows - idx);
        }
    }
    let last: &RowShape = shape.rows.last()?;
    shape.span = Span::new(shape.span.start.min(last.span.end), last.span.end);
    Some(shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::CellShape;

    fn facts<'t>(rows: &[&[&'t str]]) -> Vec<Vec<CellFacts<'t>>> {
        rows.iter().map(|row| row.iter().map(|text| CellFacts { text, heading: false }).collect()).collect()
    }

    #[test]
    fn a_statistics_table_holds_data() {
        let rows = facts(&[
            &["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "总计"],
            &["一、本年新收政府信息公开申请数量", "821", "10", "859"],
            &["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "", ""],
        ]);
        assert!(holds_data(&rows, 10_000));
        // Published without its figures: the blank cells stand for them.
        let empty = facts(&[&["", "自然人", "总计"], &["一、本年新收", "", ""], &["二、上年结转", "", ""]]);
        assert!(holds_data(&empty, 10_000));
        assert!(holds_data(&facts(&[&["规章", "/"], &["行政规范性文件", "−417"]]), 10_000));
    }

    #[test]
    fn prose_laid_out_in_a_table_is_text() {
        let long = "我区坚持依法行政，全面推进法治政府建设，取得明显成效".repeat(5);
        assert!(!holds_data(&facts(&[&[&long]]), 100_000), "one cell");
        assert!(!holds_data(&facts(&[&["1", &long]]), 100_000), "a long cell");
        assert!(!holds_data(&facts(&[&["1", "开展普法活动。印发实施方案"]]), 100_000), "two sentences");
        assert!(
            !holds_data(&facts(&[&["指标", "说明"], &["普法场次", "开展近600余场次，印发通知"]]), 100_000),
            "no figure"
        );
        assert!(!holds_data(&facts(&[&["", "某某区人民政府"], &["", "2024年3月1日"]]), 100_000), "a 落款");
        assert!(!holds_data(&facts(&[&["", "", ""], &["", "", ""], &["", "", ""]]), 100_000), "nothing at all");
        let mut headed = facts(&[&["一、总体情况", "1"]]);
        headed[0][0].heading = true;
        assert!(!holds_data(&headed, 100_000), "a heading");
        let most = "全面推进法治政府建设取得明显成效".repeat(4);
        assert!(!holds_data(&facts(&[&["1", &most]]), most.len() + 10), "most of the page");
        assert!(holds_data(&facts(&[&["1", &most]]), 100_000));
    }

    #[test]
    fn a_huge_table_is_cut_to_the_cell_budget() {
        let cell = CellShape { span: Span::new(0, 1), col_span: 1_000, row_span: 100_000, header: false };
        let rows = (0..10_000).map(|i| RowShape { span: Span::new(i * 2, i * 2 + 1), cells: vec![cell], skip: 0 });
        let shape = bounded(TableShape { span: Span::new(0, 20_000), rows: rows.collect() }).unwrap();
        assert_eq!(shape.rows.len(), MAX_TABLE_CELLS / 1_000);
        assert_eq!(shape.span, Span::new(0, 199));
        assert_eq!(shape.rows[0].cells[0].row_span, 100);
        assert_eq!(shape.rows[99].cells[0].row_span, 1);
        assert!(bounded(TableShape::default()).is_none());
    }
}
