//! The loader checks the set, not only each file: what a rule file says must be something the
//! pack and the other rules can honour, or the file is reported at the place and left out.

use std::fs;
use std::path::Path;

use super::{check_json, fazhi, fixture};

const HEADER: &str = "severity = \"error\"\nhelp = \"改写\"\ndescription = \"说明\"\n";

fn rule_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn check_with(dir: &Path) -> (serde_json::Value, i32, String) {
    let hubin = fixture("seeds/hubin-2023.txt");
    let (json, code) = check_json(&[&hubin], &["--rules", dir.to_str().unwrap()]);
    let stderr = fazhi(&["check", "--quiet", "--rules", dir.to_str().unwrap(), hubin.to_str().unwrap()]).stderr;
    (json, code, stderr)
}

#[test]
fn a_rule_in_a_category_no_score_group_lists_is_refused() {
    let rule = format!(
        "name = \"重规则\"\nkind = \"text\"\nweight = 30\nmessage = \"不用“{{text}}”\"\n{HEADER}[params]\n[[params.checks]]\nforbid = '行政行政'\n"
    );
    let dir = rule_dir(&[("local/heavy.toml", &rule)]);
    let (json, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("heavy.toml:3:10") && stderr.contains("不在规则包 default 的任何评分分组中"), "{stderr}");
    let fired = json["reports"][0]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "local/heavy");
    assert!(!fired, "the rule is left out instead of firing at no cost");
}

#[test]
fn unknown_elements_and_scopes_kinds_do_not_read_are_located() {
    let typo = format!(
        "name = \"作用范围拼错\"\nkind = \"text\"\nweight = 1\nscope = \"element:shortcoming\"\nmessage = \"x\"\n{HEADER}[params]\n[[params.checks]]\nforbid = '行政行政'\n"
    );
    let ignored = format!(
        "name = \"不读范围\"\nkind = \"order\"\nweight = 0\nscope = \"title\"\nmessage = \"“{{second}}”在“{{first}}”之前\"\n{HEADER}[params]\nbefore = [[\"measures_and_results\", \"shortcomings\"]]\n"
    );
    let order = format!(
        "name = \"顺序\"\nkind = \"order\"\nweight = 0\nmessage = \"“{{second}}”在“{{first}}”之前\"\n{HEADER}[params]\nbefore = [[\"measures_and_results\", \"shortcomingz\"]]\n"
    );
    let dir = rule_dir(&[
        ("word/typo-scope.toml", &typo),
        ("word/ignored.toml", &ignored),
        ("structure/order2.toml", &order),
    ]);
    let (_, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("typo-scope.toml:4:9") && stderr.contains("没有要素“shortcoming”"), "{stderr}");
    assert!(stderr.contains("是不是“shortcomings”"), "{stderr}");
    assert!(stderr.contains("ignored.toml:4:9") && stderr.contains("order 规则不读取 scope"), "{stderr}");
    assert!(stderr.contains("order2.toml:9:36") && stderr.contains("没有要素“shortcomingz”"), "{stderr}");
}

#[test]
fn two_element_rules_cannot_share_a_key_or_an_order() {
    let twin = std::fs::read_to_string(super::root().join("rules/default/structure/causes.toml")).unwrap();
    let same_order = twin.replace("element = \"causes\"", "element = \"causes_again\"");
    let dir = rule_dir(&[("structure/causes-twin.toml", &twin), ("structure/causes-order.toml", &same_order)]);
    let (_, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("causes-twin.toml") && stderr.contains("要素“causes”已由另一条规则定义"), "{stderr}");
    assert!(stderr.contains("causes-order.toml") && stderr.contains("order 3 已由要素“causes”使用"), "{stderr}");
}

#[test]
fn placeholders_are_those_the_kind_fills_and_only_where_they_are_filled() {
    let misspelt = "name = \"拼错\"\nkind = \"repeated\"\nweight = 1\nmessage = \"“{text}”重复\"\nseverity = \"warning\"\nhelp = \"改为“{sugestion}”\"\ndescription = \"说明\"\n[params]\n";
    let in_name =
        format!("name = \"{{text}}重复\"\nkind = \"repeated\"\nweight = 1\nmessage = \"重复\"\n{HEADER}[params]\n");
    let dir = rule_dir(&[("word/misspelt.toml", misspelt), ("word/in-name.toml", &in_name)]);
    let (_, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("misspelt.toml:6:12") && stderr.contains("是不是想写“{suggestion}”"), "{stderr}");
    assert!(stderr.contains("in-name.toml:1:9") && stderr.contains("name 原样显示"), "{stderr}");
}

#[test]
fn the_id_key_is_gone_the_path_gives_the_id() {
    let rule = format!("id = \"word/other\"\nname = \"x\"\nkind = \"repeated\"\nmessage = \"x\"\n{HEADER}[params]\n");
    let dir = rule_dir(&[("word/named.toml", &rule)]);
    let (_, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("named.toml:1:1") && stderr.contains("规则 id 由文件所在的类别目录和文件名决定"),
        "{stderr}"
    );
}

