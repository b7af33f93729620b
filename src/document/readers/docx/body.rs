//! The walk over `word/document.xml`: the text Word shows for the body, one line per
//! paragraph, with where each line came from (第N段, 表N 第R行第C列) and its heading level,
//! and on request the source map (`map.rs`) of where each character sits in the XML.
//!
//! What gives text: `w:t` in runs, hyperlinks, tracked insertions and moves, content controls,
//! simple and complex fields (their results; field codes are dropped), text boxes (once: the
//! `mc:Fallback` copy is skipped), `w:tab`/`w:br`, automatic numbers. What does not: deleted
//! and moved-away text, hidden text, field codes, footnote and comment marks, properties.
//!
//! The walk keeps its own stacks rather than recursing: a crafted file nests elements as deep
//! as it likes, and a recursion on that depth would overflow the thread's stack.

use roxmltree::{Node, NodeId};

use super::map::{Field, Paragraph, Piece, Site, SourceMap, Unit};
use super::numbering::{Counters, Numbering};
use super::styles::{NumPr, Styles};
use super::table::{Building, Candidate, plan, select};
use super::xml::{MC, W, attr, child, is, is_on, is_w_namespace};
use crate::source::{Place, TableShape};

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
    /// The tables that hold data (see `table.rs`).
    pub tables: Vec<TableShape>,
    /// The source map, when the walker was asked for one.
    pub map: Option<SourceMap>,
}

/// Where a paragraph sits.
#[derive(Debug, Clone, Copy)]
enum Container {
    Body,
    Cell { table: usize, row: usize, column: usize },
}

/// A block container being walked: its remaining children, or a table's remaining cells.
enum Block<'a, 'i> {
    Children {
        items: roxmltree::Children<'a, 'i>,
        at: BlockAt,
    },
    Cells {
        cells: std::vec::IntoIter<(Node<'a, 'i>, usize, usize)>,
        table: usize,
        holder: Option<usize>,
        building: Box<Building>,
    },
}

/// Where the paragraphs of a block container sit: their place, their story (for the map)
/// and, inside a text box, the paragraph holding the box.
#[derive(Debug, Clone, Copy)]
struct BlockAt {
    container: Container,
    story: usize,
    holder: Option<usize>,
}

/// The run and the child of the paragraph that an inline element sits in.
#[derive(Clone, Copy)]
struct Inline<'a, 'i> {
    run: Option<Node<'a, 'i>>,
    top: Option<Node<'a, 'i>>,
}

impl<'a, 'i> Inline<'a, 'i> {
    /// The context of `item`'s children.
    fn enter(self, item: Node<'a, 'i>) -> Self {
        Self { run: if is(item, "r") { Some(item) } else { self.run }, top: self.top.or(Some(item)) }
    }
}

/// State of the complex field (`w:fldChar`) being read: its code is hidden, its result shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldPart {
    Code,
    Result,
}

/// The open complex fields of a paragraph. The count of fields in their code part is kept
/// beside the stack, so that "is text hidden?" costs the same however many fields are open
/// (a file can open 100,000 and never close them).
#[derive(Default)]
struct Fields {
    open: Vec<FieldPart>,
    in_code: usize,
    /// Index into the map's fields of the outermost open field.
    outer: Option<usize>,
}

impl Fields {
    fn hidden(&self) -> bool {
        self.in_code > 0
    }

    fn begin(&mut self) {
        self.open.push(FieldPart::Code);
        self.in_code += 1;
    }

    fn separate(&mut self) {
        if let Some(last) = self.open.last_mut()
            && *last == FieldPart::Code
        {
            *last = FieldPart::Result;
            self.in_code -= 1;
        }
    }

    /// Closes the innermost field; true when none is left open.
    fn end(&mut self) -> bool {
        if self.open.pop() == Some(FieldPart::Code) {
            self.in_code -= 1;
        }
        self.open.is_empty()
    }
}

/// A piece of a paragraph's text before the paragraph is laid out in lines.
struct LocalPiece {
    text: std::ops::Range<usize>,
    unit: usize,
    site: Site,
}

/// What the paragraph's inline walk collected besides its text.
struct InlineOut<'a, 'i> {
    boxes: Vec<Node<'a, 'i>>,
    pieces: Vec<LocalPiece>,
}

/// Which unit a piece belongs to, for reusing the last one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKey {
    Holder(usize),
    Field(usize),
    Node(NodeId),
}

