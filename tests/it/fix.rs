//! `fazhi fix`: safe edits only, atomic writes in the original encoding and line endings,
//! `--diff` writes nothing, unsupported formats are refused and the rest of the run goes on.

use std::fs;

use super::{check_json, fazhi, finding_rules, fixture};

fn findings_with_edits(path: &std::path::Path) -> Vec<String> {
    let (rules, _) = fazhi::rules::RuleSet::builtin();
    let checked = fazhi::engine::check_file(path, &fazhi::engine::ReadOptions::default(), &rules).unwrap();
    checked.findings.iter().filter(|f| !f.edits.is_empty()).map(|f| f.rule.to_string()).collect()
}

#[test]
fn fix_applies_every_safe_edit_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiji.txt");
    fs::copy(fixture("seeds/huiji-2022.txt"), &path).unwrap();
    assert!(!findings_with_edits(&path).is_empty());
    let outcome = fazhi(&["fix", path.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.contains("已修改"), "{}", outcome.stdout);
    assert_eq!(findings_with_edits(&path), Vec::<String>::new(), "nothing safe is left to fix");
    let (json, _) = check_json(&[&path], &[]);
    let rules = finding_rules(&json);
    assert!(!rules.iter().any(|r| r == "punct/halfwidth"), "half-width punctuation is gone: {rules:?}");
    assert!(!rules.iter().any(|r| r == "punct/year-range-dash"), "{rules:?}");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("市人民政府：") && text.contains("（一）以习近平法治思想为引领"));
    let again = fazhi(&["fix", path.to_str().unwrap()]);
    assert!(again.stdout.contains("没有可以自动修改的问题"), "{}", again.stdout);
    // The line structure is untouched: fixes never join or split lines.
    let original = fs::read_to_string(fixture("seeds/huiji-2022.txt")).unwrap();
    assert_eq!(text.lines().count(), original.lines().count());
}

#[test]
fn fix_keeps_gbk_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("seeds/huiji-2022.txt")).unwrap().replace('\n', "\r\n");
    let gbk = dir.path().join("gbk.txt");
    fs::write(&gbk, encoding_rs::GB18030.encode(&text).0).unwrap();
    let bom = dir.path().join("bom.txt");
    fs::write(&bom, format!("\u{FEFF}{text}")).unwrap();
    let outcome = fazhi(&["fix", gbk.to_str().unwrap(), bom.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    let gbk_bytes = fs::read(&gbk).unwrap();
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "still GBK, not rewritten as UTF-8");
    let (decoded, _, errors) = encoding_rs::GB18030.decode(&gbk_bytes);
    assert!(!errors && decoded.contains("市人民政府：\r\n"), "CRLF kept");
    let bom_bytes = fs::read(&bom).unwrap();
    assert_eq!(&bom_bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(String::from_utf8(bom_bytes).unwrap().contains("（一）"));
}

#[test]
fn diff_shows_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiji.txt");
    fs::copy(fixture("seeds/huiji-2022.txt"), &path).unwrap();
    let before = fs::read(&path).unwrap();
    let outcome = fazhi(&["fix", "--diff", path.to_str().unwrap()]);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(
        outcome.stdout.contains("可修改")
            && outcome.stdout.contains("  - 市人民政府:")
            && outcome.stdout.contains("  + 市人民政府："),
        "{}",
        outcome.stdout
    );
}

#[test]
fn unsupported_formats_are_refused_and_the_rest_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("report.docx");
    fs::write(&docx, b"PK\x03\x04").unwrap();
    let html = dir.path().join("report.html");
    fs::copy(fixture("html/huangshui-2023.html"), &html).unwrap();
    let txt = dir.path().join("huiji.txt");
    fs::copy(fixture("seeds/huiji-2022.txt"), &txt).unwrap();
    let outcome = fazhi(&["fix", docx.to_str().unwrap(), html.to_str().unwrap(), txt.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stdout.contains("不能自动修改 .html"), "{}", outcome.stdout);
    // A Word file is fixed into a copy; a broken one is refused with the reader's reason.
    assert!(outcome.stdout.contains("report.docx：无法解析这个 docx 文件"), "{}", outcome.stdout);
    assert_eq!(fs::read(&docx).unwrap(), b"PK\x03\x04");
    assert!(!dir.path().join("report.fazhi.docx").exists());
    assert!(fs::read_to_string(&txt).unwrap().contains("市人民政府："));
}

#[test]
fn check_with_fix_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiji.txt");
    fs::copy(fixture("seeds/huiji-2022.txt"), &path).unwrap();
    let (json, _) = check_json(&[&path], &["--fix"]);
    let findings = json["reports"][0]["findings"].as_array().unwrap();
    assert!(!findings.iter().any(|f| f["rule"] == "format/heading-numbering" || f["rule"] == "meta/recipient"));
    assert!(findings.iter().any(|f| f["rule"] == "structure/causes"), "what cannot be fixed is still reported");
}

#[test]
fn check_with_fix_on_a_word_file_checks_it_and_says_once_that_it_was_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("湖滨 2023.docx");
    fs::copy(fixture("docx/hubin-2023-styled.docx"), &docx).unwrap();
    let txt = dir.path().join("huiji.txt");
    fs::copy(fixture("seeds/huiji-2022.txt"), &txt).unwrap();
    let original = fs::read(&docx).unwrap();
    let (plain, plain_code) = check_json(&[&docx], &[]);
    let outcome = fazhi(&["check", "--fix", "--format", "json", dir.path().to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    // The Word file is checked, not an error: the check result and its exit code stand.
    assert!(json["errors"].as_array().unwrap().is_empty(), "{json:#}");
    assert_eq!(json["reports"].as_array().unwrap().len(), 2);
    let word =
        json["reports"].as_array().unwrap().iter().find(|r| r["path"].as_str().unwrap().contains("湖滨")).unwrap();
    assert_eq!(word["findings"], plain["reports"][0]["findings"]);
    assert_ne!(outcome.code, 2, "{}", outcome.stderr);
    assert_eq!(fs::read(&docx).unwrap(), original, "the Word file is not touched");
    assert!(fs::read_to_string(&txt).unwrap().contains("市人民政府："), "the text report is fixed");
    // One note, in Chinese, naming the file.
    assert_eq!(outcome.stderr.matches("只检查、未修改").count(), 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("湖滨 2023.docx") && outcome.stderr.contains("fazhi fix"), "{}", outcome.stderr);
    assert!(!outcome.stderr.contains("无法检查"), "{}", outcome.stderr);

    // In the human output the file is one checked report, with the exit code of a plain check.
    let outcome = fazhi(&["check", "--fix", "--quiet", docx.to_str().unwrap()]);
    assert_eq!(outcome.code, plain_code, "{}{}", outcome.stdout, outcome.stderr);
    assert_eq!(outcome.stdout.lines().count(), 1, "{}", outcome.stdout);
    assert!(outcome.stdout.contains("湖滨 2023.docx：") && !outcome.stdout.contains("无法"), "{}", outcome.stdout);
}

#[test]
fn check_with_fix_on_a_report_it_cannot_write_lists_it_once_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("huiji.txt");
    // A read-only report: fix refuses to write it.
    fs::copy(fixture("seeds/huiji-2022.txt"), &txt).unwrap();
    let mut permissions = fs::metadata(&txt).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&txt, permissions).unwrap();
    let outcome = fazhi(&["check", "--fix", "--format", "json", txt.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(outcome.code, 2);
    assert!(json["reports"].as_array().unwrap().is_empty(), "{json:#}");
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"].as_str().unwrap().starts_with("无法修改"), "{errors:?}");
}
