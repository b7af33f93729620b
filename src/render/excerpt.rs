//! A cropped window of one line around a span, as a miette `SourceCode`.
//!
//! A Chinese paragraph is one line of a thousand characters or more; miette prints whole lines
//! and counts its header column in bytes. The excerpt keeps about `WINDOW_CHARS` characters on
//! each side of the span (snapped to a nearby clause break), marks the cuts with …, and reports
//! the real line number and the column in characters.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span};

/// Characters kept on each side of the span.
const WINDOW_CHARS: usize = 24;
/// Longest span underlined in full; longer spans are cut.
const MAX_SPAN_CHARS: usize = 40;
const ELLIPSIS: &str = "…";

/// One line's cropped window.
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    window: String,
    line: usize,
    column: usize,
    label: SourceSpan,
}

impl Excerpt {
    /// The window around `span` in `source`, named `name` in the header.
    #[must_use]
    pub fn new(name: &str, source: &SourceFile, span: Span) -> Self {
        let position = source.position(span.start);
        let line = source.line_span(position.line);
        let text = &source.text;
        let span_start = span.start.clamp(line.start, line.end);
        let span_end = span.end.clamp(span_start, line.end);
        // Cap long spans so the underline stays on screen.
        let span_end =
            text[span_start..span_end].char_indices().nth(MAX_SPAN_CHARS).map_or(span_end, |(i, _)| span_start + i);

        let before = &text[line.start..span_start];
        let after = &text[span_end..line.end];
        let cut_start = window_start(before);
        let cut_end = window_end(after);
        let mut window = String::new();
        if cut_start > 0 {
            window.push_str(ELLIPSIS);
        }
        window.push_str(&before[cut_start..]);
        let label_start = window.len();
        window.push_str(&text[span_start..span_end]);
        let label_end = window.len();
        window.push_str(&after[..cut_end]);
        if cut_end < after.len() {
            window.push_str(ELLIPSIS);
        }
        let window = window.replace('\t', " ");
        Self {
            name: name.to_string(),
            window,
            line: position.line,
            column: position.column,
            label: SourceSpan::from(label_start..label_end.max(label_start)),
        }
    }

    /// The span to underline, in window coordinates.
    #[must_use]
    pub fn label(&self) -> SourceSpan {
        self.label
    }

    /// The cropped text shown.
    #[must_use]
    pub fn window(&self) -> &str {
        &self.window
    }
}

/// Byte offset in `before` where the window starts: about `WINDOW_CHARS` characters back,
/// moved forward to just after a clause break when one is near.
fn window_start(before: &str) -> usize {
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    if chars.len() <= WINDOW_CHARS {
        return 0;
    }
    let from = chars.len() - WINDOW_CHARS;
    let snap = chars[from..chars.len().saturating_sub(6).max(from)]
        .iter()
        .find(|(_, c)| is_break(*c))
        .map(|(i, c)| i + c.len_utf8());
    snap.unwrap_or(chars[from].0)
}

/// Byte length of `after` kept in the window, ending at a clause break when one is near.
fn window_end(after: &str) -> usize {
    let chars: Vec<(usize, char)> = after.char_indices().collect();
    if chars.len() <= WINDOW_CHARS {
        return after.len();
    }
    let snap = chars[6.min(WINDOW_CHARS)..WINDOW_CHARS]
        .iter()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map(|(i, c)| i + c.len_utf8());
    snap.unwrap_or(chars[WINDOW_CHARS].0)
}

fn is_break(c: char) -> bool {
    matches!(c, '。' | '，' | '；' | '：' | '！' | '？' | '、')
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.window.as_bytes(),
            SourceSpan::from(0..self.window.len()),
            self.line - 1,
            self.column - 1,
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cropped_around_the_span() {
        let long = format!("{}行政行政{}", "甲".repeat(500), "乙".repeat(500));
        let source = SourceFile::from_text("r.txt", format!("标题\n{long}\n"));
        let start = source.text.find("行政行政").unwrap();
        let excerpt = Excerpt::new("r.txt", &source, Span::new(start, start + "行政行政".len()));
        assert!(excerpt.window().chars().count() <= 2 * WINDOW_CHARS + 4 + 2);
        assert!(excerpt.window().starts_with(ELLIPSIS) && excerpt.window().ends_with(ELLIPSIS));
        let label = excerpt.label();
        assert_eq!(&excerpt.window()[label.offset()..label.offset() + label.len()], "行政行政");
        assert_eq!((excerpt.line, excerpt.column), (2, 501));
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let source = SourceFile::from_text("r.txt", "市人民政府:\n");
        let excerpt = Excerpt::new("r.txt", &source, Span::new(15, 16));
        assert_eq!(excerpt.window(), "市人民政府:");
        assert_eq!(excerpt.column, 6);
    }
}
