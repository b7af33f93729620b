//! Kind `consistency`: one report writes one thing one way. Among several variants (％ and %),
//! the less used ones are reported, one finding per paragraph, with the usual form suggested.

use crate::rules::pattern::Pattern;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::{Edit, Finding};
use crate::rules::context::Ctx;
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    variants: Vec<RawVariant>,
    /// Whether replacing a minority form by the majority form is safe for `fazhi fix`.
    #[serde(default)]
    fix: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    pattern: Spanned<String>,
    /// The text written for this variant when it is the one to use.
    replacement: String,
}

/// A compiled `consistency` rule.
#[derive(Debug)]
pub struct ConsistencyRule {
    scope: Scope,
    variants: Vec<(Pattern, String)>,
    fix: bool,
}

impl ConsistencyRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Bad patterns or fewer than two variants, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let scope = file.scope_or(Scope::Paragraphs, &mut errors)?;
        if params.variants.len() < 2 {
            errors.push(file.error(None, "variants 至少要有两种写法", None));
        }
        let variants = params
            .variants
            .iter()
            .filter_map(|v| file.regex(&v.pattern, &mut errors).map(|r| (r, v.replacement.clone())))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self { scope, variants, fix: params.fix })
    }

    /// Counts each variant over the whole scope, then reports the minority ones.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let spans = self.scope.resolve(ctx);
        let hits: Vec<Vec<Span>> = self
            .variants
            .iter()
            .map(|(regex, _)| {
                spans
                    .iter()
                    .flat_map(|span| {
                        regex
                            .find_iter(ctx.doc.text(*span))
                            .map(|m| Span::new(span.start + m.start(), span.start + m.end()))
                    })
                    .collect()
            })
            .collect();
        if hits.iter().filter(|h| !h.is_empty()).count() < 2 {
            return;
        }
        // The most used variant is the report's own choice; ties go to the first listed.
        let majority = (0..hits.len()).max_by_key(|i| (hits[*i].len(), std::cmp::Reverse(*i))).unwrap_or(0);
        let usual = &self.variants[majority].1;
        let usual_count = hits[majority].len().to_string();
        for (idx, variant_hits) in hits.iter().enumerate() {
            if idx == majority {
                continue;
            }
            let mut by_paragraph: Vec<Finding> = Vec::new();
            for hit in variant_hits {
                let paragraph = ctx.doc.paragraphs.iter().position(|p| p.span.contains(*hit));
                let edit = self.fix.then(|| Edit { span: *hit, replacement: usual.clone() });
                let same_paragraph = by_paragraph.last().is_some_and(|f: &Finding| {
                    ctx.doc.paragraphs.iter().position(|p| p.span.contains(f.span)) == paragraph
                });
                if same_paragraph {
                    if let Some(f) = by_paragraph.last_mut() {
                        f.edits.extend(edit);
                    }
                    continue;
                }
                let text = ctx.doc.text(*hit);
                let values = [("text", text), ("suggestion", usual.as_str()), ("count", usual_count.as_str())];
                let mut f = filled(rule, *hit, &rule.message, &values);
                f.suggestion = Some(usual.clone());
                f.edits.extend(edit);
                by_paragraph.push(f);
            }
            out.extend(by_paragraph);
        }
    }
}
