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

mod discover;
mod raw;
mod starter;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobMatcher;

pub use discover::discover;
pub use raw::ConfigError;
pub use starter::starter;

use crate::diagnostic::SourceText;
use crate::finding::Severity;
use crate::pack::Pack;
use crate::rules::Level;
use crate::suppress::{Cover, Suppression, SuppressionOrigin, selects};

/// Name of the configuration file looked for.
pub const FILE_NAME: &str = "fazhi.toml";

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
    /// The rule pack for the files matched.
    pub pack: Option<Pack>,
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
    /// The rule pack (`None`: the default pack, or `--pack`).
    pub pack: Option<Pack>,
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
    /// `[[history]]`: reports compared with a given report of the year before, for files whose
    /// issuer or year the report does not write (paths resolved against `root`).
    pub history: Vec<HistoryEntry>,
}

/// One `[[history]]` entry: `current` is compared with `previous`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// This year's report.
    pub current: PathBuf,
    /// The same issuer's report of the year before.
    pub previous: PathBuf,
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
    /// The rule pack, when the configuration names one.
    pub pack: Option<Pack>,
}

impl Config {
    /// The settings when there is no configuration file.
    #[must_use]
    pub fn defaults(root: PathBuf) -> Self {
        Self {
            path: None,
            root,
            rule_dirs: Vec::new(),
            pack: None,
            selection: Selection::default(),
            gate: GateSettings::default(),
            report_year: None,
            encoding: None,
            exclude: Vec::new(),
            per_file: Vec::new(),
            suppress: Vec::new(),
            history: Vec::new(),
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
                message: format!("无法读取配置文件 {name}：{}", crate::diagnostic::io_error(&e)),
                file: SourceText::new(&name, &Arc::from("")),
                span: None,
                help: None,
            }]
        })?;
        let root = crate::paths::folder_of(path);
        Self::parse(&name, &text, root, Some(path.to_path_buf()), known_rules)
    }

    /// The path of `file` relative to the configuration's directory, as its patterns are
    /// written (a file outside it starts with `..` and matches no pattern that does not).
    fn relative(&self, file: &Path) -> PathBuf {
        crate::paths::relative_to(file, &self.root)
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
        let mut settings = FileSettings {
            selection: self.selection.clone(),
            gate: self.gate,
            report_year: self.report_year,
            pack: self.pack.clone(),
        };
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
            if entry.pack.is_some() {
                settings.pack.clone_from(&entry.pack);
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

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["structure/causes", "word/typo", "punct/halfwidth", "meta/recipient"];

    pub(super) fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        Config::parse("fazhi.toml", text, PathBuf::from("/repo"), None, RULES)
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
