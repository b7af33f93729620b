//! Reads the structure of a plain-text or Markdown report: chrome, title, recipient, headings,
//! paragraphs, enumerations and the closing block.

use std::sync::LazyLock;

use regex::Regex;

use super::ordinal::{Scheme, parse_chinese_numeral, parse_marker};
use super::{DocDate, Document, Enumeration, Heading, HeadingForm, Paragraph, ReportYear, Title, YearSource};
use crate::source::{SourceFile, Span};

/// The markup of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text: one paragraph per line.
    Text,
    /// Markdown: `#` headings and `**` emphasis are read as markup.
    Markdown,
}

/// Longest heading (in characters) that stands alone on a line; longer lines are paragraphs.
const MAX_HEADING_CHARS: usize = 60;
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
        )",
    )
    .expect("chrome pattern is valid")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<y>\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*(?:年|\.|．|-|/)\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:月|\.|．|-|/)\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$",
    )
    .expect("date pattern is valid")
});

static ORGAN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:中共.{1,20}委员?会?\s*)?[\p{Han}（）()\s]{2,40}?(?:人民政府|政府|委员会|党委|党组|委|局|办公室|办|厅|镇|乡|街道办事处|街道|管委会|管理委员会|院|署|中心|部|区|县|市|省|旗|盟|州)$",
    )
    .expect("organ pattern is valid")
});

static RECIPIENT_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"政府|委|人大|常委会|办|局|党组|部|厅|领导").expect("recipient pattern is valid"));

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(?P<y>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})(?:年|度|法治)")
        .expect("year pattern is valid")
});

static LEAD_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<y>(?:19|20)\d{2})年").expect("lead-year pattern is valid"));

static TITLE_ISSUER_BEFORE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<issuer>[^\d]{2,30}?)(?:关于)?(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})")
        .expect("issuer pattern is valid")
});

static TITLE_ISSUER_AFTER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:19|20)\d{2}年?度?(?P<issuer>[\p{Han}]{2,20}?(?:省|市|区|县|镇|乡|街道|旗|州|盟|林区))(?:人民政府|政府)?(?:法治|依法)")
        .expect("issuer pattern is valid")
});

static PLACE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:人民政府|政府|委员会|委|局|办公室|办|厅|镇|乡|街道办事处|街道|管委会|院|署|中心|部|区|县|市|省|旗|盟|州|林区)\s*$")
        .expect("place pattern is valid")
});

/// One non-blank line: its content span and Markdown heading level.
#[derive(Debug, Clone, Copy)]
struct Line {
    span: Span,
    md_level: Option<u8>,
}

/// Parses the text of `source` into a `Document`.
#[must_use]
pub fn parse(source: SourceFile, markup: Markup) -> Document {
    let lines = content_lines(&source, markup);
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
        let taken = title_at(&source, &lines, cursor);
        if taken > 0 {
            // A site's column name (法治政府建设年度报告) can stand above the real title: a
            // year-less candidate gives way to a title with a year in the next few lines.
            if !has_year(&source, &lines[cursor..cursor + taken])
                && let Some(better) = dated_title_after(&source, &lines, cursor + taken)
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
    let title = (!title_lines.is_empty()).then(|| make_title(&source, &title_lines));

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
    };
    document.report_year = find_report_year(&document);
    document
}

