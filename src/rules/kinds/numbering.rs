//! Kind `numbering`: heading markers written in the standard form of their level
//! (一、 （一） 1. （1）, GB/T 9704 层次序数), and levels not skipped.

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::document::Scheme;
use crate::finding::{Edit, Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::{Rule, RuleError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Marker texts accepted besides the standard form, e.g. `1．` with a full-width dot.
    #[serde(default)]
    also_accept: Vec<String>,
    #[serde(default)]
    skipped_level_message: Option<String>,
    #[serde(default)]
    skipped_level_severity: Option<Spanned<String>>,
}

/// A compiled `numbering` rule.
#[derive(Debug)]
pub struct NumberingRule {
    also_accept: Vec<String>,
    skipped_level_message: Option<String>,
    skipped_level_severity: Option<Severity>,
}

impl NumberingRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// A bad severity, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let skipped_level_severity = params.skipped_level_severity.and_then(|s| file.severity(&s, &mut errors));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            also_accept: params.also_accept,
            skipped_level_message: params.skipped_level_message,
            skipped_level_severity,
        })
    }

    /// Reports markers not in their standard form (one finding per wrong form, with every
    /// occurrence as an edit), and levels skipped.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let mut wrong_forms: Vec<(String, Finding, usize)> = Vec::new();
        for heading in &doc.headings {
            let (Some((scheme, value)), Some(marker)) = (heading.ordinal, heading.marker) else { continue };
            let written = doc.text(marker);
            let standard = scheme.canonical(value);
            let accepted = written == standard
                || self.also_accept.iter().any(|form| form.replace("{n}", &value.to_string()) == written);
            if !accepted {
                // The same mistake repeated on every heading of a level is one finding.
                let form: String = written.chars().map(|c| if is_numeral(c) { 'n' } else { c }).collect();
                let edit = Edit { span: marker, replacement: standard.clone() };
                if let Some((_, f, count)) = wrong_forms.iter_mut().find(|(k, _, _)| *k == form) {
                    f.edits.push(edit);
                    *count += 1;
                } else {
                    let mut f = filled(rule, marker, &rule.message, &[("text", written), ("suggestion", &standard)]);
                    f.suggestion = Some(standard);
                    f.edits.push(edit);
                    wrong_forms.push((form, f, 1));
                }
            }
            if let (Some(message), Some(parent)) = (&self.skipped_level_message, heading.parent) {
                let parent = &doc.headings[parent];
                if let Some((parent_scheme, _)) = parent.ordinal {
                    let skipped = scheme.rank() > parent_scheme.rank() + 1 && scheme != Scheme::Circled;
                    if skipped {
                        let values = [("text", written), ("parent", doc.text(parent.marker.unwrap_or(parent.span)))];
                        let mut f = filled(rule, marker, message, &values);
                        f.severity = self.skipped_level_severity.unwrap_or(Severity::Info);
                        out.push(f);
                    }
                }
            }
        }
        for (_, mut f, count) in wrong_forms {
            if count > 1 {
                f.message = format!("{}（同样写法全文共{count}处）", f.message);
            }
            out.push(f);
        }
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c)
}
