//! `check --outline`: the structure fazhi recognised in each report, in Chinese — title, issuer,
//! year, date, the heading tree with where each heading is and how much text it holds, and
//! which heading or paragraph was taken for each required element — so that a drafter can see
//! whether the report was read as it was meant.

use std::fmt::Write as _;

use super::element::{self, Shown};
use super::human::{crop, place};
use crate::document::{Document, HeadingForm, YearSource, chinese_numeral};
use crate::results::{FileError, ReportEntry};

/// The outline of every report, one block each, then the files that could not be read.
#[must_use]
pub fn render(reports: &[ReportEntry], errors: &[FileError]) -> String {
    let blocks: Vec<String> = reports.iter().map(render_one).collect();
    let mut out = blocks.join("\n");
    if !errors.is_empty() && !out.is_empty() {
        out.push('\n');
    }
    for error in errors {
        let _ = writeln!(out, "无法读取 {}：{}", error.path.display(), error.message);
    }
    out
}

/// One report's outline.
#[must_use]
pub fn render_one(entry: &ReportEntry) -> String {
    let checked = &entry.checked;
    let doc = &checked.document;
    let mut out = String::new();
    let _ = writeln!(out, "文件：{}", entry.path.display());
    let title = match (doc.title_text(), &doc.title) {
        (Some(text), Some(title)) => format!("{text}（{}）", place(doc, title.span.start)),
        _ => "未识别出标题".to_string(),
    };
    let _ = writeln!(out, "标题：{title}");
    let _ = writeln!(out, "发文机关：{}", doc.issuer_text().unwrap_or_else(|| "未识别出".to_string()));
    let year = doc.report_year.map_or_else(
        || "未识别出".to_string(),
        |year| {
            let from = match year.source {
                YearSource::Title => "标题",
                YearSource::Preamble => "开头段落",
                YearSource::Heading => "小标题",
            };
            format!("{}年（取自{from}，{}）", year.year, place(doc, year.span.start))
        },
    );
    let _ = writeln!(out, "报告年度：{year}");
    let date = doc.date.map_or_else(
        || "未识别出".to_string(),
        |date| match date.ymd {
            Some((y, m, d)) => format!("{y}年{m}月{d}日（{}）", place(doc, date.span.start)),
            None => format!("“{}”（{}，未能读出年月日）", doc.text(date.span), place(doc, date.span.start)),
        },
    );
    let _ = writeln!(out, "成文日期：{date}");
    if let Some(span) = doc.recipient {
        let _ = writeln!(out, "主送机关：{}（{}）", doc.text(span), place(doc, span.start));
    }
    let _ = writeln!(out, "规则包：{} {}", checked.pack.name, checked.pack.version);
    out.push_str(&structure(doc));
    let _ = writeln!(out, "必备要素：");
    for found in &checked.elements.list {
        let shown = Shown::of(found);
        let evidence = element::evidence(found);
        let at = |offset: usize| {
            let under = doc.section_at(offset).filter(|h| Some(*h) != found.heading);
            match under {
                Some(h) => format!("（{}，在“{}”下）", place(doc, offset), crop(doc.heading_full(h), 20)),
                None => format!("（{}）", place(doc, offset)),
            }
        };
        let detail = match (&shown, found.heading, evidence) {
            (Shown::Heading, Some(h), _) => {
                format!("{}（{}）", crop(doc.heading_full(h), 40), place(doc, doc.headings[h].span.start))
            }
            (Shown::Missing | Shown::Optional { .. }, ..) | (_, _, None) => shown.words(),
            (_, _, Some(span)) => format!("{}：“{}”{}", shown.lead(), crop(doc.text(span), 24), at(span.start)),
        };
        let _ = writeln!(out, "  {} {} —— {detail}", shown.mark(), found.label);
    }
    let _ = writeln!(out, "  {}", element::LEGEND);
    out
}

/// The parts of the body in order: the opening, the heading tree indented by level, the
/// closing and the signature.
fn structure(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "文档结构：");
    if let Some(first) = doc.preamble.first() {
        let span = doc.paragraphs[*first].span;
        let _ = writeln!(out, "  开头（{}）　{}段", place(doc, span.start), doc.preamble.len());
    }
    for (idx, heading) in doc.headings.iter().enumerate() {
        let indent = "  ".repeat(usize::from(heading.depth.max(1)));
        let form = match heading.form {
            HeadingForm::Standalone => "",
            HeadingForm::RunIn => "，段首标题",
            HeadingForm::Item => "，编号段落",
        };
        let _ = writeln!(
            out,
            "{indent}{}（{}{form}）{}",
            crop(doc.heading_full(idx), 40),
            place(doc, heading.span.start),
            contents(doc, idx)
        );
    }
    if doc.headings.is_empty() {
        let _ = writeln!(out, "  未识别出小标题");
    }
    for (idx, table) in doc.tables.iter().enumerate() {
        let first = table.rows.first().map(|row| {
            row.cells
                .iter()
                .map(|cell| doc.text(cell.span).trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("｜")
        });
        let _ = writeln!(
            out,
            "  表格{}（{}）　{}行×{}列：{}",
            idx + 1,
            place(doc, table.span.start),
            table.rows.len(),
            table.width(),
            crop(first.as_deref().unwrap_or(""), 40)
        );
    }
    if let Some(span) = doc.closing {
        let _ = writeln!(out, "  结束语：{}（{}）", doc.text(span), place(doc, span.start));
    }
    if let Some(span) = doc.signature {
        let signature = doc.text(span).split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "  署名：{signature}（{}）", place(doc, span.start));
    }
    out
}

/// What stands directly under heading `idx` (not under its subheadings): `　3段`, with the
/// 一是/二是 items when there are any; empty when nothing does.
fn contents(doc: &Document, idx: usize) -> String {
    let standalone = doc.headings[idx].form == HeadingForm::Standalone;
    let paragraphs: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|p| doc.paragraphs[*p].section == Some(idx))
        .filter(|p| !(standalone && doc.paragraphs[*p].heading == Some(idx)))
        .collect();
    if paragraphs.is_empty() {
        return String::new();
    }
    let items: Vec<u32> =
        doc.enumerations.iter().filter(|e| paragraphs.contains(&e.paragraph)).map(|e| e.value).collect();
    let listed = match items.as_slice() {
        [] => String::new(),
        [only] => format!("，{}是", chinese_numeral(*only)),
        all if all.iter().zip(1..).all(|(value, n)| *value == n) => {
            format!("，一是至{}是", chinese_numeral(u32::try_from(all.len()).unwrap_or(u32::MAX)))
        }
        all => format!("，一是等{}项", all.len()),
    };
    format!("　{}段{listed}", paragraphs.len())
}