fn content_lines(source: &SourceFile, markup: Markup) -> Vec<Line> {
    let mut lines = Vec::new();
    for number in 1..=source.line_count() {
        let raw = source.line_span(number);
        let line_text = source.slice(raw);
        let trimmed_start = line_text.len() - line_text.trim_start().len();
        let trimmed = line_text.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            continue;
        }
        let mut start = raw.start + trimmed_start;
        let mut end = start + trimmed.len();
        let mut md_level = source.origin.level_at(raw.start);
        if markup == Markup::Markdown {
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

/// How many lines starting at `idx` form the title (0 when none does).
fn title_at(source: &SourceFile, lines: &[Line], idx: usize) -> usize {
    let line_text = source.slice(lines[idx].span);
    let next = lines.get(idx + 1).map(|l| source.slice(l.span));
    if is_organ_line(line_text) {
        if let Some(next_text) = next
            && is_title_like(next_text)
        {
            return 2;
        }
        return 0;
    }
    if !is_title_like(line_text) {
        return 0;
    }
    // 关于……（line break）……情况的报告
    if let Some(next_text) = next {
        let ends_title = |t: &str| {
            let t = t.trim_end_matches(['。', '.']);
            t.ends_with("报告") || t.ends_with("情况")
        };
        if line_text.contains("关于")
            && !ends_title(line_text)
            && next_text.chars().count() <= 30
            && ends_title(next_text)
        {
            return 2;
        }
    }
    1
}

fn has_year(source: &SourceFile, lines: &[Line]) -> bool {
    lines.iter().any(|l| YEAR.is_match(source.slice(l.span)))
}

/// The index of a title line with a year within the next few non-chrome lines after `from`.
fn dated_title_after(source: &SourceFile, lines: &[Line], from: usize) -> Option<usize> {
    let mut seen = 0;
    for idx in from..lines.len() {
        let text = source.slice(lines[idx].span);
        if CHROME.is_match(text) {
            continue;
        }
        seen += 1;
        if seen > 3 {
            return None;
        }
        let taken = title_at(source, lines, idx);
        if taken > 0 && has_year(source, &lines[idx..idx + taken]) {
            return Some(idx);
        }
    }
    None
}

fn is_title_like(text: &str) -> bool {
    let chars = text.chars().count();
    if !(6..=80).contains(&chars) || parse_marker(text).is_some() {
        return false;
    }
    if text.ends_with(['；', '，', '：', ':', ',']) || text.contains("如下") || text.starts_with("现将") {
        return false;
    }
    let inner = text.trim_end_matches(['。', '.']);
    if inner.contains('。') {
        return false;
    }
    let about_law = text.contains("法治") || text.contains("依法行政") || text.contains("法制");
    let genre = text.contains("报告") || text.contains("情况") || text.contains("总结");
    about_law && genre
}

fn is_organ_line(text: &str) -> bool {
    text.chars().count() <= 40
        && !text.contains(['。', '，', '；', '：', ':', ','])
        && !text.contains("报告")
        && !text.chars().any(|c| c.is_ascii_digit())
        && ORGAN_LINE.is_match(text)
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

fn read_date(text: &str) -> Option<(i32, u32, u32)> {
    let caps = DATE.captures(text)?;
    let number = |s: &str| -> Option<u32> {
        if s.chars().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { parse_chinese_numeral(s) }
    };
    let year_text = &caps["y"];
    let year =
        if year_text.chars().all(|c| c.is_ascii_digit()) { year_text.parse().ok()? } else { chinese_year(year_text)? };
    let month = number(&caps["m"]).filter(|m| (1..=12).contains(m))?;
    let day = number(&caps["d"]).filter(|d| (1..=31).contains(d))?;
    Some((year, month, day))
}

/// 二〇二三 → 2023.
fn chinese_year(text: &str) -> Option<i32> {
    let mut year = 0;
    for c in text.chars() {
        let digit = match c {
            '〇' | '零' | '○' | 'Ｏ' => 0,
            _ => i32::try_from(parse_chinese_numeral(&c.to_string())?).ok()?,
        };
        year = year * 10 + digit;
    }
    (1990..=2100).contains(&year).then_some(year)
}

fn make_title(source: &SourceFile, lines: &[Span]) -> Title {
    let span = Span::new(lines[0].start, lines[lines.len() - 1].end);
    let mut issuer = None;
    let first = source.slice(lines[0]);
    if lines.len() == 2 && is_organ_line(first) {
        issuer = Some(lines[0]);
    } else if let Some(idx) = first.find("关于").filter(|idx| *idx > 0) {
        let candidate = first[..idx].trim_end();
        if PLACE_SUFFIX.is_match(candidate) {
            issuer = Some(Span::new(lines[0].start, lines[0].start + candidate.len()));
        }
    } else if let Some(caps) = TITLE_ISSUER_BEFORE_YEAR.captures(first) {
        let m = caps.name("issuer").expect("group exists");
        let candidate = m.as_str().trim_end();
        if PLACE_SUFFIX.is_match(candidate) {
            issuer = Some(Span::new(lines[0].start, lines[0].start + candidate.len()));
        }
    } else if let Some(caps) = TITLE_ISSUER_AFTER_YEAR.captures(first) {
        let m = caps.name("issuer").expect("group exists");
        issuer = Some(Span::new(lines[0].start + m.start(), lines[0].start + m.end()));
    }
    let year = lines.iter().find_map(|line| {
        let line_text = source.slice(*line);
        let caps = YEAR.captures(line_text)?;
        let m = caps.name("y").expect("group exists");
        let year = m.as_str().parse().ok().or_else(|| chinese_year(m.as_str()))?;
        (1990..=2100).contains(&year).then(|| (year, Span::new(line.start + m.start(), line.start + m.end())))
    });
    Title { span, lines: lines.to_vec(), issuer, year }
}

/// Whether the body looks hard-wrapped (short lines that are not headings), as text pasted from
/// a PDF is; then short lines are not taken for unnumbered headings.
fn looks_hard_wrapped(source: &SourceFile, lines: &[Line]) -> bool {
    let short = lines
        .iter()
        .filter(|l| {
            let t = source.slice(l.span);
            t.chars().count() < 40 && !t.ends_with(['。', '：', ':', '；']) && parse_marker(t).is_none()
        })
        .count();
    lines.len() >= 10 && short * 5 > lines.len() * 2
}

struct Candidate {
    span: Span,
    marker: Option<Span>,
    ordinal: Option<(Scheme, u32)>,
    text: Span,
    form: HeadingForm,
    md_level: Option<u8>,
    paragraph: usize,
}

fn build_body(source: &SourceFile, lines: &[Line], body: Span) -> (Vec<Heading>, Vec<Paragraph>) {
    let hard_wrapped = looks_hard_wrapped(source, lines);
    let mut candidates = Vec::new();
    for (idx, line) in lines.iter().enumerate() {
        let is_last = idx + 1 == lines.len();
        if let Some(candidate) = heading_candidate(source, *line, idx, hard_wrapped, is_last) {
            candidates.push(candidate);
        }
    }
    let has_level_one = candidates.iter().any(|c| c.ordinal.is_some_and(|(s, _)| s == Scheme::ChineseComma));
    let mut headings: Vec<Heading> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for candidate in candidates {
        let rank = match (candidate.ordinal, candidate.md_level) {
            (Some((scheme, _)), _) => scheme.rank(),
            (None, Some(level)) if !has_level_one => level,
            (None, _) if has_level_one => 6,
            (None, _) => 1,
        };
        while let Some(top) = stack.last() {
            if headings[*top].rank >= rank {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        let depth = parent.map_or(1, |p| headings[p].depth + 1);
        stack.push(headings.len());
        headings.push(Heading {
            span: candidate.span,
            marker: candidate.marker,
            ordinal: candidate.ordinal,
            text: candidate.text,
            rank,
            depth,
            parent,
            section: Span::new(candidate.span.start, body.end),
            form: candidate.form,
            paragraph: candidate.paragraph,
        });
    }
    for idx in 0..headings.len() {
        let rank = headings[idx].rank;
        if let Some(next) = headings[idx + 1..].iter().find(|h| h.rank <= rank) {
            let end = lines[next.paragraph].span.start;
            headings[idx].section = Span::new(headings[idx].section.start, end);
        }
        // Trim trailing white space so that a section ends at its last character.
        let section = headings[idx].section;
        let trimmed = source.slice(section).trim_end().len();
        headings[idx].section = Span::new(section.start, section.start + trimmed);
    }
    let mut paragraphs = Vec::with_capacity(lines.len());
    let mut heading_iter = headings.iter().enumerate().peekable();
    for (idx, line) in lines.iter().enumerate() {
        let heading = match heading_iter.peek() {
            Some((h_idx, h)) if h.paragraph == idx => {
                let h_idx = *h_idx;
                heading_iter.next();
                Some(h_idx)
            }
            _ => None,
        };
        let section = headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.section.contains_offset(line.span.start))
            .max_by_key(|(_, h)| h.depth)
            .map(|(i, _)| i);
        paragraphs.push(Paragraph { span: line.span, heading, section });
    }
    (headings, paragraphs)
}

fn heading_candidate(
    source: &SourceFile,
    line: Line,
    paragraph: usize,
    hard_wrapped: bool,
    is_last: bool,
) -> Option<Candidate> {
    let full_text = source.slice(line.span);
    // Word's bookmark residue can sit in front of an ordinal; read the marker behind it.
    let residue = RESIDUE_PREFIX.find(full_text).map_or(0, |m| m.end());
    let line = Line { span: Span::new(line.span.start + residue, line.span.end), md_level: line.md_level };
    let line_text = source.slice(line.span);
    if let Some(marker) = parse_marker(line_text) {
        let after_marker = &line_text[marker.len..];
        let rest = after_marker.trim_start();
        let rest_start = line.span.start + marker.len + (after_marker.len() - rest.len());
        let marker_span = Span::new(line.span.start, line.span.start + marker.len);
        let ordinal = Some((marker.scheme, marker.value));
        let stripped = rest.trim_end_matches(['。', '：', ':', '；', ';', '.', '，']);
        if stripped.is_empty() {
            return None;
        }
        let terminator = |c: char| matches!(c, '。' | '！' | '？' | '：' | ':' | '；');
        let (form, text_len) = if !stripped.contains(terminator) && stripped.chars().count() <= MAX_HEADING_CHARS {
            (HeadingForm::Standalone, stripped.len())
        } else {
            let first_stop = rest.find(terminator).unwrap_or(rest.len());
            if rest[..first_stop].chars().count() <= MAX_HEADING_CHARS {
                (HeadingForm::RunIn, first_stop)
            } else {
                let clause = rest.find(['，', ',']).unwrap_or(rest.len());
                let cap = rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i);
                (HeadingForm::Item, clause.min(cap))
            }
        };
        let text = Span::new(rest_start, rest_start + text_len);
        return Some(Candidate {
            span: Span::new(line.span.start, text.end),
            marker: Some(marker_span),
            ordinal,
            text,
            form,
            md_level: line.md_level,
            paragraph,
        });
    }
    let unnumbered = line.md_level.is_some() || (!hard_wrapped && !is_last && is_unnumbered_heading(line_text));
    unnumbered.then(|| {
        let stripped = line_text.trim_end_matches(['。', '：', ':']);
        let text = Span::new(line.span.start, line.span.start + stripped.len());
        Candidate {
            span: text,
            marker: None,
            ordinal: None,
            text,
            form: HeadingForm::Standalone,
            md_level: line.md_level,
            paragraph,
        }
    })
}

fn is_unnumbered_heading(text: &str) -> bool {
    let chars = text.chars().count();
    let han = text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
    (4..=30).contains(&chars)
        && han >= 3
        && !text.ends_with(['。', '，', '；', '：', ',', ';', ':', '！', '？', '、', '…', '）', ')'])
        && !text.contains(['。', '；', '，'])
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !DATE.is_match(text)
        && !is_closing(text)
        && !CHROME.is_match(text)
}

static RESIDUE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[bookmark:[^\]]*\]\s*)+").expect("residue pattern is valid"));

static ENUMERATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五六七八九十]{1,3})是").expect("enumeration pattern is valid"));

