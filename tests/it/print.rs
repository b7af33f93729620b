//! `fazhi report --format pdf`: the seeds printed natively and read back with lopdf and
//! pdf-extract (A4 pages, 第 n 页 共 N 页 and the report's title on every page, CID fonts only,
//! the same bytes on a second run), `--split`, and the errors of a missing font.

use std::path::{Path, PathBuf};
use std::process::Command;

use fazhi::render::audit::fonts;
use pdf_extract::{Document, Object};

use super::{check_json, fixture};

/// A fixed run time (2025-12-03 00:00 UTC), so that two runs give the same bytes.
const EPOCH: &str = "1764720000";

/// Whether this machine can print: a CJK font is installed. Without one the test is skipped
/// with a notice, except in CI (`CI` set), where it must run.
#[allow(clippy::print_stderr)] // the skip must be visible
pub fn have_font() -> bool {
    if fonts::find_in(&fonts::system_dirs()).is_some() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI 环境中没有中文字体：请安装 fonts-noto-cjk");
    eprintln!("跳过：没有找到中文字体（安装 fonts-noto-cjk 后可运行此测试）");
    false
}

/// Runs the binary with a fixed `SOURCE_DATE_EPOCH`; returns the exit code and standard error.
fn report(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .arg("report")
        .args(["--no-progress"])
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("fazhi runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The report titles (else issuers) of the seeds, from `fazhi check --format json`.
fn seed_titles() -> Vec<String> {
    let (json, _) = check_json(&[&fixture("seeds")], &[]);
    json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().or(r["issuer"].as_str()).unwrap().to_string())
        .collect()
}

fn pages_text(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).unwrap()
}

/// Every page is A4 portrait (595.28 × 841.89 pt).
fn assert_a4(doc: &Document) {
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let media: Vec<f32> =
            page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
        assert_eq!(media.len(), 4);
        let (w, h) = (media[2] - media[0], media[3] - media[1]);
        assert!((w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0, "page {n}: {w} x {h}");
    }
}

/// The fonts of the file: none is Type 3, and each is a CID font with a `ToUnicode` map.
fn assert_cid_fonts_only(doc: &Document) {
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap();
        assert_ne!(subtype, b"Type3", "a Type 3 font is embedded");
        if subtype == b"Type0" {
            fonts += 1;
            assert!(dict.get(b"ToUnicode").is_ok(), "a CID font without ToUnicode");
        } else {
            assert!(matches!(subtype, b"CIDFontType0" | b"CIDFontType2"), "{}", String::from_utf8_lossy(subtype));
        }
    }
    assert!(fonts >= 1, "no CID font embedded");
}

#[test]
fn the_seeds_print_to_a4_with_page_furniture_and_the_same_bytes_twice() {
    if !have_font() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("审核.pdf");
    let second = dir.path().join("再次.pdf");
    let seeds = fixture("seeds");
    let seeds = seeds.to_str().unwrap();
    let (code, stderr) = report(&[seeds, "--format", "pdf", "-o", first.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("已写出"), "{stderr}");
    let (_, stderr) = report(&[seeds, "--format", "pdf", "-o", second.to_str().unwrap()]);
    let bytes = std::fs::read(&first).unwrap();
    assert!(std::fs::read(&second).unwrap() == bytes, "a second run gave other bytes: {stderr}");

    // krilla's PDF/A-2b validator accepted the file: its XMP (stored uncompressed) says so.
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    let doc = Document::load_mem(&bytes).unwrap();
    assert_a4(&doc);
    assert_cid_fonts_only(&doc);
    let pages = pages_text(&bytes);
    let titles = seed_titles();
    assert_eq!(titles.len(), 5);
    assert!(pages.len() > titles.len(), "{} pages", pages.len());
    assert_eq!(doc.get_pages().len(), pages.len());
    for (i, text) in pages.iter().enumerate() {
        let furniture = format!("第 {} 页 共 {} 页", i + 1, pages.len());
        assert!(text.contains(&furniture), "page {}: no “{furniture}”:\n{text}", i + 1);
        assert!(text.contains("检查日期：2025-12-03"), "page {}: no run date", i + 1);
    }
    assert!(pages[0].contains("法治政府建设年度报告审核汇总"), "{}", pages[0]);
    // A sheet starts on the page with its 报告标题 row; every page up to the next sheet carries
    // that report's title in the running header.
    let starts: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].contains("报告标题")).collect();
    assert_eq!(starts.len(), titles.len(), "sheets start on pages {starts:?}");
    let mut seen = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(pages.len());
        let title = titles.iter().find(|t| pages[start].contains(t.as_str())).expect("a seed's title on its sheet");
        for (offset, page) in pages[start..end].iter().enumerate() {
            assert!(
                page.contains(title.as_str()),
                "page {} of the sheet of {title} lacks the title",
                start + offset + 1
            );
        }
        assert!(pages[end - 1].contains("审核人") && pages[end - 1].contains("复核人"), "no signature block");
        seen.push(title.clone());
    }
    seen.sort();
    let mut expected = titles.clone();
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn split_gives_one_pdf_per_report_and_the_summary() {
    if !have_font() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("分册");
    let seeds = fixture("seeds");
    let (code, stderr) = report(&[seeds.to_str().unwrap(), "--format", "pdf", "--split", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "huangshui-2023.pdf",
            "hubin-2023.pdf",
            "huiji-2022.pdf",
            "qianjin-2023.pdf",
            "shennongjia-2024.pdf",
            "法治政府建设年度报告审核汇总.pdf"
        ]
    );
    let (json, _) = check_json(&[&seeds.join("huiji-2022.txt")], &[]);
    let title = json["reports"][0]["title"].as_str().unwrap().to_string();
    let pages = pages_text(&std::fs::read(out.join("huiji-2022.pdf")).unwrap());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("第 {} 页 共 {} 页", i + 1, pages.len())), "{page}");
        assert!(page.contains(&title), "{page}");
    }
    let summary = pages_text(&std::fs::read(out.join("法治政府建设年度报告审核汇总.pdf")).unwrap());
    assert!(summary.iter().all(|p| !p.contains("报告标题")), "the summary file holds no sheet");
}

