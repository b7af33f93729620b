//! Bad input gets a clear error naming the file, exit code 2, and the other files are still
//! checked; bad rule files are reported with their location and never crash the run.

use std::fs;

use super::{check_json, fazhi, finding_rules, fixture};

#[test]
fn broken_files_are_named_and_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a-good.txt");
    fs::copy(fixture("seeds/hubin-2023.txt"), &good).unwrap();
    fs::write(dir.path().join("b-empty.txt"), "").unwrap();
    fs::write(dir.path().join("c-binary.txt"), b"\x00\x01\x02PK\x00\x00binary").unwrap();
    let mut broken = fs::read(fixture("seeds/qianjin-2023.txt")).unwrap();
    broken.truncate(1000);
    broken.extend_from_slice(&[0xFF, 0xFE, 0x41]);
    fs::write(dir.path().join("d-invalid-utf8.txt"), broken).unwrap();
    fs::write(dir.path().join("e-docx-renamed.txt"), b"PK\x03\x04rest of a zip").unwrap();

    let (json, code) = check_json(&[dir.path()], &[]);
    assert_eq!(code, 2);
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "the good file is still checked");
    assert!(reports[0]["path"].as_str().unwrap().ends_with("a-good.txt"));
    let message = |name: &str| super::error_message(&json, name);
    assert!(message("b-empty.txt").contains("空"), "{}", message("b-empty.txt"));
    assert!(message("c-binary.txt").contains("不是文本文件"));
    assert!(message("d-invalid-utf8.txt").contains("UTF-8"), "{}", message("d-invalid-utf8.txt"));
    assert!(message("e-docx-renamed.txt").contains("docx"));
}

