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
    std::fs::write(dir.path().join("fazhi.toml"), "ignore = [\"meta/title\", \"punct\", \"table\"]\n").unwrap();
    let (json, code) = check_json(&[&dir.path().join("报告.txt")], &[]);
    assert_eq!(code, 0);
    assert_eq!(pack_of(&json, &json["reports"][0]), "xxgk");
    assert!(
        rules_fired(&json["reports"][0]).is_empty(),
        "meta/title, the shared punctuation rules and the table rules (001's two prose contradictions) are ignored"
    );
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
    // PDF pages: part 四 and part 五 only; table 四's header comes one character per column, its
    // figures as a line of numbers: the table is there, not missing.
    Label {
        file: "034.txt",
        present: &["review_litigation", "problems"],
        fires: &[],
        silent: &["content/problems-empty", "table/missing"],
    },
    Label {
        file: "035.txt",
        present: &["review_litigation", "problems"],
        fires: &[],
        silent: &["content/problems-empty", "table/missing"],
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

// ---------------------------------------------------------------------------------------------
// The table rules (rules/xxgk/table) on reports whose tables are read as tables.

/// The built-in 政府信息公开 pack's rules.
fn xxgk_rules() -> &'static fazhi::rules::RuleSet {
    static RULES: std::sync::LazyLock<fazhi::rules::RuleSet> = std::sync::LazyLock::new(|| {
        let (rules, errors) = fazhi::rules::RuleSet::load(&fazhi::pack::Pack::Builtin("xxgk"), &[]);
        assert!(errors.is_empty(), "{errors:?}");
        rules
    });
    &RULES
}

/// The tables a reader marks in `text` as a Word or HTML reader hands them over: every run of
/// lines holding a TAB is one table, each line a row, each TAB-separated field a cell (empty ones
/// too, at their place).
fn tab_tables(text: &str) -> Vec<fazhi::source::TableShape> {
    use fazhi::source::{CellShape, RowShape, Span, TableShape};
    let mut tables: Vec<TableShape> = Vec::new();
    let mut open = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        if body.contains('\t') {
            let mut cells = Vec::new();
            let mut at = start;
            for field in body.split('\t') {
                let lead = field.len() - field.trim_start().len();
                let trimmed = field.trim();
                cells.push(CellShape {
                    span: Span::new(at + lead, at + lead + trimmed.len()),
                    col_span: 1,
                    row_span: 1,
                    header: false,
                });
                at += field.len() + 1;
            }
            let row = RowShape { span: Span::new(start, end), cells, skip: 0 };
            if open {
                let table = tables.last_mut().expect("an open table");
                table.span = Span::new(table.span.start, end);
                table.rows.push(row);
            } else {
                tables.push(TableShape { span: Span::new(start, end), rows: vec![row] });
                open = true;
            }
        } else {
            open = false;
        }
        start += line.len();
    }
    tables
}

/// Checks `text` with the 政府信息公开 pack, its TAB rows read as tables.
fn check_tabbed(text: &str) -> fazhi::engine::Checked {
    let rules = xxgk_rules();
    let mut source = fazhi::source::SourceFile::from_text("报告.txt", text);
    source.origin.tables = tab_tables(text);
    let document = fazhi::document::parse(source, fazhi::document::TextMarkup::Text, &rules.pack.document);
    fazhi::engine::check_document(document, rules, None)
}

/// The findings of the table rules: (rule, message, flagged text).
fn table_findings(checked: &fazhi::engine::Checked) -> Vec<(String, String, String)> {
    checked
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("table/"))
        .map(|f| (f.rule.to_string(), f.message.clone(), checked.document.text(f.span).to_string()))
        .collect()
}

