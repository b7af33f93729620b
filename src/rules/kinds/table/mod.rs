//! Kind `table`: the statistics tables of a report read as tables. A rule declares the tables
//! it reads (`[[params.tables]]`: anchor labels that name the table, its value columns in the
//! national order, its rows by label patterns) and one `check`:
//!
//! - `sums`: relations between cells (`[[params.relations]]`, per column or per row); one
//!   finding per broken relation on the total cell, with the written and the computed value.
//!   A blank total is unknown and skipped, never read as 0.
//! - `cells`: words in a value cell (未增未减, 无) where a figure belongs.
//! - `values`: figures a report of some issuers cannot have (`[[params.constraints]]`: no 规章
//!   below 设区的市).
//! - `missing`: the table's part is there but the table is not (pasted as an image, attached).
//! - `prose`: figures a part states in words (`[[params.claims]]`) against the table.
//!
//! Tables a rule cannot find give no finding but `missing`'s, so a table published as an image
//! is one finding, never a cascade of arithmetic errors.

mod checks;
mod prose;
mod read;
#[cfg(test)]
mod tests;

use serde::Deserialize;
use toml::Spanned;

use super::RuleFile;
use crate::finding::{Finding, Severity};
use crate::rules::context::Ctx;
use crate::rules::pattern::Pattern;
use crate::rules::{Rule, RuleError};

const CHECKS: &[&str] = &["sums", "cells", "values", "missing", "prose"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Spanned<String>,
    tables: Vec<RawTable>,
    #[serde(default)]
    relations: Vec<RawRelation>,
    #[serde(default)]
    constraints: Vec<RawConstraint>,
    #[serde(default)]
    claims: Vec<RawClaim>,
    /// For `prose`: the element whose text states the figures.
    #[serde(default)]
    within: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    key: Spanned<String>,
    label: String,
    anchors: Vec<Spanned<String>>,
    #[serde(default)]
    element: Option<Spanned<String>>,
    #[serde(default)]
    columns: Vec<RawLabel>,
    #[serde(default)]
    rows: Vec<RawLabel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    key: Spanned<String>,
    label: String,
    #[serde(default)]
    pattern: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    table: Spanned<String>,
    per: Spanned<String>,
    total: Spanned<String>,
    parts: Vec<Spanned<String>>,
    #[serde(default)]
    within: Vec<Spanned<String>>,
    relation: String,
    #[serde(default)]
    severity: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraint {
    table: Spanned<String>,
    row: Spanned<String>,
    max: f64,
    issuer: Spanned<String>,
    #[serde(default)]
    not_issuer: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    pattern: Spanned<String>,
    label: String,
    table: Spanned<String>,
    rows: Vec<Spanned<String>>,
    columns: Vec<Spanned<String>>,
    #[serde(default)]
    fallback_columns: Vec<Spanned<String>>,
    #[serde(default)]
    or_rows: Vec<Spanned<String>>,
    #[serde(default)]
    expect: Option<f64>,
    #[serde(default)]
    unit: Option<String>,
}

/// What a `table` rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Sums,
    Cells,
    Values,
    Missing,
    Prose,
}

/// A declared column or row.
#[derive(Debug)]
struct LabelSpec {
    key: String,
    label: String,
    pattern: Option<Pattern>,
}

/// A declared value column.
type ColumnSpec = LabelSpec;

/// A declared table.
#[derive(Debug)]
struct TableSpec {
    label: String,
    anchors: Vec<Pattern>,
    element: Option<String>,
    columns: Vec<ColumnSpec>,
    rows: Vec<LabelSpec>,
}

/// Whether a relation sums down a column or across a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Per {
    Column,
    Row,
}

/// total = Σ parts (a part may be subtracted), in every column (`Per::Column`: rows are summed)
/// or every row (`Per::Row`: columns are summed), restricted to `within` when given.
#[derive(Debug)]
struct Relation {
    table: usize,
    per: Per,
    total: usize,
    parts: Vec<(bool, usize)>,
    within: Vec<usize>,
    /// The relation in words, for the message.
    words: String,
    severity: Option<Severity>,
}

