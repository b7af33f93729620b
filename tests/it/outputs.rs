//! The machine outputs as CI reads them: SARIF against the official schema, JUnit and
//! Checkstyle through a real XML parser, GitHub workflow commands against their grammar,
//! character columns on Chinese text, `--output` pairs, colours, completions and byte-identical
//! repeated runs.

use std::path::Path;
use std::process::Command;

use fazhi::document::{TextMarkup, parse};
use fazhi::engine::{Waived, WaiverSource, check_document};
use fazhi::render::{checkstyle, github, json_lines, junit, sarif};
use fazhi::results::ReportEntry;
use fazhi::rules::RuleSet;
use fazhi::source::SourceFile;

use super::{check_json, fazhi, fixture, root};

const HUBIN: &str = "fixtures/seeds/hubin-2023.txt";
const SEEDS: &str = "fixtures/seeds";

fn stdout_of(args: &[&str]) -> String {
    let outcome = fazhi(args);
    assert!(outcome.code <= 1, "{args:?} exited {}: {}", outcome.code, outcome.stderr);
    outcome.stdout
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture("schemas/sarif-schema-2.1.0.json")).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The schema's `language` patterns (of `run` and `toolComponent`) have a stray `]`
    // (`…{2}]?$`) that the draft-07 meta-schema rejects as a regex once formats are checked. Our
    // output has no `language`; the patterns are mended to what they mean so that every format
    // of the output (`uri`, `uri-reference`, …) can still be checked.
    for owner in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][owner]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

fn assert_valid_sarif(log: &serde_json::Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF is not valid against the 2.1.0 schema:\n{}", errors.join("\n"));
}

/// Every finding of a JSON run over the same inputs, as (path, rule, severity, line, column).
fn json_findings(path: &str) -> Vec<(String, String, String, u64, u64)> {
    let (json, _) = check_json(&[Path::new(path)], &[]);
    let mut all = Vec::new();
    for report in json["reports"].as_array().unwrap() {
        for f in report["findings"].as_array().unwrap() {
            all.push((
                report["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            ));
        }
    }
    all
}

#[test]
fn sarif_is_valid_and_complete() {
    let log: serde_json::Value = serde_json::from_str(&stdout_of(&["check", "--format", "sarif", SEEDS])).unwrap();
    assert_valid_sarif(&log);
    // The validator does reject what SARIF forbids.
    let validator = sarif_validator();
    for (pointer, wrong) in [
        ("/runs/0/columnKind", serde_json::json!("bytes")),
        ("/runs/0/results/0/locations/0/physicalLocation/region/startColumn", serde_json::json!(0)),
        ("/runs/0/results/0/level", serde_json::json!("info")),
        ("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri", serde_json::json!("a b\\c")),
    ] {
        let mut broken = log.clone();
        *broken.pointer_mut(pointer).unwrap() = wrong;
        assert!(!validator.is_valid(&broken), "{pointer} should be invalid");
    }
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let (rules, _) = RuleSet::builtin();
    let descriptors = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(descriptors.len(), rules.rules.len());
    let causes = descriptors.iter().find(|r| r["id"] == "structure/causes").unwrap();
    assert_eq!(causes["shortDescription"]["text"], "未分析问题原因");
    assert_eq!(causes["defaultConfiguration"]["level"], "error");
    assert!(causes["helpUri"].as_str().unwrap().ends_with("/rules/README.md#structure/causes"));
    assert!(causes["help"]["text"].as_str().unwrap().contains("督察工作规定"));
    // The catalogue has the anchor helpUri points at.
    let catalogue = std::fs::read_to_string(root().join("rules/README.md")).unwrap();
    assert!(catalogue.contains("<a id=\"structure/causes\"></a>"));

    let results = run["results"].as_array().unwrap();
    let expected = json_findings(SEEDS);
    assert_eq!(results.len(), expected.len());
    for (result, (path, rule, severity, line, column)) in results.iter().zip(&expected) {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], path.as_str());
        assert_eq!(result["ruleId"], rule.as_str());
        let level = if severity == "info" { "note" } else { severity.as_str() };
        assert_eq!(result["level"], level);
        assert_eq!(location["region"]["startLine"], *line);
        assert_eq!(location["region"]["startColumn"], *column);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], rule.as_str());
        assert_eq!(result["partialFingerprints"]["fazhi/v1"].as_str().unwrap().len(), 16);
    }
}

