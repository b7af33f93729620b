//! The .docx reader (Word 2007+ and WPS): the body text as Word displays it, automatic numbers
//! included, with the paragraph or table cell each line came from and the heading levels the
//! document marks.
//!
//! A .docx is a zip of XML parts. Only the parts the body needs are decompressed — the main
//! document, styles and numbering — each through a size cap, after the archive's entry count
//! is checked, so a zip bomb or a crafted XML file is refused before it can exhaust memory.
//! Headers, footers, footnotes, endnotes and comments are not read into the body: they are
//! not part of the report's text, and mixing them in would break its structure. When a
//! document has them, a note says they were not checked.

mod body;
pub mod map;
pub mod mapped;
mod numbering;
mod styles;
mod table;
mod xml;

use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use crate::source::{InputFormat, Origin, ReadError, SourceFile};

/// Most entries accepted in the archive. Word writes a dozen or two, plus one per image.
const MAX_ENTRIES: usize = 5_000;
/// Largest decompressed XML part. The document part of a 300-page report is a few MB.
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Largest total decompressed for all parts read.
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;

/// The signature of OLE2 compound files: Word 97–2003 .doc, WPS .wps, and encrypted .docx.
pub(super) const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

const FORMAT: &str = "docx";
const RELS_OFFICE_DOCUMENT: &str = "/officeDocument";
const REL_STYLES: &str = "/styles";
const REL_NUMBERING: &str = "/numbering";

/// Explains why an OLE2 file (old binary Word/WPS, or a password-protected .docx, which Office
/// stores as an OLE2 file with an `EncryptedPackage` stream) cannot be read.
pub(super) fn refuse_ole2(bytes: &[u8]) -> ReadError {
    let encrypted_name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if memchr::memmem::find(bytes, &encrypted_name).is_some() {
        return ReadError::Damaged {
            format: FORMAT,
            detail: "文件设置了打开密码（已加密），无法读取；请在 Word 或 WPS 中打开，取消密码后另存为 .docx 再检查"
                .to_string(),
        };
    }
    ReadError::Damaged {
        format: "doc/wps",
        detail:
            "这是旧版 Word/WPS 二进制格式（.doc/.wps），无法直接读取；请在 Word 或 WPS 中打开，另存为 .docx 后再检查"
                .to_string(),
    }
}

/// Reads a .docx file's bytes into text with its origin.
///
/// # Errors
/// `ReadError::Damaged` for a truncated or corrupt archive, encrypted entries, a zip that is
/// not a Word document or malformed XML; `ReadError::Unsafe` when a limit is hit;
/// `ReadError::Empty` when the body holds no text.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    open(path, bytes, false).map(|opened| opened.source)
}

/// A .docx opened and its body read, with the archive still open for reading more parts.
struct Opened<'b> {
    source: SourceFile,
    parts: Parts<'b>,
    /// The main document part's name and text (as parsed), and how its bytes were encoded.
    main: String,
    document: (String, PartEncoding),
    /// The main document's relationships part: its name, and its text when it exists.
    rels_path: String,
    rels: Option<(String, PartEncoding)>,
    /// With a map: the source map and what else a copy needs of the document part.
    map: Option<mapped::Extras>,
}

