//! The title of a report: which of the first lines form it (one line, an issuer line over a
//! 关于… line, or a 关于… line broken in two), the issuer it names and the year it gives.

use std::sync::LazyLock;

use regex::Regex;

use super::year::chinese_year;
use super::{CHROME, Line};
use crate::document::ordinal::parse_marker;
use crate::document::{DocumentHints, Title};
use crate::source::{SourceFile, Span};

pub(super) static TITLE_ISSUER_BEFORE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<issuer>[^\d]{2,30}?)(?:关于)?(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})")
        .expect("issuer pattern is valid")
});

pub(super) static PLACE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:人民政府|政府|委员会|委|局|办公室|办|厅|镇|乡|街道办事处|街道|管委会|院|署|中心|部|区|县|市|省|旗|盟|州|林区)\s*$")
        .expect("place pattern is valid")
});

pub(super) static ORGAN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:中共.{1,20}委员?会?\s*)?[\p{Han}（）()\s]{2,40}?(?:人民政府|政府|委员会|党委|党组|委|局|办公室|办|厅|镇|乡|街道办事处|街道|管委会|管理委员会|院|署|中心|部|区|县|市|省|旗|盟|州)$",
    )
    .expect("organ pattern is valid")
});

/// How many lines starting at `idx` form the title (0 when none does).
pub(super) fn title_at(source: &SourceFile, lines: &[Line], idx: usize, hints: &DocumentHints) -> usize {
    let line_text = source.slice(lines[idx].span);
    let next = lines.get(idx + 1).map(|l| source.slice(l.span));
    if is_organ_line(line_text) {
        if let Some(next_text) = next
            && is_title_like(next_text, hints)
        {
            return 2;
        }
        return 0;
    }
    if !is_title_like(line_text, hints) {
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

pub(super) fn has_year(source: &SourceFile, lines: &[Line], hints: &DocumentHints) -> bool {
    lines.iter().any(|l| hints.year().is_match(source.slice(l.span)))
}

/// The index of a title line with a year within the next few non-chrome lines after `from`.
pub(super) fn dated_title_after(
    source: &SourceFile,
    lines: &[Line],
    from: usize,
    hints: &DocumentHints,
) -> Option<usize> {
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
        let taken = title_at(source, lines, idx, hints);
        if taken > 0 && has_year(source, &lines[idx..idx + taken], hints) {
            return Some(idx);
        }
    }
    None
}

/// Words of a web page's frame (navigation, page tools) that no report title contains.
static CHROME_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[>＞»›]|首页|(?:您|你)?(?:当前|所在)的?位置|发布(?:时间|日期)|来源\s*[:：]|字号|打印本页|关闭窗口|分享到",
    )
    .expect("chrome words pattern is valid")
});

pub(super) fn is_title_like(text: &str, hints: &DocumentHints) -> bool {
    let chars = text.chars().count();
    if !(6..=80).contains(&chars) || parse_marker(text).is_some() || CHROME_WORDS.is_match(text) {
        return false;
    }
    if text.ends_with(['；', '，', '：', ':', ',']) || text.contains("如下") || text.starts_with("现将") {
        return false;
    }
    let inner = text.trim_end_matches(['。', '.']);
    if inner.contains('。') {
        return false;
    }
    let genre = text.contains("报告") || text.contains("情况") || text.contains("总结");
    hints.is_on_topic(text) && genre
}

pub(super) fn is_organ_line(text: &str) -> bool {
    text.chars().count() <= 40
        && !text.contains(['。', '，', '；', '：', ':', ','])
        && !text.contains("报告")
        && !text.chars().any(|c| c.is_ascii_digit())
        && ORGAN_LINE.is_match(text)
}

pub(super) fn make_title(source: &SourceFile, lines: &[Span], hints: &DocumentHints) -> Title {
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
    } else if let Some(caps) = hints.issuer_after_year().and_then(|r| r.captures(first)) {
        let m = caps.name("issuer").expect("group exists");
        issuer = Some(Span::new(lines[0].start + m.start(), lines[0].start + m.end()));
    }
    let year = lines.iter().find_map(|line| {
        let line_text = source.slice(*line);
        let caps = hints.year().captures(line_text)?;
        let m = caps.name("y").expect("group exists");
        let year = m.as_str().parse().ok().or_else(|| chinese_year(m.as_str()))?;
        (1990..=2100).contains(&year).then(|| (year, Span::new(line.start + m.start(), line.start + m.end())))
    });
    Title { span, lines: lines.to_vec(), issuer, year }
}
