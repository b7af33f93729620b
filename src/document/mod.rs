//! The document model of a report: title, issuer, year, recipient, preamble, heading tree,
//! paragraphs, sentences, inline enumerations, tables, closing, signature and date — each with byte
//! spans into the source text.
//!
//! **Invariant:** `document` knows nothing of rules or reports. Readers of every format produce
//! this model; rules only read it.

mod hints;
mod ordinal;
mod parse;
pub mod readers;
mod table;

use serde::Serialize;

pub use hints::{DocumentHints, HintWords};
pub use ordinal::{Marker, Scheme, chinese_numeral, parse_chinese_numeral, parse_marker};
pub use parse::{TextMarkup, parse};
pub use table::{Cell, Row, Table, TableSource};

use crate::source::{SourceFile, Span};

/// A parsed report.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text and its line index.
    pub source: SourceFile,
    /// Every non-blank line of the file without surrounding white space, title and chrome
    /// included.
    pub lines: Vec<Span>,
    /// Web-page chrome and conversion residue lines (来源/时间 lines, 打印此文 关闭窗口 …).
    pub chrome: Vec<Span>,
    /// Lines before the title that are not chrome (e.g. 发文字号); kept, never checked as body.
    pub front_matter: Vec<Span>,
    /// The title, possibly over two lines.
    pub title: Option<Title>,
    /// The 主送机关 line, e.g. `市人民政府：`.
    pub recipient: Option<Span>,
    /// Paragraph indices before the first heading.
    pub preamble: Vec<usize>,
    /// Headings in document order; `parent` links make the tree.
    pub headings: Vec<Heading>,
    /// Every body line, headings included.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences of the body, ended by 。！？ or the end of a line.
    pub sentences: Vec<Span>,
    /// 一是/二是 enumerations inside paragraphs.
    pub enumerations: Vec<Enumeration>,
    /// 特此报告。
    pub closing: Option<Span>,
    /// The 署名 line(s), as one span.
    pub signature: Option<Span>,
    /// The 成文日期 line.
    pub date: Option<DocDate>,
    /// From the first body line to the end of the last body line.
    pub body: Span,
    /// The year the report is about, and where it was read.
    pub report_year: Option<ReportYear>,
    /// Tables in document order. Their lines are not paragraphs, sentences or headings.
    pub tables: Vec<Table>,
}

/// The title of a report.
#[derive(Debug, Clone)]
pub struct Title {
    /// From the first to the last title line.
    pub span: Span,
    /// Each title line (an issuer line followed by a 关于… line gives two).
    pub lines: Vec<Span>,
    /// The issuing organ named in the title, if any.
    pub issuer: Option<Span>,
    /// The four-digit year in the title.
    pub year: Option<(i32, Span)>,
}

/// Where the report year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearSource {
    /// The title.
    Title,
    /// The opening paragraph (2023年，…).
    Preamble,
    /// A heading of the report.
    Heading,
}

/// The year a report is about.
#[derive(Debug, Clone, Copy)]
pub struct ReportYear {
    /// The year.
    pub year: i32,
    /// Where it was written.
    pub span: Span,
    /// Which part of the report gave it.
    pub source: YearSource,
}

/// How a heading sits in its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingForm {
    /// The heading is the whole line.
    Standalone,
    /// The heading is the first sentence of a paragraph: （一）依法履行政府职能。正文……
    RunIn,
    /// A numbered paragraph whose first sentence is too long to be a heading.
    Item,
}

/// One heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The whole heading including its ordinal marker (for run-in headings: up to the first 。).
    pub span: Span,
    /// The ordinal marker, if any, e.g. `（一）`.
    pub marker: Option<Span>,
    /// Scheme and number of the marker.
    pub ordinal: Option<(Scheme, u32)>,
    /// The heading words without the marker and final punctuation.
    pub text: Span,
    /// Position in the 一、/（一）/1./（1） ladder (smaller is higher).
    pub rank: u8,
    /// Depth in this document's tree: 1 for top-level parts.
    pub depth: u8,
    /// Index of the parent heading.
    pub parent: Option<usize>,
    /// From the heading to the next heading of the same or a higher rank.
    pub section: Span,
    /// Standalone, run-in or numbered item.
    pub form: HeadingForm,
    /// Index of the paragraph (line) the heading is in.
    pub paragraph: usize,
}

/// One body line.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The line without surrounding white space.
    pub span: Span,
    /// The heading this line carries, if any.
    pub heading: Option<usize>,
    /// The innermost heading whose section contains this line.
    pub section: Option<usize>,
}

/// An in-paragraph enumeration item such as 二是.
#[derive(Debug, Clone)]
pub struct Enumeration {
    /// The marker, e.g. `二是`.
    pub marker: Span,
    /// Its number.
    pub value: u32,
    /// Words after the marker up to the first clause break (at most 40 characters).
    pub lead: Span,
    /// The paragraph it is in.
    pub paragraph: usize,
}