/// A row whose figures must stay at or under `max` for issuers `issuer` matches.
#[derive(Debug)]
struct Constraint {
    table: usize,
    row: usize,
    max: f64,
    issuer: Pattern,
    not_issuer: Option<Pattern>,
}

/// A figure stated in words and where the table holds it.
#[derive(Debug)]
struct Claim {
    pattern: Pattern,
    label: String,
    table: usize,
    rows: Vec<usize>,
    or_rows: Vec<usize>,
    columns: Vec<usize>,
    fallback_columns: Vec<usize>,
    expect: Option<f64>,
    unit: String,
}

/// A compiled `table` rule.
#[derive(Debug)]
pub struct TableRule {
    check: Check,
    tables: Vec<TableSpec>,
    relations: Vec<Relation>,
    constraints: Vec<Constraint>,
    claims: Vec<Claim>,
    within: Option<String>,
}

/// Resolves a key written in the file against the keys declared, recording an error.
fn resolve(
    file: &RuleFile,
    key: &Spanned<String>,
    keys: &[&str],
    what: &str,
    errors: &mut Vec<RuleError>,
) -> Option<usize> {
    let found = keys.iter().position(|k| k == key.get_ref());
    if found.is_none() {
        errors.push(file.error(
            Some(key.span()),
            format!("没有声明{what}“{}”", key.get_ref()),
            Some(format!("已声明的{what}：{}", keys.join("、"))),
        ));
    }
    found
}

