//! Hostile PDFs: each is refused with a Chinese reason naming the file (exit 2) or read within
//! the limits, and the good file checked in the same run is still checked. The files are
//! built here, in a temporary folder, so the large ones need not be committed;
//! `write_hostile_pdfs` (ignored; run it with `FAZHI_HOSTILE_PDF_DIR=DIR`) writes them out for
//! measuring time and memory on a release build (`scripts/measure-hostile-pdf.sh`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use std::time::Duration;

use super::docx_hostile::run_binary;
use super::{error_message, fixture};

/// A PDF from `objects` (numbered from 1, the first is the catalog) with a correct
/// cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (idx, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", idx + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).unwrap();
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\nendstream");
    body
}

/// Catalog, page tree and one page drawing `contents` (object numbers) with Helvetica as
/// `/F1` (object 4); the caller's objects follow from number 5.
fn one_page(contents: &[usize], font_extra: &str, rest: Vec<Vec<u8>>) -> Vec<u8> {
    let refs = contents.iter().fold(String::new(), |mut out, n| {
        write!(out, "{n} 0 R ").unwrap();
        out
    });
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [{refs}] >>"
        )
        .into_bytes(),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding {font_extra} >>")
            .into_bytes(),
    ];
    objects.extend(rest);
    pdf(&objects)
}

/// A page of plain text, enough for the reader to take it as a text layer.
fn text_content() -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 14 TL 60 780 Td\n");
    for line in 0..30 {
        writeln!(content, "(Line {line} of an annual report on building a law-based government.) Tj T*").unwrap();
    }
    content.push_str("ET");
    content.into_bytes()
}

