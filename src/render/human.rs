//! The human format: each finding as a miette diagnostic over a cropped excerpt, then a summary
//! per report (checklist of required elements, score, grade, counts), in Chinese.

use std::fmt::{self, Write as _};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::element::{self, Shown};
use super::excerpt::Excerpt;
use crate::engine::Checked;
use crate::finding::{Finding, Severity};
use crate::results::{Counts, FileError, ReportEntry};

/// How to print.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colours.
    pub color: bool,
    /// Only the summary lines, no diagnostics or checklists.
    pub quiet: bool,
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    excerpt: Excerpt,
    help: String,
    label: String,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic").field("rule", &self.finding.rule).finish_non_exhaustive()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&*self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some(self.label.clone()), self.excerpt.label()))))
    }
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false)
}

/// Renders one finding as a miette diagnostic.
#[must_use]
pub fn render_finding(entry: &ReportEntry, finding: &Finding, color: bool) -> String {
    let source = &entry.checked.document.source;
    let name = match source.origin.place_at(finding.span.start) {
        Some(place) => format!("{}（{place}）", entry.path.display()),
        None => entry.path.display().to_string(),
    };
    let excerpt = Excerpt::new(&name, &entry.checked.document.source, finding.span);
    let help = match &finding.suggestion {
        Some(s) if !s.is_empty() && !finding.help.contains(s.as_str()) => format!("{}（建议：“{s}”）", finding.help),
        _ => finding.help.clone(),
    };
    let label = if finding.span.is_empty() {
        "此处缺少".to_string()
    } else if let Some(s) = finding.suggestion.as_ref().filter(|s| !s.is_empty()) {
        format!("改为“{s}”")
    } else {
        "此处".to_string()
    };
    let diagnostic = FindingDiagnostic { finding, excerpt, help, label };
    let mut out = String::new();
    if handler(color).render_report(&mut out, &diagnostic).is_err() {
        let _ = writeln!(out, "{}: {}", finding.rule, finding.message);
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    let used = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn crop(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max_chars).collect::<String>())
    }
}

/// The per-report summary: title, elements checklist, score, grade (with the cap that holds it
/// down, if any), counts and verdict (with what fails it).
#[must_use]
pub fn render_summary(entry: &ReportEntry) -> String {
    let checked: &Checked = &entry.checked;
    let doc = &checked.document;
    let mut out = String::new();
    let _ = writeln!(out, "── {} ──", entry.path.display());
    match (doc.title_text(), &doc.title) {
        (Some(title), Some(t)) => {
            let _ = writeln!(out, "标题：{title}（第{}行）", doc.source.position(t.span.start).line);
        }
        _ => {
            let _ = writeln!(out, "标题：未找到");
        }
    }
    let issuer = doc.issuer_text().unwrap_or_else(|| "未写明".to_string());
    let year = doc.report_year.map_or_else(|| "未识别".to_string(), |y| y.year.to_string());
    let _ = writeln!(
        out,
        "发文机关：{issuer}　报告年度：{year}　编码：{}　字数：{}",
        doc.source.encoding,
        doc.source.char_count()
    );
    // What the reader left out (a Word file's headers, footnotes …), so nobody takes it as checked.
    if !doc.source.origin.notes.is_empty() {
        let _ = writeln!(out, "说明：{}", doc.source.origin.notes.join("；"));
    }
    let _ = writeln!(out, "必备要素：");
    let label_width = checked.elements.list.iter().map(|e| UnicodeWidthStr::width(e.label.as_str())).max().unwrap_or(0);
    for element in &checked.elements.list {
        let shown = Shown::of(element);
        let evidence = element::evidence(element);
        let line = evidence.map_or(String::new(), |s| format!("（第{}行）", doc.source.position(s.start).line));
        let quoted = |max_chars| format!("“{}”", crop(evidence.map_or("", |s| doc.text(s)), max_chars));
        let detail = match shown {
            Shown::Heading => format!("{}{line}", crop(element.heading.map_or("", |h| doc.heading_full(h)), 36)),
            Shown::Analysed | Shown::Hinted => format!("{}：{}{line}", shown.lead(), quoted(20)),
            Shown::Mentioned => format!("{}：{}{line}", shown.lead(), quoted(24)),
            Shown::Missing | Shown::Optional { .. } => shown.words(),
        };
        let _ = writeln!(out, "  {} {} {detail}", shown.mark(), pad(&element.label, label_width));
    }
    let groups: Vec<String> = checked
        .score
        .groups
        .iter()
        .map(|g| format!("{} {}/{}", g.label, fmt_points(g.points - g.lost), fmt_points(g.points)))
        .collect();
    let _ = writeln!(out, "得分：{}　{}", fmt_points(checked.score.total), groups.join(" · "));
    let _ = writeln!(out, "等级：{}", checked.score.grade_explained());
    let counts = Counts::of(checked);
    let _ = writeln!(
        out,
        "问题：错误 {} · 警告 {} · 提示 {}　结论：{}",
        counts.errors,
        counts.warnings,
        counts.infos,
        entry.verdict()
    );
    if checked.baselined > 0 {
        let _ = writeln!(out, "另有 {} 条问题已记录在基线中，未列出", checked.baselined);
    }
    if !checked.waived.is_empty() {
        let _ = writeln!(out, "已豁免 {} 条：", checked.waived.len());
        for waived in &checked.waived {
            let line = doc.source.position(waived.finding.span.start).line;
            let reason = waived.reason.as_deref().unwrap_or("（未写理由）");
            let _ = writeln!(
                out,
                "  第{line}行 {}　{}　理由：{reason}",
                waived.finding.rule,
                crop(&waived.finding.message, 30)
            );
        }
    }
    out
}

