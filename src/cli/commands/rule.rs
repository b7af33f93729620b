//! `fazhi rule <id>`: one rule's page.

use crate::cli::Outcome;
use crate::cli::args::{RuleArgs, locate_pack};
use crate::cli::session::load_rules;
use crate::diagnostic::unknown_rule_help;
use crate::render;
use crate::rules::Rule;

/// Runs `fazhi rule`.
pub(crate) fn run(args: &RuleArgs) -> Outcome {
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack.unwrap_or_default(),
        Err(message) => return Outcome::usage(&message),
    };
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&pack, &args.rule_dirs, &mut outcome.stderr);
    let id = args.id.as_str();
    let rule = match find(&rules.rules, id) {
        Ok(rule) => rule,
        Err(candidates) if candidates.is_empty() => {
            let ids: Vec<&str> = rules.rules.iter().map(|r| &*r.id).collect();
            outcome.stderr.push_str(&format!("没有规则“{id}”。{}\n", unknown_rule_help(id, &ids)));
            outcome.code = 2;
            return outcome;
        }
        Err(candidates) => {
            let list: Vec<String> = candidates.iter().map(|r| format!("{}（{}）", r.id, r.name)).collect();
            outcome.stderr.push_str(&format!(
                "“{id}”可以指{}条规则：{}。请写出完整的规则 id\n",
                list.len(),
                list.join("、")
            ));
            outcome.code = 2;
            return outcome;
        }
    };
    outcome.stdout = render::rules::page(rule);
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}

/// The rule `query` names: its id, its Chinese name as `fazhi rules` and the outputs show it,
/// or the last part of its id when only one rule has it. Otherwise the rules it could mean
/// (none when it names nothing).
fn find<'a>(rules: &'a [Rule], query: &str) -> Result<&'a Rule, Vec<&'a Rule>> {
    let query = query.trim();
    if let Some(rule) = rules.iter().find(|r| &*r.id == query) {
        return Ok(rule);
    }
    let by_name: Vec<&Rule> = rules.iter().filter(|r| r.name == query).collect();
    let candidates = if by_name.is_empty() {
        rules.iter().filter(|r| r.id.rsplit_once('/').is_some_and(|(_, last)| last == query)).collect()
    } else {
        by_name
    };
    match candidates.as_slice() {
        [one] => Ok(one),
        _ => Err(candidates),
    }
}
