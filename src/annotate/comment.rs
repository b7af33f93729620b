//! The `w:comment` XML of an annotated copy: the lines `render::annotate` writes, with direct
//! formatting, escaped once.

use std::fmt::Write as _;

use crate::render::annotate::Line;
use crate::render::xml::{escape, escape_text};

/// How comment paragraphs and runs are formatted, written once per document.
pub(super) struct Style {
    w: String,
    attributes: String,
    paragraph: String,
    run: String,
    bold_run: String,
}

impl Style {
    /// The formatting for prefix `w` (the `WordprocessingML` namespace) and the comments'
    /// `w:author`/`w:date` attributes.
    pub fn new(w: &str, attributes: &str) -> Self {
        // Direct formatting: most reports define no comment text style, and the comment
        // would inherit the body's 三号仿宋 with its first-line indent and fixed line spacing.
        let paragraph = format!(
            "<{w}:pPr><{w}:spacing {w}:before=\"0\" {w}:after=\"0\" {w}:line=\"240\" {w}:lineRule=\"auto\"/>\
             <{w}:ind {w}:left=\"0\" {w}:leftChars=\"0\" {w}:firstLine=\"0\" {w}:firstLineChars=\"0\"/><{w}:jc {w}:val=\"left\"/></{w}:pPr>"
        );
        let run = |bold: &str| {
            format!(
                "<{w}:rPr><{w}:rFonts {w}:hint=\"eastAsia\"/>{bold}<{w}:sz {w}:val=\"21\"/><{w}:szCs {w}:val=\"21\"/></{w}:rPr>"
            )
        };
        Self {
            w: w.to_string(),
            attributes: attributes.to_string(),
            paragraph,
            run: run(""),
            bold_run: run(&format!("<{w}:b/>")),
        }
    }

    /// A `w:comment` element, appended to `out`.
    pub fn comment(&self, out: &mut String, id: i64, lines: &[Line]) {
        let w = &self.w;
        let _ = write!(out, "<{w}:comment {w}:id=\"{id}\"{}>", self.attributes);
        for (idx, line) in lines.iter().enumerate() {
            let rpr = if line.bold { &self.bold_run } else { &self.run };
            let _ = write!(out, "<{w}:p>{}", self.paragraph);
            if idx == 0 {
                let _ = write!(out, "<{w}:r>{rpr}<{w}:annotationRef/></{w}:r>");
            }
            let _ = write!(out, "<{w}:r>{rpr}<{w}:t xml:space=\"preserve\">");
            out.push_str(&escape_text(&line.text));
            let _ = write!(out, "</{w}:t></{w}:r></{w}:p>");
        }
        let _ = write!(out, "</{w}:comment>");
    }
}

/// The `w:author` and `w:date` attributes of comments and revisions, escaped.
pub(super) fn attributes(w: &str, author: &str, date: Option<&str>) -> String {
    let mut out = format!(" {w}:author=\"{}\"", escape(author));
    if let Some(date) = date {
        let _ = write!(out, " {w}:date=\"{}\"", escape(date));
    }
    out
}
