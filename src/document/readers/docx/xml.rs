//! Small helpers over `roxmltree` for `WordprocessingML`: names in the main namespace (both the
//! transitional and the strict one), `w:`-attributes, and parsing a part with safe options.

use roxmltree::{Document, Node, ParsingOptions};

/// The `WordprocessingML` namespace Word and WPS write.
pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The namespace of "Strict Open XML" files (Word can save them).
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup compatibility (`mc:AlternateContent`).
pub(super) const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Most XML nodes accepted in one part. A 300-page report has a few hundred thousand; the cap
/// bounds memory on crafted input.
const MAX_NODES: u32 = 2_000_000;

/// Why a part could not be parsed.
pub(super) enum XmlError {
    /// A DOCTYPE: Word never writes one, and entity declarations can expand without bound.
    Dtd,
    /// More nodes than `MAX_NODES`.
    TooManyNodes,
    /// Not well-formed XML.
    Malformed(String),
}

/// Parses a part with DTDs refused and a node cap. A UTF-8 BOM is skipped.
pub(super) fn parse(text: &str) -> Result<Document<'_>, XmlError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => XmlError::Dtd,
        roxmltree::Error::NodesLimitReached => XmlError::TooManyNodes,
        other => XmlError::Malformed(other.to_string()),
    })
}

/// Whether `node` is the element `w:{name}`.
pub(super) fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && is_w_namespace(node.tag_name().namespace())
}

/// Whether a namespace in `WordprocessingML`.
pub(super) fn is_w_namespace(namespace: Option<&str>) -> bool {
    matches!(namespace, Some(W | W_STRICT))
}

/// The value of the attribute `w:{name}` (or an unqualified `{name}`, which some tools write).
pub(super) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name && (a.namespace().is_none() || is_w_namespace(a.namespace())))
        .map(|a| a.value())
}

/// The first child element `w:{name}`.
pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, name))
}

/// Every child element `w:{name}`.
pub(super) fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| is(*c, name))
}

/// Whether a toggle attribute such as `w:val` of `w:isLgl` is on (absent means on).
pub(super) fn is_on(node: Node<'_, '_>) -> bool {
    !matches!(attr(node, "val"), Some("0" | "false" | "off"))
}
