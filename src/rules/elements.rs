//! Finding the required elements of a report (主要举措和成效, 存在的不足, 原因, 第一责任人,
//! 下一年度安排, 其他情况) from the patterns of the `element` rules.
//!
//! The order of evidence: a heading at the top or second level that names the element; the
//! run of unclaimed top-level parts before the shortcomings part (reports without an umbrella
//! heading for their measures); a deeper heading or a mention in running text (embedded); for
//! elements judged by content (causes), phrases inside another element's text.

use crate::rules::pattern::Pattern;
use regex::Regex;
use serde::Serialize;

use crate::document::Document;
use crate::source::Span;

/// How an element is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ElementStatus {
    /// Has a heading of its own.
    Heading,
    /// Only mentioned inside another part.
    Embedded,
    /// Judged by content, and the content is there.
    Present,
    /// Judged by content, and only words that hint at the content are there (a few words in
    /// passing, no analysis): partly there, as an embedded element is.
    Weak,
    /// Not there.
    Absent,
}

/// Compiled detection patterns of one element.
#[derive(Debug)]
pub struct ElementSpec {
    /// Key used in JSON and scopes, e.g. `shortcomings`.
    pub key: String,
    /// Chinese label, e.g. `存在的不足`.
    pub label: String,
    /// Position in the 规定's list; used to say where a missing part belongs.
    pub order: u32,
    /// Patterns on heading words that name the element.
    pub heading: Vec<Pattern>,
    /// Patterns on heading words that rule the element out.
    pub exclude: Vec<Pattern>,
    /// Patterns in running text that mention the element.
    pub mention: Vec<Pattern>,
    /// Patterns on the first words of a paragraph where this element starts inside a part it
    /// shares with another element (存在问题及下一步打算).
    pub start: Vec<Pattern>,
    /// Deepest heading level that still counts as a heading of its own.
    pub max_heading_depth: u8,
    /// A deeper heading still counts as a part of its own when its title names the element and
    /// its own body has at least this many characters (a titled item devoted to the element, as
    /// provincial reports write "2.切实履行推进法治建设第一责任人职责。" under 一/（一）).
    pub deep_heading_min_body: Option<usize>,
    /// For content-judged elements: the element whose text is read.
    pub within: Option<String>,
    /// For content-judged elements: phrases that show the content.
    pub content: Vec<Pattern>,
    /// For content-judged elements: words that hint at the content without showing it.
    pub weak_content: Vec<Pattern>,
    /// Elements whose top-level part ends the run of unclaimed parts that stand in for this
    /// element when it has no heading (empty: no such fallback).
    pub fallback_until: Vec<String>,
    /// Whether its absence is a defect: its rule reports more than a hint. Kept in step with
    /// the rule's severity by the loader.
    pub required: bool,
    /// For an element that may be left out: when (e.g. 无其他情况时可不写), shown beside 未写.
    pub absent_note: Option<String>,
}

impl ElementSpec {
    fn names_heading(&self, text: &str) -> bool {
        self.heading.iter().any(|r| r.is_match(text)) && !self.exclude.iter().any(|r| r.is_match(text))
    }
}

/// One element as found in a report.
#[derive(Debug, Clone)]
pub struct ElementFound {
    /// Key, e.g. `shortcomings`.
    pub key: String,
    /// Chinese label.
    pub label: String,
    /// Position in the 规定's list.
    pub order: u32,
    /// Heading, embedded, present, weak or absent.
    pub status: ElementStatus,
    /// The heading that carries the element, if any.
    pub heading: Option<usize>,
    /// The text that shows the element: its heading, the mention, the content phrase, or for
    /// a weak element the words that hint at it.
    pub evidence: Option<Span>,
    /// The element's text: its section (heading included), or the paragraph of a mention.
    pub section: Option<Span>,
    /// A four-digit year written in its heading.
    pub year: Option<i32>,
    /// Whether its absence is a defect (from its rule).
    pub required: bool,
    /// When it may be left out, from its rule.
    pub absent_note: Option<String>,
    heading_end: Option<usize>,
}

impl ElementFound {
    /// The element's text without its heading.
    #[must_use]
    pub fn body(&self) -> Option<Span> {
        let section = self.section?;
        let start = self.heading_end.filter(|end| section.contains_offset(*end)).unwrap_or(section.start);
        let start = start.max(section.start);
        (start < section.end).then(|| Span::new(start, section.end))
    }
}

/// All elements found in a report, in rule order.
#[derive(Debug, Clone, Default)]
pub struct Elements {
    /// One entry per element rule.
    pub list: Vec<ElementFound>,
}

