//! Rule packs as units: a second pack is a directory of TOML files selected with `--pack` or
//! `pack = "…"`, with its own scoring, document hints and audit titles, and no Rust.

use std::path::{Path, PathBuf};

use super::{check_json, fazhi, fixture};

const PACK_TOML: &str = r#"name = "gongkai"
version = "0.1.0"

[score]
per_finding = { error = 0.5, warning = 0.25, info = 0.0 }

[[score.groups]]
id = "content"
label = "内容"
points = 100
categories = ["content"]

[[score.grades]]
min = 60
label = "合格"

[[score.grades]]
min = 0
label = "不合格"

[document]
title_topics = ["政府信息公开"]

[audit]
sheet_title = "政府信息公开工作年度报告审核单"
summary_title = "政府信息公开工作年度报告审核汇总"
"#;

const RULE: &str = r#"name = "未写收到和处理政府信息公开申请情况"
kind = "text"
severity = "error"
weight = 10
scope = "text"
message = "报告没有写收到和处理政府信息公开申请的情况"
help = "按《政府信息公开条例》第五十条写明收到和处理政府信息公开申请的情况。"
description = "《中华人民共和国政府信息公开条例》第五十条。"

[params]
[[params.checks]]
require = '政府信息公开申请'

[examples]
bad = ["XX市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息100条。"]
good = ["XX市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度收到政府信息公开申请12件。"]
"#;

pub(super) const XXGK_REPORT: &str =
    "XX市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息100条。\n";

/// A pack directory with one rule, written by the test: nothing in Rust knows it.
pub(super) fn second_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("gongkai");
    std::fs::create_dir_all(pack.join("content")).unwrap();
    std::fs::write(pack.join("pack.toml"), PACK_TOML).unwrap();
    std::fs::write(pack.join("content/application-handling.toml"), RULE).unwrap();
    pack
}

#[test]
fn a_second_pack_is_one_directory_selected_with_pack() {
    let dir = tempfile::tempdir().unwrap();
    let pack = second_pack(dir.path());
    let report = dir.path().join("报告.txt");
    std::fs::write(&report, XXGK_REPORT).unwrap();
    let (json, code) = check_json(&[&report], &["--pack", pack.to_str().unwrap()]);
    assert_eq!(code, 1, "the pack's error rule fails the gate");
    assert_eq!(json["rule_pack"]["name"], "gongkai");
    let report_json = &json["reports"][0];
    // The pack's own hints: its title topic is not 法治, and the parser reads the title.
    assert_eq!(report_json["title"], "XX市人民政府2023年政府信息公开工作年度报告");
    let rules: Vec<&str> =
        report_json["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["content/application-handling"], "only the pack's rule runs");
    let groups = report_json["score_breakdown"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["label"], "内容");
    assert_eq!(report_json["score"], 95.0, "the pack's scoring: half of the rule's weight 10");
    assert!(report_json["elements"].as_object().unwrap().is_empty(), "no element rules, no elements");

    // The same report under the default pack: no 法治 title, and the default pack's groups.
    let (default, _) = check_json(&[&report], &["--pack", "default"]);
    assert_eq!(default["rule_pack"]["name"], "default");
    assert!(default["reports"][0]["title"].is_null());
    assert_eq!(default["reports"][0]["score_breakdown"].as_array().unwrap().len(), 4);

    let listed = fazhi(&["rules", "--pack", pack.to_str().unwrap()]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("content/application-handling") && listed.stdout.contains("共1条规则"));
    let tested = fazhi(&["rules", "test", pack.to_str().unwrap()]);
    assert_eq!(tested.code, 0, "{}", tested.stdout);
    assert!(tested.stdout.contains("1条规则，2个示例，全部符合"), "{}", tested.stdout);

    let sheets = fazhi(&["report", "--format", "md", "--pack", pack.to_str().unwrap(), report.to_str().unwrap()]);
    assert!(sheets.stdout.starts_with("# 政府信息公开工作年度报告审核汇总"), "{}", sheets.stdout);
}

#[test]
fn a_configuration_chooses_the_pack_per_file_and_json_names_each() {
    let dir = tempfile::tempdir().unwrap();
    second_pack(dir.path());
    std::fs::create_dir(dir.path().join("公开")).unwrap();
    std::fs::write(dir.path().join("公开/报告.txt"), XXGK_REPORT).unwrap();
    std::fs::copy(fixture("seeds/hubin-2023.txt"), dir.path().join("法治.txt")).unwrap();
    std::fs::write(dir.path().join("fazhi.toml"), "[[per-file]]\npath = \"公开/**\"\npack = \"gongkai\"\n").unwrap();
    let outcome = fazhi(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2, "{}", outcome.stderr);
    // Sorted by path: 公开/报告.txt (the pack of the first report names the run), then 法治.txt.
    assert_eq!(json["rule_pack"]["name"], "gongkai");
    assert!(reports[0]["path"].as_str().unwrap().ends_with("公开/报告.txt"));
    assert!(reports[0].get("rule_pack").is_none(), "same as the run's: not repeated");
    assert_eq!(reports[1]["rule_pack"]["name"], "default");
    assert_eq!(reports[1]["score_breakdown"].as_array().unwrap().len(), 4);
    assert!(reports[1]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "word/duplicated"));
}

