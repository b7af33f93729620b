//! The two tables that XLSX and CSV share: one row per report (报告) and one row per finding
//! (问题, waived findings included and marked), so that the two formats cannot drift apart.

use super::{Audit, FindingLine, Sheet, file_name, year_text};

/// A cell: text, or a number a spreadsheet can sort and sum.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

impl Cell {
    fn text(value: impl Into<String>) -> Self {
        Cell::Text(value.into())
    }

    /// The cell as CSV text (numbers without needless decimals).
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => format!("{n:.1}"),
            Cell::Empty => String::new(),
        }
    }
}

/// A table with its header and how wide each column may grow (in character widths).
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name (also the CSV file's suffix).
    pub name: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
    /// Widest a column is made; longer text wraps.
    pub max_widths: Vec<f64>,
}

/// The reports table, ranked by score.
#[must_use]
pub fn reports(audit: &Audit) -> Table {
    let mut headers: Vec<String> =
        ["排名", "文件", "标题", "发文机关", "年度", "得分", "等级"].iter().map(ToString::to_string).collect();
    let group_labels: Vec<String> =
        audit.sheets.first().map(|s| s.groups.iter().map(|g| g.label.clone()).collect()).unwrap_or_default();
    headers.extend(group_labels.iter().cloned());
    headers.extend(
        ["缺失要素", "不完整的要素", "错误", "警告", "提示", "字数", "语言差错", "差错率（‱）"]
            .iter()
            .map(ToString::to_string),
    );
    let mut max_widths = vec![6.0, 30.0, 40.0, 24.0, 6.0, 6.0, 6.0];
    max_widths.extend(group_labels.iter().map(|_| 10.0));
    max_widths.extend([24.0, 24.0, 6.0, 6.0, 6.0, 8.0, 8.0, 12.0]);
    let rows = audit
        .ranking
        .iter()
        .enumerate()
        .map(|(rank, &idx)| {
            let sheet = &audit.sheets[idx];
            let mut row = vec![
                Cell::Number((rank + 1) as f64),
                Cell::text(&sheet.file),
                sheet.title.clone().map_or(Cell::Empty, Cell::Text),
                sheet.issuer.clone().map_or(Cell::Empty, Cell::Text),
                sheet.year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
                Cell::Number(sheet.score),
                Cell::text(&sheet.grade),
            ];
            for label in &group_labels {
                let group = sheet.groups.iter().find(|g| &g.label == label);
                row.push(group.map_or(Cell::Empty, |g| Cell::Number(round1(g.points - g.lost))));
            }
            row.extend([
                Cell::text(sheet.missing().join("、")),
                Cell::text(sheet.partial().join("、")),
                Cell::Number(sheet.counts.errors as f64),
                Cell::Number(sheet.counts.warnings as f64),
                Cell::Number(sheet.counts.infos as f64),
                Cell::Number(sheet.chars as f64),
                Cell::Number(sheet.language_errors as f64),
                Cell::Number(round1(sheet.error_rate())),
            ]);
            row
        })
        .collect();
    Table { name: "报告", headers, rows, max_widths }
}

/// The findings table: every finding of every report in input order, then the waived ones.
#[must_use]
pub fn findings(audit: &Audit) -> Table {
    let headers = [
        "文件",
        "发文机关",
        "报告年度",
        "部分",
        "行",
        "列",
        "原文位置",
        "级别",
        "规则",
        "规则名称",
        "问题",
        "原文",
        "怎么改",
        "状态",
        "豁免理由",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let max_widths = vec![24.0, 20.0, 8.0, 18.0, 6.0, 6.0, 12.0, 6.0, 26.0, 20.0, 40.0, 50.0, 50.0, 8.0, 30.0];
    let mut rows = Vec::new();
    for sheet in &audit.sheets {
        for finding in sheet.findings() {
            rows.push(finding_row(sheet, finding, "待处理", None));
        }
        for waived in &sheet.waived {
            let reason = waived.reason.clone().unwrap_or_else(|| "未写明".to_string());
            rows.push(finding_row(sheet, &waived.finding, "已豁免", Some(format!("{reason}（{}）", waived.by))));
        }
    }
    Table { name: "问题", headers, rows, max_widths }
}

fn finding_row(sheet: &Sheet, finding: &FindingLine, state: &str, reason: Option<String>) -> Vec<Cell> {
    vec![
        Cell::text(file_name(&sheet.file)),
        sheet.issuer.clone().map_or(Cell::Empty, Cell::Text),
        Cell::text(year_text(sheet.year)),
        Cell::text(&finding.part),
        Cell::Number(finding.line as f64),
        Cell::Number(finding.column as f64),
        finding.place.clone().map_or(Cell::Empty, Cell::Text),
        Cell::text(finding.severity.label()),
        Cell::text(&finding.rule),
        Cell::text(&finding.rule_name),
        Cell::text(&finding.message),
        Cell::text(finding.context.bracketed()),
        Cell::text(&finding.help),
        Cell::text(state),
        reason.map_or(Cell::Empty, Cell::Text),
    ]
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
