//! Headings of the body: which lines are headings (an ordinal marker, standalone or run-in, a
//! numbered item, or a short unnumbered line), and the tree they make by the rank of each
//! marker scheme in the 公文 ladder.

use std::sync::LazyLock;

use regex::Regex;

use super::year::DATE;
use super::{CHROME, Line, is_closing};
use crate::document::ordinal::{Scheme, parse_marker};
use crate::document::{Heading, HeadingForm, Paragraph};
use crate::source::{SourceFile, Span};

/// Longest heading (in characters) that stands alone on a line; longer lines are paragraphs.
pub(super) const MAX_HEADING_CHARS: usize = 60;

pub(super) static RESIDUE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[bookmark:[^\]]*\]\s*)+").expect("residue pattern is valid"));

/// Whether the body looks hard-wrapped (short lines that are not headings), as text pasted from
/// a PDF is; then short lines are not taken for unnumbered headings.
pub(super) fn looks_hard_wrapped(source: &SourceFile, lines: &[Line], table: &[bool]) -> bool {
    let lines: Vec<&Line> = lines.iter().zip(table).filter(|(_, t)| !**t).map(|(l, _)| l).collect();
    let short = lines
        .iter()
        .filter(|l| {
            let t = source.slice(l.span);
            t.chars().count() < 40 && !t.ends_with(['。', '：', ':', '；']) && parse_marker(t).is_none()
        })
        .count();
    lines.len() >= 10 && short * 5 > lines.len() * 2
}

pub(super) struct Candidate {
    span: Span,
    marker: Option<Span>,
    ordinal: Option<(Scheme, u32)>,
    text: Span,
    form: HeadingForm,
    md_level: Option<u8>,
    paragraph: usize,
}

/// Whether a line is a number-only line: numbers (with signs, decimals, %) and spaces.
fn is_number_line(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{3000}' | '.' | '-' | '−' | '%' | '/'))
}

/// Which lines are rows of a plain-text table: lines with a `|` between cells, lines of
/// TAB-separated cells of which one holds a number (or with two TABs or more), lines of two
/// numbers or more, and a number-only line next to another. They are never headings, and they
/// do not make a text look hard-wrapped: a table's row labels (一、本年新收…, 四、结转下年度…)
/// are not the report's parts.
pub(super) fn table_lines(source: &SourceFile, lines: &[Line]) -> Vec<bool> {
    let texts: Vec<&str> = lines.iter().map(|l| source.slice(l.span)).collect();
    let numbers: Vec<bool> = texts.iter().map(|t| is_number_line(t)).collect();
    // A row whose cells are empty keeps its TABs only in the whitespace cut from the line's end.
    let trailing_tabs = |line: &Line| {
        let rest = &source.text[line.span.end..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].matches('\t').count()
    };
    texts
        .iter()
        .enumerate()
        .map(|(idx, text)| {
            let tabs = text.matches('\t').count() + trailing_tabs(&lines[idx]);
            let numeric_cell = text.split('\t').skip(1).any(is_number_line);
            text.contains('|')
                || tabs >= 2
                || (tabs == 1 && numeric_cell)
                || (numbers[idx] && text.split_whitespace().count() >= 2)
                || (numbers[idx] && (idx > 0 && numbers[idx - 1] || numbers.get(idx + 1).copied().unwrap_or(false)))
        })
        .collect()
}

