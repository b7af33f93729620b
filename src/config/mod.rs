//! The configuration file `fazhi.toml`: which rules run, their severities, the gate, the
//! report level, per-file overrides and suppressions.
//!
//! A report uses the nearest `fazhi.toml` found by walking up from its directory, unless
//! `--config FILE` names one for the whole run. Paths and globs in a configuration file are
//! relative to the directory that holds it.
//!
//! **Invariant:** every problem in a configuration file is reported with its place in the file
//! and stops the run (exit 2) before any report is checked: a gate must never run with half its
//! settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use miette::{Diagnostic, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::finding::Severity;
use crate::rules::{LEVEL_NAMES, Level, RuleSource, edit_distance, unknown_key_help};
use crate::suppress::{Cover, Suppression, SuppressionOrigin, selects};

/// Name of the configuration file looked for.
pub const FILE_NAME: &str = "fazhi.toml";

/// A located problem in a configuration file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("配置文件有误：{message}")]
#[diagnostic(code(fazhi::config))]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The file, for display.
    #[source_code]
    pub file: RuleSource,
    /// Where in the file.
    #[label("此处")]
    pub span: Option<SourceSpan>,
    /// What to do.
    #[help]
    pub help: Option<String>,
}

/// Rule selection and severities: the part of the settings a `[[per-file]]` entry may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Selection {
    /// Only these rules (empty: all).
    pub select: Vec<String>,
    /// Also these, after `select`.
    pub extend_select: Vec<String>,
    /// Not these.
    pub ignore: Vec<String>,
    /// Severity per rule selector.
    pub severity: BTreeMap<String, Severity>,
    /// The report level.
    pub level: Option<Level>,
}

impl Selection {
    /// Whether rule `id` runs.
    #[must_use]
    pub fn runs(&self, id: &str) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| selects(s, id));
        let extended = self.extend_select.iter().any(|s| selects(s, id));
        (selected || extended) && !self.ignore.iter().any(|s| selects(s, id))
    }

    /// The severity configured for rule `id`: an exact id wins over a category.
    #[must_use]
    pub fn severity_of(&self, id: &str) -> Option<Severity> {
        self.severity
            .get(id)
            .copied()
            .or_else(|| self.severity.iter().find(|(selector, _)| selects(selector, id)).map(|(_, severity)| *severity))
    }

    /// `other` applied on top of this selection (a per-file entry over the file's settings).
    #[must_use]
    pub fn overlaid(&self, other: &Selection) -> Selection {
        let mut out = self.clone();
        if !other.select.is_empty() {
            out.select.clone_from(&other.select);
            out.extend_select.clear();
        }
        out.extend_select.extend(other.extend_select.iter().cloned());
        out.ignore.extend(other.ignore.iter().cloned());
        out.severity.extend(other.severity.iter().map(|(k, v)| (k.clone(), *v)));
        if other.level.is_some() {
            out.level = other.level;
        }
        out
    }
}

/// The `fail-on` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Findings of this severity or higher fail a report.
    At(Severity),
    /// Findings never fail a report (`"none"`).
    Never,
}

impl Threshold {
    /// The lowest failing severity (`None`: never).
    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::At(severity) => Some(severity),
            Self::Never => None,
        }
    }
}

/// Gate settings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GateSettings {
    /// `fail-on`, when set.
    pub fail_on: Option<Threshold>,
    /// `min-score`.
    pub min_score: Option<f64>,
}

/// A `[[per-file]]` entry.
#[derive(Debug, Clone)]
pub struct PerFile {
    /// The globs as written.
    pub patterns: Vec<String>,
    matchers: Vec<GlobMatcher>,
    /// Rule changes for the files matched.
    pub selection: Selection,
    /// Gate changes for the files matched.
    pub gate: GateSettings,
    /// Report year for the files matched, when the report gives none.
    pub report_year: Option<i32>,
}