#[test]
fn sarif_columns_count_characters_on_chinese_text() {
    let path = "fixtures/seeds/huangshui-2023.txt";
    let log: serde_json::Value = serde_json::from_str(&stdout_of(&["check", "--format", "sarif", path])).unwrap();
    let dup = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "format/ordinal-sequence")
        .expect("the duplicated 二是 is reported");
    let region = &dup["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["snippet"]["text"], "二是");
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let line = text.lines().nth(region["startLine"].as_u64().unwrap() as usize - 1).unwrap();
    let column = region["startColumn"].as_u64().unwrap() as usize;
    let byte_start = line.char_indices().nth(column - 1).unwrap().0;
    assert!(line[byte_start..].starts_with("二是优化"), "column {column} is not a character column");
    // The column is far smaller than the byte offset on this line: it is not counting bytes.
    assert!(column < byte_start);
    assert_eq!(region["endColumn"].as_u64().unwrap() as usize, column + 2);
}

#[test]
fn read_errors_are_notifications_and_errored_testcases() {
    let missing = "fixtures/seeds/no-such-report.txt";
    let outcome = fazhi(&["check", "--format", "sarif", HUBIN, missing]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("no-such-report.txt"), "errors go to stderr when stdout is SARIF");
    let log: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_valid_sarif(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert!(notification["message"]["text"].as_str().unwrap().contains("文件不存在"));

    let xml = fazhi(&["check", "--format", "junit", HUBIN, missing]).stdout;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));
    let suite = doc.descendants().find(|n| n.attribute("name") == Some(missing)).unwrap();
    assert_eq!(suite.attribute("errors"), Some("1"));
    assert!(suite.descendants().any(|n| n.has_tag_name("error")));

    let lines = json_lines_of(&fazhi(&["check", "--format", "json-lines", HUBIN, missing]).stdout);
    let error = lines.iter().find(|l| l["type"] == "error").unwrap();
    assert_eq!(error["path"], missing);
}

#[test]
fn junit_parses_with_the_right_counts() {
    let xml = stdout_of(&["check", "--format", "junit", SEEDS]);
    let doc = roxmltree::Document::parse(&xml).expect("JUnit output is well-formed XML");
    let root_element = doc.root_element();
    assert_eq!(root_element.tag_name().name(), "testsuites");
    let (rules, _) = RuleSet::builtin();
    let expected = json_findings(SEEDS);
    let suites: Vec<_> = root_element.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 5);
    let (mut total_tests, mut total_failures) = (0, 0);
    for suite in &suites {
        let path = suite.attribute("name").unwrap();
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let failed: Vec<_> = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).collect();
        assert_eq!(suite.attribute("tests").unwrap().parse::<usize>().unwrap(), cases.len());
        assert_eq!(cases.len(), rules.rules.len() + 1, "one testcase per rule and one for the score");
        assert_eq!(suite.attribute("failures").unwrap().parse::<usize>().unwrap(), failed.len());
        // With the default gate, a rule's testcase fails exactly when it found an error.
        let mut failing_rules: Vec<&str> =
            expected.iter().filter(|f| f.0 == path && f.2 == "error").map(|f| f.1.as_str()).collect();
        failing_rules.sort_unstable();
        failing_rules.dedup();
        let failed_names: Vec<&str> = failed.iter().map(|c| c.attribute("name").unwrap()).collect();
        assert_eq!(failed_names, failing_rules, "{path}");
        for case in &failed {
            let rule = case.attribute("name").unwrap();
            assert_eq!(case.attribute("classname"), rule.split('/').next());
            let body = case.children().find(|n| n.has_tag_name("failure")).unwrap().text().unwrap();
            for f in expected.iter().filter(|f| f.0 == path && f.1 == rule && f.2 == "error") {
                assert!(body.contains(&format!("{}:{} [error]", f.3, f.4)), "{body}");
            }
        }
        total_tests += cases.len();
        total_failures += failed.len();
    }
    assert_eq!(root_element.attribute("tests").unwrap().parse::<usize>().unwrap(), total_tests);
    assert_eq!(root_element.attribute("failures").unwrap().parse::<usize>().unwrap(), total_failures);
    assert_eq!(root_element.attribute("errors"), Some("0"));

    // --fail-on warning makes warnings failures too; --min-score fails the score testcase.
    let xml = stdout_of(&["check", "--format", "junit", "--fail-on", "warning", "--min-score", "95", HUBIN]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failed: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.children().any(|c| c.has_tag_name("failure")))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert!(failed.contains(&"meta/title-issuer") && failed.contains(&"score"), "{failed:?}");
}