/// Writes bits least significant first, as deflate packs them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    len: u32,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.len;
        self.len += bits;
        while self.len >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.len -= 8;
        }
    }

    /// A Huffman code, which deflate stores most significant bit first.
    fn code(&mut self, code: u64, bits: u32) {
        let reversed = (0..bits).fold(0, |acc, i| (acc << 1) | ((code >> i) & 1));
        self.put(reversed, bits);
    }

    fn literal(&mut self, byte: u8) {
        if byte < 144 {
            self.code(0b0011_0000 + u64::from(byte), 8);
        } else {
            self.code(0b1_1001_0000 + u64::from(byte - 144), 9);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.len > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A zlib stream that inflates to `unit` repeated up to `total` bytes, written directly as
/// deflate matches of 258 bytes (13 bits each), so a gigabyte costs a few MB and no time.
fn zlib_repeat(unit: &[u8], total: usize) -> Vec<u8> {
    zlib_repeat_then(unit, total, b"")
}

/// `zlib_repeat`, followed by `tail`.
fn zlib_repeat_then(unit: &[u8], total: usize, tail: &[u8]) -> Vec<u8> {
    assert!((1..=4).contains(&unit.len()) && total >= unit.len());
    let mut bits = Bits::default();
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in unit {
        bits.literal(b);
    }
    let mut produced = unit.len();
    while produced + 258 <= total {
        bits.code(0b1100_0101, 8); // length 258 (code 285)
        bits.code(unit.len() as u64 - 1, 5); // distance 1–4 (codes 0–3)
        produced += 258;
    }
    while produced < total {
        bits.literal(unit[produced % unit.len()]);
        produced += 1;
    }
    for &b in tail {
        bits.literal(b);
    }
    bits.code(0, 7); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend(bits.finish());
    // Adler-32 of the repeated data (RFC 1950 §8.2).
    let (mut a, mut b) = (1u64, 0u64);
    if unit.iter().all(|&c| c == 0) {
        b = total as u64 % 65_521;
    } else {
        for i in 0..total {
            a = (a + u64::from(unit[i % unit.len()])) % 65_521;
            b = (b + a) % 65_521;
        }
    }
    for &c in tail {
        a = (a + u64::from(c)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&(((b << 16) | a) as u32).to_be_bytes());
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 5 / 4 + 8);
    for chunk in data.chunks(4) {
        let mut group = [0u8; 4];
        group[..chunk.len()].copy_from_slice(chunk);
        let mut value = u32::from_be_bytes(group);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (value % 85) as u8 + b'!';
            value /= 85;
        }
        out.extend_from_slice(&digits[..=chunk.len()]);
    }
    out.extend_from_slice(b"~>");
    out
}

const MB: usize = 1024 * 1024;

/// Each hostile PDF with the words its refusal must contain (`None`: it must be read).
fn hostile_pdfs() -> Vec<(&'static str, Vec<u8>, Option<&'static str>)> {
    let bomb_300 = zlib_repeat(&[0], 300 * MB);
    let mut out = Vec::new();

    // Two Flate layers: the first inflates to 6.5 MB, the second to 1 GB.
    let twice = zlib(&zlib_repeat(&[0], 1024 * MB));
    out.push((
        "flate-twice.pdf",
        one_page(&[5], "", vec![stream("/Filter [/FlateDecode /FlateDecode]", &twice)]),
        Some("压缩炸弹"),
    ));
    // A name escape: /Fl#61teDecode is /FlateDecode once parsed.
    out.push((
        "name-escape.pdf",
        one_page(&[5], "", vec![stream("/Filter /Fl#61teDecode", &bomb_300)]),
        Some("压缩炸弹"),
    ));
    // The word /Image in a dictionary that is not an image's.
    out.push((
        "image-word.pdf",
        one_page(&[5], "", vec![stream("/Filter /FlateDecode /Note /Image", &bomb_300)]),
        Some("压缩炸弹"),
    ));
    // The filter named more than 4 KB before `stream`.
    let padding = "0 ".repeat(3000);
    out.push((
        "far-filter.pdf",
        one_page(&[5], "", vec![stream(&format!("/Filter /FlateDecode /Pad [{padding}]"), &bomb_300)]),
        Some("压缩炸弹"),
    ));
    // ASCII base-85 around Flate.
    out.push((
        "ascii85-flate.pdf",
        one_page(&[5], "", vec![stream("/Filter [/ASCII85Decode /FlateDecode]", &ascii85(&bomb_300))]),
        Some("压缩炸弹"),
    ));
    // 17 content streams of 15 MB each, every one under the old per-stream thresholds.
    let slice = zlib_repeat(b" ", 15 * MB);
    let many: Vec<Vec<u8>> = (0..17).map(|_| stream("/Filter /FlateDecode", &slice)).collect();
    out.push(("many-streams.pdf", one_page(&(5..22).collect::<Vec<_>>(), "", many), Some("压缩炸弹")));
    // A ToUnicode map whose one range spans four billion codes.
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end";
    out.push((
        "cmap-range.pdf",
        one_page(&[5], "/ToUnicode 6 0 R", vec![stream("", &text_content()), stream("", cmap)]),
        Some("ToUnicode"),
    ));
    // An object stream whose index lists three million objects (all `null`).
    let index_len = "1 0 ".len() * 3_000_000;
    let objstm = zlib_repeat_then(b"1 0 ", index_len, b"null");
    out.push((
        "objstm-nulls.pdf",
        one_page(
            &[5],
            "",
            vec![
                stream("", &text_content()),
                stream(&format!("/Type /ObjStm /N 3000000 /First {index_len} /Filter /FlateDecode"), &objstm),
            ],
        ),
        Some("对象"),
    ));
    // A page tree of 200,000 pages (more objects than any report).
    out.push(("page-tree.pdf", many_pages(200_000), Some("对象")));
    // 5,000 pages: few enough objects, too many pages.
    out.push(("pages-5000.pdf", many_pages(5_000), Some("页面超过")));

    // A cross-reference stream, which lopdf decodes while reading the cross-reference.
    out.push(("xref-stream.pdf", xref_stream_pdf(&zlib(&zlib_repeat(&[0], 1024 * MB))), Some("压缩炸弹")));

    // Honest files that use the same features within the limits are read.
    let text = text_content();
    out.push((
        "layers-ok.pdf",
        one_page(
            &[5],
            "",
            vec![stream("/Filter [/ASCII85Decode /Fl#61teDecode /FlateDecode]", &ascii85(&zlib(&zlib(&text))))],
        ),
        None,
    ));
    let identity = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n2 beginbfrange <20> <7E> <0020> <A0> <FF> <00A0> endbfrange endcmap";
    out.push(("cmap-ok.pdf", one_page(&[5], "/ToUnicode 6 0 R", vec![stream("", &text), stream("", identity)]), None));
    out
}

/// A PDF whose cross-reference is a stream (`/Type /XR#65f`, two Flate layers) of `data`.
fn xref_stream_pdf(data: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    for (n, body) in [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    .iter()
    .enumerate()
    {
        writeln!(out, "{} 0 obj\n{body}\nendobj", n + 1).unwrap();
    }
    let xref = out.len();
    out.extend(stream_object(
        4,
        &format!(
            "/Type /XR#65f /Size 5 /W [1 4 1] /Root 1 0 R /Filter [/FlateDecode /FlateDecode] /Length {}",
            data.len()
        ),
        data,
    ));
    write!(out, "startxref\n{xref}\n%%EOF\n").unwrap();
    out
}

fn stream_object(number: usize, dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("{number} 0 obj\n<< {dict} >>\nstream\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    out
}

/// `count` pages sharing one content stream.
fn many_pages(count: usize) -> Vec<u8> {
    let kids = (0..count).fold(String::new(), |mut out, i| {
        write!(out, "{} 0 R ", i + 5).unwrap();
        out
    });
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {count} /Resources << /Font << /F1 4 0 R >> >> /MediaBox [0 0 595 842] >>")
            .into_bytes(),
        stream("", &text_content()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    objects.extend((0..count).map(|_| b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>".to_vec()));
    pdf(&objects)
}

fn write_all(dir: &Path) -> Vec<(PathBuf, Option<&'static str>)> {
    hostile_pdfs()
        .into_iter()
        .map(|(name, bytes, refusal)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            (path, refusal)
        })
        .collect()
}

#[test]
fn hostile_pdfs_are_refused_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path());
    let good = fixture("seeds/hubin-2023.txt");
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(|(p, _)| p.to_str().unwrap()));
    args.push(good.to_str().unwrap());
    // The real binary in a child process, so a guard that fails cannot take the tests down.
    let (code, stdout, stderr) = run_binary(&args, Duration::from_mins(2));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let reports = json["reports"].as_array().unwrap();
    let read: Vec<&str> = reports.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert!(read.iter().any(|p| p.ends_with("hubin-2023.txt")), "the good file is checked: {read:?}");
    for (path, refusal) in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        match refusal {
            Some(words) => {
                let message = error_message(&json, name);
                assert!(message.contains(words), "{name}: {message}");
                assert!(!read.iter().any(|p| p.ends_with(name)), "{name} was read");
            }
            None => assert!(read.iter().any(|p| p.ends_with(name)), "{name} is read: {json}"),
        }
    }
}

#[test]
fn a_panic_inside_pdf_extract_prints_only_the_reason() {
    // A Type0 font without DescendantFonts makes pdf-extract panic ("Descendant fonts required").
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 700 Td <0001> Tj ET"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panics.pdf");
    std::fs::write(&path, bytes).unwrap();
    let good = fixture("seeds/hubin-2023.txt");
    // The real binary: the panic hook and stderr are the process's.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["check", "--color", "never", path.to_str().unwrap(), good.to_str().unwrap()])
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stdout.contains("panics.pdf") && stdout.contains("重新导出"), "{stdout}");
    assert!(stdout.contains("hubin-2023.txt"), "the good file is checked: {stdout}");
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"), "{stderr}");
}

