//! A problem in a rule or pack file, located in that file for miette to show.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, SourceSpan};

use super::{SourceText, clamp};

/// A located error in a rule file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("规则文件有误：{message}")]
pub struct RuleError {
    /// What is wrong.
    pub message: String,
    /// The file, for display.
    #[source_code]
    pub file: SourceText,
    /// Where in the file.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// Short text under the underline.
    pub label: String,
    /// What to do.
    #[help]
    pub help: Option<String>,
}

impl RuleError {
    /// An error at a byte range of the file.
    #[must_use]
    pub fn at(
        name: &str,
        text: &Arc<str>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let message = message.into();
        let span = span.map(|r| clamp(text, r));
        Self { label: "此处".to_string(), message, file: SourceText::new(name, text), span, help }
    }
}
