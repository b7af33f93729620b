//! Printed audit sheets and summaries (`fazhi report`): one sheet per report and a summary
//! across a batch, for inspection offices (依法治X办) that file paper and sort tables.
//!
//! `build` turns checked reports into a format-neutral [`Audit`]: every string a sheet shows is
//! decided here (labels, locations, the sentence around each finding, the legal basis of each
//! element, 差错率), and `html`, `md`, `xlsx`, `csv` and `native` (the PDF, laid out by `paper`)
//! only lay it out. `pdf` prints the HTML with a headless browser when one is installed.
//!
//! **Invariant:** the model holds report text raw; each format escapes it where it is written
//! (HTML entities, Markdown backslashes, CSV quoting), so no report text reaches a format
//! unescaped and none is escaped twice.

mod build;
pub mod csv;
pub mod fonts;
pub mod html;
pub mod linebreak;
pub mod md;
pub mod native;
mod paper;
pub mod pdf;
pub mod table;
pub mod xlsx;

use std::path::Path;

pub use build::{assemble, beijing_time, build, civil_time, context, legal_basis, sheet, similar_rows};

use super::element::Shown;
use crate::finding::Severity;
use crate::results::Counts;
use crate::rules::elements::ElementStatus;

/// Who made the audit and when; shown in every sheet's header.
#[derive(Debug, Clone)]
pub struct AuditMeta {
    /// When the reports were checked, as shown (e.g. `2025-03-01 14:05（北京时间）`).
    pub checked_at: String,
    /// fazhi's version.
    pub tool_version: String,
    /// Rule pack name and version.
    pub pack: String,
}

/// A whole audit: the sheets (in input order) and what the summary needs.
#[derive(Debug, Clone)]
pub struct Audit {
    /// Header data shared by every sheet.
    pub meta: AuditMeta,
    /// Titles of the sheets and the summary, from the pack.
    pub titles: AuditTitles,
    /// One sheet per report that could be read, in input order.
    pub sheets: Vec<Sheet>,
    /// Indexes into `sheets`, best score first (ties: input order).
    pub ranking: Vec<usize>,
    /// Files that could not be read, with the reason.
    pub errors: Vec<(String, String)>,
    /// Per-rule counts across the batch, most widespread first.
    pub rule_counts: Vec<RuleCount>,
    /// Score distribution in grade bands, lowest band first.
    pub distribution: Vec<Band>,
    /// Pairs of reports of different issuers whose text is mostly the same (the batch
    /// comparison); empty when the run did not compare its reports.
    pub similar: Vec<SimilarRow>,
}

/// One row of the summary's table of similar pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarRow {
    /// 两份报告: each file with its issuer.
    pub reports: [String; 2],
    /// 相同内容占比: each report's share of text found in the other, e.g. `93% / 91%`.
    pub share: String,
    /// 最长相同段落: its text (cropped) and its lines in both reports.
    pub passage: String,
}

/// A sheet's 与上一年度报告对比 block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviousBlock {
    /// The previous year's report compared with, when the run gave one.
    pub report: Option<String>,
    /// The comparison's findings, one line each: rule name, location, message.
    pub lines: Vec<String>,
}

impl PreviousBlock {
    /// What the block says first: which report it was compared with, or that none was given.
    #[must_use]
    pub fn heading(&self) -> String {
        match (&self.report, self.lines.is_empty()) {
            (Some(report), true) => format!("与上一年度报告（{report}）对比，未发现照搬、未落实或未整改的内容"),
            (Some(report), false) => format!("与上一年度报告（{report}）对比，发现{}处", self.lines.len()),
            (None, true) => "未提供上一年度报告".to_owned(),
            (None, false) => format!("与上一年度报告对比，发现{}处", self.lines.len()),
        }
    }
}

/// Titles of the sheets and the summary (the pack's `[audit]` table).
#[derive(Debug, Clone)]
pub struct AuditTitles {
    /// Each report's sheet, e.g. 法治政府建设年度报告审核单.
    pub sheet: String,
    /// The batch summary, e.g. 法治政府建设年度报告审核汇总.
    pub summary: String,
}