fn fmt_points(value: f64) -> String {
    format!("{value:.1}")
}

/// One line per report, for `--quiet`.
#[must_use]
pub fn render_quiet_line(entry: &ReportEntry) -> String {
    let counts = Counts::of(&entry.checked);
    format!(
        "{}：{}分 {}，错误 {}，警告 {}，提示 {}，{}\n",
        entry.path.display(),
        fmt_points(entry.checked.score.total),
        entry.checked.score.grade_explained(),
        counts.errors,
        counts.warnings,
        counts.infos,
        entry.verdict()
    )
}

/// The whole human output of a run.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError], options: HumanOptions) -> String {
    let passed = reports.iter().filter(|r| r.passed).count();
    let mut out = render_reports(reports, options);
    out.push_str(&render_tail(errors, reports.len(), passed));
    out
}

/// The diagnostics and summary of each report, in order; a run may print these chunk by chunk.
#[must_use]
pub fn render_reports(reports: &[ReportEntry], options: HumanOptions) -> String {
    // Diagnostics cost more to lay out than to find; each report is rendered on its own core.
    let blocks: Vec<String> = reports
        .par_iter()
        .map(|entry| {
            if options.quiet {
                return render_quiet_line(entry);
            }
            let mut block = String::new();
            for finding in &entry.checked.findings {
                block.push_str(&render_finding(entry, finding, options.color));
                block.push('\n');
            }
            block.push_str(&render_summary(entry));
            block.push('\n');
            block
        })
        .collect();
    blocks.concat()
}

/// The end of a run's output: unreadable files, then the count of reports when there was more
/// than one file.
#[must_use]
pub fn render_tail(errors: &[FileError], reports: usize, passed: usize) -> String {
    let mut out = String::new();
    for error in errors {
        let _ = writeln!(out, "无法检查 {}：{}", error.path.display(), error.message);
    }
    if reports + errors.len() > 1 {
        let _ = write!(out, "共 {reports} 份报告：可以报送 {passed}，需修改 {}", reports - passed);
        if !errors.is_empty() {
            let _ = write!(out, "；{} 个文件无法读取", errors.len());
        }
        out.push('\n');
    }
    out
}
