//! Safe fixes as tracked changes: the edits `fazhi fix` makes in a text file, found round
//! after round as it does (a fix can uncover another), composed into one set of changes on
//! the text as read, then written as `w:del`/`w:ins` pairs where a change lies inside the
//! text of one run.

use std::path::Path;
use std::sync::Arc;

use super::anchor::{self, Side};
use super::splice::{self, Revision};
use crate::document::readers::docx::map::{Site, SourceMap, Unit};
use crate::document::{TextMarkup, parse};
use crate::engine::{Checked, check_document_with};
use crate::fix::{Applied, apply, safe_edits};
use crate::render::xml::escape_text;
use crate::rules::RuleSet;
use crate::source::{Origin, SourceFile, Span};
use crate::suppress::Suppression;

/// Rounds of check-and-fix, as `fazhi fix` does for text files.
const MAX_ROUNDS: usize = 4;

/// A replacement of a span of the text as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The span in the text as read.
    pub span: Span,
    /// What replaces it.
    pub text: String,
    /// The rules whose fixes it makes.
    pub rules: Vec<Arc<str>>,
}

/// The safe changes of a checked report, in text order, as one set on its text.
pub(super) fn safe_changes(
    first: &Checked,
    path: &Path,
    rules: &RuleSet,
    year: Option<i32>,
    suppressions: &[Suppression],
) -> Vec<Change> {
    let original = &first.document.source;
    let mut changes: Vec<Change> = Vec::new();
    let mut text = original.text.clone();
    let mut origin = original.origin.clone();
    let mut edits = line_edits(&text, safe_edits(first));
    for round in 0..MAX_ROUNDS {
        if edits.is_empty() {
            break;
        }
        changes = compose(&changes, &text, &edits);
        origin = shifted(&origin, &edits);
        text = apply(&text, &edits);
        if round + 1 == MAX_ROUNDS {
            break;
        }
        let Ok(source) = SourceFile::extracted(path, text.clone(), original.encoding, origin.clone()) else { break };
        let checked =
            check_document_with(parse(source, TextMarkup::Text, &rules.pack.document), rules, year, suppressions);
        edits = line_edits(&text, safe_edits(&checked));
    }
    changes.iter().flat_map(|c| minimal(&original.text, c)).collect()
}

/// A change cut down to what differs, character by character (the longest common
/// subsequence of old and new text): 2023共 → 2023年共 inserts 年, <纲要> → 〈纲要〉 is two
/// one-character replacements, " 12345 " → "12345" two deletions. Smaller changes are more
/// likely to lie inside one run, and read better in Word's 审阅 pane.
fn minimal(original: &str, change: &Change) -> Vec<Change> {
    let old: Vec<(usize, char)> = original[change.span.range()].char_indices().collect();
    let new: Vec<(usize, char)> = change.text.char_indices().collect();
    let old_byte = |i: usize| change.span.start + old.get(i).map_or(change.span.len(), |c| c.0);
    let new_byte = |i: usize| new.get(i).map_or(change.text.len(), |c| c.0);
    let piece = |(o1, o2): (usize, usize), (n1, n2): (usize, usize)| Change {
        span: Span::new(old_byte(o1), old_byte(o2)),
        text: change.text[new_byte(n1)..new_byte(n2)].to_string(),
        rules: change.rules.clone(),
    };
    let (n, m) = (old.len(), new.len());
    if n * m > 40_000 {
        // Too long to compare character by character (never for a safe fix): keep whole.
        return vec![change.clone()];
    }
    // lcs[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i].1 == new[j].1 { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut out, mut i, mut j) = (Vec::new(), 0, 0);
    let mut pending: Option<((usize, usize), (usize, usize))> = None;
    while i < n || j < m {
        if i < n && j < m && old[i].1 == new[j].1 {
            if let Some((o, w)) = pending.take() {
                out.push(piece(o, w));
            }
            i += 1;
            j += 1;
            continue;
        }
        let ((o1, _), (n1, _)) = pending.unwrap_or(((i, i), (j, j)));
        if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            j += 1;
        } else {
            i += 1;
        }
        pending = Some(((o1, i), (n1, j)));
    }
    if let Some((o, w)) = pending {
        out.push(piece(o, w));
    }
    out
}

/// Edits that stay inside one line: a change across a paragraph break cannot be a run's text.
fn line_edits(text: &str, edits: Vec<Applied>) -> Vec<Applied> {
    edits
        .into_iter()
        .filter(|a| !text[a.edit.span.range()].contains('\n') && !a.edit.replacement.contains('\n'))
        .collect()
}

/// Places and levels moved to where they are after the edits (they sit at line starts, which
/// no edit crosses).
fn shifted(origin: &Origin, edits: &[Applied]) -> Origin {
    let shift = |offset: usize| -> usize {
        let moved: isize = edits
            .iter()
            .take_while(|a| a.edit.span.end <= offset)
            .map(|a| a.edit.replacement.len().cast_signed() - a.edit.span.len().cast_signed())
            .sum();
        offset.checked_add_signed(moved).expect("edits keep offsets valid")
    };
    let mut out = origin.clone();
    for (offset, _) in &mut out.places {
        *offset = shift(*offset);
    }
    for (offset, _) in &mut out.levels {
        *offset = shift(*offset);
    }
    let move_span =
        |span: &mut crate::source::Span| *span = crate::source::Span::new(shift(span.start), shift(span.end));
    for table in &mut out.tables {
        move_span(&mut table.span);
        for row in &mut table.rows {
            move_span(&mut row.span);
            for cell in &mut row.cells {
                move_span(&mut cell.span);
            }
        }
    }
    out
}

