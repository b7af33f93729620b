//! Rows of figures as PDF text gives a table: a row label, then its figures separated by
//! spaces (`四、结转下年度继续办理 0 0 0 0 0 0 0`), under header lines of short words
//! (`行政复议 行政诉讼`, and headers printed one character per column: `结 结 其 尚`).
//!
//! A figure row ends with two numbers or more and its label (if any) is short, holds a Han
//! character and no sentence punctuation. Two figure
//! rows in a row make a table, and so does one with three figures or more; the header lines
//! just above it belong to it, up to a line that starts with 一、 or （一） or reads as prose.

use super::{Lines, build, heading_scheme, is_figure, is_number};
use crate::document::table::{Table, TableSource};
use crate::source::Span;

/// Longest line (in bytes) read as a figure row; longer lines are prose (and splitting them
/// would cost time on hostile input).
const MAX_ROW_BYTES: usize = 2_000;

/// Longest row label, in characters.
const MAX_LABEL_CHARS: usize = 50;

/// Longest word of a header line, in characters.
const MAX_HEADER_WORD_CHARS: usize = 10;

/// Most header lines above the first figure row.
const MAX_HEADER_LINES: usize = 12;

/// The tables of figure rows among the lines no table holds yet.
pub(super) fn find(lines: &Lines<'_>, kind: TableSource) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut number = 1;
    while number <= lines.count() {
        let Some(first) = figure_row(lines, number) else {
            number += 1;
            continue;
        };
        let mut rows = vec![first];
        let mut last = number;
        let mut next = number + 1;
        while next <= lines.count() {
            if lines.content(next).is_empty() && next == last + 1 {
                next += 1;
                continue;
            }
            match figure_row(lines, next) {
                Some(row) => {
                    rows.push(row);
                    last = next;
                    next += 1;
                }
                None => break,
            }
        }
        let figures = rows[0].iter().filter(|cell| is_figure(lines.source.slice(**cell))).count();
        if rows.len() >= 2 || figures >= 3 {
            let mut start = number;
            let mut headers = Vec::new();
            while start > 1 && headers.len() < MAX_HEADER_LINES {
                match header_line(lines, start - 1) {
                    Some(cells) => {
                        headers.push(cells);
                        start -= 1;
                    }
                    None => break,
                }
            }
            headers.reverse();
            headers.extend(rows);
            let span = Span::new(lines.content(start).start, lines.content(last).end);
            tables.extend(build(lines.source, span, headers, kind));
        }
        number = last + 1;
    }
    tables
}

/// The words of a line with their spans, split at white space.
fn words(lines: &Lines<'_>, number: usize) -> Vec<Span> {
    let span = lines.content(number);
    let text = lines.source.slice(span);
    let mut out = Vec::new();
    let mut start = None;
    for (idx, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                out.push(Span::new(span.start + from, span.start + idx));
                start = None;
            }
            (false, None) => start = Some(idx),
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(Span::new(span.start + from, span.end));
    }
    out
}

/// The cells of a figure row: the label (when there is one) and each figure.
fn figure_row(lines: &Lines<'_>, number: usize) -> Option<Vec<Span>> {
    let content = lines.content(number);
    if content.is_empty() || content.len() > MAX_ROW_BYTES || lines.is_taken(number) {
        return None;
    }
    let words = words(lines, number);
    let text = |span: Span| lines.source.slice(span);
    let tail = words.iter().rev().take_while(|w| is_figure(text(**w))).count();
    let numbers = words.iter().rev().take(tail).filter(|w| is_number(text(**w))).count();
    if tail < 2 || numbers < 2 {
        return None;
    }
    let label_words = &words[..words.len() - tail];
    let mut cells = Vec::with_capacity(tail + 1);
    if let (Some(first), Some(last)) = (label_words.first(), label_words.last()) {
        let label = Span::new(first.start, last.end);
        let label_text = text(label);
        // Commas may stand in a label: （二）部分公开（区分处理的，只计这一情形，不计其他情形）.
        if label_text.chars().count() > MAX_LABEL_CHARS
            || label_text.contains(['。', '；', ';', '：', ':'])
            || !label_text.chars().any(is_han)
        {
            return None;
        }
        cells.push(label);
    }
    cells.extend_from_slice(&words[words.len() - tail..]);
    Some(cells)
}

/// The cells of a header line: two words or more, each short and holding a Han character,
/// with no sentence punctuation and no heading marker.
fn header_line(lines: &Lines<'_>, number: usize) -> Option<Vec<Span>> {
    let content = lines.content(number);
    let text = lines.source.slice(content);
    if content.is_empty()
        || content.len() > MAX_ROW_BYTES
        || lines.is_taken(number)
        || heading_scheme(text).is_some()
        || text.contains(['。', '，', ',', '；', ';', '：', ':'])
    {
        return None;
    }
    let words = words(lines, number);
    let fits = |span: &Span| {
        let word = lines.source.slice(*span);
        word.chars().count() <= MAX_HEADER_WORD_CHARS && word.chars().any(is_han)
    };
    (words.len() >= 2 && words.iter().all(fits)).then_some(words)
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}
