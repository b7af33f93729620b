//! `fazhi rule <id>`: one rule's page.

use crate::cli::Outcome;
use crate::cli::args::RuleArgs;
use crate::cli::session::load_rules;
use crate::render;

/// Runs `fazhi rule`.
pub(crate) fn run(args: &RuleArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&args.rule_dirs, &mut outcome.stderr);
    let id = args.id.as_str();
    let Some(rule) = rules.get(id) else {
        let near: Vec<&str> = rules
            .rules
            .iter()
            .map(|r| &*r.id)
            .filter(|r| r.contains(id) || id.contains(r.split('/').nth(1).unwrap_or("\0")))
            .collect();
        outcome.stderr.push_str(&format!("没有规则“{id}”。"));
        if !near.is_empty() {
            outcome.stderr.push_str(&format!("是不是：{}？", near.join("、")));
        }
        outcome.stderr.push_str("用 fazhi rules 查看全部规则。\n");
        outcome.code = 2;
        return outcome;
    };
    outcome.stdout = render::rules::page(rule);
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}
