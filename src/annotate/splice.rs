//! Writing markup into `word/document.xml` at cuts: comment marks as insertions, tracked
//! changes as replacements of the text they change, splitting runs where a cut falls inside
//! one. Every byte of the part outside those places is copied as it was.
//!
//! **Invariant:** for comments alone the result is the original text with insertions only;
//! removing them gives back the original bytes.

use std::ops::Range;

use super::anchor::Cut;
use crate::document::readers::docx::map::{SourceMap, Unit};

/// Markup to put at one cut.
#[derive(Debug, Clone)]
pub(super) struct Point {
    pub cut: Cut,
    /// Which goes first where several meet: range ends (with their reference runs) before
    /// range starts.
    pub rank: u8,
    pub markup: String,
}

/// Markup that replaces the XML between two cuts of one run (a tracked change).
#[derive(Debug, Clone)]
pub(super) struct Revision {
    pub from: Cut,
    pub to: Cut,
    pub markup: String,
}

/// The text of `xml` with the points and revisions written in. Revisions that overlap each
/// other or enclose a point are left out; their number is returned.
pub(super) fn write(
    xml: &str,
    map: &SourceMap,
    mut points: Vec<Point>,
    mut revisions: Vec<Revision>,
) -> (String, usize) {
    points.sort_by_key(|p| (p.cut.at(), p.rank));
    revisions.sort_by_key(|r| (r.from.at(), r.to.at()));
    let before = revisions.len();
    let mut kept: Vec<Revision> = Vec::with_capacity(revisions.len());
    for revision in revisions {
        let (from, to) = (revision.from.at(), revision.to.at());
        let overlaps = kept.last().is_some_and(|last| last.to.at() > from);
        let encloses = {
            let first = points.partition_point(|p| p.cut.at() <= from);
            points.get(first).is_some_and(|p| p.cut.at() < to)
        };
        if !overlaps && !encloses {
            kept.push(revision);
        }
    }
    let dropped = before - kept.len();

    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut point_idx = 0;
    for revision in &kept {
        let (from, to) = (revision.from.at(), revision.to.at());
        while point_idx < points.len() && points[point_idx].cut.at() < from {
            let group = take_group(&points, &mut point_idx);
            splices.push(point_splice(xml, map, group));
        }
        let mut markup = close(xml, map, revision.from);
        while point_idx < points.len() && points[point_idx].cut.at() == from {
            markup.push_str(&points[point_idx].markup);
            point_idx += 1;
        }
        markup.push_str(&revision.markup);
        while point_idx < points.len() && points[point_idx].cut.at() == to {
            markup.push_str(&points[point_idx].markup);
            point_idx += 1;
        }
        markup.push_str(&open(xml, map, revision.to));
        splices.push((from..to, markup));
    }
    while point_idx < points.len() {
        let group = take_group(&points, &mut point_idx);
        splices.push(point_splice(xml, map, group));
    }

    // A `w:t` cut inside keeps its first half in the original element: it needs
    // `xml:space="preserve"` when that half ends in a space, unless a revision replaced its tag.
    let mut preserve: Vec<usize> = points
        .iter()
        .map(|p| p.cut)
        .chain(kept.iter().flat_map(|r| [r.from, r.to]))
        .filter_map(|cut| match cut {
            Cut::InText { element, .. } => Some(element.0),
            _ => None,
        })
        .collect();
    preserve.sort_unstable();
    preserve.dedup();
    for start in preserve {
        let tag_end = xml[start..].find('>').map_or(xml.len(), |i| start + i);
        if xml[start..tag_end].contains("xml:space") {
            continue;
        }
        let at = start + 1 + qname(xml, start).len();
        if !kept.iter().any(|r| r.from.at() <= at && at < r.to.at()) {
            splices.push((at..at, " xml:space=\"preserve\"".to_string()));
        }
    }

    splices.sort_by_key(|(range, _)| (range.start, range.end));
    let added: usize = splices.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(xml.len() + added);
    let mut at = 0;
    for (range, text) in splices {
        debug_assert!(range.start >= at, "splices overlap");
        out.push_str(&xml[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&xml[at..]);
    (out, dropped)
}

/// The points at the next position (all of one cut: a position is a boundary, a place
/// between run children or a place in a text, never two of these).
fn take_group<'a>(points: &'a [Point], idx: &mut usize) -> &'a [Point] {
    let start = *idx;
    let at = points[start].cut.at();
    while *idx < points.len() && points[*idx].cut.at() == at {
        *idx += 1;
    }
    &points[start..*idx]
}

fn point_splice(xml: &str, map: &SourceMap, group: &[Point]) -> (Range<usize>, String) {
    let cut = group[0].cut;
    let mut markup = close(xml, map, cut);
    for point in group {
        markup.push_str(&point.markup);
    }
    markup.push_str(&open(xml, map, cut));
    (cut.at()..cut.at(), markup)
}

/// What closes the run (and text) a cut falls in.
fn close(xml: &str, map: &SourceMap, cut: Cut) -> String {
    match cut {
        Cut::Boundary(_) => String::new(),
        Cut::Between { unit, .. } => format!("</{}>", qname(xml, run_of(map, unit).start)),
        Cut::InText { unit, element, .. } => {
            format!("</{}></{}>", qname(xml, element.0), qname(xml, run_of(map, unit).start))
        }
    }
}

/// What reopens the run (and text) after a cut, with the run's properties.
fn open(xml: &str, map: &SourceMap, cut: Cut) -> String {
    match cut {
        Cut::Boundary(_) => String::new(),
        Cut::Between { unit, .. } => format!("<{}>{}", qname(xml, run_of(map, unit).start), properties(xml, map, unit)),
        Cut::InText { unit, element, .. } => format!(
            "<{}>{}<{} xml:space=\"preserve\">",
            qname(xml, run_of(map, unit).start),
            properties(xml, map, unit),
            qname(xml, element.0)
        ),
    }
}

/// The run properties (`w:rPr`) of a splittable run, as written.
pub(super) fn properties<'a>(xml: &'a str, map: &SourceMap, unit: usize) -> &'a str {
    match &map.units[unit] {
        Unit::Run { properties: Some(range), .. } => &xml[range.clone()],
        _ => "",
    }
}

fn run_of(map: &SourceMap, unit: usize) -> Range<usize> {
    match &map.units[unit] {
        Unit::Run { element, .. } => element.clone(),
        _ => unreachable!("only runs are split"),
    }
}

/// The qualified name of the element whose start tag begins at `start`.
pub(super) fn qname(xml: &str, start: usize) -> &str {
    let rest = &xml[start + 1..];
    let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
    &rest[..end]
}
