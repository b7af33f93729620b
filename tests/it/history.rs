//! Comparing a report with the same issuer's report of the previous year
//! (`fixtures/history`): the planted copies are found with their places, the rewritten
//! control stays silent.

use std::path::Path;

use fazhi::compare::Side;
use fazhi::compare::previous::{PreviousKind, Thresholds, compare_with_previous};
use fazhi::engine::{Checked, ReadOptions, check_file};
use fazhi::rules::RuleSet;

use super::{check_json, fazhi};

fn checked(name: &str) -> Checked {
    let (rules, errors) = RuleSet::builtin();
    assert!(errors.is_empty());
    check_file(&Path::new("fixtures/history").join(name), &ReadOptions::default(), &rules).unwrap()
}

fn side(checked: &Checked) -> Side<'_> {
    Side { document: &checked.document, elements: &checked.elements }
}

fn findings(this: &str, previous: &str) -> Vec<(PreviousKind, String, usize, String)> {
    let this = checked(this);
    let previous = checked(previous);
    compare_with_previous(side(&this), side(&previous), Thresholds::default())
        .into_iter()
        .map(|f| {
            let other: String = previous.document.text(f.other).chars().take(12).collect();
            (f.kind, f.element, this.document.source.position(f.this.start).line, other)
        })
        .collect()
}

#[test]
fn planted_copies_are_found() {
    use PreviousKind::{Copied, PlanNotFollowed, Repeated, ShortcomingUnrectified};
    let found = findings("hubin-2024.txt", "hubin-2023.txt");
    let want = [
        // 不足 and 原因 copied verbatim in one paragraph (line 8), with no word of 整改 or 改进:
        // its sentences are one finding.
        (ShortcomingUnrectified, "shortcomings", 8, "湖滨区法治政府建设工作虽"),
        // Last year's plan item （四） lightly edited into this year's plan.
        (Copied, "next_year_plan", 10, "（四）创新方式方法，打造"),
        // An achievement re-dated (2023→2024) with its number changed (300→320).
        (Repeated, "measures_and_results", 5, "（二）统筹推进法治政府建"),
        // Plan items （二）（三）（四） have no trace in this year's measures; （一） is quoted and
        // followed up there, and that quote is not a copy.
        (PlanNotFollowed, "next_year_plan", 3, "（二）发挥示范引领，深入"),
        (PlanNotFollowed, "next_year_plan", 3, "（三）加大工作力度，推动"),
        (PlanNotFollowed, "next_year_plan", 3, "（四）创新方式方法，打造"),
    ];
    let want: Vec<_> = want.iter().map(|(k, e, l, t)| (*k, (*e).to_owned(), *l, (*t).to_owned())).collect();
    assert_eq!(found, want);
}

#[test]
fn rewritten_control_gives_no_copy_finding() {
    let found = findings("hubin-2024-control.txt", "hubin-2023.txt");
    // No copy of any kind; all four plan items of last year are reported as not followed up,
    // since the control's measures share topics but no wording with them.
    let kinds: Vec<_> = found.iter().map(|f| f.0).collect();
    assert_eq!(kinds, vec![PreviousKind::PlanNotFollowed; 4], "{found:?}");
}

/// A finding as the test compares it: rule, severity, line, column, message.
type Found = (String, String, u64, u64, String);

