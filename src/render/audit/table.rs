//! The column spec of the audit's tables: one list of columns for the reports table (报告) and
//! one for the findings table (问题). XLSX and CSV write every column; the printed summary
//! (HTML and Markdown) writes the columns marked for print. No format names a column itself,
//! so the four cannot drift apart.

use super::{Audit, FindingLine, Sheet};

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

    /// The cell as the printed summary shows it (raw text; the format escapes it).
    #[must_use]
    pub fn printed(&self, print: &Print) -> String {
        match self {
            Cell::Number(n) => format!("{n:.*}", print.decimals),
            Cell::Text(text) if !text.is_empty() => text.clone(),
            _ => print.absent.to_string(),
        }
    }
}

/// How a column appears in the printed summary (HTML and Markdown).
#[derive(Debug, Clone, PartialEq)]
pub struct Print {
    /// Share of the page width, in per cent (the printed columns add up to 100).
    pub width: u8,
    /// Decimals of a number.
    pub decimals: usize,
    /// What an empty cell shows.
    pub absent: &'static str,
    /// Whether the cell links to the report's sheet.
    pub links_to_sheet: bool,
}

/// One column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header.
    pub header: String,
    /// Widest a spreadsheet column is made (in character widths); longer text wraps.
    pub max_width: f64,
    /// Numbers: right-aligned.
    pub numeric: bool,
    /// How the printed summary shows it; `None`: spreadsheets only.
    pub print: Option<Print>,
}

impl Column {
    fn new(header: &str, max_width: f64) -> Self {
        Self { header: header.to_string(), max_width, numeric: false, print: None }
    }

    fn number(header: &str, max_width: f64) -> Self {
        Self { numeric: true, ..Self::new(header, max_width) }
    }

    fn printed(self, width: u8, decimals: usize, absent: &'static str) -> Self {
        Self { print: Some(Print { width, decimals, absent, links_to_sheet: false }), ..self }
    }

    fn linked(mut self) -> Self {
        if let Some(print) = &mut self.print {
            print.links_to_sheet = true;
        }
        self
    }
}

/// One row, with the number of the sheet it is about.
#[derive(Debug, Clone)]
pub struct Row {
    /// `Sheet::number` of the report.
    pub sheet: usize,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// A table: its columns and rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name (also the CSV file's suffix).
    pub name: &'static str,
    /// The columns.
    pub columns: Vec<Column>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Row>,
}

impl Table {
    /// The headers of every column.
    #[must_use]
    pub fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }

    /// The columns of the printed summary, with their index.
    pub fn printed(&self) -> impl Iterator<Item = (usize, &Column, &Print)> {
        self.columns.iter().enumerate().filter_map(|(i, c)| c.print.as_ref().map(|p| (i, c, p)))
    }
}

/// The reports table, ranked by score.
#[must_use]
pub fn reports(audit: &Audit) -> Table {
    let group_labels: Vec<String> =
        audit.sheets.first().map(|s| s.groups.iter().map(|g| g.label.clone()).collect()).unwrap_or_default();
    let mut columns = vec![
        Column::number("排名", 6.0).printed(4, 0, ""),
        Column::number("序号", 6.0),
        Column::new("文件", 30.0).printed(14, 0, "").linked(),
        Column::new("标题", 40.0),
        Column::new("发文机关", 24.0).printed(12, 0, "（未写明）"),
        Column::number("年度", 6.0).printed(5, 0, "未识别"),
        Column::number("得分", 6.0).printed(6, 1, ""),
        Column::new("等级", 6.0).printed(6, 0, ""),
        Column::new("等级说明", 40.0),
        Column::new("结论", 20.0).printed(12, 0, ""),
    ];
    columns.extend(group_labels.iter().map(|label| Column::number(label, 10.0)));
    columns.extend([
        Column::new("缺失要素", 24.0).printed(12, 0, "—"),
        Column::new("不完整的要素", 24.0).printed(11, 0, "—"),
        Column::number("错误", 6.0).printed(5, 0, ""),
        Column::number("警告", 6.0).printed(5, 0, ""),
        Column::number("提示", 6.0),
        Column::number("字数", 8.0),
        Column::number("语言差错", 8.0),
        Column::number("差错率（‱）", 12.0).printed(8, 1, ""),
    ]);
    let rows = audit
        .ranking
        .iter()
        .enumerate()
        .map(|(rank, &idx)| {
            let sheet = &audit.sheets[idx];
            let mut cells = vec![
                Cell::Number((rank + 1) as f64),
                Cell::Number(sheet.number as f64),
                Cell::text(&sheet.file),
                sheet.title.clone().map_or(Cell::Empty, Cell::Text),
                sheet.issuer.clone().map_or(Cell::Empty, Cell::Text),
                sheet.year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
                Cell::Number(sheet.score),
                Cell::text(&sheet.grade),
                Cell::text(sheet.grade_reasons()),
                Cell::text(&sheet.verdict),
            ];
            for label in &group_labels {
                let group = sheet.groups.iter().find(|g| &g.label == label);
                cells.push(group.map_or(Cell::Empty, |g| Cell::Number(round1(g.points - g.lost))));
            }
            cells.extend([
                Cell::text(sheet.missing().join("、")),
                Cell::text(sheet.partial().join("、")),
                Cell::Number(sheet.counts.errors as f64),
                Cell::Number(sheet.counts.warnings as f64),
                Cell::Number(sheet.counts.infos as f64),
                Cell::Number(sheet.chars as f64),
                Cell::Number(sheet.language_errors as f64),
                Cell::Number(round1(sheet.error_rate())),
            ]);
            Row { sheet: sheet.number, cells }
        })
        .collect();
    Table { name: "报告", columns, rows }
}

