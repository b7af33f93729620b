//! Scopes: the parts of a report a rule looks at (`title`, `paragraphs`, `element:shortcomings` …).

use std::fmt;
use std::str::FromStr;

use super::context::Ctx;
use crate::source::Span;

/// A part of a report, resolved to spans of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole text outside the tables: one span, or one between each two tables (use `(?m)`
    /// for line anchors).
    Text,
    /// The body outside the tables: from the first line after title/recipient to the end of the
    /// last body line.
    Body,
    /// Each non-blank line of the file outside the tables, title and chrome included.
    Lines,
    /// Each table (all its rows, as written).
    Tables,
    /// The title (one span per title line).
    Title,
    /// The issuer named in the title.
    Issuer,
    /// The 主送机关 line.
    Recipient,
    /// Paragraphs before the first heading.
    Preamble,
    /// The first sentence of the preamble.
    PreambleLead,
    /// Each heading's words (marker included).
    Headings,
    /// Each ordinal marker of a heading (`（一）`, `1.`).
    Ordinals,
    /// Each body line.
    Paragraphs,
    /// Each sentence of the body.
    Sentences,
    /// Lines recognised as web-page chrome or conversion residue.
    Chrome,
    /// 特此报告.
    Closing,
    /// The 署名.
    Signature,
    /// The 成文日期 line.
    Date,
    /// The text of a required element (its section, or the paragraph that mentions it).
    Element(String),
    /// The text of a required element without its heading.
    ElementBody(String),
    /// The heading of a required element.
    ElementHeading(String),
    /// The first sentence of an element's text after its heading.
    ElementLead(String),
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some((prefix, name)) = s.split_once(':') {
            let name = name.to_string();
            return match prefix {
                "element" => Ok(Scope::Element(name)),
                "element-body" => Ok(Scope::ElementBody(name)),
                "element-heading" => Ok(Scope::ElementHeading(name)),
                "element-lead" => Ok(Scope::ElementLead(name)),
                _ => Err(format!("未知的范围前缀“{prefix}”")),
            };
        }
        Ok(match s {
            "text" => Scope::Text,
            "body" => Scope::Body,
            "lines" => Scope::Lines,
            "tables" => Scope::Tables,
            "title" => Scope::Title,
            "issuer" => Scope::Issuer,
            "recipient" => Scope::Recipient,
            "preamble" => Scope::Preamble,
            "preamble-lead" => Scope::PreambleLead,
            "headings" => Scope::Headings,
            "ordinals" => Scope::Ordinals,
            "paragraphs" => Scope::Paragraphs,
            "sentences" => Scope::Sentences,
            "chrome" => Scope::Chrome,
            "closing" => Scope::Closing,
            "signature" => Scope::Signature,
            "date" => Scope::Date,
            other => return Err(format!("未知的范围“{other}”")),
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Element(name) => write!(f, "element:{name}"),
            Scope::ElementBody(name) => write!(f, "element-body:{name}"),
            Scope::ElementHeading(name) => write!(f, "element-heading:{name}"),
            Scope::ElementLead(name) => write!(f, "element-lead:{name}"),
            other => write!(f, "{}", format!("{other:?}").to_lowercase()),
        }
    }
}

/// The element a scope names, if any (`element:shortcomings` → `shortcomings`).
#[must_use]
pub fn element_key(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Element(key) | Scope::ElementBody(key) | Scope::ElementHeading(key) | Scope::ElementLead(key) => {
            Some(key)
        }
        _ => None,
    }
}

/// Names accepted in rule files, for "did you mean" help.
pub const SCOPE_NAMES: &[&str] = &[
    "text",
    "body",
    "lines",
    "tables",
    "title",
    "issuer",
    "recipient",
    "preamble",
    "preamble-lead",
    "headings",
    "ordinals",
    "paragraphs",
    "sentences",
    "chrome",
    "closing",
    "signature",
    "date",
    "element:NAME",
    "element-body:NAME",
    "element-heading:NAME",
    "element-lead:NAME",
];

