//! Printed audit sheets and summaries (`fazhi report`): one sheet per report and a summary
//! across a batch, for inspection offices (依法治X办) that file paper and sort tables.
//!
//! `build` turns checked reports into a format-neutral [`Audit`]: every string a sheet shows is
//! decided here (labels, locations, the sentence around each finding, the legal basis of each
//! element, 差错率), and `html`, `md`, `xlsx` and `csv` only lay it out. `pdf` prints the HTML
//! with a headless browser when one is installed.
//!
//! **Invariant:** the model holds report text raw; each format escapes it where it is written
//! (HTML entities, Markdown backslashes, CSV quoting), so no report text reaches a format
//! unescaped and none is escaped twice.

pub mod csv;
pub mod html;
pub mod md;
pub mod pdf;
pub mod table;
pub mod xlsx;

use std::path::Path;

use super::{Counts, FileError, ReportEntry};
use crate::document::Document;
use crate::engine::{Checked, WaiverSource};
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use crate::rules::elements::{ElementFound, ElementStatus};
use crate::rules::kinds::Kind;
use crate::source::Span;

/// Rule categories whose findings count as language errors in 差错率: wrong punctuation
/// (`punct`), numbers and dates written wrongly (`number`), misspelt or doubled words
/// (`word`) and wrong or outdated names (`term`). These are what a proofreader marks in the
/// text itself. Structure, content, heading format and metadata (title, date, signature) are
/// not language errors and are left out.
pub const LANGUAGE_CATEGORIES: &[&str] = &["punct", "number", "word", "term"];

/// Characters of context kept on each side of a finding in its sentence.
const CONTEXT_CHARS: usize = 50;
/// Longest problem text shown in full; longer ones are cut with ….
const MAX_HIT_CHARS: usize = 60;

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
    /// Score by group.
    pub groups: Vec<GroupLine>,
    /// Checklist of required elements, in the 规定's order.
    pub elements: Vec<ElementLine>,
    /// Findings grouped by the part of the report they are in, in text order.
    pub sections: Vec<FindingGroup>,
    /// Findings waived by a suppression.
    pub waived: Vec<WaivedLine>,
    /// Findings by severity.
    pub counts: Counts,
    /// Characters of the text (as `source.char_count()`).
    pub chars: usize,
    /// Findings (errors and warnings) of the `LANGUAGE_CATEGORIES` rules.
    pub language_errors: usize,
    /// Notes of the reader (parts it could not check).
    pub notes: Vec<String>,
}

impl Sheet {
    /// 差错率: language errors per 10,000 characters, the measure proofreaders use (万分之 N).
    #[must_use]
    pub fn error_rate(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.language_errors as f64 * 10_000.0 / self.chars as f64 }
    }

    /// Labels of the required elements that are missing (elements whose absence only earns a
    /// hint, such as 其他需要报告的情况, are left out).
    #[must_use]
    pub fn missing(&self) -> Vec<&str> {
        self.elements
            .iter()
            .filter(|e| e.status == ElementStatus::Absent && e.required && e.hint.is_none())
            .map(|e| &*e.label)
            .collect()
    }

    /// Labels of the elements that are incomplete: only mentioned inside other parts, or only
    /// hinted at.
    #[must_use]
    pub fn partial(&self) -> Vec<&str> {
        self.elements.iter().filter(|e| e.is_partial()).map(|e| &*e.label).collect()
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
    /// Whether its absence is a defect (its rule reports more than a hint).
    pub required: bool,
    /// For an absent content-judged element: words that hint at it without showing it (the
    /// rule reports a warning, not an error).
    pub hint: Option<String>,
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
    /// ✓ (own heading or content present), △ (only mentioned elsewhere, or only hinted at),
    /// ✗ (absent).
    #[must_use]
    pub fn mark(&self) -> &'static str {
        if self.hint.is_some() { "△" } else { status_mark(self.status) }
    }

    /// Whether the element is there but incomplete: only mentioned, or only hinted at.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        self.mark() == "△"
    }

    /// The status in words.
    #[must_use]
    pub fn status_label(&self) -> &'static str {
        match (self.status, self.required) {
            (ElementStatus::Heading, _) => "有独立标题",
            (ElementStatus::Present, _) => "有（已作分析）",
            (ElementStatus::Embedded, _) => "仅在其他部分提及",
            (ElementStatus::Absent, _) if self.hint.is_some() => "只有零散说明，未作分析",
            (ElementStatus::Absent, true) => "缺失",
            (ElementStatus::Absent, false) => "未写（无其他情况时可不写）",
        }
    }
}

