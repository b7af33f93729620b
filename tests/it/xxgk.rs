//! The built-in 政府信息公开工作年度报告 pack end to end: a report picks it by its title when no
//! pack is chosen, `--pack` and `pack =` override, a batch mixes both report types, and the real
//! texts of `fixtures/xxgk` (see its README) give the parts and defects written here by reading
//! them.

use std::path::Path;

use super::{check_json, fazhi, fixture};

fn report_named<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["reports"].as_array().unwrap().iter().find(|r| r["path"].as_str().unwrap().ends_with(name)).unwrap()
}

/// The pack a report of a JSON run was checked with: its own field, else the run's.
fn pack_of<'a>(json: &'a serde_json::Value, report: &'a serde_json::Value) -> &'a str {
    report.get("rule_pack").unwrap_or(&json["rule_pack"])["name"].as_str().unwrap()
}

fn rules_fired(report: &serde_json::Value) -> Vec<String> {
    let mut rules: Vec<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
    rules.dedup();
    rules
}

#[test]
fn a_batch_of_both_report_types_gives_each_report_its_pack_by_its_title() {
    let xxgk = fixture("xxgk/001.txt");
    let fazhi_report = fixture("seeds/hubin-2023.txt");
    let (json, _) = check_json(&[&xxgk, &fazhi_report], &["--no-config"]);
    let info = report_named(&json, "001.txt");
    assert_eq!(pack_of(&json, info), "xxgk");
    assert_eq!(info["title"], "2019年上海市人民政府办公厅政府信息公开工作年度报告");
    let labels: Vec<&str> =
        info["score_breakdown"].as_array().unwrap().iter().map(|g| g["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["六部分完整", "内容与依据", "格式与文字"]);
    let law = report_named(&json, "hubin-2023.txt");
    assert_eq!(pack_of(&json, law), "default");
    assert!(rules_fired(law).iter().any(|r| r == "word/duplicated"), "the 法治 pack's own rules");

    // The human output names the pack of a report of another type, beside its title.
    let human = fazhi(&["check", "--no-config", xxgk.to_str().unwrap(), fazhi_report.to_str().unwrap()]);
    let block = &human.stdout[human.stdout.find("── ").unwrap()..];
    assert!(
        human.stdout.contains("规则包：xxgk 0.1.0\n标题：2019年上海市人民政府办公厅政府信息公开工作年度报告"),
        "{block}"
    );
    assert_eq!(human.stdout.matches("规则包：").count(), 1, "the 法治 report's header is as before");

    // SARIF: the run's rules are the default pack's; a result of the other report names its pack
    // and points at no rule of the run (meta/title is an id of both packs).
    let with_defects = fixture("xxgk/033.txt");
    let sarif = fazhi(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        with_defects.to_str().unwrap(),
        fazhi_report.to_str().unwrap(),
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let of = |name: &'static str| -> Vec<&serde_json::Value> {
        results
            .iter()
            .filter(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with(name)
            })
            .collect()
    };
    let info = of("033.txt");
    assert!(!info.is_empty());
    for result in &info {
        assert_eq!(result["properties"]["rulePack"], "xxgk");
        assert!(result.get("ruleIndex").is_none(), "{result}");
    }
    for result in of("hubin-2023.txt") {
        assert!(result.get("properties").is_none() && result.get("ruleIndex").is_some(), "{result}");
    }
}

#[test]
fn pack_on_the_command_line_or_in_the_configuration_overrides_the_title() {
    let xxgk = fixture("xxgk/001.txt");
    let (json, _) = check_json(&[&xxgk], &["--no-config", "--pack", "default"]);
    assert_eq!(pack_of(&json, &json["reports"][0]), "default");
    assert!(json["reports"][0]["title"].is_null(), "the 法治 pack's hints: no 法治 title here");

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&xxgk, dir.path().join("报告.txt")).unwrap();
    std::fs::write(dir.path().join("fazhi.toml"), "pack = \"default\"\n").unwrap();
    let (json, _) = check_json(&[&dir.path().join("报告.txt")], &[]);
    assert_eq!(pack_of(&json, &json["reports"][0]), "default");
    // A configuration without `pack` leaves the choice to the title, and may name the pack's rules.
    std::fs::write(dir.path().join("fazhi.toml"), "ignore = [\"meta/title\", \"punct\"]\n").unwrap();
    let (json, code) = check_json(&[&dir.path().join("报告.txt")], &[]);
    assert_eq!(code, 0);
    assert_eq!(pack_of(&json, &json["reports"][0]), "xxgk");
    assert!(rules_fired(&json["reports"][0]).is_empty(), "meta/title and the shared punctuation rules are ignored");
}

#[test]
fn a_sentence_naming_such_a_report_does_not_make_a_report_of_that_type() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("法治.txt");
    let text = std::fs::read_to_string(fixture("seeds/hubin-2023.txt")).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    std::fs::write(&report, format!("{first}\n按时发布2023年政府信息公开工作年度报告。\n{rest}")).unwrap();
    let (json, _) = check_json(&[&report], &["--no-config"]);
    assert_eq!(pack_of(&json, &json["reports"][0]), "default");
}

/// One real text: what its parts are and which of the pack's rules must fire on it, read from the
/// text (the defects are in fixtures/xxgk/README.md and the corpus notes).
struct Label {
    file: &'static str,
    /// The element keys present (the others are absent: cut off in the copy, or missing).
    present: &'static [&'static str],
    /// Rules that must fire.
    fires: &'static [&'static str],
    /// Rules that must not fire.
    silent: &'static [&'static str],
}

const PARTS: [&str; 6] =
    ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"];

