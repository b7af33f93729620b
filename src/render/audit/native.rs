//! `--format pdf`: the audit printed without a browser. The summary and each sheet become
//! [`paper::Part`]s holding what the HTML sheet shows (title, score, elements, findings with
//! their excerpt and every marked place, the rules' legend, the signature block) in a simpler
//! look, and `paper` lays them out on A4 pages.

use super::paper::{self, BLACK, FileInfo, GREEN, GREY, ORANGE, Part, RED, Row};
use super::table;
use super::{Audit, Context, FindingLine, Sheet, file_name, points};
use crate::finding::Severity;
use crate::render::element::LEGEND;

pub use super::paper::PaperError;

const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;

/// The whole audit as one PDF: the summary, then every sheet on new pages; with `recto`, each
/// on an odd page, for printing on both sides.
///
/// # Errors
/// When the font cannot be embedded or the writer fails.
pub fn render(
    audit: &Audit,
    font: &super::fonts::FontChoice,
    unix_seconds: u64,
    recto: bool,
) -> Result<Vec<u8>, PaperError> {
    let mut parts = vec![summary(audit)];
    parts.extend(audit.sheets.iter().map(|sheet| sheet_part(audit, sheet)));
    let files: Vec<&str> = audit.sheets.iter().map(|s| s.file.as_str()).collect();
    paper::write(&parts, font, &info(&audit.titles.summary, &files.join("\n"), audit, unix_seconds), recto)
}

/// The summary alone, as its own PDF (`--split`).
///
/// # Errors
/// As [`render`].
pub fn render_summary(
    audit: &Audit,
    font: &super::fonts::FontChoice,
    unix_seconds: u64,
) -> Result<Vec<u8>, PaperError> {
    let files: Vec<&str> = audit.sheets.iter().map(|s| s.file.as_str()).collect();
    let id = format!("summary\n{}", files.join("\n"));
    paper::write(&[summary(audit)], font, &info(&audit.titles.summary, &id, audit, unix_seconds), false)
}

/// One sheet as its own PDF (`--split`).
///
/// # Errors
/// As [`render`].
pub fn render_sheet(
    audit: &Audit,
    sheet: &Sheet,
    font: &super::fonts::FontChoice,
    unix_seconds: u64,
) -> Result<Vec<u8>, PaperError> {
    let title = format!("{}：{}", audit.titles.sheet, file_name(&sheet.file));
    paper::write(&[sheet_part(audit, sheet)], font, &info(&title, &sheet.file, audit, unix_seconds), false)
}

fn info(title: &str, inputs: &str, audit: &Audit, unix_seconds: u64) -> FileInfo {
    let (year, month, day, hour, minute, second) = super::civil_time(unix_seconds);
    let (b_year, b_month, b_day, ..) = super::civil_time(unix_seconds + 8 * 3600);
    FileInfo {
        title: title.to_string(),
        date: format!("{b_year:04}-{b_month:02}-{b_day:02}"),
        created: (
            u16::try_from(year).unwrap_or(2000),
            u8::try_from(month).unwrap_or(1),
            u8::try_from(day).unwrap_or(1),
            hour as u8,
            minute as u8,
            second as u8,
        ),
        id: format!("fazhi {} {} {unix_seconds}\n{title}\n{inputs}", audit.meta.tool_version, audit.meta.pack),
        producer: format!("fazhi {}", audit.meta.tool_version),
    }
}

