//! Report text and positions: byte spans inside, 1-based line and character column outside;
//! the origin of extracted text (format, places in the original). Decoding bytes into text is
//! in `decode`.
//!
//! **Invariant:** every `Span` handed out points at char boundaries of `SourceFile::text`, and
//! line/column numbers are computed only here.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

mod decode;

use decode::decode_bytes;

/// Largest input accepted, in bytes. A real report is 10–200 KB; anything past this is not a
/// report and would only exhaust memory.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The bytes of an input file, links followed. Anything but a regular file is refused before it
/// is opened (a FIFO would block, a device such as `/dev/zero` never ends), and at most
/// `MAX_INPUT_BYTES + 1` bytes are read whatever the size the file system reports, so a file
/// that grows while it is read, or lies about its size, cannot exhaust memory.
///
/// # Errors
/// `ReadError::Io`, `NotRegularFile` or `TooLarge`.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegularFile { what: file_kind(meta.file_type()) });
    }
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(ReadError::TooLarge { size: meta.len(), limit: MAX_INPUT_BYTES });
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES });
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, in the words of a message.
fn file_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "命名管道 FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "设备文件";
        }
        if kind.is_socket() {
            return "套接字";
        }
    }
    if kind.is_dir() { "文件夹" } else { "特殊文件" }
}

/// A byte range into the text of a `SourceFile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this span.
    #[must_use]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the byte offset lies inside this span.
    #[must_use]
    pub fn contains_offset(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The span shifted right by `by` bytes (used to turn a match inside a slice into a span of
    /// the whole text).
    #[must_use]
    pub fn shift(self, by: usize) -> Self {
        Self::new(self.start + by, self.end + by)
    }

    /// The range form, for slicing.
    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Self::new(range.start, range.end)
    }
}

/// A 1-based line and a 1-based column counted in characters (not bytes, not display width).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

/// Why a file could not be turned into report text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused or failed the read.
    #[error("无法读取文件：{}", crate::diagnostic::io_error(.0))]
    Io(#[from] std::io::Error),
    /// Zero bytes, or only white space.
    #[error("文件是空的，没有可检查的文字")]
    Empty,
    /// Larger than `MAX_INPUT_BYTES`.
    #[error("文件过大（{size}字节，上限{limit}字节），不像是一份年度报告")]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// NUL bytes or a known binary signature.
    #[error("这不是文本文件（{what}）")]
    Binary {
        /// What the bytes look like.
        what: String,
    },
    /// Neither valid UTF-8 nor a legacy Chinese encoding that decodes cleanly.
    #[error("无法识别文件编码：{detail}")]
    Encoding {
        /// What went wrong, with the byte position when known.
        detail: String,
    },
    /// A structured file (.docx, .pdf, .html) that is damaged or cannot be parsed.
    #[error("无法解析这个 {format} 文件：{detail}")]
    Damaged {
        /// The format, e.g. `docx`.
        format: &'static str,
        /// What is wrong, and what to do when the user can act.
        detail: String,
    },
    /// A file refused for safety before it could exhaust memory or time (zip bombs, XML entity
    /// expansion, too many parts).
    #[error("出于安全考虑拒绝读取这个 {format} 文件：{detail}")]
    Unsafe {
        /// The format, e.g. `docx`.
        format: &'static str,
        /// Which limit was hit.
        detail: String,
    },
    /// A readable file with no text to check, e.g. a scanned PDF.
    #[error("{0}")]
    NoText(String),
    /// A FIFO, a device, a socket or a folder where a report file was named: reading it could
    /// block forever (a FIFO) or never end (`/dev/zero`), so it is refused before it is opened.
    #[error("这不是普通文件（{what}），无法作为报告读取；请给出报告文件本身")]
    NotRegularFile {
        /// What the path is, e.g. 命名管道（FIFO）.
        what: &'static str,
    },
    /// A format a report may be saved in that fazhi does not read (.doc, .wps, .rtf, .odt …).
    #[error(
        "这是{what}，fazhi 读不了这种格式；请另存为 .docx（Word 或 WPS 中“另存为”，Pages 中“导出为 Word”）后再检查"
    )]
    Unsupported {
        /// What the file is, e.g. RTF 文档（.rtf）.
        what: &'static str,
    },
    /// `--encoding` named something `encoding_rs` does not know.
    #[error("不认识的编码名称“{0}”（可用 utf-8、gbk、gb18030、big5、utf-16le 等）")]
    UnknownEncoding(String),
}

