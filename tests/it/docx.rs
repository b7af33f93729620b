//! .docx input: the seed reports saved as Word documents with automatic numbering read like
//! their plain-text originals; text boxes, tables, tracked changes and fields give the text
//! Word shows; broken and hostile files are refused with a message naming the file while the
//! rest of the run is checked. Fixtures are made by `scripts/make_docx_fixtures.py`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use fazhi::document::readers;
use fazhi::source::{InputFormat, Place};

use super::{check_json, fixture};

const SEEDS: [&str; 5] = ["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"];

/// Element statuses with their heading and evidence text, and findings as (rule, flagged text).
fn summary(path: &Path) -> (BTreeMap<String, String>, Vec<(String, String)>) {
    let (json, _) = check_json(&[path], &[]);
    let report = &json["reports"][0];
    assert!(report.is_object(), "{} was read: {json}", path.display());
    let elements = report["elements"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), format!("{} {} {}", v["status"], v["heading"], v["text"])))
        .collect();
    let mut findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["text"].as_str().unwrap().to_string()))
        .collect();
    findings.sort();
    (elements, findings)
}

/// Findings only plain text can have: Word's bookmark residue `[bookmark: _GoBack]` is text
/// in a .txt converted from Word, and a real (invisible) bookmark in the .docx.
fn text_only(finding: &(String, String)) -> bool {
    finding.0 == "content/web-artifact" && finding.1.starts_with("[bookmark:")
}

#[test]
fn seeds_in_word_read_like_their_text_originals() {
    let mut compared = 0;
    for seed in SEEDS {
        let (txt_elements, txt_findings) = summary(&fixture(&format!("seeds/{seed}.txt")));
        assert!(!txt_findings.is_empty());
        for variant in ["styled", "plain", "wps", "lo"] {
            let path = fixture(&format!("docx/{seed}-{variant}.docx"));
            if !path.exists() {
                continue;
            }
            compared += 1;
            let (elements, findings) = summary(&path);
            assert_eq!(elements, txt_elements, "{seed}-{variant}: element statuses");
            let expected: Vec<_> = txt_findings.iter().filter(|f| !text_only(f)).cloned().collect();
            assert_eq!(findings, expected, "{seed}-{variant}: findings");
        }
    }
    assert_eq!(compared, 12, "five seeds styled and plain, one WPS-like, one LibreOffice round trip");
}

#[test]
fn automatic_numbers_reach_the_rules_as_word_shows_them() {
    for variant in ["styled", "plain", "lo"] {
        let (json, _) = check_json(&[&fixture(&format!("docx/hubin-2023-{variant}.docx"))], &[]);
        let report = &json["reports"][0];
        assert_eq!(report["format"], "docx");
        assert_eq!(report["elements"]["shortcomings"]["heading"], "三、推进法治政府建设存在的不足和原因", "{variant}");
        // 行政行政 sits in the 9th non-empty paragraph: title, opening, 一、, three （一）…, 二、, （一）, （二）.
        let doubled = report["findings"].as_array().unwrap().iter().find(|f| f["text"] == "行政行政").unwrap();
        assert_eq!(doubled["place"], "第9段", "{variant}");
    }
    // WPS writes a tab after 一、 by default: a gap Word draws, not text.
    let (json, _) = check_json(&[&fixture("docx/qianjin-2023-wps.docx")], &[]);
    assert_eq!(json["reports"][0]["elements"]["shortcomings"]["heading"], "三、2023年推进法治政府建设存在的不足和原因");
}

#[test]
fn heading_levels_come_from_styles_and_outline_levels() {
    let levels = |name: &str| {
        let doc = readers::read(&fixture(name), None, super::hints()).unwrap();
        assert_eq!(doc.source.origin.format, InputFormat::Docx);
        doc.source
            .origin
            .levels
            .iter()
            .map(|(offset, level)| {
                let line_end = doc.source.text[*offset..].find('\n').map_or(doc.source.text.len(), |i| offset + i);
                let line: String = doc.source.text[*offset..line_end].chars().take(4).collect();
                format!("{level}:{line}")
            })
            .collect::<Vec<_>>()
    };
    // heading 1 / heading 2 by style name (ids "1"/"2"); run-in （一） paragraphs are body text.
    assert_eq!(levels("docx/hubin-2023-styled.docx"), ["1:一、深入", "1:二、推进", "1:三、推进", "1:四、20"]);
    // No styles: outline level 0 on the paragraph.
    assert_eq!(levels("docx/hubin-2023-plain.docx"), ["1:一、深入", "1:二、推进", "1:三、推进", "1:四、20"]);
    // WPS: styles named 标题 1 / 标题 2 without outline levels.
    let wps = levels("docx/qianjin-2023-wps.docx");
    assert_eq!(wps.len(), 4, "{wps:?}");
    assert!(wps.iter().all(|l| l.starts_with("1:")), "{wps:?}");
}

