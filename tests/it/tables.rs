//! Tables recognised in the text of a report, in each rendering real copies give them (TAB
//! rows, `|` rows, Markdown, one cell per line, PDF rows of figures): their rows and cells,
//! where they start and end, that the prose structure and the prose rules never see them, and
//! that prose with a TAB or a few numbers is no table.

use std::time::{Duration, Instant};

use fazhi::document::{Document, Scheme, TableSource, TextMarkup, parse};
use fazhi::source::{InputFormat, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, SourceFile};

use super::{check_json, fazhi, fixture, hints};

fn doc(text: &str) -> Document {
    parse(SourceFile::from_text("t.txt", text), TextMarkup::Text, hints())
}

/// The cell texts of table `idx`, row by row.
fn cells(doc: &Document, idx: usize) -> Vec<Vec<&str>> {
    doc.tables[idx].rows.iter().map(|row| row.cells.iter().map(|cell| doc.text(cell.span)).collect()).collect()
}

fn headings(doc: &Document) -> Vec<&str> {
    (0..doc.headings.len()).map(|i| doc.heading_full(i)).collect()
}

fn line_of(doc: &Document, offset: usize) -> usize {
    doc.source.position(offset).line
}

#[test]
fn tab_rows_make_a_table_with_exact_cell_spans_and_a_header_row() {
    let text = "2023年某区法治政府建设年度报告\n一、主要举措和成效\n本区认真落实各项工作。\n\
                指标\t2022年\t2023年\t备注\n行政复议案件\t120件\t135件\t\n纠错率\t3.5%\t 2.8% \t下降\n\
                二、存在的不足和原因\n个别工作还有差距。\n";
    let d = doc(text);
    assert_eq!(d.tables.len(), 1);
    let table = &d.tables[0];
    assert_eq!(table.source, TableSource::Tabs);
    assert_eq!(
        cells(&d, 0),
        [
            vec!["指标", "2022年", "2023年", "备注"],
            vec!["行政复议案件", "120件", "135件", ""],
            vec!["纠错率", "3.5%", "2.8%", "下降"]
        ]
    );
    assert_eq!(table.width(), 4);
    assert!(table.rows[0].cells.iter().all(|c| c.header), "the first row holds no figure");
    assert!(table.rows[1].cells.iter().all(|c| !c.header));
    // The empty last cell stands at the end of its line; the padded cell is trimmed.
    let empty = table.rows[1].cells[3].span;
    assert!(empty.is_empty());
    assert_eq!(empty.start, text.find("135件\t").unwrap() + "135件\t".len());
    assert_eq!(text[table.rows[2].cells[2].span.range()].len(), "2.8%".len());
    assert_eq!((line_of(&d, table.span.start), line_of(&d, table.span.end)), (4, 6));
    assert_eq!(headings(&d), ["一、主要举措和成效", "二、存在的不足和原因"]);
    assert!(d.paragraphs.iter().all(|p| !table.span.contains(p.span)));
    assert!(d.sentences.iter().all(|s| !table.span.contains(*s)));
}

#[test]
fn pipe_rows_and_a_markdown_table_keep_their_separator_line_inside_the_span() {
    let text = "# 2023年某区法治政府建设年度报告\n\n## 一、主要举措和成效\n\n| 指标 | 2022年 | 2023年 |\n\
                |:---|---:|---:|\n| 行政复议案件 | 120 | 135 |\n| 行政诉讼案件 | 40 | 38 |\n\n正文。\n";
    let d = parse(SourceFile::from_text("t.md", text), TextMarkup::Markdown, hints());
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].source, TableSource::Pipes);
    assert_eq!(
        cells(&d, 0),
        [vec!["指标", "2022年", "2023年"], vec!["行政复议案件", "120", "135"], vec!["行政诉讼案件", "40", "38"]]
    );
    assert_eq!((line_of(&d, d.tables[0].span.start), line_of(&d, d.tables[0].span.end)), (5, 8));
    assert!(d.paragraphs.iter().all(|p| !d.text(p.span).contains('|')), "the |---| line is no paragraph");

    // A drawn table: its borders are inside the span, not rows.
    let text = "正文。\n┌──────┬──────┐\n│ 指标 │ 2023年 │\n├──────┼──────┤\n│ 复议 │ 120 │\n│ 诉讼 │ 38 │\n\
                └──────┴──────┘\n正文。\n";
    let d = doc(text);
    assert_eq!(cells(&d, 0), [vec!["指标", "2023年"], vec!["复议", "120"], vec!["诉讼", "38"]]);
    assert_eq!((line_of(&d, d.tables[0].span.start), line_of(&d, d.tables[0].span.end)), (2, 7));
    assert_eq!(d.paragraphs.len(), 2);

    // Rows of a copied page: a bar after each cell, a one-cell row heading each sub-table.
    let text = "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n\
                规章 | 0 | 0 | 0 |\n第二十条第(五)项 |\n信息内容 | 本年处理决定数量 |\n行政许可 | 3 |\n\
                三、收到和处理政府信息公开申请情况\n";
    let d = doc(text);
    assert_eq!(d.tables.len(), 1);
    assert_eq!(
        cells(&d, 0),
        [
            vec!["第二十条第(一)项"],
            vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            vec!["规章", "0", "0", "0"],
            vec!["第二十条第(五)项"],
            vec!["信息内容", "本年处理决定数量"],
            vec!["行政许可", "3"]
        ]
    );
    assert_eq!(headings(&d), ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]);
}

