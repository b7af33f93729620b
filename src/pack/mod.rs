//! Rule packs as units. A pack is a directory with a `pack.toml` (name, version, scoring, what
//! the parser should know about the report type, the audit sheets' titles), an optional
//! `starter.toml` (what `fazhi init` writes) and its rules in `<category>/<name>.toml`. Packs
//! under `rules/` are built into the binary (build.rs embeds each one separately); any other
//! directory laid out the same way is a pack too (`--pack DIR`, `pack = "DIR"`).
//!
//! **Invariant:** a run's rules come from exactly one pack plus extra rule directories; a pack's
//! settings are never mixed with another's, and a `pack.toml` is never silently ignored.

mod score;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

pub use score::{CapCondition, Grade, GradeCap, PerFinding, ScoreGroup, ScoreSettings};

use crate::diagnostic::{RuleError, io_error, toml_error};
use crate::document::{DocumentHints, HintWords};

/// A pack built into the binary.
#[derive(Debug)]
pub struct EmbeddedPack {
    /// The directory name under `rules/`.
    pub name: &'static str,
    /// Its files: (path inside the pack, text).
    pub files: &'static [(&'static str, &'static str)],
}

mod embedded {
    use super::EmbeddedPack;
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}

/// The pack used when none is chosen.
pub const DEFAULT: &str = "default";
/// The settings file of a pack.
pub const PACK_FILE: &str = "pack.toml";
/// The starter configuration of a pack.
pub const STARTER_FILE: &str = "starter.toml";

/// Which pack a run uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pack {
    /// A pack built into the binary, by name.
    Builtin(&'static str),
    /// A pack directory.
    Dir(PathBuf),
}

impl Default for Pack {
    fn default() -> Self {
        Self::Builtin(DEFAULT)
    }
}

