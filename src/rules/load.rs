//! Loading a pack's rules and the rules of extra directories: raw TOML with spans first, then
//! validated rules; every error is collected with its location.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::elements::ElementSpec;
use super::kinds::{Kind, RuleFile};
use super::{Example, LEVEL_NAMES, Level, LevelText, Rule};
use crate::diagnostic::RuleError;
use crate::diagnostic::unknown_key_help;
use crate::finding::Severity;
use crate::pack::{PACK_FILE, Pack, PackSettings, collect_toml};

const HEADER_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "severity",
    "weight",
    "scope",
    "message",
    "help",
    "description",
    "levels",
    "level",
    "params",
    "examples",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    id: Option<Spanned<String>>,
    name: String,
    kind: Spanned<String>,
    severity: Spanned<String>,
    #[serde(default)]
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    #[allow(dead_code, reason = "read by the kinds that have a scope")]
    scope: Option<Spanned<String>>,
    message: String,
    help: String,
    description: String,
    #[serde(default)]
    #[allow(dead_code, reason = "read by the kind, declared here so the key is known")]
    params: Option<toml::Value>,
    #[serde(default)]
    levels: Vec<Spanned<String>>,
    #[serde(default)]
    level: std::collections::BTreeMap<Spanned<String>, RawLevelText>,
    #[serde(default)]
    examples: Option<RawExamples>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevelText {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    help: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default)]
    good: Vec<Spanned<String>>,
    #[serde(default)]
    bad: Vec<Spanned<String>>,
    #[serde(default)]
    report_year: Option<i32>,
}

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
}

impl RuleSet {
    /// The rules of `pack` plus the rules in `extra_dirs` (a rule with the id of one of the
    /// pack's replaces it), with the pack's settings. Errors are returned with the rules that
    /// did load: a broken file is reported and left out.
    #[must_use]
    pub fn load(pack: &Pack, extra_dirs: &[PathBuf]) -> (Self, Vec<RuleError>) {
        let (settings, files, mut errors) = pack.read();
        let mut rules: Vec<Rule> = Vec::new();
        for file in files {
            match load_rule(&file.shown, &file.text, &file.id, file.origin) {
                Ok(rule) => rules.push(rule),
                Err(mut e) => errors.append(&mut e),
            }
        }
        for dir in extra_dirs {
            load_dir(dir, &mut rules, &mut errors);
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
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
        let mut rules: Vec<Rule> = self
            .rules
            .into_iter()
            .filter(|r| keep(r) && (r.levels.is_empty() || level.is_some_and(|l| r.levels.contains(&l))))
            .collect();
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
        Self::with_prefilter(rules, self.pack)
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
        Self { rules, prefilter, pack }
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
                errors.push(RuleError::at(&display, &Arc::from(""), None, format!("无法读取规则文件：{e}"), None));
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

fn valid_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// Loads one rule file. `path_id` is the id its path gives.
///
/// # Errors
/// Every problem found, located in the file.
pub fn load_rule(name: &str, text: &str, path_id: &str, origin: PathBuf) -> Result<Rule, Vec<RuleError>> {
    let file = RuleFile { name: name.to_string(), text: Arc::from(text) };
    let raw: RawRule = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let help = unknown_key_help(&message, HEADER_KEYS);
        vec![file.error(e.span(), message, help)]
    })?;
    let mut errors = Vec::new();
    let id = raw.id.as_ref().map_or(path_id, |s| s.get_ref().as_str()).to_string();
    if !valid_id(&id) {
        let span = raw.id.as_ref().map(Spanned::span);
        errors.push(file.error(span, format!("规则 id“{id}”应为“类别/名称”，只用小写字母、数字和连字符"), None));
    }
    let severity = file.severity(&raw.severity, &mut errors);
    let mut level_of = |name: &Spanned<String>| {
        let level = Level::parse(name.get_ref());
        if level.is_none() {
            errors.push(file.error(
                Some(name.span()),
                format!("未知的报告层级“{}”", name.get_ref()),
                Some(format!("可用：{}", LEVEL_NAMES.join("、"))),
            ));
        }
        level
    };
    let levels: Vec<Level> = raw.levels.iter().filter_map(&mut level_of).collect();
    let level_text: Vec<(Level, LevelText)> = raw
        .level
        .into_iter()
        .filter_map(|(name, text)| {
            level_of(&name).map(|level| (level, LevelText { message: text.message, help: text.help }))
        })
        .collect();
    let weight = raw.weight.as_ref().map_or(0.0, |w| *w.get_ref());
    if !(0.0..=100.0).contains(&weight) {
        let span = raw.weight.as_ref().map(Spanned::span);
        errors.push(file.error(span, "weight 应在 0 到 100 之间", None));
    }
    let kind = match Kind::compile(raw.kind.get_ref(), &file) {
        Ok(kind) => Some(kind),
        Err(mut e) => {
            if raw.kind.get_ref().is_empty() || !super::kinds::KIND_NAMES.contains(&raw.kind.get_ref().as_str()) {
                for err in &mut e {
                    if err.span.is_none() {
                        *err = file.error(Some(raw.kind.span()), err.message.clone(), err.help.clone());
                    }
                }
            }
            errors.append(&mut e);
            None
        }
    };
    let (Some(severity), Some(kind)) = (severity, kind) else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    let examples = raw.examples.unwrap_or(RawExamples { good: vec![], bad: vec![], report_year: None });
    let to_examples = |list: Vec<Spanned<String>>| {
        list.into_iter().map(|s| Example { span: s.span(), text: s.into_inner() }).collect()
    };
    let category = id.split('/').next().unwrap_or_default().to_string();
    let mut rule = Rule {
        id: Arc::from(id.as_str()),
        name: raw.name,
        category,
        severity,
        weight,
        message: raw.message,
        help: raw.help,
        description: raw.description,
        bad: to_examples(examples.bad),
        good: to_examples(examples.good),
        example_year: examples.report_year,
        kind,
        origin,
        source_text: Arc::clone(&file.text),
        levels,
        level_text,
    };
    rule.set_severity(severity);
    Ok(rule)
}
