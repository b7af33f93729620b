//! What `fazhi annotate` writes for people to read: the comments of an annotated Word copy,
//! in Chinese — one per finding (the message, what the text should become, what to do, the
//! part it sits in, the rule) and one summary on the title (score, verdict, the element
//! checklist, the findings that have no place of their own) — and the JSON list of what was
//! anchored where. `annotate` writes these lines into the copy's XML.

use std::fmt::Write as _;

use crate::annotate::Adjusted;
use crate::engine::{Checked, Verdict};
use crate::finding::Finding;
use crate::render::element::Shown;
use crate::results::{AnnotatedFile, Counts, FileError};
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

/// The comment on one finding: `adjusted` says why its range is not exactly the finding's
/// text, `revised` that its fix was written as a tracked change.
#[must_use]
pub fn finding_lines(
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
#[allow(missing_docs)]
pub struct SummaryFacts<'a> {
    /// The gate's verdict on the report.
    pub verdict: Verdict,
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
#[must_use]
pub fn summary_lines(checked: &Checked, rules: &RuleSet, facts: &SummaryFacts<'_>) -> Vec<Line> {
    let doc = &checked.document;
    let score = &checked.score;
    let mut lines = vec![bold(format!("fazhi 检查结果：{:.1}分，等级：{}", score.total, score.grade_explained()))];
    lines.push(bold(format!("结论：{}", facts.verdict)));
    let counts = Counts::of(checked);
    let mut counted = format!(
        "问题：错误{} · 警告{} · 提示{}；已在原文处逐条批注{}条",
        counts.errors, counts.warnings, counts.infos, facts.commented
    );
    if facts.revisions > 0 {
        let _ = write!(counted, "；可安全修改的{}处已写成修订", facts.revisions);
    }
    if facts.revisions_skipped > 0 {
        let _ = write!(counted, "（另有{}处无法写成修订，见各条批注）", facts.revisions_skipped);
    }
    lines.push(line(counted));
    let groups: Vec<String> =
        score.groups.iter().map(|g| format!("{}{:.1}/{:.1}", g.label, g.points - g.lost, g.points)).collect();
    lines.push(line(format!("分组得分：{}", groups.join(" · "))));
    lines.push(line("必备要素："));
    for element in &checked.elements.list {
        let shown = Shown::of(element);
        let (mark, label) = (shown.mark(), &element.label);
        let entry = match &shown {
            Shown::Heading => {
                let heading = element.heading.map_or("", |h| doc.heading_full(h));
                format!("{mark} {label}：{}", crop(heading, 40))
            }
            Shown::Analysed | Shown::Mentioned | Shown::Hinted => {
                let text = element.evidence.map_or("", |s| doc.text(s));
                format!("{mark} {label}：{}（“{}”）", shown.lead(), crop(text, 20))
            }
            Shown::Missing => {
                let belongs = absent_place(checked, rules, &element.key);
                format!("{mark} {label}：{}{belongs}", shown.words())
            }
            Shown::Optional { .. } => format!("{mark} {label}：{}", shown.words()),
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
        lines.push(line(format!("以下{}条问题超过批注数量上限，未在原文处批注：", facts.overflow.len())));
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
        lines.push(line(format!("……另有{}条未列出，请用 fazhi check 查看全部问题。", total - listed)));
    }
    if !doc.source.origin.notes.is_empty() {
        lines.push(line(format!("说明：{}", doc.source.origin.notes.join("；"))));
    }
    if !checked.waived.is_empty() {
        lines.push(line(format!("已豁免{}条问题（配置或文中的豁免注释），未批注。", checked.waived.len())));
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
#[must_use]
pub fn placeholder_lines() -> Vec<Line> {
    vec![
        bold("原文档此处留有批注标记，但没有对应的批注内容"),
        line("这通常是删除批注时遗留的。fazhi 补上这条说明，使文档能正常打开；可以直接删除这条批注。"),
    ]
}

/// What `fazhi fix` says about a .docx: the tracked changes by rule and where the copy went,
/// with `show_diff` each change, and the fixes that could not be written as revisions.
#[must_use]
pub fn fix_summary(one: &AnnotatedFile, show_diff: bool) -> String {
    let changes = &one.annotated.revisions;
    let mut out = String::new();
    let path = one.input.display();
    if changes.is_empty() {
        let _ = writeln!(out, "{path}：没有可以写成修订的问题");
    } else {
        let mut by_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for change in changes {
            for rule in &change.rules {
                *by_rule.entry(rule).or_default() += 1;
            }
        }
        let counts: Vec<String> = by_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
        let verb = if one.written { "已写成修订" } else { "可写成修订" };
        let _ = write!(out, "{path}：{verb}{}处（{}）", changes.len(), counts.join("，"));
        if one.written {
            let _ = write!(out, "，保存为 {}", one.output.display());
        }
        out.push('\n');
        if show_diff {
            let source = &one.annotated.checked.document.source;
            for change in changes {
                let place = source.origin.place_at(change.span.start).map(|p| p.to_string()).unwrap_or_default();
                let _ = writeln!(out, "  {place}：“{}” → “{}”", &source.text[change.span.range()], change.text);
            }
        }
    }
    if one.annotated.revisions_skipped > 0 {
        let _ = writeln!(
            out,
            "  另有{}处在自动编号、域、文本框或跨越格式的文字中，无法写成修订，请在 Word 中修改",
            one.annotated.revisions_skipped
        );
    }
    out
}

/// The lines as plain text, one per line (the JSON list and tests use it).
#[must_use]
pub fn plain(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// The JSON of an `annotate --format json` run: for each copy the comments (rule, the
/// finding's text, the text the range holds, why they differ, the comment's text) and the
/// tracked changes, and the files that could not be annotated.
///
/// # Panics
/// Never: the values are strings and numbers, which always serialise.
#[must_use]
pub fn json(done: &[AnnotatedFile], errors: &[FileError]) -> String {
    let files: Vec<serde_json::Value> = done
        .iter()
        .map(|one| {
            let a = &one.annotated;
            let text = &a.checked.document.source.text;
            let comments: Vec<serde_json::Value> = a
                .comments
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id,
                        "rule": c.rule.as_deref(),
                        "text": &text[c.span.range()],
                        "anchored": c.anchored,
                        "adjusted": c.adjusted.map(|adj| format!("{adj:?}").to_lowercase()),
                        "body": plain(&c.lines),
                    })
                })
                .collect();
            let revisions: Vec<serde_json::Value> = a
                .revisions
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "offset": r.span.start, "length": r.span.len(),
                        "text": &text[r.span.range()], "replacement": r.text,
                    })
                })
                .collect();
            serde_json::json!({
                "input": one.input.display().to_string(),
                "output": one.output.display().to_string(),
                "written": one.written,
                "score": a.checked.score.total,
                "passed": a.passed,
                "comments": comments,
                "unplaced": a.unplaced,
                "overflow": a.overflow,
                "placeholders": a.placeholders,
                "revisions": revisions,
                "revisions_skipped": a.revisions_skipped,
            })
        })
        .collect();
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::json!({"path": e.path.display().to_string(), "message": e.message}))
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({"version": 1, "files": files, "errors": errors}))
        .expect("the annotate summary serialises");
    out.push('\n');
    out
}
