//! Exit codes, gates, and the rule commands.

use super::{check_json, fazhi, finding_rules, fixture};

#[test]
fn exit_codes_follow_the_gate() {
    let model = fixture("clean/model-report.txt");
    let hubin = fixture("seeds/hubin-2023.txt");
    let qianjin = fixture("seeds/qianjin-2023.txt");
    assert_eq!(check_json(&[&model], &["--fail-on", "info"]).1, 0);
    // qianjin lacks a causes analysis: an error.
    assert_eq!(check_json(&[&qianjin], &[]).1, 1);
    assert_eq!(check_json(&[&qianjin], &["--fail-on", "none"]).1, 0);
    assert_eq!(check_json(&[&hubin], &["--fail-on", "none", "--min-score", "50"]).1, 0);
    assert_eq!(check_json(&[&hubin], &["--fail-on", "none", "--min-score", "99.5"]).1, 1);
    let (json, code) = check_json(&[&model, &qianjin], &[]);
    assert_eq!(code, 1);
    assert_eq!(json["reports"][0]["passed"], true);
    assert_eq!(json["reports"][1]["passed"], false);
    assert_eq!(fazhi(&["check", "--fail-on", "sometimes", "x.txt"]).code, 2);
}

#[test]
fn a_correct_report_gets_no_finding() {
    let (json, code) = check_json(&[&fixture("clean/model-report.txt")], &[]);
    assert_eq!(code, 0);
    let report = &json["reports"][0];
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{:#}", report["findings"]);
    assert_eq!(report["score"], 100.0);
    assert_eq!(report["grade"], "优秀");
    for element in report["elements"].as_object().unwrap().values() {
        assert!(element["status"] == "heading" || element["status"] == "present", "{element}");
    }
}

#[test]
fn json_is_the_documented_shape() {
    let (json, _) = check_json(&[&fixture("seeds/huangshui-2023.txt")], &[]);
    assert_eq!(json["version"], 3);
    assert_eq!(json["tool"]["name"], "fazhi");
    let report = &json["reports"][0];
    assert_eq!(report["issuer"], "黄水镇人民政府");
    assert_eq!(report["report_year"], 2023);
    assert_eq!(report["elements"]["next_year_plan"]["year"], 2024);
    assert_eq!(report["elements"]["shortcomings"]["line"], 20);
    let dup = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "format/ordinal-sequence")
        .expect("the duplicated 二是 is reported");
    assert_eq!(dup["text"], "二是");
    assert_eq!(dup["line"], 14);
    assert_eq!(dup["element"], "measures_and_results");
    // Columns count characters: the text before the finding on its line has that many chars.
    let text = std::fs::read_to_string(fixture("seeds/huangshui-2023.txt")).unwrap();
    let line = text.lines().nth(13).unwrap();
    let column = dup["column"].as_u64().unwrap() as usize;
    assert!(line.chars().skip(column - 1).collect::<String>().starts_with("二是优化"));
    assert_eq!(dup["length"], "二是".len());
    let offset = dup["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + 6], "二是");
    assert_eq!(report["stats"]["chars"], text.chars().count());
}

#[test]
fn rule_explains_itself_in_chinese() {
    let outcome = fazhi(&["rule", "structure/causes"]);
    assert_eq!(outcome.code, 0);
    assert!(outcome.stdout.contains("法治政府建设与责任落实督察工作规定"));
    assert!(outcome.stdout.contains("会报告的写法"));
    let unknown = fazhi(&["rule", "structure/cuases"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("structure/causes"), "{}", unknown.stderr);
    let list = fazhi(&["rules"]);
    assert!(list.stdout.contains("structure/first-responsible-person"));
}

#[test]
fn rule_is_found_by_its_chinese_name_or_the_last_part_of_its_id() {
    for query in ["word/typo", "错别字和易混词", "typo"] {
        let outcome = fazhi(&["rule", query]);
        assert_eq!(outcome.code, 0, "{query}: {}", outcome.stderr);
        assert!(outcome.stdout.starts_with("word/typo　错别字和易混词\n"), "{query}: {}", outcome.stdout);
    }
    assert!(fazhi(&["rule", "outdated"]).stdout.starts_with("term/outdated　"));
    // Two rules end in `causes` once a directory adds one: the command lists both.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("word")).unwrap();
    std::fs::write(
        dir.path().join("word/causes.toml"),
        "name = \"本地用语\"\nkind = \"text\"\nseverity = \"error\"\nweight = 1\nmessage = \"不用“{text}”\"\nhelp = \"改写\"\ndescription = \"本单位规定\"\n[params]\n[[params.checks]]\nforbid = '行政行政'\n",
    )
    .unwrap();
    let ambiguous = fazhi(&["rule", "causes", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("structure/causes（") && ambiguous.stderr.contains("word/causes（本地用语）"),
        "{}",
        ambiguous.stderr
    );
}

#[test]
fn quiet_prints_one_line_per_report() {
    let outcome = fazhi(&["check", "--quiet", fixture("seeds").to_str().unwrap()]);
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", outcome.stdout);
    assert!(lines[0].contains("huangshui-2023.txt") && lines[0].contains("分"));
    assert!(lines[5].starts_with("共5份报告"));
}

#[test]
fn extra_rules_directory_adds_and_replaces_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("word")).unwrap();
    std::fs::write(
        dir.path().join("word/local-term.toml"),
        "name = \"本地用语\"\nkind = \"text\"\nseverity = \"error\"\nweight = 1\nmessage = \"不用“{text}”\"\nhelp = \"改写\"\ndescription = \"本单位规定\"\n[params]\n[[params.checks]]\nforbid = '行政行政'\n",
    )
    .unwrap();
    let (json, code) = check_json(&[&fixture("seeds/hubin-2023.txt")], &["--rules", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "the local error rule fails the gate");
    let found = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "word/local-term" && f["line"] == 10);
    assert!(found);
}

#[test]
fn readme_custom_rule_example_works() {
    let readme = std::fs::read_to_string(super::root().join("README.md")).unwrap();
    let rule = std::fs::read_to_string(fixture("custom-rules/word/local-term.toml")).unwrap();
    assert!(readme.contains(&rule), "the README shows the fixture rule verbatim");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    std::fs::write(&report, "关于2023年法治政府建设情况的报告\n请有关部门抓好落实。\n").unwrap();
    let (json, _) = check_json(&[&report], &["--rules", fixture("custom-rules").to_str().unwrap()]);
    let finding =
        json["reports"][0]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "word/local-term").cloned();
    let finding = finding.expect("the custom rule fires");
    assert_eq!(finding["message"], "不用“有关部门”，改为“具体部门名称”");
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["column"], 2);
}

