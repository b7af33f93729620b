//! Kind `year`: years written in chosen parts of the report against the report year Y — the
//! measures about Y, the plan about Y+1. A part about the wrong year is the usual sign of a
//! report copied from last year's.

use std::sync::LazyLock;

use crate::rules::pattern::Pattern;
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::document::YearSource;
use crate::finding::{Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

/// A year standing alone (not the second year of a range such as 2021—2025年).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d—–\-－~～至到])(?P<year>(?:19|20)\d{2})年").expect("year pattern is valid"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    checks: Vec<RawCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    scope: Spanned<String>,
    /// `report` (Y) or `next` (Y+1).
    expect: Spanned<String>,
    /// A pattern with a named group `year`; by default any year written as NNNN年.
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    message: String,
    #[serde(default)]
    severity: Option<Spanned<String>>,
}

#[derive(Debug)]
struct Check {
    scope: Scope,
    offset: i32,
    pattern: Option<Pattern>,
    message: String,
    severity: Option<Severity>,
}

/// A compiled `year` rule.
#[derive(Debug)]
pub struct YearRule {
    checks: Vec<Check>,
}

impl YearRule {
    /// Compiles the rule's checks.
    ///
    /// # Errors
    /// Bad scopes, expectations, patterns or severities, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let mut checks = Vec::new();
        for raw in params.checks {
            let scope = file.scope(&raw.scope, &mut errors);
            let offset = match raw.expect.get_ref().as_str() {
                "report" => Some(0),
                "next" => Some(1),
                other => {
                    errors.push(file.error(
                        Some(raw.expect.span()),
                        format!("expect 只能是 report 或 next，而不是“{other}”"),
                        None,
                    ));
                    None
                }
            };
            let pattern = raw.pattern.as_ref().and_then(|p| file.regex(p, &mut errors));
            if let Some(p) = &pattern
                && !p.capture_names().any(|n| n == Some("year"))
            {
                errors.push(file.error(
                    raw.pattern.as_ref().map(Spanned::span),
                    "pattern 需要命名分组 (?P<year>…)",
                    None,
                ));
            }
            let severity = raw.severity.as_ref().and_then(|s| file.severity(s, &mut errors));
            if let (Some(scope), Some(offset)) = (scope, offset) {
                checks.push(Check { scope, offset, pattern, message: raw.message, severity });
            }
        }
        if errors.is_empty() { Ok(Self { checks }) } else { Err(errors) }
    }

    /// Compares each year written in the scopes with the expected year.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(report_year) = ctx.doc.report_year else { return };
        for check in &self.checks {
            let expected = report_year.year + check.offset;
            for span in check.scope.resolve(ctx) {
                // The year was read from this very place: comparing it with itself proves nothing.
                if report_year.source != YearSource::Title && span.contains(report_year.span) {
                    continue;
                }
                let text = ctx.doc.text(span);
                let regex: &regex::Regex = check.pattern.as_deref().unwrap_or(&YEAR);
                for caps in regex.captures_iter(text) {
                    let Some(m) = caps.name("year") else { continue };
                    let Ok(year) = m.as_str().parse::<i32>() else { continue };
                    if year == expected {
                        continue;
                    }
                    let hit = Span::new(span.start + m.start(), span.start + m.end());
                    let values = [
                        ("text", m.as_str()),
                        ("expected", &expected.to_string()),
                        ("year", &report_year.year.to_string()),
                    ];
                    let mut f = filled(rule, hit, &check.message, &values);
                    f.suggestion = Some(expected.to_string());
                    if let Some(severity) = check.severity {
                        f.severity = severity;
                    }
                    out.push(f);
                    break;
                }
            }
        }
    }
}