#[test]
fn checkstyle_parses_and_lists_every_finding() {
    let xml = stdout_of(&["check", "--format", "checkstyle", SEEDS]);
    let doc = roxmltree::Document::parse(&xml).expect("Checkstyle output is well-formed XML");
    assert_eq!(doc.root_element().attribute("version"), Some("4.3"));
    let errors: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("error")).collect();
    let expected = json_findings(SEEDS);
    assert_eq!(errors.len(), expected.len());
    for (error, (path, rule, severity, line, column)) in errors.iter().zip(&expected) {
        assert_eq!(error.parent().unwrap().attribute("name"), Some(path.as_str()));
        assert_eq!(error.attribute("source"), Some(rule.as_str()));
        assert_eq!(error.attribute("severity"), Some(severity.as_str()));
        assert_eq!(error.attribute("line").unwrap(), line.to_string());
        assert_eq!(error.attribute("column").unwrap(), column.to_string());
    }
}

#[test]
fn github_lines_follow_the_workflow_command_syntax() {
    let out = stdout_of(&["check", "--format", "github", SEEDS]);
    // ::LEVEL file=…,line=N,endLine=N[,col=N,endColumn=N],title=…::MESSAGE, with `,` and `:`
    // escaped inside property values and line breaks escaped everywhere.
    let grammar = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:]+,line=(\d+),endLine=(\d+)(,col=(\d+),endColumn=(\d+))?,title=[^,:]+::[^\r\n]+$",
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let expected = json_findings(SEEDS);
    assert_eq!(lines.len(), expected.len());
    for (line, (path, rule, severity, n_line, column)) in lines.iter().zip(&expected) {
        let caps = grammar.captures(line).unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let level = if severity == "info" { "notice" } else { severity.as_str() };
        assert_eq!(&caps[1], level);
        assert!(line.contains(&format!("file={path},")));
        assert!(line.contains(&format!("title={rule} ")));
        assert_eq!(caps[2].parse::<u64>().unwrap(), *n_line);
        if let Some(col) = caps.get(5) {
            assert_eq!(col.as_str().parse::<u64>().unwrap(), *column);
        }
    }
    assert!(out.contains("%0A"), "the help goes on an escaped second line");
}

/// Undoes the percent-encoding of a SARIF URI reference.
fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn github_annotations_name_the_file_sarif_names_with_spaces_and_chinese() {
    // As the Action runs it: from the repository root, on `.`, with a folder and a file name
    // holding spaces, Chinese, a comma and a colon.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("报告 2023")).unwrap();
    std::fs::copy(fixture("seeds/hubin-2023.txt"), dir.path().join("报告 2023/湖滨区,政府：2023.txt")).unwrap();
    let sarif_file = dir.path().join("out.sarif");
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["check", "--format", "sarif", "--output", sarif_file.to_str().unwrap(), "--format", "github", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let github = String::from_utf8(output.stdout).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif_file).unwrap()).unwrap();
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_null())
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string())
        .collect();
    let files: Vec<String> = github
        .lines()
        .map(|line| {
            let file = line.split_once(" file=").unwrap().1.split_once(",line=").unwrap().0;
            file.replace("%2C", ",").replace("%3A", ":").replace("%25", "%")
        })
        .collect();
    assert!(!files.is_empty());
    assert_eq!(files.len(), uris.len(), "{github}");
    for (file, uri) in files.iter().zip(&uris) {
        assert_eq!(file, "报告 2023/湖滨区,政府：2023.txt", "no ./ and the name intact");
        assert_eq!(&percent_decoded(uri), file);
    }
}

