//! Kind `repeated`: a word of two to four Chinese characters written twice in a row (行政行政).
//! The `regex` crate has no back-references, so this is a scan. Reduplication that Chinese
//! uses on purpose (研究研究, 一步一步) is allowed by list and by pattern; single-character
//! doubling (层层, 处处, 的的确确) is never reported.

use crate::rules::pattern::Pattern;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min")]
    min_chars: usize,
    #[serde(default = "default_max")]
    max_chars: usize,
    /// Doubled words that are correct, written doubled (研究研究).
    #[serde(default)]
    allow: Vec<String>,
    /// Patterns on the single unit that make the doubling correct (`^一` for 一步一步).
    #[serde(default)]
    allow_unit: Vec<Spanned<String>>,
}

fn default_min() -> usize {
    2
}

fn default_max() -> usize {
    4
}

/// A compiled `repeated` rule.
#[derive(Debug)]
pub struct RepeatedRule {
    scope: Scope,
    min_chars: usize,
    max_chars: usize,
    allow: Vec<String>,
    allow_unit: Vec<Pattern>,
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

impl RepeatedRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Bad patterns or lengths, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let scope = file.scope_or(Scope::Paragraphs, &mut errors)?;
        if params.min_chars < 2 || params.max_chars < params.min_chars || params.max_chars > 8 {
            errors.push(file.error(None, "min_chars 至少为 2，max_chars 不小于 min_chars、不大于 8", None));
        }
        let allow_unit = file.regexes(&params.allow_unit, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self { scope, min_chars: params.min_chars, max_chars: params.max_chars, allow: params.allow, allow_unit })
    }

    /// Reports each doubled word with the single word as the suggestion.
    ///
    /// Every character of a doubled word is a Han character, three bytes in UTF-8, so a doubled
    /// word of n characters at byte `p` has `bytes[p..p + 6]` (its first two characters) equal to
    /// `bytes[p + 3n..p + 3n + 6]`. Positions with that property are found for the whole report
    /// at once with byte comparisons the compiler vectorises, and only they are looked at: the
    /// positions where a doubling can start are the same as when every character was decoded
    /// and compared, and they are tried in the same (ascending) order with the same rules.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let spans = self.scope.resolve(ctx);
        if spans.is_empty() {
            return;
        }
        let whole = ctx.doc.source.text.as_bytes();
        let candidates = self.candidates(whole);
        for span in spans {
            let text = ctx.doc.text(span);
            let Some(flags) = candidates.get(span.start..span.end) else { continue };
            let mut next_free = 0;
            for p in memchr::memchr_iter(1, flags) {
                if p < next_free || !text.is_char_boundary(p) {
                    continue;
                }
                let found = (self.min_chars..=self.max_chars).rev().find(|&n| self.doubled_at(text, p, n));
                let Some(n) = found else { continue };
                let (mid, end) = (p + 3 * n, p + 6 * n);
                let doubled = &text[p..end];
                let unit = &text[p..mid];
                let hit = Span::new(span.start + p, span.start + end);
                let mut f = filled(rule, hit, &rule.message, &[("text", doubled), ("suggestion", unit)]);
                f.suggestion = Some(unit.to_string());
                out.push(f);
                next_free = end;
            }
        }
    }

    /// One flag per byte of `bytes`: 1 where the six bytes from there recur 3n bytes later for
    /// some n in `min_chars..=max_chars`. Every position where a doubled word starts is flagged
    /// (spans are slices of the same text, so their positions keep their flags); most flagged
    /// positions are not doubled words and `doubled_at` rejects them.
    fn candidates(&self, bytes: &[u8]) -> Vec<u8> {
        let len = bytes.len();
        let mut flags = vec![0u8; len];
        let (mut eq, mut two, mut four) = (Vec::new(), Vec::new(), Vec::new());
        // Each step is an element-wise operation on two slices, which the compiler turns into
        // vector instructions: equal bytes at the shift, then runs of two, four and six.
        let and = |out: &mut Vec<u8>, a: &[u8], b: &[u8]| {
            out.clear();
            out.extend(a.iter().zip(b).map(|(x, y)| x & y));
        };
        for n in self.min_chars..=self.max_chars {
            let shift = 3 * n;
            if len < shift + 6 {
                continue;
            }
            eq.clear();
            eq.extend(bytes.iter().zip(&bytes[shift..]).map(|(a, b)| u8::from(a == b)));
            and(&mut two, &eq, &eq[1..]);
            and(&mut four, &two, &two[2..]);
            for (flag, (x, y)) in flags.iter_mut().zip(four.iter().zip(&two[4..])) {
                *flag |= x & y;
            }
        }
        flags
    }

    /// Whether the `n` characters at byte `p` of `text` are Han characters written twice in a
    /// row, and not an allowed reduplication.
    fn doubled_at(&self, text: &str, p: usize, n: usize) -> bool {
        let (mid, end) = (p + 3 * n, p + 6 * n);
        let bytes = text.as_bytes();
        end <= bytes.len()
            && bytes[p..mid] == bytes[mid..end]
            // Han characters are three bytes each, so n of them fill exactly p..mid.
            && text.get(p..mid).is_some_and(|unit| unit.chars().all(is_han))
            && self.allowed(&text[p..end], &text[p..mid]).is_none()
    }

    /// `Some(())` when `doubled` (the unit twice) is an allowed reduplication.
    fn allowed(&self, doubled: &str, unit: &str) -> Option<()> {
        (self.allow.iter().any(|a| a == doubled) || self.allow_unit.iter().any(|r| r.is_match(unit))).then_some(())
    }
}