pub(super) struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    paragraphs: usize,
    tables: usize,
    stories: usize,
    out: Extracted,
    last_unit: Option<(UnitKey, usize)>,
    /// Every table walked, for `table::select`.
    tables_walked: Vec<Candidate>,
}

impl<'a> Walker<'a> {
    pub fn new(styles: &'a Styles, numbering: &'a Numbering) -> Self {
        Self {
            styles,
            numbering,
            counters: Counters::default(),
            paragraphs: 0,
            tables: 0,
            stories: 0,
            out: Extracted::default(),
            last_unit: None,
            tables_walked: Vec::new(),
        }
    }

    /// Records the source map during the walk.
    pub fn with_map(mut self) -> Self {
        self.out.map = Some(SourceMap::default());
        self
    }

    /// Walks the `w:body` of a document part.
    pub fn body(mut self, document: &roxmltree::Document<'_>) -> Extracted {
        let root = document.root_element();
        if let Some(map) = &mut self.out.map {
            map.w_prefix = root.lookup_prefix(W).filter(|p| !p.is_empty()).map(str::to_string);
        }
        let Some(body) = child(root, "body") else { return self.out };
        self.walk(body);
        let candidates = std::mem::take(&mut self.tables_walked);
        self.out.tables = select(candidates, &self.out.text);
        self.out
    }

    /// Walks the block containers of the body, with a stack of its own.
    fn walk(&mut self, body: Node<'_, '_>) {
        let at = BlockAt { container: Container::Body, story: 0, holder: None };
        let mut stack = vec![Block::Children { items: body.children(), at }];
        while let Some(top) = stack.last_mut() {
            match top {
                Block::Cells { cells, table, holder, building } => {
                    let (table, holder) = (*table, *holder);
                    let Some((tc, row, column)) = cells.next() else {
                        if let Some(Block::Cells { building, .. }) = stack.pop() {
                            self.tables_walked.push(building.finish(&self.out.text, &self.out.levels));
                        }
                        continue;
                    };
                    building.next_cell(&self.out.text, &self.out.levels);
                    self.stories += 1;
                    let at = BlockAt { container: Container::Cell { table, row, column }, story: self.stories, holder };
                    stack.push(Block::Children { items: tc.children(), at });
                }
                Block::Children { items, at } => {
                    let at = *at;
                    let Some(item) = items.find(Node::is_element) else {
                        stack.pop();
                        continue;
                    };
                    self.block_item(item, at, &mut stack);
                }
            }
        }
    }

    /// One child of a block container; pushes what to walk inside it, if anything.
    fn block_item<'n, 'i>(&mut self, item: Node<'n, 'i>, at: BlockAt, stack: &mut Vec<Block<'n, 'i>>) {
        let name = item.tag_name().name();
        if item.tag_name().namespace() == Some(MC) {
            if name == "AlternateContent"
                && let Some(choice) = alternate(item)
            {
                stack.push(Block::Children { items: choice.children(), at });
            }
            return;
        }
        if !is_w_namespace(item.tag_name().namespace()) {
            return;
        }
        match name {
            "p" => {
                let (boxes, this) = self.paragraph(item, at);
                // A text box reads after the paragraph it is anchored in, boxes in order; its
                // paragraphs count as paragraphs of the body (or lie in the anchor's cell).
                // The last box is pushed first so that the first is walked first.
                let box_at = BlockAt { holder: at.holder.or(this), ..at };
                for text_box in boxes.into_iter().rev() {
                    stack.push(Block::Children { items: text_box.children(), at: box_at });
                }
            }
            "tbl" => {
                self.tables += 1;
                let (cells, building) = plan(item, self.out.text.len());
                stack.push(Block::Cells {
                    cells: cells.into_iter(),
                    table: self.tables,
                    holder: at.holder,
                    building: Box::new(building),
                });
            }
            "del" | "moveFrom" => self.out.seen.tracked_changes = true,
            "sectPr" | "sdtPr" | "sdtEndPr" | "tblPr" | "tblGrid" | "trPr" | "tcPr" => {}
            "ins" | "moveTo" => {
                self.out.seen.tracked_changes = true;
                stack.push(Block::Children { items: item.children(), at });
            }
            // sdt, sdtContent, customXml, smartTag and whatever a newer Word wraps blocks in:
            // read through.
            _ => stack.push(Block::Children { items: item.children(), at }),
        }
    }

