//! Element detection must handle the wordings real reports use (from ~90 published reports,
//! shared/corpus/HEADINGS.md), not only the five seeds. Each wording is put into a small report
//! where it names one part; the other parts use plain wordings.

use fazhi::document::{TextMarkup, parse};
use fazhi::engine::check_document;
use fazhi::rules::RuleSet;
use fazhi::rules::elements::ElementStatus;
use fazhi::source::SourceFile;

const MEASURES: &[&str] = &[
    "2020年推进法治政府建设的主要举措和成效",
    "推进法治政府建设主要举措和成效",
    "主要举措与成效",
    "主要举措及工作成效",
    "主要措施及成效",
    "主要工作和成效",
    "主要工作举措及成效",
    "主要做法及成效",
    "2022年度推进法治政府建设的主要成效",
    "工作成效",
    "基本情况和主要成效",
    "2022年法治政府建设主要措施",
    "2022年度推进法治政府建设的亮点工作",
    "主要举措和突出成效",
    "工作开展情况",
    "2024年法治政府主要工作情况",
    "法治政府建设工作情况",
    "推进法治政府建设各项工作开展情况",
    "2020年工作推进情况",
    "2022年主要工作",
    "2019年法治政府建设基本情况",
];
const SHORTCOMINGS: &[&str] = &[
    "存在的不足和原因",
    "存在的问题及原因",
    "存在问题和不足",
    "存在的主要问题和不足",
    "存在的问题",
    "法治政府建设工作存在的问题及原因",
];
const PLAN: &[&str] = &[
    "2024年推进法治政府建设的主要安排",
    "2024年推进法治政府建设的工作安排",
    "2025年重点工作思路",
    "下一步工作计划",
    "下一步打算",
    "2024年工作打算",
    "下一年度推进法治政府建设的主要安排",
];
const FIRST_RESPONSIBLE_TOP: &[&str] = &[
    "区政府主要负责同志履行推进法治建设第一责任人职责情况",
    "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "坚持党的领导，切实履行法治建设第一责任人职责",
    "压实第一责任人职责",
];

fn status_of(text: &str, element: &str) -> ElementStatus {
    let (rules, _) = RuleSet::builtin();
    let doc = parse(SourceFile::from_text("t.txt", text), TextMarkup::Text, super::hints());
    let checked = check_document(doc, &rules, None);
    checked.elements.get(element).unwrap().status
}

fn report(measures: &str, frp: &str, shortcomings: &str, plan: &str) -> String {
    format!(
        "某某区人民政府关于2023年法治政府建设情况的报告\n2023年，我区坚持依法行政。\n一、{measures}\n（一）依法履行政府职能。取消行政许可事项12项。\n（二）严格规范执法。开展案卷评查320卷。\n二、{frp}\n区长主持召开常务会议专题研究法治政府建设4次。\n三、{shortcomings}\n基层执法力量薄弱，主要原因是编制不足。\n四、{plan}\n2024年，我区将组织执法培训4次。\n"
    )
}

const FRP: &str = "党政主要负责人履行推进法治建设第一责任人职责情况";

#[test]
fn measures_wordings() {
    for wording in MEASURES {
        let text = report(wording, FRP, "存在的不足和原因", "2024年推进法治政府建设的主要安排");
        assert_eq!(status_of(&text, "measures_and_results"), ElementStatus::Heading, "{wording}");
    }
}

#[test]
fn shortcomings_wordings() {
    for wording in SHORTCOMINGS {
        let text = report("主要举措和成效", FRP, wording, "2024年推进法治政府建设的主要安排");
        assert_eq!(status_of(&text, "shortcomings"), ElementStatus::Heading, "{wording}");
        assert_eq!(status_of(&text, "next_year_plan"), ElementStatus::Heading, "{wording}");
    }
}

#[test]
fn plan_wordings() {
    for wording in PLAN {
        let text = report("主要举措和成效", FRP, "存在的不足和原因", wording);
        assert_eq!(status_of(&text, "next_year_plan"), ElementStatus::Heading, "{wording}");
        assert_eq!(status_of(&text, "measures_and_results"), ElementStatus::Heading, "{wording}");
    }
}

