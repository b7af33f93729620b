//! One rule file: raw TOML with spans first (a flat header with `deny_unknown_fields`), then
//! the kind's `[params]`, then the checks that need the kind: a `scope` only where the kind
//! reads one, and only placeholders the kind fills. Every error is located in the file.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::kinds::{Kind, RuleFile};
use super::{Example, LEVEL_NAMES, Level, LevelText, Rule};
use crate::diagnostic::{RuleError, edit_distance, toml_error};

const HEADER_KEYS: &[&str] = &[
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
    "supersedes",
    "params",
    "examples",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    kind: Spanned<String>,
    severity: Spanned<String>,
    #[serde(default)]
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
    message: String,
    help: String,
    description: String,
    #[serde(default)]
    params: Option<toml::Table>,
    #[serde(default)]
    levels: Vec<Spanned<String>>,
    #[serde(default)]
    level: std::collections::BTreeMap<Spanned<String>, RawLevelText>,
    #[serde(default)]
    examples: Option<RawExamples>,
    #[serde(default)]
    supersedes: Vec<Spanned<String>>,
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
    load(&RuleFile::new(name, text), text, path_id, origin)
}

/// Loads a rule of a built-in pack: its patterns' syntax is checked now, and each is compiled
/// when a report first needs it (see [`super::pattern::Pattern`]).
///
/// # Errors
/// Every problem found, as for [`load_rule`] (a pattern too large to compile is found by the
/// test that compiles every built-in pattern, not here).
pub fn load_builtin_rule(name: &str, text: &str, path_id: &str, origin: PathBuf) -> Result<Rule, Vec<RuleError>> {
    load(&RuleFile::new(name, text).deferred(), text, path_id, origin)
}

fn load(file: &RuleFile, text: &str, path_id: &str, origin: PathBuf) -> Result<Rule, Vec<RuleError>> {
    let raw: RawRule = toml::from_str(text).map_err(|e| {
        let (message, mut help) = toml_error(e.message(), HEADER_KEYS);
        if e.message().starts_with("unknown field `id`") {
            help =
                Some("删去 id：规则 id 由文件所在的类别目录和文件名决定（word/typo.toml 就是 word/typo）".to_string());
        }
        vec![file.error(e.span(), message, help)]
    })?;
    let mut errors = Vec::new();
    let id = path_id.to_string();
    if !valid_id(&id) {
        errors.push(file.error(
            None,
            format!("规则 id“{id}”应为“类别/名称”，只用小写字母、数字和连字符"),
            Some("规则 id 由文件所在的类别目录和文件名组成：<类别>/<名称>.toml".into()),
        ));
    }
    let severity = file.severity(&raw.severity, &mut errors);
    let kind_name = raw.kind.get_ref().as_str();
    if super::kinds::KIND_NAMES.contains(&kind_name) {
        if let Some(scope) = &raw.scope
            && !Kind::reads_scope(kind_name)
        {
            errors.push(file.error(
                Some(scope.span()),
                format!("{kind_name} 规则不读取 scope，这里的设置不起作用"),
                Some("删去 scope；要限定范围，用 text、consistency、pairs、repeated 或 metric 类型".into()),
            ));
        }
        check_templates(file, &raw, kind_name, &mut errors);
    }
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
        errors.push(file.error(span, "weight 应在0到100之间", None));
    }
    let kind = match Kind::compile(raw.kind.get_ref(), file) {
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
        weight_span: raw.weight.as_ref().map(Spanned::span),
        element_refs: file.take_refs(),
        supersedes: raw.supersedes.into_iter().map(|s| (s.span(), s.into_inner())).collect(),
    };
    rule.set_severity(severity);
    Ok(rule)
}

/// Keys of `[params]` whose text becomes a finding's message or help, filled by the kind.
fn is_template_key(key: &str) -> bool {
    key == "message" || key == "help" || key.ends_with("_message")
}

/// Keys whose text is shown as written, never filled.
const AS_WRITTEN_KEYS: &[&str] = &["missing", "absent_note"];

/// Every `{name}` in `text` (lower-case ASCII letters and `_`: `\p{Han}` and `{2,40}` in
/// patterns are not placeholders).
pub(crate) fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('{').filter_map(|(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find('}')?;
        let name = &rest[..end];
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')).then_some(name)
    })
}

