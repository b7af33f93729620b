//! The source map of a .docx body: for each piece of the extracted text, where in
//! `word/document.xml` it came from, so that comments and tracked changes can be written back
//! at exactly those characters.
//!
//! Offsets into the XML are byte offsets into the part's text as parsed (UTF-8, without a
//! byte-order mark), which is what roxmltree's ranges count.
//!
//! **Invariant:** pieces are sorted by their text range, do not overlap, and every character
//! of the extracted text that a piece covers came from that piece's XML; characters no piece
//! covers (automatic numbers, the line feed ending each paragraph) are generated.

use std::ops::Range;

/// Where each piece of the extracted body text sits in `word/document.xml`.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Pieces in text order.
    pub pieces: Vec<Piece>,
    /// Every paragraph (`w:p`) the walk met, in document order.
    pub paragraphs: Vec<Paragraph>,
    /// The places a piece's endpoints may be cut at.
    pub units: Vec<Unit>,
    /// Complex fields (`fldChar` begin … end) that hold text, outermost only.
    pub fields: Vec<Field>,
    /// The prefix the document binds to the `WordprocessingML` namespace on its root element.
    pub w_prefix: Option<String>,
}

/// A stretch of extracted text and where it came from.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Byte range in the extracted text.
    pub text: Range<usize>,
    /// Index into `SourceMap::paragraphs`: the paragraph that holds the text.
    pub paragraph: usize,
    /// Index into `SourceMap::units`: where the piece's endpoints may be cut.
    pub unit: usize,
    /// What in the XML gave the text.
    pub site: Site,
}

/// What in the XML gave a piece of text.
#[derive(Debug, Clone)]
pub enum Site {
    /// Characters of a `w:t`.
    Text {
        /// The `w:t` element.
        element: Range<usize>,
        /// The raw content of the `w:t` (between its tags).
        content: Range<usize>,
        /// The raw bytes this piece covers.
        raw: Range<usize>,
        /// Whether the raw bytes are the text byte for byte (no entity, no carriage return),
        /// so the piece can be cut at any character. Otherwise it is cut only at its ends.
        linear: bool,
    },
    /// An element that stands for one character (`w:tab`, `w:br`, `w:sym` …).
    Element {
        /// The element.
        element: Range<usize>,
    },
}

/// A paragraph of the body (or of a table cell or text box).
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The `w:p` element.
    pub element: Range<usize>,
    /// Where its content begins (after `w:pPr`) and ends (before `</w:p>`); `None` for an
    /// empty paragraph.
    pub content: Option<Range<usize>>,
    /// For a paragraph inside a text box: the body paragraph that holds the box (outermost).
    pub holder: Option<usize>,
    /// Which story the paragraph is in: 0 for the body, one number per table cell. A comment
    /// range may cross paragraphs of one story only.
    pub story: usize,
    /// Whether the document's `WordprocessingML` prefix means the same namespace here.
    pub same_prefix: bool,
}

/// Where a piece's endpoints may be cut.
#[derive(Debug, Clone)]
pub enum Unit {
    /// A run that is a direct child of its paragraph: it can be split anywhere.
    Run {
        /// The `w:r` element.
        element: Range<usize>,
        /// Its `w:rPr`, to copy into a split-off half.
        properties: Option<Range<usize>>,
        /// Where its first child after `w:rPr` starts and its last child ends.
        children: Range<usize>,
    },
    /// Something that must be kept whole (a hyperlink, content control, tracked insertion,
    /// simple field, smart tag …, or a run whose tag declares namespaces): cut only at its
    /// bounds, which are between children of the paragraph.
    Whole {
        /// The child of the paragraph that holds the text.
        element: Range<usize>,
    },
    /// The result of a complex field: cut only at the field's bounds. Index into
    /// `SourceMap::fields`.
    Field(usize),
    /// Text in a text box: cut only at the bounds of the holding paragraph's content
    /// (Word ignores comment marks inside text boxes). Index into `SourceMap::paragraphs`.
    Holder(usize),
}

/// A complex field, from the child of the paragraph holding its `begin` to the one holding its
/// `end`.
#[derive(Debug, Clone)]
pub struct Field {
    /// Where the field begins.
    pub start: usize,
    /// Where it ends; `None` when it does not end in its paragraph (its text cannot be
    /// anchored safely).
    pub end: Option<usize>,
}

impl SourceMap {
    /// The index of the first piece that ends after `offset` (the piece holding it, or the
    /// next one).
    #[must_use]
    pub fn piece_after(&self, offset: usize) -> Option<usize> {
        let idx = self.pieces.partition_point(|p| p.text.end <= offset);
        (idx < self.pieces.len()).then_some(idx)
    }

    /// The index of the last piece that starts before `offset` (the piece holding the
    /// character before it, or the previous one).
    #[must_use]
    pub fn piece_before(&self, offset: usize) -> Option<usize> {
        self.pieces.partition_point(|p| p.text.start < offset).checked_sub(1)
    }
}
