//! Runs a rule set over a document: detects the required elements, runs every rule, sorts
//! the findings and scores them.
//!
//! **Invariant:** the engine prints nothing and touches no file; it turns a `Document` into a
//! `Checked` report.

use std::collections::HashMap;
use std::path::Path;

use crate::compare::{Prepared, PreviousReport};
use crate::document::{Document, TextMarkup, parse, readers};
use crate::finding::{Finding, Severity};
use crate::pack::PackId;
use crate::rules::elements::{Elements, detect};
use crate::rules::{Claiming, Ctx, RuleSet};
use crate::score::{Score, score};
use crate::source::{MAX_INPUT_BYTES, ReadError, SourceFile, Span};
use crate::suppress::{Suppression, SuppressionOrigin, directives, inline_suppressions};

/// A checked report.
#[derive(Debug)]
pub struct Checked {
    /// The parsed report.
    pub document: Document,
    /// The required elements found.
    pub elements: Elements,
    /// Findings in text order, waived ones left out.
    pub findings: Vec<Finding>,
    /// Findings waived by a suppression, in text order. They neither cost points nor fail the
    /// gate, but outputs show them with the reason so that an auditor sees what was waived.
    pub waived: Vec<Waived>,
    /// Findings left out because a baseline recorded them (`check --baseline`).
    pub baselined: usize,
    /// The score.
    pub score: Score,
    /// The pack whose rules checked it.
    pub pack: PackId,
}

/// A finding waived by a suppression.
#[derive(Debug, Clone)]
pub struct Waived {
    /// The finding as the rule reported it.
    pub finding: Finding,
    /// The reason the suppression gives (`None`: it gave none, which is itself reported).
    pub reason: Option<String>,
    /// Where the suppression is written: `inline` (a comment in the report) or `config`.
    pub by: WaiverSource,
    /// The suppression exactly: the comment's span, or the configuration entry.
    pub origin: SuppressionOrigin,
}

/// Where a suppression is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverSource {
    /// A `fazhi-disable` comment in the report.
    Inline,
    /// A `[[suppress]]` entry of the configuration file.
    Config,
}

/// Options that change how a report is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Encoding label forced by the user (`--encoding`).
    pub encoding: Option<String>,
    /// Report year to use when the report itself gives none.
    pub report_year: Option<i32>,
}

/// The pass/fail gate of a run.
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    /// Lowest severity that fails a report (`None`: findings never fail it).
    pub fail_on: Option<Severity>,
    /// Lowest passing score.
    pub min_score: Option<f64>,
}

impl Gate {
    /// Whether a checked report passes.
    #[must_use]
    pub fn passes(&self, checked: &Checked) -> bool {
        self.verdict(checked).passes()
    }

    /// The verdict on a checked report: what fails it, if anything.
    #[must_use]
    pub fn verdict(&self, checked: &Checked) -> Verdict {
        let mut reasons = Vec::new();
        if let Some(level) = self.fail_on {
            let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .filter(|s| *s >= level)
                .filter_map(|s| {
                    let n = checked.findings.iter().filter(|f| f.severity == s).count();
                    (n > 0).then(|| format!("{n}个{}", s.label()))
                })
                .collect();
            if !counts.is_empty() {
                reasons.push(format!("有{}", counts.join("、")));
            }
        }
        if let Some(min) = self.min_score.filter(|min| checked.score.total < *min) {
            reasons.push(format!("得分{:.1}，低于要求的{min}分", checked.score.total));
        }
        Verdict { reasons }
    }
}

/// The gate's verdict on one report: 可以报送, or 需修改 and why. It judges the findings and
/// the points against `fail-on` and `min-score`; the grade judges the report's quality, so a
/// well-graded report can still need a correction before it is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// What fails the report (`有3个错误`, `得分55.0，低于要求的60分`); empty when it passes.
    pub reasons: Vec<String>,
}

impl Verdict {
    /// Whether the report passes the gate.
    #[must_use]
    pub fn passes(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The verdict in a word: 可以报送 or 需修改.
    #[must_use]
    pub fn word(&self) -> &'static str {
        if self.passes() { "可以报送" } else { "需修改" }
    }
}

impl std::fmt::Display for Verdict {
    /// `可以报送`, or `需修改（有3个错误）`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.passes() {
            f.write_str(self.word())
        } else {
            write!(f, "{}（{}）", self.word(), self.reasons.join("；"))
        }
    }
}

/// Reads, parses and checks one file.
///
/// # Errors
/// `ReadError` when the file cannot be read as report text.
pub fn check_file(path: &Path, options: &ReadOptions, rules: &RuleSet) -> Result<Checked, ReadError> {
    check_file_with(path, options, rules, &[])
}