/// Opens the archive under its caps, reads styles and numbering, and walks the body (with a
/// source map when `with_map`).
fn open<'b>(path: &Path, bytes: &'b [u8], with_map: bool) -> Result<Opened<'b>, ReadError> {
    // Counting central-directory signatures bounds the entry count before the zip crate
    // allocates a record for each entry.
    let headers = memchr::memmem::find_iter(bytes, b"PK\x01\x02").take(MAX_ENTRIES + 1).count();
    if headers > MAX_ENTRIES {
        return Err(unsafe_file(format!("压缩包中的条目超过{MAX_ENTRIES}个，不像是 Word 文档")));
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged_zip(&e))?;
    let mut parts = Parts { archive, total: 0 };

    let main = parts.main_document_path()?;
    let document_xml = parts.read_part(&main)?.ok_or_else(|| damaged(format!("缺少 {main}，文件不完整")))?;
    let rels_path = rels_path_of(&main);
    let rels_xml = parts.read_part(&rels_path)?;
    let rels = rels_xml.as_ref().map(|(x, _)| parse_part(x, &rels_path)).transpose()?;
    let target = |suffix: &str| rels.as_ref().and_then(|r| relationship_target(r, &main, suffix));

    let styles = match target(REL_STYLES).map(|p| (parts.read_optional(&p), p)) {
        Some((xml, path)) => match xml? {
            Some(xml) => styles::Styles::parse(&parse_part(&xml, &path)?),
            None => styles::Styles::default(),
        },
        None => styles::Styles::default(),
    };
    let numbering = match target(REL_NUMBERING).map(|p| (parts.read_optional(&p), p)) {
        Some((xml, path)) => match xml? {
            Some(xml) => numbering::Numbering::parse(&parse_part(&xml, &path)?),
            None => numbering::Numbering::default(),
        },
        None => numbering::Numbering::default(),
    };

    let document = parse_part(&document_xml.0, &main)?;
    let walker = body::Walker::new(&styles, &numbering);
    let mut extracted = if with_map { walker.with_map() } else { walker }.body(&document);
    let map = extracted.map.take().map(|map| mapped::Extras {
        map,
        ids: mapped::Ids::of(&document),
        root: document.root_element().range(),
        strict: document.root_element().tag_name().namespace() != Some(xml::W),
    });

    let mut notes = Vec::new();
    let has_rel = |kind: &str| rels.as_ref().is_some_and(|r| has_relationship(r, kind));
    if has_rel("/header") || has_rel("/footer") {
        notes.push("页眉、页脚中的文字未检查".to_string());
    }
    let seen = extracted.seen;
    for (count, what) in [(seen.footnotes, "脚注"), (seen.endnotes, "尾注"), (seen.comments, "批注")] {
        if count > 0 {
            notes.push(format!("{what}（{count}处）未检查"));
        }
    }
    if seen.tracked_changes {
        notes.push("文档含有未接受的修订：按接受全部修订后的文字检查，删除的文字不计".to_string());
    }
    drop(document);
    drop(rels);
    let origin = Origin {
        format: InputFormat::Docx,
        places: extracted.places,
        levels: extracted.levels,
        published: None,
        notes,
        tables: extracted.tables,
    };
    let source = SourceFile::extracted(path, extracted.text, "UTF-8", origin)?;
    Ok(Opened { source, parts, main, document: document_xml, rels_path, rels: rels_xml, map })
}

/// Reading parts out of the archive under the size caps.
struct Parts<'b> {
    archive: ZipArchive<Cursor<&'b [u8]>>,
    total: u64,
}

