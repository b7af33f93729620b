//! Reader for published report pages (.html): finds the report inside the page, drops the
//! site around it, and keeps the title and the publication date the page shows.
//!
//! Government sites run on a handful of content management systems whose article container
//! has a known id or class (`#zoom`, `.TRS_Editor`, `#UCAP-CONTENT` …); those are tried first.
//! A page without one falls back to the element holding the most running Chinese text that is
//! not link text (a readability-style text-density choice).
//!
//! **Invariant:** text comes only from the chosen container and the title; script, style and
//! hidden elements never reach it, and the tree is walked with an explicit stack, never by
//! recursion, so a deeply nested page cannot exhaust the call stack.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use crate::source::{InputFormat, Origin, Place, ReadError, SourceFile};

/// Article containers of Chinese government CMSs, most specific first (compared with ids and
/// class names, ignoring case). Collected from public crawlers of gov.cn sites, e.g.
/// `Kira-yoshikage-d/spider-gov` (`#UCAP-CONTENT`, `#contentText`, `.TRS_UEDITOR`),
/// `nightqiuhua/bigCrawlers` (`#zoom`), `jas0no7/local_spider_jason` (`.jgzn_content`), and
/// from `../shared/domain/dependencies.md` §2. Generic names (`content`, `view`, `detail`) are
/// left to the density fallback: on many sites they wrap the whole page, navigation included.
const CONTAINERS: &[&str] = &[
    "zoom",
    "UCAP-CONTENT",
    "TRS_Editor",
    "TRS_UEDITOR",
    "trs_paper_default",
    "pages_content",
    "article-content",
    "article_content",
    "zwnr",
    "ccontent",
    "news_content",
    "newsContent",
    "wzcon",
    "contentText",
    "detail_content",
    "jgzn_content",
    "mainCon",
    "con_text",
    "art_con",
    "xxgk_content",
];

/// Fewer Chinese characters than this and a container is a placeholder, not the article.
const MIN_CONTAINER_HAN: usize = 50;

/// More nested open elements than this is not a page but an attack on the parser: the HTML
/// tree builder scans its stack of open elements for every start tag, so time grows with the
/// square of the depth (measured, debug build: 5,000 nested `<div>`s 4.7 s, 20,000 64 s,
/// 40,000 274 s). Real report pages nest fewer than 50 deep.
const MAX_NESTING: usize = 1_000;

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "textarea", "input",
    "head", "svg", "canvas", "audio", "video", "map",
];

/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "blockquote",
    "pre",
    "center",
    "address",
    "form",
    "hr",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
    "body",
    "html",
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("date pattern is valid")
});

static SHOWN_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"发布(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
        .expect("published pattern is valid")
});

static SHOWN_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s　|｜])(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
        .expect("time pattern is valid")
});

/// `<meta>` names that carry the publication date (the 政府网站发展指引 names first).
const PUBLISHED_META: &[&str] =
    &["PubDate", "firstpublishedtime", "publishdate", "publishtime", "article:published_time", "dc.date.issued"];

