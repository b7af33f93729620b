//! Kind `order`: pairs of required elements that should appear in a given order.

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::elements::ElementStatus;
use crate::rules::{Rule, RuleError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Each pair `[a, b]` says element `a` comes before element `b`.
    before: Vec<[Spanned<String>; 2]>,
}

/// A compiled `order` rule.
#[derive(Debug)]
pub struct OrderRule {
    before: Vec<[String; 2]>,
}

impl OrderRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// A malformed `before` list.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        for key in params.before.iter().flatten() {
            file.element_ref(key);
        }
        Ok(Self { before: params.before.into_iter().map(|pair| pair.map(Spanned::into_inner)).collect() })
    }

    /// Reports every pair found in the wrong order (only elements with headings are compared).
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let start = |key: &str| {
            ctx.elements
                .get(key)
                .filter(|e| e.status == ElementStatus::Heading)
                .and_then(|e| e.evidence.map(|s| (s, e.label.clone())))
        };
        for [first, second] in &self.before {
            let (Some((a, a_label)), Some((b, b_label))) = (start(first), start(second)) else { continue };
            if a.start > b.start {
                let values = [("first", a_label.as_str()), ("second", b_label.as_str())];
                out.push(filled(rule, b, &rule.message, &values));
            }
        }
    }
}
