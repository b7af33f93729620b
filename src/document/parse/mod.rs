//! Reads the structure of a plain-text or Markdown report: the frame of the page (chrome and
//! front matter, the title, the 主送机关 line, the closing block read from the end) here, the
//! title in `title`, the body's headings in `headings`, enumerations and sentences in `inline`,
//! dates and the report year in `year`.

mod headings;
mod inline;
pub mod tables;
mod title;
mod year;

use std::sync::LazyLock;

use regex::Regex;

use super::ordinal::parse_marker;
use super::table::Table;
use super::{DocDate, Document, DocumentHints};
use crate::source::{SourceFile, Span};
use headings::build_body;
use inline::{find_enumerations, split_sentences};
use title::{dated_title_after, has_year, is_organ_line, make_title, title_at};
use year::{DATE, find_report_year, read_date};

/// The markup of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMarkup {
    /// Plain text: one paragraph per line.
    Text,
    /// Markdown: `#` headings and `**` emphasis are read as markup.
    Markdown,
}

/// How many lines from the top may hold chrome before the title.
const TITLE_SEARCH_LINES: usize = 25;

static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
          今天是 | 您?(?:所在|当前)的?位置 | 当前位置 | 首页\s*[>＞›»] | 文章来源 | 信息来源 | 来源\s*[:：]
        | 发布(?:时间|日期|机构|单位)\s*[:：] | 更新(?:时间|日期) | 时间\s*[:：]\s*\d | 浏览(?:次数|量)?\s*[:：]
        | 点击(?:数|量|率|次数) | 阅读(?:量|次数)\s*[:：] | 访问(?:量|次数)\s*[:：] | 【?\s*字[体号] | 字体大小
        | 【?\s*打印 | 打印此[文页] | 打印本页 | 关闭(?:窗口|本页) | 相关链接 | 相关阅读 | 相关文章 | 分享(?:到)?\s*[:：]?$
        | 分享到 | 无障碍 | 简体\s*[|｜]?\s*繁体 | 索引号 | 主题分类 | 发文机关\s*[:：] | 成文日期\s*[:：] | 作者\s*[:：]
        | 编辑\s*[:：] | 责任编辑 | 审核\s*[:：] | 扫一扫 | 上一篇 | 下一篇 | 返回顶部 | 附件下载 | 【\s*(?:大|中|小)\s*】
        | \[bookmark: | 视力保护色 | 背景色
        | (?:名\s*称|文\s*号|主\s*题\s*词|有\s*效\s*性|生成日期|所属机构|公开方式|公开范围|信息类别|体裁分类|组配分类|服务对象)\s*[:：]
        | \d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$
        | [^。，]{0,30}[>＞»›][^。，]{0,30}[>＞»›]
        | [^。，；：]{1,40}\s*[>＞»›]\s*[^。，；：]{1,40}$
        )",
    )
    .expect("chrome pattern is valid")
});

static RECIPIENT_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"政府|委|人大|常委会|办|局|党组|部|厅|领导").expect("recipient pattern is valid"));

/// One non-blank line: its content span and Markdown heading level.
#[derive(Debug, Clone, Copy)]
struct Line {
    span: Span,
    md_level: Option<u8>,
}

