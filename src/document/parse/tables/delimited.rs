//! Tables written with a separator between cells: TAB, as a copied web page or Word table
//! gives them, or `|` (Markdown, text tables, `│` of drawn tables).
//!
//! A table is a run of row lines of one separator. A short line between two runs that is no
//! heading (第二十条第（五）项 between the sub-tables of table 二) is a one-cell row of the
//! table; a line that starts with 一、 or （一） ends it, as does prose. A run holds a table when
//! two of its rows have two cells with text, when a Markdown separator line (`|---|`) marks it,
//! or when one of its rows has three cells or more that are mostly figures.

use std::sync::LazyLock;

use regex::Regex;

use super::{Lines, build, heading_scheme, is_bare_marker, is_figure, is_number, trimmed};
use crate::document::table::{Table, TableSource};
use crate::source::{MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, Span};

/// Longest line (in characters) taken into a table as a one-cell row between row lines.
const MAX_ONE_CELL_ROW_CHARS: usize = 40;

/// Most lines taken in a row as one-cell rows between two row lines.
const MAX_ONE_CELL_ROWS: usize = 2;

/// A table caption above or between tables (表一、附表2), never a row.
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:附\s*)?表\s*[一二三四五六七八九十\d]").expect("caption pattern is valid"));

/// A row citing an article (第二十条第（一）项), which heads a sub-table of the national format.
static ARTICLE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[一二三四五六七八九十百零〇\d]+条[^。；：:]{0,20}$").expect("article pattern is valid")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Tab,
    Pipe,
}

/// What a line is to a table of one separator.
enum Line {
    /// A row: the spans of its cells.
    Row(Vec<Span>),
    /// A line of the table that holds no cells: a Markdown `|---|` line, a drawn border, a row
    /// of empty `|` cells.
    Rule,
    /// Anything else.
    Other,
}

/// The TAB and `|` tables among the lines no table holds yet.
pub(super) fn find(lines: &Lines<'_>) -> Vec<Table> {
    let mut tables = find_with(lines, Separator::Tab);
    let mut lines_then = Lines::new(lines.source, lines.taken.clone());
    lines_then.take(&tables);
    tables.extend(find_with(&lines_then, Separator::Pipe));
    tables
}

fn find_with(lines: &Lines<'_>, separator: Separator) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut number = 1;
    while number <= lines.count() {
        let Line::Row(first) = classify(lines, number, separator) else {
            number += 1;
            continue;
        };
        if first.iter().all(|cell| cell.is_empty()) {
            number += 1;
            continue;
        }
        // An article row just above the first row heads the table; a border line closes it
        // at the top.
        let mut included: Vec<(usize, Option<Vec<Span>>)> = Vec::new();
        if let Some(above) = previous_text_line(lines, number) {
            if ARTICLE_ROW.is_match(lines.text(above)) {
                included.push((above, Some(vec![lines.content(above)])));
            } else if above + 1 == number && matches!(classify(lines, above, separator), Line::Rule) {
                // The top border of a drawn table.
                included.push((above, None));
            }
        }
        let mut n_cells = first.len() + included.len();
        included.push((number, Some(first)));
        let mut last = number;
        let mut ruled = false;
        let mut next = number + 1;
        while let Some(candidate) = next_line(lines, next, last, separator) {
            match classify(lines, candidate, separator) {
                Line::Row(cells) => {
                    // A table past the cell limit goes on as the next table.
                    n_cells += cells.len();
                    if n_cells > MAX_TABLE_CELLS {
                        break;
                    }
                    included.push((candidate, Some(cells)));
                    last = candidate;
                    next = candidate + 1;
                }
                Line::Rule => {
                    ruled |= separator == Separator::Pipe && is_markdown_rule(lines.text(candidate));
                    included.push((candidate, None));
                    last = candidate;
                    next = candidate + 1;
                }
                Line::Other => {
                    let Some(after) = one_cell_rows(lines, candidate, separator) else { break };
                    for between in candidate..after {
                        included.push((between, Some(vec![lines.content(between)])));
                    }
                    last = after - 1;
                    next = after;
                }
            }
        }
        let rows: Vec<Vec<Span>> = included.iter().filter_map(|(_, cells)| cells.clone()).collect();
        if qualifies(lines, &rows, ruled) {
            let start = edge(lines, included[0].0, separator).start;
            let end = edge(lines, last, separator).end;
            let kind = if separator == Separator::Tab { TableSource::Tabs } else { TableSource::Pipes };
            tables.extend(build(lines.source, Span::new(start, end), rows, kind));
        }
        number = last + 1;
    }
    tables
}

