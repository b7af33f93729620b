//! The score: 100 points split into groups (weights in the pack's TOML), each rule taking off
//! at most its weight, each group at most its points; then the grade of those points, held down
//! by the pack's caps (`[[score.caps]]`) where a report lacks a required part or has too many
//! language errors for its points to speak for it.
//!
//! **Invariant:** the score is a pure function of the findings, the elements found, the length
//! of the text and the pack's settings. 差错率 is computed here and nowhere else.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::pack::{CapCondition, GradeCap};
use crate::rules::RuleSet;
use crate::rules::elements::{ElementStatus, Elements};

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

/// A cap that held the grade down.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppliedCap {
    /// The condition, as `when` writes it (`missing-required`, `partial-required`, `error-rate`).
    pub when: &'static str,
    /// The highest grade the cap allows.
    pub max_grade: String,
    /// Why, with the elements or the rate filled in.
    pub reason: String,
}

impl AppliedCap {
    /// The reason with its consequence: `缺少法定内容“…”，最高只能评为合格`.
    #[must_use]
    pub fn sentence(&self) -> String {
        format!("{}，最高只能评为{}", self.reason, self.max_grade)
    }
}

/// The score of a report.
#[derive(Debug, Clone)]
pub struct Score {
    /// 0–100, one decimal.
    pub total: f64,
    /// The grade: that of the points, or lower where a cap holds (优秀, 良好, 合格 or 不合格).
    pub grade: String,
    /// The grade the points alone give.
    pub grade_by_score: String,
    /// The caps that decide the grade (those allowing the lowest grade of the caps that hold and
    /// are below the points' grade), in the pack's order; empty: the grade is the points'.
    pub caps: Vec<AppliedCap>,
    /// Breakdown by group.
    pub groups: Vec<GroupScore>,
    /// Errors and warnings of the rules in the pack's language categories.
    pub language_errors: usize,
    /// Characters of the text.
    pub chars: usize,
}

impl Score {
    /// 差错率: language errors per 10,000 characters, the measure proofreaders use (万分之 N).
    #[must_use]
    pub fn error_rate(&self) -> f64 {
        error_rate(self.language_errors, self.chars)
    }

    /// The grade with why it is below the points' grade, e.g.
    /// `合格（缺少法定内容“第一责任人履职情况”，最高只能评为合格）`.
    #[must_use]
    pub fn grade_explained(&self) -> String {
        if self.caps.is_empty() {
            return self.grade.clone();
        }
        let reasons: Vec<String> = self.caps.iter().map(AppliedCap::sentence).collect();
        format!("{}（{}）", self.grade, reasons.join("；"))
    }
}

/// Language errors per 10,000 characters.
#[must_use]
pub fn error_rate(language_errors: usize, chars: usize) -> f64 {
    if chars == 0 { 0.0 } else { language_errors as f64 * 10_000.0 / chars as f64 }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Scores a report's findings; `elements` and `chars` (characters of the text) decide the caps.
#[must_use]
pub fn score(findings: &[Finding], elements: &Elements, chars: usize, rules: &RuleSet) -> Score {
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
    let grade_by_score =
        settings.grades.iter().find(|g| total >= g.min).map_or_else(|| "不合格".to_string(), |g| g.label.clone());
    let language_errors = language_errors(findings, rules);
    let rate = error_rate(language_errors, chars);
    let points_rank = settings.rank(&grade_by_score).unwrap_or(usize::MAX);
    let held: Vec<(usize, AppliedCap)> = settings
        .caps
        .iter()
        .filter_map(|cap| Some((settings.rank(&cap.max_grade)?, cap)))
        .filter(|(rank, _)| *rank > points_rank)
        .filter_map(|(rank, cap)| Some((rank, applies(cap, elements, rate, rules)?)))
        .collect();
    // The lowest grade a cap allows decides; the caps that allow it are the reasons shown.
    let lowest = held.iter().map(|(rank, _)| *rank).max();
    let caps: Vec<AppliedCap> =
        held.into_iter().filter(|(rank, _)| Some(*rank) == lowest).map(|(_, cap)| cap).collect();
    let grade = caps.first().map_or_else(|| grade_by_score.clone(), |c| c.max_grade.clone());
    Score { total, grade, grade_by_score, caps, groups, language_errors, chars }
}

/// The cap with its reason filled in, when its condition holds.
/// Only the elements whose rule runs count: one turned off with `--select`/`--ignore` is still
/// found (for the rules that look inside it) but caps no grade.
fn applies(cap: &GradeCap, elements: &Elements, rate: f64, rules: &RuleSet) -> Option<AppliedCap> {
    let runs =
        |key: &str| rules.rules.iter().any(|r| matches!(&r.kind, crate::rules::Kind::Element(e) if e.spec.key == key));
    let labels = |partial: bool| -> Vec<&str> {
        elements
            .list
            .iter()
            .filter(|e| e.required && runs(&e.key))
            .filter(|e| match e.status {
                ElementStatus::Absent => !partial,
                ElementStatus::Embedded | ElementStatus::Weak => partial,
                ElementStatus::Heading | ElementStatus::Present => false,
            })
            .map(|e| e.label.as_str())
            .collect()
    };
    let reason = match cap.when {
        CapCondition::MissingRequired | CapCondition::PartialRequired => {
            let found = labels(cap.when == CapCondition::PartialRequired);
            if found.is_empty() {
                return None;
            }
            let quoted: Vec<String> = found.iter().map(|l| format!("“{l}”")).collect();
            cap.reason.replace("{elements}", &quoted.join("、"))
        }
        CapCondition::ErrorRate { above } => {
            if rate <= above {
                return None;
            }
            cap.reason.replace("{rate}", &format!("{rate:.1}")).replace("{above}", &format!("{above}"))
        }
    };
    Some(AppliedCap { when: cap.when.key(), max_grade: cap.max_grade.clone(), reason })
}

/// Errors and warnings of the rules in the pack's language categories (`[audit]
/// language_categories`): what a proofreader marks in the text itself.
#[must_use]
pub fn language_errors(findings: &[Finding], rules: &RuleSet) -> usize {
    let categories = &rules.pack.audit.language_categories;
    findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .filter(|f| {
            let category = rules
                .get(&f.rule)
                .map_or_else(|| f.rule.split('/').next().unwrap_or_default(), |r| r.category.as_str());
            categories.iter().any(|c| c == category)
        })
        .count()
}