#[test]
fn a_pack_that_does_not_exist_is_a_located_error() {
    let hubin = fixture("seeds/hubin-2023.txt");
    let outcome = fazhi(&["check", "--pack", "nosuch", hubin.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("没有规则包“nosuch”") && outcome.stderr.contains("default"), "{}", outcome.stderr);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fazhi.toml");
    std::fs::write(&config, "pack = \"nosuch\"\n").unwrap();
    let outcome = fazhi(&["check", "--config", config.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("fazhi.toml:1:8") && outcome.stderr.contains("nosuch"), "{}", outcome.stderr);
}

#[test]
fn a_pack_toml_in_a_rules_directory_is_refused_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let pack = second_pack(dir.path());
    let hubin = fixture("seeds/hubin-2023.txt");
    let (json, code) = check_json(&[&hubin], &["--rules", pack.to_str().unwrap()]);
    assert_eq!(code, 2, "a broken rule setup exits 2");
    assert_eq!(json["rule_pack"]["name"], "default", "the pack's settings are not used");
    let outcome = fazhi(&["check", "--rules", pack.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert!(outcome.stderr.contains("是一个规则包") && outcome.stderr.contains("--pack"), "{}", outcome.stderr);
}

#[test]
fn rules_test_reports_a_failing_example_in_the_toml_and_exits_1() {
    let passing = fazhi(&["rules", "test", "rules/default"]);
    assert_eq!(passing.code, 0, "{}", passing.stdout);
    assert!(passing.stdout.contains("全部符合"));
    let builtin = fazhi(&["rules", "test"]);
    assert_eq!(builtin.code, 0);
    assert_eq!(
        passing.stdout.lines().last().unwrap().split_once('：').unwrap().1,
        builtin.stdout.lines().last().unwrap().split_once('：').unwrap().1
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("word")).unwrap();
    let rule = std::fs::read_to_string(fixture("custom-rules/word/local-term.toml")).unwrap();
    let broken = rule.replace("bad = [\"请有关部门抓好落实。\"]", "bad = [\"请区司法局抓好落实。\"]");
    assert_ne!(rule, broken);
    std::fs::write(dir.path().join("word/local-term.toml"), broken).unwrap();
    let failing = fazhi(&["rules", "test", dir.path().to_str().unwrap()]);
    assert_eq!(failing.code, 1, "{}", failing.stdout);
    assert!(
        failing.stdout.contains("bad 示例没有触发规则") && failing.stdout.contains("local-term.toml:17:8"),
        "{}",
        failing.stdout
    );
    assert!(failing.stdout.contains("1条规则，2个示例，1处不符合"), "only the directory's rules are tested");
}

/// The 政府信息公开 report is due on 1月31日 from a department and on 3月31日 from a government
/// (条例 第四十九条); a town's date is set locally, so a late one is only a note. The issuer is
/// read from titles that start with the year too, and a web page's 发布时间 counts.
#[test]
fn the_disclosure_deadline_depends_on_who_reports() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let body = "\n一、总体情况\n本机关依法公开政府信息。\n";
    let files = [
        write(
            "dept-late.txt",
            &format!("某某市司法局2023年政府信息公开工作年度报告{body}某某市司法局\n2024年2月20日\n"),
        ),
        write("dept-ok.txt", &format!("某某市司法局2023年政府信息公开工作年度报告{body}某某市司法局\n2024年1月20日\n")),
        write("gov-feb.txt", &format!("2023年某某市人民政府办公厅政府信息公开工作年度报告{body}2024年2月20日\n")),
        write("gov-late.txt", &format!("2023年某某市人民政府办公厅政府信息公开工作年度报告{body}2024年4月28日\n")),
        write(
            "town-late.txt",
            &format!("某某镇人民政府2023年政府信息公开工作年度报告{body}某某镇人民政府\n2024年4月2日\n"),
        ),
        write(
            "dept-page.html",
            "<html><head><meta charset=\"utf-8\"><meta name=\"PubDate\" content=\"2024-02-05 09:30\"></head><body>\
                 <h1>某某市司法局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本机关依法公开政府信息。</p></body></html>",
        ),
    ];
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (json, _) = check_json(&paths, &[]);
    let deadline = |name: &str| -> Vec<String> {
        let report = json["reports"].as_array().unwrap().iter().find(|r| r["path"].as_str().unwrap().ends_with(name));
        let report = report.unwrap_or_else(|| panic!("{name} is checked"));
        assert_eq!(report["rule_pack"]["name"], "xxgk", "{name}");
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "meta/publication-deadline")
            .map(|f| format!("{} {}", f["severity"].as_str().unwrap(), f["message"].as_str().unwrap()))
            .collect()
    };
    assert_eq!(
        deadline("dept-late.txt"),
        ["warning 成文日期“2024年2月20日”晚于2024年1月31日：县级以上人民政府部门的2023年度报告应在2024年1月31日前公布"]
    );
    assert!(deadline("dept-ok.txt").is_empty());
    assert!(deadline("gov-feb.txt").is_empty(), "a government's report is due on 3月31日");
    assert_eq!(
        deadline("gov-late.txt"),
        ["error 成文日期“2024年4月28日”晚于公开期限：本级人民政府的2023年度报告应在2024年3月31日前公布"]
    );
    assert_eq!(deadline("town-late.txt").len(), 1);
    assert!(deadline("town-late.txt")[0].starts_with("info "));
    assert_eq!(
        deadline("dept-page.html"),
        [
            "warning 网页发布时间为2024年2月5日，晚于2024年1月31日：县级以上人民政府部门的2023年度报告应在2024年1月31日前公布"
        ]
    );
}
