//! Bytes to text: BOM, then a forced encoding, then valid UTF-8, then chardetng with the `cn`
//! hint (GBK/GB18030); binary files, known binary formats renamed to .txt and damaged UTF-8 are
//! refused with a reason.

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::ReadError;

pub(super) fn decode_bytes(bytes: &[u8], forced: Option<&str>) -> Result<(String, &'static str, bool), ReadError> {
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
        return Some(format!("前{}字节中有{nuls}个空字节，像是二进制数据", probe.len()));
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
                "前{valid_prefix}字节是 UTF-8，第{}字节起出现无效的 UTF-8 字节（文件可能被截断或损坏；如确为其他编码，请用 --encoding 指定）",
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
                "按 {} 解码后出现{private_use}个私用区字符，编码可能是 Big5 或其他；请用 --encoding 指定",
                encoding.name()
            ),
        });
    }
    let name = if encoding == GB18030 { "GB18030" } else { encoding.name() };
    Ok((text.into_owned(), name, false))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use encoding_rs::GB18030;

    use crate::source::{ReadError, SourceFile};

    #[test]
    fn gbk_is_detected_without_a_hint() {
        let (bytes, _, _) = GB18030.encode("关于2023年法治政府建设情况的报告\n一、主要举措和成效\n");
        let src = SourceFile::decode(Path::new("g.txt"), &bytes, None).unwrap();
        assert!(matches!(src.encoding, "GBK" | "GB18030"), "{}", src.encoding);
        assert!(src.text.starts_with("关于2023年"));
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