/// The audit sheet of one report.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// 1-based number in input order; the HTML anchor is `sheet-N`.
    pub number: usize,
    /// The file as given on the command line.
    pub file: String,
    /// Title as written, if found.
    pub title: Option<String>,
    /// Issuing organ, if found.
    pub issuer: Option<String>,
    /// Report year, if found.
    pub year: Option<i32>,
    /// Input format (txt, md, docx, …).
    pub format: &'static str,
    /// Score out of 100.
    pub score: f64,
    /// 优秀/良好/合格/不合格.
    pub grade: String,
    /// The grade with why a cap holds it down, e.g. `合格（缺少法定内容“…”，最高只能评为合格）`.
    pub grade_explained: String,
    /// Why caps hold the grade down (`缺少法定内容“…”，最高只能评为合格`); empty when none does.
    pub grade_caps: Vec<String>,
    /// The gate's verdict in words: `可以报送`, or `需修改（有3个错误）`.
    pub verdict: String,
    /// Whether the report passed the gate.
    pub passed: bool,
    /// Score by group.
    pub groups: Vec<GroupLine>,
    /// Checklist of required elements, in the 规定's order.
    pub elements: Vec<ElementLine>,
    /// Findings grouped by the part of the report they are in, in text order.
    pub sections: Vec<FindingGroup>,
    /// What to do about each rule that has a finding on the sheet, once per rule, in the order
    /// of its first finding: the sheet prints a rule's help here instead of on every finding.
    pub legend: Vec<RuleHelp>,
    /// Findings waived by a suppression.
    pub waived: Vec<WaivedLine>,
    /// Findings by severity.
    pub counts: Counts,
    /// Characters of the text (as `source.char_count()`).
    pub chars: usize,
    /// Findings (errors and warnings) of the rules in the pack's language categories
    /// (`[audit] language_categories`), as the score counts them (`score::language_errors`).
    pub language_errors: usize,
    /// Notes of the reader (parts it could not check).
    pub notes: Vec<String>,
    /// 与上一年度报告对比; `None` when the rules compare nothing with the previous year.
    pub previous: Option<PreviousBlock>,
}

impl Sheet {
    /// 差错率: language errors per 10,000 characters, the measure proofreaders use (万分之 N).
    #[must_use]
    pub fn error_rate(&self) -> f64 {
        crate::score::error_rate(self.language_errors, self.chars)
    }

    /// Labels of the required elements that are missing (elements whose absence only earns a
    /// hint, such as 其他需要报告的情况, are left out).
    #[must_use]
    pub fn missing(&self) -> Vec<&str> {
        self.elements.iter().filter(|e| e.shown.is_missing()).map(|e| &*e.label).collect()
    }

    /// Labels of the elements that are incomplete: only mentioned inside other parts, or only
    /// hinted at.
    #[must_use]
    pub fn partial(&self) -> Vec<&str> {
        self.elements.iter().filter(|e| e.is_partial()).map(|e| &*e.label).collect()
    }

    /// Why the grade is below that of the points, or nothing.
    #[must_use]
    pub fn grade_reasons(&self) -> String {
        self.grade_caps.join("；")
    }

    /// Every finding of the sheet, in text order.
    pub fn findings(&self) -> impl Iterator<Item = &FindingLine> {
        self.sections.iter().flat_map(|s| &s.findings)
    }
}

/// Points of one scoring group.
#[derive(Debug, Clone)]
pub struct GroupLine {
    /// Chinese label.
    pub label: String,
    /// Points of the group.
    pub points: f64,
    /// Points lost.
    pub lost: f64,
}

/// One line of the element checklist.
#[derive(Debug, Clone)]
pub struct ElementLine {
    /// Key, e.g. `shortcomings`.
    pub key: String,
    /// Chinese label.
    pub label: String,
    /// How it is present.
    pub status: ElementStatus,
    /// How it is shown (mark and words).
    pub shown: Shown,
    /// The heading that carries it, as written.
    pub heading: Option<String>,
    /// The words that show it when it has no heading of its own.
    pub evidence: Option<String>,
    /// Where it was found: line, and the place in the original for .docx/.pdf.
    pub location: Option<String>,
    /// The legal basis of the requirement, from its rule's description.
    pub basis: String,
}

impl ElementLine {
    /// ✓, △ or ✗, as every output shows it (`render::element`).
    #[must_use]
    pub fn mark(&self) -> &'static str {
        self.shown.mark()
    }

    /// Whether the element is there but incomplete: only mentioned, or only hinted at.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        self.shown.is_partial()
    }

    /// The status in words.
    #[must_use]
    pub fn status_label(&self) -> String {
        self.shown.words()
    }
}

/// Findings in one part of the report.
#[derive(Debug, Clone)]
pub struct FindingGroup {
    /// The part: an element's label, a top-level heading, or 标题、主送机关与落款.
    pub label: String,
    /// Its findings in text order.
    pub findings: Vec<FindingLine>,
}

/// One finding as a sheet shows it.
#[derive(Debug, Clone)]
pub struct FindingLine {
    /// Rule id.
    pub rule: String,
    /// Rule's Chinese name.
    pub rule_name: String,
    /// Severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do (with the suggested replacement when there is one), whole: what a row of a
    /// spreadsheet, read on its own, needs.
    pub help: String,
    /// What to do, when it differs from the rule's help in the sheet's legend (a rule whose
    /// help names the word found); `None`: the legend says it.
    pub own_help: Option<String>,
    /// The replacement text, when one is known.
    pub suggestion: Option<String>,
    /// The part of the report (same as the group label).
    pub part: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Where in the original (.docx 第N段, .pdf 第N页), when the reader knows.
    pub place: Option<String>,
    /// The sentence around the problem, split at the problem.
    pub context: Context,
    /// The other places this finding stands for (a paragraph's other half-width commas), each
    /// with a few characters around it; empty for most findings.
    pub also: Vec<Occurrence>,
}

