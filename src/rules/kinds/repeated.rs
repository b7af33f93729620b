//! Kind `repeated`: a word of two to four Chinese characters written twice in a row (行政行政).
//! The `regex` crate has no back-references, so this is a scan. Reduplication that Chinese
//! uses on purpose (研究研究, 一步一步) is allowed by list and by pattern; single-character
//! doubling (层层, 处处, 的的确确) is never reported.

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, finding};
use crate::finding::Finding;
use crate::rules::context::{Ctx, fill};
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
    allow_unit: Vec<Regex>,
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
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Buffers reused across spans.
        let mut codes: Vec<u32> = Vec::new();
        let mut offsets: Vec<usize> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let mut pairs: Vec<u64> = Vec::new();
        for span in self.scope.resolve(ctx) {
            let text = ctx.doc.text(span);
            codes.clear();
            codes.extend(text.chars().map(u32::from));
            let len = codes.len();
            // Candidates: positions whose character recurs n places on, for some n. Comparing
            // the array with itself shifted is a tight loop the compiler vectorises; real
            // candidates are a few per cent of positions.
            candidates.clear();
            // A doubled word has at least two characters, so its first two recur together:
            // compare packed pairs of code points, n places apart.
            pairs.clear();
            pairs.extend(codes.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])));
            for n in self.min_chars..=self.max_chars {
                if pairs.len() > n {
                    let shifted = pairs.iter().zip(&pairs[n..]).enumerate();
                    candidates.extend(shifted.filter(|(_, (a, b))| a == b).map(|(i, _)| i));
                }
            }
            if candidates.is_empty() {
                continue;
            }
            candidates.sort_unstable();
            candidates.dedup();
            // Byte offsets are only needed where there are candidates.
            offsets.clear();
            offsets.extend(text.char_indices().map(|(at, _)| at));
            let mut next_free = 0;
            for &i in &candidates {
                if i < next_free {
                    continue;
                }
                let found = (self.min_chars..=self.max_chars).rev().find(|&n| {
                    i + 2 * n <= len
                        && codes[i..i + n] == codes[i + n..i + 2 * n]
                        && codes[i..i + n].iter().all(|c| char::from_u32(*c).is_some_and(is_han))
                        && self.allowed(text, &offsets, i, n, len).is_none()
                });
                let Some(n) = found else { continue };
                let start = offsets[i];
                let end = if i + 2 * n < len { offsets[i + 2 * n] } else { text.len() };
                let doubled = &text[start..end];
                let unit = &text[start..offsets[i + n]];
                let hit = Span::new(span.start + start, span.start + end);
                let mut f = finding(rule, hit, fill(&rule.message, &[("text", doubled), ("suggestion", unit)]));
                f.suggestion = Some(unit.to_string());
                out.push(f);
                next_free = i + 2 * n;
            }
        }
    }

    /// `Some(())` when the doubling at `i` of length `n` is an allowed reduplication.
    fn allowed(&self, text: &str, offsets: &[usize], i: usize, n: usize, len: usize) -> Option<()> {
        let start = offsets[i];
        let end = if i + 2 * n < len { offsets[i + 2 * n] } else { text.len() };
        let doubled = &text[start..end];
        let unit = &text[start..offsets[i + n]];
        (self.allow.iter().any(|a| a == doubled) || self.allow_unit.iter().any(|r| r.is_match(unit))).then_some(())
    }
}
