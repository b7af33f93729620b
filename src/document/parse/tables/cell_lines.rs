//! Tables copied one cell per line, as web pages that wrap each cell in `<p>` and Word tables
//! come out of a copy: the labels of a row, then its figures, each on a line of its own —
//! sometimes with a `|` after every cell (`0 |`, a bare `|` for an empty cell) or a `|` line
//! between cells.
//!
//! A run of short lines that read as cells is cut at every line that starts with 一、 or （一）
//! and is not a row label (a row label is followed by figures, or by a lower-ranked label
//! followed by figures: 三、本年度办理结果 → （一）予以公开 → 0). In each piece the table runs
//! from the header labels just above the first figure to the last figure: the part heading
//! above it (二、主动公开政府信息情况), a 表一 caption, or a prose line is never part of it, nor
//! are labels after the last figure. It must hold four figures and read as rows of figures
//! under labels, which prose never does.

use super::{Lines, build, heading_scheme, is_figure, is_number, trimmed};
use crate::document::ordinal::parse_marker;
use crate::document::table::{Table, TableSource};
use crate::source::Span;

/// Longest cell, in characters; a longer line is prose.
const MAX_CELL_CHARS: usize = 50;

/// Most blank lines in a row inside a table.
const MAX_BLANK_LINES: usize = 2;

/// Most labels above the first figure taken as the table's header.
const MAX_HEADER_LABELS: usize = 24;

/// Fewest figures a table holds.
const MIN_FIGURES: usize = 4;

/// One line of a run, as a cell line.
#[derive(Debug, Clone, Copy)]
enum Raw {
    /// A cell's text; `closed` when a `|` follows it on its line.
    Cell { span: Span, closed: bool },
    /// A line of nothing but `|` (their number, and where the line starts).
    Bars(usize, usize),
}

/// What a line is to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A cell of words.
    Label(Span),
    /// A figure, or an empty cell (a bare `|` where every cell ends with one).
    Value(Span),
    /// A line between cells.
    Rule,
}

/// The one-cell-per-line tables among the lines no table holds yet.
pub(super) fn find(lines: &Lines<'_>) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut number = 1;
    while number <= lines.count() {
        let (run, next) = run_from(lines, number);
        if run.is_empty() {
            number = next.max(number + 1);
            continue;
        }
        for piece in pieces(lines, &run) {
            for part in split_at_headings(lines, &piece) {
                tables.extend(table_in(lines, part));
            }
        }
        number = next;
    }
    tables
}

/// The cell lines from `number` on (blank lines skipped) and the line after them.
fn run_from(lines: &Lines<'_>, number: usize) -> (Vec<(usize, Raw)>, usize) {
    let mut run = Vec::new();
    let mut blank = 0;
    let mut at = number;
    while at <= lines.count() && !lines.is_taken(at) {
        if lines.content(at).is_empty() {
            blank += 1;
            if blank > MAX_BLANK_LINES {
                break;
            }
            at += 1;
            continue;
        }
        let Some(raw) = raw_line(lines, at) else { break };
        blank = 0;
        run.push((at, raw));
        at += 1;
    }
    (run, at)
}

fn raw_line(lines: &Lines<'_>, number: usize) -> Option<Raw> {
    let content = lines.content(number);
    let text = lines.source.slice(content);
    if text.chars().all(|c| c == '|' || c.is_whitespace()) {
        return Some(Raw::Bars(text.matches('|').count(), content.start));
    }
    let span = trimmed(lines.source, content, |c| c == '|' || c.is_whitespace());
    let inner = lines.source.slice(span);
    let reads_as_cell = inner.chars().count() <= MAX_CELL_CHARS
        && !inner.contains(['|', '\t', '。', '；', ';'])
        && !inner.ends_with(['：', ':', '，', ',', '、', '.']);
    reads_as_cell.then_some(Raw::Cell { span, closed: text.ends_with('|') })
}

/// The run as items. Where most cells end with `|`, a bare `|` is an empty cell, `||` a line
/// between rows, and a line without `|` (a heading) cuts the run.
fn pieces(lines: &Lines<'_>, run: &[(usize, Raw)]) -> Vec<Vec<(usize, Item)>> {
    let cells = run.iter().filter(|(_, raw)| matches!(raw, Raw::Cell { .. })).count();
    let closed = run.iter().filter(|(_, raw)| matches!(raw, Raw::Cell { closed: true, .. })).count();
    let bar_style = closed * 2 > cells;
    let mut pieces = vec![Vec::new()];
    for (number, raw) in run {
        let item = match *raw {
            Raw::Cell { closed: false, .. } if bar_style => {
                pieces.push(Vec::new());
                continue;
            }
            Raw::Cell { span, .. } => {
                if is_figure(lines.source.slice(span)) {
                    Item::Value(span)
                } else {
                    Item::Label(span)
                }
            }
            Raw::Bars(1, at) if bar_style => Item::Value(Span::new(at, at)),
            Raw::Bars(..) => Item::Rule,
        };
        if let Some(piece) = pieces.last_mut() {
            piece.push((*number, item));
        }
    }
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// The piece cut at each label that starts with 一、 or （一） and is no row label.
fn split_at_headings<'p>(lines: &Lines<'_>, piece: &'p [(usize, Item)]) -> Vec<&'p [(usize, Item)]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for idx in 0..piece.len() {
        if let Item::Label(span) = piece[idx].1
            && heading_scheme(lines.source.slice(span)).is_some()
            && !is_row_label(lines, piece, idx)
        {
            parts.push(&piece[start..idx]);
            start = idx + 1;
        }
    }
    parts.push(&piece[start..]);
    parts
}

