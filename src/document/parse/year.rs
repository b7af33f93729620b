//! Years and dates: the 成文日期 line, years written in Chinese numerals (二〇二三), and the
//! year a report is about (title, then the opening sentence, then a top-level heading).

use std::sync::LazyLock;

use regex::Regex;

use crate::document::ordinal::parse_chinese_numeral;
use crate::document::{Document, DocumentHints, ReportYear, YearSource};
use crate::source::Span;

pub(super) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<y>\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*(?:年|\.|．|-|/)\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:月|\.|．|-|/)\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$",
    )
    .expect("date pattern is valid")
});

pub(super) static LEAD_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<y>(?:19|20)\d{2})年").expect("lead-year pattern is valid"));

pub(super) fn read_date(text: &str) -> Option<(i32, u32, u32)> {
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
pub(super) fn chinese_year(text: &str) -> Option<i32> {
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

pub(super) fn find_report_year(document: &Document, hints: &DocumentHints) -> Option<ReportYear> {
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
    // A heading such as 一、2023年推进法治政府建设的主要举措和成效; a plan heading (the pack's
    // words: 安排, 打算 …) gives Y+1.
    for heading in document.headings.iter().filter(|h| h.depth == 1) {
        let text = document.text(heading.text);
        let Some(caps) = hints.year().captures(text) else { continue };
        let m = caps.name("y").expect("group exists");
        let Ok(year) = m.as_str().parse::<i32>() else { continue };
        let is_plan = hints.is_plan_heading(text);
        let span = Span::new(heading.text.start + m.start(), heading.text.start + m.end());
        return Some(ReportYear { year: if is_plan { year - 1 } else { year }, span, source: YearSource::Heading });
    }
    None
}
