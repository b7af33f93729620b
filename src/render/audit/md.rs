//! The audit as GitHub-flavoured Markdown, for a CI job summary or a pull-request comment:
//! the summary tables first, then each sheet's checklist and findings.

use std::fmt::Write as _;

use super::table;
use super::{Audit, Context, FindingLine, Sheet, file_name, points};

/// Escapes text for a Markdown table cell or paragraph: Markdown punctuation and `<`/`>` are
/// backslash-escaped (GitHub renders raw HTML otherwise) and line breaks become spaces, so a
/// cell never ends early or spills into the next row.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Renders the whole audit.
#[must_use]
pub fn render(audit: &Audit) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&audit.titles.summary));
    let _ = writeln!(
        out,
        "检查时间：{}　工具：fazhi {}　规则包：{}　共{}份报告，{}份无法读取\n",
        escape(&audit.meta.checked_at),
        escape(&audit.meta.tool_version),
        escape(&audit.meta.pack),
        // Every file of the run counts, so a folder of four with two unreadable says 共 4 份.
        audit.sheets.len() + audit.errors.len(),
        audit.errors.len()
    );
    out.push_str("## 报告得分（按得分排序）\n\n");
    let table = table::reports(audit);
    let headers: Vec<String> = table.printed().map(|(_, column, _)| escape(&column.header)).collect();
    let rules: Vec<&str> = table.printed().map(|(_, column, _)| if column.numeric { "---:" } else { "---" }).collect();
    let _ = writeln!(out, "| {} |\n|{}|", headers.join(" | "), rules.join("|"));
    for row in &table.rows {
        let cells: Vec<String> = table
            .printed()
            .map(|(idx, _, print)| {
                let text = escape(&row.cells[idx].printed(print));
                if print.links_to_sheet { format!("[{text}](#sheet-{})", row.sheet) } else { text }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
    if !audit.errors.is_empty() {
        out.push_str("## 无法读取的文件\n\n| 文件 | 原因 |\n|---|---|\n");
        for (file, reason) in &audit.errors {
            let _ = writeln!(out, "| {} | {} |", escape(file), escape(reason));
        }
        out.push('\n');
    }
    out.push_str("## 等级分布\n\n| 等级 | 报告数 | |\n|---|---:|---|\n");
    for band in &audit.distribution {
        let _ = writeln!(out, "| {} | {} | {} |", escape(&band.label), band.count, "█".repeat(band.count));
    }
    out.push('\n');
    if !audit.rule_counts.is_empty() {
        out.push_str("## 各规则出现次数\n\n| 规则 | 名称 | 级别 | 报告数 | 问题数 |\n|---|---|---|---:|---:|\n");
        for count in &audit.rule_counts {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                count.rule.replace('`', "'"),
                escape(&count.name),
                count.severity.label(),
                count.reports,
                count.findings
            );
        }
        out.push('\n');
    }
    if !audit.similar.is_empty() {
        out.push_str("## 内容雷同的报告\n\n| 两份报告 | 相同内容占比 | 最长相同段落 |\n|---|---|---|\n");
        for row in &audit.similar {
            let _ = writeln!(
                out,
                "| {}<br>{} | {} | {} |",
                escape(&row.reports[0]),
                escape(&row.reports[1]),
                escape(&row.share),
                escape(&row.passage)
            );
        }
        out.push('\n');
    }
    for sheet in &audit.sheets {
        render_sheet(&mut out, audit, sheet);
    }
    out
}

fn render_sheet(out: &mut String, audit: &Audit, sheet: &Sheet) {
    // An explicit anchor: GitHub's generated heading ids drop Chinese punctuation unpredictably.
    let _ = writeln!(out, "<a id=\"sheet-{}\"></a>\n", sheet.number);
    let _ = writeln!(out, "## 审核单 {}：{}\n", sheet.number, escape(file_name(&sheet.file)));
    out.push_str("| 项目 | 内容 |\n|---|---|\n");
    let rows = super::meta_rows(audit, sheet);
    for (label, value) in rows {
        let _ = writeln!(out, "| {label} | {} |", escape(&value));
    }
    let groups: Vec<String> = sheet
        .groups
        .iter()
        .map(|g| format!("{} {}/{}", escape(&g.label), points(g.points - g.lost), points(g.points)))
        .collect();
    let _ = writeln!(
        out,
        "\n**得分 {}**　{}\n\n**等级：{}**\n\n**结论：{}**　错误{} · 警告{} · 提示{}　差错率{:.1}‱（{}处语言差错 / {}字）\n",
        points(sheet.score),
        groups.join(" · "),
        escape(&sheet.grade_explained),
        escape(&sheet.verdict),
        sheet.counts.errors,
        sheet.counts.warnings,
        sheet.counts.infos,
        sheet.error_rate(),
        sheet.language_errors,
        sheet.chars
    );
    out.push_str("| | 要素 | 情况 | 所在位置 | 依据 |\n|---|---|---|---|---|\n");
    for element in &sheet.elements {
        let mut place = element
            .heading
            .as_deref()
            .map(escape)
            .or_else(|| element.evidence.as_deref().map(|e| format!("“{}”", escape(e))))
            .unwrap_or_else(|| "—".to_string());
        if let Some(location) = &element.location {
            let _ = write!(place, "（{}）", escape(location));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            element.mark(),
            escape(&element.label),
            escape(&element.status_label()),
            place,
            escape(&element.basis)
        );
    }
    out.push('\n');
    let n_findings: usize = sheet.sections.iter().map(|s| s.findings.len()).sum();
    if n_findings == 0 {
        out.push_str("没有发现问题。\n\n");
    } else {
        let _ = writeln!(out, "### 问题（{n_findings}处）\n");
        out.push_str("| 部分 | 位置 | 级别 | 问题 | 原文 | 怎么改 | 规则 |\n|---|---|---|---|---|---|---|\n");
        for group in &sheet.sections {
            for finding in &group.findings {
                finding_row(out, &group.label, finding);
            }
        }
        out.push('\n');
    }
    if let Some(previous) = &sheet.previous {
        let _ = writeln!(out, "### 与上一年度报告对比\n\n{}\n", escape(&previous.heading()));
        for line in &previous.lines {
            let _ = writeln!(out, "- {}", escape(line));
        }
        if !previous.lines.is_empty() {
            out.push('\n');
        }
    }
    if !sheet.waived.is_empty() {
        let _ = writeln!(out, "### 已豁免（{}处）\n", sheet.waived.len());
        out.push_str("| 位置 | 问题 | 原文 | 豁免理由 | 规则 |\n|---|---|---|---|---|\n");
        for waived in &sheet.waived {
            let f = &waived.finding;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}（{}） | `{}` |",
                escape(&f.location()),
                escape(&f.message),
                highlighted(&f.context),
                escape(waived.reason.as_deref().unwrap_or("未写明")),
                waived.by,
                f.rule.replace('`', "'")
            );
        }
        out.push('\n');
    }
    legend(out, sheet);
}