/// The findings of the `compare/*` rules of `fazhi check THIS --previous PREVIOUS --format
/// json`: (rule, severity, line, column, message), and the exit code.
fn compare_findings(this: &str, previous: &str) -> (Vec<Found>, i32) {
    let (json, code) = check_json(&[Path::new(this)], &["--previous", previous, "--fail-on", "none"]);
    let found = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("compare/"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (found, code)
}

/// The findings `--previous fixtures/history/hubin-2023.txt` gives `hubin-2024.txt`, with the
/// previous report's place as `place(line of the .txt)` says for its format.
fn expected(previous: &str, place: &dyn Fn(usize) -> String) -> Vec<Found> {
    let plan = |item: &str, line| {
        (
            "compare/plan-not-followed",
            "info",
            3,
            1,
            format!("2023年报告安排的“{item}”，本年度报告未见落实情况（{previous} {}）", place(line)),
        )
    };
    let want = [
        plan(
            "（二）发挥示范引领，深入学法用法。坚持把领导干部带头学法作为树立法治意识的关键，完善日常学法制度，定期组织法治讲座、法治……",
            17,
        ),
        plan(
            "（三）加大工作力度，推动法治建设。加强对法治政府建设工作的监督、检查和指导，强化对法治政府建设工作机构人员、工作经费、检……",
            18,
        ),
        plan(
            "（四）创新方式方法，打造亮点特色。严格执法程序，规范执法行为，完善监督制约机制，扎实推进依法行政。围绕社会热点难点问题和……",
            19,
        ),
        (
            "compare/achievement-repeated",
            "warning",
            5,
            1,
            format!(
                "这段成效与2023年报告几乎一字不差，只改了年份或数字（相似度100%）：“（二）统筹推进法治政府建设工作。将法治政府建设与经济社会发展同部署、同推进、同督促，区委书记周建文、区长乔继明带头履行法……”（{previous} {}）",
                place(6)
            ),
        ),
        (
            "compare/unrectified",
            "warning",
            8,
            1,
            format!(
                "这段不足与2023年报告几乎相同（相似度100%），本年度的不足部分却没有写整改或改进：“湖滨区法治政府建设工作虽然取得了一些成绩，但与省委省政府、市委市政府的要求仍有差距，主要体现在工作开展不均衡，法治建设合……”（{previous} {}）",
                place(14)
            ),
        ),
        (
            "compare/copied",
            "warning",
            10,
            1,
            format!(
                "下一年度主要安排中的这段与2023年报告几乎相同（相似度53%）：“（四）创新方式方法，打造亮点特色。严格执法程序，规范执法行为，完善监督制约机制，扎实推进依法行政。围绕社会热点难点问题和……”（{previous} {}）",
                place(19)
            ),
        ),
    ];
    want.into_iter().map(|(r, s, l, c, m)| (r.to_owned(), s.to_owned(), l, c, m)).collect()
}

#[test]
fn check_previous_reports_the_planted_copies_in_json() {
    let previous = "fixtures/history/hubin-2023.txt";
    let (found, code) = compare_findings("fixtures/history/hubin-2024.txt", previous);
    assert_eq!(code, 0);
    assert_eq!(found, expected(previous, &|line| format!("第{line}行")));
}

#[test]
fn the_previous_report_is_read_by_every_reader() {
    // The same report of 2023 as Word (plain and styled), a web page and a PDF: the same
    // findings, each naming the place its reader knows (the .txt has one paragraph a line
    // after the title, so 第N段 is line N − 1; the PDF's pages were checked by hand).
    let paragraph = |line: usize| format!("第{}段", line - 1);
    for previous in
        ["fixtures/docx/hubin-2023-plain.docx", "fixtures/docx/hubin-2023-styled.docx", "fixtures/html/hubin-2023.html"]
    {
        let (found, _) = compare_findings("fixtures/history/hubin-2024.txt", previous);
        assert_eq!(found, expected(previous, &paragraph), "{previous}");
    }
    let page = |line: usize| {
        format!(
            "第{}页",
            match line {
                6 => 1,
                14 => 4,
                _ => 5,
            }
        )
    };
    let previous = "fixtures/pdf/hubin-2023.pdf";
    let (found, _) = compare_findings("fixtures/history/hubin-2024.txt", previous);
    assert_eq!(found, expected(previous, &page));
}

#[test]
fn the_control_and_a_run_without_previous_give_no_copy_finding() {
    let (found, _) = compare_findings("fixtures/history/hubin-2024-control.txt", "fixtures/history/hubin-2023.txt");
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(rules, ["compare/plan-not-followed"; 4], "{found:?}");
    let (json, _) = check_json(&[Path::new("fixtures/history/hubin-2024.txt")], &[]);
    let findings = json["reports"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| !f["rule"].as_str().unwrap().starts_with("compare/")));
}

