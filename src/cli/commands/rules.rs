//! `fazhi rules`: the list of rules.

use crate::cli::Outcome;
use crate::cli::args::{ListFormat, RulesArgs};
use crate::cli::session::load_rules;
use crate::render;

/// Runs `fazhi rules`.
pub(crate) fn run(args: &RulesArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&args.rule_dirs, &mut outcome.stderr);
    outcome.stdout = match args.format {
        ListFormat::Json => render::rules::list_json(&rules),
        ListFormat::Human => render::rules::list(&rules),
    };
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}