impl Elements {
    /// The element with this key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&ElementFound> {
        self.list.iter().find(|e| e.key == key)
    }

    /// The key of the element whose text contains `offset` (the narrowest one).
    #[must_use]
    pub fn at(&self, offset: usize) -> Option<&ElementFound> {
        self.list.iter().filter(|e| e.within_text(offset)).min_by_key(|e| e.section.map_or(usize::MAX, Span::len))
    }
}

impl ElementFound {
    fn within_text(&self, offset: usize) -> bool {
        matches!(self.status, ElementStatus::Heading | ElementStatus::Embedded)
            && self.section.is_some_and(|s| s.contains_offset(offset))
    }
}

static YEAR_IN_HEADING: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d—–\-－~～至到])((?:19|20)\d{2})年").expect("year pattern is valid")
});

/// Detects every element of `specs` in `doc`.
#[must_use]
pub fn detect(doc: &Document, specs: &[&ElementSpec]) -> Elements {
    let heading_matches: Vec<Vec<usize>> = specs
        .iter()
        .map(|spec| {
            if spec.within.is_some() {
                return Vec::new();
            }
            (0..doc.headings.len()).filter(|i| spec.names_heading(doc.heading_text(*i))).collect()
        })
        .collect();
    let mut list: Vec<ElementFound> =
        specs.iter().zip(&heading_matches).map(|(spec, matches)| by_heading(doc, spec, matches)).collect();
    for (idx, spec) in specs.iter().enumerate() {
        if !spec.fallback_until.is_empty()
            && list[idx].status != ElementStatus::Heading
            && let Some(found) = unclaimed_parts(doc, spec, specs, &heading_matches)
        {
            list[idx] = found;
        }
    }
    split_shared_parts(doc, specs, &mut list);
    for (idx, spec) in specs.iter().enumerate() {
        if list[idx].status == ElementStatus::Absent
            && spec.within.is_none()
            && let Some(found) = by_mention(doc, spec)
        {
            list[idx] = found;
        }
    }
    for (idx, spec) in specs.iter().enumerate() {
        if let Some(within) = &spec.within {
            let target = list.iter().find(|e| &e.key == within).cloned();
            list[idx] = by_content(doc, spec, target.as_ref());
        }
    }
    Elements { list }
}

fn absent(spec: &ElementSpec) -> ElementFound {
    ElementFound {
        key: spec.key.clone(),
        label: spec.label.clone(),
        order: spec.order,
        status: ElementStatus::Absent,
        heading: None,
        evidence: None,
        section: None,
        year: None,
        required: spec.required,
        absent_note: spec.absent_note.clone(),
        heading_end: None,
    }
}

fn with_heading(doc: &Document, spec: &ElementSpec, heading_idx: usize, status: ElementStatus) -> ElementFound {
    let heading = &doc.headings[heading_idx];
    let year = YEAR_IN_HEADING.captures(doc.text(heading.text)).and_then(|c| c[1].parse().ok());
    ElementFound {
        status,
        heading: Some(heading_idx),
        evidence: Some(heading.span),
        section: Some(heading.section),
        year,
        heading_end: Some(heading.span.end),
        ..absent(spec)
    }
}

fn by_heading(doc: &Document, spec: &ElementSpec, matches: &[usize]) -> ElementFound {
    let best = matches.iter().copied().min_by_key(|i| (doc.headings[*i].depth, *i));
    match best {
        Some(idx) if doc.headings[idx].depth <= spec.max_heading_depth => {
            with_heading(doc, spec, idx, ElementStatus::Heading)
        }
        Some(idx) if spec.deep_heading_min_body.is_some_and(|min| own_body_chars(doc, idx) >= min) => {
            with_heading(doc, spec, idx, ElementStatus::Heading)
        }
        Some(idx) => with_heading(doc, spec, idx, ElementStatus::Embedded),
        None => absent(spec),
    }
}

/// Characters of a heading's own text after its title, up to the next heading of any level.
fn own_body_chars(doc: &Document, heading_idx: usize) -> usize {
    let heading = &doc.headings[heading_idx];
    let end = doc.headings.get(heading_idx + 1).map_or(heading.section.end, |next| next.span.start);
    let end = end.clamp(heading.span.end, heading.section.end.max(heading.span.end));
    doc.text(Span::new(heading.span.end, end))
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .count()
}

