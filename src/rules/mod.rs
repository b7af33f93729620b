//! Rules as data: loading TOML rule files (embedded default pack and `--rules DIR`), validating
//! them into compiled rules with every error located in the file, and the scoring settings of
//! the pack.
//!
//! **Invariant:** a rule file that fails to load is reported with its location and left out;
//! it never stops the run. Patterns are compiled once here and shared by all threads.

pub mod context;
pub mod elements;
mod error;
pub mod kinds;
mod load;
pub mod pattern;
pub mod scope;

use std::path::PathBuf;
use std::sync::Arc;

pub use context::Ctx;
pub use error::RuleError;
pub use kinds::Kind;
pub use load::{PackSettings, RuleSet, ScoreGroup, embedded_files};

use crate::finding::Severity;

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
}

impl Rule {
    /// The kind's name as written in rule files.
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }
}
