//! Readers: turn the bytes of a file into a `Document`, whatever the format.
//!
//! The format is chosen from the bytes first (a .docx is a zip, a PDF starts with `%PDF`) and
//! from the extension second, so a renamed file is still read for what it is.
//!
//! **Invariant:** a reader returns text plus an `Origin` telling where each part came from; only
//! `parse` builds the document model, so every format reaches the rules the same way.

pub mod docx;
mod html;
mod marked_table;
mod pdf;

use std::path::Path;

use super::{Document, DocumentHints, TextMarkup, parse};
use crate::source::{ReadError, SourceFile};

/// Which reader the bytes and the name of a file call for (the format the report is then
/// recorded as is `source::InputFormat`; how a text file is marked up is `TextMarkup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderKind {
    /// Plain text.
    Text,
    /// Markdown text.
    Markdown,
    /// A zip container (.docx, or something else zipped).
    Zip,
    /// A PDF.
    Pdf,
    /// An HTML page.
    Html,
}

/// Decides how to read a file from its first bytes and its extension.
#[must_use]
pub fn sniff(path: &Path, bytes: &[u8]) -> ReaderKind {
    if bytes.starts_with(b"PK\x03\x04") {
        return ReaderKind::Zip;
    }
    if bytes.starts_with(b"%PDF") {
        return ReaderKind::Pdf;
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown") => return ReaderKind::Markdown,
        Some("html" | "htm" | "shtml" | "xhtml") => return ReaderKind::Html,
        _ => {}
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).trim_start_matches('\u{FEFF}').trim_start().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return ReaderKind::Html;
    }
    ReaderKind::Text
}

/// Formats a report may be saved in that fazhi does not read, by extension, with what each is
/// in the words of a message. Word and WPS files under an old extension are read when their
/// bytes are a .docx (WPS saves such files); the others are refused whatever their bytes.
const UNSUPPORTED: &[(&str, &str, bool)] = &[
    ("doc", "旧版 Word 文档（.doc）", true),
    ("dot", "旧版 Word 模板（.dot）", true),
    ("wps", "WPS 文字文档（.wps）", true),
    ("wpt", "WPS 文字模板（.wpt）", true),
    ("et", "WPS 表格文件（.et）", false),
    ("rtf", "RTF 文档（.rtf）", false),
    ("odt", "OpenDocument 文档（.odt）", false),
    ("ott", "OpenDocument 模板（.ott）", false),
    ("pages", "Pages 文稿（.pages）", false),
    ("ofd", "OFD 版式文件（.ofd）", false),
];

/// What a file whose extension names a report format fazhi does not read is, in words, and
/// whether its bytes may still be a .docx (an old Word or WPS extension); `None` for any other
/// extension.
#[must_use]
pub fn unsupported_format(path: &Path) -> Option<(&'static str, bool)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    UNSUPPORTED.iter().find(|(e, _, _)| *e == ext).map(|(_, what, word)| (*what, *word))
}

/// The markup of a text file from its extension.
#[must_use]
pub fn markup_of(path: &Path) -> TextMarkup {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("md" | "markdown") => TextMarkup::Markdown,
        _ => TextMarkup::Text,
    }
}

/// Reads a file of any supported format into a `Document`. `encoding` forces the encoding of
/// text input (`--encoding`); `hints` are the report type's, for the parser.
///
/// # Errors
/// `ReadError` naming what is wrong with the file: IO, too large, empty, binary, undecodable,
/// damaged or unsafe.
pub fn read(path: &Path, encoding: Option<&str>, hints: &DocumentHints) -> Result<Document, ReadError> {
    let bytes = read_input(path)?;
    read_bytes(path, &bytes, encoding, hints)
}

/// The bytes of an input file: a regular file (links followed), no larger than any report.
///
/// # Errors
/// `ReadError::Io`, `NotRegularFile` or `TooLarge`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, ReadError> {
    crate::source::read_bounded(path)
}

/// Reads the bytes of a file named `path` into a `Document`.
///
/// # Errors
/// As `read`.
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    encoding: Option<&str>,
    hints: &DocumentHints,
) -> Result<Document, ReadError> {
    let (source, markup) = read_source(path, bytes, encoding)?;
    Ok(parse(source, markup, hints))
}

/// Reads the bytes of a file named `path` into its text, not yet parsed: what a run looks at
/// to choose the pack (and so the parser's hints) of a report.
///
/// # Errors
/// As `read`.
pub fn read_source(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<(SourceFile, TextMarkup), ReadError> {
    // An RTF or OpenDocument file is not read as text or as a zip of the wrong kind.
    let unsupported = unsupported_format(path);
    if let Some((what, false)) = unsupported {
        return Err(ReadError::Unsupported { what });
    }
    // Old binary Word/WPS files and password-protected .docx share the OLE2 container, whatever
    // their extension says.
    if bytes.starts_with(docx::OLE2_MAGIC) {
        return Err(docx::refuse_ole2(bytes));
    }
    if let Some((what, true)) = unsupported
        && !bytes.starts_with(b"PK\x03\x04")
    {
        return Err(ReadError::Unsupported { what });
    }
    let markup = match sniff(path, bytes) {
        ReaderKind::Markdown => TextMarkup::Markdown,
        ReaderKind::Zip => return Ok((docx::read(path, bytes)?, TextMarkup::Text)),
        ReaderKind::Html => return Ok((html::read(path, bytes, encoding)?, TextMarkup::Text)),
        ReaderKind::Pdf => return Ok((pdf::read(path, bytes)?, TextMarkup::Text)),
        ReaderKind::Text => TextMarkup::Text,
    };
    Ok((SourceFile::decode(path, bytes, encoding)?, markup))
}