/// Reports with no umbrella heading for an element (typically the measures) go straight to
/// thematic parts; the unclaimed top-level parts before the first part of a `fallback_until`
/// element stand for it.
fn unclaimed_parts(
    doc: &Document,
    spec: &ElementSpec,
    specs: &[&ElementSpec],
    heading_matches: &[Vec<usize>],
) -> Option<ElementFound> {
    let claimed = |h: usize| heading_matches.iter().any(|m| m.contains(&h));
    let stops = |h: usize| {
        specs.iter().zip(heading_matches).any(|(s, m)| spec.fallback_until.contains(&s.key) && m.contains(&h))
    };
    let top: Vec<usize> = (0..doc.headings.len()).filter(|i| doc.headings[*i].depth == 1).collect();
    let stop_at = top.iter().position(|h| stops(*h))?;
    let parts: Vec<usize> = top[..stop_at].iter().copied().filter(|h| !claimed(*h)).collect();
    let (first, last) = (*parts.first()?, *parts.last()?);
    let mut found = with_heading(doc, spec, first, ElementStatus::Heading);
    found.section = Some(Span::new(doc.headings[first].section.start, doc.headings[last].section.end));
    found.year = None;
    Some(found)
}

/// 存在问题及下一步打算: both elements name one heading. The element with `start` patterns
/// begins at the first paragraph of the part that matches one; the other keeps what is before.
fn split_shared_parts(doc: &Document, specs: &[&ElementSpec], list: &mut [ElementFound]) {
    for idx in 0..specs.len() {
        let spec = specs[idx];
        let (Some(heading), Some(section)) = (list[idx].heading, list[idx].section) else { continue };
        if spec.start.is_empty() || list[idx].status != ElementStatus::Heading {
            continue;
        }
        let sharers: Vec<usize> = (0..list.len()).filter(|o| *o != idx && list[*o].heading == Some(heading)).collect();
        if sharers.is_empty() {
            continue;
        }
        let heading_paragraph = doc.headings[heading].paragraph;
        let split = doc
            .paragraphs
            .iter()
            .enumerate()
            .skip(heading_paragraph + 1)
            .find(|(_, p)| section.contains(p.span) && spec.start.iter().any(|r| r.is_match(doc.text(p.span))));
        let Some((_, paragraph)) = split else { continue };
        let at = paragraph.span.start;
        list[idx].section = Some(Span::new(at, section.end));
        list[idx].heading_end = Some(at);
        for other in sharers {
            let before = doc.text(Span::new(section.start, at)).trim_end().len();
            list[other].section = Some(Span::new(section.start, section.start + before));
        }
    }
}

fn by_mention(doc: &Document, spec: &ElementSpec) -> Option<ElementFound> {
    let (sentence, m) = doc.sentences.iter().find_map(|sentence| {
        let text = doc.text(*sentence);
        spec.mention.iter().find_map(|r| r.find(text)).map(|m| (*sentence, m))
    })?;
    let evidence = Span::new(sentence.start + m.start(), sentence.start + m.end());
    let paragraph = doc.paragraphs.iter().find(|p| p.span.contains(sentence)).map_or(sentence, |p| p.span);
    Some(ElementFound {
        status: ElementStatus::Embedded,
        evidence: Some(evidence),
        section: Some(paragraph),
        ..absent(spec)
    })
}

fn by_content(doc: &Document, spec: &ElementSpec, target: Option<&ElementFound>) -> ElementFound {
    let Some(target) = target.filter(|t| matches!(t.status, ElementStatus::Heading | ElementStatus::Embedded)) else {
        return absent(spec);
    };
    let Some(body) = target.body() else { return absent(spec) };
    let text = doc.text(body);
    if let Some(m) = spec.content.iter().find_map(|r| r.find(text)) {
        // A pattern may anchor on the end of the previous sentence; the evidence starts after it.
        let lead = text[m.start()..m.end()].len()
            - text[m.start()..m.end()].trim_start_matches(['。', '；', '！', '？', '\n']).len();
        return ElementFound {
            status: ElementStatus::Present,
            evidence: Some(Span::new(body.start + m.start() + lead, body.start + m.end())),
            section: Some(body),
            ..absent(spec)
        };
    }
    // A sub-heading of its own (（二）存在问题的原因) with text under it.
    let target_depth = target.heading.map_or(0, |h| doc.headings[h].depth);
    for (idx, heading) in doc.headings.iter().enumerate() {
        if heading.depth > target_depth
            && body.contains(heading.span)
            && spec.heading.iter().any(|r| r.is_match(doc.heading_text(idx)))
            && doc.section_body(idx).len() > 20
        {
            return ElementFound {
                status: ElementStatus::Present,
                heading: Some(idx),
                evidence: Some(heading.span),
                section: Some(heading.section),
                ..absent(spec)
            };
        }
    }
    match spec.weak_content.iter().find_map(|r| r.find(text)) {
        Some(m) => ElementFound {
            status: ElementStatus::Weak,
            evidence: Some(Span::new(body.start + m.start(), body.start + m.end())),
            section: Some(body),
            ..absent(spec)
        },
        None => absent(spec),
    }
}
