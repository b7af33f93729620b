//! Kind `metric`: a measured quantity of a part of the report against a threshold — its length
//! relative to another part, how many quantified facts it has per thousand characters, how many
//! times cue phrases occur, or what share of its sentences say something concrete.
//!
//! A metric only judges text long enough to judge (`min_chars`); below that it stays silent.
//! Message placeholders: `{value}`, `{threshold}`, `{count}` (matches, or characters for a
//! ratio), `{total}` (sentences for a share, characters otherwise), `{chars}`, and `{only_count}`
//! (`只有3` or `没有一`, so that `{total}句中{only_count}句` reads right when none do).

use crate::rules::pattern::Pattern;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::elements::ElementStatus;
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// `ratio`, `density`, `count` or `share`.
    measure: Spanned<String>,
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    /// For `ratio`: the scope whose length the measured scope is compared with.
    #[serde(default)]
    compare: Option<Spanned<String>>,
    #[serde(default = "default_per")]
    per_chars: f64,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    /// Judge only when the measured scope (for `ratio`: the compared scope) has this many
    /// characters.
    #[serde(default)]
    min_chars: usize,
    /// For an element scope: measure only when the element is a part of its own, not a
    /// passing mention (which its element rule already reports).
    #[serde(default)]
    own_part_only: bool,
}

fn default_per() -> f64 {
    1000.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Ratio,
    Density,
    Count,
    Share,
}

/// A compiled `metric` rule.
#[derive(Debug)]
pub struct MetricRule {
    scope: Scope,
    measure: Measure,
    pattern: Option<Pattern>,
    compare: Option<Scope>,
    per_chars: f64,
    min: Option<f64>,
    max: Option<f64>,
    min_chars: usize,
    own_part_only: bool,
}

/// Characters of the spans, not counting ASCII white space. The four white-space characters
/// are one byte each, so this is the character count less the number of those bytes; both
/// counts run word- or vector-wide (`chars().count()` and memchr), several times faster than
/// testing every byte, and white space is rare in Chinese text.
fn chars_in(ctx: &Ctx<'_>, spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|s| {
            let text = ctx.doc.text(*s);
            let bytes = text.as_bytes();
            let blank =
                memchr::memchr3_iter(b' ', b'\t', b'\n', bytes).count() + memchr::memchr_iter(b'\r', bytes).count();
            text.chars().count() - blank
        })
        .sum()
}

impl MetricRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Unknown measures, missing patterns or thresholds, bad scopes.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let scope = if let Some(s) = file.header_scope()? {
            file.scope(&s, &mut errors)
        } else {
            errors.push(file.error(None, "metric 规则需要 scope（要测量的部分）", None));
            None
        };
        let measure = match params.measure.get_ref().as_str() {
            "ratio" => Some(Measure::Ratio),
            "density" => Some(Measure::Density),
            "count" => Some(Measure::Count),
            "share" => Some(Measure::Share),
            other => {
                errors.push(file.error(
                    Some(params.measure.span()),
                    format!("未知的 measure“{other}”"),
                    Some("可用：ratio、density、count、share".into()),
                ));
                None
            }
        };
        let pattern = params.pattern.as_ref().and_then(|p| file.regex(p, &mut errors));
        if measure.is_some_and(|m| m != Measure::Ratio) && params.pattern.is_none() {
            errors.push(file.error(Some(params.measure.span()), "这种 measure 需要 pattern", None));
        }
        let compare = params.compare.as_ref().and_then(|c| file.scope(c, &mut errors));
        if measure == Some(Measure::Ratio) && compare.is_none() && params.compare.is_none() {
            errors.push(file.error(Some(params.measure.span()), "ratio 需要 compare（比较的部分）", None));
        }
        if params.min.is_none() && params.max.is_none() {
            errors.push(file.error(None, "需要 min 或 max 阈值", None));
        }
        match (scope, measure) {
            (Some(scope), Some(measure)) if errors.is_empty() => Ok(Self {
                scope,
                measure,
                pattern,
                compare,
                per_chars: params.per_chars,
                min: params.min,
                max: params.max,
                min_chars: params.min_chars,
                own_part_only: params.own_part_only,
            }),
            _ => Err(errors),
        }
    }

    /// The measured value, or `None` when the text is too short to judge.
    fn value(&self, ctx: &Ctx<'_>, spans: &[Span]) -> Option<(f64, usize, usize)> {
        let chars = chars_in(ctx, spans);
        let matches = || -> usize {
            self.pattern.as_ref().map_or(0, |r| spans.iter().map(|s| r.find_iter(ctx.doc.text(*s)).count()).sum())
        };
        match self.measure {
            Measure::Ratio => {
                let other = self.compare.as_ref().map_or(0, |c| chars_in(ctx, &c.resolve(ctx)));
                (other >= self.min_chars && other > 0).then(|| (chars as f64 / other as f64, chars, other))
            }
            Measure::Density => (chars >= self.min_chars && chars > 0).then(|| {
                let n = matches();
                (n as f64 * self.per_chars / chars as f64, n, chars)
            }),
            Measure::Count => (chars >= self.min_chars).then(|| {
                let n = matches();
                (n as f64, n, chars)
            }),
            Measure::Share => {
                let sentences: Vec<Span> =
                    ctx.doc.sentences.iter().copied().filter(|s| spans.iter().any(|p| p.contains(*s))).collect();
                let regex = self.pattern.as_ref()?;
                let concrete = sentences.iter().filter(|s| regex.is_match(ctx.doc.text(**s))).count();
                (chars >= self.min_chars && !sentences.is_empty())
                    .then(|| (concrete as f64 / sentences.len() as f64, concrete, sentences.len()))
            }
        }
    }

    /// Measures the scope and reports when the value is outside the thresholds.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        if self.own_part_only
            && let Some(key) = crate::rules::scope::element_key(&self.scope)
            && ctx
                .elements
                .get(key)
                .is_none_or(|e| !matches!(e.status, ElementStatus::Heading | ElementStatus::Present))
        {
            return;
        }
        let spans = self.scope.resolve(ctx);
        if spans.is_empty() {
            return;
        }
        let Some((value, count, total)) = self.value(ctx, &spans) else { return };
        let below = self.min.is_some_and(|min| value < min);
        let above = self.max.is_some_and(|max| value > max);
        if !(below || above) {
            return;
        }
        let threshold = if below { self.min } else { self.max }.unwrap_or_default();
        let shown = |v: f64| match self.measure {
            Measure::Ratio | Measure::Share => format!("{:.0}%", v * 100.0),
            Measure::Density => format!("{v:.1}"),
            Measure::Count => format!("{v:.0}"),
        };
        let anchor = match &self.scope {
            Scope::Element(name) | Scope::ElementBody(name) => {
                ctx.elements.get(name).and_then(|e| e.evidence).unwrap_or(spans[0])
            }
            _ => spans[0],
        };
        let values = [
            ("value", shown(value)),
            ("threshold", shown(threshold)),
            ("count", count.to_string()),
            ("only_count", if count == 0 { "没有一".to_string() } else { format!("只有{count}") }),
            ("total", total.to_string()),
            ("chars", chars_in(ctx, &spans).to_string()),
        ];
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        out.push(filled(rule, anchor, &rule.message, &pairs));
    }
}
