//! A rule's examples are its tests: every `bad` example must fire the rule and every `good`
//! one must not. `fazhi rules test` and the generated cargo tests (one per rule file of each
//! built-in pack) both run them through [`failures`], so a rule author needs no cargo. What a
//! `bad` example reports must also read as finished text: no `{placeholder}` left unfilled.

use crate::diagnostic::RuleError;
use crate::engine::run_one_rule;
use crate::rules::rule_file::placeholders;
use crate::rules::{Rule, RuleSet};

/// The examples of `rule` that do not behave, each located in the rule file: a `bad` one that
/// does not fire or whose message or help keeps a placeholder, a `good` one that fires. A rule
/// without a `bad` and a `good` example is itself a failure.
#[must_use]
pub fn failures(rules: &RuleSet, rule: &Rule) -> Vec<RuleError> {
    let shown = rule.origin.display().to_string();
    let mut failures = Vec::new();
    if rule.bad.is_empty() || rule.good.is_empty() {
        failures.push(RuleError::at(
            &shown,
            &rule.source_text,
            None,
            "规则至少要有一个 bad 示例和一个 good 示例",
            Some("在 [examples] 中写 bad = [\"会报告的写法\"] 和 good = [\"不会报告的写法\"]".into()),
        ));
    }
    for (expect_fire, example) in rule.bad.iter().map(|e| (true, e)).chain(rule.good.iter().map(|e| (false, e))) {
        let findings = run_one_rule(rules, &rule.id, &example.text, rule.example_year);
        if findings.is_empty() == expect_fire {
            let what = if expect_fire { "bad 示例没有触发规则" } else { "good 示例触发了规则" };
            let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
            failures.push(RuleError::at(
                &shown,
                &rule.source_text,
                Some(example.span.clone()),
                what,
                (!messages.is_empty()).then(|| format!("报告了：{}", messages.join("；"))),
            ));
        }
        for finding in &findings {
            let left = [&finding.message, &finding.help].into_iter().find_map(|t| placeholders(t).next());
            if let Some(name) = left {
                failures.push(RuleError::at(
                    &shown,
                    &rule.source_text,
                    Some(example.span.clone()),
                    format!("示例报告的文字中留有未替换的占位符“{{{name}}}”"),
                    Some(format!("报告了：{}；怎么改：{}", finding.message, finding.help)),
                ));
            }
        }
    }
    failures
}

/// What running the examples of several rules found.
#[derive(Debug, Default)]
pub struct Summary {
    /// Rules whose examples ran.
    pub rules: usize,
    /// Examples run.
    pub examples: usize,
    /// The examples (or rules) that failed, located.
    pub failures: Vec<RuleError>,
}

/// Runs the examples of the rules of `rules` that `only` keeps.
#[must_use]
pub fn run(rules: &RuleSet, only: impl Fn(&Rule) -> bool) -> Summary {
    let mut summary = Summary::default();
    for rule in rules.rules.iter().filter(|r| only(r)) {
        summary.rules += 1;
        summary.examples += rule.bad.len() + rule.good.len();
        summary.failures.extend(failures(rules, rule));
    }
    summary
}
