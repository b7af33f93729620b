//! What is found inside paragraphs: 一是/二是 enumerations behind a clause boundary, and the
//! sentences ended by 。！？.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::ordinal::parse_chinese_numeral;
use crate::document::{Enumeration, Heading, Paragraph};
use crate::source::{SourceFile, Span};

pub(super) static ENUMERATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五六七八九十]{1,3})是").expect("enumeration pattern is valid"));

pub(super) fn find_enumerations(
    source: &SourceFile,
    paragraphs: &[Paragraph],
    headings: &[Heading],
) -> Vec<Enumeration> {
    let mut found = Vec::new();
    for (idx, paragraph) in paragraphs.iter().enumerate() {
        // Skip the marker of a numbered heading so that 一、 is not read as part of 一是.
        let start = paragraph.heading.and_then(|h| headings[h].marker).map_or(paragraph.span.start, |m| m.end);
        let text = source.slice(Span::new(start, paragraph.span.end));
        for caps in ENUMERATION.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 exists");
            let before = text[..whole.start()].chars().next_back();
            let boundary = before.is_none_or(|c| c.is_whitespace() || "。；;：:！？!?，,、“”\"）)】…—".contains(c));
            let after = &text[whole.end()..];
            if !boundary || after.starts_with('否') || after.starts_with('非') {
                continue;
            }
            let Some(value) = parse_chinese_numeral(&caps[1]) else { continue };
            let lead_end =
                after.char_indices().find(|(_, c)| "，。；：,;:！？".contains(*c)).map_or(after.len(), |(i, _)| i);
            let cap = after.char_indices().nth(40).map_or(after.len(), |(i, _)| i);
            let marker = Span::new(start + whole.start(), start + whole.end());
            found.push(Enumeration {
                marker,
                value,
                lead: Span::new(marker.end, marker.end + lead_end.min(cap)),
                paragraph: idx,
            });
        }
    }
    found
}

pub(super) fn split_sentences(source: &SourceFile, paragraphs: &[Paragraph]) -> Vec<Span> {
    let mut sentences = Vec::new();
    for paragraph in paragraphs {
        let text = source.slice(paragraph.span);
        let mut start = 0;
        for (idx, c) in text.char_indices() {
            if matches!(c, '。' | '！' | '？' | '!' | '?') {
                let end = idx + c.len_utf8();
                // Keep a closing quote or bracket with its sentence.
                let end = text[end..]
                    .char_indices()
                    .take_while(|(_, c)| matches!(c, '”' | '’' | '）' | ')' | '」'))
                    .last()
                    .map_or(end, |(i, c)| end + i + c.len_utf8());
                if end > start {
                    push_trimmed(&mut sentences, text, paragraph.span.start, start, end);
                }
                start = end;
            }
        }
        if start < text.len() {
            push_trimmed(&mut sentences, text, paragraph.span.start, start, text.len());
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

pub(super) fn push_trimmed(sentences: &mut Vec<Span>, text: &str, base: usize, start: usize, end: usize) {
    if start >= end || end > text.len() {
        return;
    }
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        sentences.push(Span::new(base + start + lead, base + start + lead + trimmed.len()));
    }
}