impl Pack {
    /// The packs built into the binary.
    #[must_use]
    pub fn builtin() -> &'static [EmbeddedPack] {
        embedded::PACKS
    }

    /// The pack `name` names: a built-in pack, else a directory with a `pack.toml`, relative to
    /// `base` (the working directory, or the configuration file's directory).
    ///
    /// # Errors
    /// A message in Chinese when `name` is neither.
    pub fn locate(name: &str, base: &Path) -> Result<Self, String> {
        if let Some(pack) = Self::builtin().iter().find(|p| p.name == name) {
            return Ok(Self::Builtin(pack.name));
        }
        let dir = base.join(name);
        if dir.join(PACK_FILE).is_file() {
            return Ok(Self::Dir(dir));
        }
        let names: Vec<&str> = Self::builtin().iter().map(|p| p.name).collect();
        let reason = if dir.is_dir() {
            format!("目录 {} 中没有 {PACK_FILE}", dir.display())
        } else {
            "也没有这个目录".into()
        };
        Err(format!("没有规则包“{name}”：内置的规则包有 {}，{reason}", names.join("、")))
    }

    /// The pack as a user names it: its built-in name or its directory.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Builtin(name) => (*name).to_string(),
            Self::Dir(dir) => dir.display().to_string(),
        }
    }

    /// Reads the pack: its settings and its rule files. Problems are collected; a broken
    /// `pack.toml` gives fallback settings so that the rules still run (the run exits 2).
    #[must_use]
    pub fn read(&self) -> (PackSettings, Vec<RuleText>, Vec<RuleError>) {
        let mut errors = Vec::new();
        let files = match self {
            Self::Builtin(name) => Self::builtin()
                .iter()
                .find(|p| p.name == *name)
                .map(|p| {
                    p.files
                        .iter()
                        .map(|(relative, text)| PackFile {
                            relative: (*relative).to_string(),
                            shown: format!("rules/{name}/{relative}"),
                            origin: PathBuf::from(format!("内置规则包 {name}：{relative}")),
                            text: (*text).to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Self::Dir(dir) => read_dir_files(dir, &mut errors),
        };
        let mut settings = None;
        let mut starter = None;
        let mut rules = Vec::new();
        for file in files {
            match file.relative.as_str() {
                PACK_FILE => match parse_settings(&file.shown, &file.text) {
                    Ok(parsed) => settings = Some(parsed),
                    Err(error) => errors.push(*error),
                },
                STARTER_FILE => starter = Some(file.text),
                relative if !relative.contains('/') => errors.push(RuleError::at(
                    &file.shown,
                    &Arc::from(file.text.as_str()),
                    None,
                    "规则文件应放在类别目录中：<规则包>/<类别>/<名称>.toml",
                    Some(format!("规则 id 由类别目录和文件名组成，如 structure/causes；规则包目录下只放 {PACK_FILE} 和 {STARTER_FILE}")),
                )),
                relative => rules.push(RuleText {
                    builtin: matches!(self, Self::Builtin(_)),
                    included: false,
                    id: relative.trim_end_matches(".toml").to_string(),
                    origin: file.origin,
                    shown: file.shown,
                    text: file.text,
                }),
            }
        }
        let mut settings = settings.unwrap_or_else(|| PackSettings::fallback(&self.label()));
        settings.starter = starter;
        for (pack, categories) in &settings.include {
            let Some(other) = Self::builtin().iter().find(|p| p.name == *pack && Self::Builtin(p.name) != *self) else {
                continue;
            };
            for (relative, text) in other.files {
                let id = relative.trim_end_matches(".toml");
                let in_category = categories.iter().any(|c| id.split_once('/').is_some_and(|(cat, _)| cat == c));
                if in_category && !rules.iter().any(|r: &RuleText| r.id == id) {
                    rules.push(RuleText {
                        builtin: true,
                        included: true,
                        id: id.to_string(),
                        origin: PathBuf::from(format!("内置规则包 {pack}：{relative}")),
                        shown: format!("rules/{pack}/{relative}"),
                        text: (*text).to_string(),
                    });
                }
            }
        }
        (settings, rules, errors)
    }
}

/// A rule file of a pack or a rule directory.
#[derive(Debug, Clone)]
pub struct RuleText {
    /// The id its path gives: `category/name`.
    pub id: String,
    /// The file as messages show it.
    pub shown: String,
    /// Where it came from, for `fazhi rule`.
    pub origin: PathBuf,
    /// Its text.
    pub text: String,
    /// Whether it is a rule of a pack built into the binary.
    pub builtin: bool,
    /// Whether it comes from another pack through `[[include]]`: the rules it gives way to
    /// (`supersedes`) may not exist in this pack.
    pub included: bool,
}

struct PackFile {
    relative: String,
    shown: String,
    /// Where `fazhi rule` says the rule comes from: the pack and the file's place in it for a
    /// built-in pack (an installed binary has no such file on disk), else the real path.
    origin: PathBuf,
    text: String,
}

fn read_dir_files(dir: &Path, errors: &mut Vec<RuleError>) -> Vec<PackFile> {
    let mut paths = Vec::new();
    collect_toml(dir, &mut paths, errors);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                files.push(PackFile { relative, origin: path.clone(), shown, text });
            }
            Err(e) => errors.push(RuleError::at(
                &shown,
                &Arc::from(""),
                None,
                format!("无法读取规则文件：{}", io_error(&e)),
                None,
            )),
        }
    }
    files
}