fn json_lines_of(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

#[test]
fn json_lines_has_one_object_per_finding_and_report() {
    let lines = json_lines_of(&stdout_of(&["check", "--format", "json-lines", SEEDS]));
    let expected = json_findings(SEEDS);
    let findings: Vec<_> = lines.iter().filter(|l| l["type"] == "finding").collect();
    assert_eq!(findings.len(), expected.len());
    for (line, (path, rule, _, n_line, column)) in findings.iter().zip(&expected) {
        assert_eq!(line["path"], path.as_str());
        assert_eq!(line["rule"], rule.as_str());
        assert_eq!(line["line"], *n_line);
        assert_eq!(line["column"], *column);
        assert!(line.get("suppressed").is_none());
    }
    assert_eq!(lines.iter().filter(|l| l["type"] == "report").count(), 5);
    assert_eq!(lines.last().unwrap()["path"], "fixtures/seeds/shennongjia-2024.txt");
}

#[test]
fn statistics_count_per_rule() {
    let (json, _) = check_json(&[Path::new(SEEDS)], &["--statistics"]);
    let stats = json["statistics"].as_array().unwrap();
    let total: u64 = stats.iter().map(|s| s["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, json_findings(SEEDS).len());
    for pair in stats.windows(2) {
        let (a, b) = (pair[0]["count"].as_u64().unwrap(), pair[1]["count"].as_u64().unwrap());
        assert!(a > b || (a == b && pair[0]["rule"].as_str() < pair[1]["rule"].as_str()), "{pair:?}");
    }
    let signature = stats.iter().find(|s| s["rule"] == "meta/signature").unwrap();
    assert_eq!(signature["reports"], 5);
    assert_eq!(signature["name"], "缺少署名或成文日期");
    let (plain, _) = check_json(&[Path::new(SEEDS)], &[]);
    assert!(plain.get("statistics").is_none(), "the field is only there with --statistics");

    let table = stdout_of(&["check", "--statistics", SEEDS]);
    assert!(table.lines().next().unwrap().contains("次数"));
    assert!(table.contains("meta/signature") && table.contains("缺少署名或成文日期"));
    assert!(table.trim_end().ends_with(&format!("共{total}处问题，涉及{}条规则。", stats.len())));
}

#[test]
fn several_formats_and_files_from_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif_file = dir.path().join("结果.sarif");
    let junit_file = dir.path().join("junit.xml");
    let (s, j) = (sarif_file.to_str().unwrap(), junit_file.to_str().unwrap());
    let outcome = fazhi(&[
        "check", "--format", "sarif", "--output", s, "--format", "junit", "-o", j, "--format", "human", "--color",
        "never", HUBIN,
    ]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("结论：需修改（有3个错误）"), "human goes to stdout");
    let log: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif_file).unwrap()).unwrap();
    assert_valid_sarif(&log);
    roxmltree::Document::parse(&std::fs::read_to_string(&junit_file).unwrap()).unwrap();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file is left");

    // Only --output: the human format, to the file; nothing on stdout.
    let human_file = dir.path().join("human.txt");
    let outcome = fazhi(&["check", "--output", human_file.to_str().unwrap(), HUBIN]);
    assert!(outcome.stdout.is_empty());
    assert!(std::fs::read_to_string(&human_file).unwrap().contains("得分"));

    for bad in [
        &["check", "--output", s, "--format", "json", HUBIN][..],
        &["check", "--format", "json", "--format", "sarif", HUBIN],
        &["check", "--format", "json", "-o", s, "--format", "sarif", "-o", s, HUBIN],
        &["check", "--format", "json", "-o", s, "-o", j, HUBIN],
        &["check", "--format", "yaml", HUBIN],
    ] {
        let outcome = fazhi(bad);
        assert_eq!(outcome.code, 2, "{bad:?}");
        assert!(!outcome.stderr.is_empty());
    }
    let unwritable = dir.path().join("no/such/dir/a.sarif");
    let outcome = fazhi(&["check", "--format", "sarif", "-o", unwritable.to_str().unwrap(), HUBIN]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("无法写入"), "{}", outcome.stderr);
}

#[test]
fn two_runs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let formats = ["human", "json", "json-lines", "sarif", "junit", "github", "checkstyle"];
    let run = |round: &str| -> Vec<Vec<u8>> {
        let mut args: Vec<String> = vec!["check".into(), "--jobs".into(), "2".into(), "--color".into(), "never".into()];
        for format in formats {
            args.extend(["--format".into(), format.into(), "--output".into()]);
            args.push(dir.path().join(format!("{round}.{format}")).display().to_string());
        }
        args.push(SEEDS.into());
        // The real binary, as CI runs it, so that nothing in-process is shared between runs.
        let status = Command::new(env!("CARGO_BIN_EXE_fazhi")).args(&args).current_dir(root()).status().unwrap();
        assert_eq!(status.code(), Some(1));
        formats.iter().map(|f| std::fs::read(dir.path().join(format!("{round}.{f}"))).unwrap()).collect()
    };
    let (first, second) = (run("a"), run("b"));
    for ((format, a), b) in formats.iter().zip(&first).zip(&second) {
        assert!(!a.is_empty(), "{format} is empty");
        assert!(a == b, "{format} differs between two runs");
    }
}