/// The findings table: every finding of every report in input order, then the waived ones.
/// A row names its report as the reports table does (序号, the same relative path, issuer and
/// year as numbers), so the two tables join on either key.
#[must_use]
pub fn findings(audit: &Audit) -> Table {
    let columns = vec![
        Column::number("序号", 6.0),
        Column::new("文件", 30.0),
        Column::new("发文机关", 20.0),
        Column::number("年度", 6.0),
        Column::new("部分", 18.0),
        Column::number("行", 6.0),
        Column::number("列", 6.0),
        Column::new("原文位置", 12.0),
        Column::new("级别", 6.0),
        Column::new("规则", 26.0),
        Column::new("规则名称", 20.0),
        Column::new("问题", 40.0),
        Column::new("标出的文字", 20.0),
        Column::number("处数", 6.0),
        Column::new("原文", 50.0),
        Column::new("怎么改", 50.0),
        Column::new("状态", 8.0),
        Column::new("豁免理由", 30.0),
    ];
    let mut rows = Vec::new();
    for sheet in &audit.sheets {
        for finding in sheet.findings() {
            rows.push(Row { sheet: sheet.number, cells: finding_row(sheet, finding, "待处理", None) });
        }
        for waived in &sheet.waived {
            let reason = waived.reason.clone().unwrap_or_else(|| "未写明".to_string());
            let cells = finding_row(sheet, &waived.finding, "已豁免", Some(format!("{reason}（{}）", waived.by)));
            rows.push(Row { sheet: sheet.number, cells });
        }
    }
    Table { name: "问题", columns, rows }
}

fn finding_row(sheet: &Sheet, finding: &FindingLine, state: &str, reason: Option<String>) -> Vec<Cell> {
    vec![
        Cell::Number(sheet.number as f64),
        Cell::text(&sheet.file),
        sheet.issuer.clone().map_or(Cell::Empty, Cell::Text),
        sheet.year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
        Cell::text(&finding.part),
        Cell::Number(finding.line as f64),
        Cell::Number(finding.column as f64),
        finding.place.clone().map_or(Cell::Empty, Cell::Text),
        Cell::text(finding.severity.label()),
        Cell::text(&finding.rule),
        Cell::text(&finding.rule_name),
        Cell::text(&finding.message),
        Cell::text(&finding.context.hit),
        Cell::Number(finding.places() as f64),
        Cell::text(finding.context.bracketed()),
        Cell::text(&finding.help),
        Cell::text(state),
        reason.map_or(Cell::Empty, Cell::Text),
    ]
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_columns_fill_the_page() {
        let audit = Audit {
            meta: super::super::AuditMeta {
                checked_at: String::new(),
                tool_version: String::new(),
                pack: String::new(),
            },
            titles: super::super::AuditTitles { sheet: String::new(), summary: String::new() },
            sheets: Vec::new(),
            ranking: Vec::new(),
            errors: Vec::new(),
            rule_counts: Vec::new(),
            distribution: Vec::new(),
            similar: Vec::new(),
        };
        let table = reports(&audit);
        let total: u32 = table.printed().map(|(_, _, p)| u32::from(p.width)).sum();
        assert_eq!(total, 100);
        assert_eq!(table.printed().filter(|(_, _, p)| p.links_to_sheet).count(), 1);
    }
}