/// `changes` turn the original text into `current`; `edits` change `current`. The result
/// turns the original into `current` with `edits` applied. Changes and edits that touch are
/// merged into one change.
pub(super) fn compose(changes: &[Change], current: &str, edits: &[Applied]) -> Vec<Change> {
    /// An interval of `current`: an earlier change (its index) or a new edit.
    struct Item<'e> {
        start: usize,
        end: usize,
        old: Option<usize>,
        edit: Option<&'e Applied>,
    }
    let mut items: Vec<Item<'_>> = Vec::with_capacity(changes.len() + edits.len());
    let mut delta: isize = 0;
    let mut shifts = Vec::with_capacity(changes.len());
    for (idx, change) in changes.iter().enumerate() {
        let start = change.span.start.checked_add_signed(delta).expect("changes keep offsets valid");
        items.push(Item { start, end: start + change.text.len(), old: Some(idx), edit: None });
        let shift = change.text.len().cast_signed() - change.span.len().cast_signed();
        shifts.push((start + change.text.len(), shift));
        delta += shift;
    }
    items.extend(edits.iter().map(|a| Item {
        start: a.edit.span.start,
        end: a.edit.span.end,
        old: None,
        edit: Some(a),
    }));
    // Earlier changes first where both start at one place.
    items.sort_by_key(|item| (item.start, item.end, item.edit.is_some()));
    // An offset of `current` outside every earlier change, in the original text.
    let to_original = |at: usize| -> usize {
        let shift: isize = shifts.iter().filter(|(end, _)| *end <= at).map(|(_, s)| s).sum();
        at.checked_add_signed(-shift).expect("offsets stay valid")
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (start, mut end, mut j) = (items[i].start, items[i].end, i + 1);
        while j < items.len() && items[j].start <= end {
            end = end.max(items[j].end);
            j += 1;
        }
        let cluster = &items[i..j];
        if let [Item { old: Some(idx), .. }] = cluster {
            out.push(changes[*idx].clone());
        } else {
            let mut rules: Vec<Arc<str>> = Vec::new();
            for item in cluster {
                let more = match (item.old, item.edit) {
                    (Some(idx), _) => changes[idx].rules.clone(),
                    (None, Some(edit)) => vec![Arc::clone(&edit.rule)],
                    (None, None) => Vec::new(),
                };
                for rule in more {
                    if !rules.contains(&rule) {
                        rules.push(rule);
                    }
                }
            }
            let from = cluster[0].old.map_or_else(|| to_original(start), |idx| changes[idx].span.start);
            let last_old = cluster.iter().rev().find_map(|c| c.old.filter(|_| c.end == end));
            let to = last_old.map_or_else(|| to_original(end), |idx| changes[idx].span.end);
            let mut text = String::new();
            let mut at = start;
            for edit in cluster.iter().filter_map(|c| c.edit) {
                text.push_str(&current[at..edit.edit.span.start]);
                text.push_str(&edit.edit.replacement);
                at = edit.edit.span.end;
            }
            text.push_str(&current[at..end]);
            out.push(Change { span: Span::new(from, to), text, rules });
        }
        i = j;
    }
    out
}

/// A change as a tracked deletion and insertion in the run that holds its text, or `None`
/// when it is not inside the text of one splittable run. `ids` gives the two revision ids.
pub(super) fn revision(
    map: &SourceMap,
    xml: &str,
    change: &Change,
    author: &Author<'_>,
    ids: (i64, i64),
) -> Option<Revision> {
    let span = change.span;
    let index = if span.is_empty() {
        map.piece_after(span.start).filter(|&i| map.pieces[i].text.start <= span.start)?
    } else {
        map.piece_after(span.start)?
    };
    let piece = &map.pieces[index];
    if piece.text.start > span.start || piece.text.end < span.end || !map.paragraphs[piece.paragraph].same_prefix {
        return None;
    }
    let Unit::Run { .. } = map.units[piece.unit] else { return None };
    let Site::Text { raw, linear, .. } = &piece.site else { return None };
    let (old_start, old_end) = if *linear {
        (raw.start + (span.start - piece.text.start), raw.start + (span.end - piece.text.start))
    } else if span.start == piece.text.start && span.end == piece.text.end {
        (raw.start, raw.end)
    } else {
        return None;
    };
    let (from, _) = anchor::cut(map, index, span.start, Side::Start)?;
    let (to, _) = if span.is_empty() { (from, None) } else { anchor::cut(map, index, span.end, Side::End)? };
    let properties = splice::properties(xml, map, piece.unit);
    let w = author.prefix;
    let mut markup = String::new();
    if old_end > old_start {
        markup.push_str(&format!(
            "<{w}:del {w}:id=\"{}\"{}><{w}:r>{properties}<{w}:delText xml:space=\"preserve\">{}</{w}:delText></{w}:r></{w}:del>",
            ids.0,
            author.attributes,
            &xml[old_start..old_end]
        ));
    }
    if !change.text.is_empty() {
        markup.push_str(&format!(
            "<{w}:ins {w}:id=\"{}\"{}><{w}:r>{properties}<{w}:t xml:space=\"preserve\">{}</{w}:t></{w}:r></{w}:ins>",
            ids.1,
            author.attributes,
            escape_text(&change.text)
        ));
    }
    Some(Revision { from, to, markup })
}

/// Who writes comments and revisions: the `WordprocessingML` prefix to write them with, and
/// the `w:author` and `w:date` attributes, escaped.
#[derive(Debug, Clone)]
pub(super) struct Author<'a> {
    pub prefix: &'a str,
    pub attributes: String,
}