/// Reads an HTML page. `forced` is the user's `--encoding`, which wins over what the page
/// declares.
///
/// # Errors
/// `ReadError::Encoding`/`UnknownEncoding` when the bytes cannot be decoded, `Unsafe` for a
/// page nested deeper than any real page, `Empty` when the page holds no text.
pub fn read(path: &Path, bytes: &[u8], forced: Option<&str>) -> Result<SourceFile, ReadError> {
    let (text, encoding) = decode(path, bytes, forced)?;
    let depth = nesting_depth(&text);
    if depth > MAX_NESTING {
        return Err(ReadError::Unsafe {
            format: "html",
            detail: format!("网页元素嵌套超过 {MAX_NESTING} 层（约 {depth} 层），不像正常的网页"),
        });
    }
    let page = Html::parse_document(&text);
    let mut notes = Vec::new();
    let container = if let Some((element, name)) = known_container(&page) {
        notes.push(format!("正文取自网页的“{name}”区域，导航、页眉页脚等页面文字未检查"));
        element
    } else {
        notes.push("网页没有常见的正文区域，按文字密度选取正文，导航、页眉页脚等页面文字未检查".to_string());
        densest(&page)
    };
    let mut body = Lines::default();
    body.walk(container);
    let title = title_lines(&page, container);
    let mut lines: Vec<(String, Option<u8>)> = Vec::new();
    let starts_with_title = title.as_ref().is_some_and(|t| {
        let head: String = body.done.iter().take(3).map(|(l, _)| squeeze(l)).collect();
        head.starts_with(&squeeze(&t.concat()))
    });
    if let Some(title) = title
        && !starts_with_title
    {
        lines.extend(title.into_iter().map(|l| (l, None)));
    }
    lines.extend(body.done);

    let mut origin = Origin { format: InputFormat::Html, published: published(&page), notes, ..Origin::default() };
    let mut out = String::new();
    for (idx, (line, level)) in lines.iter().enumerate() {
        origin.places.push((out.len(), Place::Paragraph(idx + 1)));
        if let Some(level) = level {
            origin.levels.push((out.len(), *level));
        }
        out.push_str(line);
        out.push('\n');
    }
    SourceFile::extracted(path, out, encoding, origin)
}

/// Decodes the page: a BOM, then `--encoding`, then the charset the page declares in its first
/// few KB, then UTF-8 or detection with the Chinese hint (as plain text is decoded).
fn decode(path: &Path, bytes: &[u8], forced: Option<&str>) -> Result<(String, &'static str), ReadError> {
    if forced.is_none()
        && let Some(label) = declared_charset(bytes)
        && let Ok(source) = SourceFile::decode(path, bytes, Some(&label))
    {
        return Ok((source.text, source.encoding));
    }
    // A page whose declaration is wrong (saved as UTF-8 but still saying gb2312) is decoded
    // as if it declared nothing.
    let source = SourceFile::decode(path, bytes, forced)?;
    Ok((source.text, source.encoding))
}

/// The charset named by `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` in the first 4 KB, as browsers prescan it.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("charset pattern")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let label = CHARSET.captures(&head).map(|c| c[1].to_string())?;
    // A page whose bytes hold an ASCII `<meta …>` is not UTF-16 whatever it says; the prescan
    // of the HTML standard (WHATWG HTML, 13.2.3.2 "Determining the character encoding")
    // reads a declared UTF-16 as UTF-8 and x-user-defined as windows-1252, as browsers do.
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => Some("utf-8".to_string()),
        Some(e) if e == encoding_rs::X_USER_DEFINED => Some("windows-1252".to_string()),
        _ => Some(label),
    }
}

/// A cheap estimate of how deep the page nests, as the tree builder will nest it: a stack of
/// open elements where an end tag closes the innermost open element of its name and all
/// inside it, and an end tag that closes nothing open (`</x>` after `<div>`) is ignored, as the
/// tree builder ignores it. Void elements and the tags HTML closes implicitly (p, li, td …),
/// which real pages leave open, are not counted. Linear: each element is pushed and popped
/// once.
fn nesting_depth(text: &str) -> usize {
    const IMPLIED: &[&str] = &[
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "br", "img", "meta", "link", "input", "hr", "area", "base",
        "col", "embed", "source", "track", "wbr", "param", "tbody", "thead", "tfoot",
    ];
    let bytes = text.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut open_by_name: HashMap<String, usize> = HashMap::new();
    let mut deepest = 0usize;
    for pos in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[pos + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        if IMPLIED.contains(&name.as_str()) {
            continue;
        }
        if !closing {
            *open_by_name.entry(name.clone()).or_default() += 1;
            open.push(name);
            deepest = deepest.max(open.len());
        } else if open_by_name.get(&name).is_some_and(|n| *n > 0) {
            while let Some(top) = open.pop() {
                let done = top == name;
                if let Some(n) = open_by_name.get_mut(&top) {
                    *n -= 1;
                }
                if done {
                    break;
                }
            }
        }
    }
    deepest
}