/// One more place a finding stands for.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The few characters around the place, split at it.
    pub context: Context,
}

impl Occurrence {
    /// 第M列 on the finding's line, else 第N行第M列.
    #[must_use]
    pub fn location(&self, finding_line: usize) -> String {
        if self.line == finding_line {
            format!("第{}列", self.column)
        } else {
            format!("第{}行第{}列", self.line, self.column)
        }
    }
}

/// A rule's help, printed once on a sheet.
#[derive(Debug, Clone)]
pub struct RuleHelp {
    /// Rule id.
    pub rule: String,
    /// Chinese name.
    pub name: String,
    /// What to do.
    pub help: String,
    /// Findings of the rule on the sheet (waived ones included).
    pub findings: usize,
}

impl FindingLine {
    /// How many places the finding stands for (1 and the others in `also`).
    #[must_use]
    pub fn places(&self) -> usize {
        1 + self.also.len()
    }

    /// What the finding's own line says to do: its help when the sheet's legend does not say
    /// it, else the replacement, else a pointer to the legend.
    #[must_use]
    pub fn advice(&self) -> String {
        match (&self.own_help, &self.suggestion) {
            (Some(help), Some(s)) if !help.contains(s.as_str()) => format!("{help}（建议：“{s}”）"),
            (Some(help), _) => help.clone(),
            (None, Some(s)) => format!("改为“{s}”（详见本单“规则说明”）"),
            (None, None) => "见本单“规则说明”".to_string(),
        }
    }

    /// 第N行第M列, with the place in the original when known.
    #[must_use]
    pub fn location(&self) -> String {
        match &self.place {
            Some(place) => format!("{place}（第{}行第{}列）", self.line, self.column),
            None => format!("第{}行第{}列", self.line, self.column),
        }
    }
}

/// The sentence around a finding: text before, the problem text, text after. An empty `hit`
/// marks where something is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Text before the problem (starts with … when cut).
    pub before: String,
    /// The problem text (ends with … when cut).
    pub hit: String,
    /// Text after the problem (ends with … when cut).
    pub after: String,
}

impl Context {
    /// The sentence on one line, with the problem in 【】 (for plain-text cells).
    #[must_use]
    pub fn bracketed(&self) -> String {
        let hit = if self.hit.is_empty() { "此处缺少" } else { &self.hit };
        format!("{}【{hit}】{}", self.before, self.after)
    }
}

/// A waived finding and why.
#[derive(Debug, Clone)]
pub struct WaivedLine {
    /// The finding as reported.
    pub finding: FindingLine,
    /// The reason given (`None`: none was given).
    pub reason: Option<String>,
    /// Where the waiver is written, in words.
    pub by: &'static str,
}

/// How often one rule fired across the batch.
#[derive(Debug, Clone)]
pub struct RuleCount {
    /// Rule id.
    pub rule: String,
    /// Chinese name.
    pub name: String,
    /// The level its findings had (a rule whose level a per-file setting changed has one row
    /// per level).
    pub severity: Severity,
    /// Reports with at least one finding of it.
    pub reports: usize,
    /// Findings in all.
    pub findings: usize,
}

/// One bar of the score distribution.
#[derive(Debug, Clone)]
pub struct Band {
    /// Label, e.g. `80–89 良好`.
    pub label: String,
    /// Reports in the band.
    pub count: usize,
}

/// A score with one decimal.
#[must_use]
pub fn points(value: f64) -> String {
    format!("{value:.1}")
}

/// The rows at the head of every sheet (label, value), in every format alike.
fn meta_rows(audit: &Audit, sheet: &Sheet) -> [(&'static str, String); 6] {
    [
        ("报告标题", sheet.title.clone().unwrap_or_else(|| "（未找到标题）".to_string())),
        ("发文机关", sheet.issuer.clone().unwrap_or_else(|| "（未写明）".to_string())),
        ("报告年度", year_text(sheet.year)),
        ("文件", format!("{}（{}，{}字）", sheet.file, sheet.format, sheet.chars)),
        ("检查时间", audit.meta.checked_at.clone()),
        ("检查工具", format!("fazhi {}，规则包 {}", audit.meta.tool_version, audit.meta.pack)),
    ]
}

/// The year, or 未识别.
#[must_use]
pub fn year_text(year: Option<i32>) -> String {
    year.map_or_else(|| "未识别".to_string(), |y| y.to_string())
}

/// The file name without its folders (for headers and sheet titles).
#[must_use]
pub fn file_name(file: &str) -> &str {
    Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file)
}