/// Every `.toml` file under `dir`, at any depth.
pub(crate) fn collect_toml(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<RuleError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let name = dir.display().to_string();
            errors.push(RuleError::at(
                &name,
                &Arc::from(""),
                None,
                format!("无法读取规则目录 {name}：{}", io_error(&e)),
                None,
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_toml(&path, files, errors);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

/// The settings of a pack.
#[derive(Debug, Clone)]
pub struct PackSettings {
    /// Name of the pack.
    pub name: String,
    /// Version of the pack, shown in outputs.
    pub version: String,
    /// Scoring.
    pub score: ScoreSettings,
    /// What the parser should know about this report type.
    pub document: DocumentHints,
    /// Titles and measures of the audit sheets.
    pub audit: AuditSettings,
    /// The starter configuration `fazhi init` writes, when the pack has one.
    pub starter: Option<String>,
    /// `[detect] title`: the pattern a report's title matches when it is of this pack's type.
    pub detect: Option<regex::Regex>,
    /// `[[include]]`: (built-in pack, rule categories) whose rules this pack also runs.
    pub include: Vec<(String, Vec<String>)>,
}

/// A pack as outputs name it: its name and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackId {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
}

/// The `[audit]` table of a pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    /// Title of each report's sheet, e.g. 法治政府建设年度报告审核单.
    pub sheet_title: String,
    /// Title of the batch summary, e.g. 法治政府建设年度报告审核汇总.
    pub summary_title: String,
    /// Rule categories whose errors and warnings count as language errors in 差错率.
    #[serde(default)]
    pub language_categories: Vec<String>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self { sheet_title: "审核单".into(), summary_title: "审核汇总".into(), language_categories: Vec::new() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    name: String,
    version: String,
    score: score::RawScore,
    #[serde(default)]
    document: RawDocument,
    #[serde(default)]
    audit: Option<AuditSettings>,
    #[serde(default)]
    detect: Option<RawDetect>,
    #[serde(default)]
    include: Vec<RawInclude>,
}

/// `[[include]]`: categories of rules taken from a built-in pack (the language rules every
/// report type shares), unless this pack has a rule of the same id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInclude {
    pack: String,
    categories: Vec<String>,
}

/// `[detect]`: how a report shows it is of the pack's type, so that a run with no pack chosen
/// picks this one by itself.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetect {
    /// A pattern one of the report's opening lines matches (its title).
    title: String,
}

/// How many non-empty lines at the top of a report are looked at for its title.
const DETECT_LINES: usize = 12;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    title_topics: Vec<String>,
    #[serde(default)]
    issuer_followers: Vec<String>,
    #[serde(default)]
    year_followers: Vec<String>,
    #[serde(default)]
    plan_headings: Vec<String>,
}

/// Keys of a `pack.toml`, for "did you mean".
const PACK_KEYS: &[&str] = &[
    "name",
    "version",
    "score",
    "per_finding",
    "groups",
    "grades",
    "caps",
    "when",
    "above",
    "max_grade",
    "reason",
    "document",
    "title_topics",
    "issuer_followers",
    "year_followers",
    "plan_headings",
    "audit",
    "sheet_title",
    "summary_title",
    "language_categories",
    "detect",
    "title",
    "include",
    "pack",
    "categories",
];

fn parse_settings(name: &str, text: &str) -> Result<PackSettings, Box<RuleError>> {
    let shared: Arc<str> = Arc::from(text);
    let raw: RawPack = toml::from_str(text).map_err(|e| {
        let (message, help) = toml_error(e.message(), PACK_KEYS);
        RuleError::at(name, &shared, e.span(), message, help)
    })?;
    let total = raw.score.total_points();
    if (total - 100.0).abs() > 1e-6 {
        return Err(Box::new(RuleError::at(
            name,
            &shared,
            None,
            format!("评分分组的分值合计应为 100，现为 {total}"),
            None,
        )));
    }
    let score =
        raw.score.validate().map_err(|(message, span, help)| RuleError::at(name, &shared, span, message, help))?;
    let words = HintWords {
        title_topics: raw.document.title_topics,
        issuer_followers: raw.document.issuer_followers,
        year_followers: raw.document.year_followers,
        plan_headings: raw.document.plan_headings,
    };
    let document = DocumentHints::new(words)
        .map_err(|e| RuleError::at(name, &shared, None, format!("[document] 无法使用：{e}"), None))?;
    let detect = match raw.detect {
        Some(detect) => Some(regex::Regex::new(&detect.title).map_err(|e| {
            RuleError::at(name, &shared, None, format!("[detect] 的 title 不是可用的正则表达式：{e}"), None)
        })?),
        None => None,
    };
    if let Some(unknown) = raw.include.iter().find(|i| !Pack::builtin().iter().any(|p| p.name == i.pack)) {
        let known: Vec<&str> = Pack::builtin().iter().map(|p| p.name).collect();
        return Err(Box::new(RuleError::at(
            name,
            &shared,
            None,
            format!("[[include]] 的 pack “{}”不是内置规则包", unknown.pack),
            Some(format!("内置规则包有：{}", known.join("、"))),
        )));
    }
    Ok(PackSettings {
        include: raw.include.into_iter().map(|i| (i.pack, i.categories)).collect(),
        name: raw.name,
        version: raw.version,
        score,
        document,
        audit: raw.audit.unwrap_or_default(),
        starter: None,
        detect,
    })
}

