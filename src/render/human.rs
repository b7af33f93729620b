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
use crate::source::InputFormat;

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
    /// The message as miette prints it: with the line breaks of its wrapping already in when
    /// `prewrapped`, else as the rule wrote it.
    message: String,
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
        f.write_str(&self.message)
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

/// Width of the human output; miette lays out the message and help lines in two columns less.
const WIDTH: usize = 100;
const WRAP_WIDTH: usize = WIDTH - 2;

/// miette's own wrapping (`wrap`) or none, for text already broken into lines by [`prewrap`].
fn handler(color: bool, wrap: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(WIDTH).with_links(false).with_wrap_lines(wrap)
}

thread_local! {
    /// The four handlers (colour × wrapping), made once per thread rather than per finding.
    static HANDLERS: [GraphicalReportHandler; 4] =
        [handler(false, false), handler(false, true), handler(true, false), handler(true, true)];
}

/// Indents miette puts before the first and the following lines of a text, and the columns
/// left for the text on every line.
struct Indents {
    initial: String,
    subsequent: &'static str,
    room: usize,
}

/// The indents of the message (by severity: error, warning, advice) and of the help. Only
/// their display widths matter for where lines break; colour codes have none.
static INDENTS: std::sync::LazyLock<[Indents; 4]> = std::sync::LazyLock::new(|| {
    let characters = miette::ThemeCharacters::unicode();
    let make = |initial: String, subsequent: &'static str| {
        let room = WRAP_WIDTH
            .saturating_sub(textwrap::core::display_width(&initial))
            .min(WRAP_WIDTH.saturating_sub(textwrap::core::display_width(subsequent)));
        Indents { initial, subsequent, room }
    };
    [
        make(format!("  {} ", characters.error), "  │ "),
        make(format!("  {} ", characters.warning), "  │ "),
        make(format!("  {} ", characters.advice), "  │ "),
        make("  help: ".to_string(), "        "),
    ]
});

fn indents(of: Wrapped) -> &'static Indents {
    &INDENTS[match of {
        Wrapped::Message(Severity::Error) => 0,
        Wrapped::Message(Severity::Warning) => 1,
        Wrapped::Message(Severity::Info) => 2,
        Wrapped::Help => 3,
    }]
}

/// Which text of a diagnostic is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Wrapped {
    Message(Severity),
    Help,
}

/// Distinct texts remembered per thread before the memory of wrapped texts starts over.
const WRAP_CACHE_ENTRIES: usize = 4096;

thread_local! {
    static WRAP_CACHE: std::cell::RefCell<std::collections::HashMap<(Wrapped, String), Option<String>>> =
        std::cell::RefCell::default();
}

/// The text with a line break wherever miette's wrapping (textwrap, at `WRAP_WIDTH` columns
/// after the indent) would break it, for printing without miette's wrapping; `None` when that
/// printing could not give the same bytes (a line of the result would be blank).
///
/// textwrap finds the places where Chinese text may break with ICU's line segmenter, one
/// character at a time, which cost more than checking the report. Most lines fit: a line
/// whose display width fits after its indent is printed as it is (what textwrap gives for it);
/// longer ones are wrapped by textwrap itself, once per distinct text (each rule's help is the
/// same for all its findings).
fn prewrap(text: &str, of: Wrapped) -> Option<String> {
    let Indents { initial, subsequent, room } = indents(of);
    let plain = !text.chars().any(char::is_control) && !text.ends_with(' ') && !text.trim().is_empty();
    if plain && textwrap::core::display_width(text) <= *room {
        return Some(text.to_string());
    }
    WRAP_CACHE.with(|cache| {
        let key = (of, text.to_string());
        if let Some(done) = cache.borrow().get(&key) {
            return done.clone();
        }
        let options =
            textwrap::Options::new(WRAP_WIDTH).initial_indent(initial).subsequent_indent(subsequent).break_words(true);
        let filled = textwrap::fill(text, options);
        let mut lines = Vec::new();
        for (idx, line) in filled.split('\n').enumerate() {
            let body = line.strip_prefix(if idx == 0 { initial.as_str() } else { subsequent });
            lines.push(body.filter(|b| !b.trim().is_empty()));
        }
        let done: Option<Vec<&str>> = lines.into_iter().collect();
        let done = done.map(|lines| lines.join("\n"));
        let mut cache = cache.borrow_mut();
        if cache.len() >= WRAP_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, done.clone());
        done
    })
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
        Some(s) if !s.is_empty() && !finding.help.contains(s.as_str()) => format!("{}（可改为“{s}”）", finding.help),
        _ => finding.help.clone(),
    };
    let label = if finding.span.is_empty() {
        "此处缺少".to_string()
    } else if let Some(s) = finding.suggestion.as_ref().filter(|s| !s.is_empty()) {
        format!("改为“{s}”")
    } else {
        "此处".to_string()
    };
    draw(finding, excerpt, help, label, color, true)
}