fn read_text(name: &str) -> (String, Vec<(usize, Place)>, Vec<String>) {
    let doc = readers::read(&fixture(name), None, super::hints()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let origin = doc.source.origin;
    (doc.source.text, origin.places, origin.notes)
}

#[test]
fn tables_are_read_cell_by_cell_with_their_places() {
    let (text, places, _) = read_text("docx/table.docx");
    assert_eq!(
        text,
        "表格前的段落。\n指标\n2022年\n2023年\n行政复议案件\n120件\n135件\n内表甲\n内表乙\n纠错率\n表格后的段落。\n"
    );
    let place_of = |needle: &str| {
        let offset = text.find(needle).unwrap();
        places.iter().rev().find(|(start, _)| *start <= offset).unwrap().1.to_string()
    };
    assert_eq!(place_of("表格前"), "第1段");
    assert_eq!(place_of("2023年"), "表1 第1行第3列");
    assert_eq!(place_of("120件"), "表1 第2行第2列", "a content control around a cell");
    assert_eq!(place_of("内表乙"), "表2 第1行第2列", "a nested table has its own number");
    assert_eq!(place_of("纠错率"), "表1 第3行第2列", "after an empty merged cell");
    assert_eq!(place_of("表格后"), "第2段", "tables do not count as paragraphs");
}

#[test]
fn a_text_box_is_read_once() {
    let (text, places, _) = read_text("docx/textbox.docx");
    assert_eq!(text, "锚定文本框的段落。\n文本框里的文字。\n其后的段落。\n");
    assert_eq!(places.iter().map(|(_, p)| p.to_string()).collect::<Vec<_>>(), ["第1段", "第2段", "第3段"]);
}

#[test]
fn tracked_changes_read_as_accepted() {
    let (text, _, notes) = read_text("docx/tracked.docx");
    assert_eq!(text, "深入学习贯彻习近平法治思想，推进法治政府建设。新位置的文字。\n");
    assert!(notes.iter().any(|n| n.contains("修订")), "{notes:?}");
}

#[test]
fn field_results_links_and_content_controls_are_text_and_the_rest_is_noted() {
    let (text, _, notes) = read_text("docx/fields.docx");
    assert_eq!(text, "第3页，2024年3月1日，详见政府网站公开专栏。区司法局\t负责\n第二行\n");
    assert!(
        !text.contains("PAGE")
            && !text.contains("HYPERLINK")
            && !text.contains("隐藏")
            && !text.contains("页眉")
            && !text.contains("脚注")
    );
    assert_eq!(notes, ["页眉、页脚中的文字未检查", "脚注（1处）未检查", "批注（1处）未检查"]);
    let path = fixture("docx/fields.docx");
    let human = super::fazhi(&["check", "--color", "never", path.to_str().unwrap()]);
    assert!(human.stdout.contains("说明：页眉、页脚中的文字未检查；脚注（1处）未检查"), "{}", human.stdout);
}

/// CRC-32 (IEEE), bit by bit: enough for the few small entries these tests write.
pub(super) fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One zip entry as it is written: method 0 (stored) or 8 (deflated), sizes as declared.
pub(super) struct Entry {
    pub name: String,
    pub data: Vec<u8>,
    pub method: u16,
    pub crc: u32,
    pub declared_size: u32,
    pub flags: u16,
}

impl Entry {
    pub(super) fn stored(name: &str, data: &[u8]) -> Self {
        let declared_size = u32::try_from(data.len()).unwrap();
        Self { name: name.into(), data: data.to_vec(), method: 0, crc: crc32(data), declared_size, flags: 0 }
    }
}

/// Writes a zip by hand, so that tests can make archives no zip library would: sizes that
/// lie, encrypted flags, thousands of entries.
pub(super) fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = u32::try_from(out.len()).unwrap();
        let name = entry.name.as_bytes();
        let sizes = |buf: &mut Vec<u8>| {
            buf.extend_from_slice(&entry.crc.to_le_bytes());
            buf.extend_from_slice(&u32::try_from(entry.data.len()).unwrap().to_le_bytes());
            buf.extend_from_slice(&entry.declared_size.to_le_bytes());
        };
        out.extend_from_slice(&[0x50, 0x4B, 3, 4, 20, 0]);
        out.extend_from_slice(&entry.flags.to_le_bytes());
        out.extend_from_slice(&entry.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]);
        sizes(&mut out);
        out.extend_from_slice(&u16::try_from(name.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name);
        out.extend_from_slice(&entry.data);

        central.extend_from_slice(&[0x50, 0x4B, 1, 2, 20, 0, 20, 0]);
        central.extend_from_slice(&entry.flags.to_le_bytes());
        central.extend_from_slice(&entry.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        sizes(&mut central);
        central.extend_from_slice(&u16::try_from(name.len()).unwrap().to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_offset = u32::try_from(out.len()).unwrap();
    let count = u16::try_from(entries.len().min(0xFFFF)).unwrap();
    out.extend_from_slice(&central);
    out.extend_from_slice(&[0x50, 0x4B, 5, 6, 0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

/// A deflate stream of `1 + 258 * matches` zero bytes, about 13 bits per 258 bytes: one
/// literal 0, then back-references of length 258 at distance 1 (fixed Huffman codes).
pub(super) fn deflate_zeros(matches: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut n_bits) = (0u64, 0u32);
    let mut put = |value: u64, len: u32, out: &mut Vec<u8>| {
        acc |= value << n_bits;
        n_bits += len;
        while n_bits >= 8 {
            out.push((acc & 0xFF) as u8);
            acc >>= 8;
            n_bits -= 8;
        }
    };
    // Huffman codes go most significant bit first into the LSB-first stream.
    let code = |bits: u64, len: u32| (0..len).fold(0, |r, i| r | (((bits >> (len - 1 - i)) & 1) << i));
    put(1, 1, &mut out); // last block
    put(1, 2, &mut out); // fixed Huffman
    put(code(0b0011_0000, 8), 8, &mut out); // literal 0
    for _ in 0..matches {
        put(code(0b1100_0101, 8), 8, &mut out); // length 258
        put(0, 5, &mut out); // distance 1
    }
    put(0, 7, &mut out); // end of block
    put(0, 7, &mut out); // flush the last byte
    out
}

/// A minimal .docx around a document part.
pub(super) fn docx_with_document(document: &[u8]) -> Vec<u8> {
    zip(&[
        Entry::stored(
            "[Content_Types].xml",
            b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        Entry::stored("word/document.xml", document),
    ])
}

#[test]
fn hostile_and_broken_word_files_are_refused_and_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| fs::write(dir.path().join(name), bytes).unwrap();
    fs::copy(fixture("docx/hubin-2023-styled.docx"), dir.path().join("a-good.docx")).unwrap();

    // 200 MB of zeros in 1 MB, declared honestly, and the same declared as 1,000 bytes.
    let matches = 200 * 1024 * 1024 / 258;
    let bomb = deflate_zeros(matches);
    let real_size = u32::try_from(1 + 258 * matches).unwrap();
    let entry = |declared_size| Entry {
        name: "word/document.xml".into(),
        data: bomb.clone(),
        method: 8,
        crc: 0,
        declared_size,
        flags: 0,
    };
    write("bomb.docx", &zip(&[entry(real_size)]));
    write("bomb-lying.docx", &zip(&[entry(1000)]));

    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#;
    write("laughs.docx", &docx_with_document(laughs));

    let good = fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap();
    write("truncated.docx", &good[..good.len() / 2]);

    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    write("old-word.docx", &ole);
    let mut encrypted = ole.clone();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    write("password.docx", &encrypted);

    let mut locked =
        Entry::stored("word/document.xml", b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C<w:document/>");
    locked.flags = 1;
    write("zip-encrypted.docx", &zip(&[locked]));
    write("not-word.docx", &zip(&[Entry::stored("hello.txt", "你好".as_bytes())]));
    let empty_body = br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p></w:body></w:document>"#;
    write("empty.docx", &docx_with_document(empty_body));
    let many: Vec<Entry> = (0..5_001).map(|i| Entry::stored(&format!("media/{i}.png"), b"")).collect();
    write("many-entries.docx", &zip(&many));

    let (json, code) = check_json(&[dir.path()], &[]);
    assert_eq!(code, 2);
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "the good file is still checked: {json}");
    assert!(reports[0]["path"].as_str().unwrap().ends_with("a-good.docx"));
    let errors = json["errors"].as_array().unwrap();
    let message = |name: &str| super::error_message(&json, name);
    let expect = [
        ("bomb.docx", "压缩炸弹"),
        ("bomb-lying.docx", "压缩炸弹"),
        ("laughs.docx", "DTD"),
        ("truncated.docx", "损坏"),
        ("old-word.docx", "另存为 .docx"),
        ("password.docx", "密码"),
        ("zip-encrypted.docx", "加密"),
        ("not-word.docx", "不是 Word 文档"),
        ("empty.docx", "空"),
        ("many-entries.docx", "条目"),
    ];
    for (name, words) in expect {
        let text = message(name);
        assert!(text.contains(words), "{name}: {text}");
    }
    assert_eq!(errors.len(), expect.len(), "{errors:?}");
}

#[test]
fn a_renamed_word_file_is_read_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("报告.txt");
    fs::copy(fixture("docx/hubin-2023-plain.docx"), &renamed).unwrap();
    let (json, _) = check_json(&[&renamed], &[]);
    assert_eq!(json["reports"][0]["format"], "docx");
    assert_eq!(json["reports"][0]["title"], "关于2023年法治政府建设情况的报告");
    let old = dir.path().join("旧报告.wps");
    fs::write(&old, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
    let (json, code) = check_json(&[&old], &[]);
    assert_eq!(code, 2);
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("另存为 .docx"), "{json}");
}