/// Text of one input with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as the user gave it (used in every message).
    pub path: PathBuf,
    /// The decoded text, BOM removed, otherwise exactly as read (line endings kept).
    pub text: String,
    /// Name of the encoding the bytes were decoded from, e.g. `UTF-8` or `GBK`.
    pub encoding: &'static str,
    /// Whether a byte-order mark was present.
    pub had_bom: bool,
    /// Where the text came from: the file format and, for .docx/.html/.pdf, where each part of
    /// the extracted text was in the original.
    pub origin: Origin,
    line_starts: Vec<usize>,
}

/// The format a report was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown.
    Markdown,
    /// Word 2007+ (.docx, also written by WPS).
    Docx,
    /// A web page.
    Html,
    /// A PDF with a text layer.
    Pdf,
}

impl InputFormat {
    /// Lower-case name used in messages and machine output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Markdown => "md",
            Self::Docx => "docx",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }
}

/// A place in the original file, in terms its user can find there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The Nth paragraph of the document body (1-based, as Word counts them).
    Paragraph(usize),
    /// A table cell (all 1-based).
    Cell {
        /// Table number in the document.
        table: usize,
        /// Row in the table.
        row: usize,
        /// Column in the row.
        column: usize,
    },
    /// A page of a PDF (1-based).
    Page(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Paragraph(n) => write!(f, "第{n}段"),
            Self::Cell { table, row, column } => write!(f, "表{table} 第{row}行第{column}列"),
            Self::Page(n) => write!(f, "第{n}页"),
        }
    }
}

/// What a reader knows about the original file beyond its text.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The format read.
    pub format: InputFormat,
    /// Places in the original, sorted by the byte offset in the text where each starts; a place
    /// applies up to the next one. Empty for plain text, where line and column are the place.
    pub places: Vec<(usize, Place)>,
    /// Heading levels the original marks (Word outline levels or heading styles, HTML `h1`–`h6`),
    /// keyed by the byte offset of the line's start: level 1 is the top.
    pub levels: Vec<(usize, u8)>,
    /// The publication date a web page shows (year, month, day).
    pub published: Option<(i32, u32, u32)>,
    /// What the reader left out on purpose or could not read, for the user to know (e.g.
    /// "页眉页脚未检查"). Not findings: they do not count towards the score.
    pub notes: Vec<String>,
    /// Tables the original marks as tables (Word `w:tbl`, HTML `<table>`), in text order, with
    /// the byte spans of their rows and cells in the text. Plain-text tables are recognised by
    /// the parser instead.
    pub tables: Vec<TableShape>,
}

/// Most cells a reader hands over for one table; the rest of a larger table is read as text.
pub const MAX_TABLE_CELLS: usize = 100_000;

/// Most grid columns a reader gives one table (a `colspan="100000"` is clamped to this).
pub const MAX_TABLE_COLUMNS: usize = 1_000;

/// A table as a reader saw it in the original: rows of cells with their merges. Grid columns are
/// worked out by the parser from the spans, as a browser or Word lays them out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableShape {
    /// Where the whole table is in the text.
    pub span: Span,
    /// Its rows, top to bottom.
    pub rows: Vec<RowShape>,
}

/// One row of a [`TableShape`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowShape {
    /// Where the row is in the text (a row is one line: its cells joined by TAB).
    pub span: Span,
    /// Its cells, left to right; cells covered by a merge from the row above are not repeated.
    pub cells: Vec<CellShape>,
    /// Grid columns left empty before the first cell (Word's `w:gridBefore`).
    pub skip: usize,
}

/// One cell of a [`RowShape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellShape {
    /// Where the cell's text is (empty span at the cell's place for an empty cell).
    pub span: Span,
    /// Grid columns it covers (`colspan`, `w:gridSpan`), at least 1.
    pub col_span: usize,
    /// Rows it covers (`rowspan`, `w:vMerge`), at least 1.
    pub row_span: usize,
    /// A header cell (`<th>`, a Word header row).
    pub header: bool,
}