/// A 成文日期.
#[derive(Debug, Clone, Copy)]
pub struct DocDate {
    /// The whole date line.
    pub span: Span,
    /// Year, month and day when they could be read.
    pub ymd: Option<(i32, u32, u32)>,
}

impl Document {
    /// Text of a span.
    #[must_use]
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    /// The title as one line (title lines joined without separator).
    #[must_use]
    pub fn title_text(&self) -> Option<String> {
        self.title
            .as_ref()
            .map(|title| title.lines.iter().map(|line| self.text(*line).trim()).collect::<Vec<_>>().join(""))
    }

    /// The issuer from the title, else from the signature.
    #[must_use]
    pub fn issuer_text(&self) -> Option<String> {
        let from_title = self.title.as_ref().and_then(|t| t.issuer).map(|s| self.text(s));
        from_title
            .or_else(|| self.signature.map(|s| self.text(s)))
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// The heading words of a heading (without marker).
    #[must_use]
    pub fn heading_text(&self, idx: usize) -> &str {
        self.text(self.headings[idx].text)
    }

    /// The full heading as written (marker included), on one line.
    #[must_use]
    pub fn heading_full(&self, idx: usize) -> &str {
        self.text(self.headings[idx].span)
    }

    /// Child headings of a heading (or the top-level headings for `None`).
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.headings.iter().enumerate().filter(move |(_, h)| h.parent == parent).map(|(i, _)| i)
    }

    /// The innermost heading whose section contains `offset`.
    #[must_use]
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        self.headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.section.contains_offset(offset))
            .max_by_key(|(_, h)| h.depth)
            .map(|(i, _)| i)
    }

    /// Text of a section without its heading: the span after the heading to the section end.
    #[must_use]
    pub fn section_body(&self, idx: usize) -> Span {
        let heading = &self.headings[idx];
        Span::new(heading.span.end.min(heading.section.end), heading.section.end)
    }

    /// A one-paragraph-per-line outline of the model, for the snapshot tests (`check --outline`
    /// shows users the structure in Chinese).
    #[must_use]
    pub fn outline(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let pos = |span: Span| self.source.position(span.start).line;
        for span in &self.chrome {
            let _ = writeln!(out, "chrome    L{:<3} {}", pos(*span), crop(self.text(*span), 30));
        }
        if let Some(title) = &self.title {
            let _ = writeln!(out, "title     L{:<3} {}", pos(title.span), self.title_text().unwrap_or_default());
            if let Some(issuer) = title.issuer {
                let _ = writeln!(out, "issuer         {}", self.text(issuer));
            }
        }
        if let Some(year) = &self.report_year {
            let _ = writeln!(out, "year           {} ({:?})", year.year, year.source);
        }
        if let Some(span) = self.recipient {
            let _ = writeln!(out, "recipient L{:<3} {}", pos(span), self.text(span));
        }
        if !self.preamble.is_empty() {
            let first = self.paragraphs[self.preamble[0]].span;
            let _ = writeln!(out, "preamble  L{:<3} {} paragraph(s)", pos(first), self.preamble.len());
        }
        for (idx, heading) in self.headings.iter().enumerate() {
            let indent = "  ".repeat(usize::from(heading.depth.saturating_sub(1)));
            let form = match heading.form {
                HeadingForm::Standalone => "",
                HeadingForm::RunIn => " [run-in]",
                HeadingForm::Item => " [item]",
            };
            let enums: Vec<String> = self
                .enumerations
                .iter()
                .filter(|e| {
                    self.paragraphs[e.paragraph].section == Some(idx)
                        && self.paragraphs[e.paragraph].heading.is_none_or(|h| h == idx)
                })
                .map(|e| chinese_numeral(e.value))
                .collect();
            let enums = if enums.is_empty() { String::new() } else { format!(" {{{}是}}", enums.join(",")) };
            let _ = writeln!(
                out,
                "heading   L{:<3} {indent}{}{form}{enums}",
                pos(heading.span),
                crop(self.heading_full(idx), 40)
            );
        }
        if let Some(span) = self.closing {
            let _ = writeln!(out, "closing   L{:<3} {}", pos(span), self.text(span));
        }
        if let Some(span) = self.signature {
            let _ = writeln!(out, "signature L{:<3} {}", pos(span), self.text(span));
        }
        if let Some(date) = &self.date {
            let _ = writeln!(out, "date      L{:<3} {} {:?}", pos(date.span), self.text(date.span), date.ymd);
        }
        let _ =
            writeln!(out, "counts         {} paragraphs, {} sentences", self.paragraphs.len(), self.sentences.len());
        out
    }
}

fn crop(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max_chars).collect();
        out.push('…');
        out
    }
}
