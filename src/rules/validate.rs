//! Checks of the rule set as a whole, after every file has loaded on its own: a rule that
//! costs points must draw on a score group of the pack, every element a rule names must be an
//! element of the set, no two element rules may share a key or a place in the order, and a rule
//! supersedes only other rules of the set. A rule
//! that fails is reported at the place in its file and left out, like a broken file.

use super::Rule;
use super::kinds::Kind;
use crate::diagnostic::{RuleError, edit_distance, unknown_rule_help};
use crate::pack::PackSettings;

/// Checks `rules` against each other and the pack, removing the rules that fail.
pub(super) fn validate(rules: &mut Vec<Rule>, pack: &PackSettings, errors: &mut Vec<RuleError>) {
    let mut rejected = vec![false; rules.len()];
    for (idx, rule) in rules.iter().enumerate() {
        if rule.weight > 0.0 && pack.score.group_of(&rule.category).is_none() {
            let groups: Vec<&str> = pack.score.groups.iter().map(|g| g.label.as_str()).collect();
            errors.push(error(
                rule,
                rule.weight_span.clone(),
                format!(
                    "类别“{}”不在规则包 {} 的任何评分分组中，weight {} 不会扣分",
                    rule.category, pack.name, rule.weight
                ),
                format!(
                    "在 pack.toml 某个 [[score.groups]] 的 categories 中加入“{}”（现有分组：{}），或把 weight 设为 0",
                    rule.category,
                    groups.join("、")
                ),
            ));
            rejected[idx] = true;
        }
    }
    // Element keys and orders: the first rule (by id) keeps them.
    let mut keys: Vec<(&str, u32)> = Vec::new();
    for (idx, rule) in rules.iter().enumerate() {
        let Kind::Element(element) = &rule.kind else { continue };
        let spec = &element.spec;
        if let Some((_, _)) = keys.iter().find(|(key, _)| *key == spec.key) {
            errors.push(error(
                rule,
                Some(element.key_span.clone()),
                format!("要素“{}”已由另一条规则定义", spec.key),
                "每个要素只由一条 element 规则定义；改用另一个 element 名称，或删去其中一条".into(),
            ));
            rejected[idx] = true;
        } else if let Some((other, _)) = keys.iter().find(|(_, order)| *order == spec.order) {
            errors.push(error(
                rule,
                Some(element.order_span.clone()),
                format!("order {} 已由要素“{other}”使用", spec.order),
                "每个要素在《规定》所列顺序中有自己的位置：改用另一个 order".into(),
            ));
            rejected[idx] = true;
        } else if !rejected[idx] {
            keys.push((&spec.key, spec.order));
        }
    }
    let known: Vec<&str> = keys.iter().map(|(key, _)| *key).collect();
    for (idx, rule) in rules.iter().enumerate() {
        for reference in &rule.element_refs {
            if known.contains(&reference.key.as_str()) {
                continue;
            }
            let near = known
                .iter()
                .min_by_key(|k| edit_distance(&reference.key, k))
                .filter(|k| edit_distance(&reference.key, k) <= 3);
            let help = match near {
                Some(near) => format!("是不是“{near}”？本规则包的要素：{}", known.join("、")),
                None if known.is_empty() => "本规则包没有 element 规则，没有可用的要素".to_string(),
                None => format!("本规则包的要素：{}", known.join("、")),
            };
            errors.push(error(rule, Some(reference.span.clone()), format!("没有要素“{}”", reference.key), help));
            rejected[idx] = true;
        }
    }
    let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    for (idx, rule) in rules.iter().enumerate() {
        for (span, other) in &rule.supersedes {
            let problem = if *other == *rule.id {
                Some(("一条规则不能取代它自己".to_string(), "supersedes 写的是本规则让位的其他规则".to_string()))
            } else if !ids.contains(&other.as_str()) {
                Some((format!("没有规则“{other}”"), unknown_rule_help(other, &ids)))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                errors.push(error(rule, Some(span.clone()), message, help));
                rejected[idx] = true;
            }
        }
    }
    let mut idx = 0;
    rules.retain(|_| {
        idx += 1;
        !rejected[idx - 1]
    });
}

fn error(rule: &Rule, span: Option<std::ops::Range<usize>>, message: String, help: String) -> RuleError {
    RuleError::at(&rule.origin.display().to_string(), &rule.source_text, span, message, Some(help))
}
