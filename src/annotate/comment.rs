//! What the comments say, in Chinese, and their `w:comment` XML: one comment per finding
//! (the message, what the text should become, what to do, the part it sits in, the rule) and
//! one summary on the title (score, verdict, the element checklist, the findings that have no
//! place of their own).

use std::fmt::Write as _;

use super::anchor::Adjusted;
use crate::engine::Checked;
use crate::finding::Finding;
use crate::report::Counts;
use crate::report::xml::{escape, escape_text};
use crate::rules::RuleSet;
use crate::rules::elements::ElementStatus;

/// One paragraph of a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Whether it is set in bold (the first line of each comment).
    pub bold: bool,
}

fn line(text: impl Into<String>) -> Line {
    Line { text: text.into(), bold: false }
}

fn bold(text: impl Into<String>) -> Line {
    Line { text: text.into(), bold: true }
}

/// Shortens text to `max` characters with an ellipsis.
fn crop(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// The comment on one finding. `anchored` is the text the comment is on, when it is not the
/// finding's own text; `revised` says its fix was written as a tracked change.
pub(super) fn finding_lines(
    checked: &Checked,
    rules: &RuleSet,
    finding: &Finding,
    adjusted: Option<Adjusted>,
    revised: bool,
) -> Vec<Line> {
    let doc = &checked.document;
    let text = doc.text(finding.span);
    let mut lines = vec![bold(format!("{}：{}", finding.severity.label(), finding.message))];
    match adjusted {
        Some(Adjusted::TextBox) => lines.push(line(format!("问题文字在文本框中：“{}”", crop(text, 60)))),
        Some(Adjusted::Widened) => lines.push(line(format!(
            "问题文字：“{}”（在超链接、内容控件、修订或域中，批注标在它的整体上）",
            crop(text, 60)
        ))),
        Some(Adjusted::Generated) => {
            lines.push(line(format!("问题文字：“{}”（含自动编号，批注从编号后的文字开始）", crop(text, 60))));
        }
        Some(Adjusted::Revision) => {
            lines.push(line(format!("问题文字：“{}”（批注包括了整处修订）", crop(text, 60))));
        }
        Some(Adjusted::Clipped) => {
            lines.push(line(format!("问题文字：“{}”（跨越了表格单元格，批注只标在第一段）", crop(text, 60))));
        }
        None => {}
    }
    if let Some(suggestion) = &finding.suggestion
        && !suggestion.is_empty()
    {
        lines.push(line(format!("建议改为：“{suggestion}”")));
    }
    if revised {
        lines.push(line("已作为修订写入，可在“审阅”选项卡中逐条接受或拒绝。"));
    }
    if !finding.help.is_empty() {
        lines.push(line(format!("怎么改：{}", finding.help.trim())));
    }
    if let Some(element) = checked.elements.at(finding.span.start) {
        lines.push(line(format!("所在部分：{}", element.label)));
    }
    let name = rules.get(&finding.rule).map(|r| r.name.as_str()).unwrap_or_default();
    lines.push(line(if name.is_empty() {
        format!("规则：{}", finding.rule)
    } else {
        format!("规则：{}（{name}）", finding.rule)
    }));
    lines
}

/// What the summary comment reports besides the checked report itself.
#[derive(Debug, Default)]
pub(super) struct SummaryFacts<'a> {
    /// Whether the report passed its gate.
    pub passed: bool,
    /// Comments written on findings.
    pub commented: usize,
    /// Tracked changes written.
    pub revisions: usize,
    /// Safe fixes that could not be written as tracked changes.
    pub revisions_skipped: usize,
    /// Findings without a place of their own (no span, or a span that cannot be anchored).
    pub unplaced: Vec<&'a Finding>,
    /// Findings past the cap on comments.
    pub overflow: Vec<&'a Finding>,
    /// Who the comments are by.
    pub author: &'a str,
}

/// Most findings listed one by one in the summary; the rest are counted.
const SUMMARY_LIST: usize = 200;