    /// One paragraph: its label, its inline text as lines, and (with a map) its pieces.
    /// Returns the text boxes it holds and its index in the map.
    fn paragraph<'n, 'i>(&mut self, p: Node<'n, 'i>, at: BlockAt) -> (Vec<Node<'n, 'i>>, Option<usize>) {
        let ppr = child(p, "pPr");
        let style_id = ppr.and_then(|n| child(n, "pStyle")).and_then(|n| attr(n, "val"));
        let style = self.styles.effective(style_id);
        let label = self.label(ppr, style);
        let level = ppr
            .and_then(|n| child(n, "outlineLvl"))
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.parse::<u8>().ok())
            .map_or_else(|| self.styles.heading_level(style), |o| (o < 9).then_some(o + 1));

        let index = self.out.map.as_mut().map(|map| {
            map.paragraphs.push(map_paragraph(p, ppr, at, map.w_prefix.as_deref()));
            map.paragraphs.len() - 1
        });
        let mut text = label.unwrap_or_default();
        let inline = self.inline(p, &mut text, at.holder);

        let mut first = true;
        let mut line_start = 0;
        for line in text.split('\n') {
            let local = line_start..line_start + line.len();
            line_start = local.end + 1;
            if line.trim().is_empty() {
                continue;
            }
            if first {
                first = false;
                if matches!(at.container, Container::Body) {
                    self.paragraphs += 1;
                }
                if let Some(level) = level {
                    self.out.levels.push((self.out.text.len(), level));
                }
            }
            let place = match at.container {
                Container::Body => Place::Paragraph(self.paragraphs),
                Container::Cell { table, row, column } => Place::Cell { table, row, column },
            };
            let global = self.out.text.len();
            self.out.places.push((global, place));
            self.out.text.push_str(line);
            self.out.text.push('\n');
            if let (Some(map), Some(index)) = (&mut self.out.map, index) {
                place_pieces(map, &inline.pieces, local, global, index);
            }
        }
        (inline.boxes, index)
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

    /// The text of runs and what wraps them, in order, appended to `text`. `in_box` is, for a
    /// paragraph in a text box, the paragraph holding the box (its pieces are anchored there).
    fn inline<'n, 'i>(&mut self, p: Node<'n, 'i>, text: &mut String, in_box: Option<usize>) -> InlineOut<'n, 'i> {
        let mut out = InlineOut { boxes: Vec::new(), pieces: Vec::new() };
        let mut fields = Fields::default();
        let mut stack: Vec<(roxmltree::Children<'n, 'i>, Inline<'n, 'i>)> =
            vec![(p.children(), Inline { run: None, top: None })];
        while let Some((items, ctx)) = stack.last_mut() {
            let ctx = *ctx;
            let Some(item) = items.find(Node::is_element) else {
                stack.pop();
                continue;
            };
            let name = item.tag_name().name();
            if item.tag_name().namespace() == Some(MC) {
                if name == "AlternateContent"
                    && let Some(choice) = alternate(item)
                {
                    stack.push((choice.children(), ctx.enter(item)));
                }
                continue;
            }
            if !is_w_namespace(item.tag_name().namespace()) {
                // Drawing and VML wrappers (wp:, a:, wps:, v:) can hold a text box.
                stack.push((item.children(), ctx.enter(item)));
                continue;
            }
            let hidden = fields.hidden();
            let start = text.len();
            match name {
                "t" if !hidden => text.push_str(item.text().unwrap_or_default()),
                "tab" | "ptab" if !hidden => text.push('\t'),
                "br" | "cr" if !hidden => text.push('\n'),
                "noBreakHyphen" if !hidden => text.push('-'),
                "sym" if !hidden => text.extend(symbol(item)),
                "fldChar" => match attr(item, "fldCharType") {
                    Some("begin") => {
                        if fields.open.is_empty()
                            && let Some(map) = &mut self.out.map
                        {
                            let start = ctx.top.unwrap_or(item).range().start;
                            map.fields.push(Field { start, end: None });
                            fields.outer = Some(map.fields.len() - 1);
                        }
                        fields.begin();
                    }
                    Some("separate") => fields.separate(),
                    Some("end") if fields.end() => {
                        if let (Some(map), Some(outer)) = (&mut self.out.map, fields.outer) {
                            map.fields[outer].end = Some(ctx.top.unwrap_or(item).range().end);
                        }
                        fields.outer = None;
                    }
                    _ => {}
                },
                // Hidden text (字体 → 隐藏) is neither shown nor printed. A hidden run that
                // holds a field character is still read, to keep the field structure intact.
                "r" if is_hidden(item) => {}
                "txbxContent" => out.boxes.push(item),
                "footnoteReference" => self.out.seen.footnotes += 1,
                "endnoteReference" => self.out.seen.endnotes += 1,
                "commentReference" => self.out.seen.comments += 1,
                "del" | "moveFrom" => self.out.seen.tracked_changes = true,
                "ins" | "moveTo" => {
                    self.out.seen.tracked_changes = true;
                    stack.push((item.children(), ctx.enter(item)));
                }
                // Properties, deleted text, field codes and marks without text of their own.
                "pPr" | "rPr" | "delText" | "instrText" | "delInstrText" | "sdtPr" | "sdtEndPr" | "fldData" | "t"
                | "tab" | "ptab" | "br" | "cr" | "noBreakHyphen" | "sym" => {}
                // r, hyperlink, fldSimple (its runs are the result), sdt, sdtContent, smartTag,
                // customXml, drawing, pict, object and anything newer: read through.
                _ => stack.push((item.children(), ctx.enter(item))),
            }
            if text.len() > start && self.out.map.is_some() {
                let unit = self.unit(item, ctx, &fields, in_box);
                record_pieces(&mut out.pieces, item, start..text.len(), unit);
            }
        }
        out
    }