/// Draws one diagnostic; with `prewrapping`, its message and help are broken into lines by
/// [`prewrap`] and miette does not wrap them again, else miette wraps them (the same bytes).
fn draw(finding: &Finding, excerpt: Excerpt, help: String, label: String, color: bool, prewrapping: bool) -> String {
    let prewrapped = if prewrapping {
        (prewrap(&finding.message, Wrapped::Message(finding.severity)), prewrap(&help, Wrapped::Help))
    } else {
        (None, None)
    };
    let (wrap, message, help) = match prewrapped {
        (Some(message), Some(help)) => (false, message, help),
        _ => (true, finding.message.clone(), help),
    };
    let diagnostic = FindingDiagnostic { finding, message, excerpt, help, label };
    let mut out = String::new();
    let drawn = HANDLERS
        .with(|handlers| handlers[usize::from(color) * 2 + usize::from(wrap)].render_report(&mut out, &diagnostic));
    if drawn.is_err() {
        let _ = writeln!(out, "{}: {}", finding.rule, finding.message);
    }
    super::diagnostic::chinese_labels(&out)
}

fn pad(text: &str, width: usize) -> String {
    let used = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

pub(super) fn crop(text: &str, max_chars: usize) -> String {
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
            let _ = writeln!(out, "标题：{title}（{}）", place(doc, t.span.start));
        }
        _ => {
            let _ = writeln!(out, "标题：未找到");
        }
    }
    let issuer = doc.issuer_text().unwrap_or_else(|| "未写明".to_string());
    let year = doc.report_year.map_or_else(|| "未识别".to_string(), |y| y.year.to_string());
    // An encoding is a property of a text file; a Word file or a PDF has none a user chose.
    let encoding = match doc.source.origin.format {
        InputFormat::Docx | InputFormat::Pdf => String::new(),
        InputFormat::Text | InputFormat::Markdown | InputFormat::Html => format!("编码：{}　", doc.source.encoding),
    };
    let _ = writeln!(out, "发文机关：{issuer}　报告年度：{year}　{encoding}字数：{}", doc.source.char_count());
    // What the reader left out (a Word file's headers, footnotes …), so nobody takes it as checked.
    if !doc.source.origin.notes.is_empty() {
        let _ = writeln!(out, "说明：{}", doc.source.origin.notes.join("；"));
    }
    let _ = writeln!(out, "必备要素：");
    let label_width = checked.elements.list.iter().map(|e| UnicodeWidthStr::width(e.label.as_str())).max().unwrap_or(0);
    for element in &checked.elements.list {
        let shown = Shown::of(element);
        let evidence = element::evidence(element);
        let line = evidence.map_or(String::new(), |s| format!("（{}）", place(doc, s.start)));
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
        .map(|g| format!("{}{}/{}", g.label, fmt_points(g.points - g.lost), fmt_points(g.points)))
        .collect();
    let _ = writeln!(out, "得分：{}　{}", fmt_points(checked.score.total), groups.join(" · "));
    let _ = writeln!(out, "等级：{}", checked.score.grade_explained());
    let counts = Counts::of(checked);
    let _ = writeln!(
        out,
        "问题：错误{} · 警告{} · 提示{}　结论：{}",
        counts.errors,
        counts.warnings,
        counts.infos,
        entry.verdict()
    );
    if checked.baselined > 0 {
        let _ = writeln!(out, "另有{}条问题已记录在基线中，未列出", checked.baselined);
    }
    if !checked.waived.is_empty() {
        let _ = writeln!(out, "已豁免{}条：", checked.waived.len());
        for waived in &checked.waived {
            let line = place(doc, waived.finding.span.start);
            let reason = waived.reason.as_deref().unwrap_or("（未写理由）");
            let _ = writeln!(
                out,
                "  {line} {}　{}　理由：{reason}",
                waived.finding.rule,
                crop(&waived.finding.message, 30)
            );
        }
    }
    out
}