/// Checks the placeholders of every text the rule shows: in a message or help only those the
/// kind fills in that template (`Kind::fills`), in `name`, `description`, `missing` and
/// `absent_note` none, since those are shown as written. A text check that requires a pattern
/// or a part (`require`, `missing`) has no matched text to fill: its message and help, and the
/// rule's when it has none of its own, may use no placeholder. Each unfilled one is located at
/// its first place in the file.
fn check_templates(file: &RuleFile, raw: &RawRule, kind: &str, errors: &mut Vec<RuleError>) {
    let unmatched = raw.params.as_ref().map_or((false, false), |p| unmatched_checks(kind, p));
    let rule_level = |key: &'static str, without_match: bool| -> &'static [&'static str] {
        if without_match { &[] } else { Kind::fills(kind, key) }
    };
    let mut texts: Vec<(&str, &str, &[&str])> = vec![
        ("message", raw.message.as_str(), rule_level("message", unmatched.0)),
        ("help", raw.help.as_str(), rule_level("help", unmatched.1)),
        ("name", raw.name.as_str(), &[]),
        ("description", raw.description.as_str(), &[]),
    ];
    for level in raw.level.values() {
        texts.extend(level.message.as_deref().map(|t| ("message", t, rule_level("message", unmatched.0))));
        texts.extend(level.help.as_deref().map(|t| ("help", t, rule_level("help", unmatched.1))));
    }
    if let Some(params) = &raw.params {
        collect_texts(kind, params, false, &mut texts);
    }
    let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
    for (key, text, allowed) in texts {
        let fillable = is_template_key(key);
        for name in placeholders(text) {
            if allowed.contains(&name) {
                continue;
            }
            let written = format!("{{{name}}}");
            // Where this text is written (as it is unless it has escapes), else the first place.
            let at = file
                .text
                .find(text)
                .and_then(|start| text.find(&written).map(|within| start + within))
                .or_else(|| file.text.find(&written))
                .map(|start| start..start + written.len());
            if at.as_ref().is_some_and(|at| reported.contains(at)) {
                continue;
            }
            reported.extend(at.clone());
            let (message, help) = if fillable {
                let near =
                    allowed.iter().min_by_key(|a| edit_distance(name, a)).filter(|a| edit_distance(name, a) <= 2);
                let list: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                let help = match near {
                    Some(near) => format!("是不是想写“{{{near}}}”？这里可用：{}", list.join("、")),
                    None if list.is_empty() => "这里的文字没有可替换的占位符，请写出具体的文字".to_string(),
                    None => format!("这里可用：{}", list.join("、")),
                };
                (format!("{key} 中的占位符“{written}”不会被替换"), help)
            } else {
                (
                    format!("{key} 原样显示，其中的“{written}”不会被替换"),
                    "占位符只能用在 message 和 help 中；这里请写出具体的文字".to_string(),
                )
            };
            errors.push(file.error(at, message, Some(help)));
        }
    }
}

/// For a text rule: whether some check that matches no text (`require`, `missing`) shows the
/// rule's own message and help, having none of its own (message, help).
fn unmatched_checks(kind: &str, params: &toml::Table) -> (bool, bool) {
    if kind != "text" {
        return (false, false);
    }
    let checks = params.get("checks").and_then(toml::Value::as_array).into_iter().flatten();
    let unmatched: Vec<&toml::Table> = checks
        .filter_map(toml::Value::as_table)
        .filter(|c| !c.contains_key("forbid") && (c.contains_key("require") || c.contains_key("missing")))
        .collect();
    // A `missing`-only check writes its own message (`missing`, shown as written).
    let message = unmatched.iter().any(|c| c.contains_key("require") && !c.contains_key("message"));
    let help = unmatched.iter().any(|c| !c.contains_key("help"));
    (message, help)
}

/// The texts of `[params]` (at any depth, in tables and arrays of tables) that are shown, with
/// the placeholders each may use. The message and help of a text check that matches no text
/// (`require`, `missing`) may use none.
fn collect_texts<'a>(
    kind: &str,
    table: &'a toml::Table,
    unmatched: bool,
    out: &mut Vec<(&'a str, &'a str, &'static [&'static str])>,
) {
    let unmatched = unmatched
        || (kind == "text"
            && !table.contains_key("forbid")
            && (table.contains_key("require") || table.contains_key("missing")));
    for (key, value) in table {
        match value {
            toml::Value::String(text) if is_template_key(key) => {
                out.push((key, text, if unmatched { &[] } else { Kind::fills(kind, key) }));
            }
            toml::Value::String(text) if AS_WRITTEN_KEYS.contains(&key.as_str()) => out.push((key, text, &[])),
            toml::Value::Table(inner) => collect_texts(kind, inner, false, out),
            toml::Value::Array(items) => {
                for item in items {
                    if let toml::Value::Table(inner) = item {
                        collect_texts(kind, inner, false, out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_lower_case_names_in_braces() {
        let found: Vec<&str> = placeholders("“{text}”改为“{suggestion}”，\\p{Han}{2,40}{}").collect();
        assert_eq!(found, ["text", "suggestion"]);
    }
}