#[test]
#[ignore = "writes the hostile PDFs to FAZHI_HOSTILE_PDF_DIR for measuring"]
fn write_hostile_pdfs() {
    let dir = PathBuf::from(std::env::var("FAZHI_HOSTILE_PDF_DIR").expect("FAZHI_HOSTILE_PDF_DIR is set"));
    std::fs::create_dir_all(&dir).unwrap();
    assert!(!write_all(&dir).is_empty());
}

#[test]
fn pages_drawn_in_one_pass_keep_their_own_fonts_and_places() {
    // Pages 1 and 3 name Helvetica /F1; page 2 gives /F1 to a font whose ToUnicode map turns
    // `A` into 中. Drawing pages in one pass must not carry a font over to a page where its
    // name means another one.
    let cmap =
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <41> <4E2D> endbfchar endcmap";
    let helvetica = "/Resources << /Font << /F1 4 0 R >> >>";
    let other = "/Resources << /Font << /F1 5 0 R >> >>";
    let line = "(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj T*\n".repeat(8);
    let content = format!("BT /F1 11 Tf 14 TL 60 780 Td\n{line}ET");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count 3 /MediaBox [0 0 595 842] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R {helvetica} /Contents 8 0 R >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 9 0 R >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R {other} /Contents 8 0 R >>").into_bytes(),
        format!("<< /Type /Page /Parent 2 0 R {helvetica} /Contents 8 0 R >>").into_bytes(),
        stream("", content.as_bytes()),
        stream("", cmap),
    ]);
    let doc = fazhi::document::readers::read_bytes(Path::new("fonts.pdf"), &bytes, None, super::hints()).unwrap();
    let text = &doc.source.text;
    let first_han = text.find('中').expect("page 2 is decoded with its own font");
    let last_han = text.rfind('中').unwrap();
    assert!(text[..first_han].contains("AAAA") && text[last_han..].contains("AAAA"), "{text}");
    assert!(!text[first_han..last_han].contains('A'), "page 2 has no Helvetica text: {text}");
}