impl PackSettings {
    /// The pack's name and version.
    #[must_use]
    pub fn id(&self) -> PackId {
        PackId { name: self.name.clone(), version: self.version.clone() }
    }

    /// Whether `text` (a report's extracted text) is of this pack's type: one of its first
    /// non-empty lines matches the pack's `[detect] title`. A pack without `[detect]` claims
    /// nothing.
    #[must_use]
    pub fn claims(&self, text: &str) -> bool {
        let Some(title) = &self.detect else { return false };
        text.lines().map(str::trim).filter(|l| !l.is_empty()).take(DETECT_LINES).any(|line| title.is_match(line))
    }

    /// The built-in packs other than the default that claim reports by their title: those a
    /// run with no pack chosen may pick.
    #[must_use]
    pub fn detecting() -> Vec<Pack> {
        Pack::builtin()
            .iter()
            .filter(|p| p.name != DEFAULT)
            .filter(|p| PackSettings::builtin(p.name).is_some_and(|s| s.detect.is_some()))
            .map(|p| Pack::Builtin(p.name))
            .collect()
    }

    /// The settings of a built-in pack.
    #[must_use]
    pub fn builtin(name: &str) -> Option<Self> {
        let pack = Pack::builtin().iter().find(|p| p.name == name)?;
        Some(Pack::Builtin(pack.name).read().0)
    }

    /// Settings for a pack whose `pack.toml` could not be read: the default pack's scoring,
    /// under the pack's own name, so that its rules still run and score.
    fn fallback(name: &str) -> Self {
        let default = Pack::builtin()
            .iter()
            .find(|p| p.name == DEFAULT)
            .and_then(|p| p.files.iter().find(|(f, _)| *f == PACK_FILE))
            .and_then(|(_, text)| parse_settings("pack.toml", text).ok());
        let mut settings = default.expect("the built-in default pack.toml is valid");
        settings.name = name.to_string();
        settings.version = "?".to_string();
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pack_reads_without_error() {
        for pack in Pack::builtin() {
            let (settings, rules, errors) = Pack::Builtin(pack.name).read();
            assert!(errors.is_empty(), "{}: {errors:?}", pack.name);
            assert_eq!(settings.name, pack.name, "pack.toml names its directory");
            assert!(!rules.is_empty());
        }
    }

    #[test]
    fn a_pack_is_a_builtin_name_or_a_directory_with_pack_toml() {
        assert_eq!(Pack::locate("default", Path::new(".")), Ok(Pack::Builtin("default")));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("local")).unwrap();
        let missing = Pack::locate("local", dir.path()).unwrap_err();
        assert!(missing.contains("没有 pack.toml") && missing.contains("default"), "{missing}");
        std::fs::write(dir.path().join("local/pack.toml"), "").unwrap();
        assert_eq!(Pack::locate("local", dir.path()), Ok(Pack::Dir(dir.path().join("local"))));
        assert!(Pack::locate("nowhere", dir.path()).unwrap_err().contains("也没有这个目录"));
    }
}