#[test]
fn the_table_rules_examples_hold_when_their_tab_rows_are_tables() {
    let rules = xxgk_rules();
    let table_rules: Vec<&fazhi::rules::Rule> = rules.rules.iter().filter(|r| r.category == "table").collect();
    assert_eq!(table_rules.len(), 6);
    for rule in table_rules {
        for (fires, example) in rule.bad.iter().map(|e| (true, e)).chain(rule.good.iter().map(|e| (false, e))) {
            let checked = check_tabbed(&example.text);
            let own: Vec<&str> =
                checked.findings.iter().filter(|f| f.rule == rule.id).map(|f| f.message.as_str()).collect();
            assert_eq!(!own.is_empty(), fires, "{}: {own:?}\n{}", rule.id, example.text);
            for message in own {
                assert!(!message.contains('{'), "{}: {message}", rule.id);
            }
        }
    }
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn the_complete_2019_report_holds_its_sums_and_contradicts_its_table_twice() {
    // A1–A4 hold in 001's tables where they are filled (总计 859 + 18 = 805 + 72, 自然人
    // 821 + 18 = 767 + 72, 复议 5 + 2 = 7, 诉讼 8 + 1 = 9); its 总体情况 says 予以公开及部分公开258件
    // and 无法提供265件 where the table has 272 + 3 and 252 + 12 + 1 + 44 + 3 + 25, and 均获维持
    // where the table has 2 复议 and 1 诉讼 尚未审结.
    let checked = check_tabbed(&fixture_text("xxgk/001.txt"));
    let found = table_findings(&checked);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|(rule, ..)| rule == "table/prose-figures"), "{found:#?}");
    assert_eq!(
        found[0].1,
        "总体情况中的数字与统计表不一致：“予以公开及部分公开258件”，表中予以公开和部分公开为275件；“无法提供265件”，表中无法提供为337件"
    );
    assert!(
        found[0].2.starts_with("予以公开及部分公开258件") && found[0].2.ends_with("无法提供265件"),
        "{}",
        found[0].2
    );
    assert_eq!(
        found[1].1,
        "总体情况中的数字与统计表不一致：“复议7件，诉讼9件，均获维持”，表中行政复议尚未审结2件、未经复议直接起诉的行政诉讼尚未审结1件"
    );

    // The relations are checked, not skipped: one figure changed breaks A1 in its column and A3
    // in its row, each reported on the total cell with both values.
    let changed = fixture_text("xxgk/001.txt").replace("\t1\t859\n", "\t1\t869\n");
    let checked = check_tabbed(&changed);
    let sums: Vec<(String, String, String)> =
        table_findings(&checked).into_iter().filter(|(rule, ..)| rule == "table/applications-sums").collect();
    assert_eq!(sums.len(), 2, "{sums:#?}");
    assert_eq!(
        sums[0].1,
        "收到和处理政府信息公开申请情况表“一、本年新收政府信息公开申请数量”的“总计”应为859，表中为869（总计应等于自然人与法人或其他组织各栏之和）"
    );
    assert_eq!(sums[0].2, "869");
    assert_eq!(
        sums[1].1,
        "收到和处理政府信息公开申请情况表“（七）总计”的“总计”应为815，表中为805（本列第一项加第二项之和应等于第三项加第四项之和）"
    );
    assert_eq!(sums[1].2, "805");
}

/// A 2022 report with tables 三 and 四 (TAB rows), the figures given per row: seven figures
/// (自然人, five 法人或其他组织 columns, 总计), `_` for a blank cell.
fn synthetic_report(issuer: &str, rows: &[(&str, &str)], review: &str) -> String {
    let mut text = format!(
        "2022年{issuer}政府信息公开工作年度报告\n一、总体情况\n本年度依法办理政府信息公开申请。\n三、收到和处理政府信息公开申请情况\n\
         （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n\
         自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
    );
    let cells =
        |figures: &str| figures.split(' ').map(|f| if f == "_" { "" } else { f }).collect::<Vec<_>>().join("\t");
    for (label, figures) in rows {
        text.push_str(&format!("{label}\t{}\n", cells(figures)));
    }
    text.push_str(
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n",
    );
    text.push_str(&cells(review));
    text.push_str("\n五、存在的主要问题及改进情况\n公开的及时性有待提高。\n六、其他需要报告的事项\n无。\n");
    text
}

const NEW: &str = "一、本年新收政府信息公开申请数量";
const CARRIED: &str = "二、上年结转政府信息公开申请数量";
const OPEN: &str = "三、本年度办理结果\t（一）予以公开";
const UNHELD: &str = "（四）无法提供\t1.本机关不掌握相关政府信息";
const HANDLED: &str = "（七）总计";
const NEXT: &str = "四、结转下年度继续办理";
const REVIEW: &str = "2 0 0 1 3 1 0 0 0 1 0 0 0 0 0";