#[test]
fn colours_follow_the_flag_the_terminal_and_no_color() {
    let run = |args: &[&str], no_color: Option<&str>| -> String {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fazhi"));
        command.args(args).current_dir(root()).env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    let escape = "\u{1b}[";
    assert!(run(&["check", "--color", "always", HUBIN], None).contains(escape));
    assert!(run(&["check", "--color", "always", HUBIN], Some("1")).contains(escape), "--color always wins");
    // A pipe is not a terminal: no colour in auto mode, whatever NO_COLOR says.
    assert!(!run(&["check", HUBIN], None).contains(escape));
    assert!(!run(&["check", "--color", "never", HUBIN], None).contains(escape));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.txt");
    run(&["check", "-o", file.to_str().unwrap(), HUBIN], None);
    assert!(!std::fs::read_to_string(&file).unwrap().contains(escape), "files get no colour in auto mode");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let outcome = fazhi(&["completions", shell]);
        assert_eq!(outcome.code, 0, "{shell}");
        assert!(outcome.stdout.contains("fazhi") && outcome.stdout.contains("statistics"), "{shell}");
    }
    assert_eq!(fazhi(&["completions", "tcsh"]).code, 2);
}

/// A checked report with its `word/duplicated` finding waived by an inline comment.
fn entry_with_waiver() -> (ReportEntry, RuleSet) {
    let (rules, _) = RuleSet::builtin();
    let text = std::fs::read_to_string(root().join(HUBIN)).unwrap();
    let document = parse(SourceFile::from_text(HUBIN, text), TextMarkup::Text, super::hints());
    let mut checked = check_document(document, &rules, None);
    let at = checked.findings.iter().position(|f| &*f.rule == "word/duplicated").unwrap();
    let finding = checked.findings.remove(at);
    checked.waived.push(Waived {
        finding,
        reason: Some("引用原文，保留".into()),
        by: WaiverSource::Inline,
        origin: fazhi::suppress::SuppressionOrigin::Inline(fazhi::source::Span::new(0, 0)),
    });
    (
        ReportEntry {
            path: HUBIN.into(),
            checked,
            passed: true,
            gate: fazhi::engine::Gate { fail_on: Some(fazhi::finding::Severity::Error), min_score: None },
        },
        rules,
    )
}

#[test]
fn waived_findings_are_shown_where_auditors_look() {
    let (entry, rules) = entry_with_waiver();
    let reports = std::slice::from_ref(&entry);
    let log: serde_json::Value = serde_json::from_str(&sarif::render(reports, &[], &rules)).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let waived = results.iter().find(|r| r["ruleId"] == "word/duplicated").unwrap();
    assert_eq!(waived["suppressions"][0]["kind"], "inSource");
    assert_eq!(waived["suppressions"][0]["justification"], "引用原文，保留");
    assert_eq!(results.iter().filter(|r| r.get("suppressions").is_some()).count(), 1);
    // Results stay in text order with the waived one among them.
    let lines: Vec<u64> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");

    let lines = json_lines_of(&json_lines::render(reports, &[]));
    let waived = lines.iter().find(|l| l["rule"] == "word/duplicated").unwrap();
    assert_eq!(waived["suppressed"]["reason"], "引用原文，保留");
    assert_eq!(waived["suppressed"]["by"], "inline");
    assert_eq!(lines.iter().find(|l| l["type"] == "report").unwrap()["suppressed"], 1);

    for text in
        [junit::render(reports, &[], &rules), github::render(reports, &[], &rules), checkstyle::render(reports, &[])]
    {
        assert!(!text.contains("行政行政"), "waived findings are left out:\n{text}");
    }
}

