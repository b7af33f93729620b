//! The kinds of rule, one file each. A kind reads its `[params]`, compiles them once, and runs
//! over a report. Adding a rule of an existing kind needs no Rust.

mod consistency;
mod deadline;
mod element;
mod metric;
mod numbering;
mod order;
mod pairs;
mod previous;
mod repeated;
mod sequence;
pub mod similar;
mod suppression;
mod table;
mod text;
mod year;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

pub use element::ElementRule;
pub use suppression::{SuppressionCheck, SuppressionRule};

use super::context::{Ctx, fill};
use super::{Rule, pattern};
use crate::diagnostic::RuleError;
use crate::finding::{Finding, Severity};
use crate::source::Span;

/// Names of the kinds, for messages and `did you mean`.
pub const KIND_NAMES: &[&str] = &[
    "element",
    "text",
    "sequence",
    "numbering",
    "year",
    "deadline",
    "order",
    "pairs",
    "repeated",
    "consistency",
    "metric",
    "suppression",
    "previous",
    "table",
    "similar",
];

/// A compiled rule kind with its parameters.
#[derive(Debug)]
pub enum Kind {
    /// A required element of the report (heading patterns, mention patterns, partial credit).
    Element(element::ElementRule),
    /// Patterns forbidden or required in a scope, with suggestions, exceptions and year windows.
    Text(text::TextRule),
    /// Ordinal sequences: gaps, duplicates and restarts of 一、（一）1.（1） and 一是/二是.
    Sequence(sequence::SequenceRule),
    /// The numbering scheme of heading markers (（一） not (一), 1. not 1、).
    Numbering(numbering::NumberingRule),
    /// Years written in parts of the report against the report year.
    Year(year::YearRule),
    /// The 成文日期 against the reporting deadline.
    Deadline(deadline::DeadlineRule),
    /// The order of the required elements.
    Order(order::OrderRule),
    /// Paired punctuation balanced and nested.
    Pairs(pairs::PairsRule),
    /// A word written twice in a row.
    Repeated(repeated::RepeatedRule),
    /// One way of writing a thing throughout a report.
    Consistency(consistency::ConsistencyRule),
    /// A measured quantity of a part against a threshold.
    Metric(metric::MetricRule),
    /// Suppression comments without a reason, or waiving nothing.
    Suppression(suppression::SuppressionRule),
    /// The report against the same issuer's report of the year before.
    Previous(previous::PreviousRule),
    /// A statistics table: relations between cells, value cells, the table missing, prose
    /// figures against it.
    Table(table::TableRule),
    /// The report against the other reports of the batch (near-copies by another issuer).
    Similar(similar::SimilarRule),
}

impl Kind {
    /// Compiles the `[params]` of a rule file for the named kind.
    ///
    /// # Errors
    /// Every problem in the parameters, located in the file.
    pub fn compile(name: &str, file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        Ok(match name {
            "element" => Kind::Element(element::ElementRule::compile(file)?),
            "text" => Kind::Text(text::TextRule::compile(file)?),
            "sequence" => Kind::Sequence(sequence::SequenceRule::compile(file)?),
            "numbering" => Kind::Numbering(numbering::NumberingRule::compile(file)?),
            "year" => Kind::Year(year::YearRule::compile(file)?),
            "deadline" => Kind::Deadline(deadline::DeadlineRule::compile(file)?),
            "order" => Kind::Order(order::OrderRule::compile(file)?),
            "pairs" => Kind::Pairs(pairs::PairsRule::compile(file)?),
            "repeated" => Kind::Repeated(repeated::RepeatedRule::compile(file)?),
            "consistency" => Kind::Consistency(consistency::ConsistencyRule::compile(file)?),
            "metric" => Kind::Metric(metric::MetricRule::compile(file)?),
            "suppression" => Kind::Suppression(suppression::SuppressionRule::compile(file)?),
            "previous" => Kind::Previous(previous::PreviousRule::compile(file)?),
            "table" => Kind::Table(table::TableRule::compile(file)?),
            "similar" => Kind::Similar(similar::SimilarRule::compile(file)?),
            other => {
                return Err(vec![file.error(
                    None,
                    format!("未知的规则类型“{other}”"),
                    Some(format!("可用的类型：{}", KIND_NAMES.join("、"))),
                )]);
            }
        })
    }