#[test]
fn a_broken_column_sum_and_a_broken_row_total_are_one_finding_each_on_the_total_cell() {
    // Column 自然人: 一 20 + 二 2 = 22, but （七） 15 + 四 4 = 19.
    let text = synthetic_report(
        "某某区",
        &[
            (NEW, "20 1 0 0 0 0 21"),
            (CARRIED, "2 0 0 0 0 0 2"),
            (OPEN, "10 1 0 0 0 0 11"),
            (UNHELD, "5 0 0 0 0 0 5"),
            (HANDLED, "15 1 0 0 0 0 16"),
            (NEXT, "4 0 0 0 0 0 4"),
        ],
        REVIEW,
    );
    let found = table_findings(&check_tabbed(&text));
    let messages: Vec<&str> = found.iter().map(|(_, m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "收到和处理政府信息公开申请情况表“（七）总计”的“自然人”应为18，表中为15（本列第一项加第二项之和应等于第三项加第四项之和）",
            "收到和处理政府信息公开申请情况表“（七）总计”的“总计”应为19，表中为16（本列第一项加第二项之和应等于第三项加第四项之和）",
        ],
        "{found:#?}"
    );
    assert_eq!(found[0].2, "15");

    // Row 一: 自然人 20 + 商业企业 1 = 21, written 22 (the columns hold).
    let text = synthetic_report(
        "某某区",
        &[
            (NEW, "20 1 0 0 0 0 22"),
            (CARRIED, "2 0 0 0 0 0 2"),
            (OPEN, "13 1 0 0 0 0 14"),
            (UNHELD, "5 0 0 0 0 0 5"),
            (HANDLED, "18 1 0 0 0 0 20"),
            (NEXT, "4 0 0 0 0 0 4"),
        ],
        REVIEW,
    );
    let found = table_findings(&check_tabbed(&text));
    let messages: Vec<&str> = found.iter().map(|(_, m, _)| m.as_str()).collect();
    assert!(
        messages.contains(
            &"收到和处理政府信息公开申请情况表“一、本年新收政府信息公开申请数量”的“总计”应为21，表中为22（总计应等于自然人与法人或其他组织各栏之和）"
        ),
        "{found:#?}"
    );
    // The broken review group: 复议 2 + 1 ≠ 4.
    let text = synthetic_report("某某区", &[(NEW, "1 0 0 0 0 0 1")], "2 0 0 1 4 1 0 0 0 1 0 0 0 0 0");
    let found = table_findings(&check_tabbed(&text));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].1,
        "政府信息公开行政复议、行政诉讼情况表中“行政复议总计”应为3，表中为4（行政复议总计应等于结果维持、结果纠正、其他结果、尚未审结之和）"
    );
}

#[test]
fn a_blank_total_is_unknown_not_zero() {
    // Every 总计 of the sub-rows and of 二 left blank, as the 上海 report does.
    let text = synthetic_report(
        "某某区",
        &[
            (NEW, "20 1 _ _ _ _ 21"),
            (CARRIED, "2 _ _ _ _ _ _"),
            (OPEN, "13 1 _ _ _ _ _"),
            (UNHELD, "5 _ _ _ _ _ _"),
            (HANDLED, "18 1 _ _ _ _ _"),
            (NEXT, "4 _ _ _ _ _ _"),
        ],
        "2 _ _ 1 _ 1 _ _ _ _ _ _ _ _ _",
    );
    let found = table_findings(&check_tabbed(&text));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_table_published_as_an_image_is_one_finding_not_a_cascade() {
    let text = "2022年某某区政府信息公开工作年度报告\n一、总体情况\n全年收到政府信息公开申请12件，予以公开5件。\n\
                二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n\
                三、收到和处理政府信息公开申请情况\n（图片：收到和处理政府信息公开申请情况表）\n\
                四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
                0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n公开的及时性有待提高。\n";
    let found = table_findings(&check_tabbed(text));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "table/missing");
    assert_eq!(found[0].1, "“三、收到和处理政府信息公开申请情况”部分没有收到和处理政府信息公开申请情况表");
}

#[test]
fn a_2019_format_table_in_a_2022_report_is_named_and_its_figures_still_read() {
    let text = "2022年某某区政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n\
                信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t3\t3\t20\n\
                第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t716\t−417\t298\n\
                其他对外管理服务事项\t2\t未增未减\t0\n";
    let checked = check_tabbed(text);
    let labels: Vec<&str> = checked
        .findings
        .iter()
        .filter(|f| f.rule.as_ref() == "content/format-2019-labels")
        .map(|f| checked.document.text(f.span))
        .collect();
    assert!(labels.contains(&"本年新制作数量") && labels.iter().any(|l| l.starts_with("规范性文件")), "{labels:?}");
    // 716 + (−417) ≠ 298 is no error: those columns are not additive. The words are their own finding.
    let found = table_findings(&checked);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "table/text-in-number-cell");
    assert_eq!(found[0].1, "主动公开政府信息情况表“其他对外管理服务事项”一行的数字栏填了文字“未增未减”");
}

#[test]
fn a_town_reporting_rules_is_told_it_cannot_make_them() {
    let table = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
                 规章\t0\t0\t2\n行政规范性文件\t1\t0\t4\n";
    let town = format!("2022年某某县某某镇人民政府政府信息公开工作年度报告\n{table}");
    let found = table_findings(&check_tabbed(&town));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "table/rules-below-city");
    assert!(found[0].1.contains("“规章”一行填了“2”：县级及以下没有制定规章的权限"), "{}", found[0].1);
    assert_eq!(found[0].2, "2");
    // A city government makes 规章.
    let city = format!("2022年某某市人民政府政府信息公开工作年度报告\n{table}");
    assert!(table_findings(&check_tabbed(&city)).is_empty());
}
