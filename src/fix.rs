//! Safe fixes: the edits rules mark as unable to change meaning (half-width punctuation, spaces
//! between Chinese and digits, …… , the year-range dash, typo entries marked safe, heading
//! marker forms), applied to a text file and written back atomically in its own encoding.
//!
//! **Invariant:** an input is written only through `write::replace_input`: only when its bytes
//! are still those that were read, never when it is read-only, through a temporary file
//! renamed over it (over the file a link names, keeping the link).

use std::path::Path;
use std::sync::Arc;

use encoding_rs::{Encoding, GB18030};

use crate::document::TextMarkup;
use crate::document::readers::ReaderKind;
use crate::engine::Checked;
use crate::finding::Edit;
use crate::write::{Replace, WriteError, replace_input};

/// Rounds of check-and-fix; each round applies every edit that does not overlap another, so
/// two or three rounds finish any real report.
const MAX_FIX_PASSES: usize = 4;

/// Why a file could not be fixed.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// Not a plain-text format fazhi can write back.
    #[error("不能自动修改 .{0} 文件：请按检查结果在原文档（Word/WPS 等）中修改，或另存为 .txt 后再用 fazhi fix")]
    Unsupported(String),
    /// A Word file: fixed only as tracked changes in a copy, by `fazhi fix`.
    #[error("不改动 Word 文件本身：用 fazhi fix 报告.docx 把可安全修改的问题写成修订，另存为 报告.fazhi.docx")]
    WordCopy,
    /// The fixed text cannot be written in the file's encoding.
    #[error("修改后的文字无法用原编码 {0} 保存，未写入")]
    Encoding(String),
    /// The file could not be written back (changed since it was read, read-only, a link
    /// loop, or IO).
    #[error("写入失败：{0}")]
    Write(#[from] WriteError),
}

/// One edit applied, with the rule it came from.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Rule id.
    pub rule: Arc<str>,
    /// The edit.
    pub edit: Edit,
}

/// Whether `fazhi fix` may write this file (plain text and Markdown only).
///
/// # Errors
/// `FixError::Unsupported` naming the extension.
pub fn check_writable(path: &Path) -> Result<(), FixError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if matches!(ext.as_str(), "txt" | "md" | "markdown") {
        Ok(())
    } else if ext == "docx" {
        Err(FixError::WordCopy)
    } else {
        Err(FixError::Unsupported(if ext.is_empty() { "（无扩展名）".to_string() } else { ext }))
    }
}

/// The safe edits of a checked report, in text order, without overlaps (the first of two
/// overlapping edits wins; identical edits from two rules count once).
#[must_use]
pub fn safe_edits(checked: &Checked) -> Vec<Applied> {
    let mut all: Vec<Applied> = checked
        .findings
        .iter()
        .flat_map(|f| f.edits.iter().map(move |e| Applied { rule: Arc::clone(&f.rule), edit: e.clone() }))
        .filter(|a| checked.document.source.slice(a.edit.span) != a.edit.replacement)
        .collect();
    all.sort_by_key(|a| (a.edit.span.start, a.edit.span.end));
    let mut kept: Vec<Applied> = Vec::with_capacity(all.len());
    for applied in all {
        match kept.last() {
            Some(last) if last.edit.span.end > applied.edit.span.start => {}
            _ => kept.push(applied),
        }
    }
    kept
}

