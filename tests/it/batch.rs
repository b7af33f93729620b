//! Near-copies across a batch (`compare/similar`, `fixtures/batch-similar`): the planted pairs
//! are found with their shares and passages in both reports, the controls and the same issuer's
//! two years stay silent, boilerplate learnt from the batch does not count, and the JSON
//! `comparisons` section, SARIF and the audit summary carry the pairs.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{check_json, fazhi, fixture};

fn batch() -> (Value, i32) {
    check_json(&[&fixture("batch-similar")], &[])
}

fn name(path: &Value) -> String {
    Path::new(path.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()
}

/// The planted pairs as `fixtures/batch-similar/PLANTED` lists them.
fn planted() -> BTreeSet<(String, String)> {
    fs::read_to_string(fixture("batch-similar/PLANTED"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut names: Vec<String> = l.split_whitespace().map(str::to_owned).collect();
            names.sort();
            (names[0].clone(), names[1].clone())
        })
        .collect()
}

fn similar_findings(json: &Value, file: &str) -> Vec<Value> {
    let report = json["reports"].as_array().unwrap().iter().find(|r| name(&r["path"]) == file).unwrap();
    report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "compare/similar").cloned().collect()
}

#[test]
fn exactly_the_planted_pairs_are_found() {
    let (json, _) = batch();
    assert_eq!(json["version"], 3);
    let comparisons = json["comparisons"].as_array().unwrap();
    let found: BTreeSet<(String, String)> = comparisons
        .iter()
        .map(|c| {
            let mut names = [name(&c["files"][0]), name(&c["files"][1])];
            names.sort();
            (names[0].clone(), names[1].clone())
        })
        .collect();
    assert_eq!(found, planted());
    assert_eq!(comparisons.len(), 2);
}

