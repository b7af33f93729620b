//! Bytes to text for a page: a BOM, `--encoding`, the charset the page declares (read as the
//! HTML prescan reads it), then detection.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::{ReadError, SourceFile};

/// Decodes the page: a BOM, then `--encoding`, then the charset the page declares in its first
/// few KB, then UTF-8 or detection with the Chinese hint (as plain text is decoded).
pub(super) fn decode(path: &Path, bytes: &[u8], forced: Option<&str>) -> Result<(String, &'static str), ReadError> {
    if forced.is_none()
        && let Some(label) = declared_charset(bytes)
        && let Ok(source) = SourceFile::decode(path, bytes, Some(&label))
    {
        return Ok((source.text, source.encoding));
    }
    // A page whose declaration is wrong (saved as UTF-8 but still saying gb2312) is decoded
    // as if it declared nothing.
    let source = SourceFile::decode(path, bytes, forced)?;
    Ok((source.text, source.encoding))
}

/// The charset named by `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` in the first 4 KB, as browsers prescan it.
pub(super) fn declared_charset(bytes: &[u8]) -> Option<String> {
    static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("charset pattern")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let label = CHARSET.captures(&head).map(|c| c[1].to_string())?;
    // A page whose bytes hold an ASCII `<meta …>` is not UTF-16 whatever it says; the prescan
    // of the HTML standard (WHATWG HTML, 13.2.3.2 "Determining the character encoding")
    // reads a declared UTF-16 as UTF-8 and x-user-defined as windows-1252, as browsers do.
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => Some("utf-8".to_string()),
        Some(e) if e == encoding_rs::X_USER_DEFINED => Some("windows-1252".to_string()),
        _ => Some(label),
    }
}