#[test]
fn a_table_of_one_cell_per_line_runs_from_its_header_to_its_last_figure() {
    // As a page with <td><p>…</p></td> cells or a Word table comes out of a copy.
    let text = "一、总体情况\n本机关依法公开政府信息。\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n\
                本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n行政规范性文件\n5\n1\n25\n\
                三、收到和处理政府信息公开申请情况\n本年度未收到申请。\n";
    let d = doc(text);
    assert_eq!(d.tables.len(), 1, "{:?}", d.tables);
    assert_eq!(d.tables[0].source, TableSource::CellPerLine);
    assert_eq!(
        cells(&d, 0),
        [
            vec!["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            vec!["规章", "0", "0", "0"],
            vec!["行政规范性文件", "5", "1", "25"]
        ]
    );
    // The part headings above and below are the report's, not the table's.
    assert_eq!((line_of(&d, d.tables[0].span.start), line_of(&d, d.tables[0].span.end)), (4, 16));
    assert_eq!(headings(&d), ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]);

    // Row labels with ordinals stay in the table: 三、本年度办理结果 → （一）予以公开 → figures.
    let text = "三、收到和处理政府信息公开申请情况\n自然人\n法人或其他组织\n总计\n\
                一、本年新收政府信息公开申请数量\n3\n1\n4\n二、上年结转政府信息公开申请数量\n0\n0\n0\n\
                三、本年度办理结果\n（一）予以公开\n2\n1\n3\n四、结转下年度继续办理\n1\n0\n1\n\
                四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持\n总计\n0\n0\n0\n0\n";
    let d = doc(text);
    assert_eq!(d.tables.len(), 2, "{:?}", d.tables);
    let rows = cells(&d, 0);
    assert_eq!(rows[0], ["自然人", "法人或其他组织", "总计"]);
    assert_eq!(rows[3], ["三、本年度办理结果", "（一）予以公开", "2", "1", "3"]);
    assert_eq!(rows[4], ["四、结转下年度继续办理", "1", "0", "1"]);
    // Table 四 has no row label: its header labels, then the figures under the last of them.
    assert_eq!(cells(&d, 1), [vec!["行政复议", "结果维持"], vec!["总计", "0", "0", "0", "0"]]);
    assert_eq!(headings(&d), ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]);

    // A bar after every cell: a bare bar is an empty cell, a line without one a heading.
    let text = "主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n规章 |\n\
                6 |\n0 |\n规范性文件 |\n|\n1 |\n收到和处理政府信息公开申请情况\n";
    let d = doc(text);
    assert_eq!(
        cells(&d, 0),
        [
            vec!["第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数"],
            vec!["规章", "6", "0"],
            vec!["规范性文件", "", "1"]
        ]
    );
    assert_eq!((line_of(&d, d.tables[0].span.start), line_of(&d, d.tables[0].span.end)), (2, 11));
}

#[test]
fn rows_of_figures_from_a_pdf_page_keep_their_header_lines() {
    let text = "四、结转下年度继续办理 0 0 0 0 0 0 0\n四、政府信息公开行政复议、行政诉讼情况\n\
                本年度未出现申请行政复议、提起行政诉讼的情况。\n行政复议 行政诉讼\n\
                结果 结果 其他 尚未 总\n维持 纠正 结果 审结 计\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n\
                五、存在的主要问题及改进情况\n队伍建设仍需加强。\n- 3 -\n";
    let d = doc(text);
    assert_eq!(d.tables.len(), 2, "{:?}", d.tables);
    assert_eq!(d.tables[0].source, TableSource::CellPerLine);
    assert_eq!(cells(&d, 0), [vec!["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"]]);
    let rows = cells(&d, 1);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0], ["行政复议", "行政诉讼"]);
    assert_eq!(rows[3].len(), 15);
    assert!(d.tables[1].rows[0].cells.iter().all(|c| c.header));
    assert_eq!(headings(&d), ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]);

    // Text a PDF reader gave: the same rows are PDF rows.
    let mut source = SourceFile::from_text("t.pdf", text);
    source.origin.format = InputFormat::Pdf;
    let d = parse(source, TextMarkup::Text, hints());
    assert!(d.tables.iter().all(|t| t.source == TableSource::Pdf));
}