/// The first element, in document order, whose id or class is a known article container and
/// that holds some Chinese text; with the name that matched.
fn known_container(page: &Html) -> Option<(ElementRef<'_>, &'static str)> {
    for name in CONTAINERS {
        for edge in page.tree.root().traverse() {
            let Edge::Open(node) = edge else { continue };
            let Some(element) = ElementRef::wrap(node) else { continue };
            let value = element.value();
            let matches = value.id().is_some_and(|id| id.eq_ignore_ascii_case(name))
                || value.classes().any(|class| class.eq_ignore_ascii_case(name));
            if matches && han_count(element) >= MIN_CONTAINER_HAN {
                return Some((element, name));
            }
        }
    }
    None
}

fn han_count(element: ElementRef<'_>) -> usize {
    let mut count = 0;
    let mut skip_depth = 0usize;
    for edge in element.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skip_depth > 0 || SKIPPED.contains(&e.name()) => skip_depth += 1,
                Node::Text(t) if skip_depth == 0 => count += t.chars().filter(|c| is_han(*c)).count(),
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() && skip_depth > 0 {
                    skip_depth -= 1;
                }
            }
        }
    }
    count
}

/// The element with the most Chinese text that is not link text, narrowed to a child while
/// one child holds nearly all of it (readability's idea, reduced to what report pages need).
fn densest(page: &Html) -> ElementRef<'_> {
    // (han characters, han characters inside links) per element, from one post-order pass.
    let mut counts: HashMap<NodeId, (usize, usize)> = HashMap::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut link_depth = 0usize;
    let mut skip_depth = 0usize;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    if skip_depth > 0 || SKIPPED.contains(&e.name()) {
                        skip_depth += 1;
                    } else if e.name() == "a" {
                        link_depth += 1;
                    }
                    stack.push((0, 0));
                }
                Node::Text(t) if skip_depth == 0 => {
                    let han = t.chars().filter(|c| is_han(*c)).count();
                    if let Some(top) = stack.last_mut() {
                        top.0 += han;
                        if link_depth > 0 {
                            top.1 += han;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else { continue };
                if skip_depth > 0 {
                    skip_depth -= 1;
                } else if e.name() == "a" {
                    link_depth = link_depth.saturating_sub(1);
                }
                let own = stack.pop().unwrap_or_default();
                if let Some(parent) = stack.last_mut() {
                    parent.0 += own.0;
                    parent.1 += own.1;
                }
                counts.insert(node.id(), own);
            }
        }
    }
    let score = |id: NodeId| counts.get(&id).map_or(0, |(han, link)| han.saturating_sub(3 * link));
    let mut best = page.root_element();
    for edge in page.tree.root().traverse() {
        if let Edge::Open(node) = edge
            && let Some(element) = ElementRef::wrap(node)
            && score(node.id()) > score(best.id())
        {
            best = element;
        }
    }
    // The best score sits on the outermost element that has it; go down while one child keeps
    // almost all of the text, so the page's side columns stay out.
    loop {
        let total = score(best.id());
        let child = best.children().filter_map(ElementRef::wrap).find(|c| score(c.id()) * 100 >= total * 85);
        match child {
            Some(child) if total > 0 => best = child,
            _ => return best,
        }
    }
}