/// The file names of `--split`: the summary's (its title) and one per report, made from the
/// report's path below the folder all reports share, its folders joined with `_` (`甲县/司法局.txt`
/// becomes `甲县_司法局.pdf`), characters no file system allows replaced, and a number added
/// where two names would be the same (letter case ignored, as Windows and macOS do).
#[must_use]
pub fn split_names(summary: &str, files: &[&str]) -> (String, Vec<String>) {
    let components = |file: &str| -> Vec<String> {
        std::path::Path::new(file)
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let paths: Vec<Vec<String>> = files.iter().map(|f| components(f)).collect();
    // The folders every report is under (the last component, the file, is never shared).
    let shared = paths.first().map_or(0, |first| {
        (0..first.len().saturating_sub(1))
            .take_while(|&i| paths.iter().all(|p| p.len() > i + 1 && p[i] == first[i]))
            .count()
    });
    let clean = |name: &str| -> String {
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect::<String>()
            .trim_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string()
    };
    let summary_name = format!("{}.pdf", clean(summary));
    let mut taken: Vec<String> = vec![summary_name.to_lowercase()];
    let mut names = Vec::new();
    for path in &paths {
        let mut parts: Vec<String> = path[shared.min(path.len())..].to_vec();
        if let Some(last) = parts.last_mut() {
            let stem = std::path::Path::new(last.as_str()).file_stem().map(|s| s.to_string_lossy().into_owned());
            if let Some(stem) = stem {
                *last = stem;
            }
        }
        let base = clean(&parts.join("_"));
        let base = if base.is_empty() { "报告".to_string() } else { base };
        let mut name = format!("{base}.pdf");
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            name = format!("{base}-{n}.pdf");
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    (summary_name, names)
}

/// The running header of a sheet's pages: the report's title, else its issuer, else its file.
#[must_use]
pub fn sheet_header(sheet: &Sheet) -> String {
    sheet.title.clone().or_else(|| sheet.issuer.clone()).unwrap_or_else(|| file_name(&sheet.file).to_string())
}

fn title_row(text: &str) -> Row {
    Row { space_before: 0.0, ..Row::heading(text, 16.0) }
}

fn summary(audit: &Audit) -> Part {
    let mut rows = vec![
        title_row(&audit.titles.summary),
        Row::text(
            format!(
                "检查时间：{}　工具：fazhi {}　规则包：{}　共{}份报告，{}份无法读取",
                audit.meta.checked_at,
                audit.meta.tool_version,
                audit.meta.pack,
                audit.sheets.len() + audit.errors.len(),
                audit.errors.len()
            ),
            SMALL,
            GREY,
        ),
        Row::heading("报告得分（按得分排序）", 12.0),
    ];
    let table = table::reports(audit);
    let columns: Vec<(f32, &str)> =
        table.printed().map(|(_, c, p)| (f32::from(p.width) / 100.0, c.header.as_str())).collect();
    rows.push(header_row(&columns, SMALL));
    for row in &table.rows {
        let cells = table
            .printed()
            .map(|(idx, _, print)| (f32::from(print.width) / 100.0, row.cells[idx].printed(print)))
            .collect::<Vec<_>>();
        rows.push(Row::table(cells, SMALL));
    }
    if !audit.errors.is_empty() {
        rows.push(Row::heading("无法读取的文件", 12.0));
        rows.push(header_row(&[(0.4, "文件"), (0.6, "原因")], SMALL));
        for (file, reason) in &audit.errors {
            rows.push(Row::table(vec![(0.4, file.clone()), (0.6, reason.clone())], SMALL));
        }
    }
    rows.push(Row::heading("等级分布", 12.0));
    let max = audit.distribution.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for band in &audit.distribution {
        let bar = "█".repeat((band.count * 30).div_ceil(max));
        rows.push(Row::text(format!("{}　{}份　{bar}", band.label, band.count), BODY, BLACK));
    }
    rows.push(Row::heading("各规则出现次数", 12.0));
    if audit.rule_counts.is_empty() {
        rows.push(Row::text("没有发现问题。", BODY, BLACK));
    } else {
        rows.push(header_row(
            &[(0.38, "规则"), (0.3, "名称"), (0.1, "级别"), (0.11, "报告数"), (0.11, "问题数")],
            SMALL,
        ));
        for count in &audit.rule_counts {
            rows.push(Row::table(
                vec![
                    (0.38, count.rule.clone()),
                    (0.3, count.name.clone()),
                    (0.1, count.severity.label().to_string()),
                    (0.11, count.reports.to_string()),
                    (0.11, count.findings.to_string()),
                ],
                SMALL,
            ));
        }
    }
    if !audit.similar.is_empty() {
        rows.push(Row::heading("内容雷同的报告", 12.0));
        rows.push(header_row(&[(0.34, "两份报告"), (0.14, "相同内容占比"), (0.52, "最长相同段落")], SMALL));
        for row in &audit.similar {
            rows.push(Row::table(
                vec![
                    (0.34, format!("{}；{}", row.reports[0], row.reports[1])),
                    (0.14, row.share.clone()),
                    (0.52, row.passage.clone()),
                ],
                SMALL,
            ));
        }
    }
    Part { header: audit.titles.summary.clone(), rows }
}

fn header_row(columns: &[(f32, &str)], size: f32) -> Row {
    Row {
        shade: Some((238, 238, 238)),
        space_before: 2.0,
        ..Row::table(columns.iter().map(|(w, h)| (*w, (*h).to_string())).collect(), size)
    }
}

fn sheet_part(audit: &Audit, sheet: &Sheet) -> Part {
    let mut rows = vec![title_row(&audit.titles.sheet)];
    let meta = super::meta_rows(audit, sheet);
    for (label, value) in meta {
        rows.push(Row::table(vec![(0.2, label.to_string()), (0.8, value)], BODY));
    }
    rows.push(Row::heading("得分", 12.0));
    rows.push(Row::text(format!("{}分　等级：{}", points(sheet.score), sheet.grade_explained), 13.0, BLACK));
    rows.push(Row::text(format!("结论：{}", sheet.verdict), BODY, if sheet.passed { GREEN } else { RED }));
    rows.push(Row::text(
        format!(
            "错误{} · 警告{} · 提示{}　差错率{:.1}‱（{}处语言差错 / {}字）",
            sheet.counts.errors,
            sheet.counts.warnings,
            sheet.counts.infos,
            sheet.error_rate(),
            sheet.language_errors,
            sheet.chars
        ),
        BODY,
        BLACK,
    ));
    rows.push(header_row(&[(0.55, "评分项"), (0.15, "分值"), (0.15, "扣分"), (0.15, "得分")], SMALL));
    for group in &sheet.groups {
        rows.push(Row::table(
            vec![
                (0.55, group.label.clone()),
                (0.15, points(group.points)),
                (0.15, points(group.lost)),
                (0.15, points(group.points - group.lost)),
            ],
            SMALL,
        ));
    }
    elements(&mut rows, sheet);
    findings(&mut rows, sheet);
    legend(&mut rows, sheet);
    if !sheet.notes.is_empty() {
        rows.push(Row::heading("未检查的部分", 12.0));
        for note in &sheet.notes {
            rows.push(Row::text(format!("· {note}"), BODY, BLACK));
        }
    }
    rows.push(Row::heading("审核意见", 12.0));
    rows.push(Row { space_before: 0.0, keep: true, ..Row::text("\n\n\n", BODY, BLACK) });
    rows.push(Row {
        space_before: 10.0,
        ..Row::text("审核人：＿＿＿＿＿＿　　复核人：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", 11.0, BLACK)
    });
    Part { header: sheet_header(sheet), rows }
}

fn elements(rows: &mut Vec<Row>, sheet: &Sheet) {
    rows.push(Row::heading("必备要素", 12.0));
    rows.push(header_row(&[(0.2, "要素"), (0.18, "情况"), (0.3, "所在位置"), (0.32, "依据")], SMALL));
    for element in &sheet.elements {
        let mut place = String::new();
        if let Some(heading) = &element.heading {
            place.push_str(heading);
        } else if let Some(words) = &element.evidence {
            place.push_str(&format!("“{words}”"));
        }
        if let Some(location) = &element.location {
            place.push_str(&format!("\n{location}"));
        }
        let mut row = Row::table(
            vec![
                (0.2, element.label.clone()),
                (0.18, format!("{} {}", element.mark(), element.status_label())),
                (0.3, if place.is_empty() { "—".to_string() } else { place }),
                (0.32, element.basis.clone()),
            ],
            SMALL,
        );
        row.cells[1].colour = match element.shown.class() {
            "ok" => GREEN,
            "part" => ORANGE,
            "no" => RED,
            _ => GREY,
        };
        rows.push(row);
    }
    rows.push(Row::text(LEGEND, SMALL, GREY));
}

fn findings(rows: &mut Vec<Row>, sheet: &Sheet) {
    let n_findings: usize = sheet.sections.iter().map(|s| s.findings.len()).sum();
    rows.push(Row::heading(format!("问题（{n_findings}处）"), 12.0));
    if n_findings == 0 {
        rows.push(Row::text("没有发现问题。", BODY, BLACK));
    }
    for group in &sheet.sections {
        rows.push(Row::heading(format!("{}（{}处）", group.label, group.findings.len()), 11.0));
        for finding in &group.findings {
            finding_rows(rows, finding, None);
        }
    }
    if let Some(previous) = &sheet.previous {
        rows.push(Row::heading("与上一年度报告对比", 12.0));
        rows.push(Row::text(previous.heading(), BODY, BLACK));
        for line in &previous.lines {
            rows.push(Row::text(format!("· {line}"), SMALL, BLACK));
        }
    }
    if !sheet.waived.is_empty() {
        rows.push(Row::heading(format!("已豁免（{}处）", sheet.waived.len()), 12.0));
        for waived in &sheet.waived {
            let reason = match &waived.reason {
                Some(reason) => format!("豁免理由：{reason}（{}）", waived.by),
                None => format!("豁免理由：未写明（{}）", waived.by),
            };
            finding_rows(rows, &waived.finding, Some(&reason));
        }
    }
}

/// A finding: its level and message, the excerpt with the place in 【】, every other place it
/// stands for, what to do, where it is and its rule.
fn finding_rows(rows: &mut Vec<Row>, finding: &FindingLine, waived: Option<&str>) {
    let colour = match finding.severity {
        Severity::Error => RED,
        Severity::Warning => ORANGE,
        Severity::Info => GREY,
    };
    rows.push(Row {
        space_before: 5.0,
        keep: true,
        ..Row::text(format!("［{}］{}", finding.severity.label(), finding.message), BODY, colour)
    });
    rows.push(Row { shade: Some((245, 245, 245)), ..Row::text(marked(&finding.context), BODY, BLACK) });
    if !finding.also.is_empty() {
        let places: Vec<String> =
            finding.also.iter().map(|o| format!("{}“{}”", o.location(finding.line), marked(&o.context))).collect();
        rows.push(Row::text(
            format!("共{}处，另外{}处：{}", finding.places(), finding.also.len(), places.join("；")),
            SMALL,
            BLACK,
        ));
    }
    rows.push(Row::text(format!("怎么改：{}", finding.advice()), BODY, BLACK));
    rows.push(Row::text(format!("{}　规则 {} {}", finding.location(), finding.rule, finding.rule_name), SMALL, GREY));
    if let Some(reason) = waived {
        rows.push(Row::text(reason, SMALL, GREY));
    }
}

/// The sentence with the problem in 【】, or ［此处缺少］ where something is missing.
fn marked(context: &Context) -> String {
    if context.hit.is_empty() {
        format!("{}［此处缺少］{}", context.before, context.after)
    } else {
        context.bracketed()
    }
}

fn legend(rows: &mut Vec<Row>, sheet: &Sheet) {
    if sheet.legend.is_empty() {
        return;
    }
    rows.push(Row::heading("规则说明", 12.0));
    rows.push(header_row(&[(0.25, "规则"), (0.08, "处数"), (0.67, "怎么改")], SMALL));
    for entry in &sheet.legend {
        rows.push(Row::table(
            vec![
                (0.25, format!("{}\n{}", entry.name, entry.rule)),
                (0.08, entry.findings.to_string()),
                (0.67, entry.help.clone()),
            ],
            SMALL,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_names_flatten_folders_and_avoid_collisions() {
        let files = ["batch/甲县/司法局.txt", "batch/乙县/司法局.docx", "batch/乙县/司法局.pdf", "batch/a:b.txt"];
        let (summary, names) = split_names("审核汇总", &files);
        assert_eq!(summary, "审核汇总.pdf");
        assert_eq!(names, ["甲县_司法局.pdf", "乙县_司法局.pdf", "乙县_司法局-2.pdf", "a_b.pdf"]);
        let (_, names) = split_names("审核汇总", &["../x/审核汇总.txt", "../x/B.txt", "../x/b.md"]);
        assert_eq!(names, ["审核汇总-2.pdf", "B.pdf", "b-2.pdf"]);
    }
}
