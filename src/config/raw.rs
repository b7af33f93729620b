//! The configuration file as written: raw TOML types that keep spans, validated into a
//! [`Config`] with every problem located in the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use miette::{Diagnostic, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use super::{Config, GateSettings, PerFile, Selection, SuppressEntry, Threshold};
use crate::diagnostic::{SourceText, clamp, toml_error, unknown_rule_help};
use crate::finding::Severity;
use crate::pack::Pack;
use crate::rules::{LEVEL_NAMES, Level};
use crate::suppress::selects;

/// A located problem in a configuration file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("配置文件有误：{message}")]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The file, for display.
    #[source_code]
    pub file: SourceText,
    /// Where in the file.
    #[label("此处")]
    pub span: Option<SourceSpan>,
    /// What to do.
    #[help]
    pub help: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    pack: Option<Spanned<String>>,
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
    #[serde(default)]
    history: Vec<RawHistory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    current: Spanned<String>,
    previous: Spanned<String>,
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
    pack: Option<Spanned<String>>,
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
    "pack",
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
    "history",
    "current",
    "previous",
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
        let span = span.map(|r| clamp(&self.text, r));
        self.errors.push(ConfigError {
            message: message.into(),
            file: SourceText::new(&self.name, &self.text),
            span,
            help,
        });
    }

    fn selectors(&mut self, list: &[Spanned<String>]) -> Vec<String> {
        let mut out = Vec::new();
        for item in list {
            let selector = item.get_ref().trim();
            if selector != "*" && !self.known_rules.iter().any(|id| selects(selector, id)) {
                let help = Some(unknown_rule_help(selector, self.known_rules));
                self.error(Some(item.span()), format!("“{selector}”不是规则 id 或类别"), help);
                continue;
            }
            out.push(selector.to_string());
        }
        out
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
            self.error(Some(value.span()), "min-score 应在0到100之间", None);
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

    fn pack(&mut self, value: Option<&Spanned<String>>) -> Option<Pack> {
        let value = value?;
        match Pack::locate(value.get_ref(), self.root) {
            Ok(pack) => Some(pack),
            Err(message) => {
                self.error(
                    Some(value.span()),
                    message,
                    Some("写内置规则包的名称，或含 pack.toml 的目录（相对于本文件）".into()),
                );
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
                let (message, help) = toml_error(e.message(), KEYS);
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
        let pack = reader.pack(raw.pack.as_ref());
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
                pack: reader.pack(entry.pack.as_ref()),
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
        let history = raw
            .history
            .iter()
            .map(|h| super::HistoryEntry {
                current: reader.root.join(h.current.get_ref()),
                previous: reader.root.join(h.previous.get_ref()),
            })
            .collect();
        if !reader.errors.is_empty() {
            return Err(reader.errors);
        }
        Ok(Self {
            path,
            root,
            rule_dirs,
            pack,
            selection,
            gate,
            report_year,
            encoding,
            exclude,
            per_file,
            suppress,
            history,
        })
    }

    /// The `rules` directories and the packs a configuration file names, resolved, read
    /// without validating anything else (the rules they hold must be known before the file
    /// can be validated). What cannot be resolved is left out here and reported by `load`.
    #[must_use]
    pub fn declared(path: &Path) -> (Vec<PathBuf>, Vec<Pack>) {
        let root = crate::paths::folder_of(path);
        let Ok(text) = std::fs::read_to_string(path) else { return (Vec::new(), Vec::new()) };
        let Ok(table) = text.parse::<toml::Table>() else { return (Vec::new(), Vec::new()) };
        let dirs = match table.get("rules") {
            Some(toml::Value::Array(dirs)) => {
                dirs.iter().filter_map(toml::Value::as_str).map(|d| root.join(d)).filter(|d| d.is_dir()).collect()
            }
            _ => Vec::new(),
        };
        let per_file = match table.get("per-file") {
            Some(toml::Value::Array(entries)) => entries.iter().filter_map(|e| e.get("pack")).collect(),
            _ => Vec::new(),
        };
        let packs = table
            .get("pack")
            .into_iter()
            .chain(per_file)
            .filter_map(toml::Value::as_str)
            .filter_map(|name| Pack::locate(name, &root).ok())
            .collect();
        (dirs, packs)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse;

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
}