/// Parses the text of `source` into a `Document`, with what the report type's pack says about
/// its titles and headings (`hints`).
#[must_use]
pub fn parse(source: SourceFile, markup: TextMarkup, hints: &DocumentHints) -> Document {
    let tables = tables::find(&source);
    let lines = content_lines(&source, markup, &tables);
    let text = |line: &Line| source.slice(line.span);
    let mut chrome = Vec::new();
    let mut front_matter = Vec::new();

    // Title, with the chrome and front matter before it.
    let mut cursor = 0;
    let mut title_lines: Vec<Span> = Vec::new();
    while cursor < lines.len() && cursor < TITLE_SEARCH_LINES {
        let line_text = text(&lines[cursor]);
        if CHROME.is_match(line_text) {
            chrome.push(lines[cursor].span);
            cursor += 1;
            continue;
        }
        let taken = title_at(&source, &lines, cursor, hints);
        if taken > 0 {
            // A site's column name (法治政府建设年度报告) can stand above the real title: a
            // year-less candidate gives way to a title with a year in the next few lines.
            if !has_year(&source, &lines[cursor..cursor + taken], hints)
                && let Some(better) = dated_title_after(&source, &lines, cursor + taken, hints)
            {
                for line in &lines[cursor..better] {
                    chrome.push(line.span);
                }
                cursor = better;
                continue;
            }
            title_lines = lines[cursor..cursor + taken].iter().map(|l| l.span).collect();
            cursor += taken;
            break;
        }
        if line_text.chars().count() > 80 || parse_marker(line_text).is_some() {
            break;
        }
        front_matter.push(lines[cursor].span);
        cursor += 1;
    }
    if title_lines.is_empty() {
        // No title: whatever was taken for front matter is body.
        front_matter.clear();
        cursor = chrome.len().min(lines.len());
        cursor = lines.iter().position(|l| !chrome.contains(&l.span)).unwrap_or(cursor);
    } else {
        // Web pages repeat the title and put 来源/时间 lines under it.
        let title_words: Vec<&str> = title_lines.iter().map(|s| source.slice(*s)).collect();
        let joined: String = title_words.concat();
        while cursor < lines.len() {
            let line_text = text(&lines[cursor]);
            if CHROME.is_match(line_text) || line_text == joined || title_words.contains(&line_text) {
                chrome.push(lines[cursor].span);
                cursor += 1;
            } else {
                break;
            }
        }
    }

    let recipient = lines.get(cursor).filter(|l| is_recipient(text(l))).map(|l| l.span);
    if recipient.is_some() {
        cursor += 1;
    }

    // Closing block, read from the end.
    let mut end = lines.len();
    let mut closing = None;
    let mut signature_lines: Vec<Span> = Vec::new();
    let mut date = None;
    let mut tail_chrome = Vec::new();
    while end > cursor && lines.len() - end < 10 {
        let line = lines[end - 1];
        let line_text = text(&line);
        // The 成文日期 first: a bare 2024.3.5 line would otherwise pass for a page timestamp.
        if date.is_none() && closing.is_none() && signature_lines.is_empty() && DATE.is_match(line_text) {
            date = Some(DocDate { span: line.span, ymd: read_date(line_text) });
        } else if CHROME.is_match(line_text) || is_web_residue_line(line_text) {
            tail_chrome.push(line.span);
        } else if closing.is_none() && is_signature(line_text) {
            signature_lines.push(line.span);
        } else if closing.is_none() && is_closing(line_text) {
            closing = Some(line.span);
        } else {
            break;
        }
        end -= 1;
    }
    tail_chrome.reverse();
    signature_lines.reverse();
    chrome.extend(tail_chrome);
    // A lone organ-like line at the end with no date and no closing is more likely body text.
    if date.is_none() && closing.is_none() && signature_lines.len() == 1 {
        end += 1;
        signature_lines.clear();
    }
    let signature = match (signature_lines.first(), signature_lines.last()) {
        (Some(first), Some(last)) => Some(Span::new(first.start, last.end)),
        _ => None,
    };

    let body_lines = &lines[cursor..end];
    let body = match (body_lines.first(), body_lines.last()) {
        (Some(first), Some(last)) => Span::new(first.span.start, last.span.end),
        _ => Span::new(source.text.len(), source.text.len()),
    };

    let (headings, paragraphs) = build_body(&source, body_lines, body);
    let preamble = paragraphs
        .iter()
        .enumerate()
        .take_while(|(_, p)| p.heading.is_none() && p.section.is_none())
        .map(|(i, _)| i)
        .collect();
    let enumerations = find_enumerations(&source, &paragraphs, &headings);
    let sentences = split_sentences(&source, &paragraphs);
    let title = (!title_lines.is_empty()).then(|| make_title(&source, &title_lines, hints));

    let all_lines = (1..=source.line_count())
        .filter_map(|n| {
            let span = source.line_span(n);
            let text = source.slice(span);
            let lead = text.len() - text.trim_start().len();
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| Span::new(span.start + lead, span.start + lead + trimmed.len()))
        })
        .collect();
    let mut document = Document {
        lines: all_lines,
        source,
        chrome,
        front_matter,
        title,
        recipient,
        preamble,
        headings,
        paragraphs,
        sentences,
        enumerations,
        closing,
        signature,
        date,
        body,
        report_year: None,
        tables,
    };
    document.report_year = find_report_year(&document, hints);
    document
}