/// Reads, parses and checks one file, waiving what `suppressions` (from the configuration)
/// and the report's own `fazhi-disable` comments cover.
///
/// # Errors
/// `ReadError` when the file cannot be read as report text.
pub fn check_file_with(
    path: &Path,
    options: &ReadOptions,
    rules: &RuleSet,
    suppressions: &[Suppression],
) -> Result<Checked, ReadError> {
    check_file_compared(path, options, rules, suppressions, None)
}

/// Reads, parses and checks one file as `check_file_with` does, comparing it with `previous`,
/// the same issuer's report of the year before, when given (the rules of kind `previous`).
///
/// # Errors
/// `ReadError` when the file cannot be read as report text.
pub fn check_file_compared(
    path: &Path,
    options: &ReadOptions,
    rules: &RuleSet,
    suppressions: &[Suppression],
    previous: Option<PreviousReport<'_>>,
) -> Result<Checked, ReadError> {
    let document = readers::read(path, options.encoding.as_deref(), &rules.pack.document)?;
    Ok(check_document_compared(document, rules, options.report_year, suppressions, previous))
}

/// Reads a report that another is compared with: its text, structure and elements, without
/// running the rules over it. `name` is how messages name the file.
///
/// # Errors
/// `ReadError` when the file cannot be read as report text.
pub fn prepare_previous(
    path: &Path,
    name: &str,
    options: &ReadOptions,
    rules: &RuleSet,
) -> Result<Prepared, ReadError> {
    let document = readers::read(path, options.encoding.as_deref(), &rules.pack.document)?;
    let elements = detect(&document, &rules.element_specs());
    Ok(Prepared { name: name.to_owned(), document, elements })
}

/// Reads, parses and checks the bytes of a file named `path` that is not on disk (an upload to
/// `fazhi serve`), with the same limits and readers as `check_file_with`.
///
/// # Errors
/// `ReadError` when the bytes cannot be read as report text.
pub fn check_bytes_with(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
    rules: &RuleSet,
    suppressions: &[Suppression],
) -> Result<Checked, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES });
    }
    let document = readers::read_bytes(path, bytes, options.encoding.as_deref(), &rules.pack.document)?;
    Ok(check_document_with(document, rules, options.report_year, suppressions))
}

/// Reads, parses and checks one report whose pack the run did not choose: `bytes` when given,
/// else the file. `fallback` is used unless one of `others` claims the report by its title
/// (`[detect]` in its `pack.toml`); the chosen set's hints parse it. `previous` is the
/// same issuer's report of the year before, for the rules of kind `previous`.
///
/// # Errors
/// `ReadError` when the report cannot be read as report text.
pub fn check_choosing(
    path: &Path,
    bytes: Option<&[u8]>,
    options: &ReadOptions,
    fallback: &RuleSet,
    others: &[&Claiming],
    suppressions: &[Suppression],
    previous: Option<PreviousReport<'_>>,
) -> Result<Checked, ReadError> {
    let owned;
    let bytes = match bytes {
        Some(bytes) if bytes.len() > MAX_INPUT_BYTES => {
            return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: MAX_INPUT_BYTES });
        }
        Some(bytes) => bytes,
        None => {
            owned = readers::read_input(path)?;
            &owned
        }
    };
    let (source, markup) = readers::read_source(path, bytes, options.encoding.as_deref())?;
    let rules = rules_for(&source.text, fallback, others);
    let document = crate::document::parse(source, markup, &rules.pack.document);
    Ok(check_document_compared(document, rules, options.report_year, suppressions, previous))
}

