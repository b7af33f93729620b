//! What a page says about its article: the title it shows and the publication date.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html};

use super::text::{Lines, squeeze};

pub(super) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("date pattern is valid")
});

pub(super) static SHOWN_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发布(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
        .expect("published pattern is valid")
});

pub(super) static SHOWN_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s　|｜])(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
        .expect("time pattern is valid")
});

/// `<meta>` names that carry the publication date (the 政府网站发展指引 names first).
pub(super) const PUBLISHED_META: &[&str] =
    &["PubDate", "firstpublishedtime", "publishdate", "publishtime", "article:published_time", "dc.date.issued"];

/// The article's title as the page shows it (a heading before the container, matched against
/// the `ArticleTitle` meta or the `<title>`), line breaks kept.
pub(super) fn title_lines(page: &Html, container: ElementRef<'_>) -> Option<Vec<String>> {
    let reference = meta(page, &["ArticleTitle"]).or_else(|| {
        let mut title = Lines::default();
        let element =
            page.root_element().descendants().filter_map(ElementRef::wrap).find(|e| e.value().name() == "title")?;
        title.walk(element);
        let whole = title.done.into_iter().map(|(l, _)| l).collect::<String>();
        let parts = whole.split(['_', '|', '｜']).map(str::trim).filter(|p| !p.is_empty());
        parts.clone().find(|p| looks_like_title(p)).or_else(|| parts.clone().next()).map(str::to_string)
    });
    let reference = reference.map(|r| squeeze(&r)).unwrap_or_default();
    for edge in page.tree.root().traverse() {
        let Edge::Open(node) = edge else { continue };
        if node.id() == container.id() {
            break;
        }
        let Some(element) = ElementRef::wrap(node) else { continue };
        let value = element.value();
        let named_title = value.id().is_some_and(|id| id.to_ascii_lowercase().contains("title"))
            || value.classes().any(|c| c.to_ascii_lowercase().contains("title"));
        if !(matches!(value.name(), "h1" | "h2" | "h3") || named_title) || value.name() == "title" {
            continue;
        }
        let mut lines = Lines::default();
        lines.walk(element);
        let words: Vec<String> = lines.done.into_iter().map(|(l, _)| l).collect();
        let joined = squeeze(&words.concat());
        if joined.chars().count() < 6 || words.len() > 3 {
            continue;
        }
        let fits = if reference.is_empty() {
            looks_like_title(&joined)
        } else {
            joined == reference || reference.contains(&joined) && joined.len() * 10 >= reference.len() * 6
        };
        if fits {
            return Some(words);
        }
    }
    (!reference.is_empty() && looks_like_title(&reference)).then(|| vec![reference])
}

pub(super) fn looks_like_title(text: &str) -> bool {
    text.contains("报告") || text.contains("情况") || text.contains("法治")
}

/// The content of the first `<meta>` whose name is one of `names` (ignoring case).
pub(super) fn meta(page: &Html, names: &[&str]) -> Option<String> {
    let metas: Vec<_> =
        page.root_element().descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "meta").collect();
    names.iter().find_map(|wanted| {
        metas.iter().find_map(|m| {
            let name = m.value().attr("name").or_else(|| m.value().attr("property"))?;
            let content = m.value().attr("content")?.trim();
            (name.eq_ignore_ascii_case(wanted) && !content.is_empty()).then(|| content.to_string())
        })
    })
}

/// The publication date: the meta tags first, then a 发布时间 shown on the page, then a bare
/// 时间/日期 label (the page's info line). A 成文日期 label is not a publication date.
pub(super) fn published(page: &Html) -> Option<(i32, u32, u32)> {
    if let Some(date) = meta(page, PUBLISHED_META).as_deref().and_then(ymd) {
        return Some(date);
    }
    let mut all = Lines::default();
    all.walk(page.root_element());
    let text: String = all.done.into_iter().map(|(l, _)| l + "\n").collect();
    SHOWN_PUBLISHED.captures(&text).or_else(|| SHOWN_TIME.captures(&text)).and_then(|c| ymd(&c[1]))
}

pub(super) fn ymd(text: &str) -> Option<(i32, u32, u32)> {
    let c = DATE.captures(text)?;
    let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}
