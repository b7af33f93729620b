//! `fazhi rules`: the list of rules; `fazhi rules test [DIR|PACK]`: runs their examples.

use std::path::{Path, PathBuf};

use crate::cli::Outcome;
use crate::cli::args::{ListFormat, RulesAction, RulesArgs, RulesTestArgs, locate_pack};
use crate::cli::session::load_rules;
use crate::pack::Pack;
use crate::render;

/// Runs `fazhi rules`.
pub(crate) fn run(args: &RulesArgs) -> Outcome {
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack.unwrap_or_default(),
        Err(message) => return Outcome::usage(&message),
    };
    if let Some(RulesAction::Test(test_args)) = &args.action {
        return test(test_args, &pack);
    }
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&pack, &args.rule_dirs, &mut outcome.stderr);
    outcome.stdout = match args.format {
        ListFormat::Json => render::rules::list_json(&rules),
        ListFormat::Human => render::rules::list(&rules),
    };
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}

/// `fazhi rules test`: a pack (built-in name or directory with `pack.toml`) has every rule
/// tested; a plain rule directory is loaded over the pack (`--pack`, default `default`) and
/// only its own rules are tested. Exit 1 when an example fails, 2 when a rule file is broken.
fn test(args: &RulesTestArgs, parent_pack: &Pack) -> Outcome {
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack.unwrap_or_else(|| parent_pack.clone()),
        Err(message) => return Outcome::usage(&message),
    };
    let (pack, dir): (Pack, Option<PathBuf>) = match args.target.as_deref() {
        None => (pack, None),
        Some(target) => match Pack::locate(target, Path::new("")) {
            Ok(named) => (named, None),
            Err(_) if Path::new(target).is_dir() => (pack, Some(PathBuf::from(target))),
            Err(message) => return Outcome::usage(&format!("{message}；也不是规则目录")),
        },
    };
    let mut outcome = Outcome::default();
    let dirs: Vec<PathBuf> = dir.iter().cloned().collect();
    let (rules, rule_errors) = load_rules(&pack, &dirs, &mut outcome.stderr);
    let summary = crate::examples::run(&rules, |rule| dir.as_ref().is_none_or(|d| rule.origin.starts_with(d)));
    for failure in &summary.failures {
        outcome.stdout.push_str(&render::diagnostic::render(failure));
        outcome.stdout.push('\n');
    }
    let scope = match &dir {
        Some(dir) => format!("{}（规则包 {}）", dir.display(), pack.label()),
        None => format!("规则包 {}", pack.label()),
    };
    outcome.stdout.push_str(&format!(
        "{scope}：{}条规则，{}个示例，{}\n",
        summary.rules,
        summary.examples,
        if summary.failures.is_empty() {
            "全部符合".to_string()
        } else {
            format!("{}处不符合", summary.failures.len())
        }
    ));
    outcome.code = if rule_errors { 2 } else { i32::from(!summary.failures.is_empty()) };
    outcome
}
