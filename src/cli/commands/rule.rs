//! `fazhi rule <id>`: one rule's page.

use crate::cli::Outcome;
use crate::cli::args::{RuleArgs, locate_pack};
use crate::cli::session::load_rules;
use crate::diagnostic::unknown_rule_help;
use crate::render;

/// Runs `fazhi rule`.
pub(crate) fn run(args: &RuleArgs) -> Outcome {
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack.unwrap_or_default(),
        Err(message) => return Outcome::usage(&message),
    };
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&pack, &args.rule_dirs, &mut outcome.stderr);
    let id = args.id.as_str();
    let Some(rule) = rules.get(id) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| &*r.id).collect();
        outcome.stderr.push_str(&format!("没有规则“{id}”。{}\n", unknown_rule_help(id, &ids)));
        outcome.code = 2;
        return outcome;
    };
    outcome.stdout = render::rules::page(rule);
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}