fn find_enumerations(source: &SourceFile, paragraphs: &[Paragraph], headings: &[Heading]) -> Vec<Enumeration> {
    let mut found = Vec::new();
    for (idx, paragraph) in paragraphs.iter().enumerate() {
        // Skip the marker of a numbered heading so that 一、 is not read as part of 一是.
        let start = paragraph.heading.and_then(|h| headings[h].marker).map_or(paragraph.span.start, |m| m.end);
        let text = source.slice(Span::new(start, paragraph.span.end));
        for caps in ENUMERATION.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 exists");
            let before = text[..whole.start()].chars().next_back();
            let boundary = before.is_none_or(|c| c.is_whitespace() || "。；;：:！？!?，,、“”\"）)】…—".contains(c));
            let after = &text[whole.end()..];
            if !boundary || after.starts_with('否') || after.starts_with('非') {
                continue;
            }
            let Some(value) = parse_chinese_numeral(&caps[1]) else { continue };
            let lead_end =
                after.char_indices().find(|(_, c)| "，。；：,;:！？".contains(*c)).map_or(after.len(), |(i, _)| i);
            let cap = after.char_indices().nth(40).map_or(after.len(), |(i, _)| i);
            let marker = Span::new(start + whole.start(), start + whole.end());
            found.push(Enumeration {
                marker,
                value,
                lead: Span::new(marker.end, marker.end + lead_end.min(cap)),
                paragraph: idx,
            });
        }
    }
    found
}