    /// Adds the kind's whole-text prefilter patterns (only `text` rules have them).
    pub fn register_prefilter(&mut self, patterns: &mut Vec<String>) {
        if let Kind::Text(k) = self {
            k.register_prefilter(patterns);
        }
    }

    /// Forgets prefilter places.
    pub fn clear_prefilter(&mut self) {
        if let Kind::Text(k) = self {
            k.clear_prefilter();
        }
    }

    /// Whether the kind reads a rule's top-level `scope`.
    #[must_use]
    pub fn reads_scope(name: &str) -> bool {
        matches!(name, "text" | "consistency" | "pairs" | "repeated" | "metric")
    }

    /// Every placeholder the kind fills in some template (`{text}` …): the names a did-you-mean
    /// may suggest, each with words for texts shown without a finding.
    #[must_use]
    pub fn placeholders(name: &str) -> &'static [&'static str] {
        match name {
            "consistency" => &["text", "suggestion", "count"],
            "deadline" => &["text", "deadline", "year", "next"],
            "element" => &["label", "text"],
            "metric" => &["value", "threshold", "count", "only_count", "total", "chars"],
            "numbering" => &["text", "suggestion", "parent"],
            "order" => &["first", "second"],
            "pairs" => &["text", "expected", "open"],
            "repeated" => &["text", "suggestion"],
            "sequence" => &["text", "count", "expected"],
            "suppression" => &["text"],
            "previous" => &["text", "other", "other_file", "other_place", "element", "similarity", "previous_report"],
            "table" => &["text", "table", "row", "column", "written", "computed", "relation", "issuer"],
            "similar" => &["text", "share", "other_report", "other_issuer", "passages"],
            "text" => &["text", "suggestion", "year", "count"],
            "year" => &["text", "expected", "year"],
            _ => &[],
        }
    }

    /// The placeholders the kind fills in the template written under `key`: `message`, `help`
    /// (also in `[level.*]` and in a text check) or one of its own `*_message` parameters.
    /// What is listed is filled in every finding made with that template; `help` goes with
    /// every finding of the rule, so it may use only what all of them fill. A placeholder
    /// outside this list would reach the user as written, so the loader refuses it.
    #[must_use]
    pub fn fills(name: &str, key: &str) -> &'static [&'static str] {
        match (name, key) {
            // Absent and embedded findings know only the label; a weak one also its words.
            ("element", "weak_message") => &["label", "text"],
            ("element", _) => &["label"],
            // Wrong forms know the standard form, skipped levels the parent's marker.
            ("numbering", "message") => &["text", "suggestion"],
            ("numbering", "skipped_level_message") => &["text", "parent"],
            // Continued numbering counts its places; the other findings know the right ordinal.
            ("sequence", "continued_message") => &["text", "count"],
            ("numbering", _) | ("sequence", "help") => &["text"],
            ("sequence", _) => &["text", "expected"],
            ("text", "group_message") => &["count", "text"],
            ("text", _) => &["text", "suggestion", "year"],
            (other, _) => Self::placeholders(other),
        }
    }

    /// The kind's name as written in rule files.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Element(_) => "element",
            Kind::Text(_) => "text",
            Kind::Sequence(_) => "sequence",
            Kind::Numbering(_) => "numbering",
            Kind::Year(_) => "year",
            Kind::Deadline(_) => "deadline",
            Kind::Order(_) => "order",
            Kind::Pairs(_) => "pairs",
            Kind::Repeated(_) => "repeated",
            Kind::Consistency(_) => "consistency",
            Kind::Metric(_) => "metric",
            Kind::Suppression(_) => "suppression",
            Kind::Previous(_) => "previous",
            Kind::Table(_) => "table",
            Kind::Similar(_) => "similar",
        }
    }

    /// Runs the rule over a report, appending its findings.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        match self {
            Kind::Element(k) => k.run(rule, ctx, out),
            Kind::Text(k) => k.run(rule, ctx, out),
            Kind::Sequence(k) => k.run(rule, ctx, out),
            Kind::Numbering(k) => k.run(rule, ctx, out),
            Kind::Year(k) => k.run(rule, ctx, out),
            Kind::Deadline(k) => k.run(rule, ctx, out),
            Kind::Order(k) => k.run(rule, ctx, out),
            Kind::Pairs(k) => k.run(rule, ctx, out),
            Kind::Repeated(k) => k.run(rule, ctx, out),
            Kind::Consistency(k) => k.run(rule, ctx, out),
            Kind::Metric(k) => k.run(rule, ctx, out),
            Kind::Suppression(k) => k.run(rule, ctx, out),
            Kind::Previous(k) => k.run(rule, ctx, out),
            Kind::Table(k) => k.run(rule, ctx, out),
            // The batch search runs once the whole run is checked (`cli::session`).
            Kind::Similar(_) => {}
        }
    }
}