impl Origin {
    /// The place that holds byte `offset` of the text, if the reader recorded places.
    #[must_use]
    pub fn place_at(&self, offset: usize) -> Option<Place> {
        let idx = self.places.partition_point(|(start, _)| *start <= offset);
        idx.checked_sub(1).map(|i| self.places[i].1)
    }

    /// The heading level the original gives the line starting at byte `line_start`.
    #[must_use]
    pub fn level_at(&self, line_start: usize) -> Option<u8> {
        self.levels.binary_search_by_key(&line_start, |(start, _)| *start).ok().map(|i| self.levels[i].1)
    }
}

impl SourceFile {
    /// Wraps already-decoded text (tests, examples, other readers).
    #[must_use]
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        Self { path: path.into(), text, encoding: "UTF-8", had_bom: false, origin: Origin::default(), line_starts }
    }

    /// Wraps text extracted from a structured format, with what the reader learnt about its
    /// origin. `encoding` names the encoding of the original bytes.
    ///
    /// # Errors
    /// `ReadError::Empty` when the extracted text holds nothing but white space.
    pub fn extracted(path: &Path, text: String, encoding: &'static str, origin: Origin) -> Result<Self, ReadError> {
        if text.trim().is_empty() {
            return Err(ReadError::Empty);
        }
        let line_starts = line_starts(&text);
        Ok(Self { path: path.to_path_buf(), text, encoding, had_bom: false, origin, line_starts })
    }

    /// Reads and decodes a file. `encoding` forces a label such as `gbk`.
    ///
    /// # Errors
    /// Any `ReadError`: IO failures, empty, binary, too large or undecodable input.
    pub fn read(path: &Path, encoding: Option<&str>) -> Result<Self, ReadError> {
        let bytes = read_bounded(path)?;
        Self::decode(path, &bytes, encoding)
    }

    /// Decodes bytes: BOM first, then a forced encoding, then UTF-8, then detection with a
    /// Chinese hint (GBK/GB18030 are the usual legacy encodings of Chinese Windows tools).
    ///
    /// # Errors
    /// `ReadError::Empty`, `Binary`, `Encoding`, `UnknownEncoding` or `TooLarge`.
    pub fn decode(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<Self, ReadError> {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES });
        }
        let (text, name, had_bom) = decode_bytes(bytes, encoding)?;
        if text.trim().is_empty() {
            return Err(ReadError::Empty);
        }
        let line_starts = line_starts(&text);
        Ok(Self { path: path.to_path_buf(), text, encoding: name, had_bom, origin: Origin::default(), line_starts })
    }

    /// Number of lines (a final line without a newline counts).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and character column of a byte offset.
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(idx) => idx,
            Err(idx) => idx - 1,
        };
        let line_start = self.line_starts[line_idx];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position { line: line_idx + 1, column }
    }

    /// Byte span of a 1-based line, without its line ending.
    #[must_use]
    pub fn line_span(&self, line: usize) -> Span {
        let idx = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[idx];
        let mut end = self.line_starts.get(idx + 1).map_or(self.text.len(), |next| next - 1);
        if self.text[start..end].ends_with('\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// The text of a span.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Number of characters in the text (the unit proofreaders count).
    #[must_use]
    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(idx, _)| idx + 1));
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = SourceFile::from_text("a.txt", "标题\r\n一、主要举措和成效\n正文");
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
        let offset = src.text.find("主要").unwrap();
        assert_eq!(src.position(offset), Position { line: 2, column: 3 });
        assert_eq!(src.slice(src.line_span(1)), "标题");
        assert_eq!(src.slice(src.line_span(3)), "正文");
    }

    #[test]
    fn places_apply_up_to_the_next_one() {
        let origin = Origin {
            places: vec![(0, Place::Paragraph(1)), (10, Place::Cell { table: 1, row: 2, column: 3 })],
            levels: vec![(0, 1), (10, 2)],
            ..Origin::default()
        };
        assert_eq!(origin.place_at(0), Some(Place::Paragraph(1)));
        assert_eq!(origin.place_at(9), Some(Place::Paragraph(1)));
        assert_eq!(origin.place_at(10).map(|p| p.to_string()).as_deref(), Some("表1 第2行第3列"));
        assert_eq!(Origin::default().place_at(5), None);
        assert_eq!(origin.level_at(10), Some(2));
        assert_eq!(origin.level_at(5), None);
    }
}
