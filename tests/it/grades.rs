//! Score, grade and verdict say three things and never contradict each other: the grade is held
//! down by the pack's `[[score.caps]]` (a required part missing or only partial, 差错率 far above
//! what publishing accepts), with the reason printed beside it; the verdict is the gate
//! (可以报送 / 需修改 with why), whatever the grade.

use std::path::{Path, PathBuf};

use super::{check_json, fazhi, fixture, root};

/// A copy of the default pack in `dir`, with `pack.toml` changed by `edit`.
fn default_pack_with(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let pack = dir.join("pack");
    copy(&root().join("rules/default"), &pack);
    let text = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
    let edited = edit(&text);
    std::fs::write(pack.join("pack.toml"), edited).unwrap();
    pack
}

/// The default pack.toml without its caps.
fn without_caps(text: &str) -> String {
    text[..text.find("[[score.caps]]").expect("the default pack has caps")].to_string()
}

#[test]
fn a_report_missing_a_required_part_grades_at_most_合格() {
    let report = fixture("variants/huangshui-2023-no-frp.txt");
    let (json, _) = check_json(&[&report], &[]);
    let r = &json["reports"][0];
    assert_eq!(r["elements"]["first_responsible_person"]["status"], "absent");
    assert_eq!(r["grade_by_score"], "良好", "its points alone: {}", r["score"]);
    assert_eq!(r["grade"], "合格");
    assert_eq!(r["grade_caps"][0]["when"], "missing-required");
    assert_eq!(r["grade_caps"][0]["max_grade"], "合格");
    assert_eq!(r["score"], 84.0, "the cap changes the grade, not the points");

    let human = fazhi(&["check", "--color", "never", report.to_str().unwrap()]);
    assert!(
        human.stdout.contains("等级：合格（缺少法定内容“第一责任人履职情况”，最高只能评为合格）"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_high_error_rate_caps_the_grade() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(fixture("clean/model-report.txt")).unwrap();
    // A half-width comma in each of three paragraphs of a text of about 1,100 characters: some
    // 27 errors per 10,000.
    let sloppy: String = clean
        .lines()
        .enumerate()
        .map(|(i, line)| if (4..7).contains(&i) { line.replacen('，', ",", 1) } else { line.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    let report = dir.path().join("差错.txt");
    std::fs::write(&report, sloppy).unwrap();
    let (json, _) = check_json(&[&report], &[]);
    let r = &json["reports"][0];
    let rate = r["stats"]["error_rate"].as_f64().unwrap();
    assert!(rate > 10.0 && rate < 30.0, "{rate}");
    assert_eq!(r["stats"]["language_errors"], 3);
    assert_eq!(r["grade_by_score"], "优秀", "{}", r["score"]);
    assert_eq!(r["grade"], "良好");
    assert_eq!(r["grade_caps"].as_array().unwrap().len(), 1);
    assert_eq!(r["grade_caps"][0]["when"], "error-rate");
    let reason = r["grade_caps"][0]["reason"].as_str().unwrap();
    assert_eq!(reason, format!("差错率为万分之{rate:.1}，超过万分之10"));

    // The seed with 103 errors per 10,000 characters is at most 合格 whatever its points.
    let (json, _) = check_json(&[&fixture("seeds/huiji-2022.txt")], &[]);
    let r = &json["reports"][0];
    assert!(r["stats"]["error_rate"].as_f64().unwrap() > 100.0);
    assert_eq!(r["grade"], "合格");
    assert!(r["grade_caps"].as_array().unwrap().iter().any(|c| c["when"] == "error-rate"), "{}", r["grade_caps"]);

    // The clean report itself has no cap.
    let (json, _) = check_json(&[&fixture("clean/model-report.txt")], &[]);
    assert_eq!(json["reports"][0]["grade"], "优秀");
    assert_eq!(json["reports"][0]["grade_caps"], serde_json::json!([]));
}

#[test]
fn caps_are_read_from_pack_toml() {
    let report = fixture("variants/huangshui-2023-no-frp.txt");
    let dir = tempfile::tempdir().unwrap();
    let strict = default_pack_with(&dir.path().join("strict"), |text| {
        text.replacen(
            "max_grade = \"合格\"\nreason = \"缺少法定内容",
            "max_grade = \"不合格\"\nreason = \"缺少法定内容",
            1,
        )
    });
    let (json, code) = check_json(&[&report], &["--pack", strict.to_str().unwrap()]);
    assert_ne!(code, 2, "the edited pack is valid");
    assert_eq!(json["reports"][0]["grade"], "不合格");
    assert_eq!(json["reports"][0]["grade_caps"][0]["max_grade"], "不合格");

    let uncapped = default_pack_with(&dir.path().join("uncapped"), without_caps);
    let (json, code) = check_json(&[&report], &["--pack", uncapped.to_str().unwrap()]);
    assert_ne!(code, 2);
    assert_eq!(json["reports"][0]["grade"], "良好", "no caps: the grade of the points");
    assert_eq!(json["reports"][0]["grade"], json["reports"][0]["grade_by_score"]);
}

#[test]
fn an_invalid_cap_is_a_located_chinese_error() {
    let report = fixture("seeds/hubin-2023.txt");
    let cases: [(&str, &str, &str); 5] = [
        (
            "when = \"missing-requird\"\nmax_grade = \"合格\"\nreason = \"缺\"",
            "when 不认识“missing-requird”",
            "missing-requird",
        ),
        ("when = \"missing-required\"\nmax_grade = \"很好\"\nreason = \"缺\"", "不是本规则包的等级", "很好"),
        ("when = \"error-rate\"\nmax_grade = \"合格\"\nreason = \"多\"", "需要 above", "error-rate"),
        ("when = \"missing-required\"\nabove = 3\nmax_grade = \"合格\"\nreason = \"缺\"", "不用 above", "above = 3"),
        (
            "when = \"missing-required\"\nmax_grade = \"合格\"\nreason = \"差错率{rate}\"",
            "不会填写的占位符 {rate}",
            "差错率{rate}",
        ),
    ];
    for (i, (cap, message, located)) in cases.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let pack = default_pack_with(dir.path(), |text| format!("{}[[score.caps]]\n{cap}\n", without_caps(text)));
        let text = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
        let line = text[..text.rfind(located).unwrap()].matches('\n').count() + 1;
        let outcome = fazhi(&["check", "--pack", pack.to_str().unwrap(), report.to_str().unwrap()]);
        assert_eq!(outcome.code, 2, "case {i}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(message), "case {i}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(&format!("pack.toml:{line}:")), "case {i}, line {line}: {}", outcome.stderr);
        assert!(!outcome.stderr.contains("unknown") && !outcome.stderr.contains("expected"), "{}", outcome.stderr);
    }
}

/// Every summary line of a human run over the fixtures: a failing verdict always says why, and
/// 未通过/通过 as bare words are gone.
#[test]
fn a_good_grade_never_stands_beside_an_unexplained_failing_verdict() {
    let dirs: Vec<String> = ["seeds", "variants", "clean"].iter().map(|d| fixture(d).display().to_string()).collect();
    let mut args = vec!["check", "--color", "never"];
    args.extend(dirs.iter().map(String::as_str));
    let human = fazhi(&args);
    let mut failing_good = 0;
    for (i, line) in human.stdout.lines().enumerate().filter(|(_, l)| l.starts_with("问题：")) {
        let verdict = line.split("结论：").nth(1).unwrap_or_else(|| panic!("no verdict: {line}"));
        assert!(
            verdict == "可以报送" || (verdict.starts_with("需修改（") && verdict.ends_with('）')),
            "line {i}: {line}"
        );
        let grade_line = human.stdout.lines().nth(i - 1).unwrap();
        assert!(grade_line.starts_with("等级："), "{grade_line}");
        if verdict.starts_with("需修改") && (grade_line.contains("优秀") || grade_line.contains("良好")) {
            failing_good += 1;
        }
    }
    assert!(failing_good > 0, "the case the test is about occurs");
    assert!(!human.stdout.contains("未通过") && !human.stdout.contains("结论：通过"), "{}", human.stdout);
    assert!(human.stdout.contains("可以报送1，需修改"), "{}", human.stdout.lines().last().unwrap());

    let quiet = fazhi(&["check", "--quiet", &dirs[0]]);
    for line in quiet.stdout.lines().filter(|l| l.contains("分 ")) {
        assert!(line.contains("，需修改（有") || line.ends_with("，可以报送"), "{line}");
    }
}

#[test]
fn an_element_that_may_be_left_out_is_not_shown_as_missing() {
    let hubin = fixture("seeds/hubin-2023.txt");
    let (json, _) = check_json(&[&hubin], &[]);
    assert_eq!(json["reports"][0]["elements"]["other_matters"]["status"], "absent", "the wire format keeps its key");
    let human = fazhi(&["check", "--color", "never", hubin.to_str().unwrap()]);
    let line = human.stdout.lines().find(|l| l.contains("其他需要报告的情况 ")).unwrap();
    assert!(line.trim_start().starts_with('○') && line.contains("可不写") && !line.contains("缺失"), "{line}");
    let html = fazhi(&["report", hubin.to_str().unwrap()]).stdout;
    let row = html.split("<tr class=\"element\"").find(|r| r.contains("data-key=\"other_matters\"")).unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(">○</td>") && !row.contains("✗") && !row.contains("缺失"), "{row}");
    let md = fazhi(&["report", "--format", "md", hubin.to_str().unwrap()]).stdout;
    let row = md.lines().find(|l| l.contains("其他需要报告的情况") && l.starts_with("| ○")).unwrap_or_default();
    assert!(!row.is_empty() && !row.contains("缺失"), "{md}");
}
