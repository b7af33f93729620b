//! The `[score]` table of a pack: the groups of points, the share of a rule's weight a finding
//! costs, the grades, and the caps that keep a grade from saying more than the report earns
//! (`[[score.caps]]`).

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

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
#[derive(Debug, Clone)]
pub struct ScoreSettings {
    /// Share of a rule's weight per finding, by severity.
    pub per_finding: PerFinding,
    /// Groups of points; their points add up to 100.
    pub groups: Vec<ScoreGroup>,
    /// Grades from the highest.
    pub grades: Vec<Grade>,
    /// Conditions that hold a report's grade down whatever its points, in the pack's order.
    pub caps: Vec<GradeCap>,
}

impl ScoreSettings {
    /// The group a rule category draws on, if any.
    #[must_use]
    pub fn group_of(&self, category: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.categories.iter().any(|c| c == category))
    }

    /// The rank of a grade: 0 for the highest (the grade with the highest `min`), `None` for a
    /// label the pack does not define.
    #[must_use]
    pub fn rank(&self, label: &str) -> Option<usize> {
        let min = self.grades.iter().find(|g| g.label == label)?.min;
        Some(self.grades.iter().filter(|g| g.min > min).count())
    }
}

/// When a cap holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CapCondition {
    /// A required element is absent (`missing-required`).
    MissingRequired,
    /// A required element is only mentioned inside another part, or only hinted at
    /// (`partial-required`).
    PartialRequired,
    /// 差错率 (language errors per 10,000 characters) is above `above` (`error-rate`).
    ErrorRate {
        /// Errors per 10,000 characters.
        above: f64,
    },
}

impl CapCondition {
    /// The key `when` writes.
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::MissingRequired => "missing-required",
            Self::PartialRequired => "partial-required",
            Self::ErrorRate { .. } => "error-rate",
        }
    }

    /// The placeholders its `reason` may use.
    fn placeholders(&self) -> &'static [&'static str] {
        match self {
            Self::MissingRequired | Self::PartialRequired => &["elements"],
            Self::ErrorRate { .. } => &["rate", "above"],
        }
    }
}

/// The conditions `when` accepts.
const CONDITIONS: &[&str] = &["missing-required", "partial-required", "error-rate"];

/// A cap on the grade: while `when` holds, the grade is at most `max_grade`.
#[derive(Debug, Clone)]
pub struct GradeCap {
    /// When it holds.
    pub when: CapCondition,
    /// The highest grade a report it holds for can have.
    pub max_grade: String,
    /// Why, as outputs print it: `{elements}` (the elements' labels), `{rate}` and `{above}`
    /// (差错率 and the threshold, in ‱) are filled in.
    pub reason: String,
}

/// The `[score]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScore {
    per_finding: PerFinding,
    groups: Vec<ScoreGroup>,
    grades: Vec<Grade>,
    #[serde(default)]
    caps: Vec<RawCap>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCap {
    when: Spanned<String>,
    #[serde(default)]
    above: Option<Spanned<f64>>,
    max_grade: Spanned<String>,
    reason: Spanned<String>,
}

/// A problem in the `[score]` table: what, where (bytes of `pack.toml`) and what to do.
pub(super) type ScoreProblem = (String, Option<Range<usize>>, Option<String>);

impl RawScore {
    /// The points of the groups together.
    pub(super) fn total_points(&self) -> f64 {
        self.groups.iter().map(|g| g.points).sum()
    }

    /// Checks the caps against the grades and the conditions fazhi knows.
    pub(super) fn validate(self) -> Result<ScoreSettings, ScoreProblem> {
        let mut settings =
            ScoreSettings { per_finding: self.per_finding, groups: self.groups, grades: self.grades, caps: Vec::new() };
        for raw in self.caps {
            let when = match (raw.when.get_ref().as_str(), &raw.above) {
                ("missing-required", None) => CapCondition::MissingRequired,
                ("partial-required", None) => CapCondition::PartialRequired,
                ("error-rate", Some(above)) if *above.get_ref() >= 0.0 => {
                    CapCondition::ErrorRate { above: *above.get_ref() }
                }
                ("error-rate", Some(above)) => {
                    return Err((
                        format!("[[score.caps]] 的 above 不能为负数，现为 {}", above.get_ref()),
                        Some(above.span()),
                        Some("above 是每万字的差错数（‱），如 above = 10".into()),
                    ));
                }
                ("error-rate", None) => {
                    return Err((
                        "[[score.caps]] 的 when = \"error-rate\" 需要 above（每万字的差错数）".into(),
                        Some(raw.when.span()),
                        Some("如 above = 10，表示差错率超过万分之十时封顶".into()),
                    ));
                }
                (known, Some(above)) if CONDITIONS.contains(&known) => {
                    return Err((
                        format!("[[score.caps]] 的 when = \"{known}\" 不用 above"),
                        Some(above.span()),
                        Some("只有 when = \"error-rate\" 需要 above".into()),
                    ));
                }
                (unknown, _) => {
                    return Err((
                        format!("[[score.caps]] 的 when 不认识“{unknown}”"),
                        Some(raw.when.span()),
                        Some(format!("when 可以是 {}", CONDITIONS.join("、"))),
                    ));
                }
            };
            let max_grade = raw.max_grade.get_ref().clone();
            if settings.rank(&max_grade).is_none() {
                let labels: Vec<&str> = settings.grades.iter().map(|g| g.label.as_str()).collect();
                return Err((
                    format!("[[score.caps]] 的 max_grade “{max_grade}”不是本规则包的等级"),
                    Some(raw.max_grade.span()),
                    Some(format!("[[score.grades]] 定义的等级有 {}", labels.join("、"))),
                ));
            }
            let reason = raw.reason.get_ref().clone();
            if let Some(name) = unknown_placeholder(&reason, when.placeholders()) {
                let allowed: Vec<String> = when.placeholders().iter().map(|p| format!("{{{p}}}")).collect();
                return Err((
                    format!("[[score.caps]] 的 reason 用了 when = \"{}\" 不会填写的占位符 {{{name}}}", when.key()),
                    Some(raw.reason.span()),
                    Some(format!("可用的占位符：{}", allowed.join("、"))),
                ));
            }
            settings.caps.push(GradeCap { when, max_grade, reason });
        }
        Ok(settings)
    }
}

/// The first `{name}` in `text` that is not one of `allowed`.
fn unknown_placeholder(text: &str, allowed: &[&str]) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { return Some(after.to_string()) };
        let name = &after[..close];
        if !allowed.contains(&name) {
            return Some(name.to_string());
        }
        rest = &after[close + 1..];
    }
    None
}