fn split_sentences(source: &SourceFile, paragraphs: &[Paragraph]) -> Vec<Span> {
    let mut sentences = Vec::new();
    for paragraph in paragraphs {
        let text = source.slice(paragraph.span);
        let mut start = 0;
        for (idx, c) in text.char_indices() {
            if matches!(c, '。' | '！' | '？' | '!' | '?') {
                let end = idx + c.len_utf8();
                // Keep a closing quote or bracket with its sentence.
                let end = text[end..]
                    .char_indices()
                    .take_while(|(_, c)| matches!(c, '”' | '’' | '）' | ')' | '」'))
                    .last()
                    .map_or(end, |(i, c)| end + i + c.len_utf8());
                if end > start {
                    push_trimmed(&mut sentences, text, paragraph.span.start, start, end);
                }
                start = end;
            }
        }
        if start < text.len() {
            push_trimmed(&mut sentences, text, paragraph.span.start, start, text.len());
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

fn push_trimmed(sentences: &mut Vec<Span>, text: &str, base: usize, start: usize, end: usize) {
    if start >= end || end > text.len() {
        return;
    }
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        sentences.push(Span::new(base + start + lead, base + start + lead + trimmed.len()));
    }
}

fn find_report_year(document: &Document) -> Option<ReportYear> {
    if let Some((year, span)) = document.title.as_ref().and_then(|t| t.year) {
        return Some(ReportYear { year, span, source: YearSource::Title });
    }
    if let Some(first) = document.preamble.first() {
        let span = document.paragraphs[*first].span;
        if let Some(caps) = LEAD_YEAR.captures(document.text(span)) {
            let m = caps.name("y").expect("group exists");
            if let Ok(year) = m.as_str().parse() {
                return Some(ReportYear {
                    year,
                    span: Span::new(span.start + m.start(), span.start + m.end()),
                    source: YearSource::Preamble,
                });
            }
        }
    }
    // A heading such as 一、2023年推进法治政府建设的主要举措和成效; a plan heading gives Y+1.
    for heading in document.headings.iter().filter(|h| h.depth == 1) {
        let text = document.text(heading.text);
        let Some(caps) = YEAR.captures(text) else { continue };
        let m = caps.name("y").expect("group exists");
        let Ok(year) = m.as_str().parse::<i32>() else { continue };
        let is_plan = ["安排", "打算", "计划", "思路", "重点工作"].iter().any(|w| text.contains(w));
        let span = Span::new(heading.text.start + m.start(), heading.text.start + m.end());
        return Some(ReportYear { year: if is_plan { year - 1 } else { year }, span, source: YearSource::Heading });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse(SourceFile::from_text("t.txt", text), Markup::Text)
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
}
