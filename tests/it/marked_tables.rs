//! Tables the original marks as tables: a Word `w:tbl` and an HTML `<table>` reach the model as
//! tables (rows, cells on the grid with their merges and header cells), their rows are never
//! headings, a table that lays out the article stays text, and hostile tables (huge spans,
//! 10,000 rows, 1,000 levels of nesting) are read quickly or refused, never crash.

use std::path::Path;
use std::time::{Duration, Instant};

use fazhi::document::readers;
use fazhi::document::{Document, TableSource};
use fazhi::source::Place;

use super::docx_hostile::{docx_with_body, run_binary};
use super::{fazhi, fixture, hints};

/// Each row of table `idx` as `col:text` cells, with `×colspan`, `↓rowspan` and `H` (header)
/// where they apply.
fn rows(doc: &Document, idx: usize) -> Vec<String> {
    doc.tables[idx]
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|cell| {
                    let mut out = format!("{}:{}", cell.col, doc.text(cell.span).replace('\n', "/"));
                    if cell.col_span > 1 {
                        out.push_str(&format!("×{}", cell.col_span));
                    }
                    if cell.row_span > 1 {
                        out.push_str(&format!("↓{}", cell.row_span));
                    }
                    if cell.header {
                        out.push('H');
                    }
                    out
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn headings(doc: &Document) -> Vec<&str> {
    doc.headings.iter().map(|h| doc.text(h.span)).collect()
}

/// What the 政府信息公开 pack tells the parser.
fn xxgk_hints() -> &'static fazhi::document::DocumentHints {
    static HINTS: std::sync::LazyLock<fazhi::pack::PackSettings> =
        std::sync::LazyLock::new(|| fazhi::pack::PackSettings::builtin("xxgk").expect("the xxgk pack exists"));
    &HINTS.document
}

fn read_html(html: &str) -> Document {
    readers::read_bytes(Path::new("t.html"), html.as_bytes(), None, xxgk_hints()).unwrap()
}

fn read_docx(body: &str) -> Document {
    readers::read_bytes(Path::new("t.docx"), &docx_with_body(body), None, xxgk_hints()).unwrap()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, inner: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>")
}

const PROSE: &str = "2023年，我区认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作，取得明显成效。";

#[test]
fn a_word_table_keeps_its_merges_header_rows_and_nested_table() {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let span2 = r#"<w:gridSpan w:val="2"/>"#;
    let nested = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", &p("内表甲")), tc("", &p("内表乙")));
    let table = [
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>".to_string(),
        format!(
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>",
            tc("", &p("项目")),
            tc(span2, &p("行政复议")),
            tc("", &p("总计"))
        ),
        format!(
            "<w:tr>{}{}{}{}</w:tr>",
            tc(restart, &p("一、本年新收政府信息公开申请数量")),
            tc("", &p("821")),
            tc("", &format!("{}{nested}", p("10"))),
            tc("", &p("859"))
        ),
        format!("<w:tr>{}{}{}</w:tr>", tc("<w:vMerge/>", ""), tc(span2, &p("0")), tc("", &p("18"))),
        format!("<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr>", tc("", &p("/")), tc("", &p("5"))),
        "</w:tbl>".to_string(),
    ]
    .concat();
    let doc = read_docx(
        &[
            p("某区2023年政府信息公开工作年度报告"),
            p("一、总体情况"),
            p(PROSE),
            table,
            p("二、主动公开政府信息情况"),
            p(PROSE),
        ]
        .concat(),
    );
    assert_eq!(doc.tables.len(), 1, "the nested table is text of its cell, not a table of its own");
    assert_eq!(doc.tables[0].source, TableSource::Docx);
    assert_eq!(
        rows(&doc, 0),
        [
            "0:项目H | 1:行政复议×2H | 3:总计H",
            "0:一、本年新收政府信息公开申请数量↓2 | 1:821 | 2:10/内表甲/内表乙 | 3:859",
            "1:0×2 | 3:18",
            "1:/ | 2:5",
        ]
    );
    assert_eq!(doc.tables[0].width(), 4);
    // The merged cell covers the row below; the nested table's text stays in its cell.
    assert_eq!(doc.tables[0].cell_at(2, 0).map(|c| doc.text(c.span)), Some("一、本年新收政府信息公开申请数量"));
    assert_eq!(headings(&doc), ["一、总体情况", "二、主动公开政府信息情况"], "table rows are no headings");
    assert!(doc.paragraphs.iter().all(|para| !doc.text(para.span).contains("821")));
    // The text keeps one line per Word paragraph, each with its cell's place.
    let at = |needle: &str| doc.source.origin.place_at(doc.source.text.find(needle).unwrap());
    assert_eq!(at("内表乙"), Some(Place::Cell { table: 2, row: 1, column: 2 }));
    assert_eq!(at("18"), Some(Place::Cell { table: 1, row: 3, column: 3 }));
    assert!(doc.source.text.contains("\n821\n10\n内表甲\n内表乙\n859\n"), "{}", doc.source.text);
}

#[test]
fn the_word_fixture_table_is_a_table_and_a_table_of_words_is_text() {
    let doc = readers::read(&fixture("docx/table.docx"), None, hints()).unwrap();
    assert_eq!(
        rows(&doc, 0),
        ["0:指标 | 1:2022年 | 2:2023年", "0:行政复议案件↓2 | 1:120件 | 2:135件/内表甲/内表乙", "1:纠错率×2"]
    );
    // 指标｜说明 over a sentence: no figure, so the cell's words stay prose for the rules.
    let doc = readers::read(&fixture("docx/annotate-cases.docx"), None, hints()).unwrap();
    assert!(doc.tables.is_empty());
    assert!(doc.paragraphs.iter().any(|para| doc.text(para.span).contains("开展近600余场次")));
}

#[test]
fn a_word_layout_table_stays_text_and_a_data_table_inside_it_is_a_table() {
    let data = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &p("结果维持")),
        tc("", &p("总计")),
        tc("", &p("2")),
        tc("", &p("3"))
    );
    let frame = format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc("", &[p("一、总体情况"), p(PROSE), data, p("二、存在的主要问题及改进情况"), p(PROSE)].concat())
    );
    let doc = read_docx(&frame);
    assert_eq!(headings(&doc), ["一、总体情况", "二、存在的主要问题及改进情况"]);
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(rows(&doc, 0), ["0:结果维持 | 1:总计", "0:2 | 1:3"]);
    // A 落款 in a borderless table: no figure, read as text.
    let signature = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", ""),
        tc("", &p("某某区人民政府")),
        tc("", ""),
        tc("", &p("2024年3月1日"))
    );
    let doc = read_docx(&[p(PROSE), signature].concat());
    assert!(doc.tables.is_empty());
    assert!(doc.date.is_some(), "the date in the 落款 table is still the 成文日期");
}