/// Where byte `offset` is, as the user finds it in the original: 第N段 (or a table cell, a page)
/// when the reader recorded places (Word, PDF), else 第N行.
pub(super) fn place(doc: &crate::document::Document, offset: usize) -> String {
    doc.source
        .origin
        .place_at(offset)
        .map_or_else(|| format!("第{}行", doc.source.position(offset).line), |p| p.to_string())
}

fn fmt_points(value: f64) -> String {
    format!("{value:.1}")
}

/// One line per report, for `--quiet`.
#[must_use]
pub fn render_quiet_line(entry: &ReportEntry) -> String {
    let counts = Counts::of(&entry.checked);
    format!(
        "{}：{}分 {}，错误{}，警告{}，提示{}，{}\n",
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
        let _ = write!(out, "共{reports}份报告：可以报送{passed}，需修改{}", reports - passed);
        if !errors.is_empty() {
            let _ = write!(out, "；{}个文件无法读取", errors.len());
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::source::{SourceFile, Span};

    /// Draws `finding` both ways, in both colour settings: the prewrapped drawing must be byte
    /// for byte miette's own.
    fn assert_same_both_ways(source: &SourceFile, finding: &Finding) {
        for color in [false, true] {
            let parts = || {
                let excerpt = Excerpt::new("报告.txt", source, finding.span);
                (excerpt, finding.help.clone(), "此处".to_string())
            };
            let (excerpt, help, label) = parts();
            let ours = draw(finding, excerpt, help, label, color, true);
            let (excerpt, help, label) = parts();
            let miette = draw(finding, excerpt, help, label, color, false);
            assert_eq!(ours, miette, "{} / {:?} / {:?}", finding.rule, finding.message, finding.help);
        }
    }

    #[test]
    fn prewrapped_diagnostics_are_what_miette_would_wrap() {
        let (rules, errors) = RuleSet::builtin();
        assert!(errors.is_empty());
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut drawn = 0;
        let files = ["seeds", "variants"].into_iter().flat_map(|d| std::fs::read_dir(fixtures.join(d)).unwrap());
        for entry in files.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let checked = crate::engine::check_file(&path, &crate::engine::ReadOptions::default(), &rules).unwrap();
            for finding in &checked.findings {
                assert_same_both_ways(&checked.document.source, finding);
                drawn += 1;
            }
        }
        assert!(drawn > 300, "the seeds and variants give many findings ({drawn})");
    }

    #[test]
    fn long_and_unusual_texts_wrap_as_miette_wraps_them() {
        let source = SourceFile::from_text("报告.txt", "第一段，有一些文字。\n第二段。\n");
        let long = "把半角（英文）标点改为全角（中文）标点，“引号”和《书名号》要成对，".repeat(4);
        let texts = [
            "短的".to_string(),
            // Exactly the room of a line, one column more, and far more.
            "字".repeat(47),
            "字".repeat(48),
            long.clone(),
            format!("{long} ASCII words, with spaces and a-hyphenated-word {long}"),
            "尾部有空格  ".to_string(),
            "两行\n第二行".to_string(),
            "空行\n\n之后".to_string(),
            "\u{3000}".to_string(),
            format!("{}\t{}", "制表符".repeat(10), "字".repeat(40)),
            "a".repeat(300),
            String::new(),
        ];
        let mut slow = 0;
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for message in &texts {
                for help in &texts {
                    let finding = Finding {
                        rule: "punct/halfwidth".into(),
                        severity,
                        span: Span::new(0, 3),
                        message: message.clone(),
                        help: help.clone(),
                        suggestion: None,
                        penalty: None,
                        edits: Vec::new(),
                        also: Vec::new(),
                    };
                    assert_same_both_ways(&source, &finding);
                }
            }
            slow +=
                texts.iter().filter(|t| prewrap(t, Wrapped::Message(severity)).as_deref() != Some(t.as_str())).count();
        }
        assert!(slow >= 3 * 5, "the long texts are wrapped, not passed through ({slow})");
    }
}
