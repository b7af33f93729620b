//! Published pages and PDFs: the same report read from .html or .pdf gives what its .txt gives,
//! page chrome and scripts stay out, the publication date is checked, and broken or hostile
//! files are refused with a clear message while the rest of the run goes on.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use fazhi::document::readers;
use fazhi::source::ReadError;
use serde_json::Value;

use super::{check_json, fixture};

const SEEDS: &[&str] = &["hubin-2023", "huangshui-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"];

/// Element statuses and findings (rule id, flagged text) of the first report of a run. A
/// no-break space counts as a space: a PDF font draws both with one glyph.
fn outcome(path: &Path) -> (BTreeMap<String, String>, Vec<(String, String)>) {
    let (json, _) = check_json(&[path], &[]);
    let report = &json["reports"][0];
    assert!(report.is_object(), "{} was read: {json}", path.display());
    let elements = report["elements"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, e)| (name.clone(), e["status"].as_str().unwrap().to_string()))
        .collect();
    let mut findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["text"].as_str().unwrap().replace('\u{A0}', " ")))
        .collect();
    findings.sort();
    (elements, findings)
}

/// Findings of the .txt that the other format must not have, because they are about page
/// text the original .txt copied along: huiji-2022.txt was pasted from its web page with the
/// 来源/时间 line, 打印此文 关闭窗口 and 相关链接; on the page these lie outside the article.
fn expected_missing(seed: &str, format: &str) -> Vec<(String, String)> {
    let artifact = |text: &str| ("content/web-artifact".to_string(), text.to_string());
    match (seed, format) {
        ("huiji-2022", "html") => {
            vec![artifact("打印此文 关闭窗口"), artifact("来源:本站  时间:2023-02-28 11:30:49"), artifact("相关链接")]
        }
        _ => Vec::new(),
    }
}

#[test]
fn seeds_read_from_html_and_pdf_like_their_text() {
    for seed in SEEDS {
        let (txt_elements, txt_findings) = outcome(&fixture(&format!("seeds/{seed}.txt")));
        for format in ["html", "pdf"] {
            let (elements, findings) = outcome(&fixture(&format!("{format}/{seed}.{format}")));
            assert_eq!(elements, txt_elements, "{seed}.{format}: element statuses");
            let mut expected = txt_findings.clone();
            for missing in expected_missing(seed, format) {
                let idx = expected.iter().position(|f| *f == missing);
                let idx = idx.unwrap_or_else(|| panic!("{seed}.txt has the finding {missing:?}"));
                expected.remove(idx);
            }
            assert_eq!(findings, expected, "{seed}.{format}: findings");
        }
    }
}

/// Printed straight from the .txt, lines are left-aligned: they end up to a character short of
/// the margin (half-width digits, a closing mark kept with its character) and a few reach past it
/// (a hanging 。). Such a line still continues its paragraph; split there, 《行政处罚 / 法》
/// would become two unbalanced pairs.
#[test]
fn seeds_printed_plain_read_like_their_text() {
    for seed in ["huangshui-2023", "qianjin-2023", "shennongjia-2024"] {
        let (txt_elements, txt_findings) = outcome(&fixture(&format!("seeds/{seed}.txt")));
        let (elements, findings) = outcome(&fixture(&format!("pdf/plain/{seed}.pdf")));
        assert_eq!(elements, txt_elements, "{seed}: element statuses");
        assert_eq!(findings, txt_findings, "{seed}: findings");
    }
}

#[test]
fn page_chrome_and_scripts_stay_out_of_the_text() {
    let doc = readers::read(&fixture("html/hubin-2023.html"), None, super::hints()).unwrap();
    let text = &doc.source.text;
    for outside in [
        "脚本",
        "shareTitle",
        "document.write",
        "首页",
        "您所在的位置",
        "网站标识码",
        "打印此文",
        "浏览次数",
        "分享到",
        "主办单位",
        "相关链接",
    ] {
        assert!(!text.contains(outside), "“{outside}” reached the text");
    }
    assert!(text.starts_with("关于2023年法治政府建设情况的报告\n2023年，湖滨区"), "{}", &text[..200]);
    assert_eq!(doc.source.origin.published, Some((2024, 3, 28)));
    assert_eq!(
        doc.title.map(|t| doc.source.slice(t.span).to_string()).as_deref(),
        Some("关于2023年法治政府建设情况的报告")
    );
}