#[test]
fn select_and_ignore_choose_rules() {
    let huiji = fixture("seeds/huiji-2022.txt");
    let rules_of = |extra: &[&str]| finding_rules(&check_json(&[&huiji], extra).0);
    let structure = rules_of(&["--select", "structure"]);
    assert!(!structure.is_empty() && structure.iter().all(|r| r.starts_with("structure/")), "{structure:?}");
    let two = rules_of(&["--select", "punct/*,structure/causes"]);
    assert!(
        two.iter().all(|r| r.starts_with("punct/") || r == "structure/causes")
            && two.iter().any(|r| r == "structure/causes")
    );
    let without = rules_of(&["--ignore", "punct"]);
    assert!(!without.iter().any(|r| r.starts_with("punct/")) && without.iter().any(|r| r == "structure/causes"));
    let unknown = fazhi(&["check", "--select", "nosuch/rule", huiji.to_str().unwrap()]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("nosuch/rule"));
}

/// Rules that look inside an element (a 不足 part without causes, a plan of slogans) find the
/// same as in a full run when the element rules themselves are not selected; those elements
/// then cap no grade.
#[test]
fn selecting_a_category_keeps_the_elements_its_rules_look_inside() {
    let content = |json: &serde_json::Value| -> Vec<(String, u64)> {
        let mut found: Vec<(String, u64)> = json["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("content/"))
            .map(|f| (f["rule"].as_str().unwrap().to_owned(), f["line"].as_u64().unwrap()))
            .collect();
        found.sort();
        found
    };
    let mut scoped = 0;
    for seed in ["huiji-2022", "qianjin-2023", "huangshui-2023"] {
        let path = fixture(&format!("seeds/{seed}.txt"));
        let full = content(&check_json(&[&path], &[]).0);
        let (selected, _) = check_json(&[&path], &["--select", "content"]);
        assert_eq!(content(&selected), full, "{seed}");
        scoped += full.iter().filter(|(rule, _)| rule == "content/shortcomings-thin").count();
    }
    assert!(scoped >= 2, "the element-scoped rule fires on the seeds");
    // A report without its 第一责任人 part: a full run caps its grade, a run of the content
    // rules alone does not.
    let no_frp = fixture("variants/huangshui-2023-no-frp.txt");
    let caps = |extra: &[&str]| check_json(&[&no_frp], extra).0["reports"][0]["grade_caps"].as_array().unwrap().len();
    assert_eq!(caps(&[]), 1);
    assert_eq!(caps(&["--select", "content"]), 0);
}

#[test]
fn readme_sample_output_is_what_fazhi_prints() {
    let readme = std::fs::read_to_string(super::root().join("README.md")).unwrap();
    let outcome = fazhi(&["check", "--color", "never", "fixtures/seeds/hubin-2023.txt"]);
    let start = outcome.stdout.find("── fixtures/seeds/hubin-2023.txt ──").expect("summary is printed");
    let summary = outcome.stdout[start..].trim_end();
    assert!(readme.contains(summary), "README's sample summary is stale; it should read:\n{summary}");
    let diagnostic = outcome
        .stdout
        .lines()
        .skip_while(|l| *l != "structure/first-responsible-person")
        .take(7)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(readme.contains(&diagnostic), "README's sample diagnostic is stale; it should read:\n{diagnostic}");
}

/// A misspelt rule id gets the same suggestion on the command line, in a configuration file
/// and from `fazhi rule`.
#[test]
fn an_unknown_rule_id_gets_one_suggestion_everywhere() {
    let hubin = fixture("seeds/hubin-2023.txt");
    let expected = "是不是“word/typo”？用 fazhi rules 查看全部规则";
    let on_command_line = fazhi(&["check", "--ignore", "word/typos", hubin.to_str().unwrap()]);
    assert_eq!(on_command_line.code, 2);
    assert!(on_command_line.stderr.contains(expected), "{}", on_command_line.stderr);
    let asked = fazhi(&["rule", "word/typos"]);
    assert_eq!(asked.code, 2);
    assert!(asked.stderr.contains(expected), "{}", asked.stderr);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fazhi.toml");
    std::fs::write(&config, "ignore = [\"word/typos\"]\n").unwrap();
    let configured = fazhi(&["check", "--config", config.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert_eq!(configured.code, 2);
    assert!(configured.stderr.contains(expected), "{}", configured.stderr);
}

#[test]
fn the_outline_shows_each_file_and_fails_only_on_one_it_cannot_read() {
    let text = "fixtures/seeds/hubin-2023.txt";
    let pdf = "fixtures/pdf/hubin-2023.pdf";
    let outcome = fazhi(&["check", "--outline", text, pdf, "fixtures/no-such-report.txt"]);
    assert_eq!(outcome.code, 2, "{}", outcome.stdout);
    let blocks: Vec<&str> = outcome.stdout.split("\n文件：").collect();
    assert_eq!(blocks.len(), 2, "one block per readable file: {}", outcome.stdout);
    assert!(blocks[0].starts_with(&format!("文件：{text}\n")), "{}", blocks[0]);
    assert!(blocks[1].starts_with(&format!("{pdf}\n")), "{}", blocks[1]);
    // A PDF is located by page, and the missing file is named after the blocks.
    assert!(blocks[1].contains("✓ 存在的不足 —— 三、推进法治政府建设存在的不足和原因（第4页）"), "{}", blocks[1]);
    assert!(outcome.stdout.ends_with("无法读取 fixtures/no-such-report.txt：文件不存在\n"), "{}", outcome.stdout);
    // Findings do not fail a view: hubin fails the check, not the outline.
    assert_eq!(fazhi(&["check", text]).code, 1);
    assert_eq!(fazhi(&["check", "--outline", text, pdf]).code, 0);
}
