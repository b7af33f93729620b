//! Kind `deadline`: the 成文日期 against the reporting deadline in the year after the report
//! year, with an optional earlier deadline reported at its own (lower) severity when the rule
//! cannot be sure it applies. When the reader knows when the report was published (a web
//! page's 发布时间), that date is held against the same deadline. `[[params.issuers]]` give
//! other deadlines to reports whose issuer matches a pattern (a department's report is due
//! earlier than its government's); the first entry that matches decides.

use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled};
use crate::finding::{Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::pattern::Pattern;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Last allowed month and day in year Y+1, e.g. `03-31`.
    by: Spanned<String>,
    #[serde(default)]
    early_by: Option<Spanned<String>>,
    #[serde(default)]
    early_severity: Option<Spanned<String>>,
    #[serde(default)]
    early_message: Option<String>,
    wrong_year_message: String,
    /// Message when the publication date the reader found is past the deadline.
    #[serde(default)]
    published_message: Option<String>,
    #[serde(default)]
    issuers: Vec<RawIssuer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    /// A pattern the issuer (from the title, else the signature) must match.
    issuer: Spanned<String>,
    by: Spanned<String>,
    #[serde(default)]
    severity: Option<Spanned<String>>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    published_message: Option<String>,
}

/// A deadline for the reports of issuers matching a pattern.
#[derive(Debug)]
struct IssuerDeadline {
    issuer: Pattern,
    by: (u32, u32),
    severity: Option<Severity>,
    message: Option<String>,
    published_message: Option<String>,
}

/// The deadline that applies to one report.
struct Due<'a> {
    by: (u32, u32),
    severity: Option<Severity>,
    message: &'a str,
    published_message: Option<&'a str>,
}

/// A compiled `deadline` rule.
#[derive(Debug)]
pub struct DeadlineRule {
    by: (u32, u32),
    early: Option<((u32, u32), Severity, String)>,
    wrong_year_message: String,
    published_message: Option<String>,
    issuers: Vec<IssuerDeadline>,
}

fn month_day(
    file: &RuleFile,
    value: &Spanned<String>,
    errors: &mut Vec<crate::rules::RuleError>,
) -> Option<(u32, u32)> {
    let parsed = value.get_ref().split_once('-').and_then(|(m, d)| {
        let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
    });
    if parsed.is_none() {
        errors.push(file.error(Some(value.span()), "日期应写成 MM-DD，例如 03-31", None));
    }
    parsed
}

impl DeadlineRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// Dates not written as MM-DD, bad severities.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let by = month_day(file, &params.by, &mut errors);
        let early = match (&params.early_by, &params.early_message) {
            (Some(date), Some(message)) => {
                let severity = params.early_severity.as_ref().and_then(|s| file.severity(s, &mut errors));
                month_day(file, date, &mut errors).map(|d| (d, severity.unwrap_or(Severity::Info), message.clone()))
            }
            (None, None) => None,
            _ => {
                errors.push(file.error(None, "early_by 与 early_message 须同时给出", None));
                None
            }
        };
        let mut issuers = Vec::new();
        for raw in &params.issuers {
            let issuer = file.regex(&raw.issuer, &mut errors);
            let by = month_day(file, &raw.by, &mut errors);
            let severity = raw.severity.as_ref().and_then(|s| file.severity(s, &mut errors));
            if let (Some(issuer), Some(by)) = (issuer, by) {
                issuers.push(IssuerDeadline {
                    issuer,
                    by,
                    severity,
                    message: raw.message.clone(),
                    published_message: raw.published_message.clone(),
                });
            }
        }
        match by {
            Some(by) if errors.is_empty() => Ok(Self {
                by,
                early,
                wrong_year_message: params.wrong_year_message,
                published_message: params.published_message,
                issuers,
            }),
            _ => Err(errors),
        }
    }

    /// Compares the publication date and the 成文日期 with the deadlines.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(year) = ctx.year else { return };
        let due = self.due(rule, ctx);
        Self::check_published(rule, ctx, year, &due, out);
        let Some(date) = ctx.doc.date else { return };
        let Some((y, m, d)) = date.ymd else { return };
        let written = ctx.doc.text(date.span);
        let values = |by: (u32, u32)| {
            [
                ("text", written.to_string()),
                ("deadline", format!("{}年{}月{}日", year + 1, by.0, by.1)),
                ("year", year.to_string()),
                ("next", (year + 1).to_string()),
            ]
        };
        let finding_at = |template: &str, by: (u32, u32)| {
            let v = values(by);
            let pairs: Vec<(&str, &str)> = v.iter().map(|(k, s)| (*k, s.as_str())).collect();
            filled(rule, date.span, template, &pairs)
        };
        // A report on year Y is written after Y ends; December of Y is tolerated for offices
        // that report at the year's close.
        let too_early = y < year || (y == year && m < 12);
        if too_early || y > year + 1 {
            out.push(finding_at(&self.wrong_year_message, self.by));
            return;
        }
        if y == year + 1 && (m, d) > due.by {
            let mut f = finding_at(due.message, due.by);
            if let Some(severity) = due.severity {
                f.severity = severity;
            }
            out.push(f);
            return;
        }
        if let Some((early_by, severity, message)) = &self.early
            && y == year + 1
            && (m, d) > *early_by
        {
            let mut f = finding_at(message, *early_by);
            f.severity = *severity;
            out.push(f);
        }
    }

    /// A page published after the deadline is late whatever its 成文日期 says. The date is
    /// not part of the report text, so the finding points at the title.
    fn check_published(rule: &Rule, ctx: &Ctx<'_>, year: i32, due: &Due<'_>, out: &mut Vec<Finding>) {
        let (Some(template), Some((y, m, d))) = (due.published_message, ctx.doc.source.origin.published) else {
            return;
        };
        if (y, m, d) <= (year + 1, due.by.0, due.by.1) {
            return;
        }
        let span = ctx.doc.title.as_ref().map_or_else(|| Span::new(0, 0), |t| t.span);
        let values = [
            ("text", format!("{y}年{m}月{d}日")),
            ("deadline", format!("{}年{}月{}日", year + 1, due.by.0, due.by.1)),
            ("year", year.to_string()),
            ("next", (year + 1).to_string()),
        ];
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut f = filled(rule, span, template, &pairs);
        if let Some(severity) = due.severity {
            f.severity = severity;
        }
        out.push(f);
    }

    /// The deadline of this report: the first `issuers` entry its issuer matches, else the
    /// rule's own. A report whose issuer is not written gets the rule's own.
    fn due<'a>(&'a self, rule: &'a Rule, ctx: &Ctx<'_>) -> Due<'a> {
        let own = Due {
            by: self.by,
            severity: None,
            message: &rule.message,
            published_message: self.published_message.as_deref(),
        };
        let Some(issuer) = ctx.doc.issuer_text() else { return own };
        match self.issuers.iter().find(|entry| entry.issuer.is_match(&issuer)) {
            Some(entry) => Due {
                by: entry.by,
                severity: entry.severity,
                message: entry.message.as_deref().unwrap_or(&rule.message),
                published_message: entry.published_message.as_deref().or(own.published_message),
            },
            None => own,
        }
    }
}