#[test]
fn comparison_findings_are_rules_like_any_other() {
    // Other outputs carry them, --ignore turns them off, the gate counts them.
    let args = ["check", "fixtures/history/hubin-2024.txt", "--previous", "fixtures/history/hubin-2023.txt"];
    for format in ["sarif", "junit", "github"] {
        let out = fazhi(&[&args[..], &["--format", format]].concat());
        assert!(out.stdout.contains("compare/unrectified"), "{format}: {}", out.stdout);
        assert!(out.stdout.contains("fixtures/history/hubin-2023.txt 第14行"), "{format}");
    }
    let (found, _) = {
        let (json, code) = check_json(
            &[Path::new("fixtures/history/hubin-2024.txt")],
            &["--previous", "fixtures/history/hubin-2023.txt", "--ignore", "compare/unrectified"],
        );
        (super::finding_rules(&json), code)
    };
    // With compare/unrectified off, compare/copied reports the copied 不足 itself.
    assert_eq!(found.iter().filter(|r| *r == "compare/copied").count(), 2, "{found:?}");
    assert!(!found.iter().any(|r| r == "compare/unrectified"));
    // They count as warnings and hints like any other, and cost no points.
    let count = |json: &serde_json::Value, severity: &str| {
        json["reports"][0]["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == severity).count()
    };
    let this = [Path::new("fixtures/history/hubin-2024.txt")];
    let (with, code) = check_json(&this, &["--previous", "fixtures/history/hubin-2023.txt", "--fail-on", "warning"]);
    let (without, _) = check_json(&this, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    assert_eq!(count(&with, "warning"), count(&without, "warning") + 3);
    assert_eq!(count(&with, "info"), count(&without, "info") + 3);
    assert_eq!(with["reports"][0]["score"], without["reports"][0]["score"]);
}

#[test]
fn a_previous_report_that_cannot_be_read_is_named_and_the_report_still_checked() {
    let (json, code) =
        check_json(&[Path::new("fixtures/history/hubin-2024.txt")], &["--previous", "fixtures/history/missing.txt"]);
    assert_eq!(code, 2);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    let message = super::error_message(&json, "missing.txt");
    assert!(message.starts_with("上一年度报告（--previous）无法读取："), "{message}");
    let out = fazhi(&["check", "fixtures/history", "--previous", "fixtures/history/hubin-2023.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--previous 只能与一份报告一起使用"), "{}", out.stderr);
    // An output over the previous report is refused: inputs are never written.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("2023.txt");
    std::fs::copy("fixtures/history/hubin-2023.txt", &copy).unwrap();
    let copy = copy.display().to_string();
    let out =
        fazhi(&["check", "fixtures/history/hubin-2024.txt", "--previous", &copy, "--format", "json", "-o", &copy]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("它是 --previous 给出的上一年度报告"), "{}", out.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read("fixtures/history/hubin-2023.txt").unwrap());
}

/// A seed report parsed, with a few words and the year changed when `edit` is set.
fn seed_document(name: &str, edit: bool) -> fazhi::document::Document {
    let mut text = std::fs::read_to_string(Path::new("fixtures/seeds").join(name)).unwrap();
    if edit {
        text = text.replacen("法治政府", "依法行政", 3).replace("2022", "2023");
    }
    let source = fazhi::source::SourceFile::from_text(name, &text);
    fazhi::document::parse(source, fazhi::document::TextMarkup::Text, super::hints())
}

#[test]
fn planted_near_duplicate_is_the_only_similar_pair_of_the_batch() {
    use fazhi::compare::batch::{BatchParams, BatchReport, near_copies};
    let names = ["huangshui-2023.txt", "hubin-2023.txt", "huiji-2022.txt", "qianjin-2023.txt", "shennongjia-2024.txt"];
    let mut docs: Vec<_> = names.iter().map(|n| seed_document(n, false)).collect();
    // A different issuer's report made from huiji's by changing a few words and the year.
    docs.push(seed_document("huiji-2022.txt", true));
    let issuers = names.iter().copied().chain(["planted"]);
    let reports: Vec<BatchReport> =
        docs.iter().zip(issuers).map(|(document, issuer)| BatchReport { document, issuer: Some(issuer) }).collect();
    let (pairs, _) = near_copies(&reports, &BatchParams::default());
    let found: Vec<_> = pairs.iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(found, vec![(2, 5)], "{pairs:?}");
    assert!(pairs[0].share_a > 0.9 && pairs[0].share_b > 0.9, "{pairs:?}");
}

/// The rules and lines of the `compare/*` findings of each report of a JSON run, by file name
/// relative to `dir`.
fn compare_by_report(json: &serde_json::Value, dir: &Path) -> Vec<(String, Vec<(String, u64)>)> {
    json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = Path::new(r["path"].as_str().unwrap());
            let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
            let found = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"].as_str().unwrap().starts_with("compare/"))
                .map(|f| (f["rule"].as_str().unwrap().to_owned(), f["line"].as_u64().unwrap()))
                .collect();
            (name, found)
        })
        .collect()
}

