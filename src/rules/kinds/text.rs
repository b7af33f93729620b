//! Kind `text`: checks of patterns in a scope. Each `[[params.checks]]` entry either forbids a
//! pattern (with an optional replacement), requires one, or requires the scope itself to exist.
//! Exceptions (`unless`), context conditions (`before`/`after`) and report-year windows
//! (`active_from`/`active_to`) keep correct text silent.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use crate::rules::pattern::Pattern;
use serde::Deserialize;
use toml::Spanned;

use super::{RuleFile, filled, finding};
use crate::finding::{Edit, Finding, Severity};
use crate::rules::context::{Ctx, fill};
use crate::rules::scope::Scope;
use crate::rules::{Rule, RuleError};
use crate::source::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    group: bool,
    /// With `group`: the message of a span with several hits (`{count}`, `{text}` of the first).
    #[serde(default)]
    group_message: Option<String>,
    checks: Vec<RawCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    forbid: Option<Spanned<String>>,
    #[serde(default)]
    require: Option<Spanned<String>>,
    #[serde(default)]
    missing: Option<String>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    suggest: Option<String>,
    #[serde(default)]
    fix: bool,
    #[serde(default)]
    severity: Option<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    before: Option<Spanned<String>>,
    #[serde(default)]
    not_before: Option<Spanned<String>>,
    #[serde(default)]
    after: Option<Spanned<String>>,
    #[serde(default)]
    not_after: Option<Spanned<String>>,
    #[serde(default)]
    active_from: Option<i32>,
    #[serde(default)]
    active_to: Option<i32>,
    #[serde(default)]
    valid_from: Option<i32>,
    #[serde(default)]
    valid_to: Option<i32>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    only_if: Option<Spanned<String>>,
    #[serde(default)]
    only_if_not: Option<Spanned<String>>,
}

#[derive(Debug)]
enum Test {
    /// The pattern, and its entry in the rule set's prefilter, if it has one.
    Forbid(Pattern, Option<String>),
    Require(Pattern),
    Exists,
}

#[derive(Debug)]
struct Check {
    test: Test,
    scope: Scope,
    missing: Option<String>,
    message: Option<String>,
    help: Option<String>,
    suggest: Option<String>,
    fix: bool,
    severity: Option<Severity>,
    /// Indices into the rule's pool of exception patterns.
    unless: Vec<usize>,
    before: Option<Pattern>,
    not_before: Option<Pattern>,
    after: Option<Pattern>,
    not_after: Option<Pattern>,
    active: (Option<i32>, Option<i32>),
    valid: (Option<i32>, Option<i32>),
    source: Option<String>,
    only_if: Option<Scope>,
    only_if_not: Option<Scope>,
}

/// A compiled `text` rule.
#[derive(Debug)]
pub struct TextRule {
    checks: Vec<Check>,
    /// Distinct exception patterns of all checks.
    exceptions: Vec<Pattern>,
    /// For each check, its place in the rule set's prefilter (`RuleSet::prefilter`), when its
    /// pattern can be tried on the whole report.
    slots: Vec<Option<usize>>,
    group: bool,
    group_message: Option<String>,
}

