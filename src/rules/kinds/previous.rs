//! Kind `previous`: a report against the same issuer's report of the year before
//! (`check --previous`, or the pairs a batch finds). Silent when the run gives no previous
//! report. `check` chooses what is compared (`fazhi::compare::previous`): `copied` (units of
//! `elements` nearly the same as last year's, at `similarity`), `unrectified` (the same, in a
//! part that says none of `words`), `repeated` (achievements the same once years and numbers
//! are masked) and `plan-not-followed` (last year's plan items with no unit of this year's
//! measures at least `similarity` alike).
//!
//! Message placeholders: `{text}` (this report's text), `{other}` (the previous report's
//! text, cropped), `{other_file}`, `{other_place}` (第N行, or 第N段/第N页 as its reader knows),
//! `{element}` (the part's label), `{similarity}` (a percentage), `{previous_report}` (2023年报告,
//! or 上一年度报告 when its year is unknown).

use serde::Deserialize;
use toml::Spanned;

use super::similar::{crop, place};
use super::{RuleFile, filled};
use crate::compare::Side;
use crate::compare::previous::{self, PreviousFinding};
use crate::finding::Finding;
use crate::rules::context::Ctx;
use crate::rules::{Rule, RuleError};

/// The longest quote of the other report in a message, in characters.
const QUOTE_CHARS: usize = 60;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Spanned<String>,
    similarity: Spanned<f64>,
    #[serde(default)]
    elements: Vec<Spanned<String>>,
    #[serde(default)]
    words: Vec<String>,
}

/// What a `previous` rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Copied,
    Unrectified,
    Repeated,
    PlanNotFollowed,
}

/// A compiled `previous` rule.
#[derive(Debug)]
pub struct PreviousRule {
    check: Check,
    similarity: f64,
    elements: Vec<String>,
    words: Vec<String>,
}

impl PreviousRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// An unknown `check`, a similarity outside 0–1, or a copy check without elements.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let check = match params.check.get_ref().as_str() {
            "copied" => Check::Copied,
            "unrectified" => Check::Unrectified,
            "repeated" => Check::Repeated,
            "plan-not-followed" => Check::PlanNotFollowed,
            other => {
                return Err(vec![file.error(
                    Some(params.check.span()),
                    format!("未知的 check“{other}”"),
                    Some("可用：copied、unrectified、repeated、plan-not-followed".to_string()),
                )]);
            }
        };
        let similarity = *params.similarity.get_ref();
        let mut errors = Vec::new();
        if !(0.0..=1.0).contains(&similarity) || similarity == 0.0 {
            errors.push(file.error(Some(params.similarity.span()), "similarity 应大于0、不大于1", None));
        }
        let needs_elements = matches!(check, Check::Copied | Check::Unrectified);
        if needs_elements && params.elements.is_empty() {
            errors.push(file.error(
                Some(params.check.span()),
                "这种 check 要在 elements 中写明比较哪些要素",
                Some("如 elements = [\"shortcomings\", \"causes\", \"next_year_plan\"]".to_string()),
            ));
        }
        if check == Check::Unrectified && params.words.is_empty() {
            errors.push(file.error(
                Some(params.check.span()),
                "unrectified 要在 words 中写明表示整改的词",
                Some("如 words = [\"整改\", \"改进\"]".to_string()),
            ));
        }
        for key in &params.elements {
            file.element_ref(key);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            check,
            similarity,
            elements: params.elements.into_iter().map(Spanned::into_inner).collect(),
            words: params.words,
        })
    }

    /// Compares the report with the previous one, when the run gave one.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(prev) = ctx.previous else { return };
        let this = Side { document: ctx.doc, elements: ctx.elements };
        let other = prev.side;
        let elements: Vec<&str> = self.elements.iter().map(String::as_str).collect();
        let words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        let found = match self.check {
            Check::Copied => previous::copied(this, other, &elements, self.similarity),
            Check::Unrectified => previous::unrectified(this, other, &elements, &words, self.similarity),
            Check::Repeated => previous::repeated(this, other, self.similarity),
            Check::PlanNotFollowed => previous::plans_not_followed(this, other, self.similarity),
        };
        let previous_report =
            other.document.report_year.map_or_else(|| "上一年度报告".to_owned(), |y| format!("{}年报告", y.year));
        for f in found {
            out.push(finding(rule, ctx, prev.name, other, &previous_report, &f));
        }
    }
}

fn finding(
    rule: &Rule,
    ctx: &Ctx<'_>,
    name: &str,
    other: Side<'_>,
    previous_report: &str,
    f: &PreviousFinding,
) -> Finding {
    let text = ctx.doc.text(f.this);
    let quote = crop(other.document.text(f.other).trim(), QUOTE_CHARS);
    let place = place(other.document, f.other.start);
    let element = ctx.elements.get(&f.element).map_or(f.element.as_str(), |e| e.label.as_str());
    let similarity = format!("{:.0}%", f.similarity * 100.0);
    let values = [
        ("text", text),
        ("other", quote.as_str()),
        ("other_file", name),
        ("other_place", place.as_str()),
        ("element", element),
        ("similarity", similarity.as_str()),
        ("previous_report", previous_report),
    ];
    filled(rule, f.this, &rule.message, &values)
}
