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
        let scope = match file.header_scope()? {
            Some(s) => file.scope(&s, &mut errors).unwrap_or(Scope::Paragraphs),
            None => Scope::Paragraphs,
        };
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
        for span in self.scope.resolve(ctx) {
            let text = ctx.doc.text(span);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                let mut advanced = false;
                for n in (self.min_chars..=self.max_chars).rev() {
                    if i + 2 * n > chars.len() {
                        continue;
                    }
                    let first = &chars[i..i + n];
                    let second = &chars[i + n..i + 2 * n];
                    if !first.iter().all(|(_, c)| is_han(*c))
                        || first.iter().map(|(_, c)| c).ne(second.iter().map(|(_, c)| c))
                    {
                        continue;
                    }
                    let start = chars[i].0;
                    let end = chars.get(i + 2 * n).map_or(text.len(), |(b, _)| *b);
                    let unit_end = chars[i + n].0;
                    let doubled = &text[start..end];
                    let unit = &text[start..unit_end];
                    if self.allow.iter().any(|a| a == doubled) || self.allow_unit.iter().any(|r| r.is_match(unit)) {
                        continue;
                    }
                    let hit = Span::new(span.start + start, span.start + end);
                    let mut f = finding(rule, hit, fill(&rule.message, &[("text", doubled), ("suggestion", unit)]));
                    f.suggestion = Some(unit.to_string());
                    out.push(f);
                    i += 2 * n;
                    advanced = true;
                    break;
                }
                if !advanced {
                    i += 1;
                }
            }
        }
    }
}