/// A rule file being compiled: its display name and text, and the element keys it names
/// (collected while the kind compiles, checked against the whole set after loading).
#[derive(Debug)]
pub struct RuleFile {
    /// Path shown in messages.
    pub name: String,
    /// The file's text.
    pub text: Arc<str>,
    /// Element keys named in scopes and parameters, with where.
    refs: RefCell<Vec<ElementRef>>,
    /// Whether patterns are compiled when first used rather than now (built-in rules).
    deferred: bool,
}

/// An element key a rule names (`scope = "element:shortcomings"`, `within`, `before`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementRef {
    /// The key as written.
    pub key: String,
    /// Where it is written in the rule file.
    pub span: Range<usize>,
}

impl RuleFile {
    /// A rule file named `name` with this text.
    #[must_use]
    pub fn new(name: &str, text: &str) -> Self {
        Self { name: name.to_string(), text: Arc::from(text), refs: RefCell::new(Vec::new()), deferred: false }
    }

    /// The same, for a built-in rule: its patterns' syntax is checked now and each is compiled
    /// when first used.
    #[must_use]
    pub fn deferred(mut self) -> Self {
        self.deferred = true;
        self
    }

    /// Records that the rule names element `key` at `span`.
    pub fn element_ref(&self, key: &Spanned<String>) {
        self.refs.borrow_mut().push(ElementRef { key: key.get_ref().clone(), span: key.span() });
    }

    /// The element keys the rule named while compiling.
    #[must_use]
    pub fn take_refs(&self) -> Vec<ElementRef> {
        self.refs.take()
    }

    /// An error located in this file.
    #[must_use]
    pub fn error(&self, span: Option<Range<usize>>, message: impl Into<String>, help: Option<String>) -> RuleError {
        RuleError::at(&self.name, &self.text, span, message, help)
    }

    /// Reads the `[params]` table into a kind's parameter type.
    ///
    /// # Errors
    /// A located error for a missing table, unknown key or wrong type.
    pub fn params<P: DeserializeOwned>(&self) -> Result<P, Vec<RuleError>> {
        #[derive(Deserialize)]
        struct Wrapper<P> {
            params: Option<P>,
        }
        match toml::from_str::<Wrapper<P>>(&self.text) {
            Ok(Wrapper { params: Some(params) }) => Ok(params),
            Ok(Wrapper { params: None }) => Err(vec![self.error(
                None,
                "缺少 [params] 表",
                Some("这种类型的规则需要 [params]，见 ARCHITECTURE.md".into()),
            )]),
            Err(e) => {
                let (message, help) = crate::diagnostic::toml_error(e.message(), &[]);
                Err(vec![self.error(e.span(), format!("[params] 有误：{message}"), help)])
            }
        }
    }