/// The index of the next item after `idx` that is not a rule.
fn next_item(piece: &[(usize, Item)], idx: usize) -> Option<usize> {
    (idx + 1..piece.len()).find(|i| piece[*i].1 != Item::Rule)
}

/// Whether the label at `idx` heads a row: figures follow it, or a label of a lower rank does
/// that figures follow.
fn is_row_label(lines: &Lines<'_>, piece: &[(usize, Item)], idx: usize) -> bool {
    let Item::Label(span) = piece[idx].1 else { return false };
    let rank = |span: Span| parse_marker(lines.source.slice(span)).map(|m| m.scheme.rank());
    let Some(next) = next_item(piece, idx) else { return false };
    match piece[next].1 {
        Item::Value(_) => true,
        Item::Label(below) if rank(below) > rank(span) && rank(span).is_some() => {
            next_item(piece, next).is_some_and(|after| matches!(piece[after].1, Item::Value(_)))
        }
        _ => false,
    }
}

/// The table of a part: from the header labels above its first figure to its last figure.
fn table_in(lines: &Lines<'_>, part: &[(usize, Item)]) -> Option<Table> {
    let first_value = part.iter().position(|(_, item)| matches!(item, Item::Value(_)))?;
    let last_value = part.iter().rposition(|(_, item)| matches!(item, Item::Value(_)))?;
    let end = (last_value + 1..part.len()).take_while(|i| part[*i].1 == Item::Rule).last().unwrap_or(last_value);
    let mut start = first_value;
    let mut labels = 0;
    while start > 0 && labels < MAX_HEADER_LABELS {
        if matches!(part[start - 1].1, Item::Label(_)) {
            labels += 1;
        }
        start -= 1;
    }
    while part[start].1 == Item::Rule {
        start += 1;
    }
    let items = &part[start..=end];
    if !reads_as_rows(lines, items) {
        return None;
    }
    let rows = rows_of(lines, items);
    let span = Span::new(lines.content(items[0].0).start, lines.content(items[items.len() - 1].0).end);
    build(lines.source, span, rows, TableSource::CellPerLine)
}

/// Whether the items read as a table: four figures or empty `|` cells or more, two of them
/// numbers, and rows of figures under labels (two labels followed by figures, or four figures
/// in a row).
fn reads_as_rows(lines: &Lines<'_>, items: &[(usize, Item)]) -> bool {
    let text = |span: Span| lines.source.slice(span);
    let values: Vec<&str> =
        items.iter().filter_map(|(_, item)| if let Item::Value(s) = item { Some(text(*s)) } else { None }).collect();
    // An empty cell counts where every cell ends with `|` (a bare `|` is a cell then).
    let figures = values.len();
    let numbers = values.iter().filter(|t| is_number(t)).count();
    let cells: Vec<Item> = items.iter().map(|(_, item)| *item).filter(|item| *item != Item::Rule).collect();
    let rows = cells.windows(2).filter(|w| matches!(w, [Item::Label(_), Item::Value(_)])).count();
    let mut longest = 0;
    let mut current = 0;
    for item in &cells {
        current = if matches!(item, Item::Value(s) if !s.is_empty()) { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    figures >= MIN_FIGURES
        && numbers >= 2
        && (rows >= 2 || longest >= MIN_FIGURES)
        && values.len() * 10 >= cells.len() * 3
}

/// The rows: each the labels that head it and the figures after them. Labels above a row's
/// own (信息内容 本年制发件数 … above 规章) make a row of their own.
fn rows_of(lines: &Lines<'_>, items: &[(usize, Item)]) -> Vec<Vec<Span>> {
    let mut groups: Vec<(Vec<Span>, Vec<Span>)> = Vec::new();
    for (_, item) in items {
        match *item {
            Item::Rule => {}
            Item::Label(span) => {
                if let Some((labels, values)) = groups.last_mut()
                    && values.is_empty()
                {
                    labels.push(span);
                } else {
                    groups.push((vec![span], Vec::new()));
                }
            }
            Item::Value(span) => match groups.last_mut() {
                Some((_, values)) => values.push(span),
                None => groups.push((Vec::new(), vec![span])),
            },
        }
    }
    let mut rows = Vec::new();
    for (labels, values) in groups {
        let own = own_labels(lines, &labels);
        if own < labels.len() {
            rows.push(labels[..labels.len() - own].to_vec());
        }
        let mut row = labels[labels.len() - own..].to_vec();
        row.extend(values);
        if !row.is_empty() {
            rows.push(row);
        }
    }
    rows
}

/// How many of the trailing labels head the row itself: the last, and before it each label
/// whose marker ranks above the next (三、本年度办理结果 （一）予以公开; （三）不予公开 1.属于国家秘密).
fn own_labels(lines: &Lines<'_>, labels: &[Span]) -> usize {
    let rank = |span: Span| parse_marker(lines.source.slice(span)).map(|m| m.scheme.rank());
    let mut own = usize::from(!labels.is_empty());
    while own < labels.len() {
        let (above, below) = (labels[labels.len() - own - 1], labels[labels.len() - own]);
        match (rank(above), rank(below)) {
            (Some(a), Some(b)) if a < b => own += 1,
            _ => break,
        }
    }
    own
}
