//! Paragraph styles from `word/styles.xml`: what a paragraph inherits from its style and the
//! style's `basedOn` chain — an outline level, a heading level from the style's name, numbering.

use std::collections::HashMap;

use super::xml::{attr, child, children};

/// Longest `basedOn` chain followed; Word refuses cycles, but a hand-made file may contain one.
const MAX_CHAIN: usize = 32;

/// A `w:numPr`: either part may be missing and is then inherited or defaulted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct NumPr {
    /// `w:numId`; `"0"` removes numbering.
    pub num_id: Option<String>,
    /// `w:ilvl`, 0-based.
    pub ilvl: Option<u8>,
}

impl NumPr {
    /// Reads the `w:numPr` child of a `w:pPr`.
    pub fn of(ppr: roxmltree::Node<'_, '_>) -> Option<Self> {
        let num_pr = child(ppr, "numPr")?;
        let num_id = child(num_pr, "numId").and_then(|n| attr(n, "val")).map(str::to_string);
        let ilvl = child(num_pr, "ilvl").and_then(|n| attr(n, "val")).and_then(|v| v.parse().ok());
        Some(Self { num_id, ilvl })
    }
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    /// `w:outlineLvl`, 0-based; 9 means body text.
    outline: Option<u8>,
    num_pr: Option<NumPr>,
}

/// The paragraph and numbering styles of a document, by style id.
#[derive(Debug, Default)]
pub(super) struct Styles {
    by_id: HashMap<String, Style>,
    /// The style a paragraph without `w:pStyle` has (`w:default="1"`, usually 正文/Normal).
    default_paragraph: Option<String>,
}

impl Styles {
    /// Reads `styles.xml`.
    pub fn parse(doc: &roxmltree::Document<'_>) -> Self {
        let mut styles = Self::default();
        for style in children(doc.root_element(), "style") {
            let Some(id) = attr(style, "styleId") else { continue };
            let kind = attr(style, "type").unwrap_or("paragraph");
            if kind != "paragraph" && kind != "numbering" {
                continue;
            }
            if kind == "paragraph" && matches!(attr(style, "default"), Some("1" | "true" | "on")) {
                styles.default_paragraph = Some(id.to_string());
            }
            let ppr = child(style, "pPr");
            let entry = Style {
                name: child(style, "name").and_then(|n| attr(n, "val")).unwrap_or_default().to_string(),
                based_on: child(style, "basedOn").and_then(|n| attr(n, "val")).map(str::to_string),
                outline: ppr
                    .and_then(|p| child(p, "outlineLvl"))
                    .and_then(|n| attr(n, "val"))
                    .and_then(|v| v.parse().ok()),
                num_pr: ppr.and_then(NumPr::of),
            };
            styles.by_id.insert(id.to_string(), entry);
        }
        styles
    }

    /// The style a paragraph has: its `w:pStyle`, or the default paragraph style.
    pub fn effective<'a>(&'a self, style_id: Option<&'a str>) -> Option<&'a str> {
        style_id.or(self.default_paragraph.as_deref())
    }

    /// The style and its ancestors, nearest first, stopping at a cycle or an unknown id.
    fn chain<'a>(&'a self, style_id: Option<&'a str>) -> impl Iterator<Item = (&'a str, &'a Style)> + 'a {
        let mut next = style_id;
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.by_id.get(id)?;
            next = style.based_on.as_deref().filter(|b| *b != id);
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1 = top) a paragraph of this style has: the first outline level or
    /// heading style name found up the chain. Outline level 9 (body text) ends the search.
    pub fn heading_level(&self, style_id: Option<&str>) -> Option<u8> {
        for (_, style) in self.chain(style_id) {
            if let Some(outline) = style.outline {
                return (outline < 9).then_some(outline + 1);
            }
            if let Some(level) = heading_level_of_name(&style.name) {
                return Some(level);
            }
        }
        None
    }

    /// The numbering a paragraph of this style inherits: the nearest `w:numPr` up the chain,
    /// with the id of the style that holds it.
    pub fn num_pr<'a>(&'a self, style_id: Option<&'a str>) -> Option<(&'a str, &'a NumPr)> {
        self.chain(style_id).find_map(|(id, style)| style.num_pr.as_ref().map(|n| (id, n)))
    }

    /// The `w:numId` a numbering style (`w:numStyleLink` target) points to.
    pub fn numbering_style_num_id<'a>(&'a self, style_id: &'a str) -> Option<&'a str> {
        self.num_pr(Some(style_id)).and_then(|(_, n)| n.num_id.as_deref())
    }
}

/// `heading 1`…`heading 9` (Word stores built-in names in English whatever the UI language;
/// `LibreOffice` writes `Heading 1`) and `标题 1`…`标题 9` (WPS, and styles users make).
/// Matched on the name, never on the id: ids are `1`, `2` in Chinese Word and WPS files.
fn heading_level_of_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    let digits = rest.trim_start();
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::readers::docx::xml::W;

    #[test]
    fn heading_names_in_english_and_chinese_any_case() {
        assert_eq!(heading_level_of_name("heading 1"), Some(1));
        assert_eq!(heading_level_of_name("Heading 2"), Some(2));
        assert_eq!(heading_level_of_name("标题 3"), Some(3));
        assert_eq!(heading_level_of_name("标题1"), Some(1));
        assert_eq!(heading_level_of_name("标题"), None, "the Title style is not a heading level");
        assert_eq!(heading_level_of_name("Heading1Char"), None);
        assert_eq!(heading_level_of_name("heading 10"), None);
    }

    #[test]
    fn levels_and_numbering_come_through_based_on_chains() {
        let xml = format!(
            r#"<w:styles xmlns:w="{W}">
              <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
              <w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的标题"/><w:basedOn w:val="1"/>
                <w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="y"><w:name w:val="下级"/><w:basedOn w:val="x"/></w:style>
              <w:style w:type="paragraph" w:styleId="o"><w:name w:val="正文缩进"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="b"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="loop"/><w:basedOn w:val="loop2"/></w:style>
              <w:style w:type="paragraph" w:styleId="loop2"><w:name w:val="loop2"/><w:basedOn w:val="loop"/></w:style>
            </w:styles>"#
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let styles = Styles::parse(&doc);
        assert_eq!(styles.heading_level(Some("1")), Some(1));
        assert_eq!(styles.heading_level(Some("y")), Some(1), "inherited through two basedOn steps");
        assert_eq!(styles.heading_level(Some("o")), Some(2));
        assert_eq!(styles.heading_level(Some("b")), None, "outline level 9 is body text");
        assert_eq!(styles.heading_level(Some("loop")), None);
        assert_eq!(styles.effective(None), Some("a"));
        let (holder, num) = styles.num_pr(Some("y")).unwrap();
        assert_eq!((holder, num.num_id.as_deref()), ("x", Some("4")));
    }
}
