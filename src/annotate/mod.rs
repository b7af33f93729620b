//! Annotated copies of a clerk's own Word file: every finding as a comment (批注) on its
//! exact words, one summary comment on the title, and the safe fixes as tracked changes
//! (修订) the clerk accepts or rejects in Word's 审阅 tab.
//!
//! The copy is the original package with insertions: `word/document.xml` gets comment marks
//! (and, for fixes, `w:del`/`w:ins` pairs) spliced in at the byte offsets the reader's source
//! map gives; the comments part is extended or added with one relationship and one content
//! type; every other zip entry is copied raw. Nothing is re-serialised, so styles, numbering,
//! fields, bookmarks, existing comments and revisions, headers, footers and images stay as
//! they were.
//!
//! **Invariant:** the input file is never written; a document that cannot be annotated
//! safely is refused with a reason rather than written broken.

mod anchor;
mod comment;
mod package;
mod revision;
mod splice;
mod text;

use std::path::Path;
use std::sync::Arc;

pub use crate::render::annotate::{Line, plain};
pub use anchor::Adjusted;
pub use revision::Change;
pub use text::docx_of_text;

use crate::document::readers::docx::mapped::read_mapped;
use crate::document::{TextMarkup, parse};
use crate::engine::{Checked, Gate, ReadOptions, check_document_with};
use crate::finding::Finding;
use crate::render::annotate as text_of;
use crate::rules::RuleSet;
use crate::source::{ReadError, Span};
use crate::suppress::Suppression;
use splice::Point;

/// Most findings written as comments of their own; the rest are listed in the summary. Word
/// opens no file with more than 32,767 comment ranges, and a thousand is already more than
/// anyone reads in the margin.
pub const MAX_COMMENTS: usize = 1_000;
/// Word's limit on comment ranges in one document.
pub const WORD_MAX_RANGES: usize = 32_767;

/// What to write into the copy.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `w:author` of the comments and revisions.
    pub author: String,
    /// `w:date` (`2024-03-01T10:00:00Z`); `None` leaves it out.
    pub date: Option<String>,
    /// Write the findings as comments (and the summary).
    pub comments: bool,
    /// Write the safe fixes as tracked changes.
    pub revisions: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self { author: "fazhi".to_string(), date: None, comments: true, revisions: false }
    }
}

/// A comment written into the copy.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its `w:id`.
    pub id: i64,
    /// The rule of the finding it is on (`None` for the summary and for placeholders).
    pub rule: Option<Arc<str>>,
    /// The finding's span in the extracted text (empty for the summary and placeholders).
    pub span: Span,
    /// The text the comment range holds, as a reader of the copy sees it (text-box text and
    /// fazhi's own tracked insertions left out).
    pub anchored: String,
    /// Why the range is not exactly the finding's span, if it is not.
    pub adjusted: Option<Adjusted>,
    /// The comment's paragraphs.
    pub lines: Vec<Line>,
}

/// An annotated copy.
#[derive(Debug)]
pub struct Annotated {
    /// The copy's bytes (`None` when there was nothing to write: fixes only, and none).
    pub bytes: Option<Vec<u8>>,
    /// The check of the original.
    pub checked: Checked,
    /// Whether the original passed its gate.
    pub passed: bool,
    /// Comments written on findings, and the summary, in id order.
    pub comments: Vec<Written>,
    /// Placeholder comments written for marks that referred to no comment.
    pub placeholders: usize,
    /// Findings listed in the summary because they have no place of their own.
    pub unplaced: usize,
    /// Findings listed in the summary because of `MAX_COMMENTS`.
    pub overflow: usize,
    /// Tracked changes written.
    pub revisions: Vec<Change>,
    /// Safe fixes that could not be written as tracked changes (across runs, on automatic
    /// numbers, inside fields or containers).
    pub revisions_skipped: usize,
}

/// Why a file was not annotated.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// The reader refused it, as `fazhi check` does.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// fazhi cannot write into it safely.
    #[error("无法安全地写入批注：{0}")]
    Refused(String),
    /// The copy could not be assembled.
    #[error("无法生成批注后的文件：{0}")]
    Write(String),
}