/// A kind declares what it fills in each template; a placeholder one of its findings would
/// leave as written is refused where it is written, although the kind fills it elsewhere.
#[test]
fn a_placeholder_some_finding_of_the_rule_leaves_unfilled_is_refused() {
    let numbering = fs::read_to_string(super::root().join("rules/default/format/heading-numbering.toml")).unwrap();
    let help_line = numbering.lines().find(|l| l.starts_with("help = ")).unwrap();
    // A skipped level has no standard form to suggest.
    let numbering = numbering.replace(help_line, "help = \"改为“{suggestion}”。\"");
    let element = fs::read_to_string(super::root().join("rules/default/structure/causes.toml"))
        .unwrap()
        .replace("element = \"causes\"", "element = \"causes_text\"")
        .replace("order = 3", "order = 30")
        // Only the weak finding has words to quote; an absent one has none.
        .replace("message = \"“存在的不足”部分只列了问题，没有分析原因\"", "message = \"没有分析原因：“{text}”\"");
    let require = format!(
        "name = \"标题要有法治\"\nkind = \"text\"\nweight = 1\nmessage = \"标题缺少“{{text}}”\"\n{HEADER}[params]\n[[params.checks]]\nscope = \"title\"\nrequire = '法治'\n"
    );
    let dir = rule_dir(&[
        ("format/numbering-help.toml", &numbering),
        ("structure/causes-text.toml", &element),
        ("meta/title-require.toml", &require),
    ]);
    let (json, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    let help_at = numbering.lines().position(|l| l.starts_with("help = ")).unwrap() + 1;
    assert!(stderr.contains(&format!("numbering-help.toml:{help_at}:12")), "{stderr}");
    assert!(
        stderr.contains("help 中的占位符“{suggestion}”不会被替换") && stderr.contains("这里可用：{text}"),
        "{stderr}"
    );
    assert!(stderr.contains("causes-text.toml:5:20") && stderr.contains("message 中的占位符“{text}”"), "{stderr}");
    assert!(stderr.contains("title-require.toml:4:17") && stderr.contains("这里的文字没有可替换的占位符"), "{stderr}");
    let left = json.to_string();
    assert!(!left.contains("{suggestion}") && !left.contains("{text}"), "{left}");
}

/// A rule's help is filled like its message: the consistency rule's “改为“{suggestion}”” said
/// so literally in JSON; shown without a finding (SARIF, `fazhi rule`) it is put in words.
#[test]
fn help_placeholders_are_filled_per_finding_and_worded_without_one() {
    let (json, _) = check_json(&[&fixture("seeds/shennongjia-2024.txt")], &[]);
    let percent = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "number/percent-sign-mixed")
        .expect("the seed mixes ％ and %")
        .clone();
    assert_eq!(percent["help"], "全文统一用一种百分号，改为“%”。");
    let page = fazhi(&["rule", "number/percent-sign-mixed"]).stdout;
    assert!(page.contains("怎么改：全文统一用一种百分号，改为“建议的写法”。"), "{page}");
    let sarif = fazhi(&["check", "--format", "sarif", fixture("seeds/shennongjia-2024.txt").to_str().unwrap()]).stdout;
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(!help.contains("{suggestion}") && !help.contains("{text}"), "{}: {help}", rule["id"]);
    }
}

/// `市人民政府:` is one mistake: the half-width rule's recipient check owns the colon and
/// `meta/recipient`, which reads the same line, stays silent there, so it costs once.
#[test]
fn one_character_is_one_finding_when_a_rule_supersedes_another() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("recipient.txt");
    let text =
        "某某县人民政府关于2023年法治政府建设情况的报告\n市人民政府:\n一、主要举措和成效\n全年办理复议案件12件。\n";
    fs::write(&report, text).unwrap();
    let on_line = |extra: &[&str]| -> Vec<serde_json::Value> {
        let (json, _) = check_json(&[&report], extra);
        json["reports"][0]["findings"].as_array().unwrap().iter().filter(|f| f["line"] == 2).cloned().collect()
    };
    let found = on_line(&[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "punct/halfwidth");
    assert_eq!((found[0]["column"].as_u64(), found[0]["suggestion"].as_str()), (Some(6), Some("：")));
    // Without the owner, the other rule reports the colon: the check is not lost.
    let found = on_line(&["--ignore", "punct/halfwidth"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "meta/recipient");
    // It cost once: the score is what the owner alone costs.
    let (both, _) = check_json(&[&report], &[]);
    let (owner_only, _) = check_json(&[&report], &["--ignore", "meta/recipient"]);
    assert_eq!(both["reports"][0]["score"], owner_only["reports"][0]["score"]);
}

#[test]
fn a_rule_can_supersede_only_another_rule_of_the_set() {
    let unknown = format!(
        "name = \"x\"\nkind = \"text\"\nweight = 1\nsupersedes = [\"punct/halfwdth\"]\nmessage = \"不用“{{text}}”\"\n{HEADER}[params]\n[[params.checks]]\nforbid = '行政行政'\n"
    );
    let itself = format!(
        "name = \"x\"\nkind = \"text\"\nweight = 1\nsupersedes = [\"word/itself\"]\nmessage = \"不用“{{text}}”\"\n{HEADER}[params]\n[[params.checks]]\nforbid = '行政行政'\n"
    );
    let dir = rule_dir(&[("word/unknown.toml", &unknown), ("word/itself.toml", &itself)]);
    let (_, code, stderr) = check_with(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown.toml:4:15") && stderr.contains("没有规则“punct/halfwdth”"), "{stderr}");
    assert!(stderr.contains("是不是“punct/halfwidth”"), "{stderr}");
    assert!(stderr.contains("itself.toml:4:15") && stderr.contains("不能取代它自己"), "{stderr}");
}
