//! The CI gate over a report repository: configuration discovery, per-file settings, report
//! levels, suppressions with reasons, and configuration errors.

use std::path::Path;

use super::{check_json, fazhi, fixture};

fn report<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no report {name} in {json:#}"))
}

fn findings<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn the_fixture_repository_checks_as_documented() {
    let (json, code) = check_json(&[&fixture("gate-repo")], &[]);
    // The department report lacks a required part: the run fails the gate, nothing else errs.
    assert_eq!(code, 1);
    let paths: Vec<&str> = json["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    // The draft (an empty file) and README.md are excluded by the configuration.
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains("草稿") && !p.ends_with("README.md")));
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted by path: {paths:?}");
    assert!(json["errors"].as_array().unwrap().is_empty());

    let county = report(&json, "甲区-2023.txt");
    assert_eq!(county["passed"], true);
    assert_eq!(county["stats"]["suppressed"], 3);
    let waived: Vec<(&str, &serde_json::Value)> = county["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["suppressed"].is_null())
        .map(|f| (f["rule"].as_str().unwrap(), &f["suppressed"]))
        .collect();
    assert_eq!(waived.len(), 3);
    assert_eq!(waived[0].0, "word/typo");
    assert_eq!(waived[0].1["reason"], "引用上级文件原标题，照录");
    assert_eq!(waived[0].1["by"], "inline");
    assert_eq!(waived[1].0, "punct/halfwidth");
    assert!(waived[1].1["reason"].is_null());
    assert_eq!(waived[2].0, "word/typo");
    assert_eq!(waived[2].1["by"], "config");
    // The suppression without a reason is itself a finding, at the comment.
    let missing = findings(county, "suppress/missing-reason");
    assert_eq!(missing.len(), 1);
    assert!(missing[0]["text"].as_str().unwrap().starts_with("<!-- fazhi-disable-next-line punct/halfwidth"));
    assert_eq!(county["stats"]["warnings"], 1);

    // Town reports: recipient not checked, punctuation only a warning.
    let town = report(&json, "乙镇-2023.txt");
    assert_eq!(town["passed"], true);
    assert!(findings(town, "meta/recipient").is_empty());
    let halfwidth = findings(town, "punct/halfwidth");
    assert_eq!(halfwidth.len(), 1);
    assert_eq!(halfwidth[0]["severity"], "warning");

    // The nested configuration makes the department report speak of 主要负责人.
    let department = report(&json, "丙局-2023.txt");
    assert_eq!(department["passed"], false);
    let missing = findings(department, "structure/first-responsible-person");
    assert_eq!(missing.len(), 1);
    let help = missing[0]["help"].as_str().unwrap();
    assert!(help.contains("本部门主要负责人") && !help.contains("党政主要负责人"), "{help}");
}

#[test]
fn without_the_configuration_the_same_repository_reads_differently() {
    let (json, code) = check_json(&[&fixture("gate-repo")], &["--no-config"]);
    // The empty draft is now read and is an input error.
    assert_eq!(code, 2);
    assert!(json["errors"].as_array().unwrap().iter().any(|e| e["path"].as_str().unwrap().contains("草稿")));
    let town = report(&json, "乙镇-2023.txt");
    assert_eq!(findings(town, "punct/halfwidth")[0]["severity"], "error");
    assert!(!findings(town, "meta/recipient").is_empty());
    let department = report(&json, "丙局-2023.txt");
    let help = findings(department, "structure/first-responsible-person")[0]["help"].as_str().unwrap().to_string();
    assert!(help.contains("党政主要负责人"), "{help}");
    // Inline suppressions still apply; the configuration's do not.
    let county = report(&json, "甲区-2023.txt");
    assert_eq!(county["stats"]["suppressed"], 2);
}