#[test]
fn prose_with_a_tab_or_a_few_numbers_is_no_table() {
    let text = "2023年某区法治政府建设情况的报告\n一、主要举措和成效\n\
                全年办理行政复议案件120件，同比增长15%。\t其中纠错12件。\n\
                2021年 2022年 2023年三年间，复议案件逐年下降。\n\
                全区共有执法人员 1200 名，持证率 100%。\n\
                （一）依法履行政府职能\t坚持依法行政。\n\
                一、\t完善制度\n（二）\t健全机制\n\
                二、存在的不足和原因\n个别工作还有差距。\n特此报告。\n\t\t\t某区人民政府\n\t\t\t2024年3月1日\n";
    let d = doc(text);
    assert!(d.tables.is_empty(), "{:?}", d.tables);
    assert_eq!(d.signature.map(|s| d.text(s)), Some("某区人民政府"));
    assert_eq!(d.date.and_then(|date| date.ymd), Some((2024, 3, 1)));
    assert!(d.closing.is_some());

    // No seed report, written as prose, holds a table.
    for name in ["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"] {
        let text = std::fs::read_to_string(fixture(&format!("seeds/{name}.txt"))).unwrap();
        assert!(doc(&text).tables.is_empty(), "{name}");
    }
}

#[test]
fn the_complete_report_has_its_three_tables_and_no_false_ordinal_errors() {
    let path = fixture("xxgk/001.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let d = doc(&text);
    let sizes: Vec<(usize, usize, usize, TableSource)> =
        d.tables.iter().map(|t| (line_of(&d, t.span.start), t.rows.len(), t.width(), t.source)).collect();
    assert_eq!(
        sizes,
        [(29, 18, 4, TableSource::Tabs), (48, 26, 9, TableSource::Tabs), (75, 4, 15, TableSource::Tabs)],
        "table 二 with its 第二十条 rows, table 三, table 四"
    );
    assert_eq!(cells(&d, 1)[3], ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]);
    assert_eq!(cells(&d, 2)[3][..5], ["5", "", "", "2", "7"]);
    // The six parts are the only headings numbered 一、: no table row is a heading.
    let parts: Vec<&str> = (0..d.headings.len())
        .filter(|i| d.headings[*i].ordinal.is_some_and(|(scheme, _)| scheme == Scheme::ChineseComma))
        .map(|i| d.heading_text(i))
        .collect();
    assert_eq!(parts.len(), 6, "{parts:?}");

    for pack in ["default", "xxgk"] {
        let (json, _) = check_json(&[&path], &["--no-config", "--pack", pack]);
        let ordinal: Vec<&serde_json::Value> = json["reports"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "format/ordinal-sequence")
            .collect();
        assert!(ordinal.is_empty(), "{pack}: {ordinal:?}");
    }

    let outline = fazhi(&["check", "--no-config", "--outline", path.to_str().unwrap()]);
    for line in [
        "  表格1（第29行）　18行×4列：第二十条第（一）项\n",
        "  表格2（第48行）　26行×9列：（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）｜申请人情况\n",
        "  表格3（第75行）　4行×15列：行政复议｜行政诉讼\n",
    ] {
        assert!(outline.stdout.contains(line), "{line}\n{}", outline.stdout);
    }
}

#[test]
fn the_prose_rules_never_read_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.md");
    // The half-width comma and the --- line inside the table are no prose; the same comma in
    // the paragraph under it is.
    std::fs::write(
        &path,
        "# 2023年某区法治政府建设年度报告\n\n## 一、主要举措和成效\n\n| 指标 | 说明 |\n|---|---|\n\
         | 复议,诉讼 | 120 |\n| 执法 | 35 |\n\n本区落实各项工作,成效明显。\n",
    )
    .unwrap();
    let (json, _) = check_json(&[&path], &["--no-config"]);
    let findings = json["reports"][0]["findings"].as_array().unwrap();
    let lines: Vec<(String, u64)> = findings
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("punct/"))
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    assert!(lines.contains(&("punct/halfwidth".to_string(), 10)), "{lines:?}");
    assert!(lines.iter().all(|(_, line)| !(5..=8).contains(line)), "{lines:?}");
}

#[test]
fn a_huge_line_of_tabs_or_a_huge_table_is_clamped_and_quick() {
    let mut text = String::from("2023年某区法治政府建设年度报告\n");
    for row in 0..3 {
        text.push_str(&format!("行{row}"));
        text.push_str(&"\t1".repeat(3_000_000));
        text.push('\n');
    }
    let started = Instant::now();
    let d = doc(&text);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].width(), MAX_TABLE_COLUMNS);

    let row = format!("项目{}\n", "\t7".repeat(999));
    let d = doc(&row.repeat(300));
    let sizes: Vec<usize> = d.tables.iter().map(|t| t.rows.iter().map(|r| r.cells.len()).sum()).collect();
    assert!(sizes.iter().all(|cells| *cells <= MAX_TABLE_CELLS), "{sizes:?}");
    assert_eq!(sizes.iter().sum::<usize>(), 300_000, "a table too large goes on as the next one");
}