/// The summary comment on the title.
pub(super) fn summary_lines(checked: &Checked, rules: &RuleSet, facts: &SummaryFacts<'_>) -> Vec<Line> {
    let doc = &checked.document;
    let score = &checked.score;
    let verdict = if facts.passed { "通过" } else { "未通过" };
    let mut lines = vec![bold(format!("fazhi 检查结果：{:.1} 分（{}），{verdict}", score.total, score.grade))];
    let counts = Counts::of(checked);
    let mut counted = format!(
        "问题：错误 {} · 警告 {} · 提示 {}；已在原文处逐条批注 {} 条",
        counts.errors, counts.warnings, counts.infos, facts.commented
    );
    if facts.revisions > 0 {
        let _ = write!(counted, "；可安全修改的 {} 处已写成修订", facts.revisions);
    }
    if facts.revisions_skipped > 0 {
        let _ = write!(counted, "（另有 {} 处无法写成修订，见各条批注）", facts.revisions_skipped);
    }
    lines.push(line(counted));
    let groups: Vec<String> =
        score.groups.iter().map(|g| format!("{} {:.1}/{:.1}", g.label, g.points - g.lost, g.points)).collect();
    lines.push(line(format!("分组得分：{}", groups.join(" · "))));
    lines.push(line("必备要素："));
    for element in &checked.elements.list {
        let entry = match element.status {
            ElementStatus::Heading => {
                let heading = element.heading.map_or("", |h| doc.heading_full(h));
                format!("✓ {}：{}", element.label, crop(heading, 40))
            }
            ElementStatus::Present => {
                let text = element.evidence.map_or("", |s| doc.text(s));
                format!("✓ {}：已分析（“{}”）", element.label, crop(text, 20))
            }
            ElementStatus::Embedded => {
                let text = element.evidence.map_or("", |s| doc.text(s));
                format!("△ {}：仅在其他部分提及（“{}”）", element.label, crop(text, 20))
            }
            ElementStatus::Absent => {
                let belongs = absent_place(checked, rules, &element.key);
                format!("✗ {}：缺失{belongs}", element.label)
            }
        };
        lines.push(line(entry));
    }
    if !facts.unplaced.is_empty() {
        lines.push(line("没有具体位置的问题："));
        for finding in facts.unplaced.iter().take(SUMMARY_LIST) {
            lines.push(line(format!(
                "· {}：{}——{}（{}）",
                finding.severity.label(),
                finding.message,
                crop(&finding.help, 80),
                finding.rule
            )));
        }
    }
    if !facts.overflow.is_empty() {
        lines.push(line(format!("以下 {} 条问题超过批注数量上限，未在原文处批注：", facts.overflow.len())));
        for finding in facts.overflow.iter().take(SUMMARY_LIST) {
            let place = doc.source.origin.place_at(finding.span.start).map(|p| p.to_string()).unwrap_or_default();
            lines.push(line(format!(
                "· {place} “{}” {}：{}（{}）",
                crop(doc.text(finding.span), 20),
                finding.severity.label(),
                finding.message,
                finding.rule
            )));
        }
    }
    let listed = facts.unplaced.len().min(SUMMARY_LIST) + facts.overflow.len().min(SUMMARY_LIST);
    let total = facts.unplaced.len() + facts.overflow.len();
    if total > listed {
        lines.push(line(format!("……另有 {} 条未列出，请用 fazhi check 查看全部问题。", total - listed)));
    }
    if !doc.source.origin.notes.is_empty() {
        lines.push(line(format!("说明：{}", doc.source.origin.notes.join("；"))));
    }
    if !checked.waived.is_empty() {
        lines.push(line(format!("已豁免 {} 条问题（配置或文中的豁免注释），未批注。", checked.waived.len())));
    }
    lines.push(line(format!(
        "fazhi {}，规则包 {} {}。以上批注由“{}”写入，删除批注不会改动正文。",
        env!("CARGO_PKG_VERSION"),
        rules.pack.name,
        rules.pack.version,
        facts.author
    )));
    lines
}