/// The line's span as a row sees it: TABs at either end are empty cells, other white space
/// is not part of the row.
fn edge(lines: &Lines<'_>, number: usize, separator: Separator) -> Span {
    match separator {
        Separator::Tab => trimmed(lines.source, lines.raw(number), |c| c.is_whitespace() && c != '\t'),
        Separator::Pipe => lines.content(number),
    }
}

/// The nearest line above `number` with text and no table, if only blank lines stand between.
fn previous_text_line(lines: &Lines<'_>, number: usize) -> Option<usize> {
    let above = (1..number).rev().find(|n| !lines.content(*n).is_empty())?;
    (number - above <= 2 && !lines.is_taken(above)).then_some(above)
}

/// The line that may continue a table whose last line is `last`: `from` itself, or for TAB
/// tables the line after one blank line.
fn next_line(lines: &Lines<'_>, from: usize, last: usize, separator: Separator) -> Option<usize> {
    let mut candidate = from;
    while candidate <= lines.count() && lines.content(candidate).is_empty() && !has_tab(lines, candidate, separator) {
        candidate += 1;
    }
    let blank_lines = candidate - last - 1;
    let allowed = usize::from(separator == Separator::Tab);
    (candidate <= lines.count() && blank_lines <= allowed && !lines.is_taken(candidate)).then_some(candidate)
}

/// Whether line `number` holds a TAB (a row of empty cells is a blank line to `content`).
fn has_tab(lines: &Lines<'_>, number: usize, separator: Separator) -> bool {
    separator == Separator::Tab && lines.source.slice(lines.raw(number)).contains('\t')
}

/// When the lines from `from` are one or two short lines that are no heading, followed by a
/// row, the line number of that row.
fn one_cell_rows(lines: &Lines<'_>, from: usize, separator: Separator) -> Option<usize> {
    let mut number = from;
    for _ in 0..MAX_ONE_CELL_ROWS {
        let text = lines.text(number);
        if lines.is_taken(number) || !is_one_cell_row(text) {
            return None;
        }
        number += 1;
        if number > lines.count() {
            return None;
        }
        if matches!(classify(lines, number, separator), Line::Row(_)) {
            return Some(number);
        }
    }
    None
}

fn is_one_cell_row(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_ONE_CELL_ROW_CHARS
        && !text.contains(['。', '；', ';'])
        && !text.ends_with(['：', ':'])
        && heading_scheme(text).is_none()
        && !CAPTION.is_match(text)
}

fn classify(lines: &Lines<'_>, number: usize, separator: Separator) -> Line {
    if lines.is_taken(number) {
        return Line::Other;
    }
    let span = edge(lines, number, separator);
    let text = lines.source.slice(span);
    match separator {
        Separator::Tab => tab_row(lines, span, text),
        Separator::Pipe => pipe_row(lines, span, text),
    }
}

fn tab_row(lines: &Lines<'_>, span: Span, text: &str) -> Line {
    if !text.contains('\t') {
        return Line::Other;
    }
    let cells = split(lines, span, text, '\t');
    if is_row(lines, &cells, true) { Line::Row(cells) } else { Line::Other }
}

