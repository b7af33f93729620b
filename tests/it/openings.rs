//! The openings of published report pages: title, issuer and year must be found behind site
//! chrome (breadcrumbs, 来源/时间 lines, metadata tables, a column name, the title repeated).

use fazhi::document::{TextMarkup, parse};
use fazhi::source::SourceFile;

const BODY: &str = "现将有关情况报告如下：\n一、主要举措和成效\n全年办理行政复议案件12件。\n";

fn read(opening: &str) -> (Option<String>, Option<String>, Option<i32>) {
    let doc = parse(SourceFile::from_text("page.txt", format!("{opening}\n{BODY}")), TextMarkup::Text, super::hints());
    let issuer = doc.title.as_ref().and_then(|t| t.issuer).map(|s| doc.text(s).to_string());
    (doc.title_text(), issuer, doc.report_year.map(|y| y.year))
}

#[test]
fn openings_behind_chrome() {
    let cases: &[(&str, &str, Option<&str>, i32)] = &[
        (
            "今天是:2019年10月31日 星期三\n您所在的位置:政务公开 > 工作报告\n某某市人民政府关于2018年法治政府建设情况的报告\n文章来源:司法局 更新时间:2019/03/29 11:30:01",
            "某某市人民政府关于2018年法治政府建设情况的报告",
            Some("某某市人民政府"),
            2018,
        ),
        (
            "无障碍 简体|繁体\n字体大小：大 中 小\n首页 > 政务公开 > 法治政府建设年度报告\n法治政府建设年度报告\n2020年静海区法治政府建设情况报告\n2020年静海区法治政府建设情况报告\n发布时间：2021-03-29 09:12",
            "2020年静海区法治政府建设情况报告",
            Some("静海区"),
            2020,
        ),
        (
            "索引号：11500000MB1234567X/2024-00012\n发布机构：重庆市司法局\n名称：重庆市人民政府关于2023年法治政府建设情况的报告\n文号：\n生成日期：2024-03-28\n重庆市人民政府关于2023年法治政府建设情况的报告\n【字体：大 中 小】【打印】",
            "重庆市人民政府关于2023年法治政府建设情况的报告",
            Some("重庆市人民政府"),
            2023,
        ),
        (
            "当前位置：首页 » 政务公开 » 重点领域信息公开\n2024-03-29 10:20\n中共某某区委 某某区人民政府\n关于2024年法治政府建设情况的报告\n浏览次数：1024",
            "中共某某区委 某某区人民政府关于2024年法治政府建设情况的报告",
            Some("中共某某区委 某某区人民政府"),
            2024,
        ),
        (
            "深圳市2025年法治政府建设年度报告\n来源：深圳市司法局 时间：2026-03-20\n分享：",
            "深圳市2025年法治政府建设年度报告",
            Some("深圳市"),
            2025,
        ),
        (
            "福建省2021年度法治政府建设情况\n信息来源：省司法厅 发布时间：2022-03-30",
            "福建省2021年度法治政府建设情况",
            Some("福建省"),
            2021,
        ),
        ("关于2024年法治政府建设报告\n作者：区司法局 阅读量：256", "关于2024年法治政府建设报告", None, 2024),
        ("2024法治政府建设年度报告\n扫一扫在手机打开当前页", "2024法治政府建设年度报告", None, 2024),
        (
            "某某县人民政府关于二〇二三年度法治政府建设情况的报告\n【打印本页】【关闭窗口】",
            "某某县人民政府关于二〇二三年度法治政府建设情况的报告",
            Some("某某县人民政府"),
            2023,
        ),
    ];
    for (opening, title, issuer, year) in cases {
        let (got_title, got_issuer, got_year) = read(opening);
        assert_eq!(got_title.as_deref(), Some(*title), "title of:\n{opening}");
        assert_eq!(got_issuer.as_deref(), *issuer, "issuer of:\n{opening}");
        assert_eq!(got_year, Some(*year), "year of:\n{opening}");
    }
}

#[test]
fn chrome_after_the_title_is_not_the_recipient_or_body() {
    let doc = parse(
        SourceFile::from_text(
            "p.txt",
            format!(
                "某某区人民政府关于2023年法治政府建设情况的报告\n来源：本站 时间：2024-03-28\n市人民政府：\n{BODY}"
            ),
        ),
        TextMarkup::Text,
        super::hints(),
    );
    assert_eq!(doc.chrome.len(), 1);
    assert_eq!(doc.recipient.map(|s| doc.text(s)), Some("市人民政府："));
}