/// A 政府信息公开 table as CMS pages write it: cell text in `<p>`, header words broken by `<br>`,
/// merged header cells, `<th>`.
const CMS_TABLE: &str = r#"<table border="1" cellspacing="0"><tbody>
<tr><th rowspan="2" colspan="2"><p>（本列数据的勾稽关系为：第一项加第二项之和，</p><p>等于第三项加第四项之和）</p></th>
<th rowspan="2"><p>自然人</p></th><th colspan="2"><p>法人或其他组织</p></th><th rowspan="2"><p>总计</p></th></tr>
<tr><td><p>商业<br>企业</p></td><td><p>其他</p></td></tr>
<tr><td colspan="2"><p align="center">一、本年新收政府信息公开申请数量</p></td><td><p>821</p></td><td><p>10</p></td><td><span>28</span></td><td><p>859</p></td></tr>
<tr><td rowspan="2"><p>三、本年度办理结果</p></td><td><p>（一）予以公开</p></td><td>200</td><td>0</td><td>0</td><td>200</td></tr>
<tr><td><div>（二）部分公开</div></td><td>75</td><td>0</td><td>0</td><td>75</td></tr>
<tr><td colspan="2">四、结转下年度继续办理</td><td>72</td><td>0</td><td>0</td><td>72</td></tr>
</tbody></table>"#;