/// ✓/△/✗ for an element status.
#[must_use]
pub fn status_mark(status: ElementStatus) -> &'static str {
    match status {
        ElementStatus::Heading | ElementStatus::Present => "✓",
        ElementStatus::Embedded => "△",
        ElementStatus::Absent => "✗",
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
    /// What to do (with the suggested replacement when there is one).
    pub help: String,
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
}

impl FindingLine {
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
    /// Default severity of the rule.
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

/// Builds the audit of a run. `reports` are in input order.
#[must_use]
pub fn build(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet, meta: AuditMeta) -> Audit {
    let sheets: Vec<Sheet> = reports.iter().enumerate().map(|(i, entry)| sheet(i + 1, entry, rules)).collect();
    let mut ranking: Vec<usize> = (0..sheets.len()).collect();
    ranking.sort_by(|&a, &b| sheets[b].score.total_cmp(&sheets[a].score).then(a.cmp(&b)));
    Audit {
        meta,
        ranking,
        errors: errors.iter().map(|e| (e.path.display().to_string(), e.message.clone())).collect(),
        rule_counts: rule_counts(reports, rules),
        distribution: distribution(&sheets, rules),
        sheets,
    }
}

fn sheet(number: usize, entry: &ReportEntry, rules: &RuleSet) -> Sheet {
    let checked = &entry.checked;
    let doc = &checked.document;
    let findings: Vec<FindingLine> = checked.findings.iter().map(|f| finding_line(checked, f, rules)).collect();
    let mut sections: Vec<FindingGroup> = Vec::new();
    for line in findings {
        match sections.iter_mut().find(|g| g.label == line.part) {
            Some(group) => group.findings.push(line),
            None => sections.push(FindingGroup { label: line.part.clone(), findings: vec![line] }),
        }
    }
    let language_errors = checked
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Info && LANGUAGE_CATEGORIES.contains(&category(&f.rule, rules)))
        .count();
    Sheet {
        number,
        file: entry.path.display().to_string(),
        title: doc.title_text(),
        issuer: doc.issuer_text(),
        year: doc.report_year.map(|y| y.year),
        format: doc.source.origin.format.as_str(),
        score: checked.score.total,
        grade: checked.score.grade.clone(),
        groups: checked
            .score
            .groups
            .iter()
            .map(|g| GroupLine { label: g.label.clone(), points: g.points, lost: g.lost })
            .collect(),
        elements: checked.elements.list.iter().map(|e| element_line(doc, e, rules)).collect(),
        sections,
        waived: checked
            .waived
            .iter()
            .map(|w| WaivedLine {
                finding: finding_line(checked, &w.finding, rules),
                reason: w.reason.clone(),
                by: match w.by {
                    WaiverSource::Inline => "报告中的 fazhi-disable 注释",
                    WaiverSource::Config => "配置文件的 [[suppress]]",
                },
            })
            .collect(),
        counts: Counts::of(checked),
        chars: doc.source.char_count(),
        language_errors,
        notes: doc.source.origin.notes.clone(),
    }
}

fn category<'a>(rule_id: &'a str, rules: &'a RuleSet) -> &'a str {
    rules.get(rule_id).map_or_else(|| rule_id.split('/').next().unwrap_or_default(), |r| r.category.as_str())
}