#[test]
fn split_names_reports_in_folders_apart() {
    if !have_font() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixture("seeds/huangshui-2023.txt")).unwrap();
    for county in ["甲县", "乙县"] {
        std::fs::create_dir_all(dir.path().join("batch").join(county)).unwrap();
        std::fs::write(dir.path().join("batch").join(county).join("司法局.txt"), &text).unwrap();
    }
    let out = dir.path().join("out");
    let batch = dir.path().join("batch");
    report(&[batch.to_str().unwrap(), "--format", "pdf", "--split", out.to_str().unwrap()]);
    for name in ["甲县_司法局.pdf", "乙县_司法局.pdf", "法治政府建设年度报告审核汇总.pdf"] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
}

#[test]
fn a_font_that_is_not_there_is_an_error_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("审核.pdf");
    let seeds = fixture("seeds/huangshui-2023.txt");
    let (code, stderr) = report(&[
        seeds.to_str().unwrap(),
        "--format",
        "pdf",
        "--font",
        "/nonexistent/字体.ttf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("字体文件 /nonexistent/字体.ttf 无法使用：文件不存在"), "{stderr}");
    assert!(!Path::new(&out).exists());
    // And the message for no font at all names what to install.
    assert!(fonts::FontError::NotFound.to_string().contains("apt-get install fonts-noto-cjk"));
}

#[test]
fn pdf_needs_an_output_and_split_and_font_need_pdf() {
    let seeds = fixture("seeds/huangshui-2023.txt");
    let seeds = seeds.to_str().unwrap();
    let (code, stderr) = report(&[seeds, "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("-o"), "{stderr}");
    let (code, stderr) = report(&[seeds, "--split", "/tmp/x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--split 只用于 --format pdf"), "{stderr}");
}

#[test]
fn recto_starts_the_summary_and_every_sheet_on_an_odd_page() {
    if !have_font() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seeds = fixture("seeds");
    let seeds = seeds.to_str().unwrap();
    let plain = dir.path().join("单面.pdf");
    let both = dir.path().join("双面.pdf");
    let (code, stderr) = report(&[seeds, "--format", "pdf", "-o", plain.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = report(&[seeds, "--format", "pdf", "--recto", "-o", both.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let plain = pages_text(&std::fs::read(&plain).unwrap());
    let pages = pages_text(&std::fs::read(&both).unwrap());
    let starts =
        |pages: &[String]| -> Vec<usize> { (0..pages.len()).filter(|&i| pages[i].contains("报告标题")).collect() };
    // Without --recto some sheet starts on an even page (the seeds' sheets are 3 or 8 pages
    // after a 2-page summary), so the option has something to do.
    assert!(starts(&plain).iter().any(|i| i % 2 == 1), "{:?}", starts(&plain));
    let recto = starts(&pages);
    assert_eq!(recto.len(), 5);
    assert!(recto.iter().all(|i| i % 2 == 0), "sheets start on pages {recto:?} (0-based)");
    // The blank backs carry the page furniture and nothing else of a sheet.
    assert!(pages.len() > plain.len());
    for (i, text) in pages.iter().enumerate() {
        assert!(text.contains(&format!("第 {} 页 共 {} 页", i + 1, pages.len())), "page {}", i + 1);
    }
    let (code, stderr) = report(&[seeds, "--recto", "-o", dir.path().join("a.html").to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--recto 只用于 --format pdf"), "{stderr}");
}
