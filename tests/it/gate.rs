//! The CI gate over a report repository: configuration discovery, per-file settings, report
//! levels, suppressions with reasons, and configuration errors.

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The fazhi binary run in `dir`, as CI, the pre-commit hook and the Action run it (the
/// in-process runner cannot change the working directory: tests run in parallel).
fn fazhi_in(dir: &Path, args: &[&str]) -> fazhi::cli::Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi")).args(args).current_dir(dir).output().unwrap();
    fazhi::cli::Outcome {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        code: output.status.code().unwrap(),
    }
}

/// `fazhi check --format json` in `dir`, parsed.
fn check_json_in(dir: &Path, args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let outcome = fazhi_in(dir, &all);
    let value = serde_json::from_str(&outcome.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", outcome.stdout, outcome.stderr));
    (value, outcome.code)
}

/// One way of running a command on a repository: in `dir`, naming the repository `target` and a
/// file in it with `prefix` before its repository path.
struct Place {
    dir: PathBuf,
    target: String,
    prefix: String,
}

impl Place {
    fn file(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

/// The ways of running a command on a repository that must give the same result: from its
/// parent folder, from inside it with `.` and `./`, and by its absolute path from another folder.
fn places(repo: &Path) -> Vec<Place> {
    let parent = repo.parent().unwrap().to_path_buf();
    let name = repo.file_name().unwrap().to_str().unwrap().to_string();
    let absolute = repo.display().to_string();
    vec![
        Place { dir: parent, target: name.clone(), prefix: format!("{name}/") },
        Place { dir: repo.to_path_buf(), target: ".".into(), prefix: String::new() },
        Place { dir: repo.to_path_buf(), target: "./".into(), prefix: "./".into() },
        Place { dir: std::env::temp_dir(), target: absolute.clone(), prefix: format!("{absolute}/") },
    ]
}

/// A report's path relative to the repository, however the run was given it.
fn in_repo(path: &str) -> &str {
    let path = path.rsplit_once("gate-repo/").map_or(path, |(_, rest)| rest);
    path.trim_start_matches("./")
}

/// What must be the same wherever a run is made: each report's repository path, verdict, score
/// and findings (rule, line, column, severity, whether waived), and the unreadable files.
fn result_of(json: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for report in json["reports"].as_array().unwrap() {
        out.push(format!(
            "{} passed={} score={} baseline={}",
            in_repo(report["path"].as_str().unwrap()),
            report["passed"],
            report["score"],
            report["stats"]["baseline"]
        ));
        for finding in report["findings"].as_array().unwrap() {
            out.push(format!(
                "  {} {}:{} {} {}",
                finding["rule"], finding["line"], finding["column"], finding["severity"], finding["suppressed"]
            ));
        }
    }
    for error in json["errors"].as_array().unwrap() {
        out.push(format!("error {} {}", in_repo(error["path"].as_str().unwrap()), error["message"]));
    }
    out
}

/// What the repository's README documents for `fazhi check` on it.
fn assert_checked_as_documented(json: &serde_json::Value, code: i32) {
    // The department report lacks a required part: the run fails the gate, nothing else errs.
    assert_eq!(code, 1, "{json:#}");
    let paths: Vec<&str> = json["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    // The draft (an empty file) and README.md are excluded by the configuration.
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains("草稿") && !p.ends_with("README.md")));
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted by path: {paths:?}");
    assert!(json["errors"].as_array().unwrap().is_empty(), "{json:#}");

    let county = report(json, "甲区-2023.txt");
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
    let town = report(json, "乙镇-2023.txt");
    assert_eq!(town["passed"], true);
    assert!(findings(town, "meta/recipient").is_empty());
    let halfwidth = findings(town, "punct/halfwidth");
    assert_eq!(halfwidth.len(), 1);
    assert_eq!(halfwidth[0]["severity"], "warning");

    // The nested configuration makes the department report speak of 主要负责人.
    let department = report(json, "丙局-2023.txt");
    assert_eq!(department["passed"], false);
    let missing = findings(department, "structure/first-responsible-person");
    assert_eq!(missing.len(), 1);
    let help = missing[0]["help"].as_str().unwrap();
    assert!(help.contains("本部门主要负责人") && !help.contains("党政主要负责人"), "{help}");
}

#[test]
fn the_fixture_repository_checks_as_documented() {
    let (json, code) = check_json(&[&fixture("gate-repo")], &[]);
    assert_checked_as_documented(&json, code);
}

#[test]
fn the_fixture_repository_checks_the_same_from_any_folder() {
    let repo = fixture("gate-repo");
    let (reference, _) = check_json(&[&repo], &[]);
    let out = tempfile::tempdir().unwrap();
    let json_file = out.path().join("run.json");
    for Place { dir, target, .. } in places(&repo) {
        // The human output and its exit code, as a CI log shows them, and the JSON of the same run.
        let outcome = fazhi_in(
            &dir,
            &["check", "--quiet", "--format", "human", "--format", "json", "-o", json_file.to_str().unwrap(), &target],
        );
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
        assert_checked_as_documented(&json, outcome.code);
        assert_eq!(result_of(&json), result_of(&reference), "fazhi check {target} in {}", dir.display());
        assert!(outcome.stdout.contains("共3份报告：可以报送2，需修改1"), "{}", outcome.stdout);
        assert!(!outcome.stdout.contains("草稿") && !outcome.stderr.contains("草稿"), "{}", outcome.stderr);
        // Only the suppression that is in fact unused is reported.
        assert!(outcome.stderr.contains("第2条 [[suppress]]"), "{}", outcome.stderr);
        assert!(!outcome.stderr.contains("第1条"), "{}", outcome.stderr);
    }
}

#[test]
fn without_the_configuration_the_same_repository_reads_differently() {
    let (json, code) = check_json(&[&fixture("gate-repo")], &["--no-config"]);
    // The empty draft is now read and is an input error.
    assert_eq!(code, 2);
    assert!(json["errors"].as_array().unwrap().iter().any(|e| e["path"].as_str().unwrap().contains("草稿")));
    let town = report(&json, "乙镇-2023.txt");
    assert_eq!(findings(town, "punct/halfwidth")[0]["severity"], "error");
    // The recipient's colon is punct/halfwidth's (it supersedes meta/recipient there), once.
    assert!(findings(town, "meta/recipient").is_empty());
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
    assert!(outcome.stderr.contains("第2条 [[suppress]]"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("number/year-abbreviated"));
    assert!(!outcome.stderr.contains("第1条"));
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
    let repo = fixture("gate-repo");
    let baseline = fixture("gate-repo/fazhi-baseline.json");
    let (reference, code) = check_json(&[&repo], &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{reference:#}");
    let department = report(&reference, "丙局-2023.txt");
    assert_eq!(department["stats"]["baseline"], 1);
    assert!(findings(department, "structure/first-responsible-person").is_empty());
    // `--baseline fazhi-baseline.json` and `--baseline ./fazhi-baseline.json` from inside the
    // repository, and the path from its parent folder, are one baseline.
    for place in places(&repo) {
        let Place { dir, target, .. } = &place;
        let baseline = place.file("fazhi-baseline.json");
        let (json, code) = check_json_in(dir, &["--baseline", &baseline, target]);
        assert_eq!(code, 0, "--baseline {baseline} {target} in {}: {json:#}", dir.display());
        assert_eq!(result_of(&json), result_of(&reference), "--baseline {baseline} {target} in {}", dir.display());
    }
}

/// The summary a CI job writes next to its annotations (`fazhi report` in the Action) takes the
/// gate flags and the baseline that `check` took, so both tell the same story: with the
/// repository's baseline the department's old error is gone from the summary as from the check.
#[test]
fn the_summary_takes_the_baseline_and_the_gate_of_the_check() {
    let repo = fixture("gate-repo");
    let baseline = fixture("gate-repo/fazhi-baseline.json");
    let row = |extra: &[&str]| {
        let mut args = vec!["report", "--format", "md"];
        args.extend_from_slice(extra);
        let repo = repo.to_str().unwrap();
        args.push(repo);
        let outcome = fazhi(&args);
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let line = outcome.stdout.lines().find(|l| l.contains("丙局-2023.txt](#")).map(str::to_string);
        line.unwrap_or_else(|| panic!("no row for 丙局: {}", outcome.stdout))
    };
    let without = row(&[]);
    assert!(without.contains("需修改"), "{without}");
    let with = row(&["--baseline", baseline.to_str().unwrap()]);
    assert!(with.contains("可以报送") && !with.contains("需修改"), "{with}");
    // The gate flags count as they do for check: warnings fail the town's report too.
    let strict = fazhi(&["report", "--format", "md", "--fail-on", "warning", repo.to_str().unwrap()]);
    let town = strict.stdout.lines().find(|l| l.contains("乙镇-2023.txt](#")).unwrap();
    assert!(town.contains("需修改"), "{town}");
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_baseline_recorded_in_one_checkout_holds_in_another() {
    let first = tempfile::tempdir().unwrap();
    let repo = first.path().join("gate-repo");
    copy_tree(&fixture("gate-repo"), &repo);
    std::fs::remove_file(repo.join("fazhi-baseline.json")).unwrap();
    // Recorded from inside the repository, as its README says, and from its parent folder.
    let recorded = fazhi_in(&repo, &["baseline", "部门", "-o", "fazhi-baseline.json"]);
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    let from_parent = fazhi_in(first.path(), &["baseline", "gate-repo/部门", "-o", "gate-repo/from-parent.json"]);
    assert_eq!(from_parent.code, 0, "{}", from_parent.stderr);
    let text = std::fs::read_to_string(repo.join("fazhi-baseline.json")).unwrap();
    assert_eq!(text, std::fs::read_to_string(repo.join("from-parent.json")).unwrap());
    // The keys are relative to the baseline's folder: nothing of this machine is in the file.
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = file["findings"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(keys, ["部门/丙局-2023.txt"], "{text}");
    assert!(!text.contains(first.path().to_str().unwrap()) && !text.contains("//"), "{text}");
    assert_eq!(text, std::fs::read_to_string(fixture("gate-repo/fazhi-baseline.json")).unwrap());

    // The same repository checked out in another folder.
    let second = tempfile::tempdir().unwrap();
    let moved = second.path().join("gate-repo");
    copy_tree(&repo, &moved);
    let (reference, _) = check_json(&[&repo], &["--baseline", repo.join("fazhi-baseline.json").to_str().unwrap()]);
    for place in places(&moved) {
        let Place { dir, target, .. } = &place;
        let (json, code) = check_json_in(dir, &["--baseline", &place.file("fazhi-baseline.json"), target]);
        assert_eq!(code, 0, "{target} in {}: {json:#}", dir.display());
        assert_eq!(report(&json, "丙局-2023.txt")["stats"]["baseline"], 1);
        assert_eq!(result_of(&json), result_of(&reference), "{target} in {}", dir.display());
    }
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
    assert!(streamed.stdout.contains("共5份报告"));
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

/// The Action's check step, run as GitHub runs it (bash, the inputs in its environment, the
/// cached binary under `~/.cache/fazhi-action`): with `--baseline` among the arguments, the
/// step passes, and the step summary has the department's row as 可以报送, like the check.
#[cfg(unix)]
#[test]
fn the_action_step_passes_its_baseline_to_the_summary() {
    let action = std::fs::read_to_string(super::root().join("action.yml")).unwrap();
    let step = &action[action.find("name: 检查报告").expect("the check step")..];
    let body = &step[step.find("run: |\n").expect("a run block") + "run: |\n".len()..];
    let mut script = String::new();
    for line in body.lines().take_while(|l| l.is_empty() || l.starts_with("        ")) {
        script.push_str(line.get(8..).unwrap_or(""));
        script.push('\n');
    }
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join(".cache/fazhi-action/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fazhi"), bin.join("fazhi")).unwrap();
    let summary = home.path().join("summary.md");
    let run = |args: &str| {
        std::fs::write(&summary, "").unwrap();
        let status = Command::new("bash")
            .args(["-e", "-c", &script])
            .current_dir(fixture("gate-repo"))
            .env("HOME", home.path())
            .env("FAZHI_PATHS", ".\n")
            .env("FAZHI_ARGS", args)
            .env("FAZHI_SARIF", "")
            .env("FAZHI_SUMMARY", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        let text = std::fs::read_to_string(&summary).unwrap();
        let row = text.lines().find(|l| l.contains("丙局-2023.txt](#")).map(str::to_string);
        (status.status.code(), row.unwrap_or_else(|| panic!("no row in the summary: {text}")))
    };
    let (code, row) = run("--baseline fazhi-baseline.json --min-score 60");
    assert_eq!(code, Some(0));
    assert!(row.contains("可以报送"), "{row}");
    let (code, row) = run("--min-score 60");
    assert_eq!(code, Some(1));
    assert!(row.contains("需修改"), "{row}");
}

/// The summary's table of rules gives each rule the level its findings had in the reports:
/// the town's half-width punctuation is a warning there (`severity = { "punct" = "warning" }`
/// for 乡镇/**), so the table does not call it an error.
#[test]
fn the_rule_table_shows_the_level_the_findings_had() {
    let outcome = fazhi(&["report", "--format", "md", fixture("gate-repo").to_str().unwrap()]);
    let row = outcome.stdout.lines().find(|l| l.starts_with("| `punct/halfwidth`")).expect("a row for punct/halfwidth");
    assert!(row.contains("| 警告 |"), "{row}");
    assert!(!outcome.stdout.lines().any(|l| l.starts_with("| `punct/halfwidth`") && l.contains("| 错误 |")));
}
