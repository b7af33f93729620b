//! `--statistics`: how often each rule fired over the whole run, most frequent first (like
//! ruff's `--statistics`), as a table for people and as a list in the JSON output.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::results::ReportEntry;
use crate::rules::RuleSet;

/// How often one rule fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCount {
    /// Rule id.
    pub rule: String,
    /// Chinese name of the rule (empty if the rule is not in the set).
    pub name: String,
    /// The rule's default severity.
    pub severity: &'static str,
    /// Findings of the rule, waived ones left out.
    pub count: usize,
    /// Reports with at least one such finding.
    pub reports: usize,
    /// Findings that `fazhi fix` can correct.
    pub fixable: usize,
}

/// Counts findings per rule, sorted by count (descending), then rule id.
#[must_use]
pub fn count(reports: &[ReportEntry], rules: &RuleSet) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<&str, RuleCount> = BTreeMap::new();
    for entry in reports {
        let mut seen: Vec<&str> = Vec::new();
        for finding in &entry.checked.findings {
            let id: &str = &finding.rule;
            let counted = by_rule.entry(id).or_insert_with(|| {
                let rule = rules.get(id);
                RuleCount {
                    rule: id.to_string(),
                    name: rule.map(|r| r.name.clone()).unwrap_or_default(),
                    severity: rule.map_or(finding.severity, |r| r.severity).as_str(),
                    count: 0,
                    reports: 0,
                    fixable: 0,
                }
            });
            counted.count += 1;
            counted.fixable += usize::from(!finding.edits.is_empty());
            if !seen.contains(&id) {
                seen.push(id);
                counted.reports += 1;
            }
        }
    }
    let mut counts: Vec<RuleCount> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    counts
}

/// The table printed by `--statistics` in the human format.
#[must_use]
pub fn render_table(counts: &[RuleCount]) -> String {
    let id_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0).max("规则".width());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  名称",
        lpad("次数", 8),
        lpad("报告数", 8),
        pad("规则", id_width),
        pad("级别", 8)
    );
    for c in counts {
        let fix = if c.fixable > 0 { format!("（可自动修改{}处）", c.fixable) } else { String::new() };
        let _ = writeln!(
            out,
            "{:>8}  {:>8}  {}  {}  {}{fix}",
            c.count,
            c.reports,
            pad(&c.rule, id_width),
            pad(severity_label(c.severity), 8),
            c.name
        );
    }
    let total: usize = counts.iter().map(|c| c.count).sum();
    let _ = writeln!(out, "共{total}处问题，涉及{}条规则。", counts.len());
    out
}

/// The Chinese word for a severity as the JSON spells it.
fn severity_label(severity: &str) -> &str {
    match severity {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        other => other,
    }
}

/// Right-aligns to a display width.
fn lpad(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// Pads to a display width (a CJK character takes two columns in a terminal).
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
