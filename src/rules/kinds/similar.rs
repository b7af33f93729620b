//! Kind `similar`: a report whose text is mostly the same as another report of the run by a
//! different issuer (`fazhi check DIR`, `fazhi report DIR`). It needs the whole batch, so it
//! finds nothing while one report is checked; after the run has checked every report, the
//! batch search (`fazhi::compare::batch`) gives the pairs and this kind words a finding on each
//! report of a pair.
//!
//! Message placeholders: `{text}` (the longest shared passage in this report), `{share}` (a
//! percentage of this report's text), `{other_report}` (its file), `{other_issuer}` (or 未写明发文机关),
//! `{passages}` (the longest shared passages: this report's lines and the other's, each quoted).

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::compare::batch::{BatchParams, Passage};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Rule, RuleError};

/// The longest quote of a passage in a message, in characters.
const QUOTE_CHARS: usize = 40;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    share: Spanned<f64>,
    unit_share: Spanned<f64>,
    boilerplate_issuers: Spanned<i64>,
    boilerplate_share: Spanned<f64>,
    #[serde(default)]
    boilerplate: Vec<String>,
    #[serde(default = "three")]
    passages: usize,
}

fn three() -> usize {
    3
}

/// A compiled `similar` rule: the parameters of the batch search.
#[derive(Debug)]
pub struct SimilarRule {
    /// What the batch search is given.
    pub params: BatchParams,
}

impl SimilarRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// A share or similarity outside 0–1, or an issuer count below 2.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let p: Params = file.params()?;
        let mut errors = Vec::new();
        for (value, name) in [(&p.share, "share"), (&p.unit_share, "unit_share")] {
            if !(0.0..=1.0).contains(value.get_ref()) || *value.get_ref() == 0.0 {
                errors.push(file.error(Some(value.span()), format!("{name} 应大于0、不大于1"), None));
            }
        }
        if !(0.0..=1.0).contains(p.boilerplate_share.get_ref()) {
            errors.push(file.error(Some(p.boilerplate_share.span()), "boilerplate_share 应在0到1之间", None));
        }
        if *p.boilerplate_issuers.get_ref() < 2 {
            errors.push(file.error(Some(p.boilerplate_issuers.span()), "boilerplate_issuers 至少为2", None));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            params: BatchParams {
                share: *p.share.get_ref(),
                unit_share: *p.unit_share.get_ref(),
                boilerplate_issuers: usize::try_from(*p.boilerplate_issuers.get_ref()).unwrap_or(2),
                boilerplate_share: *p.boilerplate_share.get_ref(),
                boilerplate: p.boilerplate,
                passages: p.passages.max(1),
            },
        })
    }
}

/// The other report of a pair, as a finding names it.
#[derive(Debug, Clone, Copy)]
pub struct OtherReport<'a> {
    /// The file as the user names it.
    pub name: &'a str,
    /// Its issuer, when written.
    pub issuer: Option<&'a str>,
    /// The parsed report.
    pub document: &'a Document,
}

/// The finding on `this` report of a pair: at its longest shared passage, the others in `also`.
/// `passages` are seen from this report (`a` here, `b` in the other).
#[must_use]
pub fn finding(
    rule: &Rule,
    this: &Document,
    other: OtherReport<'_>,
    share: f64,
    passages: &[Passage],
) -> Option<Finding> {
    let first = passages.first()?;
    let listed: Vec<String> = passages
        .iter()
        .map(|p| {
            format!(
                "“{}”（本报告{}，对方{}）",
                crop(this.text(p.a).trim(), QUOTE_CHARS),
                place(this, p.a.start),
                place(other.document, p.b.start)
            )
        })
        .collect();
    let share = format!("{:.0}%", share * 100.0);
    let passages_text = listed.join("；");
    let values = [
        ("text", this.text(first.a)),
        ("share", share.as_str()),
        ("other_report", other.name),
        ("other_issuer", other.issuer.unwrap_or("未写明发文机关")),
        ("passages", passages_text.as_str()),
    ];
    let mut f = filled(rule, first.a, &rule.message, &values);
    f.also = passages[1..].iter().map(|p| p.a).collect();
    f.also.sort_by_key(|s| s.start);
    Some(f)
}

/// 第N行, or the place its reader recorded (第N段 of a Word file, 第N页 of a PDF).
#[must_use]
pub fn place(doc: &Document, offset: usize) -> String {
    doc.source
        .origin
        .place_at(offset)
        .map_or_else(|| format!("第{}行", doc.source.position(offset).line), |p| p.to_string())
}

/// `text` on one line, cut to `max_chars` characters with …… when longer.
pub(super) fn crop(text: &str, max_chars: usize) -> String {
    let text: String = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if text.chars().count() <= max_chars {
        text
    } else {
        let mut out: String = text.chars().take(max_chars).collect();
        out.push_str("……");
        out
    }
}