#[test]
fn first_responsible_wordings_at_every_level() {
    for wording in FIRST_RESPONSIBLE_TOP {
        let text = report("主要举措和成效", wording, "存在的不足和原因", "2024年工作打算");
        assert_eq!(status_of(&text, "first_responsible_person"), ElementStatus::Heading, "{wording}");
    }
    // Second level, standalone and run-in.
    for second in [
        "（一）党政主要负责人履行推进法治建设第一责任人职责",
        "（二）切实履行推进法治建设第一责任人职责。区长带头学法4次。",
    ] {
        let text = format!(
            "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n（一）依法行政。取消许可12项。\n{second}\n区长主持专题会议4次。\n二、存在的不足和原因\n执法力量弱，原因是编制不足。\n三、2024年工作打算\n组织培训4次。\n"
        );
        assert_eq!(status_of(&text, "first_responsible_person"), ElementStatus::Heading, "{second}");
    }
    // Third level, an inline 一是 lead, or running text only: mentioned inside another part.
    for buried in [
        "2.切实履行法治建设“第一责任人”职责。区长带头学法。",
        "一是切实履行第一责任人职责。二是严格落实第一责任。",
        "区委书记、区长带头履行法治建设第一责任人职责。",
    ] {
        let text = format!(
            "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n（一）依法行政\n1.取消许可12项。正文。\n{buried}\n二、存在的不足和原因\n执法力量弱，原因是编制不足。\n三、2024年工作打算\n组织培训4次。\n"
        );
        assert_eq!(status_of(&text, "first_responsible_person"), ElementStatus::Embedded, "{buried}");
    }
    // Absent altogether.
    let text = report("主要举措和成效", "依法化解社会矛盾纠纷", "存在的不足和原因", "2024年工作打算");
    assert_eq!(status_of(&text, "first_responsible_person"), ElementStatus::Absent);
}

#[test]
fn combined_shortcomings_and_plan() {
    let text = "关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n取消许可12项。\n二、党政主要负责人履行推进法治建设第一责任人职责情况\n区长带头学法4次。\n三、存在问题及下一步打算\n基层执法力量薄弱。\n2023年，我区将组织执法培训4次。\n";
    assert_eq!(status_of(text, "shortcomings"), ElementStatus::Heading);
    assert_eq!(status_of(text, "next_year_plan"), ElementStatus::Heading);
    assert_eq!(status_of(text, "causes"), ElementStatus::Absent, "the plan text is not read as causes");
}

#[test]
fn thematic_parts_without_an_umbrella_heading() {
    let text = "某某省人民政府关于2021年法治政府建设情况的报告\n一、党对法治政府建设的领导全面加强\n省政府常务会议专题研究法治政府建设6次。\n二、依法全面履行政府职能\n取消许可12项。\n三、强化法治思维，筑牢法治建设根基\n开展学法活动24场。\n四、存在的问题\n基层执法力量薄弱，原因在于编制不足。\n五、2022年工作安排\n组织培训4次。\n";
    assert_eq!(status_of(text, "measures_and_results"), ElementStatus::Heading);
    assert_eq!(status_of(text, "causes"), ElementStatus::Present);
}

#[test]
fn heading_promising_causes_is_no_proof() {
    let text = report("主要举措和成效", FRP, "存在的不足和原因", "2024年工作打算")
        .replace("基层执法力量薄弱，主要原因是编制不足。", "一是执法人员不足；二是执法程序不规范；三是宣传覆盖面窄。");
    assert_eq!(status_of(&text, "causes"), ElementStatus::Absent);
}

#[test]
fn lead_in_line_for_causes() {
    let text = report("主要举措和成效", FRP, "存在的不足和原因", "2024年工作打算").replace(
        "基层执法力量薄弱，主要原因是编制不足。",
        "基层执法力量薄弱。\n法治建设不足的原因\n一是编制偏紧，二是培训经费有限，专业人才引进难。",
    );
    assert_eq!(status_of(&text, "causes"), ElementStatus::Present);
}