#[test]
fn a_page_published_after_the_deadline_is_late() {
    let (json, code) = check_json(&[&fixture("html/hubin-2023-late.html")], &[]);
    assert_eq!(code, 1);
    let report = &json["reports"][0];
    assert_eq!(report["published"].as_str(), Some("2024-04-15"), "{report}");
    let late: Vec<&Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "meta/date-deadline").collect();
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0]["message"], "网页发布时间为2024年4月15日，晚于公开期限：2023年度报告应在2024年4月1日前公开");
    assert_eq!(late[0]["severity"], "error");

    let (on_time, _) = check_json(&[&fixture("html/hubin-2023.html")], &[]);
    assert_eq!(on_time["reports"][0]["published"].as_str(), Some("2024-03-28"));
    let rules = super::finding_rules(&on_time);
    assert!(!rules.iter().any(|r| r == "meta/date-deadline"), "{rules:?}");
}

#[test]
fn a_gbk_page_is_decoded_and_encoding_forces_the_charset() {
    let path = fixture("html/huiji-2022.html");
    assert!(std::str::from_utf8(&fs::read(&path).unwrap()).is_err(), "the fixture is GBK");
    let (json, _) = check_json(&[&path], &[]);
    let report = &json["reports"][0];
    assert_eq!(report["encoding"], "GBK");
    assert_eq!(report["title"], "郑州市惠济区人民政府关于2022年度法治政府建设情况的报告");
    assert_eq!(report["published"].as_str(), Some("2023-02-28"), "from the page's 时间: line");

    let (forced, code) = check_json(&[&path], &["--encoding", "utf-8"]);
    assert_eq!(code, 2, "--encoding wins over the page's own declaration");
    assert!(forced["errors"][0]["message"].as_str().unwrap().contains("UTF-8"), "{forced}");
}

#[test]
fn pdf_findings_are_placed_on_pages_without_page_numbers_in_the_text() {
    let doc = readers::read(&fixture("pdf/hubin-2023.pdf"), None, super::hints()).unwrap();
    assert!(!doc.source.text.lines().any(|l| l.trim().starts_with("- ")), "page numbers were dropped");
    let (json, _) = check_json(&[&fixture("pdf/hubin-2023.pdf")], &[]);
    let report = &json["reports"][0];
    assert_eq!(report["format"], "pdf");
    let doubled = report["findings"].as_array().unwrap().iter().find(|f| f["text"] == "行政行政").unwrap();
    let page = doubled["place"].as_str().unwrap();
    assert!(page.starts_with('第') && page.ends_with('页'), "{page}");
    assert_ne!(page, "第1页", "行政行政 is in the second half of the report");
}

#[test]
fn a_scanned_pdf_needs_ocr_and_the_rest_of_the_run_goes_on() {
    let (json, code) = check_json(&[&fixture("pdf/scanned.pdf"), &fixture("seeds/qianjin-2023.txt")], &[]);
    assert_eq!(code, 2);
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0]["path"].as_str().unwrap().ends_with("qianjin-2023.txt"));
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("OCR") && message.contains("扫描件"), "{message}");
}

#[test]
fn a_truncated_pdf_is_named_as_damaged() {
    let (json, code) = check_json(&[&fixture("pdf/truncated.pdf"), &fixture("pdf/qianjin-2023.pdf")], &[]);
    assert_eq!(code, 2);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1, "the good PDF is still checked");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("无法解析这个 pdf 文件") && message.contains("重新导出"), "{message}");
}

/// A PDF from `objects` (numbered from 1) with a correct cross-reference table.
fn pdf_with(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
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

#[test]
fn a_compression_bomb_is_refused_before_it_is_inflated() {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..48 {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    let pdf = pdf_with(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("/Filter /FlateDecode", &bomb),
    ]);
    let err = readers::read_bytes(Path::new("bomb.pdf"), &pdf, None, super::hints()).unwrap_err();
    assert!(matches!(err, ReadError::Unsafe { .. }), "{err}");
    assert!(err.to_string().contains("压缩炸弹"), "{err}");
}

#[test]
fn a_form_that_draws_itself_is_refused_instead_of_overflowing_the_stack() {
    let pdf = pdf_with(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> >> >>"
            .to_vec(),
        stream("", b"/X1 Do"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"/X1 Do"),
    ]);
    let err = readers::read_bytes(Path::new("loop.pdf"), &pdf, None, super::hints()).unwrap_err();
    assert!(matches!(err, ReadError::Unsafe { .. }), "{err}");
}

#[test]
fn a_page_nested_beyond_any_real_page_is_refused() {
    let page = format!("<html><body>{}关于2023年法治政府建设情况的报告</body></html>", "<div>".repeat(100_000));
    let err = readers::read_bytes(Path::new("deep.html"), page.as_bytes(), None, super::hints()).unwrap_err();
    assert!(err.to_string().contains("嵌套"), "{err}");
}
