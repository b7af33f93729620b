//! Rules as data: loading TOML rule files (embedded default pack and `--rules DIR`), validating
//! them into compiled rules with every error located in the file, and the scoring settings of
//! the pack.
//!
//! **Invariant:** a rule file that fails to load is reported with its location and left out;
//! it never stops the run. Patterns are compiled once here and shared by all threads.

pub mod claiming;
pub mod context;
pub mod elements;
pub mod kinds;
mod load;
pub mod pattern;
pub(crate) mod rule_file;
pub mod scope;
mod validate;

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::diagnostic::RuleError;
pub use claiming::Claiming;
pub use context::Ctx;
pub use kinds::Kind;
pub use load::RuleSet;
pub(crate) use rule_file::load_rule;

use crate::finding::Severity;

/// The government level a report is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省级人民政府.
    Province,
    /// 设区的市级人民政府.
    City,
    /// 县级人民政府（县、市辖区、县级市）.
    County,
    /// 乡镇人民政府、街道办事处.
    Town,
    /// 政府工作部门.
    Department,
}

/// Names of the levels as written in configuration and rule files.
pub const LEVEL_NAMES: &[&str] = &["province", "city", "county", "town", "department"];

impl Level {
    /// Reads a level name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "province" => Self::Province,
            "city" => Self::City,
            "county" => Self::County,
            "town" => Self::Town,
            "department" => Self::Department,
            _ => return None,
        })
    }

    /// The name as written in files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        LEVEL_NAMES[self as usize]
    }
}

/// What each placeholder stands for, for texts shown without a finding.
const PLACEHOLDER_WORDS: &[(&str, &str)] = &[
    ("text", "原文中的写法"),
    ("suggestion", "建议的写法"),
    ("expected", "应有的写法"),
    ("year", "报告年度"),
    ("next", "报告年度的下一年"),
    ("deadline", "报送期限"),
    ("label", "这一部分"),
    ("count", "若干"),
    ("only_count", "只有若干"),
    ("first", "前一部分"),
    ("second", "后一部分"),
    ("parent", "上一级标题"),
    ("open", "对应的标点"),
    ("value", "测得的值"),
    ("threshold", "限值"),
    ("total", "总数"),
    ("chars", "字数"),
    ("other", "上一年度报告中的文字"),
    ("other_file", "上一年度报告"),
    ("other_place", "所在位置"),
    ("element", "这一部分"),
    ("similarity", "相似度"),
    ("previous_report", "上一年度报告"),
    ("table", "表格"),
    ("row", "表中的行"),
    ("column", "表中的栏目"),
    ("written", "表中所填的数"),
    ("computed", "按勾稽关系算出的数"),
    ("relation", "表格的勾稽关系"),
    ("issuer", "发文机关"),
    ("share", "相同内容占比"),
    ("other_report", "同一批次的另一份报告"),
    ("other_issuer", "另一份报告的发文机关"),
    ("passages", "最长的相同段落"),
];

/// One good or bad example string of a rule, with its place in the rule file.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example text (a sentence or a whole small report).
    pub text: String,
    /// Byte range of the example inside the rule file.
    pub span: std::ops::Range<usize>,
}

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `category/name`.
    pub id: Arc<str>,
    /// Chinese display name.
    pub name: String,
    /// First part of the id (`structure`, `meta`, …).
    pub category: String,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Points this rule can take off the score at most.
    pub weight: f64,
    /// What is wrong (template; see `kinds` for placeholders).
    pub message: String,
    /// What to do.
    pub help: String,
    /// Why, with the regulation or standard it rests on.
    pub description: String,
    /// Examples that must fire the rule.
    pub bad: Vec<Example>,
    /// Examples that must not fire it.
    pub good: Vec<Example>,
    /// Report year assumed when running the examples.
    pub example_year: Option<i32>,
    /// The kind and its compiled parameters.
    pub kind: Kind,
    /// Where the rule came from: `内置` or a file path.
    pub origin: PathBuf,
    /// The rule file's text (for pointing at examples that fail).
    pub source_text: Arc<str>,
    /// The report levels the rule applies to (empty: all).
    pub levels: Vec<Level>,
    /// Message and help for particular levels (`[level.department]` in the rule file).
    pub level_text: Vec<(Level, LevelText)>,
    /// Where `weight` is written, for problems found when the set is checked.
    pub weight_span: Option<std::ops::Range<usize>>,
    /// The element keys the rule names, checked against the set's elements.
    pub element_refs: Vec<kinds::ElementRef>,
    /// Rules this one owns the text of (`supersedes`), each with where its id is written: where
    /// a finding of this rule and one of those overlap, only this rule's stays, so one
    /// character is one finding and costs once. The more specific rule supersedes the general.
    pub supersedes: Vec<(std::ops::Range<usize>, String)>,
}

/// A rule's message and help for one report level.
#[derive(Debug, Clone, Default)]
pub struct LevelText {
    /// Replaces `message` when set.
    pub message: Option<String>,
    /// Replaces `help` when set.
    pub help: Option<String>,
}

impl Rule {
    /// The kind's name as written in rule files.
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }

    /// The help as shown without a finding (a SARIF rule's help, `fazhi rule`): the
    /// placeholders, which only a finding fills, are put in words.
    #[must_use]
    pub fn help_alone(&self) -> String {
        context::fill(&self.help, PLACEHOLDER_WORDS)
    }

    /// The message as shown without a finding (`fazhi rule`), placeholders in words.
    #[must_use]
    pub fn message_alone(&self) -> String {
        context::fill(&self.message, PLACEHOLDER_WORDS)
    }

    /// Changes the rule's severity. An element rule's element is required exactly when the
    /// rule reports more than a hint, so its spec follows.
    pub fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
        if let Kind::Element(element) = &mut self.kind {
            element.spec.required = severity > Severity::Info;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::kinds::{self, Kind};
    use super::{PLACEHOLDER_WORDS, RuleSet};

    /// Every placeholder a kind fills has words for the texts shown without a finding.
    #[test]
    fn every_placeholder_has_words() {
        for kind in kinds::KIND_NAMES {
            for name in Kind::placeholders(kind) {
                assert!(PLACEHOLDER_WORDS.iter().any(|(p, _)| p == name), "{kind}: {{{name}}}");
            }
            // What a template fills is among what the kind fills at all.
            for key in ["message", "help", "weak_message", "continued_message", "group_message"] {
                for name in Kind::fills(kind, key) {
                    assert!(Kind::placeholders(kind).contains(name), "{kind}.{key}: {{{name}}}");
                }
            }
        }
        let (rules, _) = RuleSet::builtin();
        for rule in &rules.rules {
            assert!(!rule.help_alone().contains('{'), "{}: {}", rule.id, rule.help_alone());
        }
    }
}
