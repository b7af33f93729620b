//! The walk over `word/document.xml`: the text Word shows for the body, one line per
//! paragraph, with where each line came from (第N段, 表N 第R行第C列) and its heading level.
//!
//! What gives text: `w:t` in runs, hyperlinks, tracked insertions and moves, content controls,
//! simple and complex fields (their results; field codes are dropped), text boxes (once: the
//! `mc:Fallback` copy is skipped), `w:tab`/`w:br`, automatic numbers. What does not: deleted
//! and moved-away text, hidden text, field codes, footnote and comment marks, properties.

use roxmltree::Node;

use super::numbering::{Counters, Numbering};
use super::styles::{NumPr, Styles};
use super::xml::{MC, attr, child, is, is_on, is_w_namespace};
use crate::source::Place;

/// What the walk found besides text, for the notes shown to the user.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Seen {
    pub footnotes: usize,
    pub endnotes: usize,
    pub comments: usize,
    pub tracked_changes: bool,
}

/// The extracted body.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    pub text: String,
    pub places: Vec<(usize, Place)>,
    pub levels: Vec<(usize, u8)>,
    pub seen: Seen,
}

/// Where a paragraph sits.
#[derive(Debug, Clone, Copy)]
enum Container {
    Body,
    Cell { table: usize, row: usize, column: usize },
}

/// State of the complex field (`w:fldChar`) being read: its code is hidden, its result shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldPart {
    Code,
    Result,
}

pub(super) struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    paragraphs: usize,
    tables: usize,
    out: Extracted,
}

impl<'a> Walker<'a> {
    pub fn new(styles: &'a Styles, numbering: &'a Numbering) -> Self {
        Self { styles, numbering, counters: Counters::default(), paragraphs: 0, tables: 0, out: Extracted::default() }
    }

    /// Walks the `w:body` of a document part.
    pub fn body(mut self, document: &roxmltree::Document<'_>) -> Extracted {
        if let Some(body) = child(document.root_element(), "body") {
            self.blocks(body, Container::Body);
        }
        self.out
    }

    /// Paragraphs and tables inside a block container (body, cell, text box, content control).
    fn blocks(&mut self, node: Node<'_, '_>, container: Container) {
        for item in node.children().filter(Node::is_element) {
            let name = item.tag_name().name();
            if is_w_namespace(item.tag_name().namespace()) {
                match name {
                    "p" => self.paragraph(item, container),
                    "tbl" => self.table(item),
                    "del" | "moveFrom" => self.out.seen.tracked_changes = true,
                    "sectPr" | "sdtPr" | "sdtEndPr" | "tblPr" | "tblGrid" | "trPr" | "tcPr" => {}
                    "ins" | "moveTo" => {
                        self.out.seen.tracked_changes = true;
                        self.blocks(item, container);
                    }
                    // sdt, sdtContent, customXml, smartTag and whatever a newer Word wraps
                    // blocks in: read through.
                    _ => self.blocks(item, container),
                }
            } else if item.tag_name().namespace() == Some(MC)
                && name == "AlternateContent"
                && let Some(choice) = alternate(item)
            {
                self.blocks(choice, container);
            }
        }
    }

    fn table(&mut self, tbl: Node<'_, '_>) {
        self.tables += 1;
        let table = self.tables;
        for (row_idx, tr) in descendants_skipping(tbl, "tr", "tbl").into_iter().enumerate() {
            for (column_idx, tc) in descendants_skipping(tr, "tc", "tbl").into_iter().enumerate() {
                self.blocks(tc, Container::Cell { table, row: row_idx + 1, column: column_idx + 1 });
            }
        }
    }

    fn paragraph(&mut self, p: Node<'_, '_>, container: Container) {
        let ppr = child(p, "pPr");
        let style_id = ppr.and_then(|n| child(n, "pStyle")).and_then(|n| attr(n, "val"));
        let style = self.styles.effective(style_id);
        let label = self.label(ppr, style);
        let level = ppr
            .and_then(|n| child(n, "outlineLvl"))
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.parse::<u8>().ok())
            .map_or_else(|| self.styles.heading_level(style), |o| (o < 9).then_some(o + 1));

        let mut text = label.unwrap_or_default();
        let mut boxes = Vec::new();
        let mut fields = Vec::new();
        self.inline(p, &mut text, &mut boxes, &mut fields);

