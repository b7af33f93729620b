//! A problem in a rule or pack file, located in that file for miette to show.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A located error in a rule file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("规则文件有误：{message}")]
#[diagnostic(code(fazhi::rule_file))]
pub struct RuleError {
    /// What is wrong.
    pub message: String,
    /// The file, for display.
    #[source_code]
    pub file: RuleSource,
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
        let span = span.map(|r| {
            let start = r.start.min(text.len());
            SourceSpan::from(start..r.end.clamp(start, text.len()))
        });
        Self {
            label: "此处".to_string(),
            message,
            file: RuleSource { name: name.to_string(), text: Arc::clone(text) },
            span,
            help,
        }
    }
}

/// A rule file's text for miette, reporting the column in characters (miette counts bytes,
/// which is wrong under any Chinese text on the line).
#[derive(Debug, Clone)]
pub struct RuleSource {
    name: String,
    text: Arc<str>,
}

impl RuleSource {
    /// The text of a file named `name` (rule or configuration file).
    #[must_use]
    pub fn new(name: &str, text: &Arc<str>) -> Self {
        Self { name: name.to_string(), text: Arc::clone(text) }
    }

    /// The file's name as shown.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl SourceCode for RuleSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        let offset = span.offset().min(text.len());
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text.get(line_start..offset).map_or(0, |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