/// What hubin-2024.txt gets against hubin-2023.txt, as (rule, line).
fn planted() -> Vec<(String, u64)> {
    expected("", &|_| String::new()).into_iter().map(|f| (f.0, f.2)).collect()
}

#[test]
fn a_batch_pairs_the_reports_of_one_issuer_in_consecutive_years() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["2023", "2024"] {
        std::fs::create_dir(root.join(sub)).unwrap();
    }
    // hubin-2023 signed by its issuer, as hubin-2024 is; another issuer's report beside them.
    let last = std::fs::read_to_string("fixtures/history/hubin-2023.txt").unwrap();
    std::fs::write(root.join("2023/湖滨.txt"), format!("{last}\n湖滨区人民政府\n2024年3月20日\n")).unwrap();
    std::fs::copy("fixtures/history/hubin-2024.txt", root.join("2024/湖滨.txt")).unwrap();
    std::fs::copy("fixtures/seeds/huiji-2022.txt", root.join("2023/惠济.txt")).unwrap();
    let (json, _) = check_json(&[root], &["--fail-on", "none"]);
    let found = compare_by_report(&json, root);
    let want = vec![
        ("2023/惠济.txt".to_owned(), vec![]),
        ("2023/湖滨.txt".to_owned(), vec![]),
        ("2024/湖滨.txt".to_owned(), planted()),
    ];
    assert_eq!(found, want);
    // Each message names the report it was compared with.
    let messages = json["reports"][2]["findings"].as_array().unwrap();
    let previous = root.join("2023/湖滨.txt").display().to_string();
    assert!(
        messages
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("compare/"))
            .all(|f| f["message"].as_str().unwrap().contains(&previous)),
        "{messages:?}"
    );
}

#[test]
fn history_in_the_configuration_pairs_reports_that_do_not_name_their_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // hubin-2023 writes no issuer: only the configuration can pair it.
    std::fs::copy("fixtures/history/hubin-2023.txt", root.join("上年.txt")).unwrap();
    std::fs::copy("fixtures/history/hubin-2024.txt", root.join("本年.txt")).unwrap();
    std::fs::write(root.join("fazhi.toml"), "[[history]]\ncurrent = \"本年.txt\"\nprevious = \"上年.txt\"\n").unwrap();
    let (json, code) = check_json(&[&root.join("本年.txt")], &["--fail-on", "none"]);
    assert_eq!(code, 0);
    assert_eq!(compare_by_report(&json, root), vec![("本年.txt".to_owned(), planted())]);
    // A previous file that is not there is named; the report is still checked.
    std::fs::write(root.join("fazhi.toml"), "[[history]]\ncurrent = \"本年.txt\"\nprevious = \"无.txt\"\n").unwrap();
    let (json, code) = check_json(&[&root.join("本年.txt")], &[]);
    assert_eq!(code, 2);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    assert!(super::error_message(&json, "无.txt").starts_with("上一年度报告（配置文件 [[history]]）无法读取"));
}

/// The planted findings of `fixtures/history` for one more seed, as `findings` gives them.
fn want(rows: &[(PreviousKind, &str, usize, &str)]) -> Vec<(PreviousKind, String, usize, String)> {
    rows.iter().map(|(k, e, l, t)| (*k, (*e).to_owned(), *l, (*t).to_owned())).collect()
}