fn finding_row(out: &mut String, part: &str, finding: &FindingLine) {
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | `{}` |",
        escape(part),
        escape(&finding.location()),
        finding.severity.label(),
        escape(&finding.message),
        quoted(finding),
        escape(&finding.advice()),
        finding.rule.replace('`', "'")
    );
}

/// The sentence with the problem in bold, and how many more places the finding stands for.
fn quoted(finding: &FindingLine) -> String {
    let mut text = highlighted(&finding.context);
    if !finding.also.is_empty() {
        let places: Vec<String> = finding.also.iter().map(|o| escape(&o.location(finding.line))).collect();
        let _ = write!(text, "（共{}处，另见{}）", finding.places(), places.join("、"));
    }
    text
}

fn legend(out: &mut String, sheet: &Sheet) {
    if sheet.legend.is_empty() {
        return;
    }
    out.push_str("### 规则说明\n\n| 规则 | 处数 | 怎么改 |\n|---|---|---|\n");
    for entry in &sheet.legend {
        let _ = writeln!(
            out,
            "| {}（`{}`） | {} | {} |",
            escape(&entry.name),
            entry.rule.replace('`', "'"),
            entry.findings,
            escape(&entry.help)
        );
    }
    out.push('\n');
}

/// The sentence with the problem in bold (or a bold marker where something is missing).
fn highlighted(context: &Context) -> String {
    let hit = if context.hit.is_empty() {
        "［此处缺少］".to_string()
    } else if context.hit.trim().is_empty() {
        "［空格］".to_string()
    } else {
        escape(context.hit.trim())
    };
    // Bold around text that starts or ends with spaces does not render; the trim keeps it bold.
    format!("{}**{hit}**{}", escape(&context.before), escape(&context.after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(escape("a|b\nc<script>"), "a\\|b c\\<script\\>");
        assert_eq!(escape("**粗**"), "\\*\\*粗\\*\\*");
    }
}
