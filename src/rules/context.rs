//! What a rule sees while it runs: the document, the detected elements and the report year.

use super::elements::Elements;
use crate::document::Document;

/// The context of one rule run over one report.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The parsed report.
    pub doc: &'a Document,
    /// Required elements found in it.
    pub elements: &'a Elements,
    /// The year the report is about, when known.
    pub year: Option<i32>,
}

/// Fills `{name}` placeholders of a message template.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        let key = format!("{{{name}}}");
        if out.contains(&key) {
            out = out.replace(&key, value);
        }
    }
    out
}
