//! Reader for published report pages (.html): finds the report inside the page, drops the
//! site around it, and keeps the title and the publication date the page shows.
//!
//! Government sites run on a handful of content management systems whose article container
//! has a known id or class (`#zoom`, `.TRS_Editor`, `#UCAP-CONTENT` …); those are tried first.
//! A page without one falls back to the element holding the most running Chinese text that is
//! not link text (a readability-style text-density choice).
//!
//! **Invariant:** text comes only from the chosen container and the title; script, style and
//! hidden elements never reach it, and the tree is walked with an explicit stack, never by
//! recursion, so a deeply nested page cannot exhaust the call stack.

mod container;
mod decode;
mod guard;
mod meta;
mod table;
mod text;

use std::path::Path;

use scraper::Html;

use super::marked_table::bounded;
use crate::source::{CellShape, InputFormat, Origin, Place, ReadError, RowShape, SourceFile, Span, TableShape};
use container::{densest, known_container};
use decode::decode;
use guard::{MAX_NESTING, nesting_depth};
use meta::{published, title_lines};
use text::{Lines, squeeze};

/// Reads an HTML page. `forced` is the user's `--encoding`, which wins over what the page
/// declares.
///
/// # Errors
/// `ReadError::Encoding`/`UnknownEncoding` when the bytes cannot be decoded, `Unsafe` for a
/// page nested deeper than any real page, `Empty` when the page holds no text.
pub fn read(path: &Path, bytes: &[u8], forced: Option<&str>) -> Result<SourceFile, ReadError> {
    let (text, encoding) = decode(path, bytes, forced)?;
    let depth = nesting_depth(&text);
    if depth > MAX_NESTING {
        return Err(ReadError::Unsafe {
            format: "html",
            detail: format!("网页元素嵌套超过{MAX_NESTING}层（约{depth}层），不像正常的网页"),
        });
    }
    let page = Html::parse_document(&text);
    let mut notes = Vec::new();
    let container = if let Some((element, name)) = known_container(&page) {
        notes.push(format!("正文取自网页的“{name}”区域，导航、页眉页脚等页面文字未检查"));
        element
    } else {
        notes.push("网页没有常见的正文区域，按文字密度选取正文，导航、页眉页脚等页面文字未检查".to_string());
        densest(&page)
    };
    let mut body = Lines::with_tables();
    body.walk(container);
    let title = title_lines(&page, container);
    let mut lines: Vec<(String, Option<u8>)> = Vec::new();
    let starts_with_title = title.as_ref().is_some_and(|t| {
        let head: String = body.done.iter().take(3).map(|(l, _)| squeeze(l)).collect();
        head.starts_with(&squeeze(&t.concat()))
    });
    if let Some(title) = title
        && !starts_with_title
    {
        lines.extend(title.into_iter().map(|l| (l, None)));
    }
    let first_body_line = lines.len();
    lines.extend(body.done);
    // For each line that is a table row: its table and row (0-based).
    let mut rows: Vec<Option<(usize, usize)>> = vec![None; lines.len()];
    for (table_idx, table) in body.tables.iter().enumerate() {
        for (row_idx, (line, _)) in table.rows.iter().enumerate() {
            rows[first_body_line + line] = Some((table_idx, row_idx));
        }
    }

    let mut origin = Origin { format: InputFormat::Html, published: published(&page), notes, ..Origin::default() };
    let mut out = String::new();
    let mut line_starts = Vec::with_capacity(lines.len());
    for (idx, (line, level)) in lines.iter().enumerate() {
        line_starts.push(out.len());
        match rows[idx] {
            Some((table, row)) => {
                let cells = &body.tables[table].rows[row].1;
                for (column, cell) in cells.iter().enumerate() {
                    let place = Place::Cell { table: table + 1, row: row + 1, column: column + 1 };
                    origin.places.push((out.len() + cell.range.start, place));
                }
            }
            None => origin.places.push((out.len(), Place::Paragraph(idx + 1))),
        }
        if let Some(level) = level {
            origin.levels.push((out.len(), *level));
        }
        out.push_str(line);
        out.push('\n');
    }
    origin.tables = body
        .tables
        .iter()
        .filter_map(|table| {
            let rows: Vec<RowShape> = table
                .rows
                .iter()
                .map(|(line, cells)| {
                    let start = line_starts[first_body_line + line];
                    let at = |range: &std::ops::Range<usize>| Span::new(start + range.start, start + range.end);
                    let cells = cells
                        .iter()
                        .map(|cell| CellShape {
                            span: at(&cell.range),
                            col_span: cell.col_span,
                            row_span: cell.row_span,
                            header: cell.header,
                        })
                        .collect();
                    RowShape { span: at(&(0..lines[first_body_line + line].0.len())), cells, skip: 0 }
                })
                .collect();
            let span = Span::new(rows.first()?.span.start, rows.last()?.span.end);
            bounded(TableShape { span, rows })
        })
        .collect();
    SourceFile::extracted(path, out, encoding, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(html: &str) -> SourceFile {
        read(Path::new("t.html"), html.as_bytes(), None).unwrap()
    }

    #[test]
    fn known_container_title_and_date() {
        let page = r#"<html><head><meta charset="utf-8"><title>关于2023年法治政府建设情况的报告_工作报告_某区政府</title>
            <meta name="PubDate" content="2024-03-28 09:30"></head><body>
            <div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a></div>
            <h1 class="title">关于2023年法治政府建设情况的报告</h1>
            <div class="info">发布时间：2024-03-29 来源：司法局</div>
            <div id="zoom"><p>　　2023年，我区坚持依法行政，全面推进法治政府建设&ldquo;示范&rdquo;创建工作，法治政府建设取得新成效，群众满意度持续提升。</p>
            <p>一、主要举措和成效</p><p>全年办理复议案件12件，<br>纠错3件。</p>
            <script>var x = "不该出现的脚本文字";</script></div>
            <div class="footer">打印此文 关闭窗口 主办单位：某区人民政府办公室</div></body></html>"#;
        let src = read_str(page);
        assert_eq!(
            src.text,
            "关于2023年法治政府建设情况的报告\n2023年，我区坚持依法行政，全面推进法治政府建设“示范”创建工作，法治政府建设取得新成效，群众满意度持续提升。\n一、主要举措和成效\n全年办理复议案件12件，\n纠错3件。\n"
        );
        assert_eq!(src.origin.published, Some((2024, 3, 28)));
        assert_eq!(src.origin.place_at(src.text.find("纠错").unwrap()), Some(Place::Paragraph(5)));
    }

    #[test]
    fn density_fallback_and_shown_date() {
        let para = "我区坚持依法行政，全面推进法治政府建设，取得明显成效。".repeat(4);
        let page = format!(
            "<html><body><ul><li><a>首页</a></li><li><a>政务公开栏目导航链接文字很多很多很多</a></li></ul>\
             <div class=left><h2>关于2023年法治政府建设情况的报告</h2><span>发布日期：2024年3月20日</span>\
             <div class=text><p>{para}</p><p>{para}</p><table><tr><td>项目</td><td>数量</td></tr><tr><td>复议</td><td>12</td></tr></table></div></div></body></html>"
        );
        let src = read_str(&page);
        assert!(src.text.starts_with("关于2023年法治政府建设情况的报告\n我区坚持"), "{}", src.text);
        assert!(src.text.contains("项目\t数量\n复议\t12\n"), "{}", src.text);
        assert!(!src.text.contains("首页"));
        assert_eq!(src.origin.published, Some((2024, 3, 20)));
    }

    #[test]
    fn declared_gbk_is_decoded() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\
            <body><div class=\"TRS_Editor\"><p>关于2023年法治政府建设情况的报告</p><p>我区坚持依法行政，全面推进法治政府建设各项工作，取得明显成效，群众满意度持续提升。</p></div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let src = read(Path::new("g.html"), &bytes, None).unwrap();
        assert_eq!(src.encoding, "GBK");
        assert!(src.text.starts_with("关于2023年法治政府建设情况的报告\n"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let page = format!("<html><body>{}报告{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(10));
        let err = read(Path::new("deep.html"), page.as_bytes(), None).unwrap_err();
        assert!(matches!(err, ReadError::Unsafe { .. }), "{err}");
        // Paragraphs and list items left open, as real pages leave them, do not count.
        let open_paragraphs = format!("<html><body>{}</body></html>", "<p>段落<li>条目".repeat(5_000));
        assert!(nesting_depth(&open_paragraphs) < 5);
        // An end tag that closes nothing open does not lower the depth: the divs still nest.
        let stray = format!("<html><body>{}报告</body></html>", "<div></x>".repeat(20_000));
        assert_eq!(nesting_depth(&stray), 20_002);
        // One that closes an outer element closes what is inside it too.
        assert_eq!(nesting_depth(&"<div><span><b></div>".repeat(5_000)), 3);
    }

    #[test]
    fn declared_utf16_on_an_ascii_compatible_page_is_read_as_utf8() {
        let page = "<html><head><meta charset=\"utf-16\"><title>报告</title></head><body><div class=\"TRS_Editor\">\
            <p>关于2023年法治政府建设情况的报告</p><p>我区坚持依法行政，全面推进法治政府建设各项工作，取得明显成效，群众满意度持续提升。</p></div></body></html>";
        for declared in ["utf-16", "UTF-16LE", "utf-16be"] {
            let mut page = page.replace("utf-16", declared);
            // At an even length the bytes also decode as UTF-16 without an error.
            if page.len() % 2 == 1 {
                page.push(' ');
            }
            let src = read(Path::new("u.html"), page.as_bytes(), None).unwrap();
            assert_eq!(src.encoding, "UTF-8", "{declared}");
            assert!(src.text.contains("关于2023年法治政府建设情况的报告\n我区坚持"), "{declared}: {}", src.text);
        }
    }
}