fn element_line(doc: &Document, element: &ElementFound, rules: &RuleSet) -> ElementLine {
    let rule = rules.rules.iter().find(|r| matches!(&r.kind, Kind::Element(e) if e.spec.key == element.key));
    let hint = element.hint.filter(|_| element.status == ElementStatus::Absent);
    let location = element.evidence.or(hint).map(|span| {
        let line = doc.source.position(span.start).line;
        match doc.source.origin.place_at(span.start) {
            Some(place) => format!("{place}（第{line}行）"),
            None => format!("第{line}行"),
        }
    });
    let evidence = match element.status {
        ElementStatus::Embedded | ElementStatus::Present => {
            element.evidence.map(|s| crop(doc.text(s).trim(), MAX_HIT_CHARS))
        }
        _ => None,
    };
    ElementLine {
        key: element.key.clone(),
        label: element.label.clone(),
        status: element.status,
        required: rule.is_none_or(|r| r.severity > Severity::Info),
        hint: hint.map(|s| crop(doc.text(s).trim(), MAX_HIT_CHARS)),
        heading: element.heading.map(|h| doc.heading_full(h).trim().to_string()),
        evidence,
        location,
        basis: rule.map(|r| legal_basis(&r.description)).unwrap_or_default(),
    }
}

/// The first sentence of a rule's description, which by the rule-writing convention names the
/// regulation the rule rests on.
#[must_use]
pub fn legal_basis(description: &str) -> String {
    let text: String = description.lines().map(str::trim).collect();
    match text.find('。') {
        Some(end) => text[..end + '。'.len_utf8()].to_string(),
        None => text,
    }
}

fn finding_line(checked: &Checked, finding: &Finding, rules: &RuleSet) -> FindingLine {
    let doc = &checked.document;
    let source = &doc.source;
    let start = source.position(finding.span.start);
    let help = match &finding.suggestion {
        Some(s) if !s.is_empty() && !finding.help.contains(s.as_str()) => format!("{}（建议：“{s}”）", finding.help),
        _ => finding.help.clone(),
    };
    FindingLine {
        rule: finding.rule.to_string(),
        rule_name: rules.get(&finding.rule).map(|r| r.name.clone()).unwrap_or_default(),
        severity: finding.severity,
        message: finding.message.clone(),
        help,
        suggestion: finding.suggestion.clone().filter(|s| !s.is_empty()),
        part: part_label(checked, finding.span.start),
        line: start.line,
        column: start.column,
        place: source.origin.place_at(finding.span.start).map(|p| p.to_string()),
        context: context(doc, finding.span),
    }
}

/// The part of the report a finding is in: the element whose text holds it, else the
/// top-level heading of its section, else the parts outside the body's headings.
fn part_label(checked: &Checked, offset: usize) -> String {
    if let Some(element) = checked.elements.at(offset) {
        return element.label.clone();
    }
    let doc = &checked.document;
    if let Some(mut idx) = doc.section_at(offset) {
        while let Some(parent) = doc.headings[idx].parent {
            idx = parent;
        }
        return crop(doc.heading_full(idx).trim(), 30);
    }
    "标题、主送机关、开头与落款".to_string()
}

/// The sentence (or sentences) around `span`, cut to about `CONTEXT_CHARS` on each side.
#[must_use]
pub fn context(doc: &Document, span: Span) -> Context {
    let text = &doc.source.text;
    let overlapping = doc
        .sentences
        .iter()
        .filter(|s| s.contains_offset(span.start) || (span.start < s.end && s.start < span.end) || s.end == span.start);
    let (mut from, mut to) = (span.start, span.end);
    for sentence in overlapping {
        from = from.min(sentence.start);
        to = to.max(sentence.end);
    }
    if from == span.start && to == span.end {
        // No sentence: fall back to the line.
        let line = doc.source.line_span(doc.source.position(span.start).line);
        from = from.min(line.start);
        to = to.max(line.end);
    }
    let before: String = text[from..span.start].chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let after: String = text[span.end..to].chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let hit = text[span.start..span.end].replace(['\r', '\n'], " ");
    Context {
        before: crop_start(before.trim_start(), CONTEXT_CHARS),
        hit: crop(&hit, MAX_HIT_CHARS),
        after: crop(after.trim_end(), CONTEXT_CHARS),
    }
}

