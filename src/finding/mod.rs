//! What a rule reports: a finding with its severity, span, message, help and optional fix.

pub mod fingerprint;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style advice; never fails a gate set to `error` or `warning`.
    Info,
    /// A quality defect evaluators name.
    Warning,
    /// Violates an explicit requirement or is objectively wrong.
    Error,
}

impl Severity {
    /// The word used in JSON and on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese word shown to drafting staff.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!("未知的严重程度“{other}”，可用 error、warning、info")),
        }
    }
}

/// A replacement of a span by new text; applied only by `fazhi fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// One problem found in a report.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Id of the rule, e.g. `structure/causes`.
    pub rule: Arc<str>,
    /// Severity of this finding (a rule may report a sub-case lower than its default).
    pub severity: Severity,
    /// Where the problem is; may be empty for a missing part (points at where it belongs).
    pub span: Span,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do, in Chinese.
    pub help: String,
    /// A replacement text, when one is known.
    pub suggestion: Option<String>,
    /// Share of the rule's weight this finding costs (0–1); `None` means the pack's share for
    /// its severity.
    pub penalty: Option<f64>,
    /// Edits that fix the finding without changing meaning (empty when none is safe).
    pub edits: Vec<Edit>,
    /// The other places this one finding stands for, in text order (a rule that reports a
    /// paragraph's eight half-width commas once lists the seven after `span` here), so that a
    /// sheet can mark every one of them.
    pub also: Vec<Span>,
}