    /// The unit an inline element's text belongs to (see `map::Unit`), reusing the last one
    /// when it is the same.
    fn unit(&mut self, item: Node<'_, '_>, ctx: Inline<'_, '_>, fields: &Fields, in_box: Option<usize>) -> usize {
        let top = ctx.top.unwrap_or(item);
        let key = match (in_box, fields.outer) {
            (Some(holder), _) => UnitKey::Holder(holder),
            (None, Some(field)) => UnitKey::Field(field),
            (None, None) => UnitKey::Node(top.id()),
        };
        if let Some((last, index)) = self.last_unit
            && last == key
        {
            return index;
        }
        let map = self.out.map.as_mut().expect("units are made only with a map");
        let unit = match key {
            UnitKey::Holder(holder) => Unit::Holder(holder),
            UnitKey::Field(field) => Unit::Field(field),
            UnitKey::Node(_) if ctx.run == Some(top) && !declares_namespaces(top) => run_unit(top),
            UnitKey::Node(_) => Unit::Whole { element: top.range() },
        };
        map.units.push(unit);
        let index = map.units.len() - 1;
        self.last_unit = Some((key, index));
        index
    }
}

/// The map entry of a paragraph.
fn map_paragraph(p: Node<'_, '_>, ppr: Option<Node<'_, '_>>, at: BlockAt, w_prefix: Option<&str>) -> Paragraph {
    let first = match ppr {
        Some(ppr) => ppr.range().end,
        None => p.first_child().map_or(usize::MAX, |c| c.range().start),
    };
    let last = p.last_child().map_or(0, |c| c.range().end);
    let content = (first <= last && p.last_child().is_some_and(|c| Some(c) != ppr)).then_some(first..last);
    let same_prefix = w_prefix.is_some_and(|prefix| p.lookup_namespace_uri(Some(prefix)) == Some(W));
    Paragraph { element: p.range(), content, holder: at.holder, story: at.story, same_prefix }
}

/// A run that can be split: its properties and where its children lie.
fn run_unit(run: Node<'_, '_>) -> Unit {
    let properties = child(run, "rPr").map(|r| r.range());
    let first = run.children().find(|c| c.is_element() && !is(*c, "rPr")).map_or(run.range().end, |c| c.range().start);
    let last = run.last_child().map_or(run.range().end, |c| c.range().end);
    Unit::Run { element: run.range(), properties, children: first..last }
}