/// The lines the prose structure is built from: every non-blank line outside the tables.
fn content_lines(source: &SourceFile, markup: TextMarkup, tables: &[Table]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut next_table = tables.iter().peekable();
    for number in 1..=source.line_count() {
        let raw = source.line_span(number);
        while next_table.peek().is_some_and(|table| table.span.end <= raw.start) {
            next_table.next();
        }
        if next_table.peek().is_some_and(|table| table.span.start < raw.end.max(raw.start + 1)) {
            continue;
        }
        let line_text = source.slice(raw);
        let trimmed_start = line_text.len() - line_text.trim_start().len();
        let trimmed = line_text.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            continue;
        }
        let mut start = raw.start + trimmed_start;
        let mut end = start + trimmed.len();
        let mut md_level = source.origin.level_at(raw.start);
        if markup == TextMarkup::Markdown {
            let hashes = trimmed.chars().take_while(|c| *c == '#').count();
            if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with([' ', '\t']) {
                md_level = u8::try_from(hashes).ok();
                let rest = &trimmed[hashes..];
                start += hashes + (rest.len() - rest.trim_start().len());
            }
            let inner = source.slice(Span::new(start, end));
            if inner.len() > 4 && inner.starts_with("**") && inner.ends_with("**") {
                start += 2;
                end -= 2;
            }
        }
        if start < end {
            lines.push(Line { span: Span::new(start, end), md_level });
        }
    }
    lines
}

fn is_recipient(text: &str) -> bool {
    text.chars().count() <= 60
        && (text.ends_with('：') || text.ends_with(':'))
        && parse_marker(text).is_none()
        && !text.contains('。')
        && !text.contains("如下")
        && RECIPIENT_HINT.is_match(text)
}

fn is_signature(text: &str) -> bool {
    is_organ_line(text)
}

fn is_closing(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '.', '！']);
    t == "特此报告" || t == "以上报告" || t == "专此报告"
}

