//! Where a span of the extracted text lands in `word/document.xml`: the two cuts a comment
//! range (or a tracked change) needs, following the anchoring policy.
//!
//! - Inside a run that is a direct child of its paragraph, a cut splits the run.
//! - An endpoint inside something that must stay whole (hyperlink, content control, tracked
//!   insertion, simple field, smart tag) widens to its bounds; one inside a complex field's
//!   result widens to the field (Word and `LibreOffice` regenerate field results).
//! - Generated text (automatic numbers) has no XML: the range starts at the paragraph's first
//!   real character.
//! - Text in a text box is anchored on the whole paragraph that holds the box, since Word
//!   ignores comment marks inside text boxes.
//! - A range may cross paragraphs of one story (the body, or one table cell), never more: it
//!   is then cut back to its first paragraph.

use std::ops::Range;

use crate::document::readers::docx::map::{Piece, Site, SourceMap, Unit};
use crate::source::Span;

/// A place in the XML where markup goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Cut {
    /// Between children of a paragraph: markup goes in as it is.
    Boundary(usize),
    /// Between two children of a splittable run (`unit`): the run is closed and reopened.
    Between { at: usize, unit: usize },
    /// Inside the text of a `w:t` (`element`) of a splittable run: the text and the run are
    /// closed and reopened.
    InText { at: usize, unit: usize, element: (usize, usize) },
}

impl Cut {
    /// The byte offset in the XML.
    pub fn at(self) -> usize {
        match self {
            Cut::Boundary(at) | Cut::Between { at, .. } | Cut::InText { at, .. } => at,
        }
    }
}

/// Why a comment's range is not exactly its finding's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjusted {
    /// It started on an automatic number (or other generated text), which has no XML.
    Generated,
    /// An end fell inside a hyperlink, content control, tracked insertion or field.
    Widened,
    /// The text is in a text box: the range is the paragraph holding the box.
    TextBox,
    /// It crossed into another table cell or story and was cut back to its first paragraph.
    Clipped,
    /// An end fell inside a tracked change fazhi wrote, and moved to the change's bounds.
    Revision,
}

/// A span placed in the XML.
#[derive(Debug, Clone)]
pub(super) struct Anchor {
    pub start: Cut,
    pub end: Cut,
    /// The extracted text the range holds, as a reader of the XML sees it between the marks
    /// (text-box text left out).
    pub text: String,
    pub adjusted: Option<Adjusted>,
}

/// Places a non-empty span, or says it cannot be placed (no real character near it, a field
/// without its end, a paragraph whose prefix cannot be used …).
pub(super) fn place(map: &SourceMap, text: &str, span: Span) -> Option<Anchor> {
    if span.is_empty() {
        return None;
    }
    let mut adjusted = None;
    let first = map.piece_after(span.start)?;
    let (start, end) = if map.pieces[first].text.start >= span.end {
        // Nothing real inside the span: it lies on generated text. Take the first real
        // character after it, if it is on the same line.
        let piece = &map.pieces[first];
        if text[span.start..piece.text.start].contains('\n') {
            return None;
        }
        adjusted = Some(Adjusted::Generated);
        let len = text[piece.text.start..].chars().next()?.len_utf8();
        ((first, piece.text.start), (first, piece.text.start + len))
    } else {
        let last = map.piece_before(span.end)?;
        let start = span.start.max(map.pieces[first].text.start);
        if start > span.start && !text[span.start..start].trim().is_empty() {
            adjusted = Some(Adjusted::Generated);
        }
        ((first, start), (last, span.end.min(map.pieces[last].text.end)))
    };
    let mut end = end;
    // One story only: a range into the next cell is cut back to the first paragraph.
    let story = |piece: &Piece| {
        let paragraph = &map.paragraphs[piece.paragraph];
        paragraph.holder.map_or(paragraph.story, |h| map.paragraphs[h].story)
    };
    if story(&map.pieces[start.0]) != story(&map.pieces[end.0]) {
        let paragraph = map.pieces[start.0].paragraph;
        let last = (start.0..=end.0).take_while(|&i| map.pieces[i].paragraph == paragraph).last()?;
        end = (last, map.pieces[last].text.end);
        adjusted = Some(Adjusted::Clipped);
    }
    if !map.paragraphs[map.pieces[start.0].paragraph].same_prefix
        || !map.paragraphs[map.pieces[end.0].paragraph].same_prefix
    {
        return None;
    }
    let (start_cut, widened_start) = cut(map, start.0, start.1, Side::Start)?;
    let (end_cut, widened_end) = cut(map, end.0, end.1, Side::End)?;
    if start_cut.at() >= end_cut.at() {
        return None;
    }
    for widened in [widened_start, widened_end].into_iter().flatten() {
        adjusted = Some(match (adjusted, widened) {
            (Some(Adjusted::TextBox), _) | (_, Adjusted::TextBox) => Adjusted::TextBox,
            (_, other) => other,
        });
    }
    let anchored = anchored_text(map, text, start.0, start_cut.at(), end_cut.at());
    Some(Anchor { start: start_cut, end: end_cut, text: anchored, adjusted })
}