impl TextRule {
    /// Compiles the rule's checks.
    ///
    /// # Errors
    /// Bad patterns, scopes or severities, located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let default_scope = file.scope_or(Scope::Paragraphs, &mut errors)?;
        if params.checks.is_empty() {
            errors.push(file.error(None, "[[params.checks]] 至少要有一项", None));
        }
        let mut checks = Vec::new();
        // Checks of one rule often share exceptions; each distinct pattern is kept once.
        let mut exception_pool: Vec<Pattern> = Vec::new();
        for raw in params.checks {
            let test = match (&raw.forbid, &raw.require) {
                (Some(p), None) => {
                    let prefilter = super::super::pattern::set_entry(p.get_ref());
                    file.regex(p, &mut errors).map(|r| Test::Forbid(r, prefilter))
                }
                (None, Some(p)) => file.regex(p, &mut errors).map(Test::Require),
                (None, None) if raw.missing.is_some() => Some(Test::Exists),
                (Some(p), Some(_)) => {
                    errors.push(file.error(Some(p.span()), "一项检查只能有 forbid 或 require 之一", None));
                    None
                }
                (None, None) => {
                    errors.push(file.error(None, "检查项需要 forbid、require 或 missing", None));
                    None
                }
            };
            let scope = match &raw.scope {
                Some(s) => file.scope(s, &mut errors),
                None => Some(default_scope.clone()),
            };
            let severity = raw.severity.as_ref().and_then(|s| file.severity(s, &mut errors));
            let one = |p: &Option<Spanned<String>>, errors: &mut Vec<RuleError>| {
                p.as_ref().and_then(|p| file.regex(p, errors))
            };
            let before = one(&raw.before, &mut errors);
            let not_before = one(&raw.not_before, &mut errors);
            let after = one(&raw.after, &mut errors);
            let not_after = one(&raw.not_after, &mut errors);
            let unless: Vec<usize> = raw
                .unless
                .iter()
                .filter_map(|pattern| {
                    match exception_pool.iter().position(|r: &Pattern| r.as_str() == pattern.get_ref()) {
                        Some(idx) => Some(idx),
                        None => file.regex(pattern, &mut errors).map(|r| {
                            exception_pool.push(r);
                            exception_pool.len() - 1
                        }),
                    }
                })
                .collect();
            let only_if = raw.only_if.as_ref().and_then(|s| file.scope(s, &mut errors));
            let only_if_not = raw.only_if_not.as_ref().and_then(|s| file.scope(s, &mut errors));
            if let (Some(test), Some(scope)) = (test, scope) {
                checks.push(Check {
                    test,
                    scope,
                    missing: raw.missing,
                    message: raw.message,
                    help: raw.help,
                    suggest: raw.suggest,
                    fix: raw.fix,
                    severity,
                    unless,
                    before,
                    not_before,
                    after,
                    not_after,
                    active: (raw.active_from, raw.active_to),
                    valid: (raw.valid_from, raw.valid_to),
                    source: raw.source,
                    only_if,
                    only_if_not,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let slots = vec![None; checks.len()];
        Ok(Self { checks, exceptions: exception_pool, slots, group: params.group, group_message: params.group_message })
    }

    /// Adds the patterns of the checks that can be tried once on the whole report to the rule
    /// set's prefilter, remembering their places. Small scopes (a title, a date line) are
    /// cheaper to search directly and are left out.
    pub fn register_prefilter(&mut self, patterns: &mut Vec<String>) {
        for (idx, check) in self.checks.iter().enumerate() {
            let large = matches!(
                check.scope,
                Scope::Text
                    | Scope::Body
                    | Scope::Lines
                    | Scope::Paragraphs
                    | Scope::Sentences
                    | Scope::Preamble
                    | Scope::Element(_)
                    | Scope::ElementBody(_)
            );
            if let (Test::Forbid(_, Some(entry)), true) = (&check.test, large) {
                patterns.push(entry.clone());
                self.slots[idx] = Some(patterns.len() - 1);
            }
        }
    }

    /// Forgets the prefilter places (when the set could not be built).
    pub fn clear_prefilter(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = None);
    }

    /// Runs every check. With `group`, all hits of all checks in one span become a single
    /// finding (the first hit, with every hit's edit): one finding per paragraph, not per comma.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let mut hits: Vec<Finding> = Vec::new();
        let mut spans_of_hits: Vec<Span> = Vec::new();
        let mut scopes: Vec<(&Scope, Vec<Span>)> = Vec::new();
        let mut exceptions: ExceptionCache = HashMap::default();
        // `{year}` of messages, written once per run rather than once per span.
        let year = ctx.year.map(|y| y.to_string()).unwrap_or_default();
        for (idx, check) in self.checks.iter().enumerate() {
            // Most checks never match a given report; the rule set's one pass over the whole
            // text says which can.
            if let (Some(possible), Some(slot)) = (ctx.prefilter, self.slots[idx])
                && !possible.matched(slot)
            {
                continue;
            }
            if !check.is_active(ctx.year)
                || check.only_if.as_ref().is_some_and(|s| s.resolve(ctx).is_empty())
                || check.only_if_not.as_ref().is_some_and(|s| !s.resolve(ctx).is_empty())
            {
                continue;
            }
            let scope_idx = if let Some(idx) = scopes.iter().position(|(scope, _)| **scope == check.scope) {
                idx
            } else {
                scopes.push((&check.scope, check.scope.resolve(ctx)));
                scopes.len() - 1
            };
            let spans = &scopes[scope_idx].1;
            if spans.is_empty() {
                if let Some(missing) = &check.missing {
                    let mut f = finding(rule, check.scope.missing_anchor(ctx), missing.clone());
                    if let Some(help) = &check.help {
                        f.help.clone_from(help);
                    }
                    check.decorate(&mut f);
                    out.push(f);
                }
                continue;
            }
            match &check.test {
                Test::Exists => {}
                Test::Require(regex) => {
                    if !spans.iter().any(|s| regex.is_match(ctx.doc.text(*s))) {
                        let message = check.message.clone().unwrap_or_else(|| rule.message.clone());
                        let mut f = finding(rule, spans[0], message);
                        if let Some(help) = &check.help {
                            f.help.clone_from(help);
                        }
                        check.decorate(&mut f);
                        out.push(f);
                    }
                }
                Test::Forbid(regex, _) => {
                    for &span in spans {
                        let before = hits.len();
                        forbid(
                            rule,
                            (ctx, &year),
                            (check, &self.exceptions),
                            regex,
                            span,
                            self.group,
                            &mut exceptions,
                            &mut hits,
                        );
                        spans_of_hits.extend(std::iter::repeat_n(span, hits.len() - before));
                    }
                }
            }
        }
        if !self.group {
            out.extend(hits);
            return;
        }
        let mut grouped: Vec<(Finding, usize)> = Vec::new();
        let mut group_of: HashMap<Span, usize> = HashMap::new();
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|i| (spans_of_hits[*i].start, hits[*i].span.start));
        for idx in order {
            let hit = &hits[idx];
            match group_of.entry(spans_of_hits[idx]) {
                Entry::Occupied(at) => {
                    let (f, count) = &mut grouped[*at.get()];
                    f.edits.extend(hit.edits.iter().cloned());
                    f.also.push(hit.span);
                    *count += 1;
                }
                Entry::Vacant(at) => {
                    at.insert(grouped.len());
                    grouped.push((hit.clone(), 1));
                }
            }
        }
        for (mut f, count) in grouped {
            if count > 1 {
                f.message = match &self.group_message {
                    Some(template) => {
                        let first = ctx.doc.text(f.span);
                        fill(template, &[("count", &count.to_string()), ("text", first)])
                    }
                    None => format!("{}（本段共{count}处）", f.message),
                };
            }
            out.push(f);
        }
    }
}

