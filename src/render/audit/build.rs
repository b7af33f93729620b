//! Building the audit model from the checked reports: every string a sheet shows is decided
//! here (labels, locations, the sentence around each finding, the legal basis of each element,
//! 差错率), so that the formats only lay it out.

use super::{
    Audit, AuditMeta, AuditTitles, Band, Context, ElementLine, FindingGroup, FindingLine, GroupLine, Occurrence,
    PreviousBlock, RuleCount, RuleHelp, Sheet, SimilarRow, WaivedLine,
};
use crate::document::Document;
use crate::engine::{Checked, WaiverSource};
use crate::finding::Finding;
use crate::render::element::{Shown, evidence as evidence_span};
use crate::results::{Counts, FileError, ReportEntry};
use crate::rules::RuleSet;
use crate::rules::elements::{ElementFound, ElementStatus};
use crate::rules::kinds::Kind;
use crate::source::Span;

/// Characters of context kept on each side of a finding in its sentence.
const CONTEXT_CHARS: usize = 50;
/// Longest problem text shown in full; longer ones are cut with ….
const MAX_HIT_CHARS: usize = 60;
/// Characters kept on each side of a finding's other places (`FindingLine::also`).
const ALSO_CHARS: usize = 8;

/// Builds the audit of a run. `reports` are in input order.
#[must_use]
pub fn build(reports: &[ReportEntry], errors: &[FileError], rules: &RuleSet, meta: AuditMeta) -> Audit {
    let sheets = reports.iter().enumerate().map(|(i, entry)| sheet(i + 1, entry, rules)).collect();
    assemble(sheets, errors, rules, meta)
}

/// The audit of a run from its sheets (built as the reports were checked, so that a batch of
/// hundreds never holds all its documents at once). `sheets` are in input order.
#[must_use]
pub fn assemble(sheets: Vec<Sheet>, errors: &[FileError], rules: &RuleSet, meta: AuditMeta) -> Audit {
    let mut ranking: Vec<usize> = (0..sheets.len()).collect();
    ranking.sort_by(|&a, &b| sheets[b].score.total_cmp(&sheets[a].score).then(a.cmp(&b)));
    Audit {
        meta,
        titles: AuditTitles {
            sheet: rules.pack.audit.sheet_title.clone(),
            summary: rules.pack.audit.summary_title.clone(),
        },
        ranking,
        errors: errors.iter().map(|e| (e.path.display().to_string(), e.message.clone())).collect(),
        rule_counts: rule_counts(&sheets),
        distribution: distribution(&sheets, rules),
        sheets,
        similar: Vec::new(),
    }
}

/// The summary's rows of similar pairs, from the batch comparison of the run.
#[must_use]
pub fn similar_rows(comparisons: &[crate::compare::batch::Comparison]) -> Vec<SimilarRow> {
    comparisons
        .iter()
        .map(|c| {
            let report = |i: usize| match &c.issuers[i] {
                Some(issuer) => format!("{}（{issuer}）", c.files[i]),
                None => c.files[i].clone(),
            };
            let passage = c.passages.first().map_or_else(String::new, |p| {
                let [a, b] = &p.places;
                format!(
                    "“{}”（{}第{}行，{}第{}行）",
                    crop(a.text.trim(), MAX_HIT_CHARS),
                    super::file_name(&c.files[0]),
                    a.lines.0,
                    super::file_name(&c.files[1]),
                    b.lines.0
                )
            });
            SimilarRow {
                reports: [report(0), report(1)],
                share: format!("{:.0}% / {:.0}%", c.shares[0] * 100.0, c.shares[1] * 100.0),
                passage,
            }
        })
        .collect()
}

/// The sheet of one checked report; `number` is its place in the run (1-based).
#[must_use]
pub fn sheet(number: usize, entry: &ReportEntry, rules: &RuleSet) -> Sheet {
    let checked = &entry.checked;
    let doc = &checked.document;
    let mut findings: Vec<FindingLine> = checked.findings.iter().map(|f| finding_line(checked, f, rules)).collect();
    let mut waived: Vec<WaivedLine> = checked
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
        .collect();
    let legend = legend(findings.iter_mut().chain(waived.iter_mut().map(|w| &mut w.finding)));
    let compares_previous = rules.rules.iter().any(|r| matches!(r.kind, Kind::Previous(_)));
    let previous = compares_previous.then(|| PreviousBlock {
        report: None,
        lines: checked
            .findings
            .iter()
            .zip(&findings)
            .filter(|(f, _)| rules.get(&f.rule).is_some_and(|r| matches!(r.kind, Kind::Previous(_))))
            .map(|(_, line)| format!("{}（{}）：{}", line.rule_name, line.location(), line.message))
            .collect(),
    });
    let mut sections: Vec<FindingGroup> = Vec::new();
    for line in findings {
        match sections.iter_mut().find(|g| g.label == line.part) {
            Some(group) => group.findings.push(line),
            None => sections.push(FindingGroup { label: line.part.clone(), findings: vec![line] }),
        }
    }
    Sheet {
        number,
        file: entry.path.display().to_string(),
        title: doc.title_text(),
        issuer: doc.issuer_text(),
        year: doc.report_year.map(|y| y.year),
        format: doc.source.origin.format.as_str(),
        score: checked.score.total,
        grade: checked.score.grade.clone(),
        grade_explained: checked.score.grade_explained(),
        grade_caps: checked.score.caps.iter().map(crate::score::AppliedCap::sentence).collect(),
        verdict: entry.verdict().to_string(),
        passed: entry.passed,
        groups: checked
            .score
            .groups
            .iter()
            .map(|g| GroupLine { label: g.label.clone(), points: g.points, lost: g.lost })
            .collect(),
        elements: checked.elements.list.iter().map(|e| element_line(doc, e, rules)).collect(),
        sections,
        legend,
        waived,
        counts: Counts::of(checked),
        chars: doc.source.char_count(),
        language_errors: checked.score.language_errors,
        notes: doc.source.origin.notes.clone(),
        previous,
    }
}