fn cms_page(article: &str) -> String {
    format!(
        r#"<html><head><meta charset="utf-8"><title>某区2023年政府信息公开工作年度报告</title></head><body>
        <div class="nav"><a href="/">首页</a></div><div id="zoom"><p>某区2023年政府信息公开工作年度报告</p>{article}</div></body></html>"#
    )
}

#[test]
fn an_html_table_is_one_line_per_row_with_its_merges() {
    let article = format!(
        "<p>一、总体情况</p><p>{PROSE}</p><p>三、收到和处理政府信息公开申请情况</p>{CMS_TABLE}<p>四、政府信息公开行政复议、行政诉讼情况</p><p>{PROSE}</p>"
    );
    let doc = read_html(&cms_page(&article));
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0].source, TableSource::Html);
    assert_eq!(
        rows(&doc, 0),
        [
            "0:（本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）×2↓2H | 2:自然人↓2H | 3:法人或其他组织×2H | 5:总计↓2H",
            "3:商业 企业 | 4:其他",
            "0:一、本年新收政府信息公开申请数量×2 | 2:821 | 3:10 | 4:28 | 5:859",
            "0:三、本年度办理结果↓2 | 1:（一）予以公开 | 2:200 | 3:0 | 4:0 | 5:200",
            "1:（二）部分公开 | 2:75 | 3:0 | 4:0 | 5:75",
            "0:四、结转下年度继续办理×2 | 2:72 | 3:0 | 4:0 | 5:72",
        ]
    );
    assert!(doc.source.text.contains("\n一、本年新收政府信息公开申请数量\t821\t10\t28\t859\n"), "{}", doc.source.text);
    assert_eq!(
        headings(&doc),
        ["一、总体情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
        "the rows 一、…四、 are no headings"
    );
    let at = |needle: &str| doc.source.origin.place_at(doc.source.text.find(needle).unwrap());
    assert_eq!(at("859"), Some(Place::Cell { table: 1, row: 3, column: 5 }));
    assert_eq!(at("四、政府信息公开"), Some(Place::Paragraph(11)), "rows count as lines, as before");
    // The outline lists it with its size and first row.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.html");
    std::fs::write(&path, cms_page(&article)).unwrap();
    let outcome = fazhi(&["check", "--outline", path.to_str().unwrap()]);
    assert!(outcome.stdout.contains("表格1（表1 第1行第1列）　6行×6列：（本列数据的勾稽关系为"), "{}", outcome.stdout);
}

#[test]
fn a_thead_and_a_caption_and_bare_cells() {
    let table = "<table><caption>表一 行政复议情况</caption><thead><tr><td>结果维持</td><td>结果纠正</td><td>总计</td></tr></thead>\
                 <tbody><tr><td>2</td><td>0</td><td>2</td></tr></tbody></table>";
    let doc = read_html(&cms_page(&format!("<p>{PROSE}</p>{table}<p>{PROSE}</p>")));
    assert_eq!(rows(&doc, 0), ["0:结果维持H | 1:结果纠正H | 2:总计H", "0:2 | 1:0 | 2:2"]);
    assert!(
        doc.source.text.contains("\n表一 行政复议情况\n结果维持\t结果纠正\t总计\n2\t0\t2\n"),
        "{}",
        doc.source.text
    );
    assert!(!doc.tables[0].contains_offset(doc.source.text.find("表一").unwrap()), "the caption is outside");
}

