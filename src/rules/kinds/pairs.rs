//! Kind `pairs`: paired punctuation (“” ‘’ （） 《》 〈〉 【】) balanced and properly nested within
//! each span, and marks that must not nest inside themselves (a title inside 《》 takes 〈〉).

use serde::Deserialize;

use super::{RuleFile, filled};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Opening and closing mark of each pair.
    pairs: Vec<[char; 2]>,
    /// Opening marks that may not open again before they close, with the mark to use inside.
    #[serde(default)]
    no_self_nesting: Vec<[char; 2]>,
    unclosed_message: String,
    unopened_message: String,
    crossed_message: String,
    #[serde(default)]
    self_nested_message: Option<String>,
}

/// A compiled `pairs` rule.
#[derive(Debug)]
pub struct PairsRule {
    scope: Scope,
    pairs: Vec<[char; 2]>,
    /// Every opening and closing mark as a bit set over the Basic Multilingual Plane: one test
    /// per character instead of a search through the pairs.
    marks: Box<[u64; 1024]>,
    /// The first UTF-8 bytes of the marks; with three or fewer, a byte search finds candidates.
    lead_bytes: Vec<u8>,
    no_self_nesting: Vec<[char; 2]>,
    unclosed: String,
    unopened: String,
    crossed: String,
    self_nested: Option<String>,
}

impl PairsRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// A bad scope or an incomplete message set, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let scope = file.scope_or(Scope::Paragraphs, &mut errors)?;
        if !params.no_self_nesting.is_empty() && params.self_nested_message.is_none() {
            errors.push(file.error(None, "设置了 no_self_nesting 时需要 self_nested_message", None));
        }
        let mut marks = Box::new([0u64; 1024]);
        for c in params.pairs.iter().flatten() {
            let code = u32::from(*c) as usize;
            if code < 65536 {
                marks[code / 64] |= 1 << (code % 64);
            } else {
                errors.push(file.error(None, format!("成对标点“{c}”不在基本多文种平面内，无法检查"), None));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut lead_bytes: Vec<u8> = params.pairs.iter().flatten().map(|c| c.to_string().as_bytes()[0]).collect();
        lead_bytes.sort_unstable();
        lead_bytes.dedup();
        Ok(Self {
            scope,
            marks,
            lead_bytes,
            pairs: params.pairs,
            no_self_nesting: params.no_self_nesting,
            unclosed: params.unclosed_message,
            unopened: params.unopened_message,
            crossed: params.crossed_message,
            self_nested: params.self_nested_message,
        })
    }

    /// Scans each span with a stack of open marks.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Heading markers such as 五） with a lost bracket are format/heading-numbering's
        // business. They are in text order; each span takes its own by binary search, so many
        // spans over many headings cost no product of the two.
        let markers: Vec<Span> = ctx.doc.headings.iter().filter_map(|h| h.marker).collect();
        for span in self.scope.resolve(ctx) {
            let first = markers.partition_point(|m| m.start < span.start);
            let last = first + markers[first..].partition_point(|m| m.start < span.end);
            let inside: Vec<Span> = markers[first..last].iter().copied().filter(|m| span.contains(*m)).collect();
            self.scan(rule, ctx, span, &inside, out);
        }
    }

    fn scan(&self, rule: &Rule, ctx: &Ctx<'_>, span: Span, markers: &[Span], out: &mut Vec<Finding>) {
        let text = ctx.doc.text(span);
        let mut stack: Vec<(usize, char)> = Vec::new();
        let mut report = |at: usize, c: char, template: &str, other: char| {
            let hit = Span::new(span.start + at, span.start + at + c.len_utf8());
            let (mark, other) = (c.to_string(), other.to_string());
            out.push(filled(rule, hit, template, &[("text", &mark), ("expected", &other), ("open", &other)]));
        };
        // The default marks are led by 0xE2 (“”‘’), 0xE3 (《》〈〉【】) and 0xEF (（）) while
        // Chinese characters are led by 0xE4–0xE9, so jumping between the marks' lead bytes
        // skips nearly all the text. More than three lead bytes: look at every character.
        let bytes = text.as_bytes();
        let positions: Box<dyn Iterator<Item = usize>> = match self.lead_bytes.as_slice() {
            [a] => Box::new(memchr::memchr_iter(*a, bytes)),
            [a, b] => Box::new(memchr::memchr2_iter(*a, *b, bytes)),
            [a, b, c] => Box::new(memchr::memchr3_iter(*a, *b, *c, bytes)),
            _ => Box::new(text.char_indices().map(|(at, _)| at)),
        };
        // How many of each opening mark the stack holds (by pair), so that neither "is one
        // open?" nor a closing mark with no opening scans the stack: the scan stays linear on
        // a text of thousands of unclosed marks.
        let mut open_counts = vec![0usize; self.pairs.len()];
        let pair_of = |open: char| self.pairs.iter().position(|p| p[0] == open);
        // Markers are in text order and positions only grow: one pass over both.
        let mut next_marker = 0;
        for at in positions {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { continue };
            let code = u32::from(c) as usize;
            if code >= 65536 || self.marks[code / 64] & (1 << (code % 64)) == 0 {
                continue;
            }
            while markers.get(next_marker).is_some_and(|m| m.end <= span.start + at) {
                next_marker += 1;
            }
            if markers.get(next_marker).is_some_and(|m| m.contains_offset(span.start + at)) {
                continue;
            }
            if let Some(idx) = pair_of(c) {
                if let Some(inner) = self.no_self_nesting.iter().find(|n| n[0] == c)
                    && open_counts[idx] > 0
                {
                    report(at, c, self.self_nested.as_deref().unwrap_or_default(), inner[1]);
                }
                stack.push((at, c));
                open_counts[idx] += 1;
            } else if let Some(pair_idx) = self.pairs.iter().position(|p| p[1] == c) {
                let open = self.pairs[pair_idx][0];
                let found = if open_counts[pair_idx] > 0 { stack.iter().rposition(|(_, o)| *o == open) } else { None };
                match found {
                    Some(idx) if idx + 1 == stack.len() => {
                        stack.pop();
                        open_counts[pair_idx] -= 1;
                    }
                    Some(idx) => {
                        // Closed across another open mark: 《…（…》…）.
                        let (_, inner) = stack[idx + 1];
                        report(at, c, &self.crossed, inner);
                        for (_, dropped) in stack.drain(idx..) {
                            if let Some(i) = pair_of(dropped) {
                                open_counts[i] -= 1;
                            }
                        }
                    }
                    None => report(at, c, &self.unopened, open),
                }
            }
        }
        for (at, open) in stack {
            let close = self.pairs.iter().find(|p| p[0] == open).map_or(open, |p| p[1]);
            report(at, open, &self.unclosed, close);
        }
    }
}
