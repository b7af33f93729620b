//! Reading a .docx in order to write a copy of it back: the body text with its source map,
//! and the parts an annotated copy changes (`[Content_Types].xml`, the main document's
//! relationships, the comments part), each read under the reader's caps and summarised, plus
//! every `w:id` the package already uses so that new comments and revisions never collide.
//!
//! **Invariant:** everything here is read with the same caps and the same refusals as
//! `fazhi check`, so a file that check refuses is refused here with the same message.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use roxmltree::Node;

use super::map::SourceMap;
use super::xml::{attr, is_w_namespace};
use super::{PartEncoding, damaged, open, parse_part, relationship_target};
use crate::source::{ReadError, SourceFile};

const REL_COMMENTS: &str = "/comments";
/// Stories other than the body that may hold comment marks.
const STORIES: [&str; 4] = ["/header", "/footer", "/footnotes", "/endnotes"];

/// A .docx read for writing back.
#[derive(Debug)]
pub struct MappedDocx {
    /// The body text as `fazhi check` reads it.
    pub source: SourceFile,
    /// Where each piece of `source.text` sits in `document.text`.
    pub map: SourceMap,
    /// The main document part.
    pub document: XmlPart,
    /// Its relationships.
    pub relationships: Relationships,
    /// `[Content_Types].xml`.
    pub content_types: ContentTypes,
    /// The comments part the main document refers to, when it has one.
    pub comments: Option<CommentsPart>,
    /// The `w:id`s in use and the comment marks found, over the body, the comments and the
    /// other stories.
    pub ids: Ids,
    /// Whether the document is in the Strict Open XML namespace.
    pub strict: bool,
}

/// One XML part's text as parsed.
#[derive(Debug, Clone)]
pub struct XmlPart {
    /// Its name in the archive, e.g. `word/document.xml`.
    pub name: String,
    /// Its text (UTF-8, without a byte-order mark): every range here counts bytes of it.
    pub text: String,
    /// How its bytes were encoded.
    pub encoding: PartEncoding,
    /// The root element.
    pub root: Range<usize>,
}

/// The main document's relationships.
#[derive(Debug, Clone)]
pub struct Relationships {
    /// The part's name, e.g. `word/_rels/document.xml.rels`.
    pub name: String,
    /// The part, `None` when the package has none (a new one is then written).
    pub part: Option<XmlPart>,
    /// Relationship ids in use.
    pub ids: Vec<String>,
    /// The archive path of the comments part, when a relationship names one.
    pub comments: Option<String>,
}

/// `[Content_Types].xml`.
#[derive(Debug, Clone)]
pub struct ContentTypes {
    /// The part.
    pub part: XmlPart,
    /// `PartName`s with an `Override`, lower-cased, with their leading `/`.
    pub overrides: Vec<String>,
    /// Extensions with a `Default`, lower-cased.
    pub defaults: Vec<String>,
}

/// The comments part.
#[derive(Debug, Clone)]
pub struct CommentsPart {
    /// The part.
    pub part: XmlPart,
    /// Each comment's id and author.
    pub comments: Vec<(i64, String)>,
}

/// Ids and marks already in the package.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    /// The largest `w:id` of any element (comments, comment marks, revisions, bookmarks …).
    pub max: i64,
    /// Comment ids that comment marks (`commentRangeStart`, `commentRangeEnd`,
    /// `commentReference`) refer to.
    pub referenced: BTreeSet<i64>,
    /// Number of `commentRangeStart` marks (Word opens no file with more than 32,767).
    pub ranges: usize,
    /// Authors of tracked changes.
    pub revision_authors: BTreeSet<String>,
}

/// What `open` adds to the walk when asked for a map.
#[derive(Debug)]
pub(super) struct Extras {
    pub map: SourceMap,
    pub ids: Ids,
    /// The document part's root element.
    pub root: Range<usize>,
    /// Whether that root is in the Strict namespace.
    pub strict: bool,
}

impl Ids {
    /// The ids and marks of one parsed part.
    pub(super) fn of(document: &roxmltree::Document<'_>) -> Self {
        let mut ids = Self { max: -1, ..Self::default() };
        ids.add(document);
        ids
    }