#[test]
fn a_page_laid_out_in_a_table_is_read_as_text_with_its_headings() {
    // An old CMS: the whole article in one cell of a layout table, beside a narrow column.
    let article = format!(
        "<table width=\"100%\"><tr><td width=\"10\"></td><td><p>一、总体情况</p><p>{PROSE}</p>\
         <p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>3</td></tr></table>\
         <p>五、存在的主要问题及改进情况</p><p>{PROSE}</p></td></tr></table>"
    );
    let doc = read_html(&cms_page(&article));
    assert_eq!(headings(&doc), ["一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况"]);
    assert_eq!(doc.paragraphs.iter().filter(|para| doc.text(para.span) == PROSE).count(), 2);
    assert_eq!(doc.tables.len(), 1, "only the data table inside the frame");
    assert_eq!(rows(&doc, 0), ["0:规章 | 1:0", "0:行政规范性文件 | 1:3"]);
    // A cell holding headings, or two sentences, makes a layout table too.
    let headed = format!("<table><tr><td><h2>一、总体情况</h2></td><td>1</td></tr></table><p>{PROSE}</p>");
    assert!(read_html(&cms_page(&headed)).tables.is_empty());
    let sentences = format!("<table><tr><td>1</td><td>开展普法活动。印发实施方案。</td></tr></table><p>{PROSE}</p>");
    let doc = read_html(&cms_page(&sentences));
    assert!(doc.tables.is_empty());
    assert!(doc.source.text.contains("1\t开展普法活动。印发实施方案。\n"), "read as before: {}", doc.source.text);
}

#[test]
fn huge_spans_and_rows_are_bounded_and_fast() {
    let rows_html = "<tr><td colspan=\"100000\" rowspan=\"100000\">合计</td><td>1</td></tr>".repeat(10_000);
    let page = cms_page(&format!("<p>{PROSE}</p><table>{rows_html}</table>"));
    let started = Instant::now();
    let doc = read_html(&page);
    let table = &doc.tables[0];
    assert_eq!(table.rows[0].cells[0].col_span, fazhi::source::MAX_TABLE_COLUMNS);
    // The grid stays within the cell budget: 100 rows of 1,001 columns; the rest is text.
    assert_eq!(table.rows.len(), fazhi::source::MAX_TABLE_CELLS / (fazhi::source::MAX_TABLE_COLUMNS + 1));
    assert_eq!(table.rows[0].cells[0].row_span, table.rows.len());
    assert_eq!(doc.source.text.matches("合计\t1\n").count(), 10_000);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn deeply_nested_tables_do_not_exhaust_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("html/hubin-2023.html"), dir.path().join("a-good.html")).unwrap();
    let level = ("<table><tr><td>1</td><td>", "</td></tr></table>");
    // Prose longer than a data cell: no level holds data.
    let prose = PROSE.repeat(3);
    let nested = |n: usize| format!("{}{prose}{}", level.0.repeat(n), level.1.repeat(n));
    std::fs::write(dir.path().join("deep-1000.html"), cms_page(&nested(1_000))).unwrap();
    std::fs::write(dir.path().join("deep-900.html"), cms_page(&nested(900))).unwrap();
    let word = |n: usize| {
        let open = format!("<w:tbl><w:tr>{}<w:tc>", tc("", &p("1")));
        docx_with_body(&format!("{}{}{}", open.repeat(n), p(&prose), "</w:tc></w:tr></w:tbl>".repeat(n)))
    };
    std::fs::write(dir.path().join("deep-1000.docx"), word(1_000)).unwrap();
    let (code, stdout, stderr) =
        run_binary(&["check", "--format", "json", dir.path().to_str().unwrap()], Duration::from_mins(2));
    assert!(matches!(code, Some(0..=2)), "exit {code:?} (a crash?): {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let read: Vec<&str> = json["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(read.len(), 3, "{read:?} / {stdout}");
    assert!(read.iter().any(|p| p.ends_with("deep-900.html")) && read.iter().any(|p| p.ends_with("deep-1000.docx")));
    // A thousand tables nest deeper than any page: refused with its reason, the rest checked.
    assert!(stdout.contains("deep-1000.html") && stdout.contains("嵌套"), "{stdout}");
    // Each level's second cell holds the prose: every table lays out text.
    let doc = readers::read(&dir.path().join("deep-1000.docx"), None, hints()).unwrap();
    // The reader hands over no table; the bare figures left as text may still read as one.
    let sources: Vec<_> = doc.tables.iter().map(|t| (t.source, t.rows.len(), t.width())).collect();
    assert!(doc.tables.iter().all(|t| t.source != fazhi::document::TableSource::Docx), "{sources:?}");
    assert!(doc.paragraphs.iter().any(|para| doc.text(para.span) == prose));
}
