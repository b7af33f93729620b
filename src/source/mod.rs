//! Report text and positions: decoding bytes into text, byte spans inside, 1-based line and
//! character column outside.
//!
//! **Invariant:** every `Span` handed out points at char boundaries of `SourceFile::text`, and
//! line/column numbers are computed only here.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Largest input accepted, in bytes. A real report is 10–200 KB; anything past this is not a
/// report and would only exhaust memory.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

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
    #[error("无法读取文件：{0}")]
    Io(#[from] std::io::Error),
    /// Zero bytes, or only white space.
    #[error("文件是空的，没有可检查的文字")]
    Empty,
    /// Larger than `MAX_INPUT_BYTES`.
    #[error("文件过大（{size} 字节，上限 {limit} 字节），不像是一份年度报告")]
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
        let meta = std::fs::metadata(path)?;
        if meta.len() > MAX_INPUT_BYTES as u64 {
            return Err(ReadError::TooLarge { size: meta.len(), limit: MAX_INPUT_BYTES });
        }
        let bytes = std::fs::read(path)?;
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

fn decode_bytes(bytes: &[u8], forced: Option<&str>) -> Result<(String, &'static str, bool), ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ReadError::Encoding {
                detail: format!("文件声明为 {}（带 BOM），但内容有无法解码的字节", encoding.name()),
            });
        }
        return Ok((text.into_owned(), encoding.name(), true));
    }
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ReadError::UnknownEncoding(label.to_string()))?;
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(ReadError::Encoding {
                detail: format!("按指定的 {} 解码时遇到无效字节", encoding.name())
            });
        }
        return Ok((text.into_owned(), encoding.name(), false));
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(ReadError::Binary { what });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), UTF_8.name(), false)),
        Err(utf8_error) => decode_legacy(bytes, &utf8_error),
    }
}

/// Recognises files that are clearly not plain text, so the user hears what the file is instead
/// of an encoding complaint.
fn binary_signature(bytes: &[u8]) -> Option<String> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "这是 ZIP 压缩格式（如 .docx），请另存为 .txt 后再检查"),
        (b"%PDF", "这是 PDF 文件，请另存为 .txt 后再检查"),
        (b"\xD0\xCF\x11\xE0", "这是旧版 Word/WPS 二进制文档（.doc/.wps），请在 Word 或 WPS 中另存为 .docx 后再检查"),
        (b"\x89PNG", "这是 PNG 图片"),
        (b"\xFF\xD8\xFF", "这是 JPEG 图片"),
        (b"\x7FELF", "这是可执行程序"),
    ];
    for (magic, what) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Some((*what).to_string());
        }
    }
    let probe = &bytes[..bytes.len().min(8192)];
    let nuls = nul_count(probe);
    if nuls > 0 {
        return Some(format!("前 {} 字节中有 {nuls} 个空字节，像是二进制数据", probe.len()));
    }
    None
}

fn nul_count(bytes: &[u8]) -> usize {
    bytes.split(|b| *b == 0).count() - 1
}

/// Decodes bytes that are not valid UTF-8. Mostly-UTF-8 input with a few broken bytes is
/// reported as damaged UTF-8 rather than silently guessed as another encoding.
fn decode_legacy(bytes: &[u8], utf8_error: &std::str::Utf8Error) -> Result<(String, &'static str, bool), ReadError> {
    let valid_prefix = utf8_error.valid_up_to();
    let multibyte_in_prefix = bytes[..valid_prefix].iter().filter(|b| **b >= 0xC0).count();
    if multibyte_in_prefix >= 8 {
        return Err(ReadError::Encoding {
            detail: format!(
                "前 {valid_prefix} 字节是 UTF-8，第 {} 字节起出现无效的 UTF-8 字节（文件可能被截断或损坏；如确为其他编码，请用 --encoding 指定）",
                valid_prefix + 1
            ),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let encoding = if guessed == UTF_8 { GB18030 } else { guessed };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadError::Encoding {
            detail: format!(
                "既不是有效的 UTF-8，按 {} 解码也有无效字节；请用 --encoding 指定文件编码",
                encoding.name()
            ),
        });
    }
    // Big5 or other text decoded as GBK yields private-use characters; refuse rather than
    // check mojibake.
    let private_use = text.chars().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).count();
    if private_use > 0 {
        return Err(ReadError::Encoding {
            detail: format!(
                "按 {} 解码后出现 {private_use} 个私用区字符，编码可能是 Big5 或其他；请用 --encoding 指定",
                encoding.name()
            ),
        });
    }
    let name = if encoding == GB18030 { "GB18030" } else { encoding.name() };
    Ok((text.into_owned(), name, false))
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
    fn gbk_is_detected_without_a_hint() {
        let (bytes, _, _) = GB18030.encode("关于2023年法治政府建设情况的报告\n一、主要举措和成效\n");
        let src = SourceFile::decode(Path::new("g.txt"), &bytes, None).unwrap();
        assert!(matches!(src.encoding, "GBK" | "GB18030"), "{}", src.encoding);
        assert!(src.text.starts_with("关于2023年"));
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

    #[test]
    fn bom_is_removed_and_remembered() {
        let bytes = "\u{FEFF}报告".as_bytes();
        let src = SourceFile::decode(Path::new("b.txt"), bytes, None).unwrap();
        assert!(src.had_bom);
        assert_eq!(src.text, "报告");
    }

    #[test]
    fn bad_inputs_are_named() {
        let empty = SourceFile::decode(Path::new("e.txt"), b"  \n", None).unwrap_err();
        assert!(matches!(empty, ReadError::Empty));
        let binary = SourceFile::decode(Path::new("x.bin"), b"ab\0\0cd", None).unwrap_err();
        assert!(matches!(binary, ReadError::Binary { .. }));
        let docx = SourceFile::decode(Path::new("x.docx"), b"PK\x03\x04rest", None).unwrap_err();
        assert!(docx.to_string().contains("docx"));
        let mut broken = "法治政府建设年度报告正文内容".repeat(3).into_bytes();
        broken.push(0xFF);
        let err = SourceFile::decode(Path::new("u.txt"), &broken, None).unwrap_err();
        assert!(err.to_string().contains("无效的 UTF-8"), "{err}");
        let unknown = SourceFile::decode(Path::new("u.txt"), b"abc", Some("klingon")).unwrap_err();
        assert!(matches!(unknown, ReadError::UnknownEncoding(_)));
    }
}
