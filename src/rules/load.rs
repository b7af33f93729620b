//! Loading a pack's rules and the rules of extra directories: raw TOML with spans first, then
//! validated rules; every error is collected with its location.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::elements::ElementSpec;
use super::kinds::Kind;
use super::rule_file::{load_builtin_rule, load_rule};
use super::{Level, Rule};
use crate::diagnostic::RuleError;
use crate::finding::Severity;
use crate::pack::{PACK_FILE, Pack, PackSettings, collect_toml};

/// The rules of a run, with the pack's scoring settings.
#[derive(Debug)]
pub struct RuleSet {
    /// Rules sorted by id.
    pub rules: Vec<Rule>,
    /// One set of the span-independent patterns of all `text` checks on large scopes: a
    /// single pass over a report tells which checks can match at all.
    pub prefilter: Option<regex::RegexSet>,
    /// The settings of the pack the rules came from.
    pub pack: PackSettings,
    /// Element rules turned off by `--select`/`--ignore`: never run and never scored, but
    /// their elements are still found, because the rules that look inside an element (a
    /// shortcomings section without causes, a plan without measures) need to know where it is.
    pub detect_only: Vec<Rule>,
}

impl RuleSet {
    /// The rules of `pack` plus the rules in `extra_dirs` (a rule with the id of one of the
    /// pack's replaces it), with the pack's settings. Errors are returned with the rules that
    /// did load: a broken file is reported and left out.
    #[must_use]
    pub fn load(pack: &Pack, extra_dirs: &[PathBuf]) -> (Self, Vec<RuleError>) {
        let (settings, files, mut errors) = pack.read();
        let mut rules: Vec<Rule> = Vec::new();
        let mut included = Vec::new();
        for file in files {
            let load = if file.builtin { load_builtin_rule } else { load_rule };
            match load(&file.shown, &file.text, &file.id, file.origin) {
                Ok(rule) => {
                    if file.included {
                        included.push(rule.id.clone());
                    }
                    rules.push(rule);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        for dir in extra_dirs {
            load_dir(dir, &mut rules, &mut errors);
        }
        // A shared rule gives way only to the rules of this pack that exist.
        let ids: Vec<Arc<str>> = rules.iter().map(|r| Arc::clone(&r.id)).collect();
        for rule in rules.iter_mut().filter(|r| included.contains(&r.id)) {
            rule.supersedes.retain(|(_, other)| ids.iter().any(|id| **id == **other));
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        super::validate::validate(&mut rules, &settings, &mut errors);
        (Self::with_prefilter(rules, settings), errors)
    }

    /// The built-in default pack alone.
    #[must_use]
    pub fn builtin() -> (Self, Vec<RuleError>) {
        Self::load(&Pack::default(), &[])
    }

    /// A rule by id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// Element specs in the 规定's order.
    #[must_use]
    pub fn element_specs(&self) -> Vec<&ElementSpec> {
        let mut specs: Vec<&ElementSpec> = self
            .rules
            .iter()
            .chain(&self.detect_only)
            .filter_map(|r| match &r.kind {
                Kind::Element(e) => Some(&e.spec),
                _ => None,
            })
            .collect();
        specs.sort_by_key(|s| s.order);
        specs
    }

    /// Keeps only the rules for which `keep` is true (used by benchmarks and configuration).
    /// The prefilter is rebuilt from the rules kept.
    #[must_use]
    pub fn filtered(self, keep: impl Fn(&Rule) -> bool) -> Self {
        Self::with_prefilter(self.rules.into_iter().filter(|r| keep(r)).collect(), self.pack)
    }

    /// The rules for one report level with severities changed: rules that do not apply to
    /// `level` are left out, `[level.NAME]` texts replace message and help, and `severity`
    /// gives a rule's new severity (or `None` to keep it). Used for configuration profiles.
    #[must_use]
    pub fn adjusted(
        self,
        level: Option<Level>,
        keep: impl Fn(&Rule) -> bool,
        severity: impl Fn(&Rule) -> Option<Severity>,
    ) -> Self {
        let applies = |r: &Rule| r.levels.is_empty() || level.is_some_and(|l| r.levels.contains(&l));
        let (mut rules, dropped): (Vec<Rule>, Vec<Rule>) =
            self.rules.into_iter().filter(|r| applies(r)).partition(|r| keep(r));
        let detect_only = dropped.into_iter().filter(|r| matches!(r.kind, Kind::Element(_))).collect();
        for rule in &mut rules {
            if let Some(new) = severity(rule) {
                rule.set_severity(new);
            }
            let text = level.and_then(|l| rule.level_text.iter().find(|(at, _)| *at == l)).map(|(_, t)| t.clone());
            if let Some(text) = text {
                if let Some(message) = text.message {
                    rule.message = message;
                }
                if let Some(help) = text.help {
                    rule.help = help;
                }
            }
        }
        Self { detect_only, ..Self::with_prefilter(rules, self.pack) }
    }

    /// Builds the one-pass prefilter of the rules' whole-text patterns.
    fn with_prefilter(mut rules: Vec<Rule>, pack: PackSettings) -> Self {
        let mut patterns = Vec::new();
        for rule in &mut rules {
            rule.kind.clear_prefilter();
            rule.kind.register_prefilter(&mut patterns);
        }
        let prefilter = if patterns.is_empty() { None } else { super::pattern::compile_set(&patterns).ok() };
        if prefilter.is_none() {
            for rule in &mut rules {
                rule.kind.clear_prefilter();
            }
        }
        Self { rules, prefilter, pack, detect_only: Vec::new() }
    }
}

/// Adds the rules of a rule directory (`--rules DIR`, `rules = [...]`). A directory is not a
/// pack: a `pack.toml` in it is refused, never skipped, since its settings would not apply.
fn load_dir(dir: &Path, rules: &mut Vec<Rule>, errors: &mut Vec<RuleError>) {
    let mut files = Vec::new();
    collect_toml(dir, &mut files, errors);
    files.sort();
    for path in files {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(RuleError::at(
                    &display,
                    &Arc::from(""),
                    None,
                    format!("无法读取规则文件：{}", crate::diagnostic::io_error(&e)),
                    None,
                ));
                continue;
            }
        };
        if path.file_name().is_some_and(|n| n == PACK_FILE) {
            let pack_dir = path.parent().unwrap_or(dir).display().to_string();
            errors.push(RuleError::at(
                &display,
                &Arc::from(text.as_str()),
                None,
                format!("{pack_dir} 是一个规则包（有 {PACK_FILE}），不能作为额外的规则目录"),
                Some(format!("用 --pack {pack_dir}（或配置文件中的 pack = \"…\"）选用这个规则包；--rules 只在所选的规则包上添加规则")),
            ));
            continue;
        }
        let relative = path.strip_prefix(dir).unwrap_or(&path).with_extension("");
        let id = relative.to_string_lossy().replace('\\', "/");
        match load_rule(&display, &text, &id, path.clone()) {
            Ok(rule) => {
                rules.retain(|r| r.id != rule.id);
                rules.push(rule);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::load_rule;
    use crate::pack::Pack;

    /// The built-in packs' patterns are only syntax-checked at load and compiled when a
    /// report first needs one; this compiles every one of them in full, so a pattern that
    /// parses but cannot be compiled (too large a program) fails here rather than in a run.
    #[test]
    fn every_builtin_pattern_compiles_in_full() {
        for pack in Pack::builtin() {
            let (_, files, errors) = Pack::Builtin(pack.name).read();
            assert!(errors.is_empty(), "{}: {errors:?}", pack.name);
            assert!(!files.is_empty(), "{} has rules", pack.name);
            for file in files {
                assert!(file.builtin);
                if let Err(errors) = load_rule(&file.shown, &file.text, &file.id, file.origin) {
                    panic!("{}: {errors:?}", file.shown);
                }
            }
        }
    }
}
