//! Which element of a page holds the report: a known CMS container, else the densest text.

use std::collections::HashMap;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::text::{SKIPPED, is_han};

/// Article containers of Chinese government CMSs, most specific first (compared with ids and
/// class names, ignoring case). Collected from public crawlers of gov.cn sites, e.g.
/// `Kira-yoshikage-d/spider-gov` (`#UCAP-CONTENT`, `#contentText`, `.TRS_UEDITOR`),
/// `nightqiuhua/bigCrawlers` (`#zoom`), `jas0no7/local_spider_jason` (`.jgzn_content`), and
/// from `../shared/domain/dependencies.md` §2. Generic names (`content`, `view`, `detail`) are
/// left to the density fallback: on many sites they wrap the whole page, navigation included.
pub(super) const CONTAINERS: &[&str] = &[
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
pub(super) const MIN_CONTAINER_HAN: usize = 50;

/// The first element, in document order, whose id or class is a known article container and
/// that holds some Chinese text; with the name that matched.
pub(super) fn known_container(page: &Html) -> Option<(ElementRef<'_>, &'static str)> {
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

pub(super) fn han_count(element: ElementRef<'_>) -> usize {
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
pub(super) fn densest(page: &Html) -> ElementRef<'_> {
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
