//! Kind `element`: a required element of the report. Absent costs the rule's whole weight;
//! embedded (only mentioned inside another part) and weak (a content-judged element with only
//! words that hint at it) cost the share not given as partial credit.

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::{Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::elements::{ElementSpec, ElementStatus};
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    element: Spanned<String>,
    label: String,
    order: Spanned<u32>,
    #[serde(default)]
    heading: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    mention: Vec<Spanned<String>>,
    #[serde(default)]
    start: Vec<Spanned<String>>,
    #[serde(default = "default_depth")]
    max_heading_depth: u8,
    #[serde(default)]
    deep_heading_min_body: Option<usize>,
    #[serde(default)]
    within: Option<Spanned<String>>,
    #[serde(default)]
    content: Vec<Spanned<String>>,
    #[serde(default)]
    weak_content: Vec<Spanned<String>>,
    #[serde(default)]
    weak_severity: Option<Spanned<String>>,
    #[serde(default)]
    weak_message: Option<String>,
    #[serde(default)]
    fallback_until: Vec<Spanned<String>>,
    #[serde(default = "default_partial_credit")]
    partial_credit: f64,
    #[serde(default)]
    embedded_severity: Option<Spanned<String>>,
    #[serde(default)]
    embedded_message: Option<String>,
    #[serde(default)]
    absent_note: Option<String>,
}

fn default_depth() -> u8 {
    2
}

fn default_partial_credit() -> f64 {
    0.5
}

/// A compiled `element` rule.
#[derive(Debug)]
pub struct ElementRule {
    /// What to look for.
    pub spec: ElementSpec,
    /// Where the element's key is written (two rules may not share a key).
    pub key_span: std::ops::Range<usize>,
    /// Where its order is written (two elements may not share a place).
    pub order_span: std::ops::Range<usize>,
    partial_credit: f64,
    embedded_severity: Option<Severity>,
    weak_severity: Option<Severity>,
    weak_message: Option<String>,
    embedded_message: String,
}

impl ElementRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Bad patterns, severities or values, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        if !(0.0..=1.0).contains(&params.partial_credit) {
            errors.push(file.error(None, "partial_credit 应在0到1之间", None));
        }
        if params.within.is_some() && params.content.is_empty() {
            errors.push(file.error(None, "设置了 within 的要素需要 content 模式", None));
        }
        if !params.weak_content.is_empty() && params.weak_message.is_none() {
            // A weak element is partly there: its finding must say so, not repeat the absence.
            errors.push(file.error(None, "设置了 weak_content 的要素需要 weak_message", None));
        }
        for key in params.within.iter().chain(&params.fallback_until) {
            file.element_ref(key);
        }
        let (key_span, order_span) = (params.element.span(), params.order.span());
        let spec = ElementSpec {
            key: params.element.into_inner(),
            label: params.label,
            order: params.order.into_inner(),
            heading: file.regexes(&params.heading, &mut errors),
            exclude: file.regexes(&params.exclude, &mut errors),
            mention: file.regexes(&params.mention, &mut errors),
            start: file.regexes(&params.start, &mut errors),
            max_heading_depth: params.max_heading_depth,
            deep_heading_min_body: params.deep_heading_min_body,
            within: params.within.map(Spanned::into_inner),
            content: file.regexes(&params.content, &mut errors),
            weak_content: file.regexes(&params.weak_content, &mut errors),
            fallback_until: params.fallback_until.into_iter().map(Spanned::into_inner).collect(),
            required: true,
            absent_note: params.absent_note,
        };
        let embedded_severity = params.embedded_severity.and_then(|s| file.severity(&s, &mut errors));
        let weak_severity = params.weak_severity.and_then(|s| file.severity(&s, &mut errors));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            spec,
            key_span,
            order_span,
            partial_credit: params.partial_credit,
            embedded_severity,
            weak_severity,
            weak_message: params.weak_message,
            embedded_message: params
                .embedded_message
                .unwrap_or_else(|| "“{label}”没有独立的标题，只在其他部分中提及".to_string()),
        })
    }

    /// Reports the element when it is absent or only embedded.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(found) = ctx.elements.get(&self.spec.key) else { return };
        let label = self.spec.label.as_str();
        match found.status {
            ElementStatus::Heading | ElementStatus::Present => {}
            ElementStatus::Embedded => {
                let span = found.evidence.unwrap_or_default();
                let mut f = filled(rule, span, &self.embedded_message, &[("label", label)]);
                f.severity = self.embedded_severity.unwrap_or(rule.severity);
                f.penalty = Some(1.0 - self.partial_credit);
                out.push(f);
            }
            ElementStatus::Weak => {
                // Some causal words but no analysis: say so, less sure than a plain absence.
                let span = found.evidence.unwrap_or_default();
                let text = ctx.doc.text(span);
                let message = self.weak_message.as_deref().unwrap_or(&rule.message);
                let mut f = filled(rule, span, message, &[("label", label), ("text", text)]);
                f.severity = self.weak_severity.unwrap_or(Severity::Warning);
                f.penalty = Some(1.0 - self.partial_credit);
                out.push(f);
            }
            ElementStatus::Absent => {
                let span = self.absent_anchor(ctx);
                let mut f = filled(rule, span, &rule.message, &[("label", label)]);
                f.penalty = Some(1.0);
                out.push(f);
            }
        }
    }

    /// Where to point when the element is absent: the part it should be read in (for
    /// content-judged elements), else the start of the part that should follow it.
    fn absent_anchor(&self, ctx: &Ctx<'_>) -> Span {
        if let Some(within) = &self.spec.within
            && let Some(target) = ctx.elements.get(within)
            && let Some(evidence) = target.evidence
        {
            return evidence;
        }
        let next = ctx
            .elements
            .list
            .iter()
            .filter(|e| e.order > self.spec.order && e.status == ElementStatus::Heading)
            .filter_map(|e| e.evidence)
            .min();
        if let Some(span) = next {
            Span::new(span.start, span.start)
        } else {
            let end = ctx.doc.body.end;
            Span::new(end, end)
        }
    }
}