fn element_line(doc: &Document, element: &ElementFound, rules: &RuleSet) -> ElementLine {
    let rule = rules.rules.iter().find(|r| matches!(&r.kind, Kind::Element(e) if e.spec.key == element.key));
    let location = evidence_span(element).map(|span| {
        let line = doc.source.position(span.start).line;
        match doc.source.origin.place_at(span.start) {
            Some(place) => format!("{place}（第{line}行）"),
            None => format!("第{line}行"),
        }
    });
    let evidence = match element.status {
        ElementStatus::Embedded | ElementStatus::Present | ElementStatus::Weak => {
            element.evidence.map(|s| crop(doc.text(s).trim(), MAX_HIT_CHARS))
        }
        _ => None,
    };
    ElementLine {
        key: element.key.clone(),
        label: element.label.clone(),
        status: element.status,
        shown: Shown::of(element),
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
    let also = finding
        .also
        .iter()
        .map(|span| {
            let at = source.position(span.start);
            Occurrence { line: at.line, column: at.column, context: near(doc, *span, ALSO_CHARS) }
        })
        .collect();
    FindingLine {
        rule: finding.rule.to_string(),
        rule_name: rules.get(&finding.rule).map(|r| r.name.clone()).unwrap_or_default(),
        severity: finding.severity,
        message: finding.message.clone(),
        help,
        own_help: Some(finding.help.clone()).filter(|h| !h.is_empty()),
        suggestion: finding.suggestion.clone().filter(|s| !s.is_empty()),
        part: part_label(checked, finding.span.start),
        line: start.line,
        column: start.column,
        place: source.origin.place_at(finding.span.start).map(|p| p.to_string()),
        context: context(doc, finding.span),
        also,
    }
}

/// The help of each rule with two findings or more on the sheet, once, in the order of its
/// first finding; a finding whose help is its rule's in the legend keeps none of its own
/// (`own_help`). A rule with one finding keeps its help on that finding.
fn legend<'a>(findings: impl Iterator<Item = &'a mut FindingLine>) -> Vec<RuleHelp> {
    let mut findings: Vec<&mut FindingLine> = findings.filter(|f| f.own_help.is_some()).collect();
    let mut legend: Vec<RuleHelp> = Vec::new();
    for finding in &findings {
        match legend.iter_mut().find(|entry| entry.rule == finding.rule) {
            Some(entry) => entry.findings += 1,
            None => legend.push(RuleHelp {
                rule: finding.rule.clone(),
                name: finding.rule_name.clone(),
                help: finding.own_help.clone().unwrap_or_default(),
                findings: 1,
            }),
        }
    }
    legend.retain(|entry| entry.findings > 1);
    for finding in &mut findings {
        if legend.iter().any(|e| e.rule == finding.rule && finding.own_help.as_deref() == Some(e.help.as_str())) {
            finding.own_help = None;
        }
    }
    legend
}

/// A few characters on each side of `span` on its line (for a finding's other places).
fn near(doc: &Document, span: Span, chars: usize) -> Context {
    let text = &doc.source.text;
    let line = doc.source.line_span(doc.source.position(span.start).line);
    let before = &text[line.start.min(span.start)..span.start];
    let after = &text[span.end..line.end.max(span.end)];
    Context {
        before: crop_start(before.trim_start(), chars),
        hit: crop(&text[span.start..span.end].replace(['\r', '\n'], " "), MAX_HIT_CHARS),
        after: crop(after.trim_end(), chars),
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

fn rule_counts(sheets: &[Sheet]) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for sheet in sheets {
        let mut seen: Vec<usize> = Vec::new();
        for finding in sheet.findings() {
            // One row per rule and the level its findings had: a per-file setting (乡镇 报告的
            // 标点只作警告) makes the same rule a warning in one report and an error in another,
            // and the table says what the sheets say.
            let row = counts.iter().position(|c| c.rule == finding.rule && c.severity == finding.severity);
            let idx = row.unwrap_or_else(|| {
                counts.push(RuleCount {
                    rule: finding.rule.clone(),
                    name: finding.rule_name.clone(),
                    severity: finding.severity,
                    reports: 0,
                    findings: 0,
                });
                counts.len() - 1
            });
            counts[idx].findings += 1;
            if !seen.contains(&idx) {
                seen.push(idx);
                counts[idx].reports += 1;
            }
        }
    }
    counts.sort_by(|a, b| b.reports.cmp(&a.reports).then(b.findings.cmp(&a.findings)).then(a.rule.cmp(&b.rule)));
    counts
}

/// Reports per grade of the pack, lowest grade first. A report counts under its grade (capped
/// or not), so the distribution agrees with the grade column; a grade the pack does not list
/// (a score below every `min`) counts under the lowest.
fn distribution(sheets: &[Sheet], rules: &RuleSet) -> Vec<Band> {
    let mut grades: Vec<(f64, &str)> = rules.pack.score.grades.iter().map(|g| (g.min, g.label.as_str())).collect();
    grades.sort_by(|a, b| a.0.total_cmp(&b.0));
    if grades.is_empty() {
        return vec![Band { label: "全部".to_string(), count: sheets.len() }];
    }
    grades
        .iter()
        .enumerate()
        .map(|(i, &(_, label))| {
            let count = sheets
                .iter()
                .filter(|s| s.grade == label || (i == 0 && !grades.iter().any(|g| g.1 == s.grade)))
                .count();
            Band { label: label.to_string(), count }
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