/// What to check a file with.
#[derive(Debug, Clone, Copy)]
pub struct Check<'a> {
    /// The rules.
    pub rules: &'a RuleSet,
    /// The rule sets of other report types, one of which a report's title may call for
    /// instead of `rules` (`[detect]` in a pack's `pack.toml`).
    pub others: &'a [&'a crate::rules::Claiming],
    /// How to read it.
    pub options: &'a ReadOptions,
    /// Its configuration suppressions.
    pub suppressions: &'a [Suppression],
    /// Its gate.
    pub gate: Gate,
}

/// Checks a .docx and writes the annotated copy's bytes.
///
/// # Errors
/// `AnnotateError::Read` with the reader's message for a file `fazhi check` refuses;
/// `Refused` for one that cannot be annotated safely; `Write` if the zip cannot be written.
pub fn annotate_docx(
    path: &Path,
    bytes: &[u8],
    check: Check<'_>,
    settings: &Settings,
) -> Result<Annotated, AnnotateError> {
    let mapped = read_mapped(path, bytes)?;
    if mapped.strict {
        return Err(AnnotateError::Refused(
            "这是“严格 Open XML”格式的文档；请在 Word 中另存为普通的“Word 文档 (*.docx)”后再试".to_string(),
        ));
    }
    let Some(w) = mapped.map.w_prefix.clone() else {
        return Err(AnnotateError::Refused("word/document.xml 没有给 WordprocessingML 命名空间声明前缀".to_string()));
    };
    let own = mapped.comments.as_ref().is_some_and(|c| c.comments.iter().any(|(_, a)| *a == settings.author))
        || mapped.ids.revision_authors.contains(&settings.author);
    if own {
        return Err(AnnotateError::Refused(format!(
            "文件中已有“{}”写入的批注或修订（看来是 fazhi 生成的副本）；请对原文件运行，以免重复",
            settings.author
        )));
    }
    let year = check.options.report_year;
    let source = mapped.source.clone();
    let rules = crate::engine::rules_for(&source.text, check.rules, check.others);
    let checked =
        check_document_with(parse(source, TextMarkup::Text, &rules.pack.document), rules, year, check.suppressions);
    let verdict = check.gate.verdict(&checked);
    let passed = verdict.passes();
    let xml = mapped.document.text.as_str();
    let map = &mapped.map;
    let text = checked.document.source.text.as_str();
    let attributes = comment::attributes(&w, &settings.author, settings.date.as_deref());
    let mut next_id = mapped
        .ids
        .max
        .max(mapped.comments.iter().flat_map(|c| c.comments.iter().map(|(id, _)| *id)).max().unwrap_or(-1))
        + 1;

    // Tracked changes first: comment ends that fall inside a change move to its bounds.
    let mut revisions = Vec::new();
    let mut written_changes = Vec::new();
    let mut skipped_changes = Vec::new();
    if settings.revisions {
        let author = revision::Author { prefix: &w, attributes: attributes.clone() };
        for change in revision::safe_changes(&checked, path, rules, year, check.suppressions) {
            match revision::revision(map, xml, &change, &author, (next_id, next_id + 1)) {
                Some(revision) => {
                    next_id += 2;
                    revisions.push(revision);
                    written_changes.push(change);
                }
                None => skipped_changes.push(change),
            }
        }
    }

    let mut points = Vec::new();
    let mut comments = Vec::new();
    let mut comments_xml = String::new();
    let style = comment::Style::new(&w, &attributes);
    let (mut unplaced, mut overflow, mut placeholders) = (Vec::new(), Vec::new(), 0);
    if settings.comments {
        let mut placed: Vec<(&Finding, anchor::Anchor)> = Vec::new();
        for finding in &checked.findings {
            let span = clamp(finding.span, &written_changes);
            match anchor::place(map, text, span) {
                Some(mut anchor) if placed.len() < MAX_COMMENTS => {
                    if span != finding.span && anchor.adjusted.is_none() {
                        anchor.adjusted = Some(Adjusted::Revision);
                    }
                    placed.push((finding, anchor));
                }
                Some(_) => overflow.push(finding),
                None => unplaced.push(finding),
            }
        }
        if mapped.ids.ranges + placed.len() + 1 > WORD_MAX_RANGES {
            return Err(AnnotateError::Refused(format!(
                "文档中已有{}处批注，再加上{}条就超过 Word 能打开的{WORD_MAX_RANGES}处上限",
                mapped.ids.ranges,
                placed.len() + 1
            )));
        }
        let facts = text_of::SummaryFacts {
            verdict: verdict.clone(),
            commented: placed.len(),
            revisions: written_changes.len(),
            revisions_skipped: skipped_changes.len(),
            unplaced: unplaced.clone(),
            overflow: overflow.clone(),
            author: &settings.author,
        };
        let summary = text_of::summary_lines(&checked, rules, &facts);
        let title = checked.document.title.as_ref().map(|t| t.span).or_else(|| checked.document.lines.first().copied());
        let summary_anchor =
            title.and_then(|span| anchor::place(map, text, span)).or_else(|| placed.first().map(|(_, a)| a.clone()));
        let Some(summary_anchor) = summary_anchor else {
            return Err(AnnotateError::Refused("正文中没有能写批注的文字位置".to_string()));
        };
        let mut entries: Vec<(Option<&Finding>, anchor::Anchor, Vec<Line>)> = vec![(None, summary_anchor, summary)];
        for (finding, anchor) in placed {
            let touches = |c: &Change, e: Span| c.span.start <= e.end && e.start <= c.span.end;
            let revised = !finding.edits.is_empty()
                && finding.edits.iter().all(|e| written_changes.iter().any(|c| touches(c, e.span)))
                && !finding.edits.iter().any(|e| skipped_changes.iter().any(|c| touches(c, e.span)));
            let lines = text_of::finding_lines(&checked, rules, finding, anchor.adjusted, revised);
            entries.push((Some(finding), anchor, lines));
        }
        for (finding, anchor, lines) in entries {
            let id = next_id;
            next_id += 1;
            points.push(Point {
                cut: anchor.start,
                rank: 1,
                markup: format!("<{w}:commentRangeStart {w}:id=\"{id}\"/>"),
            });
            points.push(Point {
                cut: anchor.end,
                rank: 0,
                markup: format!(
                    "<{w}:commentRangeEnd {w}:id=\"{id}\"/><{w}:r><{w}:commentReference {w}:id=\"{id}\"/></{w}:r>"
                ),
            });
            style.comment(&mut comments_xml, id, &lines);
            comments.push(Written {
                id,
                rule: finding.map(|f| Arc::clone(&f.rule)),
                span: finding.map_or_else(Span::default, |f| f.span),
                anchored: anchor.text,
                adjusted: anchor.adjusted,
                lines,
            });
        }
        // Marks that refer to no comment make Word refuse the file once it has a comments
        // part: each gets a comment saying what it is.
        let existing: std::collections::BTreeSet<i64> =
            mapped.comments.iter().flat_map(|c| c.comments.iter().map(|(id, _)| *id)).collect();
        for id in mapped.ids.referenced.difference(&existing) {
            style.comment(&mut comments_xml, *id, &text_of::placeholder_lines());
            placeholders += 1;
        }
    }
    if i32::try_from(next_id).is_err() {
        return Err(AnnotateError::Refused("文档中的批注或修订编号已接近上限".to_string()));
    }
    let (n_unplaced, n_overflow) = (unplaced.len(), overflow.len());
    // Nothing to write (fixes only, and none): no copy.
    let copy = if comments_xml.is_empty() && revisions.is_empty() {
        None
    } else {
        let (document, dropped) = splice::write(xml, map, points, revisions);
        if dropped > 0 {
            // A comment mark fell inside a change (clamping prevents it): refuse rather than
            // write a change that was not placed.
            return Err(AnnotateError::Write(format!("{dropped}处修订与批注位置冲突")));
        }
        Some(package::write(bytes, &mapped, &document, &comments_xml).map_err(AnnotateError::Write)?)
    };
    Ok(Annotated {
        bytes: copy,
        checked,
        passed,
        comments,
        placeholders,
        unplaced: n_unplaced,
        overflow: n_overflow,
        revisions: written_changes,
        revisions_skipped: skipped_changes.len(),
    })
}

/// A finding's span with ends that fall inside a tracked change moved to the change's bounds.
fn clamp(span: Span, changes: &[Change]) -> Span {
    let (mut start, mut end) = (span.start, span.end);
    for change in changes {
        let c = change.span;
        if c.start < start && start < c.end {
            start = c.start;
        }
        if c.start < end && end < c.end {
            end = c.end;
        }
    }
    Span::new(start, end)
}