/// The text with the edits applied (edits sorted and not overlapping).
#[must_use]
pub fn apply(text: &str, edits: &[Applied]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for applied in edits {
        out.push_str(&text[at..applied.edit.span.start]);
        out.push_str(&applied.edit.replacement);
        at = applied.edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Encodes text back into the encoding it was read in, with its byte-order mark if it had one.
///
/// # Errors
/// `FixError::Encoding` when a character has no representation in that encoding.
pub fn encode(text: &str, encoding: &str, had_bom: bool) -> Result<Vec<u8>, FixError> {
    let mut out = Vec::with_capacity(text.len() + 3);
    match encoding {
        "UTF-16LE" | "UTF-16BE" => {
            let little = encoding == "UTF-16LE";
            if had_bom {
                out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
            }
        }
        "UTF-8" => {
            if had_bom {
                out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            out.extend_from_slice(text.as_bytes());
        }
        other => {
            let found = Encoding::for_label(other.as_bytes()).ok_or_else(|| FixError::Encoding(other.to_string()))?;
            // GBK text was decoded by the GB18030 decoder; its encoder writes the same bytes for
            // every GBK character and can also write the rest.
            let target = if found.name() == "GBK" { GB18030 } else { found };
            let (bytes, _, had_errors) = target.encode(text);
            if had_errors {
                return Err(FixError::Encoding(other.to_string()));
            }
            out.extend_from_slice(&bytes);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf16_round_trip() {
        let text = "市人民政府：\r\n“法治”（一）";
        let gbk = encode(text, "GBK", false).unwrap();
        assert_eq!(GB18030.decode(&gbk).0, text);
        let utf16 = encode(text, "UTF-16LE", true).unwrap();
        assert_eq!(&utf16[..2], &[0xFF, 0xFE]);
        assert_eq!(encoding_rs::UTF_16LE.decode(&utf16).0, text);
        let bom = encode(text, "UTF-8", true).unwrap();
        assert_eq!(&bom[..3], &[0xEF, 0xBB, 0xBF]);
    }

    #[test]
    fn refuses_formats_it_cannot_write() {
        assert!(check_writable(Path::new("a.txt")).is_ok());
        assert!(check_writable(Path::new("a.MD")).is_ok());
        assert!(matches!(check_writable(Path::new("a.pdf")), Err(FixError::Unsupported(e)) if e == "pdf"));
        assert!(matches!(check_writable(Path::new("a.docx")), Err(FixError::WordCopy)));
    }
}

/// What fixing one file did (or would do, for `--diff`).
#[derive(Debug)]
pub struct FixResult {
    /// The file.
    pub path: std::path::PathBuf,
    /// The text as read.
    pub before: String,
    /// The text with the edits applied.
    pub after: String,
    /// The edits, in the order applied (text order within each round).
    pub applied: Vec<Applied>,
    /// Whether the file was written.
    pub written: bool,
}

/// Checks a file and applies its safe fixes; writes it back only when `write` is true.
///
/// # Errors
/// A message naming the problem: unsupported format, unreadable or undecodable file, text that
/// cannot be re-encoded, or a file changed during the run.
pub fn fix_file(
    path: &Path,
    options: &crate::engine::ReadOptions,
    rules: &crate::rules::RuleSet,
    others: &[&crate::rules::Claiming],
    write: bool,
) -> Result<FixResult, String> {
    check_writable(path).map_err(|e| e.to_string())?;
    let bytes = crate::source::read_bounded(path).map_err(|e| e.to_string())?;
    let markup = match crate::document::readers::sniff(path, &bytes) {
        ReaderKind::Text => TextMarkup::Text,
        ReaderKind::Markdown => TextMarkup::Markdown,
        ReaderKind::Zip | ReaderKind::Pdf | ReaderKind::Html => {
            return Err("自动修改只支持 .txt 和 .md 文件；Word、网页和 PDF 请按检查结果在原文件中修改".to_string());
        }
    };
    let source =
        crate::source::SourceFile::decode(path, &bytes, options.encoding.as_deref()).map_err(|e| e.to_string())?;
    let (encoding, had_bom) = (source.encoding, source.had_bom);
    let before = source.text.clone();
    let rules = crate::engine::rules_for(&source.text, rules, others);
    // Two safe edits can overlap (the half-width brackets around 2021-2025年 and the dash
    // inside): apply what does not overlap, check again, and repeat until nothing is left.
    let mut applied = Vec::new();
    let mut current = source;
    for _ in 0..MAX_FIX_PASSES {
        let document = crate::document::parse(current.clone(), markup, &rules.pack.document);
        let checked = crate::engine::check_document(document, rules, options.report_year);
        let pass = safe_edits(&checked);
        if pass.is_empty() {
            break;
        }
        let text = apply(&current.text, &pass);
        applied.extend(pass);
        current = crate::source::SourceFile::from_text(path, text);
    }
    let after = current.text;
    let mut written = false;
    if write && !applied.is_empty() {
        let new_bytes = encode(&after, encoding, had_bom).map_err(|e| e.to_string())?;
        replace_input(path, &new_bytes, Replace { original: &bytes }).map_err(|e| match e {
            WriteError::Io(e) => format!("写入失败：{e}"),
            other => other.to_string(),
        })?;
        written = true;
    }
    Ok(FixResult { path: path.to_path_buf(), before, after, applied, written })
}
