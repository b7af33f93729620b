//! Hostile inputs that must be refused or read within bounds while the rest of the run goes
//! on: special files, numbering bombs in .docx, HTML that fools the nesting estimate, and text
//! with thousands of headings. The larger reproducers are generated here into a temporary
//! folder; small ones live in `fixtures/hostile/`. Each runs through the real binary in a child
//! process with a time guard, beside a good report.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use super::docx_hostile::run_binary;
use super::fixture;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A good report placed beside every reproducer: it must still be checked.
const GOOD: &str = "clean/model-report.txt";

/// Runs `fazhi check --format json` with `args` and returns the exit code and the JSON.
fn check(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_binary(&all, Duration::from_mins(1));
    let code = code.unwrap_or_else(|| panic!("killed by a signal: {stderr}"));
    assert!((0..=2).contains(&code), "exit {code}: {stderr}");
    (code, serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}")))
}

/// The paths of the reports a run checked.
fn checked(json: &serde_json::Value) -> Vec<String> {
    json["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap().to_string()).collect()
}

/// The read error of the file whose path ends with `name`.
fn error_of(json: &serde_json::Value, name: &str) -> String {
    super::error_message(json, name)
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::copy(fixture(GOOD), &good).unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let paths: Vec<&str> = [&good, &fifo, &zero, Path::new("/dev/zero")].iter().map(|p| p.to_str().unwrap()).collect();
    let (code, json) = check(&paths);
    assert_eq!(code, 2, "{json}");
    assert_eq!(checked(&json), [good.to_str().unwrap()], "the good file is checked");
    assert!(error_of(&json, "pipe.txt").contains("命名管道"), "{json}");
    assert!(error_of(&json, "zero.txt").contains("设备文件"), "{json}");
    assert!(error_of(&json, "/dev/zero").contains("不是普通文件"), "{json}");

    // A folder walk skips the FIFO and the link without opening them.
    let (code, json) = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(checked(&json).len(), 1, "{json}");

    // An ignore file that is a FIFO would block the walk: its folder is reported instead.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(fixture(GOOD), sub.join("other.txt")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(sub.join(".ignore")).status().unwrap().success());
    let (code, json) = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    assert_eq!(checked(&json).len(), 1, "{json}");
    assert!(error_of(&json, ".ignore").contains("不是普通文件"), "{json}");
}

/// A .docx with `numbering.xml`: `levels` are `(numFmt, w:start, w:lvlText)` of list `i + 1`
/// level 0; `paragraphs` are `(numId, text)`.
fn numbered_docx(levels: &[(&str, &str, &str)], start_override: Option<&str>, paragraphs: &[(usize, &str)]) -> Vec<u8> {
    let mut numbering = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">"#);
    for (i, (fmt, start, text)) in levels.iter().enumerate() {
        numbering.push_str(&format!(
            r#"<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>"#
        ));
    }
    for i in 0..levels.len() {
        let over = start_override.map_or_else(String::new, |v| {
            format!(r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{v}"/></w:lvlOverride>"#)
        });
        numbering.push_str(&format!(r#"<w:num w:numId="{}"><w:abstractNumId w:val="{i}"/>{over}</w:num>"#, i + 1));
    }
    numbering.push_str("</w:numbering>");
    let mut body = String::new();
    for (num, text) in paragraphs {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        ));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, part) in [
        ("[Content_Types].xml", content_types),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", rels),
        ("word/numbering.xml", numbering.as_str()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(part.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A page of `<div></x>` × 20,000: the stray end tags close nothing, so the divs nest 20,000
/// deep in the tree builder (quadratic there); the page must be refused before it is parsed.
fn stray_end_tags_page() -> String {
    format!(
        "<!DOCTYPE html><html><body>{}<p>关于2023年法治政府建设情况的报告</p></body></html>",
        "<div></x>".repeat(20_000)
    )
}

/// 25,000 headings of two levels (400 KB): the structure pass and the scan of paired marks
/// (which skips heading markers such as （一）) must stay linear, not lines × headings.
fn many_headings_text() -> String {
    let mut text = String::from("某市2023年法治政府建设情况报告\n\n");
    for i in 0..25_000 {
        text.push_str(if i % 2 == 0 { "一、总体情况\n" } else { "（一）主要举措\n" });
    }
    text
}

#[test]
fn hostile_html_and_many_headings_are_refused_or_read_quickly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(GOOD), dir.path().join("a-good.txt")).unwrap();
    std::fs::write(dir.path().join("stray-end-tags.html"), stray_end_tags_page()).unwrap();
    std::fs::write(dir.path().join("many-headings.txt"), many_headings_text()).unwrap();
    let utf16 = std::fs::read(fixture("hostile/html/meta-utf16.html")).unwrap();
    assert_eq!(utf16.len() % 2, 0, "at an even length the page also decodes as UTF-16 without an error");
    std::fs::write(dir.path().join("meta-utf16.html"), utf16).unwrap();
    let (code, json) = check(&["--select", "meta/title", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    assert!(error_of(&json, "stray-end-tags.html").contains("嵌套超过"), "{json}");
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3, "{json}");
    let report = |name: &str| reports.iter().find(|r| r["path"].as_str().unwrap().ends_with(name)).unwrap();
    assert_eq!(report("meta-utf16.html")["encoding"], "UTF-8", "a declared UTF-16 is read as UTF-8");
    assert!(report("many-headings.txt")["stats"]["chars"].as_u64().unwrap() > 100_000);
    let many = dir.path().join("many-headings.txt");
    let (code, json) = check(&["--select", "punct/unbalanced-pair", many.to_str().unwrap()]);
    assert_eq!(code, 0, "the markers （一） are not unbalanced marks: {json}");
}

#[test]
fn numbering_bombs_give_short_labels() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(GOOD), dir.path().join("a-good.txt")).unwrap();
    // One level text of 800,000 characters on 200 numbered paragraphs.
    let long_text = format!("%1{}", "长".repeat(800_000));
    let paragraphs: Vec<(usize, &str)> = (0..200).map(|_| (1, "段落。")).collect();
    std::fs::write(
        dir.path().join("long-level-text.docx"),
        numbered_docx(&[("decimal", "1", &long_text)], None, &paragraphs),
    )
    .unwrap();
    // Counters of four billion in the formats that grow with the value, and one at u32::MAX.
    let paragraphs: Vec<(usize, &str)> = (0..200).map(|i| (i % 3 + 1, "段落。")).collect();
    let huge =
        [("upperRoman", "4000000000", "%1."), ("lowerLetter", "4000000000", "%1."), ("decimal", "4294967295", "%1.")];
    std::fs::write(dir.path().join("huge-start.docx"), numbered_docx(&huge, None, &paragraphs)).unwrap();
    let small = [("upperRoman", "1", "%1."), ("lowerLetter", "1", "%1."), ("decimal", "1", "%1.")];
    std::fs::write(dir.path().join("huge-override.docx"), numbered_docx(&small, Some("4294967295"), &paragraphs))
        .unwrap();
    let (_, json) = check(&["--select", "meta/title", dir.path().to_str().unwrap()]);
    assert_eq!(json["errors"].as_array().unwrap().len(), 0, "{json}");
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 4, "{json}");
    for report in
        reports.iter().filter(|r| Path::new(r["path"].as_str().unwrap()).extension().is_some_and(|e| e == "docx"))
    {
        // 200 paragraphs of three characters, each with a label of at most 64.
        let chars = report["stats"]["chars"].as_u64().unwrap();
        assert!((600..=200 * 70).contains(&chars), "{}: {chars} characters", report["path"]);
    }
}
