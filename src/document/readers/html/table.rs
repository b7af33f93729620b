//! A `<table>` of the article: read as a table when it holds data (see `marked_table`), each
//! `<tr>` one line of its cells joined by TAB whatever blocks the cells hold, with its merges
//! (`colspan`, `rowspan`), header cells (`<th>`, rows of `<thead>`) and the text of nested
//! tables as text of their cell. A table that lays out the article is left to the text walk.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::super::marked_table::{CellFacts, holds_data};
use super::text::{BLOCKS, SKIPPED, heading_level, is_cjk, is_hidden};
use crate::source::MAX_TABLE_COLUMNS;

/// Most rows a cell can be merged down over, as browsers clamp `rowspan`.
const MAX_ROW_SPAN: usize = 65_534;

/// Nodes the table readings of one page may visit in all. A real page's tables have a few
/// thousand; a page of hundreds of tables nested in each other would otherwise be read once
/// per level. Past it, tables are read as text.
pub(super) const VISIT_BUDGET: usize = 2_000_000;

/// A data table read from the page: its caption and its rows as lines.
#[derive(Debug, Default)]
pub(super) struct DataTable {
    pub caption: Option<String>,
    pub rows: Vec<DataRow>,
}

/// One row: the line of its cells joined by TAB, and each cell's place in the line.
#[derive(Debug, Default)]
pub(super) struct DataRow {
    pub line: String,
    pub cells: Vec<DataCell>,
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub(super) struct DataCell {
    /// Byte range of the cell's text in its row's line.
    pub range: std::ops::Range<usize>,
    pub col_span: usize,
    pub row_span: usize,
    pub header: bool,
}

/// A cell while the table is read.
#[derive(Default)]
struct CellText {
    text: String,
    /// White space seen since the last character: `Some(true)` when it held a line break.
    pending: Option<bool>,
    /// A block boundary (`<p>`, `<br>`, a nested cell) since the last character: a space.
    gap: bool,
    col_span: usize,
    row_span: usize,
    header: bool,
    heading: bool,
}

impl CellText {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                let newline = c == '\n' || c == '\r';
                self.pending = Some(self.pending.unwrap_or(false) || newline);
                continue;
            }
            let previous = self.text.chars().next_back();
            if let Some(previous) = previous {
                // A line break in the page's source between two Chinese characters is layout
                // of the HTML file; a block boundary is a space.
                let joined = self.pending == Some(true) && is_cjk(previous) && is_cjk(c);
                if self.gap || (self.pending.is_some() && !joined) {
                    self.text.push(' ');
                }
            }
            (self.pending, self.gap) = (None, false);
            self.text.push(c);
        }
    }
}

/// Reads `table` as a data table, or `None` when it lays out text (or reading it would pass
/// what is left of `budget`, the nodes the page's tables may still visit). `page_len` is the
/// length of the article's text, for "a cell holding most of the page".
pub(super) fn read(table: ElementRef<'_>, page_len: usize, budget: &mut usize) -> Option<DataTable> {
    let mut rows: Vec<Vec<CellText>> = Vec::new();
    let mut caption: Option<CellText> = None;
    let (mut depth, mut skip_depth) = (0usize, 0usize);
    let (mut in_cell, mut in_head, mut in_caption) = (false, false, false);
    for edge in table.traverse() {
        *budget = budget.checked_sub(1)?;
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) || is_hidden(e) {
                        skip_depth += 1;
                        continue;
                    }
                    if name == "table" {
                        depth += 1;
                    }
                    let cell = rows.last_mut().and_then(|row| row.last_mut()).filter(|_| in_cell);
                    match (depth, name) {
                        (1, "thead") => in_head = true,
                        (1, "tr") => {
                            rows.push(Vec::new());
                            in_cell = false;
                        }
                        (1, "td" | "th") => {
                            if rows.is_empty() {
                                rows.push(Vec::new());
                            }
                            let col_span = span_attr(e.attr("colspan"), 1).min(MAX_TABLE_COLUMNS);
                            let row_span = span_attr(e.attr("rowspan"), MAX_ROW_SPAN).min(MAX_ROW_SPAN);
                            let header = name == "th" || in_head;
                            let cell = CellText { col_span, row_span, header, ..CellText::default() };
                            rows.last_mut().expect("a row was pushed").push(cell);
                            in_cell = true;
                        }
                        (1, "caption") => in_caption = true,
                        _ => {
                            if let Some(cell) = cell {
                                cell.gap |= BLOCKS.contains(&name) || matches!(name, "td" | "th");
                                cell.heading |= heading_level(name).is_some();
                            }
                        }
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    if in_cell && let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                        cell.push(t);
                        // A cell this long is prose: the table lays out text.
                        if cell.text.len() > 4 * 100 {
                            return None;
                        }
                    } else if in_caption {
                        caption.get_or_insert_with(CellText::default).push(t);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else { continue };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                let name = e.name();
                match (depth, name) {
                    (1, "thead") => in_head = false,
                    (1, "td" | "th" | "tr") => in_cell = false,
                    (1, "caption") => in_caption = false,
                    _ => {
                        if in_cell
                            && BLOCKS.contains(&name)
                            && let Some(cell) = rows.last_mut().and_then(|row| row.last_mut())
                        {
                            cell.gap = true;
                        }
                    }
                }
                if name == "table" {
                    depth = depth.saturating_sub(1);
                }
            }
        }
    }
    rows.retain(|row| !row.is_empty());
    let facts: Vec<Vec<CellFacts<'_>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| CellFacts { text: &cell.text, heading: cell.heading }).collect())
        .collect();
    if !holds_data(&facts, page_len) {
        return None;
    }
    let rows = rows
        .into_iter()
        .map(|cells| {
            let mut row = DataRow::default();
            for cell in cells {
                if !row.cells.is_empty() {
                    row.line.push('\t');
                }
                let start = row.line.len();
                row.line.push_str(&cell.text);
                let range = start..row.line.len();
                row.cells.push(DataCell {
                    range,
                    col_span: cell.col_span,
                    row_span: cell.row_span,
                    header: cell.header,
                });
            }
            row
        })
        .collect();
    Some(DataTable { caption: caption.map(|c| c.text).filter(|c| !c.is_empty()), rows })
}

/// A `colspan`/`rowspan` value as browsers read it: leading digits, 1 when there are none,
/// `zero` for 0 (a `rowspan="0"` reaches the end of the table).
fn span_attr(value: Option<&str>, zero: usize) -> usize {
    let Some(value) = value else { return 1 };
    // Nine digits are more than any clamp; more could overflow.
    let digits: String = value.trim().chars().take_while(char::is_ascii_digit).take(9).collect();
    match digits.parse::<usize>() {
        Ok(0) => zero,
        Ok(n) => n,
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_attributes_read_as_browsers_read_them() {
        assert_eq!(span_attr(None, 9), 1);
        assert_eq!(span_attr(Some(" 3 "), 9), 3);
        assert_eq!(span_attr(Some("2px"), 9), 2);
        assert_eq!(span_attr(Some("abc"), 9), 1);
        assert_eq!(span_attr(Some("0"), 9), 9);
        assert_eq!(span_attr(Some("100000000000000000000"), 9), 100_000_000);
    }
}