/// The rule set a report's text calls for: the first of `others` whose pack claims it by its
/// title (`[detect]` in its `pack.toml`), else `fallback`.
#[must_use]
pub fn rules_for<'a>(text: &str, fallback: &'a RuleSet, others: &[&'a Claiming]) -> &'a RuleSet {
    others.iter().find(|c| c.claims(text)).map_or(fallback, |c| c.rules())
}

/// Checks a parsed document with every rule of the set.
#[must_use]
pub fn check_document(document: Document, rules: &RuleSet, fallback_year: Option<i32>) -> Checked {
    check_document_with(document, rules, fallback_year, &[])
}

/// Checks a parsed document with every rule of the set, waiving what the report's own
/// `fazhi-disable` comments and the configuration's suppressions (`extra`) cover.
#[must_use]
pub fn check_document_with(
    document: Document,
    rules: &RuleSet,
    fallback_year: Option<i32>,
    extra: &[Suppression],
) -> Checked {
    check_document_compared(document, rules, fallback_year, extra, None)
}

/// Checks a parsed document as `check_document_with` does, comparing it with `previous` when
/// given.
#[must_use]
pub fn check_document_compared(
    document: Document,
    rules: &RuleSet,
    fallback_year: Option<i32>,
    extra: &[Suppression],
    previous: Option<PreviousReport<'_>>,
) -> Checked {
    let elements = detect(&document, &rules.element_specs());
    let year = document.report_year.map(|y| y.year).or(fallback_year);
    let mut findings = Vec::new();
    {
        let possible = rules.prefilter.as_ref().map(|set| set.matches(&document.source.text));
        let ctx = Ctx { doc: &document, elements: &elements, year, prefilter: possible.as_ref(), previous };
        for rule in &rules.rules {
            rule.kind.run(rule, &ctx, &mut findings);
        }
    }
    let findings = drop_superseded(findings, rules);
    let (mut findings, waived) = waive(&document, rules, findings, extra);
    findings.sort_by(|a, b| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    let score = score(&findings, &elements, document.source.char_count(), rules);
    Checked { document, elements, findings, waived, baselined: 0, score, pack: rules.pack.id() }
}

/// The findings of the rules of kind `previous` of `rules` on a checked report compared with
/// `previous` (a report checked in the same run, paired once all were checked), superseded
/// ones dropped; give them to [`add_findings`].
#[must_use]
pub fn compare_checked(
    checked: &Checked,
    rules: &RuleSet,
    fallback_year: Option<i32>,
    previous: PreviousReport<'_>,
) -> Vec<Finding> {
    let document = &checked.document;
    let year = document.report_year.map(|y| y.year).or(fallback_year);
    let ctx = Ctx { doc: document, elements: &checked.elements, year, prefilter: None, previous: Some(previous) };
    let mut findings = Vec::new();
    for rule in rules.rules.iter().filter(|r| matches!(r.kind, crate::rules::Kind::Previous(_))) {
        rule.kind.run(rule, &ctx, &mut findings);
    }
    drop_superseded(findings, rules)
}

/// Adds findings made after the report was checked (the batch comparison, which needs every
/// report of the run) as if its rules had made them: suppressions waive them, they join the
/// findings in text order and the score is computed again. An inline suppression that waives
/// one of them is no longer reported as unused.
pub fn add_findings(checked: &mut Checked, rules: &RuleSet, extra: &[Suppression], findings: Vec<Finding>) {
    if findings.is_empty() {
        return;
    }
    let (kept, waived) = waive_only(&checked.document, findings, extra);
    let now_used: Vec<Span> = waived
        .iter()
        .filter_map(|w| match w.origin {
            SuppressionOrigin::Inline(span) => Some(span),
            SuppressionOrigin::Config { .. } => None,
        })
        .collect();
    if !now_used.is_empty() {
        let unused = |f: &Finding| {
            rules.get(&f.rule).is_some_and(|r| {
                matches!(&r.kind, crate::rules::Kind::Suppression(k) if k.check == crate::rules::kinds::SuppressionCheck::Unused)
            })
        };
        checked.findings.retain(|f| !(unused(f) && now_used.contains(&f.span)));
    }
    checked.findings.extend(kept);
    checked.findings.sort_by(|a, b| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
    checked.waived.extend(waived);
    checked.waived.sort_by_key(|w| w.finding.span.start);
    checked.score = score(&checked.findings, &checked.elements, checked.document.source.char_count(), rules);
}

/// Splits findings into kept and waived by the report's inline suppressions and `extra`,
/// without judging the suppressions themselves.
fn waive_only(document: &Document, findings: Vec<Finding>, extra: &[Suppression]) -> (Vec<Finding>, Vec<Waived>) {
    let source = &document.source;
    let inline = inline_suppressions(source, &directives(source));
    let all: Vec<&Suppression> = inline.iter().chain(extra).collect();
    let mut kept = Vec::new();
    let mut waived = Vec::new();
    for finding in findings {
        match all.iter().find(|s| s.waives(source, &finding.rule, finding.span)) {
            Some(suppression) => waived.push(waiver(finding, suppression)),
            None => kept.push(finding),
        }
    }
    (kept, waived)
}

/// One character, one finding: where a rule that supersedes another (`supersedes` in its file)
/// and that other rule report overlapping text, the superseded finding is dropped. It happens
/// before waiving, so waiving the owner's finding does not bring the other one back.
fn drop_superseded(mut findings: Vec<Finding>, rules: &RuleSet) -> Vec<Finding> {
    // For each superseded rule, the spans of the findings that own its text.
    let mut owned: HashMap<&str, Owners> = HashMap::new();
    for f in &findings {
        let Some(rule) = rules.get(&f.rule) else { continue };
        for (_, id) in &rule.supersedes {
            owned.entry(id.as_str()).or_default().spans.push(f.span);
        }
    }
    if owned.is_empty() {
        return findings;
    }
    for owners in owned.values_mut() {
        owners.index();
    }
    findings.retain(|f| !owned.get(&*f.rule).is_some_and(|owners| owners.overlap(f.span)));
    findings
}

/// The spans of superseding findings, sorted by start, with the furthest end reached by each
/// prefix: a finding is checked against them in O(log n), so a report with 100,000 half-width
/// commas does not compare every finding with every comma.
#[derive(Default)]
struct Owners {
    spans: Vec<Span>,
    furthest_end: Vec<usize>,
}

impl Owners {
    fn index(&mut self) {
        self.spans.sort();
        let mut furthest = 0;
        self.furthest_end = self
            .spans
            .iter()
            .map(|s| {
                furthest = furthest.max(s.end);
                furthest
            })
            .collect();
    }

    /// Whether a span shares a character with one of the owners, or is the same empty place
    /// as one: some owner starts before the span ends and ends after it starts.
    fn overlap(&self, span: Span) -> bool {
        let before_end = self.spans.partition_point(|s| s.start < span.end);
        (before_end > 0 && self.furthest_end[before_end - 1] > span.start)
            || (span.start == span.end && self.spans.binary_search(&span).is_ok())
    }
}

/// Splits findings into kept and waived, and reports inline suppressions that waived nothing
/// when the rule set has an `unused` suppression rule. Findings of `suppress/*` rules are never
/// waived: a suppression cannot hide its own problems.
fn waive(
    document: &Document,
    rules: &RuleSet,
    findings: Vec<Finding>,
    extra: &[Suppression],
) -> (Vec<Finding>, Vec<Waived>) {
    let source = &document.source;
    let inline = inline_suppressions(source, &directives(source));
    if inline.is_empty() && extra.is_empty() {
        return (findings, Vec::new());
    }
    let all: Vec<&Suppression> = inline.iter().chain(extra).collect();
    let mut used = vec![false; all.len()];
    let mut kept = Vec::with_capacity(findings.len());
    let mut waived = Vec::new();
    for finding in findings {
        let hit = if finding.rule.starts_with("suppress/") {
            None
        } else {
            all.iter().position(|s| s.waives(source, &finding.rule, finding.span))
        };
        match hit {
            Some(idx) => {
                used[idx] = true;
                waived.push(waiver(finding, all[idx]));
            }
            None => kept.push(finding),
        }
    }
    let unused_rule = rules.rules.iter().find(|r| {
        matches!(&r.kind, crate::rules::Kind::Suppression(k) if k.check == crate::rules::kinds::SuppressionCheck::Unused)
    });
    if let Some(rule) = unused_rule {
        for (idx, suppression) in inline.iter().enumerate() {
            let SuppressionOrigin::Inline(span) = suppression.origin else { continue };
            // Only judge a suppression whose every selector names a rule of this run: rules
            // turned off with --select/--ignore make no suppression unused.
            let judged = suppression
                .selectors
                .iter()
                .all(|sel| rules.rules.iter().any(|r| crate::suppress::selects(sel, &r.id)));
            if !used[idx] && judged {
                let text = source.slice(span);
                kept.push(crate::rules::kinds::filled(rule, span, &rule.message, &[("text", text)]));
            }
        }
    }
    (kept, waived)
}

/// In a rule example of kind `previous`, the line between this year's report (above) and the
/// previous year's (below).
pub const PREVIOUS_MARKER: &str = "=====上一年度报告=====";

/// In a rule example of kind `similar`, the line between the report checked (above) and
/// another report of the same batch (below).
pub const BATCH_MARKER: &str = "=====同一批次的另一份报告=====";

/// Runs a `similar` rule's example: the report above [`BATCH_MARKER`] against the one below,
/// as a batch of two (only the rule's listed boilerplate is left out; two reports teach none).
fn run_similar_example(rules: &RuleSet, rule: &crate::rules::Rule, text: &str) -> Vec<Finding> {
    let crate::rules::Kind::Similar(kind) = &rule.kind else { return Vec::new() };
    let Some((this, other)) = text.split_once(BATCH_MARKER) else { return Vec::new() };
    let parse_one =
        |name: &str, text: &str| parse(SourceFile::from_text(name, text), TextMarkup::Text, &rules.pack.document);
    let docs = [parse_one("示例", this.trim_end()), parse_one("示例（另一份）", other.trim_start())];
    let issuers: Vec<Option<String>> = docs.iter().map(Document::issuer_text).collect();
    let batch: Vec<crate::compare::batch::BatchReport> = docs
        .iter()
        .zip(&issuers)
        .map(|(document, issuer)| crate::compare::batch::BatchReport { document, issuer: issuer.as_deref() })
        .collect();
    let (pairs, _) = crate::compare::batch::near_copies(&batch, &kind.params);
    let other = crate::rules::kinds::similar::OtherReport {
        name: "另一份示例",
        issuer: issuers[1].as_deref(),
        document: &docs[1],
    };
    pairs
        .iter()
        .filter_map(|p| crate::rules::kinds::similar::finding(rule, &docs[0], other, p.share_a, &p.passages_a))
        .collect()
}

/// Runs only the rule `rule_id` over `text` (elements are still detected with the whole set).
/// Used to run rule examples; an example holding [`PREVIOUS_MARKER`] is compared with the
/// report below the marker, one holding [`BATCH_MARKER`] searched for near-copies with it.
#[must_use]
pub fn run_one_rule(rules: &RuleSet, rule_id: &str, text: &str, year: Option<i32>) -> Vec<Finding> {
    if let Some(rule) = rules.get(rule_id).filter(|r| matches!(r.kind, crate::rules::Kind::Similar(_))) {
        return run_similar_example(rules, rule, text);
    }
    // An example of a comparison holds both reports: this year's, the marker line, last year's.
    let (text, previous) = match text.split_once(PREVIOUS_MARKER) {
        Some((this, previous)) => (this.trim_end(), Some(previous.trim_start())),
        None => (text, None),
    };
    let prepared = previous.map(|previous| {
        let document =
            parse(SourceFile::from_text("示例（上一年度）", previous), TextMarkup::Text, &rules.pack.document);
        let elements = detect(&document, &rules.element_specs());
        Prepared { name: "上一年度示例".to_owned(), document, elements }
    });
    let document = parse(SourceFile::from_text("示例", text), TextMarkup::Text, &rules.pack.document);
    let elements = detect(&document, &rules.element_specs());
    // A title in the example names its own year; `report_year` is for examples without one.
    let year = document.report_year.map(|y| y.year).or(year);
    let possible = rules.prefilter.as_ref().map(|set| set.matches(&document.source.text));
    let previous = prepared.as_ref().map(Prepared::view);
    let ctx = Ctx { doc: &document, elements: &elements, year, prefilter: possible.as_ref(), previous };
    let mut findings = Vec::new();
    if let Some(rule) = rules.get(rule_id) {
        rule.kind.run(rule, &ctx, &mut findings);
    }
    // Suppression rules judge what the other rules found; run those too, and keep only this
    // rule's findings.
    if rule_id.starts_with("suppress/") {
        for rule in &rules.rules {
            if &*rule.id != rule_id {
                rule.kind.run(rule, &ctx, &mut findings);
            }
        }
    }
    let (kept, _) = waive(&document, rules, findings, &[]);
    kept.into_iter().filter(|f| &*f.rule == rule_id).collect()
}

/// `finding` as waived by `suppression`.
fn waiver(finding: Finding, suppression: &Suppression) -> Waived {
    let by = match suppression.origin {
        SuppressionOrigin::Inline(_) => WaiverSource::Inline,
        SuppressionOrigin::Config { .. } => WaiverSource::Config,
    };
    Waived { finding, reason: suppression.reason.clone(), by, origin: suppression.origin.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether two spans share a character, or are the same empty place: the definition.
    fn overlaps(a: Span, b: Span) -> bool {
        (a.start < b.end && b.start < a.end) || a == b
    }

    /// The indexed owners answer exactly what comparing with every owner answers, empty
    /// spans, nested spans and touching ends included.
    #[test]
    fn indexed_owners_agree_with_comparing_every_pair() {
        let mut seed = 0x2545_f491_u64;
        let mut next = |limit: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % limit
        };
        for _ in 0..300 {
            let span = |next: &mut dyn FnMut(usize) -> usize| {
                let start = next(40);
                Span { start, end: start + next(4) }
            };
            let count = next(6);
            let mut owners = Owners::default();
            for _ in 0..count {
                owners.spans.push(span(&mut next));
            }
            let all = owners.spans.clone();
            owners.index();
            for _ in 0..20 {
                let probe = span(&mut next);
                let expected = all.iter().any(|s| overlaps(*s, probe));
                assert_eq!(owners.overlap(probe), expected, "{probe:?} against {all:?}");
            }
        }
    }
}
