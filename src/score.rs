//! The score: 100 points split into groups (weights in the pack's TOML), each rule taking off
//! at most its weight, each group at most its points.
//!
//! **Invariant:** the score is a pure function of the findings and the rule set's weights.

use serde::Serialize;

use crate::finding::Finding;
use crate::rules::RuleSet;

/// Points lost in one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    /// Group key.
    pub id: String,
    /// Chinese label.
    pub label: String,
    /// Points of the group.
    pub points: f64,
    /// Points lost (at most `points`).
    pub lost: f64,
}

/// The score of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// 0–100, one decimal.
    pub total: f64,
    /// 优秀, 良好, 合格 or 不合格.
    pub grade: String,
    /// Breakdown by group.
    pub groups: Vec<GroupScore>,
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Scores a report's findings.
#[must_use]
pub fn score(findings: &[Finding], rules: &RuleSet) -> Score {
    let settings = &rules.pack.score;
    let mut groups: Vec<GroupScore> = settings
        .groups
        .iter()
        .map(|g| GroupScore { id: g.id.clone(), label: g.label.clone(), points: g.points, lost: 0.0 })
        .collect();
    for rule in &rules.rules {
        let share: f64 = findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .map(|f| f.penalty.unwrap_or_else(|| settings.per_finding.share(f.severity)))
            .sum();
        let lost = (share * rule.weight).min(rule.weight);
        if lost <= 0.0 {
            continue;
        }
        if let Some(idx) = settings.groups.iter().position(|g| g.categories.contains(&rule.category)) {
            groups[idx].lost += lost;
        }
    }
    for group in &mut groups {
        group.lost = round1(group.lost.min(group.points));
    }
    let total = round1((100.0 - groups.iter().map(|g| g.lost).sum::<f64>()).max(0.0));
    let grade =
        settings.grades.iter().find(|g| total >= g.min).map_or_else(|| "不合格".to_string(), |g| g.label.clone());
    Score { total, grade, groups }
}