fn pipe_row(lines: &Lines<'_>, span: Span, text: &str) -> Line {
    if is_drawn_rule(text) {
        return Line::Rule;
    }
    if !text.contains(['|', '│', '┃']) {
        return Line::Other;
    }
    let mut cells = split(lines, span, text, '|');
    // `| a | b |`: the bars at the ends enclose the row, they do not add empty cells.
    if text.starts_with(['|', '│', '┃']) && cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    if text.ends_with(['|', '│', '┃']) && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    if cells.iter().all(|cell| cell.is_empty()) {
        return Line::Rule;
    }
    // A line with a bar is a row even with one cell (第二十条第（一）项 |, heading a sub-table).
    if cells.len() == 1 || is_row(lines, &cells, false) { Line::Row(cells) } else { Line::Other }
}

/// The cells of a row: each piece between separators without surrounding white space, an
/// empty span where a piece is empty; at most `MAX_TABLE_COLUMNS` (the rest of a longer line
/// is left out).
fn split(lines: &Lines<'_>, span: Span, text: &str, separator: char) -> Vec<Span> {
    let is_separator = |c: char| c == separator || (separator == '|' && matches!(c, '│' | '┃'));
    let mut cells = Vec::new();
    let mut start = 0;
    for (idx, c) in text.char_indices() {
        if cells.len() == MAX_TABLE_COLUMNS {
            return cells;
        }
        if is_separator(c) {
            cells.push(trimmed(lines.source, Span::new(span.start + start, span.start + idx), char::is_whitespace));
            start = idx + c.len_utf8();
        }
    }
    if cells.len() < MAX_TABLE_COLUMNS {
        cells.push(trimmed(lines.source, Span::new(span.start + start, span.end), char::is_whitespace));
    }
    cells
}

/// Whether the cells make a row: two cells or more, the first with text not a bare ordinal
/// marker, and (when `strict`, for TAB rows, which prose can hold too) no cell that reads as a
/// sentence.
fn is_row(lines: &Lines<'_>, cells: &[Span], strict: bool) -> bool {
    if cells.len() < 2 {
        return false;
    }
    let texts = cells.iter().map(|cell| lines.source.slice(*cell));
    if let Some(first) = texts.clone().find(|t| !t.is_empty())
        && is_bare_marker(first)
    {
        return false;
    }
    !strict || !texts.clone().any(|t| t.contains('。') && t.chars().count() > 30 || t.chars().count() > 200)
}

/// A Markdown separator line: `|---|:---:|`.
fn is_markdown_rule(text: &str) -> bool {
    text.contains('-') && text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A separator or border line of a text table: Markdown's `|---|`, `+----+`, `├──┼──┤`.
fn is_drawn_rule(text: &str) -> bool {
    text.chars().filter(|c| matches!(c, '-' | '─' | '━' | '═' | '=')).count() >= 3
        && text.chars().all(|c| {
            matches!(c, '|' | '│' | '┃' | '-' | '─' | '━' | '═' | '=' | ':' | '+' | ' ' | '\t')
                || ('\u{2500}'..='\u{257F}').contains(&c)
        })
}

/// Whether a run of rows holds a table.
fn qualifies(lines: &Lines<'_>, rows: &[Vec<Span>], ruled: bool) -> bool {
    let filled = |row: &Vec<Span>| row.iter().filter(|cell| !cell.is_empty()).count();
    let full_rows = rows.iter().filter(|row| filled(row) >= 2).count();
    if full_rows >= 2 || (ruled && full_rows >= 1) {
        return true;
    }
    // A line of figures: 规范性文件→2→2→10.
    rows.iter().any(|row| {
        let texts: Vec<&str> = row.iter().map(|cell| lines.source.slice(*cell)).filter(|t| !t.is_empty()).collect();
        let figures = texts.iter().filter(|t| is_figure(t)).count();
        let numbers = texts.iter().filter(|t| is_number(t)).count();
        row.len() >= 3 && numbers >= 2 && figures * 2 > texts.len()
    })
}
