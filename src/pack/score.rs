//! The `[score]` table of a pack: the groups of points, the share of a rule's weight a finding
//! costs, and the grades.

use serde::Deserialize;

use crate::finding::Severity;

/// One scoring group: a share of the 100 points and the rule categories that draw on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreGroup {
    /// Key, e.g. `structure`.
    pub id: String,
    /// Chinese label, e.g. `要素完整`.
    pub label: String,
    /// Points of the group.
    pub points: f64,
    /// Rule categories (first part of the id) in the group.
    pub categories: Vec<String>,
}

/// A grade threshold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// Lowest score of the grade.
    pub min: f64,
    /// Chinese label, e.g. `良好`.
    pub label: String,
}

/// Share of a rule's weight one finding costs, by severity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerFinding {
    /// For an error.
    pub error: f64,
    /// For a warning.
    pub warning: f64,
    /// For an info.
    pub info: f64,
}

impl PerFinding {
    /// The share for a severity.
    #[must_use]
    pub fn share(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The `[score]` table of a pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSettings {
    /// Share of a rule's weight per finding, by severity.
    pub per_finding: PerFinding,
    /// Groups of points; their points add up to 100.
    pub groups: Vec<ScoreGroup>,
    /// Grades from the highest.
    pub grades: Vec<Grade>,
}

impl ScoreSettings {
    /// The group a rule category draws on, if any.
    #[must_use]
    pub fn group_of(&self, category: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.categories.iter().any(|c| c == category))
    }
}