#[test]
fn a_pair_names_issuers_years_shares_and_passages_in_both_reports() {
    let (json, _) = batch();
    let pair = json["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| name(&c["files"][0]) == "hubin-2023.txt")
        .expect("hubin and its copy");
    assert_eq!(name(&pair["files"][1]), "xikou-2024.txt");
    assert_eq!(pair["issuers"], serde_json::json!(["湖滨区人民政府", "溪口区人民政府"]));
    // The copy was re-dated: the years differ, the issuers too, so it is no previous-year pair.
    assert_eq!(pair["report_years"], serde_json::json!([2023, 2024]));
    // Re-dated, renumbered, re-punctuated and three words changed: still above nine tenths.
    for share in pair["shares"].as_array().unwrap() {
        assert!(share.as_f64().unwrap() > 0.9, "{pair}");
    }
    let passages = pair["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 3);
    let longest = &passages[0];
    assert_eq!((longest["a"]["line"].as_u64(), longest["b"]["line"].as_u64()), (Some(3), Some(3)));
    assert!(longest["a"]["text"].as_str().unwrap().starts_with("2023年，湖滨区坚持"), "{longest}");
    // The copy cut the opening sentence at semicolons: its pieces are placed one by one, and
    // the first of them, mostly boilerplate (坚持以习近平新时代…为指导), is not compared.
    assert!(longest["b"]["text"].as_str().unwrap().starts_with("全面落实《法治政府建设实施纲要（2022"), "{longest}");
    assert_eq!((longest["a"]["end_line"].as_u64(), longest["b"]["end_line"].as_u64()), (Some(12), Some(12)));
    // Offsets and lengths are bytes of the extracted text: they give back the quoted text.
    for (side, file) in [("a", "hubin-2023.txt"), ("b", "xikou-2024.txt")] {
        let text = fs::read_to_string(fixture(&format!("batch-similar/{file}"))).unwrap();
        let place = &longest[side];
        let (offset, length) = (place["offset"].as_u64().unwrap() as usize, place["length"].as_u64().unwrap() as usize);
        assert_eq!(&text[offset..offset + length], place["text"].as_str().unwrap());
    }
    let chars: Vec<u64> = passages.iter().map(|p| p["chars"].as_u64().unwrap()).collect();
    assert!(chars.windows(2).all(|w| w[0] >= w[1]), "longest first: {chars:?}");
}

#[test]
fn each_report_of_a_pair_has_one_finding_naming_the_other() {
    let (json, code) = batch();
    // Warnings do not fail the default gate; the run's other findings decide the code.
    assert!(code == 0 || code == 1);
    for (file, other, share) in [
        ("hubin-2023.txt", "xikou-2024.txt", "本报告91%的文字"),
        ("xikou-2024.txt", "hubin-2023.txt", "本报告97%的文字"),
        ("qianjin-2023.txt", "dongfeng-2023.html", "本报告70%的文字"),
        ("dongfeng-2023.html", "qianjin-2023.txt", "本报告97%的文字"),
    ] {
        let found = similar_findings(&json, file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        let message = found[0]["message"].as_str().unwrap();
        assert!(message.contains(other) && message.contains(share), "{file}: {message}");
        assert!(message.contains("最长的相同段落：“"), "{message}");
        assert_eq!(found[0]["severity"], "warning");
    }
    // The web page's places are its paragraphs.
    let dongfeng = similar_findings(&json, "dongfeng-2023.html");
    assert!(dongfeng[0]["message"].as_str().unwrap().contains("（本报告第4段，对方第5行）"), "{dongfeng:?}");
}

#[test]
fn controls_and_the_same_issuers_next_year_stay_silent() {
    let (json, _) = batch();
    for file in ["xiling-2024.txt", "nanhu-2024.txt", "huangshui-2023.txt", "huiji-2022.txt", "shennongjia-2024.txt"] {
        assert!(similar_findings(&json, file).is_empty(), "{file}");
    }
    // hubin-2024 repeats much of hubin-2023, but it is the same issuer: the previous-year rules
    // speak of it, not this one.
    assert!(similar_findings(&json, "hubin-2024.txt").is_empty());
    let hubin_2024 = json["reports"].as_array().unwrap().iter().find(|r| name(&r["path"]) == "hubin-2024.txt").unwrap();
    assert!(hubin_2024["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "compare/achievement-repeated"));
}

/// A report of a made-up issuer: its own sentences after `shared`.
fn small_report(issuer: &str, shared: &str, own: &str) -> String {
    format!("{issuer}关于2024年法治政府建设情况的报告\n一、主要举措和成效\n{shared}\n{own}\n特此报告。\n")
}

const SHARED: &str = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，统筹推进行政执法规范化建设，持续提升行政执法的质量和效能，让人民群众在每一个执法行为中都能感受到公平正义。";

const OWN: [&str; 6] = [
    "县政府常务会议全年安排会前学法十一次，领导干部旁听庭审一次，学法情况纳入年度考核。",
    "街道综合行政执法队对占道经营先劝导后处罚，全年没有发生复议被撤销的案件。",
    "推行证明事项告知承诺制，取消各类证明材料十八项，企业开办压缩到一个工作日。",
    "县乡两级公共法律服务中心接待群众咨询两千余人次，调处邻里纠纷四百余件。",
    "出台规范性文件四件，均经过合法性审查并报人大常委会备案，乡镇审查目录全部公布。",
    "依托新时代文明实践站开设周末法律课堂，律师讲解婚姻家庭和物业管理的常见问题。",
];

#[test]
fn a_passage_many_issuers_write_is_boilerplate_of_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let issuers = ["甲县人民政府", "乙县人民政府", "丙县人民政府", "丁县人民政府", "戊县人民政府", "己县人民政府"];
    for (idx, (issuer, own)) in issuers.iter().zip(OWN).enumerate() {
        fs::write(dir.path().join(format!("{idx}.txt")), small_report(issuer, SHARED, own)).unwrap();
    }
    // Six issuers write the passage: it is learnt as boilerplate and no pair is reported.
    let (json, _) = check_json(&[dir.path()], &[]);
    assert_eq!(json["comparisons"], serde_json::json!([]));
    // Two issuers writing it are a near-copy: it is most of their text.
    let two = tempfile::tempdir().unwrap();
    for idx in 0..2 {
        fs::copy(dir.path().join(format!("{idx}.txt")), two.path().join(format!("{idx}.txt"))).unwrap();
    }
    let (json, _) = check_json(&[two.path()], &[]);
    assert_eq!(json["comparisons"].as_array().unwrap().len(), 1, "{}", json["comparisons"]);
}

#[test]
fn one_report_or_a_run_without_the_rule_compares_nothing() {
    let (json, _) = check_json(&[&fixture("batch-similar/hubin-2023.txt")], &[]);
    assert_eq!(json["comparisons"], serde_json::json!([]));
    let (json, _) = check_json(&[&fixture("batch-similar")], &["--ignore", "compare/similar"]);
    assert_eq!(json["comparisons"], serde_json::json!([]));
    assert!(
        json["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| { r["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "compare/similar") })
    );
}

#[test]
fn sarif_carries_the_findings() {
    let outcome = fazhi(&["check", "--format", "sarif", &fixture("batch-similar").display().to_string()]);
    let log: Value = serde_json::from_str(&outcome.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.iter().filter(|r| r["ruleId"] == "compare/similar").count(), 4);
}

#[test]
fn the_audit_summary_lists_similar_pairs_and_each_sheet_its_previous_year() {
    let outcome =
        fazhi(&["report", "--format", "md", "--no-progress", &fixture("batch-similar").display().to_string()]);
    let md = &outcome.stdout;
    let table = md.split("## 内容雷同的报告").nth(1).expect("the summary's table of similar pairs");
    let table = table.split("<a id=").next().unwrap();
    assert!(table.contains("| 两份报告 | 相同内容占比 | 最长相同段落 |"), "{table}");
    assert!(table.contains("hubin-2023.txt（湖滨区人民政府）<br>"), "{table}");
    assert!(table.contains("xikou-2024.txt（溪口区人民政府） | 91% / 97% |"), "{table}");
    assert_eq!(table.lines().filter(|l| l.starts_with("| ") && l.contains('%')).count(), 2, "{table}");
    // hubin-2024 was paired with hubin-2023; a control has no previous report in the run.
    let sheet = |file: &str| md.split("## 审核单 ").find(|s| s.contains(&format!("：{file}\n"))).unwrap().to_owned();
    let hubin = sheet("hubin-2024.txt");
    assert!(hubin.contains("### 与上一年度报告对比\n\n与上一年度报告（"), "{hubin}");
    assert!(hubin.contains("hubin-2023.txt）对比，发现6处"), "{hubin}");
    assert!(hubin.contains("- 成效照搬上一年度报告"), "{hubin}");
    let control = sheet("xiling-2024.txt");
    assert!(control.contains("### 与上一年度报告对比\n\n未提供上一年度报告\n"), "{control}");
}