/// Keeps the first `max_chars` characters, marking a cut with ….
fn crop(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Keeps the last `max_chars` characters, marking a cut with ….
fn crop_start(text: &str, max_chars: usize) -> String {
    let n = text.chars().count();
    if n <= max_chars {
        return text.to_string();
    }
    let cut = text.char_indices().nth(n - max_chars).map_or(0, |(i, _)| i);
    format!("…{}", &text[cut..])
}

fn rule_counts(reports: &[ReportEntry], rules: &RuleSet) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for entry in reports {
        let mut seen: Vec<&str> = Vec::new();
        for finding in &entry.checked.findings {
            let idx = if let Some(idx) = counts.iter().position(|c| c.rule == *finding.rule) {
                idx
            } else {
                let rule = rules.get(&finding.rule);
                counts.push(RuleCount {
                    rule: finding.rule.to_string(),
                    name: rule.map(|r| r.name.clone()).unwrap_or_default(),
                    severity: rule.map_or(finding.severity, |r| r.severity),
                    reports: 0,
                    findings: 0,
                });
                counts.len() - 1
            };
            counts[idx].findings += 1;
            if !seen.contains(&&*finding.rule) {
                seen.push(&finding.rule);
                counts[idx].reports += 1;
            }
        }
    }
    counts.sort_by(|a, b| b.reports.cmp(&a.reports).then(b.findings.cmp(&a.findings)).then(a.rule.cmp(&b.rule)));
    counts
}

/// Reports per grade band of the pack (bands from each grade's minimum up to the next one).
fn distribution(sheets: &[Sheet], rules: &RuleSet) -> Vec<Band> {
    let mut grades: Vec<(f64, &str)> = rules.pack.score.grades.iter().map(|g| (g.min, g.label.as_str())).collect();
    grades.sort_by(|a, b| a.0.total_cmp(&b.0));
    if grades.is_empty() {
        grades.push((0.0, "全部"));
    }
    grades
        .iter()
        .enumerate()
        .map(|(i, &(min, label))| {
            let next = grades.get(i + 1).map(|g| g.0);
            let count =
                sheets.iter().filter(|s| (i == 0 || s.score >= min) && next.is_none_or(|n| s.score < n)).count();
            let range = match next {
                Some(n) => format!("{min}–{}", n - 1.0),
                None => format!("{min}–100"),
            };
            Band { label: format!("{label} {range}"), count }
        })
        .collect()
}

/// `YYYY-MM-DD HH:MM（北京时间）` for seconds since the Unix epoch. All of China keeps one
/// time zone, UTC+8, so no time-zone data is needed.
#[must_use]
pub fn beijing_time(unix_seconds: u64) -> String {
    let (year, month, day, hour, minute, _) = civil_time(unix_seconds + 8 * 3600);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}（北京时间）")
}

/// Year, month, day, hour, minute and second of seconds since the Unix epoch (UTC, the
/// proleptic Gregorian calendar).
#[must_use]
pub fn civil_time(unix_seconds: u64) -> (i64, i64, i64, u64, u64, u64) {
    let secs = unix_seconds;
    let days = i64::try_from(secs / 86_400).unwrap_or_default();
    let (hour, minute, second) = ((secs % 86_400) / 3600, (secs % 3600) / 60, secs % 60);
    // Civil date from days since 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, hour, minute, second)
}

/// A score with one decimal.
#[must_use]
pub fn points(value: f64) -> String {
    format!("{value:.1}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_is_utc_plus_eight() {
        assert_eq!(beijing_time(0), "1970-01-01 08:00（北京时间）");
        // 2024-02-29 16:30 UTC is 2024-03-01 00:30 in Beijing.
        assert_eq!(beijing_time(1_709_224_200), "2024-03-01 00:30（北京时间）");
    }

    #[test]
    fn legal_basis_is_the_first_sentence_across_lines() {
        let description = "《规定》要求写明“第一责任人”；\n职责内容见《职责规定》（2016年）。\n其余说明。";
        assert_eq!(legal_basis(description), "《规定》要求写明“第一责任人”；职责内容见《职责规定》（2016年）。");
    }

    #[test]
    fn crops_mark_their_cuts() {
        assert_eq!(crop("甲乙丙丁", 2), "甲乙…");
        assert_eq!(crop_start("甲乙丙丁", 2), "…丙丁");
        assert_eq!(crop("甲乙", 2), "甲乙");
    }
}