/// The article's title as the page shows it (a heading before the container, matched against
/// the `ArticleTitle` meta or the `<title>`), line breaks kept.
fn title_lines(page: &Html, container: ElementRef<'_>) -> Option<Vec<String>> {
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

fn looks_like_title(text: &str) -> bool {
    text.contains("报告") || text.contains("情况") || text.contains("法治")
}

/// The content of the first `<meta>` whose name is one of `names` (ignoring case).
fn meta(page: &Html, names: &[&str]) -> Option<String> {
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
fn published(page: &Html) -> Option<(i32, u32, u32)> {
    if let Some(date) = meta(page, PUBLISHED_META).as_deref().and_then(ymd) {
        return Some(date);
    }
    let mut all = Lines::default();
    all.walk(page.root_element());
    let text: String = all.done.into_iter().map(|(l, _)| l + "\n").collect();
    SHOWN_PUBLISHED.captures(&text).or_else(|| SHOWN_TIME.captures(&text)).and_then(|c| ymd(&c[1]))
}

fn ymd(text: &str) -> Option<(i32, u32, u32)> {
    let c = DATE.captures(text)?;
    let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Text without any white space, for comparing titles.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Lines of text built from a walk over elements: blocks end lines, table cells are separated
/// by a tab, white space collapses as a browser collapses it.
#[derive(Default)]
struct Lines {
    /// Finished lines with the heading level of `h1`–`h6` lines.
    done: Vec<(String, Option<u8>)>,
    current: String,
    level: Option<u8>,
    /// White space seen since the last character: `Some(true)` when it held a line break.
    pending_space: Option<bool>,
    /// Whether the current table row already has a cell.
    cell_in_row: bool,
}

impl Lines {
    fn walk(&mut self, root: ElementRef<'_>) {
        let mut skip_depth = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        let hidden =
                            e.attr("style").is_some_and(|s| squeeze(s).to_ascii_lowercase().contains("display:none"))
                                || e.attr("hidden").is_some();
                        if skip_depth > 0 || SKIPPED.contains(&e.name()) || hidden {
                            skip_depth += 1;
                            continue;
                        }
                        self.open(e.name());
                    }
                    Node::Text(t) if skip_depth == 0 => self.text(t),
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else { continue };
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    self.close(e.name());
                }
            }
        }
        self.end_line();
    }

    fn open(&mut self, name: &str) {
        match name {
            "td" | "th" => {
                if self.cell_in_row {
                    self.current.push('\t');
                    self.pending_space = None;
                }
                self.cell_in_row = true;
            }
            "tr" => {
                self.end_line();
                self.cell_in_row = false;
            }
            _ if BLOCKS.contains(&name) => self.end_line(),
            _ => {}
        }
        if let Some(level) = heading_level(name) {
            self.level = Some(level);
        }
    }

    fn close(&mut self, name: &str) {
        if name == "tr" {
            self.cell_in_row = false;
        }
        if BLOCKS.contains(&name) {
            self.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() || c == '\u{A0}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(had_newline) = self.pending_space.take() {
                // A line break in the page's source between two Chinese characters is layout
                // of the HTML file, not a space in the text.
                let previous = self.current.chars().last();
                let joined = had_newline && previous.is_some_and(is_cjk) && is_cjk(c);
                if previous.is_some_and(|p| p != '\t') && !joined {
                    self.current.push(' ');
                }
            }
            self.current.push(c);
        }
    }

    fn end_line(&mut self) {
        let line = self.current.trim();
        if !line.is_empty() {
            self.done.push((line.to_string(), self.level));
        }
        self.current.clear();
        self.level = None;
        self.pending_space = None;
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(html: &str) -> SourceFile {
        read(Path::new("t.html"), html.as_bytes(), None).unwrap()
    }

    #[test]
    fn known_container_title_and_date() {
        let page = r#"<html><head><meta charset="utf-8"><title>关于2023年法治政府建设情况的报告_工作报告_某区政府</title>
            <meta name="PubDate" content="2024-03-28 09:30"></head><body>
            <div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a></div>
            <h1 class="title">关于2023年法治政府建设情况的报告</h1>
            <div class="info">发布时间：2024-03-29 来源：司法局</div>
            <div id="zoom"><p>　　2023年，我区坚持依法行政，全面推进法治政府建设&ldquo;示范&rdquo;创建工作，法治政府建设取得新成效，群众满意度持续提升。</p>
            <p>一、主要举措和成效</p><p>全年办理复议案件12件，<br>纠错3件。</p>
            <script>var x = "不该出现的脚本文字";</script></div>
            <div class="footer">打印此文 关闭窗口 主办单位：某区人民政府办公室</div></body></html>"#;
        let src = read_str(page);
        assert_eq!(
            src.text,
            "关于2023年法治政府建设情况的报告\n2023年，我区坚持依法行政，全面推进法治政府建设“示范”创建工作，法治政府建设取得新成效，群众满意度持续提升。\n一、主要举措和成效\n全年办理复议案件12件，\n纠错3件。\n"
        );
        assert_eq!(src.origin.published, Some((2024, 3, 28)));
        assert_eq!(src.origin.place_at(src.text.find("纠错").unwrap()), Some(Place::Paragraph(5)));
    }

    #[test]
    fn density_fallback_and_shown_date() {
        let para = "我区坚持依法行政，全面推进法治政府建设，取得明显成效。".repeat(4);
        let page = format!(
            "<html><body><ul><li><a>首页</a></li><li><a>政务公开栏目导航链接文字很多很多很多</a></li></ul>\
             <div class=left><h2>关于2023年法治政府建设情况的报告</h2><span>发布日期：2024年3月20日</span>\
             <div class=text><p>{para}</p><p>{para}</p><table><tr><td>项目</td><td>数量</td></tr><tr><td>复议</td><td>12</td></tr></table></div></div></body></html>"
        );
        let src = read_str(&page);
        assert!(src.text.starts_with("关于2023年法治政府建设情况的报告\n我区坚持"), "{}", src.text);
        assert!(src.text.contains("项目\t数量\n复议\t12\n"), "{}", src.text);
        assert!(!src.text.contains("首页"));
        assert_eq!(src.origin.published, Some((2024, 3, 20)));
    }

    #[test]
    fn declared_gbk_is_decoded() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\
            <body><div class=\"TRS_Editor\"><p>关于2023年法治政府建设情况的报告</p><p>我区坚持依法行政，全面推进法治政府建设各项工作，取得明显成效，群众满意度持续提升。</p></div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let src = read(Path::new("g.html"), &bytes, None).unwrap();
        assert_eq!(src.encoding, "GBK");
        assert!(src.text.starts_with("关于2023年法治政府建设情况的报告\n"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let page = format!("<html><body>{}报告{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(10));
        let err = read(Path::new("deep.html"), page.as_bytes(), None).unwrap_err();
        assert!(matches!(err, ReadError::Unsafe { .. }), "{err}");
        // Paragraphs and list items left open, as real pages leave them, do not count.
        let open_paragraphs = format!("<html><body>{}</body></html>", "<p>段落<li>条目".repeat(5_000));
        assert!(nesting_depth(&open_paragraphs) < 5);
        // An end tag that closes nothing open does not lower the depth: the divs still nest.
        let stray = format!("<html><body>{}报告</body></html>", "<div></x>".repeat(20_000));
        assert_eq!(nesting_depth(&stray), 20_002);
        // One that closes an outer element closes what is inside it too.
        assert_eq!(nesting_depth(&"<div><span><b></div>".repeat(5_000)), 3);
    }

    #[test]
    fn declared_utf16_on_an_ascii_compatible_page_is_read_as_utf8() {
        let page = "<html><head><meta charset=\"utf-16\"><title>报告</title></head><body><div class=\"TRS_Editor\">\
            <p>关于2023年法治政府建设情况的报告</p><p>我区坚持依法行政，全面推进法治政府建设各项工作，取得明显成效，群众满意度持续提升。</p></div></body></html>";
        for declared in ["utf-16", "UTF-16LE", "utf-16be"] {
            let mut page = page.replace("utf-16", declared);
            // At an even length the bytes also decode as UTF-16 without an error.
            if page.len() % 2 == 1 {
                page.push(' ');
            }
            let src = read(Path::new("u.html"), page.as_bytes(), None).unwrap();
            assert_eq!(src.encoding, "UTF-8", "{declared}");
            assert!(src.text.contains("关于2023年法治政府建设情况的报告\n我区坚持"), "{declared}: {}", src.text);
        }
    }
}