/// Whether an element's start tag declares a namespace: a copy of its content would then
/// need the declaration too, so it is never split.
fn declares_namespaces(node: Node<'_, '_>) -> bool {
    let text = node.document().input_text();
    let start = node.range().start;
    let tag_end = memchr::memchr(b'>', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    text[start..tag_end].contains("xmlns")
}

/// Records the pieces an inline element gave (`text` is their range in the paragraph's text).
/// A `w:t` is split where its raw XML stops matching its text byte for byte (an entity, a
/// carriage return), so that every piece is either cut anywhere or only at its ends.
fn record_pieces(pieces: &mut Vec<LocalPiece>, item: Node<'_, '_>, text: std::ops::Range<usize>, unit: usize) {
    if !is(item, "t") {
        pieces.push(LocalPiece { text, unit, site: Site::Element { element: item.range() } });
        return;
    }
    let element = item.range();
    let Some(node) = item.first_child().filter(Node::is_text) else { return };
    let content = node.range();
    let raw = &item.document().input_text()[content.clone()];
    let decoded = node.text().unwrap_or_default();
    match split_raw(raw, decoded) {
        Some(parts) => {
            for (part_text, part_raw, linear) in parts {
                pieces.push(LocalPiece {
                    text: text.start + part_text.start..text.start + part_text.end,
                    unit,
                    site: Site::Text {
                        element: element.clone(),
                        content: content.clone(),
                        raw: content.start + part_raw.start..content.start + part_raw.end,
                        linear,
                    },
                });
            }
        }
        None => pieces.push(LocalPiece {
            text,
            unit,
            site: Site::Text { element, content: content.clone(), raw: content, linear: false },
        }),
    }
}

/// Pairs the raw XML of a text node with its decoded text: stretches that are byte-identical
/// (linear) and single characters written as an entity or a carriage return (not linear).
/// `None` when the two cannot be paired (CDATA, or anything unexpected).
type RawParts = Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)>;

fn split_raw(raw: &str, decoded: &str) -> Option<RawParts> {
    if raw == decoded {
        return Some(vec![(0..decoded.len(), 0..raw.len(), true)]);
    }
    let (raw_bytes, mut parts) = (raw.as_bytes(), Vec::new());
    let (mut r, mut d) = (0, 0);
    while r < raw.len() {
        let special = memchr::memchr2(b'&', b'\r', &raw_bytes[r..]).map_or(raw.len(), |i| r + i);
        if special > r {
            let len = special - r;
            if decoded.get(d..d + len)? != &raw[r..special] {
                return None;
            }
            parts.push((d..d + len, r..special, true));
            (r, d) = (special, d + len);
            continue;
        }
        let raw_len = if raw_bytes[r] == b'&' {
            raw[r..].find(';')? + 1
        } else if raw[r..].starts_with("\r\n") {
            2
        } else {
            1
        };
        let c = decoded[d..].chars().next()?;
        parts.push((d..d + c.len_utf8(), r..r + raw_len, false));
        (r, d) = (r + raw_len, d + c.len_utf8());
    }
    (d == decoded.len()).then_some(parts)
}

/// Moves the pieces of one kept line (`local` in the paragraph's text) into the map, at
/// `global` in the extracted text.
fn place_pieces(
    map: &mut SourceMap,
    pieces: &[LocalPiece],
    local: std::ops::Range<usize>,
    global: usize,
    paragraph: usize,
) {
    let first = pieces.partition_point(|p| p.text.end <= local.start);
    for piece in pieces[first..].iter().take_while(|p| p.text.start < local.end) {
        let start = piece.text.start.max(local.start);
        let end = piece.text.end.min(local.end);
        if start >= end {
            continue;
        }
        let site = match &piece.site {
            Site::Text { element, content, raw, linear: true } => Site::Text {
                element: element.clone(),
                content: content.clone(),
                raw: raw.start + (start - piece.text.start)..raw.end - (piece.text.end - end),
                linear: true,
            },
            other => other.clone(),
        };
        map.pieces.push(Piece {
            text: global + start - local.start..global + end - local.start,
            paragraph,
            unit: piece.unit,
            site,
        });
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
pub(super) fn descendants_skipping<'a, 'i>(node: Node<'a, 'i>, name: &str, stop: &str) -> Vec<Node<'a, 'i>> {
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

#[cfg(test)]
mod tests {
    use super::split_raw;

    #[test]
    fn raw_text_pairs_with_its_decoded_form() {
        assert_eq!(split_raw("法治", "法治").unwrap(), vec![(0..6, 0..6, true)]);
        let parts = split_raw("a&amp;b&#x4E00;\r\nc", "a&b一\nc").unwrap();
        assert_eq!(
            parts,
            vec![
                (0..1, 0..1, true),
                (1..2, 1..6, false),
                (2..3, 6..7, true),
                (3..6, 7..15, false),
                (6..7, 15..17, false),
                (7..8, 17..18, true)
            ]
        );
        assert!(split_raw("<![CDATA[x]]>", "x").is_none());
    }
}