    /// The rule's top-level `scope`, if any.
    ///
    /// # Errors
    /// A located error when the value is not a string.
    pub fn header_scope(&self) -> Result<Option<Spanned<String>>, Vec<RuleError>> {
        #[derive(Deserialize)]
        struct Header {
            scope: Option<Spanned<String>>,
        }
        toml::from_str::<Header>(&self.text).map(|h| h.scope).map_err(|e| {
            vec![self.error(
                e.span(),
                format!("scope 有误：{}", crate::diagnostic::toml_error(e.message(), &[]).0),
                None,
            )]
        })
    }

    /// The rule's top-level `scope`, or `default` when it has none; a bad scope is recorded.
    ///
    /// # Errors
    /// A located error when `scope` is not a string.
    pub fn scope_or(
        &self,
        default: super::scope::Scope,
        errors: &mut Vec<RuleError>,
    ) -> Result<super::scope::Scope, Vec<RuleError>> {
        Ok(match self.header_scope()? {
            Some(s) => self.scope(&s, errors).unwrap_or(default),
            None => default,
        })
    }

    /// Compiles one pattern (checks its syntax only, for a built-in rule: see
    /// [`pattern::Pattern`]), or records its error.
    pub fn regex(&self, pattern: &Spanned<String>, errors: &mut Vec<RuleError>) -> Option<pattern::Pattern> {
        let checked = if self.deferred {
            pattern::check_syntax(pattern.get_ref())
                .map(|()| pattern::Pattern::deferred(pattern.get_ref()))
                .map_err(|detail| pattern::PatternError { span: pattern.span(), detail })
        } else {
            pattern::compile(pattern).map(pattern::Pattern::compiled)
        };
        match checked {
            Ok(regex) => Some(regex),
            Err(e) => {
                errors.push(self.error(Some(e.span), "正则表达式无法编译", Some(last_line(&e.detail))));
                None
            }
        }
    }

    /// Compiles a list of patterns, recording errors.
    pub fn regexes(&self, patterns: &[Spanned<String>], errors: &mut Vec<RuleError>) -> Vec<pattern::Pattern> {
        patterns.iter().filter_map(|p| self.regex(p, errors)).collect()
    }

    /// Reads a severity written in the file.
    pub fn severity(&self, value: &Spanned<String>, errors: &mut Vec<RuleError>) -> Option<Severity> {
        match value.get_ref().parse() {
            Ok(severity) => Some(severity),
            Err(message) => {
                errors.push(self.error(Some(value.span()), message, None));
                None
            }
        }
    }

    /// Reads a scope written in the file.
    pub fn scope(&self, value: &Spanned<String>, errors: &mut Vec<RuleError>) -> Option<super::scope::Scope> {
        match value.get_ref().parse() {
            Ok(scope) => {
                if let Some(key) = super::scope::element_key(&scope) {
                    self.refs.borrow_mut().push(ElementRef { key: key.to_string(), span: value.span() });
                }
                Some(scope)
            }
            Err(message) => {
                errors.push(self.error(
                    Some(value.span()),
                    message,
                    Some(format!("可用的范围：{}", super::scope::SCOPE_NAMES.join("、"))),
                ));
                None
            }
        }
    }
}

fn last_line(text: &str) -> String {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(text).trim().to_string()
}

/// A finding of `rule` at `span` whose message is `template` and whose help is the rule's,
/// both filled with `values` (the placeholders the kind declares).
#[must_use]
pub fn filled(rule: &Rule, span: Span, template: &str, values: &[(&str, &str)]) -> Finding {
    let mut f = finding(rule, span, fill(template, values));
    f.help = fill(&rule.help, values);
    f
}

/// A finding of `rule` at `span` with the rule's default severity and help.
#[must_use]
pub fn finding(rule: &Rule, span: Span, message: String) -> Finding {
    Finding {
        rule: Arc::clone(&rule.id),
        severity: rule.severity,
        span,
        message,
        help: rule.help.clone(),
        suggestion: None,
        penalty: None,
        edits: Vec::new(),
        also: Vec::new(),
    }
}