/// Residue of converters and pages that is a line of its own: a bare URL, an image data URI.
fn is_web_residue_line(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://") || text.starts_with("<image>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::HeadingForm;

    /// The words the default pack gives, written out: `document` cannot read a pack.
    fn law_hints() -> DocumentHints {
        let words = |list: &[&str]| list.iter().map(ToString::to_string).collect();
        DocumentHints::new(crate::document::HintWords {
            title_topics: words(&["法治", "依法行政", "法制"]),
            issuer_followers: words(&["法治", "依法"]),
            year_followers: words(&["法治"]),
            plan_headings: words(&["安排", "打算", "计划", "思路", "重点工作"]),
        })
        .unwrap()
    }

    fn doc(text: &str) -> Document {
        parse(SourceFile::from_text("t.txt", text), TextMarkup::Text, &law_hints())
    }

    #[test]
    fn table_rows_are_never_headings() {
        let text = "2023年某区法治政府建设年度报告\n一、总体情况\n本区认真落实各项工作。\n\
                    一、本年新收申请数量\t12\t0\t12\n二、上年结转申请数量\t\t\t\n\
                    三、本年度办理结果 | 3 | 4 |\n0 0 0 0 0\n四、结转下年度继续办理\n\
                    二、存在的问题\n个别工作还有差距。\n";
        let document = doc(text);
        let headings: Vec<&str> = document.headings.iter().map(|h| document.source.slice(h.text)).collect();
        // 四、结转下年度继续办理 has no cells: a row label alone on its line is still a heading.
        assert_eq!(headings, ["总体情况", "结转下年度继续办理", "存在的问题"], "{headings:?}");
    }

    #[test]
    fn a_breadcrumb_is_never_the_title() {
        // The column path ends with the report type; the page's body has no title of its own.
        let d = doc(
            "法治政府建设年度报告 > 区政府年度报告\n发布时间：2024-03-20\n打印本页 关闭窗口\n2023年，我区坚持依法行政。\n一、2023年推进法治政府建设的主要举措和成效\n正文。\n",
        );
        assert_eq!(d.title_text(), None);
        assert_eq!(d.chrome.len(), 3);
        for chrome in
            ["首页 政务公开 法治政府建设年度报告", "您当前位置：法治政府建设情况报告", "分享到：法治政府建设情况报告"]
        {
            let d =
                doc(&format!("{chrome}\n某区人民政府关于2023年法治政府建设情况的报告\n2023年，我区坚持依法行政。\n"));
            assert_eq!(d.title_text().as_deref(), Some("某区人民政府关于2023年法治政府建设情况的报告"), "{chrome}");
        }
    }

    #[test]
    fn two_line_title_behind_web_chrome() {
        let d = doc(
            "您所在的位置:首页 > 政务公开\n文章来源:司法局 更新时间:2021/03/29 11:30:01\n某某区人民政府\n关于2023年法治政府建设情况的报告\n市人民政府：\n2023年，我区坚持……。\n一、主要举措和成效\n正文。\n",
        );
        assert_eq!(d.title_text().as_deref(), Some("某某区人民政府关于2023年法治政府建设情况的报告"));
        assert_eq!(d.issuer_text().as_deref(), Some("某某区人民政府"));
        assert_eq!(d.chrome.len(), 2);
        assert_eq!(d.report_year.map(|y| y.year), Some(2023));
        assert_eq!(d.recipient.map(|s| d.text(s)), Some("市人民政府："));
        assert_eq!(d.preamble.len(), 1);
    }

    #[test]
    fn run_in_and_standalone_headings_nest() {
        let d = doc(
            "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n（一）依法履行政府职能。深入推进……一是加强领导；二是完善制度。\n1.健全机制。正文。\n二、存在的不足和原因\n正文。\n特此报告。\n某某县人民政府\n2024年2月1日\n",
        );
        let texts: Vec<(&str, u8, HeadingForm)> =
            (0..d.headings.len()).map(|i| (d.heading_text(i), d.headings[i].depth, d.headings[i].form)).collect();
        assert_eq!(
            texts,
            vec![
                ("主要举措和成效", 1, HeadingForm::Standalone),
                ("依法履行政府职能", 2, HeadingForm::RunIn),
                ("健全机制", 3, HeadingForm::RunIn),
                ("存在的不足和原因", 1, HeadingForm::Standalone),
            ]
        );
        assert_eq!(d.enumerations.iter().map(|e| e.value).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(d.date.and_then(|x| x.ymd), Some((2024, 2, 1)));
        assert_eq!(d.signature.map(|s| d.text(s)), Some("某某县人民政府"));
        assert!(d.closing.is_some());
        assert!(d.text(d.headings[0].section).ends_with("正文。"));
        assert!(!d.text(d.headings[0].section).contains("存在的不足"));
    }

    #[test]
    fn title_without_issuer_and_without_year() {
        let d = doc("重庆市人民政府关于法治政府建设情况的报告\n一、主要举措\n正文。\n");
        assert_eq!(d.issuer_text().as_deref(), Some("重庆市人民政府"));
        assert!(d.title.as_ref().unwrap().year.is_none());
        let d = doc("2020年静海区法治政府建设情况报告\n正文。\n");
        assert_eq!(d.issuer_text().as_deref(), Some("静海区"));
        let d = doc("北京市2021年法治政府建设年度情况报告\n正文。\n");
        assert_eq!(d.issuer_text().as_deref(), Some("北京市"));
        let d = doc("关于2023年法治政府建设情况的报告\n正文。\n");
        assert_eq!(d.issuer_text(), None);
    }

    #[test]
    fn the_title_topic_is_the_packs_not_the_parsers() {
        let text = "XX市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n";
        let generic = parse(SourceFile::from_text("t.txt", text), TextMarkup::Text, &DocumentHints::default());
        assert_eq!(generic.title_text().as_deref(), Some("XX市人民政府2023年政府信息公开工作年度报告"));
        assert_eq!(generic.report_year.map(|y| y.year), Some(2023));
        assert!(doc(text).title.is_none(), "the default pack's hints want a 法治 title");
    }
}
