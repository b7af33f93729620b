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
    /// Which prefilter patterns of the rule set match somewhere in the report.
    pub prefilter: Option<&'a regex::SetMatches>,
    /// The same issuer's report of the year before, when the run compares with one.
    pub previous: Option<crate::compare::PreviousReport<'a>>,
}

/// Fills `{name}` placeholders of a message template.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, *v)));
        if let Some((close, value)) = value {
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            // Not a known placeholder: keep the brace as written.
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_known_placeholders_and_keeps_the_rest() {
        assert_eq!(fill("“{text}”应为“{suggestion}”", &[("text", "截止"), ("suggestion", "截至")]), "“截止”应为“截至”");
        assert_eq!(fill("{unknown} and {text", &[("text", "x")]), "{unknown} and {text");
        assert_eq!(fill("{text}{text}", &[("text", "重")]), "重重");
    }
}