/// The SARIF and JUnit formats list every rule of the set; the snapshots keep only the rules
/// that found something, so that adding a rule to the pack changes no snapshot unless the rule
/// fires on the fixture (the complete lists are checked by count in the tests above).
fn without_silent_rules(format: &str, out: &str) -> String {
    match format {
        "sarif" => {
            let mut log: serde_json::Value = serde_json::from_str(out).unwrap();
            let run = &mut log["runs"][0];
            let fired: Vec<serde_json::Value> =
                run["results"].as_array().unwrap().iter().map(|r| r["ruleId"].clone()).collect();
            for result in run["results"].as_array_mut().unwrap() {
                result.as_object_mut().unwrap().remove("ruleIndex");
            }
            run["tool"]["driver"]["rules"].as_array_mut().unwrap().retain(|r| fired.contains(&r["id"]));
            serde_json::to_string_pretty(&log).unwrap() + "\n"
        }
        "junit" => {
            let silent = regex::Regex::new(r#"^\s*<testcase classname="[^"]*" name="[^"]*"/>$"#).unwrap();
            let counts = regex::Regex::new(r#" tests="\d+""#).unwrap();
            let kept: Vec<&str> = out.lines().filter(|l| !silent.is_match(l)).collect();
            counts.replace_all(&(kept.join("\n") + "\n"), r#" tests="N""#).into_owned()
        }
        _ => out.to_string(),
    }
}

#[test]
fn snapshots_of_each_format() {
    // The tool version changes with every release; everything else is fixed.
    let version = env!("CARGO_PKG_VERSION");
    for format in ["sarif", "junit", "github", "checkstyle", "json-lines"] {
        let out = stdout_of(&["check", "--format", format, HUBIN]);
        let out = out
            .replace(&format!("\"version\": \"{version}\""), "\"version\": \"VERSION\"")
            .replace(&format!("\"semanticVersion\": \"{version}\""), "\"semanticVersion\": \"VERSION\"");
        insta::assert_snapshot!(format!("format_{format}_hubin"), without_silent_rules(format, &out));
    }
    insta::assert_snapshot!("statistics_seeds", stdout_of(&["check", "--statistics", SEEDS]));
}

#[test]
fn xml_formats_survive_any_text() {
    let (mut entry, rules) = entry_with_waiver();
    let finding = &mut entry.checked.findings[0];
    let nasty = "控制\u{1}\u{b}\u{c}字符]]><![CDATA[&\"'\r\n第二行";
    finding.message = nasty.to_string();
    entry.path = "报告 <a&b>.txt".into();
    entry.gate = fazhi::engine::Gate { fail_on: Some(fazhi::finding::Severity::Info), min_score: None };
    let reports = std::slice::from_ref(&entry);
    for xml in [junit::render(reports, &[], &rules), checkstyle::render(reports, &[])] {
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
        assert!(doc.descendants().any(|n| n.attribute("name") == Some("报告 <a&b>.txt")));
        let kept = "控制字符]]><![CDATA[&\"'\r\n第二行";
        let found = doc.descendants().any(|n| {
            n.attribute("message").is_some_and(|m| m.contains(kept)) || n.text().is_some_and(|t| t.contains(kept))
        });
        assert!(found, "the message comes back whole, less what XML cannot hold:\n{xml}");
    }
    let line = github::render(reports, &[], &rules);
    assert!(line.lines().next().unwrap().contains("%0D%0A第二行"));
}

/// huangshui-2023 lists its problems with a few explaining words (碍于……原因) and no analysis of
/// their causes: the causes are partly there, and every output says so in the same way.
#[test]
fn a_partial_element_is_partial_in_every_output() {
    let path = "fixtures/seeds/huangshui-2023.txt";
    let (json, _) = check_json(&[Path::new(path)], &[]);
    let report = &json["reports"][0];
    assert_eq!(json["version"], 3);
    assert_eq!(report["elements"]["causes"]["status"], "weak", "{:#}", report["elements"]["causes"]);
    assert_eq!(report["elements"]["causes"]["text"], "碍于");
    assert_eq!(report["elements"]["causes"]["line"], 22);
    let finding = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "structure/causes").unwrap();
    assert_eq!(finding["severity"], "warning");
    assert!(finding["message"].as_str().unwrap().contains("零散的解释"), "{finding}");

    let human = stdout_of(&["check", path]);
    assert!(human.contains("  △ 不足的原因分析     只有零散说明，未作分析：“碍于”（第22行）"), "{human}");

    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&["check", "--format", "sarif", path])).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let causes = results.iter().find(|r| r["ruleId"] == "structure/causes").unwrap();
    assert_eq!(causes["level"], "warning", "{causes}");

    let sheet = stdout_of(&["report", "--format", "md", path]);
    assert!(sheet.contains("| △ | 不足的原因分析 | 只有零散说明，未作分析 | “碍于”（第22行） |"), "{sheet}");

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("审核.csv");
    stdout_of(&["report", "--format", "csv", path, "-o", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let row: Vec<String> = reader.records().next().unwrap().unwrap().iter().map(String::from).collect();
    let column = |name: &str| &row[headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{headers:?}"))];
    assert!(column("不完整的要素").contains("不足的原因分析"), "{row:?}");
    assert!(!column("缺失要素").contains("不足的原因分析"), "{row:?}");
}
