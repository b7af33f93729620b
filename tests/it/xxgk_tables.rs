//! The 政府信息公开 pack's table rules end to end on tables read from Word and HTML, as
//! `fazhi check --format json` reports them: table 三 with its merged header (Word `gridSpan`
//! and `vMerge`, HTML `rowspan`/`colspan` and `<p>` in cells), a table published as an image,
//! a town reporting 规章, and the default pack on a 法治 report holding a small data table.

use std::path::{Path, PathBuf};

use super::check_json;
use super::docx_hostile::docx_with_body;

/// The findings of the first report of a JSON run as (rule, message).
fn findings(json: &serde_json::Value) -> Vec<(String, String)> {
    json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string()))
        .collect()
}

/// The findings of the table rules (`table/…`).
fn table_findings(json: &serde_json::Value) -> Vec<(String, String)> {
    findings(json).into_iter().filter(|(rule, _)| rule.starts_with("table/")).collect()
}

/// Writes `bytes` as `name` in `dir` and checks it with the pack its title picks.
fn check(dir: &Path, name: &str, bytes: &[u8]) -> serde_json::Value {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let (json, _) = check_json(&[&path], &["--no-config"]);
    assert!(json["errors"].as_array().is_none_or(Vec::is_empty), "{}", json["errors"]);
    json
}

/// The row labels of table 三 (2021 format) as paths: 三、本年度办理结果 spans its sub-rows,
/// （三）–（六） span theirs.
const ROWS: &[&[&str]] = &[
    &["一、本年新收政府信息公开申请数量"],
    &["二、上年结转政府信息公开申请数量"],
    &["三、本年度办理结果", "（一）予以公开"],
    &["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    &["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"],
    &["三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"],
    &["三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"],
    &["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"],
    &["三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"],
    &["三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"],
    &["三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"],
    &["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"],
    &["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"],
    &["三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"],
    &["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"],
    &["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"],
    &["三、本年度办理结果", "（五）不予处理", "2.重复申请"],
    &["三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"],
    &["三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"],
    &["三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"],
    &["三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    &[
        "三、本年度办理结果",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ],
    &["三、本年度办理结果", "（六）其他处理", "3.其他"],
    &["三、本年度办理结果", "（七）总计"],
    &["四、结转下年度继续办理"],
];

/// Figures of table 三 that hold A1–A3: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构,
/// 其他, 总计 per row of [`ROWS`], `_` for a blank cell.
fn figures() -> Vec<Vec<&'static str>> {
    let zero = "0 0 0 0 0 0 0";
    let mut rows = vec![zero; ROWS.len()];
    rows[0] = "20 3 0 0 1 0 24";
    rows[1] = "2 0 0 0 0 0 2";
    rows[2] = "10 2 0 0 0 0 12";
    rows[3] = "2 0 0 0 0 0 2";
    rows[9] = "1 0 0 0 0 0 1";
    rows[12] = "4 0 0 0 1 0 5";
    rows[13] = "1 0 0 0 0 0 1";
    rows[15] = "1 0 0 0 0 0 1";
    rows[23] = "19 2 0 0 1 0 22";
    rows[24] = "3 1 0 0 0 0 4";
    rows.into_iter().map(|r| r.split(' ').map(|f| if f == "_" { "" } else { f }).collect()).collect()
}

/// The 上海 way: 总计 filled only in 一, 二, （七） and 四, blank in every sub-row.
fn blank_sub_row_totals(rows: &mut [Vec<&str>]) {
    for row in &mut rows[2..23] {
        row[6] = "";
    }
}

// ---------------------------------------------------------------------------------------------
// Word