/// Which end of a range a cut is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Start,
    End,
}

/// The cut for text offset `offset` in piece `index`, and how it was widened if it was.
pub(super) fn cut(map: &SourceMap, index: usize, offset: usize, side: Side) -> Option<(Cut, Option<Adjusted>)> {
    let piece = &map.pieces[index];
    let pick = |range: &Range<usize>| if side == Side::Start { range.start } else { range.end };
    match &map.units[piece.unit] {
        Unit::Whole { element } => Some((Cut::Boundary(pick(element)), Some(Adjusted::Widened))),
        Unit::Field(field) => {
            let field = &map.fields[*field];
            let at = if side == Side::Start { field.start } else { field.end? };
            Some((Cut::Boundary(at), Some(Adjusted::Widened)))
        }
        Unit::Holder(holder) => {
            let content = map.paragraphs[*holder].content.as_ref()?;
            Some((Cut::Boundary(pick(content)), Some(Adjusted::TextBox)))
        }
        Unit::Run { element: run, children, .. } => {
            let unit = piece.unit;
            let before = |element: &Range<usize>| {
                if element.start <= children.start {
                    Cut::Boundary(run.start)
                } else {
                    Cut::Between { at: element.start, unit }
                }
            };
            let after = |element: &Range<usize>| {
                if element.end >= children.end {
                    Cut::Boundary(run.end)
                } else {
                    Cut::Between { at: element.end, unit }
                }
            };
            let cut = match &piece.site {
                Site::Element { element } => {
                    if side == Side::Start {
                        before(element)
                    } else {
                        after(element)
                    }
                }
                Site::Text { element, content, raw, linear } => {
                    let at = if *linear { raw.start + (offset - piece.text.start) } else { pick(raw) };
                    if at <= content.start {
                        before(element)
                    } else if at >= content.end {
                        after(element)
                    } else {
                        Cut::InText { at, unit, element: (element.start, element.end) }
                    }
                }
            };
            Some((cut, None))
        }
    }
}

/// The text between two XML offsets, as the pieces give it (text-box pieces left out: their
/// XML sits inside the holding paragraph, but a reader shows them apart). `near` is a piece
/// inside the range; the pieces around it are scanned outwards until they leave the range.
fn anchored_text(map: &SourceMap, text: &str, near: usize, start: usize, end: usize) -> String {
    let in_box = |i: usize| matches!(map.units[map.pieces[i].unit], Unit::Holder(_));
    let raw_of = |i: usize| match &map.pieces[i].site {
        Site::Text { raw, linear, .. } => (raw.clone(), *linear),
        Site::Element { element } => (element.clone(), false),
    };
    let mut first = near;
    while first > 0 && (in_box(first - 1) || raw_of(first - 1).0.end > start) {
        first -= 1;
    }
    let mut out = String::new();
    for i in first..map.pieces.len() {
        if in_box(i) {
            continue;
        }
        let (raw, linear) = raw_of(i);
        if raw.start >= end {
            if i > near {
                break;
            }
            continue;
        }
        if raw.end <= start {
            continue;
        }
        let piece = &map.pieces[i];
        if linear {
            let from = piece.text.start + start.saturating_sub(raw.start);
            let to = piece.text.end - raw.end.saturating_sub(end);
            out.push_str(&text[from..to]);
        } else if raw.start >= start && raw.end <= end {
            out.push_str(&text[piece.text.clone()]);
        }
    }
    out
}