#[test]
fn planted_copies_are_found_in_qianjin() {
    use PreviousKind::{Copied, Repeated, ShortcomingUnrectified};
    let found = findings("qianjin-2024.txt", "qianjin-2023.txt");
    let expected = want(&[
        // The 不足 paragraph copied verbatim, with no word of 整改 or 改进.
        (ShortcomingUnrectified, "shortcomings", 11, "我区法治政府建设虽然取得"),
        // Last year's 四是 item lightly edited (扎实→认真) into this year's plan, from its
        // second sentence on (the item's heading 四是提升基层治理能力 is too short to count).
        (Copied, "next_year_plan", 13, "坚持和发展新时代“枫桥经"),
        // Known false alarm: line 5 quotes last year's 二是 item sentence for sentence to
        // follow it up, and the quote alone is as similar as a re-dated achievement. The issue
        // says such a quote must not fire; when the rule learns that, this row goes.
        (Repeated, "measures_and_results", 5, "严格落实行政执法“三项制"),
        // Achievement （一） re-dated (2023→2024) with its number changed (15→18 次).
        (Repeated, "measures_and_results", 6, "（一）坚持依法行政，推进"),
        // No plan-not-followed: last year's plan is one line (一是…四是 in a paragraph), so it
        // is one item, and the quote of its 二是 traces the whole line. 一是 and 三是 are not
        // followed up and not reported.
    ]);
    assert_eq!(found, expected);
}

#[test]
fn planted_copies_are_found_in_huangshui() {
    use PreviousKind::{Copied, PlanNotFollowed, Repeated, ShortcomingUnrectified};
    let found = findings("huangshui-2024.txt", "huangshui-2023.txt");
    let expected = want(&[
        // The 不足 paragraph copied verbatim, with no word of 整改 or 改进.
        (ShortcomingUnrectified, "shortcomings", 11, "今年以来，通过各方配合，"),
        // Last year's 四是 item lightly edited (创新形式、创新手段→创新形式和手段) into this
        // year's plan as its 一是.
        (Copied, "next_year_plan", 13, "四是巩固阵地创新载体，扩"),
        // Achievement （一） re-dated with its number changed (5→7 场). Line 5 quotes a clause
        // of last year's 二是 item and follows it up: no finding.
        (Repeated, "measures_and_results", 6, "（一）深入学习贯彻党的二"),
        // Last year's plan is one paragraph; each 二是/三是/四是 in it is an item. 三是 and 四是
        // are not followed up. Its 一是 lead (强化工作统筹) is too short to be a unit, so the
        // sentences after it run into 二是's item, which the quote traces.
        (PlanNotFollowed, "next_year_plan", 4, "三是完善制度建设，推进法"),
        (PlanNotFollowed, "next_year_plan", 4, "四是巩固阵地创新载体，扩"),
    ]);
    assert_eq!(found, expected);
}

#[test]
fn rewritten_controls_of_qianjin_and_huangshui_give_no_copy_finding() {
    for seed in ["qianjin", "huangshui"] {
        let found = findings(&format!("{seed}-2024-control.txt"), &format!("{seed}-2023.txt"));
        // Last year's plan has no trace in the control's measures: each of its items is
        // reported (huangshui's 一是 and 二是 as one, its 一是 lead being too short to be a unit;
        // qianjin's plan gives one item: its 一是…四是 are not cut into units).
        let kinds: Vec<_> = found.iter().map(|f| (f.0, f.2)).collect();
        let items = if seed == "huangshui" { 3 } else { 1 };
        assert_eq!(kinds, vec![(PreviousKind::PlanNotFollowed, 4); items], "{seed}: {found:?}");
        let (found, _) = compare_findings(
            &format!("fixtures/history/{seed}-2024-control.txt"),
            &format!("fixtures/history/{seed}-2023.txt"),
        );
        let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(rules, vec!["compare/plan-not-followed"; items], "{seed}: {found:?}");
    }
}
