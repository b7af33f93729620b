//! Kind `suppression`: checks the `fazhi-disable` comments of a report. `check = "missing-reason"`
//! reports a suppression that gives no reason; `check = "unused"` reports one that waives
//! nothing (the engine decides that after every other rule has run).

use serde::Deserialize;

use super::{RuleFile, filled};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::{Rule, RuleError};
use crate::suppress::{Verb, directives};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    check: String,
}

/// What a `suppression` rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionCheck {
    /// A suppression without a reason.
    MissingReason,
    /// A suppression that waives no finding.
    Unused,
}

/// A compiled `suppression` rule.
#[derive(Debug)]
pub struct SuppressionRule {
    /// What it checks.
    pub check: SuppressionCheck,
}

impl SuppressionRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// An unknown `check`.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let check = match params.check.as_str() {
            "missing-reason" => SuppressionCheck::MissingReason,
            "unused" => SuppressionCheck::Unused,
            other => {
                return Err(vec![file.error(
                    None,
                    format!("未知的 check“{other}”"),
                    Some("可用：missing-reason、unused".to_string()),
                )]);
            }
        };
        Ok(Self { check })
    }

    /// Reports suppressions without a reason (unused ones are reported by the engine).
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        if self.check != SuppressionCheck::MissingReason {
            return;
        }
        for directive in directives(&ctx.doc.source) {
            if directive.verb != Verb::Enable && directive.reason.is_none() {
                let text = ctx.doc.text(directive.span);
                out.push(filled(rule, directive.span, &rule.message, &[("text", text)]));
            }
        }
    }
}