/// Where a missing part belongs, from the empty span its finding points at: the start of the
/// part that should follow it, or the end of the body.
fn absent_place(checked: &Checked, rules: &RuleSet, key: &str) -> String {
    let doc = &checked.document;
    let finding = checked.findings.iter().find(|f| {
        f.span.is_empty()
            && rules
                .get(&f.rule)
                .is_some_and(|r| matches!(&r.kind, crate::rules::Kind::Element(e) if e.spec.key == key))
            && checked.elements.get(key).is_some_and(|e| e.status == ElementStatus::Absent)
    });
    let Some(finding) = finding else { return String::new() };
    let at = finding.span.start;
    let rest = doc.source.text.get(at..).unwrap_or_default();
    let next_line = rest.lines().next().unwrap_or_default().trim();
    if at >= doc.body.end || next_line.is_empty() {
        "，应补写在正文最后".to_string()
    } else {
        format!("，应补写在“{}”之前", crop(next_line, 16))
    }
}

/// The note for a comment mark that refers to no comment (left behind when a comment was
/// deleted by a tool): Word refuses such a file once it has a comments part.
pub(super) fn placeholder_lines() -> Vec<Line> {
    vec![
        bold("原文档此处留有批注标记，但没有对应的批注内容"),
        line("这通常是删除批注时遗留的。fazhi 补上这条说明，使文档能正常打开；可以直接删除这条批注。"),
    ]
}

/// How comment paragraphs and runs are formatted, written once per document.
pub(super) struct Style {
    w: String,
    attributes: String,
    paragraph: String,
    run: String,
    bold_run: String,
}

impl Style {
    /// The formatting for prefix `w` (the `WordprocessingML` namespace) and the comments'
    /// `w:author`/`w:date` attributes.
    pub fn new(w: &str, attributes: &str) -> Self {
        // Direct formatting: most reports define no comment text style, and the comment
        // would inherit the body's 三号仿宋 with its first-line indent and fixed line spacing.
        let paragraph = format!(
            "<{w}:pPr><{w}:spacing {w}:before=\"0\" {w}:after=\"0\" {w}:line=\"240\" {w}:lineRule=\"auto\"/>\
             <{w}:ind {w}:left=\"0\" {w}:leftChars=\"0\" {w}:firstLine=\"0\" {w}:firstLineChars=\"0\"/><{w}:jc {w}:val=\"left\"/></{w}:pPr>"
        );
        let run = |bold: &str| {
            format!(
                "<{w}:rPr><{w}:rFonts {w}:hint=\"eastAsia\"/>{bold}<{w}:sz {w}:val=\"21\"/><{w}:szCs {w}:val=\"21\"/></{w}:rPr>"
            )
        };
        Self {
            w: w.to_string(),
            attributes: attributes.to_string(),
            paragraph,
            run: run(""),
            bold_run: run(&format!("<{w}:b/>")),
        }
    }

    /// A `w:comment` element, appended to `out`.
    pub fn comment(&self, out: &mut String, id: i64, lines: &[Line]) {
        let w = &self.w;
        let _ = write!(out, "<{w}:comment {w}:id=\"{id}\"{}>", self.attributes);
        for (idx, line) in lines.iter().enumerate() {
            let rpr = if line.bold { &self.bold_run } else { &self.run };
            let _ = write!(out, "<{w}:p>{}", self.paragraph);
            if idx == 0 {
                let _ = write!(out, "<{w}:r>{rpr}<{w}:annotationRef/></{w}:r>");
            }
            let _ = write!(out, "<{w}:r>{rpr}<{w}:t xml:space=\"preserve\">");
            out.push_str(&escape_text(&line.text));
            let _ = write!(out, "</{w}:t></{w}:r></{w}:p>");
        }
        let _ = write!(out, "</{w}:comment>");
    }
}

/// The `w:author`, `w:date` and `w:initials` attributes, escaped.
pub(super) fn attributes(w: &str, author: &str, date: Option<&str>) -> String {
    let mut out = format!(" {w}:author=\"{}\"", escape(author));
    if let Some(date) = date {
        let _ = write!(out, " {w}:date=\"{}\"", escape(date));
    }
    out
}

/// The lines as plain text, one per line (for the run's summary and tests).
#[must_use]
pub fn plain(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}
