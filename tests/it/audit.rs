//! `fazhi report`: the five seeds as a batch (ranking, element checklists as labelled), escaping
//! of untrusted report text, CSV and XLSX read back, Markdown tables well formed, waived
//! findings, read errors and `--pdf` without a browser.

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use fazhi::engine::{Waived, WaiverSource, check_file};
use fazhi::render::audit::{self, AuditMeta};
use fazhi::results::ReportEntry;
use fazhi::rules::RuleSet;

use super::{check_json, fazhi, fixture};

const SEEDS: &[&str] = &["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"];

fn run(args: &[&str]) -> fazhi::cli::Outcome {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    fazhi(&all)
}

fn out_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

fn label(seed: &str) -> toml::Table {
    toml::from_str(&std::fs::read_to_string(fixture(&format!("seeds/{seed}.toml"))).unwrap()).unwrap()
}

/// The HTML of one sheet: from its `<section>` to the next.
fn sheet_html<'a>(html: &'a str, file: &str) -> &'a str {
    let sections: Vec<&str> = html.split("<section class=\"sheet\"").skip(1).collect();
    sections.into_iter().find(|s| s.contains(&format!("/{file}（"))).unwrap_or_else(|| panic!("no sheet for {file}"))
}

fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn seeds_are_ranked_by_score_and_every_sheet_shows_the_labelled_elements() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "审核.html");
    let outcome = run(&["fixtures/seeds", "-o", out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let html = std::fs::read_to_string(&out).unwrap();

    // The summary rows are in score order, and the scores are those `check` gives.
    let paths: Vec<PathBuf> = SEEDS.iter().map(|s| fixture(&format!("seeds/{s}.txt"))).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (json, _) = check_json(&refs, &[]);
    let mut expected: Vec<(f64, String)> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = Path::new(r["path"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_string();
            (r["score"].as_f64().unwrap(), name)
        })
        .collect();
    expected.sort_by(|a, b| b.0.total_cmp(&a.0));
    let summary = &html[..html.find("<section class=\"sheet\"").unwrap()];
    let rows: Vec<(f64, String)> = summary
        .split("<tr data-sheet=")
        .skip(1)
        .map(|row| {
            // Cells: 排名, 文件, 发文机关, 年度, 得分, …
            let cells: Vec<&str> = row.split("<td").skip(1).collect();
            let score: f64 = attribute(cells[4], "data-value").parse().unwrap();
            let file = row.split("<a href=\"#sheet-").nth(1).unwrap().split(['>', '<']).nth(1).unwrap();
            (score, Path::new(file).file_name().unwrap().to_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(rows, expected);

    for seed in SEEDS {
        let sheet = sheet_html(&html, &format!("{seed}.txt"));
        let label = label(seed);
        for (key, want) in label["elements"].as_table().unwrap() {
            let row = sheet
                .split("<tr class=\"element\"")
                .skip(1)
                .find(|r| attribute(r, "data-key") == key)
                .unwrap_or_else(|| panic!("{seed}: no checklist line for {key}"));
            let want = want.as_str().unwrap();
            // `weak`: circumstances without a cause analysis; the sheet shows the element as
            // incomplete, as JSON does.
            let mark = match want {
                "heading" | "present" => "✓",
                "embedded" | "weak" => "△",
                // 其他需要报告的情况 may be left out: not written is not a defect.
                _ if key == "other_matters" => "○",
                _ => "✗",
            };
            let status = want;
            assert_eq!(attribute(row, "data-status"), status, "{seed}: {key}");
            assert!(row.contains(&format!(">{mark}</td>")), "{seed}: {key} should show {mark}");
        }
        for (key, heading) in label.get("headings").and_then(|h| h.as_table()).into_iter().flatten() {
            let row = sheet.split("<tr class=\"element\"").skip(1).find(|r| attribute(r, "data-key") == key).unwrap();
            assert!(row.contains(heading.as_str().unwrap()), "{seed}: {key} should show its heading");
        }
        assert!(sheet.contains(&label["report_year"].as_integer().unwrap().to_string()));
        assert!(sheet.contains("审核人（签名）"), "{seed}: no signature block");
        assert!(sheet.contains("《法治政府建设与责任落实督察工作规定》"), "{seed}: no legal basis");
    }
    // A typo the labels list, highlighted in its sentence.
    let hubin = sheet_html(&html, "hubin-2023.txt");
    assert!(hubin.contains("下发《<mark>行政行政</mark>执法监督意见书》7份"), "highlight of 行政行政 missing");
}

#[test]
fn report_text_is_escaped_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("evil.txt");
    std::fs::write(
        &report,
        "<script>alert(1)</script>关于2023年法治政府建设情况的报告\n一、主要举措和成效\n全年办理行政行政复议案件12件<img src=x onerror=alert(2)>|a|。\n",
    )
    .unwrap();
    let html_out = out_path(&dir, "a.html");
    let outcome = run(&[report.to_str().unwrap(), "-o", html_out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let html = std::fs::read_to_string(&html_out).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert_eq!(html.matches("<script>").count(), 1, "only the sort script");

    let outcome = run(&[report.to_str().unwrap(), "--format", "md"]);
    assert!(outcome.stdout.contains("\\<script\\>alert(1)\\</script\\>"));
    // Every `<` is escaped except in the sheet anchors fazhi writes itself.
    for (at, _) in outcome.stdout.match_indices('<') {
        let escaped = outcome.stdout[..at].ends_with('\\');
        let anchor = outcome.stdout[at..].starts_with("<a id=\"sheet-") || outcome.stdout[at..].starts_with("</a>\n");
        assert!(escaped || anchor, "raw < at {at}");
    }
    assert!(outcome.stdout.contains("\\<img src=x onerror=alert(2)\\>"));
    assert!(outcome.stdout.contains("\\|a\\|"));
    assert_tables_well_formed(&outcome.stdout);
}

/// Every row of every GitHub table has as many cells as its header (escaped `\|` is no
/// separator), and the delimiter row follows the header.
fn assert_tables_well_formed(md: &str) {
    let cells = |line: &str| line.replace("\\\\", "").replace("\\|", "").matches('|').count() - 1;
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    let mut n_tables = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            let width = cells(lines[i]);
            assert!(
                lines[i + 1].starts_with("|-") || lines[i + 1].starts_with("|:") || lines[i + 1].starts_with("|--")
            );
            assert_eq!(cells(lines[i + 1]), width, "delimiter row: {}", lines[i + 1]);
            i += 2;
            while i < lines.len() && lines[i].starts_with('|') {
                assert_eq!(cells(lines[i]), width, "row: {}", lines[i]);
                assert!(lines[i].ends_with('|'));
                i += 1;
            }
            assert!(i == lines.len() || lines[i].is_empty(), "a table ends with a blank line");
            n_tables += 1;
        }
        i += 1;
    }
    assert!(n_tables >= 2);
}

#[test]
fn markdown_tables_of_the_seeds_are_well_formed() {
    let outcome = run(&["fixtures/seeds", "--format", "md"]);
    assert_eq!(outcome.code, 0);
    assert_tables_well_formed(&outcome.stdout);
    for seed in SEEDS {
        assert!(outcome.stdout.contains(&format!("：{seed}.txt")), "no sheet for {seed}");
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{} has no BOM", path.display());
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (headers, rows)
}

#[test]
fn csv_round_trips_with_bom_chinese_and_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("quotes.txt");
    std::fs::write(
        &report,
        "某某县人民政府关于2023年法治政府建设情况的报告\n一、主要举措和成效\n他说\"依法行政\",全年办理复议案件12件。\n",
    )
    .unwrap();
    let out = out_path(&dir, "审核.csv");
    let outcome = run(&["fixtures/seeds", report.to_str().unwrap(), "--format", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let (headers, rows) = read_csv(&out);
    assert_eq!(&headers[..8], ["排名", "序号", "文件", "标题", "发文机关", "年度", "得分", "等级"]);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().any(|r| r[4] == "郑州市惠济区人民政府"));
    let scores: Vec<f64> = rows.iter().map(|r| r[6].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let (headers, rows) = read_csv(&out.with_extension("findings.csv"));
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (file, rule, name, quote) = (col("文件"), col("规则"), col("规则名称"), col("原文"));
    let quoted = rows.iter().find(|r| r[file].ends_with("quotes.txt") && r[rule] == "punct/halfwidth").unwrap();
    assert!(quoted[quote].contains("他说【\"依法行政\"】,全年"), "{:?}", quoted[quote]);
    assert_eq!(quoted[col("标出的文字")], "\"依法行政\"");
    assert!(rows.iter().any(|r| r[name] == "词语重复" && r[quote].contains("【行政行政】")));
}

/// The two tables of a batch join: a finding's row names its report by the same 序号 and the
/// same relative path as the reports table, so two 司法局.txt in different folders stay apart,
/// and the year is a number in both.
#[test]
fn csv_tables_join_on_number_and_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/huiji-2022.txt")).unwrap();
    for county in ["甲县", "乙县"] {
        std::fs::create_dir(dir.path().join(county)).unwrap();
        std::fs::write(dir.path().join(county).join("司法局.txt"), &text).unwrap();
    }
    let out = out_path(&dir, "审核.csv");
    let batch = dir.path().to_str().unwrap().to_string();
    let outcome = run(&[&batch, "--format", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let (report_headers, reports) = read_csv(&out);
    let (finding_headers, findings) = read_csv(&out.with_extension("findings.csv"));
    let rcol = |name: &str| report_headers.iter().position(|h| h == name).unwrap();
    let fcol = |name: &str| finding_headers.iter().position(|h| h == name).unwrap();
    let files: Vec<&str> = reports.iter().map(|r| r[rcol("文件")].as_str()).collect();
    assert_eq!(files.len(), 2);
    assert!(
        files.iter().any(|f| f.ends_with("甲县/司法局.txt")) && files.iter().any(|f| f.ends_with("乙县/司法局.txt"))
    );
    for report in &reports {
        let (number, file) = (&report[rcol("序号")], &report[rcol("文件")]);
        let rows: Vec<&Vec<String>> = findings.iter().filter(|f| &f[fcol("序号")] == number).collect();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|f| &f[fcol("文件")] == file), "{file}");
        assert!(rows.iter().all(|f| f[fcol("年度")] == report[rcol("年度")] && f[fcol("年度")] == "2022"));
    }
    let grouped = findings.iter().find(|f| f[fcol("问题")].starts_with("本段有8处半角标点")).unwrap();
    assert_eq!(grouped[fcol("处数")], "8");
}

#[test]
fn xlsx_has_a_reports_and_a_findings_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "审核.xlsx");
    let outcome = run(&["fixtures/seeds", "--format", "xlsx", "-o", out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let mut workbook: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(workbook.sheet_names(), ["报告", "问题"]);
    let reports = workbook.worksheet_range("报告").unwrap();
    assert_eq!(reports.height(), 6);
    assert_eq!(reports.get((0, 4)), Some(&Data::String("发文机关".into())));
    let scores: Vec<f64> = (1..6).map(|r| reports.get((r, 6)).unwrap().as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!((1..6).any(|r| reports.get((r, 4)) == Some(&Data::String("黄水镇人民政府".into()))));

    let (json, _) = check_json(&[&fixture("seeds")], &[]);
    let n_findings: usize =
        json["reports"].as_array().unwrap().iter().map(|r| r["findings"].as_array().unwrap().len()).sum();
    let findings = workbook.worksheet_range("问题").unwrap();
    assert_eq!(findings.height(), n_findings + 1);
    assert_eq!(findings.get((0, 11)), Some(&Data::String("问题".into())));
    // The year is a number in both sheets.
    assert!(reports.get((1, 5)).unwrap().as_f64().is_some());
    assert!(findings.get((1, 3)).unwrap().as_f64().is_some());
}

#[test]
fn unreadable_files_are_listed_and_the_others_still_get_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, b"PK\x03\x04\x00\x00binary").unwrap();
    let out = out_path(&dir, "a.html");
    let outcome = run(&[
        "fixtures/seeds/hubin-2023.txt",
        broken.to_str().unwrap(),
        dir.path().join("missing.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(outcome.code, 2);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("无法读取的文件"));
    assert!(html.contains("broken.txt") && html.contains("missing.txt") && html.contains("文件不存在"));
    assert_eq!(html.matches("<section class=\"sheet\"").count(), 1);
    assert!(outcome.stderr.contains("无法检查"));
}

#[test]
fn binary_formats_need_an_output_file() {
    for format in ["xlsx", "csv"] {
        let outcome = run(&["fixtures/seeds", "--format", format]);
        assert_eq!(outcome.code, 2);
        assert!(outcome.stderr.contains("-o"));
    }
    let outcome = run(&["fixtures/seeds", "--format", "md", "--pdf", "-o", "x.md"]);
    assert_eq!(outcome.code, 2);
}

#[test]
fn pdf_without_a_browser_says_how_to_print() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "a.html");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["report", "fixtures/seeds/hubin-2023.txt", "--pdf", "-o"])
        .arg(&out)
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("没有找到 Edge、Chrome 或 Chromium") && stderr.contains("--browser"), "{stderr}");
    assert!(stderr.contains("Ctrl+P"), "{stderr}");
    assert!(out.exists() && !out.with_extension("pdf").exists());
}

fn meta() -> AuditMeta {
    AuditMeta {
        checked_at: "2024-03-01 09:00（北京时间）".into(),
        tool_version: "VERSION".into(),
        pack: "default 1.0.0".into(),
    }
}

fn entry(relative: &str, rules: &RuleSet) -> ReportEntry {
    let checked = check_file(Path::new(relative), &fazhi::engine::ReadOptions::default(), rules).unwrap();
    ReportEntry {
        path: PathBuf::from(relative),
        checked,
        passed: true,
        gate: fazhi::engine::Gate { fail_on: Some(fazhi::finding::Severity::Error), min_score: None },
    }
}

#[test]
fn waived_findings_are_shown_with_their_reason() {
    let (rules, _) = RuleSet::builtin();
    let mut report = entry("fixtures/seeds/hubin-2023.txt", &rules);
    let idx = report.checked.findings.iter().position(|f| &*f.rule == "word/duplicated").unwrap();
    let finding = report.checked.findings.remove(idx);
    report.checked.waived.push(Waived {
        finding,
        reason: Some("原文如此，<引用>不改".into()),
        by: WaiverSource::Config,
        origin: fazhi::suppress::SuppressionOrigin::Config { file: "fazhi.toml".into(), index: 0 },
    });
    let built = audit::build(&[report], &[], &rules, meta());
    let html = audit::html::render(&built);
    let waived = &html[html.find("已豁免（1处）").expect("waived section")..];
    assert!(waived.contains("豁免理由：原文如此，&lt;引用&gt;不改"));
    assert!(waived.contains("<mark>行政行政</mark>"));
    let md = audit::md::render(&built);
    assert!(md.contains("### 已豁免（1处）") && md.contains("原文如此，\\<引用\\>不改"));
    let table = audit::table::findings(&built);
    let col = |name: &str| table.headers().iter().position(|h| *h == name).unwrap();
    let row = table.rows.iter().find(|r| r.cells[col("状态")] == audit::table::Cell::Text("已豁免".into())).unwrap();
    assert_eq!(row.cells[col("规则")], audit::table::Cell::Text("word/duplicated".into()));
}

#[test]
fn markdown_sheet_snapshot() {
    let (rules, _) = RuleSet::builtin();
    let built = audit::build(&[entry("fixtures/seeds/hubin-2023.txt", &rules)], &[], &rules, meta());
    insta::assert_snapshot!("audit_md_hubin", audit::md::render(&built));
}

#[test]
fn suppressions_of_a_repository_reach_the_sheets() {
    let outcome = fazhi(&["report", "--format", "md", &fixture("gate-repo").display().to_string()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("引用上级文件原标题，照录"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("试点文件原名如此，照录"));
    // The configuration's exclude applies: the empty draft is not read.
    assert!(!outcome.stdout.contains("草稿"));
}

/// The human checklist and the audit sheet show every element with the same mark and, where
/// the human line states it, the same words: both come from `render::element`.
#[test]
fn human_output_and_audit_sheets_agree_on_each_element() {
    for dir in ["seeds", "variants"] {
        let dir = fixture(dir);
        let human = fazhi(&["check", "--color", "never", dir.to_str().unwrap()]).stdout;
        let md = run(&["report", "--format", "md", dir.to_str().unwrap()]).stdout;
        let human_marks: Vec<(String, String)> = human
            .lines()
            .filter_map(|l| {
                let l = l.strip_prefix("  ")?;
                let (mark, rest) = l.split_once(' ')?;
                ["✓", "△", "✗", "○"].contains(&mark).then(|| (mark.to_string(), rest.trim_start().to_string()))
            })
            .collect();
        let sheet_marks: Vec<(String, String, String)> = md
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split(" | ").collect();
                let mark = cells.first()?.trim_start_matches("| ");
                (["✓", "△", "✗", "○"].contains(&mark) && cells.len() >= 3)
                    .then(|| (mark.to_string(), cells[1].to_string(), cells[2].to_string()))
            })
            .collect();
        assert_eq!(human_marks.len(), sheet_marks.len(), "one checklist line per element in both");
        assert!(sheet_marks.iter().any(|(m, _, words)| m == "△" && words == "只有零散说明，未作分析"));
        for ((mark, line), (sheet_mark, label, words)) in human_marks.iter().zip(&sheet_marks) {
            assert!(line.starts_with(label.as_str()), "{line} / {label}");
            assert_eq!(mark, sheet_mark, "{label}: human {line} / sheet {words}");
            if mark != "✓" {
                assert!(line.contains(words.as_str()), "{label}: human “{line}” lacks “{words}”");
            }
        }
    }
}

/// Each sheet and the summary table say the verdict and the grade's cap as well as the score,
/// and list the incomplete (△) elements beside the missing ones, in every format.
#[test]
fn sheets_and_summary_show_the_verdict_and_the_partial_elements() {
    let hubin = fixture("seeds/hubin-2023.txt");
    let verdict = "需修改（有3个错误）";
    let md = run(&["--format", "md", hubin.to_str().unwrap()]).stdout;
    let header = md.lines().find(|l| l.starts_with("| 排名 |")).unwrap();
    let headers: Vec<&str> = header.trim_matches('|').split(" | ").map(str::trim).collect();
    let row = md.lines().skip_while(|l| !l.starts_with("| 排名 |")).nth(2).unwrap();
    let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
    let cell =
        |name: &str| cells[headers.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {header}"))];
    assert_eq!(cell("结论"), verdict);
    assert_eq!(cell("不完整的要素"), "第一责任人履职情况");
    assert_eq!(cell("缺失要素"), "—", "其他需要报告的情况 may be left out");
    assert_eq!(cell("等级"), "良好");
    assert!(md.contains(&format!("**结论：{verdict}**")), "{md}");
    assert!(md.contains("**等级：良好（法定内容“第一责任人履职情况”只在其他部分提及或只有零散说明，最高只能评为良好"));

    let html = run(&[hubin.to_str().unwrap()]).stdout;
    assert!(html.contains(&format!("结论：<b class=\"no\">{verdict}</b>")), "{html}");
    assert!(html.contains("<th data-sort>不完整的要素</th>") && html.contains("<th data-sort>结论</th>"));

    let dir = tempfile::tempdir().unwrap();
    let csv = out_path(&dir, "审核.csv");
    assert_eq!(run(&["--format", "csv", hubin.to_str().unwrap(), "-o", csv.to_str().unwrap()]).code, 0);
    let (headers, rows) = read_csv(&csv);
    let cell = |name: &str| &rows[0][headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"))];
    assert_eq!(cell("结论"), verdict);
    assert_eq!(cell("不完整的要素"), "第一责任人履职情况");
    assert!(cell("等级说明").contains("最高只能评为良好"), "{}", cell("等级说明"));

    let xlsx = out_path(&dir, "审核.xlsx");
    assert_eq!(run(&["--format", "xlsx", hubin.to_str().unwrap(), "-o", xlsx.to_str().unwrap()]).code, 0);
    let mut workbook: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let reports = workbook.worksheet_range("报告").unwrap();
    let column = (0..reports.width()).find(|c| reports.get((0, *c)) == Some(&Data::String("结论".into()))).unwrap();
    assert_eq!(reports.get((1, column)), Some(&Data::String(verdict.into())));
}

/// The reports table has the same columns in HTML and Markdown, and they are columns of the
/// CSV and XLSX table, in the same order: all four take them from one column spec.
#[test]
fn the_four_formats_share_the_reports_columns() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = fixture("seeds");
    let html = run(&[seeds.to_str().unwrap()]).stdout;
    let md = run(&["--format", "md", seeds.to_str().unwrap()]).stdout;
    let csv = out_path(&dir, "审核.csv");
    assert_eq!(run(&["--format", "csv", seeds.to_str().unwrap(), "-o", csv.to_str().unwrap()]).code, 0);
    let (csv_headers, csv_rows) = read_csv(&csv);
    let reports_table = &html[html.find("<table class=\"sortable reports\">").unwrap()..];
    let reports_table = &reports_table[..reports_table.find("</thead>").unwrap()];
    let html_headers: Vec<&str> =
        reports_table.split("<th data-sort>").skip(1).map(|h| h.split('<').next().unwrap()).collect();
    let md_line = md.lines().find(|l| l.starts_with("| 排名 |")).unwrap();
    let md_headers: Vec<&str> = md_line.trim_matches('|').split(" | ").map(str::trim).collect();
    assert_eq!(html_headers, md_headers);
    assert_eq!(html_headers.len(), 12);
    let positions: Vec<usize> =
        html_headers.iter().map(|h| csv_headers.iter().position(|c| c == h).unwrap_or_else(|| panic!("{h}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "same order: {positions:?}");
    assert_eq!(csv_rows.len(), 5);
    let html_rows = html.matches("<tr data-sheet=").count();
    let md_rows =
        md.lines().skip_while(|l| !l.starts_with("| 排名 |")).skip(2).take_while(|l| l.starts_with('|')).count();
    assert_eq!((html_rows, md_rows), (5, 5));
}

/// huiji-2022 has 30 half-width-punctuation findings: the sheet prints that rule's help once, in
/// its legend, and a finding that stands for a paragraph's eight commas marks all eight.
#[test]
fn a_rule_help_is_printed_once_and_every_place_is_marked() {
    let (rules, _) = RuleSet::builtin();
    let built = audit::build(&[entry("fixtures/seeds/huiji-2022.txt", &rules)], &[], &rules, meta());
    let html = audit::html::render(&built);
    let help = "把半角（英文）标点改为全角（中文）标点";
    assert_eq!(html.matches(help).count(), 1, "the help once, in the legend");
    let legend = &html[html.find("<h2>规则说明</h2>").expect("a legend")..];
    assert!(legend.contains("<tr data-rule=\"punct/halfwidth\">") && legend.find(help).is_some());
    let sheet = &built.sheets[0];
    let entry = sheet.legend.iter().find(|e| e.rule == "punct/halfwidth").unwrap();
    assert_eq!(entry.findings, sheet.findings().filter(|f| f.rule == "punct/halfwidth").count());
    // A rule with one finding keeps its help on it and stays out of the legend.
    let single = sheet.findings().find(|f| f.rule == "structure/other-matters").unwrap();
    assert!(single.own_help.is_some() && sheet.legend.iter().all(|e| e.rule != single.rule));

    let eight = sheet.findings().find(|f| f.message.starts_with("本段有8处半角标点")).unwrap();
    assert_eq!(eight.places(), 8);
    let block = &html[html.find("本段有8处半角标点").unwrap()..];
    let block = &block[..block.find("</div>").unwrap()];
    assert_eq!(block.matches("<mark>").count(), 8, "{block}");
    assert!(block.contains("共8处，另外7处：第25列“…领导和大力支持下<mark>,</mark>我区坚持"), "{block}");
    assert!(block.contains("怎么改：改为“，”"), "{block}");
    let md = audit::md::render(&built);
    assert_eq!(md.matches(help).count(), 1);
    assert!(md.contains("（共8处，另见第25列、第50列"));
}

#[test]
fn a_chosen_browser_that_is_not_there_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "a.html");
    let missing = dir.path().join("没有这个浏览器.exe");
    let outcome = run(&[
        "fixtures/seeds/hubin-2023.txt",
        "--pdf",
        "--browser",
        missing.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.contains("没有这个浏览器.exe") && outcome.stderr.contains("找不到这个程序"),
        "{}",
        outcome.stderr
    );
}

/// A batch of ten or more shows its progress on standard error, a line at every tenth when
/// standard error is a log, and `--no-progress` turns it off; the sheets are the same.
#[test]
fn a_batch_shows_its_progress_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/hubin-2023.txt")).unwrap();
    for i in 0..20 {
        std::fs::write(dir.path().join(format!("报告{i:02}.txt")), &text).unwrap();
    }
    let outdir = tempfile::tempdir().unwrap();
    let report = |extra: &[&str]| {
        let out = outdir.path().join("审核.md");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .arg("report")
            .arg(dir.path())
            .args(["--format", "md", "-o"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let sheets = std::fs::read_to_string(&out).unwrap();
        (String::from_utf8(output.stderr).unwrap(), sheets.matches("## 审核单").count())
    };
    let (stderr, sheets) = report(&[]);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("正在检查")).collect();
    assert_eq!(lines.len(), 10, "{stderr}");
    assert_eq!(lines[0], "正在检查 2/20");
    assert_eq!(lines[9], "正在检查 20/20");
    assert_eq!(sheets, 20);
    let (stderr, sheets) = report(&["--no-progress"]);
    assert!(!stderr.contains("正在检查"), "{stderr}");
    assert_eq!(sheets, 20);
}