#[test]
fn human_output_lists_unreadable_files_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "   \n").unwrap();
    let path = dir.path().join("empty.txt");
    let outcome = fazhi(&["check", "--color", "never", path.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stdout.contains("无法检查") && outcome.stdout.contains("empty.txt"), "{}", outcome.stdout);
    let missing = fazhi(&["check", "no-such-file.txt"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stdout.contains("文件不存在"));
}

#[test]
fn gbk_without_a_hint_and_with_a_forced_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("seeds/huangshui-2023.txt")).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let path = dir.path().join("gbk.txt");
    fs::write(&path, &bytes).unwrap();
    let (json, _) = check_json(&[&path], &[]);
    assert_eq!(json["reports"][0]["title"], "黄水镇人民政府关于2023年法治政府建设情况的报告");
    let (forced, code) = check_json(&[&path], &["--encoding", "utf-8"]);
    assert_eq!(code, 2, "forcing the wrong encoding is an error, not mojibake");
    assert!(forced["errors"][0]["message"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn crlf_bom_and_wide_spaces_read_like_plain_text() {
    let text = fs::read_to_string(fixture("seeds/hubin-2023.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let variant = format!("\u{FEFF}{}", text.replace('\n', "\r\n").replacen("一、", "\u{3000}\u{A0}一、", 1));
    let path = dir.path().join("crlf.txt");
    fs::write(&path, variant).unwrap();
    let (a, _) = check_json(&[&path], &[]);
    let (b, _) = check_json(&[&fixture("seeds/hubin-2023.txt")], &[]);
    assert_eq!(a["reports"][0]["elements"], b["reports"][0]["elements"]);
    let lines = |v: &serde_json::Value| -> Vec<(String, u64)> {
        v["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(lines(&a), lines(&b));
}

#[test]
fn malformed_rule_files_are_located_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules/word");
    fs::create_dir_all(&rules).unwrap();
    fs::write(rules.join("syntax.toml"), "name = \"缺引号\nkind = \"text\"\n").unwrap();
    fs::write(
        rules.join("unknown-key.toml"),
        "name = \"测试\"\nkind = \"text\"\nseverity = \"warning\"\nmesage = \"拼错的键\"\nmessage = \"x\"\nhelp = \"x\"\ndescription = \"x\"\n[params]\n[[params.checks]]\nforbid = '行政行政'\n",
    )
    .unwrap();
    fs::write(
        rules.join("bad-regex.toml"),
        "name = \"测试\"\nkind = \"text\"\nseverity = \"warning\"\nmessage = \"x\"\nhelp = \"x\"\ndescription = \"x\"\n[params]\n[[params.checks]]\nforbid = '(进一步|加强'\n",
    )
    .unwrap();
    let report = fixture("seeds/hubin-2023.txt");
    let outcome = fazhi(&["check", "--rules", dir.path().join("rules").to_str().unwrap(), report.to_str().unwrap()]);
    assert_eq!(outcome.code, 2, "a broken rule file is a configuration error");
    assert!(outcome.stdout.contains("hubin-2023.txt"), "the report is still checked");
    let err = &outcome.stderr;
    assert!(err.contains("syntax.toml:1:12"), "columns count characters: {err}");
    assert!(err.contains("unknown-key.toml:4:1") && err.contains("是不是想写“message”"), "{err}");
    assert!(err.contains("bad-regex.toml:9:10") && err.contains("正则表达式无法编译"), "{err}");
}

#[test]
fn oversized_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    // A sparse file: its size is checked before any byte is read.
    fs::File::create(&huge).unwrap().set_len(fazhi::source::MAX_INPUT_BYTES as u64 + 1).unwrap();
    let good = dir.path().join("good.txt");
    fs::copy(fixture("seeds/hubin-2023.txt"), &good).unwrap();
    let started = std::time::Instant::now();
    let (json, code) = check_json(&[&huge, &good], &[]);
    assert_eq!(code, 2);
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("文件过大"));
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    // Not a timing test: a run that read 64 MiB of zeros would still pass; this only guards
    // against hanging on the file.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn markdown_reads_like_plain_text() {
    let text = fs::read_to_string(fixture("seeds/qianjin-2023.txt")).unwrap();
    // Part headings as Markdown headings, the title as an emphasised line, blank lines between.
    let markdown: String = text
        .lines()
        .map(|line| {
            if line.starts_with(['一', '二', '三', '四']) && line.chars().nth(1) == Some('、') {
                format!("## {line}\n")
            } else if line.contains("法治政府建设情况的报告") {
                format!("**{line}**\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("qianjin.md");
    fs::write(&md, markdown).unwrap();
    let (from_md, _) = check_json(&[&md], &[]);
    let (from_txt, _) = check_json(&[&fixture("seeds/qianjin-2023.txt")], &[]);
    // Line numbers differ (the Markdown has blank lines between paragraphs); all else agrees.
    let without_lines = |v: &serde_json::Value| -> serde_json::Value {
        let mut elements = v["reports"][0]["elements"].clone();
        for element in elements.as_object_mut().unwrap().values_mut() {
            element.as_object_mut().unwrap().remove("line");
        }
        elements
    };
    assert_eq!(without_lines(&from_md), without_lines(&from_txt));
    assert_eq!(from_md["reports"][0]["title"], from_txt["reports"][0]["title"]);
    assert_eq!(finding_rules(&from_md), finding_rules(&from_txt));
}

/// A folder as an office keeps it: two reports fazhi reads, four in formats it does not, and
/// the repository's own files.
fn office_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("seeds/hubin-2023.txt"), dir.path().join("湖滨 2023.txt")).unwrap();
    fs::copy(fixture("docx/huiji-2022-plain.docx"), dir.path().join("汇集 2022.docx")).unwrap();
    fs::write(dir.path().join("甲局 2023.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0").unwrap();
    fs::write(dir.path().join("乙局.wps"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0").unwrap();
    fs::write(dir.path().join("丙局.rtf"), "{\\rtf1\\ansi 关于2023年法治政府建设情况的报告}").unwrap();
    fs::write(dir.path().join("丁局.odt"), b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text").unwrap();
    fs::copy(fixture("pdf/scanned.pdf"), dir.path().join("戊局-扫描件.pdf")).unwrap();
    fs::write(dir.path().join("README.md"), "# 报告仓库\n\n各单位的年度报告。\n").unwrap();
    fs::write(dir.path().join("CHANGELOG.md"), "## 2024\n- 加入甲局报告\n").unwrap();
    fs::write(dir.path().join("LICENSE.txt"), "版权所有\n").unwrap();
    dir
}

#[test]
fn no_report_in_a_folder_is_skipped_silently() {
    let dir = office_folder();
    let (json, code) = check_json(&[dir.path()], &["--fail-on", "none"]);
    assert_eq!(code, 2, "unreadable reports fail the run");
    let checked: Vec<&str> = json["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(checked.len(), 2, "{checked:?}");
    assert!(checked.iter().all(|p| p.ends_with("湖滨 2023.txt") || p.ends_with("汇集 2022.docx")), "{checked:?}");
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 5, "{errors:#?}");
    for name in ["甲局 2023.doc", "乙局.wps", "丙局.rtf", "丁局.odt"] {
        let message = super::error_message(&json, name);
        assert!(message.contains("另存为 .docx"), "{name}: {message}");
    }
    assert!(super::error_message(&json, "丙局.rtf").contains("RTF"));
    assert!(super::error_message(&json, "丁局.odt").contains("OpenDocument"));
    assert!(!super::error_message(&json, "戊局-扫描件.pdf").is_empty());
    // The repository's files are neither reports nor errors.
    let all = json.to_string();
    assert!(!all.contains("README") && !all.contains("CHANGELOG") && !all.contains("LICENSE"), "{all}");

    // The human output lists each under 无法检查 and counts all seven.
    let outcome = fazhi(&["check", "--quiet", "--fail-on", "none", dir.path().to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    for name in ["甲局 2023.doc", "乙局.wps", "丙局.rtf", "丁局.odt", "戊局-扫描件.pdf"] {
        assert!(
            outcome.stdout.contains(&format!("无法检查 {}", dir.path().join(name).display())),
            "{}",
            outcome.stdout
        );
    }
    assert!(outcome.stdout.contains("共2份报告：可以报送2，需修改0；5个文件无法读取"), "{}", outcome.stdout);

    // The summary of the audit counts the folder's seven reports, not two.
    let outcome = fazhi(&["report", "--format", "md", dir.path().to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stdout.contains("共7份报告，5份无法读取"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("甲局 2023.doc") && outcome.stdout.contains("另存为 .docx"), "{}", outcome.stdout);
}

#[test]
fn a_repository_file_named_on_the_command_line_is_checked() {
    let dir = office_folder();
    let readme = dir.path().join("README.md");
    let (json, _) = check_json(&[&readme], &[]);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1, "{json:#}");
    // A Word file under the old extension that is in fact a .docx (WPS saves such files) is read.
    let renamed = dir.path().join("已改名.doc");
    fs::copy(fixture("docx/huiji-2022-plain.docx"), &renamed).unwrap();
    let (json, _) = check_json(&[&renamed], &[]);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1, "{json:#}");
    assert!(json["errors"].as_array().unwrap().is_empty());
}