#[test]
fn command_line_flags_override_the_configuration() {
    let town = fixture("gate-repo/乡镇/乙镇-2023.txt");
    let (json, code) = check_json(&[&town], &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    assert_eq!(json["reports"][0]["passed"], false);
    let (json, _) = check_json(&[&town], &["--select", "structure"]);
    assert!(json["reports"][0]["findings"].as_array().unwrap().is_empty());
}

#[test]
fn an_unused_configuration_suppression_is_reported() {
    let outcome = fazhi(&["check", "--quiet", &fixture("gate-repo/县").display().to_string()]);
    assert!(outcome.stderr.contains("第 2 条 [[suppress]]"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("number/year-abbreviated"));
    assert!(!outcome.stderr.contains("第 1 条"));
}

fn temp_repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fazhi.toml"), config).unwrap();
    std::fs::copy(fixture("clean/model-report.txt"), dir.path().join("report.txt")).unwrap();
    dir
}

fn check_dir(dir: &Path) -> fazhi::cli::Outcome {
    fazhi(&["check", "--quiet", &dir.display().to_string()])
}

#[test]
fn configuration_errors_point_into_the_file_and_stop_the_run() {
    let dir = temp_repo("level = \"county\"\nselct = [\"word\"]\n");
    let outcome = check_dir(dir.path());
    assert_eq!(outcome.code, 2);
    assert!(outcome.stdout.is_empty(), "nothing is checked: {}", outcome.stdout);
    assert!(outcome.stderr.contains("配置文件有误"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("fazhi.toml:2:1"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("select"), "did you mean: {}", outcome.stderr);

    let dir = temp_repo("ignore = [\"word/typos\"]\n[[per-file]]\npath = \"乡镇/[\"\n");
    let outcome = check_dir(dir.path());
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("word/typos") && outcome.stderr.contains("word/typo”"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("乡镇/["), "{}", outcome.stderr);

    let dir = temp_repo("[[suppress]]\nrule = \"word/typo\"\n");
    let outcome = check_dir(dir.path());
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("reason"), "{}", outcome.stderr);
}

#[test]
fn an_explicit_configuration_applies_to_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("strict.toml");
    std::fs::write(&config, "min-score = 99.9\n").unwrap();
    let hubin = fixture("seeds/hubin-2023.txt");
    let (json, code) = check_json(&[&hubin], &["--fail-on", "none", "--config", &config.display().to_string()]);
    assert_eq!(code, 1);
    assert_eq!(json["reports"][0]["passed"], false);
    let outcome = fazhi(&["check", "--config", "no/such/fazhi.toml", &hubin.display().to_string()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("不存在"));
}

#[test]
fn init_writes_a_starter_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().display().to_string();
    let first = fazhi(&["init", &target]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let written = std::fs::read_to_string(dir.path().join("fazhi.toml")).unwrap();
    assert!(written.contains("[[suppress]]") && written.contains("level"));
    let second = fazhi(&["init", &target]);
    assert_eq!(second.code, 2);
    assert!(second.stderr.contains("--force"));
    // The starter, as written, is a valid configuration.
    std::fs::copy(fixture("clean/model-report.txt"), dir.path().join("report.txt")).unwrap();
    let outcome = check_dir(dir.path());
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
}

#[test]
fn a_baseline_hides_old_findings_wherever_they_move_and_shows_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("hubin.txt");
    let original = std::fs::read_to_string(fixture("seeds/hubin-2023.txt")).unwrap();
    std::fs::write(&report, &original).unwrap();
    let baseline = dir.path().join("fazhi-baseline.json");
    let (before, code) = check_json(&[&report], &[]);
    assert_eq!(code, 1);
    let old = before["reports"][0]["findings"].as_array().unwrap().len();
    assert!(old > 3);

    let recorded = fazhi(&["baseline", &report.display().to_string(), "-o", &baseline.display().to_string()]);
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    assert!(recorded.stdout.contains(&format!("{old} 条问题")), "{}", recorded.stdout);
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert!(file["findings"].as_array().unwrap().iter().all(|e| e["path"] == "hubin.txt"), "{file:#}");

    let with = ["--baseline", baseline.to_str().unwrap()];
    let (json, code) = check_json(&[&report], &with);
    assert_eq!(code, 0, "{json:#}");
    assert!(json["reports"][0]["findings"].as_array().unwrap().is_empty());
    assert_eq!(json["reports"][0]["stats"]["baseline"], old);
    assert_eq!(json["reports"][0]["score"], 100.0);

    // A new paragraph near the top moves every old finding down a line; only its own typo is new.
    let mut lines: Vec<&str> = original.lines().collect();
    lines.insert(3, "截止目前，全区新增行政复议案件3件。");
    std::fs::write(&report, lines.join("\n")).unwrap();
    let (json, code) = check_json(&[&report], &with);
    assert_eq!(code, 1);
    let findings = json["reports"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "word/typo");
    assert_eq!(findings[0]["line"], 4);
    assert_eq!(json["reports"][0]["stats"]["baseline"], old);

    // A baseline that is not one is an error, not an empty baseline.
    std::fs::write(&baseline, "{\"findings\": 3}").unwrap();
    let outcome = fazhi(&["check", "--baseline", baseline.to_str().unwrap(), report.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("基线文件") && outcome.stderr.contains("重新生成"), "{}", outcome.stderr);
}

#[test]
fn the_fixture_repository_passes_with_its_baseline() {
    let baseline = fixture("gate-repo/fazhi-baseline.json");
    let (json, code) = check_json(&[&fixture("gate-repo")], &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{json:#}");
    let department = report(&json, "丙局-2023.txt");
    assert_eq!(department["stats"]["baseline"], 1);
    assert!(findings(department, "structure/first-responsible-person").is_empty());
}

#[test]
fn streamed_output_is_the_output_of_a_whole_run() {
    // Human and json-lines alone are written chunk by chunk; with JSON beside them the run holds
    // every report. Both must print the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("all.json");
    let seeds = fixture("seeds").display().to_string();
    let streamed = fazhi(&["check", "--fail-on", "none", &seeds]);
    let whole = fazhi(&[
        "check",
        "--fail-on",
        "none",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
        "--format",
        "human",
        &seeds,
    ]);
    assert_eq!(streamed.code, whole.code);
    assert!(streamed.stdout.contains("共 5 份报告"));
    assert_eq!(streamed.stdout, whole.stdout);
    let lines = fazhi(&["check", "--fail-on", "none", "--format", "json-lines", &seeds]);
    let whole = fazhi(&[
        "check",
        "--fail-on",
        "none",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
        "--format",
        "json-lines",
        &seeds,
    ]);
    assert_eq!(lines.stdout, whole.stdout);
    assert!(lines.stdout.lines().count() > 40);
}