impl Parts<'_> {
    /// The main document part named by `_rels/.rels` (`word/document.xml` in every Word and
    /// WPS file, but the relationship is what counts).
    fn main_document_path(&mut self) -> Result<String, ReadError> {
        if let Some(rels_xml) = self.read_optional("_rels/.rels")? {
            let rels = parse_part(&rels_xml, "_rels/.rels")?;
            if let Some(path) = relationship_target(&rels, "", RELS_OFFICE_DOCUMENT)
                && self.archive.index_for_name(&path).is_some()
            {
                return Ok(path);
            }
        }
        if self.archive.index_for_name("word/document.xml").is_some() {
            return Ok("word/document.xml".to_string());
        }
        Err(not_a_word_document(&mut self.archive))
    }

    /// A part's text, or `None` when the archive has no such entry.
    fn read_optional(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        Ok(self.read_part(name)?.map(|(text, _)| text))
    }

    /// A part's text and how its bytes were encoded, or `None` when the archive has no such
    /// entry.
    fn read_part(&mut self, name: &str) -> Result<Option<(String, PartEncoding)>, ReadError> {
        let Some(index) = self.archive.index_for_name(name) else { return Ok(None) };
        if self.archive.by_index_raw(index).is_ok_and(|f| f.encrypted()) {
            return Err(encrypted());
        }
        let mut file = self.archive.by_index(index).map_err(|e| damaged_zip(&e))?;
        // The declared size is checked first (cheap), the real one while reading: a header
        // may lie.
        if file.size() > MAX_PART_BYTES {
            return Err(unsafe_file(format!(
                "{name} 解压后有{} MB，超过上限{} MB（可能是压缩炸弹）",
                file.size() / (1024 * 1024),
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        let declared = file.size();
        let mut buf = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(1 << 20));
        let read = (&mut file).take(MAX_PART_BYTES + 1).read_to_end(&mut buf);
        drop(file);
        if read.is_err() && buf.len() as u64 >= declared {
            return Err(unsafe_file(format!("{name} 解压后比声明的{declared}字节更大（可能是压缩炸弹）")));
        }
        read.map_err(|_| damaged(format!("{name} 解压失败（数据校验出错），文件可能已损坏")))?;
        let len = buf.len() as u64;
        if len > MAX_PART_BYTES {
            return Err(unsafe_file(format!(
                "{name} 解压后超过上限{} MB（可能是压缩炸弹）",
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        self.total += len;
        if self.total > MAX_TOTAL_BYTES {
            return Err(unsafe_file(format!(
                "解压后的内容合计超过{} MB（可能是压缩炸弹）",
                MAX_TOTAL_BYTES / (1024 * 1024)
            )));
        }
        let encoding = match buf.get(..3) {
            Some([0xEF, 0xBB, 0xBF]) => PartEncoding::Utf8Bom,
            Some([0xFF, 0xFE, _] | [0xFE, 0xFF, _]) => PartEncoding::Utf16,
            _ => PartEncoding::Utf8,
        };
        decode_xml(buf, name).map(|text| Some((text, encoding)))
    }
}

/// How a part's bytes were encoded: what its text must become again when it is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartEncoding {
    /// UTF-8, as Word, WPS and `LibreOffice` write.
    #[default]
    Utf8,
    /// UTF-8 after a byte-order mark (the text as parsed starts after it).
    Utf8Bom,
    /// UTF-16 with a byte-order mark: written back as UTF-8, with the declaration saying so.
    Utf16,
}

/// XML parts are UTF-8 (Word, WPS, `LibreOffice`); UTF-16 with a BOM is allowed by the format.
fn decode_xml(bytes: Vec<u8>, name: &str) -> Result<String, ReadError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    String::from_utf8(bytes).map_err(|_| damaged(format!("{name} 不是有效的 UTF-8 文本，文件可能已损坏")))
}

fn parse_part<'a>(text: &'a str, name: &str) -> Result<roxmltree::Document<'a>, ReadError> {
    xml::parse(text).map_err(|e| match e {
        xml::XmlError::Dtd => unsafe_file(format!("{name} 含有 DTD（实体声明），Word 和 WPS 不会写出这样的文件")),
        xml::XmlError::TooManyNodes => unsafe_file(format!("{name} 的 XML 节点过多")),
        xml::XmlError::Malformed(detail) => damaged(format!("{name} 不是有效的 XML（{detail}），文件可能已损坏")),
    })
}

/// `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_path_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The archive path of the first relationship whose type ends with `type_suffix`, resolved
/// against the folder of `source_part`.
fn relationship_target(rels: &roxmltree::Document<'_>, source_part: &str, type_suffix: &str) -> Option<String> {
    let rel = rels.root_element().children().find(|r| {
        r.attribute("Type").is_some_and(|t| t.ends_with(type_suffix)) && r.attribute("TargetMode") != Some("External")
    })?;
    let target = rel.attribute("Target")?;
    let base = source_part.rsplit_once('/').map_or("", |(dir, _)| dir);
    Some(resolve(base, target))
}

fn has_relationship(rels: &roxmltree::Document<'_>, type_suffix: &str) -> bool {
    rels.root_element().children().any(|r| r.attribute("Type").is_some_and(|t| t.ends_with(type_suffix)))
}

/// Joins a relative target to a folder, folding `.` and `..`; an absolute target starts at the
/// archive root.
fn resolve(base: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let (start, target) = match target.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (base, target),
    };
    for segment in start.split('/').chain(target.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

fn not_a_word_document(archive: &mut ZipArchive<Cursor<&[u8]>>) -> ReadError {
    let mut mimetype = String::new();
    if let Ok(mut file) = archive.by_name("mimetype") {
        let _ = (&mut file).take(200).read_to_string(&mut mimetype);
    }
    let detail = if mimetype.contains("opendocument.text") {
        "这是 OpenDocument 文档（.odt），不是 .docx；请在 WPS、Word 或 LibreOffice 中另存为 .docx 后再检查".to_string()
    } else if archive.index_for_name("xl/workbook.xml").is_some() {
        "这是 Excel 表格（.xlsx），不是 Word 文档".to_string()
    } else if archive.index_for_name("ppt/presentation.xml").is_some() {
        "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档".to_string()
    } else {
        "这是一个 zip 压缩包，但不是 Word 文档（没有 word/document.xml）；请确认文件，或在 Word/WPS 中另存为 .docx"
            .to_string()
    };
    damaged(detail)
}

fn damaged(detail: String) -> ReadError {
    ReadError::Damaged { format: FORMAT, detail }
}

fn unsafe_file(detail: String) -> ReadError {
    ReadError::Unsafe { format: FORMAT, detail }
}

fn encrypted() -> ReadError {
    damaged("压缩包中的内容已加密，无法读取；请在 Word 或 WPS 中取消密码后另存为 .docx 再检查".to_string())
}

fn damaged_zip(error: &ZipError) -> ReadError {
    match error {
        ZipError::UnsupportedArchive(msg) if *msg == ZipError::PASSWORD_REQUIRED => encrypted(),
        ZipError::InvalidPassword => encrypted(),
        ZipError::CompressionMethodNotSupported(_) => {
            damaged("压缩包使用了 Word 和 WPS 不用的压缩方式；请在 Word 或 WPS 中另存为 .docx 后再检查".to_string())
        }
        // The zip crate's own wording is English and technical; the user needs what to do.
        _ => damaged("文件不完整或已损坏（zip 结构无效，可能下载或复制时被截断）；请在 Word 或 WPS 中重新保存，或重新下载后再检查".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_like_paths() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "/word/numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word", "../customXml/item1.xml"), "customXml/item1.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(rels_path_of("word/document.xml"), "word/_rels/document.xml.rels");
        assert_eq!(rels_path_of("document.xml"), "_rels/document.xml.rels");
    }
}