/// A `[[suppress]]` entry.
#[derive(Debug, Clone)]
pub struct SuppressEntry {
    /// Rule selector.
    pub rule: String,
    /// Files it applies to (all when `None`).
    pattern: Option<GlobMatcher>,
    /// Only findings on lines containing this text.
    pub text: Option<String>,
    /// Only findings on this line.
    pub line: Option<usize>,
    /// Why.
    pub reason: String,
}

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file read (`None`: defaults, no file).
    pub path: Option<PathBuf>,
    /// Directory paths and globs are relative to.
    pub root: PathBuf,
    /// Extra rule directories, resolved.
    pub rule_dirs: Vec<PathBuf>,
    /// Rule selection for every file.
    pub selection: Selection,
    /// The gate.
    pub gate: GateSettings,
    /// Report year when a report gives none.
    pub report_year: Option<i32>,
    /// Encoding of text reports.
    pub encoding: Option<String>,
    /// Files left out when walking directories.
    exclude: Vec<GlobMatcher>,
    /// Per-file overrides, in file order.
    pub per_file: Vec<PerFile>,
    /// Suppressions.
    pub suppress: Vec<SuppressEntry>,
}

/// What applies to one report.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSettings {
    /// Rule selection and severities.
    pub selection: Selection,
    /// Gate settings.
    pub gate: GateSettings,
    /// Report year when the report gives none.
    pub report_year: Option<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    level: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    min_score: Option<Spanned<f64>>,
    #[serde(default)]
    report_year: Option<Spanned<i64>>,
    #[serde(default)]
    encoding: Option<Spanned<String>>,
    #[serde(default)]
    per_file: Vec<RawPerFile>,
    #[serde(default)]
    suppress: Vec<RawSuppress>,
}

/// The rule-selection keys, shared by the top level and `[[per-file]]` entries.
struct RawSelection<'a> {
    select: &'a [Spanned<String>],
    extend_select: &'a [Spanned<String>],
    ignore: &'a [Spanned<String>],
    severity: &'a BTreeMap<Spanned<String>, Spanned<String>>,
    level: Option<&'a Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPerFile {
    path: Spanned<PathList>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    level: Option<Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    min_score: Option<Spanned<f64>>,
    #[serde(default)]
    report_year: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PathList {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppress {
    rule: Spanned<String>,
    #[serde(default)]
    path: Option<Spanned<String>>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    line: Option<Spanned<i64>>,
    #[serde(default)]
    reason: Option<Spanned<String>>,
}

/// Keys of the file, for "did you mean".
const KEYS: &[&str] = &[
    "rules",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "level",
    "exclude",
    "fail-on",
    "min-score",
    "report-year",
    "encoding",
    "per-file",
    "suppress",
    "path",
    "rule",
    "text",
    "line",
    "reason",
];

struct Reader<'a> {
    name: String,
    text: Arc<str>,
    root: &'a Path,
    known_rules: &'a [&'a str],
    errors: Vec<ConfigError>,
}

