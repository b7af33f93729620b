//! The rule catalogue as the command line shows it: `fazhi rules` (a table or JSON list) and
//! `fazhi rule <id>` (one rule's page: what it checks, why, how to fix, its examples).

use crate::rules::{Rule, RuleSet};

/// `fazhi rules`: one line per rule (id, severity, weight, name) and a count.
#[must_use]
pub fn list(rules: &RuleSet) -> String {
    let mut out = String::new();
    for rule in &rules.rules {
        out.push_str(&format!("{:<36} {}  {:>4}  {}\n", rule.id, rule.severity.label(), rule.weight, rule.name));
    }
    out.push_str(&format!("共{}条规则。用 fazhi rule <id> 查看说明。\n", rules.rules.len()));
    out
}

/// `fazhi rules --format json`: the rules as a JSON list.
///
/// # Panics
/// Never in practice: every value serialised is a plain string or number.
#[must_use]
pub fn list_json(rules: &RuleSet) -> String {
    let list: Vec<serde_json::Value> = rules
        .rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": &*r.id, "name": r.name, "kind": r.kind_name(),
                "severity": r.severity.as_str(), "weight": r.weight,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).expect("rule list serialises");
    text.push('\n');
    text
}

/// The Chinese name of a rule kind (`fazhi rule` shows it; JSON keeps the kind's own name).
#[must_use]
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "text" => "文字检查",
        "element" => "必备要素",
        "metric" => "篇幅与数量",
        "consistency" => "前后一致",
        "deadline" => "报送时限",
        "numbering" => "标题序号写法",
        "order" => "要素顺序",
        "pairs" => "成对标点",
        "repeated" => "词语重复",
        "sequence" => "序号连续",
        "suppression" => "忽略注释",
        "year" => "年份",
        _ => "其他",
    }
}

/// `fazhi rule <id>`: the rule's page.
#[must_use]
pub fn page(rule: &Rule) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}　{}\n", rule.id, rule.name));
    out.push_str(&format!(
        "类型：{}　级别：{}（配置中写作 {}）　分值：{}\n\n",
        kind_label(rule.kind_name()),
        rule.severity.label(),
        rule.severity,
        rule.weight
    ));
    out.push_str(&format!(
        "提示语：{}\n怎么改：{}\n\n依据与说明：\n{}\n",
        rule.message_alone(),
        rule.help_alone(),
        rule.description.trim()
    ));
    for (label, examples) in [("会报告的写法", &rule.bad), ("不会报告的写法", &rule.good)] {
        if examples.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{label}：\n"));
        for example in examples {
            for (i, line) in example.text.lines().enumerate() {
                out.push_str(if i == 0 { "  • " } else { "    " });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("\n规则文件：{}\n", rule.origin.display()));
    out
}