    fn add(&mut self, document: &roxmltree::Document<'_>) {
        for node in document.descendants().filter(|n| n.is_element() && is_w_namespace(n.tag_name().namespace())) {
            let Some(id) = attr(node, "id").and_then(|v| v.trim().parse::<i64>().ok()) else { continue };
            self.max = self.max.max(id);
            match node.tag_name().name() {
                "commentRangeStart" => {
                    self.ranges += 1;
                    self.referenced.insert(id);
                }
                "commentRangeEnd" | "commentReference" => {
                    self.referenced.insert(id);
                }
                "ins" | "del" | "moveFrom" | "moveTo" => {
                    if let Some(author) = attr(node, "author") {
                        self.revision_authors.insert(author.to_string());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Reads a .docx's body with its source map, and the parts a copy with comments changes.
///
/// # Errors
/// Every `ReadError` `fazhi check` gives for this file, and `ReadError::Damaged` when the
/// package has no `[Content_Types].xml`.
pub fn read_mapped(path: &Path, bytes: &[u8]) -> Result<MappedDocx, ReadError> {
    if bytes.starts_with(super::OLE2_MAGIC) {
        return Err(super::refuse_ole2(bytes));
    }
    let mut opened = open(path, bytes, true)?;
    let Some(extras) = opened.map.take() else { unreachable!("open was asked for a map") };
    let (map, mut ids) = (extras.map, extras.ids);
    let (text, encoding) = std::mem::take(&mut opened.document);
    let document = XmlPart { name: opened.main.clone(), text, encoding, root: extras.root };

    let relationships = match opened.rels.take() {
        Some((text, encoding)) => {
            let parsed = parse_part(&text, &opened.rels_path)?;
            let root = parsed.root_element().range();
            let rel_ids =
                parsed.root_element().children().filter_map(|r| r.attribute("Id").map(str::to_string)).collect();
            let comments = relationship_target(&parsed, &opened.main, REL_COMMENTS);
            let stories: Vec<String> = STORIES.iter().flat_map(|kind| targets(&parsed, &opened.main, kind)).collect();
            drop(parsed);
            let part = XmlPart { name: opened.rels_path.clone(), text, encoding, root };
            for story in stories {
                if let Some((text, _)) = opened.parts.read_part(&story)? {
                    ids.add(&parse_part(&text, &story)?);
                }
            }
            Relationships { name: opened.rels_path.clone(), part: Some(part), ids: rel_ids, comments }
        }
        None => Relationships { name: opened.rels_path.clone(), part: None, ids: Vec::new(), comments: None },
    };

    let (text, encoding) = opened
        .parts
        .read_part("[Content_Types].xml")?
        .ok_or_else(|| damaged("缺少 [Content_Types].xml，文件不完整".to_string()))?;
    let parsed = parse_part(&text, "[Content_Types].xml")?;
    let root = parsed.root_element().range();
    let values = |name: &str, key: &str| -> Vec<String> {
        let of = |n: &Node<'_, '_>| n.is_element() && n.tag_name().name() == name;
        parsed.root_element().children().filter(of).filter_map(|n| n.attribute(key)).map(str::to_lowercase).collect()
    };
    let (overrides, defaults) = (values("Override", "PartName"), values("Default", "Extension"));
    drop(parsed);
    let part = XmlPart { name: "[Content_Types].xml".to_string(), text, encoding, root };
    let content_types = ContentTypes { part, overrides, defaults };

    let comments = match &relationships.comments {
        Some(name) => match opened.parts.read_part(name)? {
            Some((text, encoding)) => {
                let parsed = parse_part(&text, name)?;
                let root = parsed.root_element().range();
                ids.add(&parsed);
                let comments = parsed
                    .root_element()
                    .children()
                    .filter(|c| c.is_element() && c.tag_name().name() == "comment")
                    .filter_map(|c| {
                        let id = attr(c, "id")?.trim().parse::<i64>().ok()?;
                        Some((id, attr(c, "author").unwrap_or_default().to_string()))
                    })
                    .collect();
                drop(parsed);
                Some(CommentsPart { part: XmlPart { name: name.clone(), text, encoding, root }, comments })
            }
            None => None,
        },
        None => None,
    };
    Ok(MappedDocx {
        source: opened.source,
        map,
        document,
        relationships,
        content_types,
        comments,
        ids,
        strict: extras.strict,
    })
}

/// Every relationship target of a type ending in `type_suffix`.
fn targets(rels: &roxmltree::Document<'_>, source_part: &str, type_suffix: &str) -> Vec<String> {
    let base = source_part.rsplit_once('/').map_or("", |(dir, _)| dir);
    rels.root_element()
        .children()
        .filter(|r| {
            r.attribute("Type").is_some_and(|t| t.ends_with(type_suffix))
                && r.attribute("TargetMode") != Some("External")
        })
        .filter_map(|r| r.attribute("Target"))
        .map(|target| super::resolve(base, target))
        .collect()
}
