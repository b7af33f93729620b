//! Kind `sequence`: ordinals must run 一, 二, 三 … within their parent — no gaps, no duplicates,
//! no steps back. Numbering that simply continues from the previous parent (1.–20. across
//! （一）…（五）) is a house style some offices use, so it is reported at a lower severity.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::document::{Document, Scheme};
use crate::finding::{Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    heading_severity: Option<Spanned<String>>,
    #[serde(default)]
    enumeration_severity: Option<Spanned<String>>,
    #[serde(default)]
    continued_severity: Option<Spanned<String>>,
    duplicate_message: String,
    gap_message: String,
    backward_message: String,
    start_message: String,
    continued_message: String,
}

/// A compiled `sequence` rule.
#[derive(Debug)]
pub struct SequenceRule {
    heading_severity: Option<Severity>,
    enumeration_severity: Option<Severity>,
    continued_severity: Option<Severity>,
    messages: Messages,
}

#[derive(Debug)]
struct Messages {
    duplicate: String,
    gap: String,
    backward: String,
    start: String,
    continued: String,
}

/// Heading ordinals grouped by (parent, scheme), in document order.
type Groups = Vec<((Option<usize>, Scheme), Vec<Item>)>;

/// One numbered item in document order.
struct Item {
    scheme: Scheme,
    value: u32,
    span: Span,
}

impl SequenceRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Bad severities, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let mut severity = |s: &Option<Spanned<String>>| s.as_ref().and_then(|s| file.severity(s, &mut errors));
        let rule = Self {
            heading_severity: severity(&params.heading_severity),
            enumeration_severity: severity(&params.enumeration_severity),
            continued_severity: severity(&params.continued_severity),
            messages: Messages {
                duplicate: params.duplicate_message,
                gap: params.gap_message,
                backward: params.backward_message,
                start: params.start_message,
                continued: params.continued_message,
            },
        };
        if errors.is_empty() { Ok(rule) } else { Err(errors) }
    }

    /// Checks heading ordinals within each parent, and enumerations within each section.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        // Groups in the order they first appear, found by key in a map: a report of 100,000
        // sections must not search every earlier group for each heading.
        let mut groups: Groups = Vec::new();
        let mut group_of: HashMap<(Option<usize>, Scheme), usize> = HashMap::new();
        for heading in &doc.headings {
            let (Some((scheme, value)), Some(marker)) = (heading.ordinal, heading.marker) else { continue };
            let key = (heading.parent, scheme);
            let item = Item { scheme, value, span: marker };
            let index = *group_of.entry(key).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            });
            groups[index].1.push(item);
        }
        // The last value of each scheme at each depth, to tell continued numbering from a gap.
        let mut last_at_depth: HashMap<(u8, Scheme), u32> = HashMap::new();
        let mut continuations: HashMap<(u8, Scheme), (Span, u32)> = HashMap::new();
        for ((parent, scheme), items) in &groups {
            let depth = parent.map_or(1, |p| doc.headings[p].depth + 1);
            let previous = last_at_depth.get(&(depth, *scheme)).copied();
            let first = &items[0];
            let continues = parent.is_some() && first.value > 1 && previous == Some(first.value - 1);
            if continues {
                let entry = continuations.entry((depth, *scheme)).or_insert((first.span, 0));
                entry.1 += 1;
            }
            let severity = self.heading_severity;
            self.check_run(rule, doc, items, !continues, severity, out);
            if let Some(last) = items.last() {
                last_at_depth.insert((depth, *scheme), last.value);
            }
        }
        let mut continued: Vec<_> = continuations.into_values().collect();
        continued.sort_by_key(|(span, _)| *span);
        for (span, count) in continued {
            let text = doc.text(span);
            let mut f = filled(rule, span, &self.messages.continued, &[("text", text), ("count", &count.to_string())]);
            f.severity = self.continued_severity.unwrap_or(Severity::Info);
            out.push(f);
        }
        // Enumerations: one run per section (the paragraphs under the innermost heading).
        let mut by_section: Vec<(Option<usize>, Vec<Item>)> = Vec::new();
        let mut run_of: HashMap<Option<usize>, usize> = HashMap::new();
        for e in &doc.enumerations {
            let section = doc.paragraphs[e.paragraph].section;
            let item = Item { scheme: Scheme::Enumeration, value: e.value, span: e.marker };
            let index = *run_of.entry(section).or_insert_with(|| {
                by_section.push((section, Vec::new()));
                by_section.len() - 1
            });
            by_section[index].1.push(item);
        }
        for (_, items) in &by_section {
            self.check_run(rule, doc, items, true, self.enumeration_severity, out);
        }
    }

    fn check_run(
        &self,
        rule: &Rule,
        doc: &Document,
        items: &[Item],
        check_start: bool,
        severity: Option<Severity>,
        out: &mut Vec<Finding>,
    ) {
        let mut push = |span: Span, template: &str, expected: Option<u32>, scheme: Scheme| {
            let text = doc.text(span);
            let expected = expected.map(|v| scheme.canonical(v)).unwrap_or_default();
            let mut f = filled(rule, span, template, &[("text", text), ("expected", &expected)]);
            if let Some(severity) = severity {
                f.severity = severity;
            }
            out.push(f);
        };
        let first = &items[0];
        if check_start && first.value != 1 {
            push(first.span, &self.messages.start, Some(1), first.scheme);
        }
        // After a duplicate the next item may carry either number: 一 一 三 and 一 二 二 三 each
        // have one mistake, reported once.
        let mut previous = first.value;
        let mut after_duplicate = false;
        for current in &items[1..] {
            let value = current.value;
            if value == previous + 1 || (after_duplicate && value == previous + 2) {
                previous = value;
            } else if value == previous {
                push(current.span, &self.messages.duplicate, Some(previous + 1), current.scheme);
                after_duplicate = true;
                continue;
            } else if value == 1 {
                // A new list starts under the same parent (e.g. after an unnumbered sub-heading).
                previous = 1;
            } else if value < previous {
                push(current.span, &self.messages.backward, Some(previous + 1), current.scheme);
                previous = value;
            } else {
                push(current.span, &self.messages.gap, Some(previous + 1), current.scheme);
                previous = value;
            }
            after_duplicate = false;
        }
    }
}