impl Reader<'_> {
    fn error(&mut self, span: Option<std::ops::Range<usize>>, message: impl Into<String>, help: Option<String>) {
        let len = self.text.len();
        let span = span.map(|r| {
            let start = r.start.min(len);
            SourceSpan::from(start..r.end.clamp(start, len))
        });
        self.errors.push(ConfigError {
            message: message.into(),
            file: RuleSource::new(&self.name, &self.text),
            span,
            help,
        });
    }

    fn selectors(&mut self, list: &[Spanned<String>]) -> Vec<String> {
        let mut out = Vec::new();
        for item in list {
            let selector = item.get_ref().trim();
            if selector != "*" && !self.known_rules.iter().any(|id| selects(selector, id)) {
                let help = self.nearest_rule(selector).map(|id| format!("是不是“{id}”？用 fazhi rules 查看全部规则"));
                self.error(Some(item.span()), format!("“{selector}”不是规则 id 或类别"), help);
                continue;
            }
            out.push(selector.to_string());
        }
        out
    }

    fn nearest_rule(&self, selector: &str) -> Option<String> {
        let best = self.known_rules.iter().min_by_key(|id| edit_distance(selector, id))?;
        (edit_distance(selector, best) <= 4).then(|| (*best).to_string())
    }

    fn severity(&mut self, value: &Spanned<String>) -> Option<Severity> {
        match value.get_ref().parse() {
            Ok(severity) => Some(severity),
            Err(message) => {
                self.error(Some(value.span()), message, None);
                None
            }
        }
    }

    fn severities(&mut self, map: &BTreeMap<Spanned<String>, Spanned<String>>) -> BTreeMap<String, Severity> {
        let mut out = BTreeMap::new();
        for (key, value) in map {
            let ids = self.selectors(std::slice::from_ref(key));
            if let (Some(id), Some(severity)) = (ids.into_iter().next(), self.severity(value)) {
                out.insert(id, severity);
            }
        }
        out
    }

    fn level(&mut self, value: Option<&Spanned<String>>) -> Option<Level> {
        let value = value?;
        let level = Level::parse(value.get_ref());
        if level.is_none() {
            self.error(
                Some(value.span()),
                format!("未知的报告层级“{}”", value.get_ref()),
                Some(format!("可用：{}", LEVEL_NAMES.join("、"))),
            );
        }
        level
    }

    fn fail_on(&mut self, value: Option<&Spanned<String>>) -> Option<Threshold> {
        let value = value?;
        if value.get_ref() == "none" {
            return Some(Threshold::Never);
        }
        self.severity(value).map(Threshold::At)
    }

    fn min_score(&mut self, value: Option<&Spanned<f64>>) -> Option<f64> {
        let value = value?;
        let score = *value.get_ref();
        if !(0.0..=100.0).contains(&score) {
            self.error(Some(value.span()), "min-score 应在 0 到 100 之间", None);
            return None;
        }
        Some(score)
    }

    fn year(&mut self, value: Option<&Spanned<i64>>) -> Option<i32> {
        let value = value?;
        match i32::try_from(*value.get_ref()) {
            Ok(year) if (1990..=2100).contains(&year) => Some(year),
            _ => {
                self.error(Some(value.span()), "report-year 应是四位年份，如 2023", None);
                None
            }
        }
    }

    fn glob(&mut self, pattern: &str, span: std::ops::Range<usize>) -> Option<GlobMatcher> {
        match glob(pattern) {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(e) => {
                self.error(Some(span), format!("路径模式“{pattern}”无法识别：{e}"), None);
                None
            }
        }
    }

    fn selection(&mut self, raw: &RawSelection<'_>) -> Selection {
        Selection {
            select: self.selectors(raw.select),
            extend_select: self.selectors(raw.extend_select),
            ignore: self.selectors(raw.ignore),
            severity: self.severities(raw.severity),
            level: self.level(raw.level),
        }
    }
}

/// A glob matched against paths relative to the configuration's directory. `*` stays within
/// one folder, `**` crosses folders; a pattern without `/` matches a file name in any folder.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    let pattern = if pattern.contains('/') { pattern.to_string() } else { format!("**/{pattern}") };
    GlobBuilder::new(pattern.trim_start_matches("./")).literal_separator(true).build()
}

impl Config {
    /// The settings when there is no configuration file.
    #[must_use]
    pub fn defaults(root: PathBuf) -> Self {
        Self {
            path: None,
            root,
            rule_dirs: Vec::new(),
            selection: Selection::default(),
            gate: GateSettings::default(),
            report_year: None,
            encoding: None,
            exclude: Vec::new(),
            per_file: Vec::new(),
            suppress: Vec::new(),
        }
    }