/// Matches of exception patterns per (pool index, span): checks of one rule often share
/// their exceptions (every punctuation check skips runs of ASCII text), so each is searched
/// once per span.
type ExceptionCache = HashMap<(usize, Span), Vec<(usize, usize)>, BuildHasherDefault<KeyHasher>>;

/// A hasher for the exception cache's keys (three small integers): the default hasher's defence against
/// crafted keys buys nothing here and cost more than the exception lookups it served.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        // Multiply-rotate mixing in the style of FxHash; hashbrown reads the top bits.
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(u64::from(byte));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Reports each hit of `regex` in `span`. With `group`, only the first hit of the span gets a
/// message (the others only lend their edits to it), which keeps a paragraph with a hundred
/// ASCII commas cheap.
///
/// Hits are found with `find_iter`; a suggestion with `$` groups is expanded only for a hit
/// that survives the context and exception tests, from `captures_at` at the hit's start. That
/// gives the groups `captures_iter` would have given: a match starts there, so the leftmost
/// match from there is the same match (same start, same preference order, same haystack).
#[allow(clippy::too_many_arguments, reason = "one call site; a struct would only rename them")]
fn forbid(
    rule: &Rule,
    (ctx, year): (&Ctx<'_>, &str),
    (check, pool): (&Check, &[Pattern]),
    regex: &Pattern,
    span: Span,
    group: bool,
    cache: &mut ExceptionCache,
    out: &mut Vec<Finding>,
) {
    let mut first = true;
    let text = ctx.doc.text(span);
    for whole in regex.find_iter(text) {
        if whole.is_empty() || !check.context_allows(text, whole.start(), whole.end()) {
            continue;
        }
        // An exception covers the hit: the hit is part of a correct longer term.
        let excepted = check.unless.iter().any(|&idx| {
            cache
                .entry((idx, span))
                .or_insert_with(|| pool[idx].find_iter(text).map(|m| (m.start(), m.end())).collect())
                .iter()
                .any(|(start, end)| *start <= whole.start() && whole.end() <= *end)
        });
        if excepted {
            continue;
        }
        let suggestion = check.suggest.as_ref().map(|template| {
            if !template.contains('$') {
                // A fixed replacement (，for ,) needs no capture groups.
                return template.clone();
            }
            let mut expanded = String::new();
            if let Some(caps) = regex.captures_at(text, whole.start()) {
                caps.expand(template, &mut expanded);
            }
            expanded
        });
        let hit = Span::new(span.start + whole.start(), span.start + whole.end());
        let edit = suggestion.as_ref().filter(|_| check.fix).map(|s| Edit { span: hit, replacement: s.clone() });
        if group && !first {
            // Only its edit matters: it joins the span's first finding.
            out.push(Finding {
                rule: std::sync::Arc::clone(&rule.id),
                severity: rule.severity,
                span: hit,
                message: String::new(),
                help: String::new(),
                suggestion: None,
                penalty: None,
                edits: edit.into_iter().collect(),
                also: Vec::new(),
            });
            continue;
        }
        first = false;
        let values = [("text", whole.as_str()), ("suggestion", suggestion.as_deref().unwrap_or("")), ("year", year)];
        let template = check.message.as_deref().unwrap_or(&rule.message);
        let mut f = filled(rule, hit, template, &values);
        f.help = fill(check.help.as_deref().unwrap_or(&rule.help), &values);
        f.suggestion = suggestion;
        f.edits.extend(edit);
        check.decorate(&mut f);
        out.push(f);
    }
}

impl Check {
    /// Whether the check applies to a report of `year`: inside `active_from..=active_to`, and
    /// outside the term's `valid_from..=valid_to` (a term is flagged only when the report year
    /// is before it existed or after it lapsed). Without a known year, dated checks stay silent.
    fn is_active(&self, year: Option<i32>) -> bool {
        let active = match self.active {
            (None, None) => true,
            (from, to) => year.is_some_and(|y| from.is_none_or(|f| y >= f) && to.is_none_or(|t| y <= t)),
        };
        let outside_validity = match self.valid {
            (None, None) => true,
            (from, to) => year.is_some_and(|y| from.is_some_and(|f| y < f) || to.is_some_and(|t| y > t)),
        };
        active && outside_validity
    }

    fn context_allows(&self, text: &str, start: usize, end: usize) -> bool {
        let before = &text[..start];
        let after = &text[end..];
        if self.before.as_ref().is_some_and(|r| !r.is_match(before))
            || self.not_before.as_ref().is_some_and(|r| r.is_match(before))
            || self.after.as_ref().is_some_and(|r| !r.is_match(after))
            || self.not_after.as_ref().is_some_and(|r| r.is_match(after))
        {
            return false;
        }
        true
    }

    fn decorate(&self, f: &mut Finding) {
        if let Some(severity) = self.severity {
            f.severity = severity;
        }
        if let Some(source) = &self.source {
            f.help = format!("{}（依据：{source}）", f.help);
        }
    }
}