        let mut first = true;
        for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
            if first {
                first = false;
                if matches!(container, Container::Body) {
                    self.paragraphs += 1;
                }
                if let Some(level) = level {
                    self.out.levels.push((self.out.text.len(), level));
                }
            }
            let place = match container {
                Container::Body => Place::Paragraph(self.paragraphs),
                Container::Cell { table, row, column } => Place::Cell { table, row, column },
            };
            self.out.places.push((self.out.text.len(), place));
            self.out.text.push_str(line);
            self.out.text.push('\n');
        }
        // A text box reads after the paragraph it is anchored in; its paragraphs count as
        // paragraphs of the body (or lie in the anchor's cell).
        for text_box in boxes {
            self.blocks(text_box, container);
        }
    }

    /// The automatic number Word shows before the paragraph, advancing its list.
    fn label(&mut self, ppr: Option<Node<'_, '_>>, style: Option<&str>) -> Option<String> {
        let own = ppr.and_then(NumPr::of).unwrap_or_default();
        let inherited = self.styles.num_pr(style);
        let num_id = own.num_id.as_deref().or_else(|| inherited.and_then(|(_, n)| n.num_id.as_deref()))?;
        if num_id == "0" {
            return None;
        }
        let ilvl = own
            .ilvl
            .or_else(|| inherited.and_then(|(_, n)| n.ilvl))
            .or_else(|| style.and_then(|s| self.numbering.level_of_style(num_id, s, self.styles)))
            .unwrap_or(0);
        self.counters.next_label(self.numbering, self.styles, num_id, ilvl)
    }

    /// The text of runs and what wraps them, in order.
    fn inline<'n, 'i>(
        &mut self,
        node: Node<'n, 'i>,
        text: &mut String,
        boxes: &mut Vec<Node<'n, 'i>>,
        fields: &mut Vec<FieldPart>,
    ) {
        for item in node.children().filter(Node::is_element) {
            let name = item.tag_name().name();
            if item.tag_name().namespace() == Some(MC) {
                if name == "AlternateContent"
                    && let Some(choice) = alternate(item)
                {
                    self.inline(choice, text, boxes, fields);
                }
                continue;
            }
            if !is_w_namespace(item.tag_name().namespace()) {
                // Drawing and VML wrappers (wp:, a:, wps:, v:) can hold a text box.
                self.inline(item, text, boxes, fields);
                continue;
            }
            let hidden = fields.contains(&FieldPart::Code);
            match name {
                "t" if !hidden => text.push_str(item.text().unwrap_or_default()),
                "tab" | "ptab" if !hidden => text.push('\t'),
                "br" | "cr" if !hidden => text.push('\n'),
                "noBreakHyphen" if !hidden => text.push('-'),
                "sym" if !hidden => text.extend(symbol(item)),
                "fldChar" => match attr(item, "fldCharType") {
                    Some("begin") => fields.push(FieldPart::Code),
                    Some("separate") => {
                        if let Some(last) = fields.last_mut() {
                            *last = FieldPart::Result;
                        }
                    }
                    Some("end") => {
                        fields.pop();
                    }
                    _ => {}
                },
                // Hidden text (字体 → 隐藏) is neither shown nor printed. A hidden run that
                // holds a field character is still read, to keep the field structure intact.
                "r" if is_hidden(item) => {}
                "txbxContent" => boxes.push(item),
                "footnoteReference" => self.out.seen.footnotes += 1,
                "endnoteReference" => self.out.seen.endnotes += 1,
                "commentReference" => self.out.seen.comments += 1,
                "del" | "moveFrom" => self.out.seen.tracked_changes = true,
                "ins" | "moveTo" => {
                    self.out.seen.tracked_changes = true;
                    self.inline(item, text, boxes, fields);
                }
                // Properties, deleted text, field codes and marks without text of their own.
                "pPr" | "rPr" | "delText" | "instrText" | "delInstrText" | "sdtPr" | "sdtEndPr" | "fldData" | "t"
                | "tab" | "ptab" | "br" | "cr" | "noBreakHyphen" | "sym" => {}
                // r, hyperlink, fldSimple (its runs are the result), sdt, sdtContent, smartTag,
                // customXml, drawing, pict, object and anything newer: read through.
                _ => self.inline(item, text, boxes, fields),
            }
        }
    }
}

/// The branch of an `mc:AlternateContent` to read: the first `mc:Choice` (what Word shows),
/// else the `mc:Fallback`. Reading both would repeat a text box's text.
fn alternate<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    let in_mc = |n: &Node<'_, '_>, name: &str| n.tag_name().namespace() == Some(MC) && n.tag_name().name() == name;
    node.children().find(|c| in_mc(c, "Choice")).or_else(|| node.children().find(|c| in_mc(c, "Fallback")))
}

/// Elements `w:{name}` below `node` (through content controls and tracked-change wrappers),
/// without entering nested tables `w:{stop}`.
fn descendants_skipping<'a, 'i>(node: Node<'a, 'i>, name: &str, stop: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<Node<'a, 'i>> = node.children().filter(Node::is_element).collect();
    stack.reverse();
    while let Some(item) = stack.pop() {
        if is(item, name) {
            found.push(item);
        } else if !is(item, stop) && !is(item, "del") && !is(item, "tblPr") && !is(item, "trPr") {
            let before = stack.len();
            stack.extend(item.children().filter(Node::is_element));
            stack[before..].reverse();
        }
    }
    found
}

/// Whether a run is formatted as hidden text (`w:vanish`) and holds no field character.
fn is_hidden(run: Node<'_, '_>) -> bool {
    child(run, "rPr").and_then(|rpr| child(rpr, "vanish")).is_some_and(is_on) && child(run, "fldChar").is_none()
}

/// A `w:sym` character. Symbol-font characters in the private use area (U+F000–U+F0FF) are
/// glyph numbers, not text, and are left out.
fn symbol(node: Node<'_, '_>) -> Option<char> {
    let code = u32::from_str_radix(attr(node, "char")?, 16).ok()?;
    let c = char::from_u32(code)?;
    (!('\u{E000}'..='\u{F8FF}').contains(&c)).then_some(c)
}