impl TableRule {
    /// Compiles the rule's parameters.
    ///
    /// # Errors
    /// An unknown check, a bad pattern or severity, a key that names no declared table, row or
    /// column; every one located in the file.
    pub fn compile(file: &RuleFile) -> Result<Self, Vec<RuleError>> {
        let params: Params = file.params()?;
        let mut errors = Vec::new();
        let check = match params.check.get_ref().as_str() {
            "sums" => Some(Check::Sums),
            "cells" => Some(Check::Cells),
            "values" => Some(Check::Values),
            "missing" => Some(Check::Missing),
            "prose" => Some(Check::Prose),
            other => {
                errors.push(file.error(
                    Some(params.check.span()),
                    format!("未知的表格检查“{other}”"),
                    Some(format!("可用的检查：{}", CHECKS.join("、"))),
                ));
                None
            }
        };
        let labels = |raw: &[RawLabel], errors: &mut Vec<RuleError>| -> Vec<LabelSpec> {
            raw.iter()
                .map(|l| LabelSpec {
                    key: l.key.get_ref().clone(),
                    label: l.label.clone(),
                    pattern: l.pattern.as_ref().and_then(|p| file.regex(p, errors)),
                })
                .collect()
        };
        let mut tables = Vec::new();
        for raw in &params.tables {
            if let Some(element) = &raw.element {
                file.element_ref(element);
            }
            tables.push(TableSpec {
                label: raw.label.clone(),
                anchors: file.regexes(&raw.anchors, &mut errors),
                element: raw.element.as_ref().map(|e| e.get_ref().clone()),
                columns: labels(&raw.columns, &mut errors),
                rows: labels(&raw.rows, &mut errors),
            });
        }
        let table_keys: Vec<&str> = params.tables.iter().map(|t| t.key.get_ref().as_str()).collect();
        let keys_of = |specs: &[LabelSpec]| -> Vec<String> { specs.iter().map(|s| s.key.clone()).collect() };
        let mut relations = Vec::new();
        for raw in &params.relations {
            let Some(table) = resolve(file, &raw.table, &table_keys, "表格", &mut errors) else { continue };
            let per = match raw.per.get_ref().as_str() {
                "column" => Per::Column,
                "row" => Per::Row,
                _ => {
                    errors.push(file.error(Some(raw.per.span()), "per 应为 column（逐列）或 row（逐行）", None));
                    continue;
                }
            };
            // Per column the relation sums rows; per row it sums columns.
            let (summed, across) = match per {
                Per::Column => (keys_of(&tables[table].rows), keys_of(&tables[table].columns)),
                Per::Row => (keys_of(&tables[table].columns), keys_of(&tables[table].rows)),
            };
            let summed: Vec<&str> = summed.iter().map(String::as_str).collect();
            let across: Vec<&str> = across.iter().map(String::as_str).collect();
            let (what, other) = if per == Per::Column { ("行", "列") } else { ("列", "行") };
            let total = resolve(file, &raw.total, &summed, what, &mut errors);
            let mut parts = Vec::new();
            for part in &raw.parts {
                let (minus, key) = match part.get_ref().strip_prefix('-') {
                    Some(key) => (true, key.to_string()),
                    None => (false, part.get_ref().clone()),
                };
                let key = Spanned::new(part.span(), key);
                if let Some(idx) = resolve(file, &key, &summed, what, &mut errors) {
                    parts.push((minus, idx));
                }
            }
            let within: Vec<usize> =
                raw.within.iter().filter_map(|k| resolve(file, k, &across, other, &mut errors)).collect();
            let severity = raw.severity.as_ref().and_then(|s| file.severity(s, &mut errors));
            if let Some(total) = total {
                relations.push(Relation { table, per, total, parts, within, words: raw.relation.clone(), severity });
            }
        }
        let mut constraints = Vec::new();
        for raw in &params.constraints {
            let Some(table) = resolve(file, &raw.table, &table_keys, "表格", &mut errors) else { continue };
            let rows = keys_of(&tables[table].rows);
            let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
            let row = resolve(file, &raw.row, &rows, "行", &mut errors);
            let issuer = file.regex(&raw.issuer, &mut errors);
            let not_issuer = raw.not_issuer.as_ref().and_then(|p| file.regex(p, &mut errors));
            if let (Some(row), Some(issuer)) = (row, issuer) {
                constraints.push(Constraint { table, row, max: raw.max, issuer, not_issuer });
            }
        }
        let mut claims = Vec::new();
        for raw in &params.claims {
            let Some(table) = resolve(file, &raw.table, &table_keys, "表格", &mut errors) else { continue };
            let rows = keys_of(&tables[table].rows);
            let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
            let columns = keys_of(&tables[table].columns);
            let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
            let mut keys = |list: &[Spanned<String>], among: &[&str], what: &str| -> Vec<usize> {
                list.iter().filter_map(|k| resolve(file, k, among, what, &mut errors)).collect()
            };
            let claim_rows = keys(&raw.rows, &rows, "行");
            let or_rows = keys(&raw.or_rows, &rows, "行");
            let claim_columns = keys(&raw.columns, &columns, "列");
            let fallback_columns = keys(&raw.fallback_columns, &columns, "列");
            let has_figure = raw.pattern.get_ref().contains("(?P<n>");
            if has_figure == raw.expect.is_some() {
                errors.push(file.error(
                    Some(raw.pattern.span()),
                    "说法要么用 (?P<n>…) 取出正文里的数字，要么用 expect 给出表中应有的数，二者取一",
                    None,
                ));
            }
            if let Some(pattern) = file.regex(&raw.pattern, &mut errors) {
                claims.push(Claim {
                    pattern,
                    label: raw.label.clone(),
                    table,
                    rows: claim_rows,
                    or_rows,
                    columns: claim_columns,
                    fallback_columns,
                    expect: raw.expect,
                    unit: raw.unit.clone().unwrap_or_else(|| "件".to_string()),
                });
            }
        }
        if let Some(within) = &params.within {
            file.element_ref(within);
        }
        if check == Some(Check::Prose) && params.within.is_none() {
            errors.push(file.error(Some(params.check.span()), "prose 检查须用 within 指明写有数字的部分", None));
        }
        match check {
            Some(check) if errors.is_empty() => Ok(Self {
                check,
                tables,
                relations,
                constraints,
                claims,
                within: params.within.map(Spanned::into_inner),
            }),
            _ => Err(errors),
        }
    }

    /// Runs the rule's check over a report.
    pub fn run(&self, rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        match self.check {
            Check::Sums => checks::sums(self, rule, ctx, out),
            Check::Cells => checks::cells(self, rule, ctx, out),
            Check::Values => checks::values(self, rule, ctx, out),
            Check::Missing => checks::missing(self, rule, ctx, out),
            Check::Prose => prose::run(self, rule, ctx, out),
        }
    }
}