impl Scope {
    /// The spans of this scope in a report.
    #[must_use]
    pub fn resolve(&self, ctx: &Ctx<'_>) -> Vec<Span> {
        let doc = ctx.doc;
        match self {
            // The prose rules never read a table: its figures and labels are no sentences.
            Scope::Text => outside_tables(ctx, Span::new(0, doc.source.text.len())),
            Scope::Body => {
                if doc.body.is_empty() {
                    vec![]
                } else {
                    outside_tables(ctx, doc.body)
                }
            }
            Scope::Lines => {
                let mut tables = doc.tables.iter().peekable();
                let mut lines = Vec::with_capacity(doc.lines.len());
                for line in &doc.lines {
                    while tables.peek().is_some_and(|table| table.span.end <= line.start) {
                        tables.next();
                    }
                    if tables.peek().is_none_or(|table| table.span.start >= line.end) {
                        lines.push(*line);
                    }
                }
                lines
            }
            Scope::Tables => doc.tables.iter().map(|table| table.span).collect(),
            Scope::Title => doc.title.as_ref().map(|t| t.lines.clone()).unwrap_or_default(),
            Scope::Issuer => doc.title.as_ref().and_then(|t| t.issuer).into_iter().collect(),
            Scope::Recipient => doc.recipient.into_iter().collect(),
            Scope::Preamble => doc.preamble.iter().map(|i| doc.paragraphs[*i].span).collect(),
            Scope::PreambleLead => {
                doc.preamble.first().and_then(|i| first_sentence(ctx, doc.paragraphs[*i].span)).into_iter().collect()
            }
            Scope::Headings => doc.headings.iter().map(|h| h.span).collect(),
            Scope::Ordinals => doc.headings.iter().filter_map(|h| h.marker).collect(),
            Scope::Paragraphs => doc.paragraphs.iter().map(|p| p.span).collect(),
            Scope::Sentences => doc.sentences.clone(),
            Scope::Chrome => doc.chrome.clone(),
            Scope::Closing => doc.closing.into_iter().collect(),
            Scope::Signature => doc.signature.into_iter().collect(),
            Scope::Date => doc.date.map(|d| d.span).into_iter().collect(),
            Scope::Element(name) => ctx.elements.get(name).and_then(|e| e.section).into_iter().collect(),
            Scope::ElementBody(name) => {
                ctx.elements.get(name).and_then(super::elements::ElementFound::body).into_iter().collect()
            }
            Scope::ElementHeading(name) => {
                ctx.elements.get(name).and_then(|e| e.heading).map(|h| doc.headings[h].span).into_iter().collect()
            }
            Scope::ElementLead(name) => ctx
                .elements
                .get(name)
                .and_then(super::elements::ElementFound::body)
                .and_then(|body| first_sentence(ctx, body))
                .into_iter()
                .collect(),
        }
    }

    /// Where a finding about this scope being absent is placed: the end of the report for
    /// closing parts, the start otherwise.
    #[must_use]
    pub fn missing_anchor(&self, ctx: &Ctx<'_>) -> Span {
        let doc = ctx.doc;
        let text = &doc.source.text;
        let at = |offset: usize| Span::new(offset, offset);
        let body_end = if doc.body.is_empty() { text.trim_end().len() } else { doc.body.end };
        match self {
            // A missing signature belongs just above the date; a missing date just below the
            // signature; both after the closing or the body.
            Scope::Signature => {
                doc.date.map_or_else(|| at(doc.closing.map_or(body_end, |c| c.end)), |d| at(d.span.start))
            }
            Scope::Date => doc.signature.or(doc.closing).map_or_else(|| at(body_end), |s| at(s.end)),
            Scope::Closing => at(body_end),
            Scope::Issuer => doc.title.as_ref().map_or_else(|| at(0), |t| at(t.span.start)),
            _ => {
                let start = text.len() - text.trim_start().len();
                at(start)
            }
        }
    }
}

/// The parts of `span` no table covers (tables are in text order and do not overlap).
fn outside_tables(ctx: &Ctx<'_>, span: Span) -> Vec<Span> {
    let mut parts = Vec::new();
    let mut start = span.start;
    for table in &ctx.doc.tables {
        if table.span.end <= start || table.span.is_empty() {
            continue;
        }
        if table.span.start >= span.end {
            break;
        }
        if table.span.start > start {
            parts.push(Span::new(start, table.span.start));
        }
        start = start.max(table.span.end);
    }
    if start < span.end {
        parts.push(Span::new(start, span.end));
    }
    parts.retain(|part| !ctx.doc.text(*part).trim().is_empty());
    parts
}

fn trim(ctx: &Ctx<'_>, span: Span) -> Span {
    let text = ctx.doc.text(span);
    let lead = text.len() - text.trim_start().len();
    Span::new(span.start + lead, span.start + lead + text.trim().len())
}

/// The first sentence of the text in `span` (up to and including the first 。！？).
fn first_sentence(ctx: &Ctx<'_>, span: Span) -> Option<Span> {
    let span = trim(ctx, span);
    if span.is_empty() {
        return None;
    }
    let text = ctx.doc.text(span);
    let end = text
        .find(['。', '！', '？', '\n'])
        .map_or(text.len(), |i| i + text[i..].chars().next().map_or(0, char::len_utf8));
    Some(Span::new(span.start, span.start + end))
}