const LABELS: &[Label] = &[
    // Complete 2019 report: all six parts in order; a 2019 report in the 2019 format is correct.
    Label {
        file: "001.txt",
        present: &PARTS,
        fires: &[],
        silent: &["structure/part-order", "structure/parts-count", "content/format-2019-labels", "meta/notice-2019"],
    },
    // Openings that reach into table 三: parts 一–三 present, the rest cut off; no title in the copy.
    Label {
        file: "002.txt",
        present: &["overview", "active_disclosure", "applications"],
        fires: &["meta/title"],
        silent: &["structure/part-order"],
    },
    Label {
        file: "005.txt",
        present: &["overview", "active_disclosure", "applications"],
        fires: &[],
        silent: &["structure/part-order", "structure/parts-count", "content/statistics-period"],
    },
    Label { file: "009.txt", present: &["overview", "active_disclosure", "applications"], fires: &[], silent: &[] },
    Label {
        file: "020.txt",
        present: &["overview", "active_disclosure", "applications"],
        fires: &[],
        silent: &["content/statistics-period", "content/format-2019-labels"],
    },
    Label { file: "026.txt", present: &["overview", "active_disclosure", "applications"], fires: &[], silent: &[] },
    Label { file: "037.txt", present: &["overview", "active_disclosure", "applications"], fires: &[], silent: &[] },
    // Its preamble says the report has 五部分 (其他需要报告的事项 left out).
    Label { file: "033.txt", present: &["overview"], fires: &["structure/parts-count"], silent: &[] },
    // PDF pages: part 四 and part 五 only.
    Label {
        file: "034.txt",
        present: &["review_litigation", "problems"],
        fires: &[],
        silent: &["content/problems-empty"],
    },
    Label {
        file: "035.txt",
        present: &["review_litigation", "problems"],
        fires: &[],
        silent: &["content/problems-empty"],
    },
    // The heading (二)依申请公开情况 has nothing under it; 一 and 二 are there.
    Label { file: "039.txt", present: &["overview", "active_disclosure"], fires: &[], silent: &[] },
];

#[test]
fn the_real_texts_give_the_parts_and_defects_read_from_them() {
    for label in LABELS {
        let path = fixture(&format!("xxgk/{}", label.file));
        let (json, _) = check_json(&[Path::new(&path)], &["--no-config", "--pack", "xxgk"]);
        let report = &json["reports"][0];
        let elements = report["elements"].as_object().unwrap();
        for part in PARTS {
            let status = elements[part]["status"].as_str().unwrap();
            let present = label.present.contains(&part);
            assert_eq!(status != "absent", present, "{}: {part} is {status}", label.file);
        }
        let fired = rules_fired(report);
        for rule in label.fires {
            assert!(fired.iter().any(|r| r == rule), "{}: {rule} should fire, fired {fired:?}", label.file);
        }
        for rule in label.silent {
            assert!(!fired.iter().any(|r| r == rule), "{}: {rule} should not fire, fired {fired:?}", label.file);
        }
    }
}

#[test]
fn a_report_with_its_title_is_checked_with_the_pack_without_being_told() {
    for (file, title) in [
        ("001.txt", "2019年上海市人民政府办公厅政府信息公开工作年度报告"),
        ("033.txt", "杭州市医疗保障局2020年政府信息公开工作年度报告"),
    ] {
        let (json, _) = check_json(&[&fixture(&format!("xxgk/{file}"))], &["--no-config"]);
        let report = &json["reports"][0];
        assert_eq!(pack_of(&json, report), "xxgk", "{file}");
        assert_eq!(report["title"], title);
        let (told, _) = check_json(&[&fixture(&format!("xxgk/{file}"))], &["--no-config", "--pack", "xxgk"]);
        assert_eq!(told["reports"][0]["findings"], report["findings"], "{file}: as with --pack xxgk");
        assert_eq!(told["reports"][0]["score"], report["score"], "{file}");
    }
}

#[test]
fn table_rows_are_not_headings_so_the_default_pack_sees_no_false_ordinal_errors() {
    // 001.txt's table 三 rows (一、本年新收…, 1.属于国家秘密 …, TAB-separated, some with every cell
    // empty) were taken for headings: 5 false format/ordinal-sequence errors under the default pack.
    let (json, _) = check_json(&[&fixture("xxgk/001.txt")], &["--no-config", "--pack", "default"]);
    let format: Vec<&serde_json::Value> = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("format/"))
        .collect();
    assert!(format.is_empty(), "{format:?}");
    // 024.txt prints its parts without ordinals above tables of one cell per line (`6 |`); the
    // table lines no longer make the text look hard-wrapped, so the unnumbered headings count.
    let (json, _) = check_json(&[&fixture("xxgk/024.txt")], &["--no-config"]);
    assert_eq!(json["reports"][0]["elements"]["overview"]["heading"], "总体情况");
    assert_eq!(json["reports"][0]["elements"]["applications"]["heading"], "收到和处理政府信息公开申请情况");
}

#[test]
fn a_preamble_announcing_six_parts_but_listing_five_and_a_title_without_its_name_are_found() {
    // 004 says 由……等六部分组成 and lists five; 043's title is …政府信息公开工作报告 (no 年度)
    // followed by the site's own 信息公开年度报告.
    for (file, rule, words) in [
        ("xxgk/004.txt", "structure/parts-count", "列出的却不到六项"),
        ("xxgk/043.txt", "meta/title", "政府信息公开工作年度报告"),
    ] {
        let (json, _) = check_json(&[&fixture(file)], &["--no-config", "--pack", "xxgk"]);
        let hits: Vec<&serde_json::Value> = json["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(words))
            .collect();
        assert_eq!(hits.len(), 1, "{file}: {rule}");
    }
}