pub(super) fn build_body(source: &SourceFile, lines: &[Line], body: Span) -> (Vec<Heading>, Vec<Paragraph>) {
    let table = table_lines(source, lines);
    let hard_wrapped = looks_hard_wrapped(source, lines, &table);
    let mut candidates = Vec::new();
    for (idx, line) in lines.iter().enumerate() {
        let is_last = idx + 1 == lines.len();
        if table[idx] {
            continue;
        }
        if let Some(candidate) = heading_candidate(source, *line, idx, hard_wrapped, is_last) {
            candidates.push(candidate);
        }
    }
    let has_level_one = candidates.iter().any(|c| c.ordinal.is_some_and(|(s, _)| s == Scheme::ChineseComma));
    let mut headings: Vec<Heading> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for candidate in candidates {
        let rank = match (candidate.ordinal, candidate.md_level) {
            (Some((scheme, _)), _) => scheme.rank(),
            (None, Some(level)) if !has_level_one => level,
            (None, _) if has_level_one => 6,
            (None, _) => 1,
        };
        while let Some(top) = stack.last() {
            if headings[*top].rank >= rank {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        let depth = parent.map_or(1, |p| headings[p].depth + 1);
        stack.push(headings.len());
        headings.push(Heading {
            span: candidate.span,
            marker: candidate.marker,
            ordinal: candidate.ordinal,
            text: candidate.text,
            rank,
            depth,
            parent,
            section: Span::new(candidate.span.start, body.end),
            form: candidate.form,
            paragraph: candidate.paragraph,
        });
    }
    // A section ends where the next heading of the same or a higher rank begins: one sweep
    // with a stack of headings still open (ranks strictly rising from bottom to top).
    let mut open: Vec<usize> = Vec::new();
    for idx in 0..headings.len() {
        let rank = headings[idx].rank;
        let end = lines[headings[idx].paragraph].span.start;
        while let Some(&top) = open.last() {
            if headings[top].rank < rank {
                break;
            }
            open.pop();
            headings[top].section = Span::new(headings[top].section.start, end);
        }
        open.push(idx);
    }
    for heading in &mut headings {
        // Trim trailing white space so that a section ends at its last character.
        let section = heading.section;
        let trimmed = source.slice(section).trim_end().len();
        heading.section = Span::new(section.start, section.start + trimmed);
    }
    let mut paragraphs = Vec::with_capacity(lines.len());
    let mut heading_iter = headings.iter().enumerate().peekable();
    // The last heading at or before the line. The sections holding a line are that heading's
    // and its ancestors' (a section reaching past a later heading is an ancestor of it), and
    // the deepest is the first on the way up that holds the line: a few steps at most, as
    // ranks rise strictly towards the root.
    let mut after_last = 0;
    for (idx, line) in lines.iter().enumerate() {
        let heading = match heading_iter.peek() {
            Some((h_idx, h)) if h.paragraph == idx => {
                let h_idx = *h_idx;
                heading_iter.next();
                Some(h_idx)
            }
            _ => None,
        };
        while headings.get(after_last).is_some_and(|h| h.span.start <= line.span.start) {
            after_last += 1;
        }
        let mut section = after_last.checked_sub(1);
        while let Some(h) = section
            && !headings[h].section.contains_offset(line.span.start)
        {
            section = headings[h].parent;
        }
        paragraphs.push(Paragraph { span: line.span, heading, section });
    }
    (headings, paragraphs)
}

pub(super) fn heading_candidate(
    source: &SourceFile,
    line: Line,
    paragraph: usize,
    hard_wrapped: bool,
    is_last: bool,
) -> Option<Candidate> {
    let full_text = source.slice(line.span);
    // Word's bookmark residue can sit in front of an ordinal; read the marker behind it.
    let residue = RESIDUE_PREFIX.find(full_text).map_or(0, |m| m.end());
    let line = Line { span: Span::new(line.span.start + residue, line.span.end), md_level: line.md_level };
    let line_text = source.slice(line.span);
    if let Some(marker) = parse_marker(line_text) {
        let after_marker = &line_text[marker.len..];
        let rest = after_marker.trim_start();
        let rest_start = line.span.start + marker.len + (after_marker.len() - rest.len());
        let marker_span = Span::new(line.span.start, line.span.start + marker.len);
        let ordinal = Some((marker.scheme, marker.value));
        let stripped = rest.trim_end_matches(['。', '：', ':', '；', ';', '.', '，']);
        if stripped.is_empty() {
            return None;
        }
        let terminator = |c: char| matches!(c, '。' | '！' | '？' | '：' | ':' | '；');
        let (form, text_len) = if !stripped.contains(terminator) && stripped.chars().count() <= MAX_HEADING_CHARS {
            (HeadingForm::Standalone, stripped.len())
        } else {
            let first_stop = rest.find(terminator).unwrap_or(rest.len());
            if rest[..first_stop].chars().count() <= MAX_HEADING_CHARS {
                (HeadingForm::RunIn, first_stop)
            } else {
                let clause = rest.find(['，', ',']).unwrap_or(rest.len());
                let cap = rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i);
                (HeadingForm::Item, clause.min(cap))
            }
        };
        let text = Span::new(rest_start, rest_start + text_len);
        return Some(Candidate {
            span: Span::new(line.span.start, text.end),
            marker: Some(marker_span),
            ordinal,
            text,
            form,
            md_level: line.md_level,
            paragraph,
        });
    }
    let unnumbered = line.md_level.is_some() || (!hard_wrapped && !is_last && is_unnumbered_heading(line_text));
    unnumbered.then(|| {
        let stripped = line_text.trim_end_matches(['。', '：', ':']);
        let text = Span::new(line.span.start, line.span.start + stripped.len());
        Candidate {
            span: text,
            marker: None,
            ordinal: None,
            text,
            form: HeadingForm::Standalone,
            md_level: line.md_level,
            paragraph,
        }
    })
}

pub(super) fn is_unnumbered_heading(text: &str) -> bool {
    let chars = text.chars().count();
    let han = text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
    (4..=30).contains(&chars)
        && han >= 3
        && !text.ends_with(['。', '，', '；', '：', ',', ';', ':', '！', '？', '、', '…', '）', ')'])
        && !text.contains(['。', '；', '，'])
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !DATE.is_match(text)
        && !is_closing(text)
        && !CHROME.is_match(text)
}