    /// Reads and validates a configuration file. `known_rules` are the ids of every rule that
    /// can run (built-in and from rule directories), to catch misspelt ids.
    ///
    /// # Errors
    /// Every problem in the file, located.
    pub fn load(path: &Path, known_rules: &[&str]) -> Result<Self, Vec<ConfigError>> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError {
                message: format!("无法读取配置文件 {name}：{e}"),
                file: RuleSource::new(&name, &Arc::from("")),
                span: None,
                help: None,
            }]
        })?;
        let root = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self::parse(&name, &text, root, Some(path.to_path_buf()), known_rules)
    }

    /// Reads configuration text named `name`, with paths relative to `root`.
    ///
    /// # Errors
    /// Every problem in the text, located.
    pub fn parse(
        name: &str,
        text: &str,
        root: PathBuf,
        path: Option<PathBuf>,
        known_rules: &[&str],
    ) -> Result<Self, Vec<ConfigError>> {
        let shared: Arc<str> = Arc::from(text);
        let mut reader =
            Reader { name: name.to_string(), text: Arc::clone(&shared), root: &root, known_rules, errors: Vec::new() };
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let message = e.message().trim().to_string();
                let help = unknown_key_help(&message, KEYS);
                reader.error(e.span(), message, help);
                return Err(reader.errors);
            }
        };
        let selection = reader.selection(&RawSelection {
            select: &raw.select,
            extend_select: &raw.extend_select,
            ignore: &raw.ignore,
            severity: &raw.severity,
            level: raw.level.as_ref(),
        });
        let mut rule_dirs = Vec::new();
        for dir in &raw.rules {
            let resolved = reader.root.join(dir.get_ref());
            if resolved.is_dir() {
                rule_dirs.push(resolved);
            } else {
                reader.error(Some(dir.span()), format!("规则目录“{}”不存在", dir.get_ref()), None);
            }
        }
        let exclude = raw.exclude.iter().filter_map(|p| reader.glob(p.get_ref(), p.span())).collect();
        let gate = GateSettings {
            fail_on: reader.fail_on(raw.fail_on.as_ref()),
            min_score: reader.min_score(raw.min_score.as_ref()),
        };
        let report_year = reader.year(raw.report_year.as_ref());
        let encoding = raw.encoding.as_ref().and_then(|e| {
            if encoding_rs::Encoding::for_label(e.get_ref().trim().as_bytes()).is_some() {
                Some(e.get_ref().clone())
            } else {
                reader.error(Some(e.span()), format!("不认识的编码名称“{}”", e.get_ref()), None);
                None
            }
        });
        let mut per_file = Vec::new();
        for entry in &raw.per_file {
            let patterns = match entry.path.get_ref() {
                PathList::One(p) => vec![p.clone()],
                PathList::Many(list) => list.clone(),
            };
            let matchers = patterns.iter().filter_map(|p| reader.glob(p, entry.path.span())).collect();
            let raw_selection = RawSelection {
                select: &entry.select,
                extend_select: &entry.extend_select,
                ignore: &entry.ignore,
                severity: &entry.severity,
                level: entry.level.as_ref(),
            };
            per_file.push(PerFile {
                patterns,
                matchers,
                selection: reader.selection(&raw_selection),
                gate: GateSettings {
                    fail_on: reader.fail_on(entry.fail_on.as_ref()),
                    min_score: reader.min_score(entry.min_score.as_ref()),
                },
                report_year: reader.year(entry.report_year.as_ref()),
            });
        }
        let mut suppress = Vec::new();
        for entry in &raw.suppress {
            let rule = reader.selectors(std::slice::from_ref(&entry.rule)).into_iter().next();
            let pattern = entry.path.as_ref().and_then(|p| reader.glob(p.get_ref(), p.span()));
            let line = entry.line.as_ref().and_then(|l| match usize::try_from(*l.get_ref()) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    reader.error(Some(l.span()), "line 应是从 1 开始的行号", None);
                    None
                }
            });
            let reason = match &entry.reason {
                Some(r) if !r.get_ref().trim().is_empty() => Some(r.get_ref().trim().to_string()),
                Some(r) => {
                    reader.error(Some(r.span()), "豁免的理由是空的", Some("写明为什么接受这个问题".into()));
                    None
                }
                None => {
                    reader.error(
                        Some(entry.rule.span()),
                        "这条 [[suppress]] 没有写 reason",
                        Some("每条豁免都要写明理由（reason = \"…\"），审核时据此判断".into()),
                    );
                    None
                }
            };
            if let (Some(rule), Some(reason)) = (rule, reason) {
                suppress.push(SuppressEntry { rule, pattern, text: entry.text.clone(), line, reason });
            }
        }
        if !reader.errors.is_empty() {
            return Err(reader.errors);
        }
        Ok(Self { path, root, rule_dirs, selection, gate, report_year, encoding, exclude, per_file, suppress })
    }

    /// The `rules` directories a configuration file names, resolved, read without validating
    /// anything else (the rules they hold must be known before the file can be validated).
    #[must_use]
    pub fn declared_rule_dirs(path: &Path) -> Vec<PathBuf> {
        let root = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let Ok(text) = std::fs::read_to_string(path) else { return Vec::new() };
        let Ok(table) = text.parse::<toml::Table>() else { return Vec::new() };
        let Some(toml::Value::Array(dirs)) = table.get("rules") else { return Vec::new() };
        dirs.iter().filter_map(toml::Value::as_str).map(|d| root.join(d)).filter(|d| d.is_dir()).collect()
    }

    /// The path of `file` relative to the configuration's directory, `/`-separated.
    fn relative(&self, file: &Path) -> PathBuf {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        absolute.strip_prefix(&root).map_or(absolute.clone(), Path::to_path_buf)
    }

    /// Whether a file found while walking a directory is left out by `exclude`.
    #[must_use]
    pub fn excludes(&self, file: &Path) -> bool {
        let relative = self.relative(file);
        self.exclude.iter().any(|m| m.is_match(&relative))
    }

    /// The indices of the `[[per-file]]` entries that apply to `file`.
    #[must_use]
    pub fn per_file_for(&self, file: &Path) -> Vec<usize> {
        let relative = self.relative(file);
        self.per_file
            .iter()
            .enumerate()
            .filter(|(_, p)| p.matchers.iter().any(|m| m.is_match(&relative)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The settings of `file`: the file's settings with its `[[per-file]]` entries applied in
    /// order.
    #[must_use]
    pub fn settings_for(&self, file: &Path) -> FileSettings {
        let mut settings =
            FileSettings { selection: self.selection.clone(), gate: self.gate, report_year: self.report_year };
        for idx in self.per_file_for(file) {
            let entry = &self.per_file[idx];
            settings.selection = settings.selection.overlaid(&entry.selection);
            if entry.gate.fail_on.is_some() {
                settings.gate.fail_on = entry.gate.fail_on;
            }
            if entry.gate.min_score.is_some() {
                settings.gate.min_score = entry.gate.min_score;
            }
            if entry.report_year.is_some() {
                settings.report_year = entry.report_year;
            }
        }
        settings
    }

    /// The `[[suppress]]` entries that apply to `file`, as suppressions.
    #[must_use]
    pub fn suppressions_for(&self, file: &Path) -> Vec<Suppression> {
        let relative = self.relative(file);
        self.suppress
            .iter()
            .enumerate()
            .filter(|(_, s)| s.pattern.as_ref().is_none_or(|m| m.is_match(&relative)))
            .map(|(index, s)| Suppression {
                selectors: vec![s.rule.clone()],
                reason: Some(s.reason.clone()),
                covers: s.line.map_or(Cover::Whole, Cover::Line),
                text: s.text.clone(),
                origin: SuppressionOrigin::Config { file: self.path.clone().unwrap_or_default(), index },
            })
            .collect()
    }
}

/// The nearest `fazhi.toml` at or above `dir`, relative to the working directory when it is
/// inside it (so messages show short paths).
#[must_use]
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let found = start.ancestors().map(|d| d.join(FILE_NAME)).find(|candidate| candidate.is_file())?;
    let cwd = std::env::current_dir().ok();
    Some(cwd.and_then(|cwd| found.strip_prefix(&cwd).ok().map(Path::to_path_buf)).unwrap_or(found))
}

/// The commented starter file `fazhi init` writes.
pub const STARTER: &str = r#"# fazhi 配置文件。fazhi 检查一份报告时，使用从报告所在目录向上找到的第一个 fazhi.toml；
# 也可以用 --config 文件 指定。文件中的路径和路径模式都相对于本文件所在的目录。
# 全部规则：fazhi rules；某条规则的说明：fazhi rule 规则id

# 报告层级：province（省）、city（市）、county（县、区）、town（乡镇、街道）、department（政府部门）。
# 部门报告写“主要负责人”而不是“党政主要负责人”，设为 department 后提示语随之改变。
# level = "county"

# 报告本身没有写明年度时使用的报告年度。
# report-year = 2024

# 只运行这些规则（规则 id、类别如 "punct" 或 "punct/*"）；不写则运行全部规则。
# select = ["structure", "meta", "word"]
# 在 select 之外再加上这些。
# extend-select = []
# 不运行这些规则。
# ignore = ["number/cjk-digit-spacing"]

# 额外的规则目录（同 id 的规则替换内置规则）。
# rules = ["规则"]

# 检查目录时跳过的文件。
# exclude = ["草稿/**", "**/*备份*"]

# 门槛：出现该级别及以上的问题即不通过（error、warning、info、none）；得分低于 min-score 不通过。
# fail-on = "error"
# min-score = 60

# 调整某些规则的级别。
# [severity]
# "content/plan-vague" = "warning"
# "number" = "info"

# 按路径改变设置，如乡镇报告：
# [[per-file]]
# path = ["乡镇/**"]
# level = "town"
# ignore = ["meta/recipient"]

# 接受某个问题，必须写明理由：
# [[suppress]]
# rule = "word/typo"
# path = "2023/某某局.txt"
# text = "截止"
# reason = "引用上级文件原标题，不改"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["structure/causes", "word/typo", "punct/halfwidth", "meta/recipient"];

    fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        Config::parse("fazhi.toml", text, PathBuf::from("/repo"), None, RULES)
    }

    #[test]
    fn the_starter_file_is_valid_and_all_defaults() {
        let config = Config::parse("fazhi.toml", STARTER, PathBuf::from("/repo"), None, &["content/plan-vague"]);
        let config = config.map_err(|e| e.into_iter().map(|e| e.message).collect::<Vec<_>>()).unwrap();
        assert_eq!(config.selection, Selection::default());
        assert!(config.per_file.is_empty() && config.suppress.is_empty());
    }

    #[test]
    fn unknown_keys_and_rules_are_located_with_a_suggestion() {
        let errors = parse("selct = [\"word\"]\n").unwrap_err();
        assert_eq!(errors[0].span.map(|s| s.offset()), Some(0));
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("select")), "{:?}", errors[0].help);
        let errors = parse("ignore = [\"word/typos\"]\n").unwrap_err();
        assert!(errors[0].message.contains("word/typos"));
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("word/typo")));
        assert_eq!(errors[0].span.map(|s| s.offset()), Some(10));
    }

    #[test]
    fn bad_values_are_each_reported() {
        let text = "level = \"village\"\nfail-on = \"fatal\"\nmin-score = 120\n[[per-file]]\npath = \"a/[\"\n[[suppress]]\nrule = \"word/typo\"\n";
        let errors = parse(text).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 5, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("village")));
        assert!(messages.iter().any(|m| m.contains("fatal")));
        assert!(messages.iter().any(|m| m.contains("min-score")));
        assert!(messages.iter().any(|m| m.contains("a/[")));
        assert!(messages.iter().any(|m| m.contains("reason")));
    }

    #[test]
    fn per_file_entries_apply_in_order_to_matching_paths() {
        let config = parse(
            "ignore = [\"punct\"]\nlevel = \"county\"\n[[per-file]]\npath = \"乡镇/**\"\nlevel = \"town\"\nignore = [\"meta/recipient\"]\nmin-score = 70\n[[per-file]]\npath = \"*草稿*.txt\"\nselect = [\"structure\"]\n",
        )
        .unwrap_or_else(|e| panic!("{:?}", e.into_iter().map(|e| e.message).collect::<Vec<_>>()));
        let town = config.settings_for(Path::new("/repo/乡镇/甲镇.txt"));
        assert_eq!(town.selection.level, Some(Level::Town));
        assert!(!town.selection.runs("meta/recipient") && !town.selection.runs("punct/halfwidth"));
        assert!(town.selection.runs("word/typo"));
        assert_eq!(town.gate.min_score, Some(70.0));
        let county = config.settings_for(Path::new("/repo/县/报告.txt"));
        assert_eq!(county.selection.level, Some(Level::County));
        assert!(county.selection.runs("meta/recipient"));
        let draft = config.settings_for(Path::new("/repo/县/报告草稿.txt"));
        assert!(draft.selection.runs("structure/causes") && !draft.selection.runs("word/typo"));
    }

    #[test]
    fn severity_by_id_wins_over_category() {
        let config = parse("[severity]\n\"word\" = \"info\"\n\"word/typo\" = \"error\"\n").unwrap_or_else(|_| panic!());
        assert_eq!(config.selection.severity_of("word/typo"), Some(Severity::Error));
        assert_eq!(config.selection.severity_of("punct/halfwidth"), None);
    }

    #[test]
    fn suppressions_apply_to_their_paths() {
        let config = parse("[[suppress]]\nrule = \"word/typo\"\npath = \"2023/*.txt\"\nline = 3\nreason = \"照录\"\n")
            .unwrap_or_else(|_| panic!());
        assert_eq!(config.suppressions_for(Path::new("/repo/2023/a.txt")).len(), 1);
        assert!(config.suppressions_for(Path::new("/repo/2023/sub/a.txt")).is_empty());
        assert!(config.suppressions_for(Path::new("/repo/2024/a.txt")).is_empty());
        assert_eq!(config.suppressions_for(Path::new("/repo/2023/a.txt"))[0].covers, Cover::Line(3));
    }
}