fn p(text: &str) -> String {
    if text.is_empty() { "<w:p/>".to_string() } else { format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>") }
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn span(n: usize) -> String {
    format!(r#"<w:gridSpan w:val="{n}"/>"#)
}

const RESTART: &str = r#"<w:vMerge w:val="restart"/>"#;
const CONTINUE: &str = "<w:vMerge/>";

/// Table 三 as Word writes the national format: three label columns and seven figures; the
/// top-left cell spans three columns and three rows, 申请人情况 the seven figure columns,
/// 法人或其他组织 the five middle ones over their names, 自然人 and 总计 two rows; a label that
/// heads sub-rows is merged down over them.
fn word_table_three(rows: &[Vec<&str>]) -> String {
    let mut xml = String::from("<w:tbl><w:tblGrid>");
    xml.push_str(&"<w:gridCol/>".repeat(10));
    xml.push_str("</w:tblGrid>");
    let top_left = format!("{}{RESTART}", span(3));
    xml.push_str(&format!(
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>",
        tc(&top_left, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        tc(&span(7), "申请人情况")
    ));
    let go_on = format!("{}{CONTINUE}", span(3));
    xml.push_str(&format!(
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}{}</w:tr>",
        tc(&go_on, ""),
        tc(RESTART, "自然人"),
        tc(&span(5), "法人或其他组织"),
        tc(RESTART, "总计")
    ));
    let names: String =
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].iter().map(|n| tc("", n)).collect();
    xml.push_str(&format!(
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{names}{}</w:tr>",
        tc(&go_on, ""),
        tc(CONTINUE, ""),
        tc(CONTINUE, "")
    ));
    for (idx, path) in ROWS.iter().enumerate() {
        xml.push_str("<w:tr>");
        for (level, label) in path.iter().enumerate() {
            let same =
                |other: Option<&&[&str]>| other.is_some_and(|o| o.len() > level && o[..=level] == path[..=level]);
            let last = level + 1 == path.len();
            let mut props = if last { span(3 - level) } else { String::new() };
            if idx > 0 && same(ROWS.get(idx - 1)) {
                props.push_str(CONTINUE);
                xml.push_str(&tc(&props, ""));
                continue;
            }
            if same(ROWS.get(idx + 1)) {
                props.push_str(RESTART);
            }
            xml.push_str(&tc(&props, label));
        }
        for figure in &rows[idx] {
            xml.push_str(&tc("", figure));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

const PROSE: &str = "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，依法依规办理政府信息公开申请。";

/// A row of plain cells.
fn word_row(cells: &[&str]) -> String {
    let mut xml = String::from("<w:tr>");
    for cell in cells {
        xml.push_str(&tc("", cell));
    }
    xml.push_str("</w:tr>");
    xml
}

/// Table 二's first sub-table, with `rules` in the 规章 row's 现行有效件数.
fn word_table_two(rules: &str) -> String {
    [
        p("第二十条第（一）项"),
        "<w:tbl>".to_string(),
        word_row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        word_row(&["规章", "0", "0", rules]),
        word_row(&["行政规范性文件", "2", "1", "15"]),
        "</w:tbl>".to_string(),
    ]
    .concat()
}

/// A 2022 report of `issuer` as a .docx: parts 一–三 with tables 二 and 三.
fn word_report(issuer: &str, rules: &str, rows: &[Vec<&str>]) -> Vec<u8> {
    let body = [
        p(&format!("{issuer}2022年政府信息公开工作年度报告")),
        p("一、总体情况"),
        p(PROSE),
        p("二、主动公开政府信息情况"),
        word_table_two(rules),
        p("三、收到和处理政府信息公开申请情况"),
        word_table_three(rows),
        p("四、存在的主要问题及改进情况"),
        p("政务公开的及时性还需提高，下一步将加强培训。"),
    ]
    .concat();
    docx_with_body(&body)
}

#[test]
fn a_word_table_three_with_merged_headers_has_its_column_sum_checked_on_the_total_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = figures();
    blank_sub_row_totals(&mut rows);
    let json = check(dir.path(), "right.docx", &word_report("某某市某某区人民政府办公室", "0", &rows));
    assert_eq!(json["reports"][0]["rule_pack"]["name"].as_str().or(json["rule_pack"]["name"].as_str()), Some("xxgk"));
    assert_eq!(table_findings(&json), [], "the sums hold");

    // （一）予以公开 of 自然人 written 11: 予以公开 … 其他处理 add up to 20 in that column, （七）总计
    // says 19. The row's own 总计 is blank, so the column is the one relation broken.
    rows[2][0] = "11";
    let json = check(dir.path(), "broken.docx", &word_report("某某市某某区人民政府办公室", "0", &rows));
    let found = table_findings(&json);
    assert_eq!(
        found,
        [(
            "table/applications-sums".to_string(),
            "收到和处理政府信息公开申请情况表“（七）总计”的“自然人”应为20，表中为19（（七）总计应等于（一）至（六）各项之和）"
                .to_string()
        )]
    );
    let finding = &json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "table/applications-sums")
        .unwrap()
        .clone();
    assert_eq!(finding["text"], "19", "{finding}");
}

// ---------------------------------------------------------------------------------------------
// HTML

/// A cell as CMS editors write it: the text in a centred `<p>`.
fn td(attrs: &str, text: &str) -> String {
    format!(r#"<td{attrs}><p align="center">{text}</p></td>"#)
}

/// Table 三 as a CMS page writes it: `colspan` over 申请人情况 and 法人或其他组织, `rowspan` on
/// 自然人 and 总计, and a label heading sub-rows written only in its first sub-row.
fn html_table_three(rows: &[Vec<&str>]) -> String {
    let mut html = String::from(r#"<table border="1" cellspacing="0" cellpadding="0"><tbody>"#);
    html.push_str(&format!(
        "<tr>{}{}</tr>",
        td(r#" rowspan="3" colspan="3""#, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        td(r#" colspan="7""#, "申请人情况")
    ));
    html.push_str(&format!(
        "<tr>{}{}{}</tr>",
        td(r#" rowspan="2""#, "自然人"),
        td(r#" colspan="5""#, "法人或其他组织"),
        td(r#" rowspan="2""#, "总计")
    ));
    let names: String =
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].iter().map(|n| td("", n)).collect();
    html.push_str(&format!("<tr>{names}</tr>"));
    for (idx, path) in ROWS.iter().enumerate() {
        html.push_str("<tr>");
        for (level, label) in path.iter().enumerate() {
            let shares = |other: &&[&str]| other.len() > level && other[..=level] == path[..=level];
            if idx > 0 && shares(&ROWS[idx - 1]) {
                continue;
            }
            let down = ROWS[idx..].iter().take_while(|other| shares(other)).count();
            let mut attrs = String::new();
            if down > 1 {
                attrs.push_str(&format!(r#" rowspan="{down}""#));
            }
            if level + 1 == path.len() && level < 2 {
                attrs.push_str(&format!(r#" colspan="{}""#, 3 - level));
            }
            html.push_str(&td(&attrs, label));
        }
        for figure in &rows[idx] {
            html.push_str(&td("", figure));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// A 2022 report page of a CMS: navigation around the article, parts 一, 三 and 四.
fn cms_page(table_three: &str) -> String {
    let title = "某某市某某区人民政府2022年政府信息公开工作年度报告";
    format!(
        r#"<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div id="zoom"><p align="center">{title}</p>
<p>一、总体情况</p><p>{PROSE}</p>
<p>三、收到和处理政府信息公开申请情况</p>{table_three}
<p>四、存在的主要问题及改进情况</p><p>政务公开的及时性还需提高，下一步将加强培训。</p></div>
<div class="footer">主办单位：某某区人民政府办公室</div></body></html>"#
    )
}

#[test]
fn an_html_table_three_with_rowspan_labels_has_its_row_totals_checked_and_a_blank_total_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = figures();
    let json = check(dir.path(), "right.html", cms_page(&html_table_three(&rows)).as_bytes());
    assert_eq!(table_findings(&json), [], "the sums hold");

    // （一）予以公开: 10 + 2 = 12, written 13. That row's 总计 is also a part of （七）'s, so the
    // 总计 column of （七） is off by the same 1: the one mistake, seen from its row and its column.
    rows[2][6] = "13";
    let json = check(dir.path(), "broken.html", cms_page(&html_table_three(&rows)).as_bytes());
    let found = table_findings(&json);
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "收到和处理政府信息公开申请情况表“（一）予以公开”的“总计”应为12，表中为13（总计应等于自然人与法人或其他组织各栏之和）",
            "收到和处理政府信息公开申请情况表“（七）总计”的“总计”应为23，表中为22（（七）总计应等于（一）至（六）各项之和）",
        ],
        "{found:#?}"
    );
    let on_row: Vec<&serde_json::Value> = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("“（一）予以公开”的“总计”"))
        .collect();
    assert_eq!(on_row.len(), 1);
    assert_eq!(on_row[0]["text"], "13");

    // Left blank, that 总计 is unknown: neither its row nor （七）'s column is checked with it.
    rows[2][6] = "";
    let json = check(dir.path(), "blank.html", cms_page(&html_table_three(&rows)).as_bytes());
    assert_eq!(table_findings(&json), []);
}

#[test]
fn an_html_table_three_published_as_an_image_is_one_missing_table_finding() {
    let dir = tempfile::tempdir().unwrap();
    let image = r#"<p style="text-align:center"><img src="/uploads/2023/01/table3.png" alt="" width="600"></p>"#;
    let json = check(dir.path(), "image.html", cms_page(image).as_bytes());
    assert_eq!(
        table_findings(&json),
        [(
            "table/missing".to_string(),
            "“三、收到和处理政府信息公开申请情况”部分没有收到和处理政府信息公开申请情况表".to_string()
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Table 二 and the issuer

#[test]
fn a_town_reporting_rules_in_a_word_table_two_is_warned_and_a_city_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let rows = figures();
    let json = check(dir.path(), "town.docx", &word_report("某某县某某镇人民政府", "2", &rows));
    let found = table_findings(&json);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "table/rules-below-city");
    assert_eq!(
        found[0].1,
        "某某县某某镇人民政府的报告在主动公开政府信息情况表“规章”一行填了“2”：县级及以下没有制定规章的权限"
    );
    let finding = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "table/rules-below-city")
        .unwrap();
    assert_eq!(finding["text"], "2");

    let json = check(dir.path(), "city.docx", &word_report("某某市人民政府", "2", &rows));
    assert_eq!(table_findings(&json), [], "a 设区的市 makes 规章");
}

// ---------------------------------------------------------------------------------------------
// The default pack

/// A 法治政府建设 report whose 行政复议 figures by year sit under its first part, as `rows`.
fn law_report(figures: &str) -> Vec<u8> {
    let body = [
        p("某某区2023年法治政府建设年度报告"),
        p("2023年，我区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。"),
        p("一、2023年推进法治政府建设的主要举措和成效"),
        p("（一）依法化解行政争议"),
        p("全年办理行政复议案件135件，行政诉讼案件38件，案件数量与上年基本持平。"),
        figures.to_string(),
        p("（二）严格规范公正文明执法"),
        p("全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"),
        p("二、2023年推进法治政府建设存在的不足和原因"),
        p("行政执法人员的法治素养有待进一步提升，个别领域执法不够规范。"),
        p("三、2024年推进法治政府建设的主要安排"),
        p("持续深化行政执法体制改革，加强行政复议规范化建设。"),
    ]
    .concat();
    docx_with_body(&body)
}

const BY_YEAR: [[&str; 3]; 4] = [
    ["项目", "2022年", "2023年"],
    ["一、行政复议新收案件", "120", "135"],
    ["二、行政复议办结案件", "118", "131"],
    ["三、行政应诉案件", "40", "38"],
];

#[test]
fn the_rows_of_a_word_data_table_in_a_law_report_are_no_headings() {
    let dir = tempfile::tempdir().unwrap();
    let table: String = BY_YEAR.iter().map(|row| word_row(row)).collect();
    let json = check(dir.path(), "table.docx", &law_report(&format!("<w:tbl>{table}</w:tbl>")));
    assert_eq!(
        json["reports"][0]["rule_pack"]["name"].as_str().or(json["rule_pack"]["name"].as_str()),
        Some("default")
    );
    let rows: Vec<(String, String)> = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let rule = f["rule"].as_str().unwrap();
            rule.starts_with("format/") || f["text"].as_str().unwrap().contains("案件")
        })
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["text"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(rows, [], "no heading or ordinal finding from the rows");
    let elements = &json["reports"][0]["elements"];
    assert_eq!(elements["shortcomings"]["heading"], "二、2023年推进法治政府建设存在的不足和原因", "{elements}");
    assert_eq!(elements["next_year_plan"]["heading"], "三、2024年推进法治政府建设的主要安排", "{elements}");

    // The outline lists the table, and no row among the headings. Written one cell per
    // paragraph outside a table, the rows are recognised as a table of text, as before.
    let outline = |name: &str| {
        super::fazhi(&["check", "--outline", "--no-config", dir.path().join(name).to_str().unwrap()]).stdout
    };
    let paragraphs: String = BY_YEAR.iter().flat_map(|row| row.iter().map(|c| p(c))).collect();
    check(dir.path(), "paragraphs.docx", &law_report(&paragraphs));
    for name in ["table.docx", "paragraphs.docx"] {
        let outline = outline(name);
        assert!(outline.contains("4行×3列：项目｜2022年｜2023年"), "{outline}");
        assert!(!outline.contains("一、行政复议新收案件"), "{outline}");
        assert!(outline.contains("  二、2023年推进法治政府建设存在的不足和原因（第"), "{outline}");
    }
}
