//! Planning a run: which files, and for each its configuration, rule pack, rule set, gate,
//! read options and suppressions. Rule sets are built once per distinct profile (configuration,
//! pack, selection) and shared by every file that uses it. A [`Planner`] keeps what it loaded:
//! `plan` uses one for a run, `fazhi serve` one for its lifetime, planning each upload by name.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ConfigError, FileSettings, Selection, Threshold, discover};
use crate::diagnostic::unknown_rule_help;
use crate::engine::{Gate, ReadOptions};
use crate::finding::Severity;
use crate::pack::Pack;
use crate::results::FileError;
use crate::rules::{Claiming, Level, RuleError, RuleSet};
use crate::suppress::Suppression;

/// What the command line says about configuration, rules, reading and the gate. Each `Some`
/// overrides the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--no-config`.
    pub no_config: bool,
    /// `--pack NAME|DIR`, resolved.
    pub pack: Option<Pack>,
    /// `--rules DIR`.
    pub rule_dirs: Vec<PathBuf>,
    /// `--select`, `--ignore`.
    pub selection: Selection,
    /// `--fail-on`.
    pub fail_on: Option<Threshold>,
    /// `--min-score`.
    pub min_score: Option<f64>,
    /// `--encoding`.
    pub encoding: Option<String>,
    /// `--report-year`.
    pub report_year: Option<i32>,
}

/// What one request to `fazhi serve` chooses for its uploads, over the server's own options:
/// the pack and the report year as `--pack` and `--report-year` would, and the report level as
/// `level` in the configuration would.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// A pack for every upload (`None`: as the server's options and configuration say).
    pub pack: Option<Pack>,
    /// The report level (`None`: the configured one).
    pub level: Option<Level>,
    /// The report year when a report gives none (`None`: `--report-year` or the configured one).
    pub report_year: Option<i32>,
}

/// One file of a run with everything needed to check it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The path as given or found.
    pub path: PathBuf,
    /// Its rule set.
    pub rules: Arc<RuleSet>,
    /// How to read it.
    pub options: ReadOptions,
    /// Its gate.
    pub gate: Gate,
    /// Its configuration suppressions.
    pub suppressions: Vec<Suppression>,
    /// When no pack was chosen for it: the rule sets of the built-in packs that may claim it by
    /// its title (`[detect]`), tried before `rules` when it is read, each loaded when a report
    /// first calls for it.
    pub detect: Vec<Arc<Claiming>>,
}

impl Job {
    /// The rule sets of `detect`, borrowed.
    pub(crate) fn others(&self) -> Vec<&Claiming> {
        self.detect.iter().map(AsRef::as_ref).collect()
    }

    /// What `annotate` checks this file with; `others` is `self.others()`.
    pub(crate) fn annotate_check<'a>(&'a self, others: &'a [&'a Claiming]) -> crate::annotate::Check<'a> {
        crate::annotate::Check {
            rules: &self.rules,
            others,
            options: &self.options,
            suppressions: &self.suppressions,
            gate: self.gate,
        }
    }
}

/// A planned run.
#[derive(Debug)]
pub struct Plan {
    /// Files to check, sorted by path.
    pub jobs: Vec<Job>,
    /// Files that could not be planned (missing, empty directory).
    pub errors: Vec<FileError>,
    /// The rule set of the run's pack with no configuration applied: what outputs name as the
    /// rule pack and list as the rules. The pack is that of the first report (`--pack`, else
    /// the configuration's, else the default).
    pub base: Arc<RuleSet>,
    /// Configurations used, with the `[[suppress]]` entries of each.
    pub configs: Vec<Config>,
}

/// Why a run could not be planned.
#[derive(Debug)]
pub enum PlanError {
    /// A configuration file has errors.
    Config(Vec<ConfigError>),
    /// A usage error, in Chinese.
    Usage(String),
}

/// Plans a run over `paths`. Rule-file problems are appended to `rule_errors` (they do not
/// stop the run; the rules that loaded still run).
///
/// # Errors
/// A configuration error or an unusable `--select`/`--ignore`.
pub fn plan(paths: &[PathBuf], overrides: &Overrides, rule_errors: &mut Vec<RuleError>) -> Result<Plan, PlanError> {
    let mut planner = Planner::new(overrides.clone());
    let result = planner.plan(paths);
    rule_errors.append(&mut planner.rule_errors);
    result
}

/// A `--select`/`--ignore` selector that names no rule of the packs used is a usage error.
fn check_selectors(known: &BTreeSet<String>, selection: &Selection) -> Result<(), PlanError> {
    let ids: Vec<&str> = known.iter().map(String::as_str).collect();
    for selector in selection.select.iter().chain(&selection.ignore) {
        if !ids.iter().any(|id| crate::suppress::selects(selector, id)) {
            let help = unknown_rule_help(selector, &ids);
            return Err(PlanError::Usage(format!("“{selector}”不是规则 id 或类别；{help}")));
        }
    }
    Ok(())
}

/// Plans jobs and keeps what it loaded: configurations, and the rule sets of each pack and
/// profile, so that a file of a profile already seen costs no rule compilation.
#[derive(Debug)]
pub(crate) struct Planner {
    overrides: Overrides,
    configs: Vec<Config>,
    /// Configuration file → index in `configs`.
    by_path: HashMap<PathBuf, usize>,
    /// Directory → configuration index (`None`: no file, defaults).
    by_dir: HashMap<PathBuf, Option<usize>>,
    /// Pack → its rules with the command line's directories, as loaded.
    bases: HashMap<Pack, Arc<RuleSet>>,
    /// (configuration, pack, settings) → rule set.
    sets: HashMap<(Option<usize>, Pack, String), Arc<RuleSet>>,
    /// (configuration, pack, settings) → the rules of a pack that may claim a report.
    claiming: HashMap<(Option<usize>, Pack, String), Arc<Claiming>>,
    /// Every rule id of the sets loaded, for checking `--select`/`--ignore`.
    known_ids: BTreeSet<String>,
    /// Rule-file problems met so far, each once.
    rule_errors: Vec<RuleError>,
    /// Packs whose rules (with the directories added to them) had a problem when loaded.
    faulty: HashSet<Pack>,
    /// The built-in packs a report with no pack chosen may be claimed by (`[detect]`).
    detecting: Vec<Pack>,
}

impl Planner {
    /// A planner for runs with these options; nothing is loaded yet.
    pub(crate) fn new(overrides: Overrides) -> Self {
        Self {
            overrides,
            configs: Vec::new(),
            by_path: HashMap::new(),
            by_dir: HashMap::new(),
            bases: HashMap::new(),
            sets: HashMap::new(),
            claiming: HashMap::new(),
            known_ids: BTreeSet::new(),
            rule_errors: Vec::new(),
            faulty: HashSet::new(),
            detecting: crate::pack::PackSettings::detecting(),
        }
    }

    /// What must hold before any file is planned: the rules of the command line's pack load,
    /// and `--config` exists and is valid. Returns those rules.
    ///
    /// # Errors
    /// `--config` is missing or has errors.
    pub(crate) fn prepare(&mut self) -> Result<Arc<RuleSet>, PlanError> {
        let cli_pack = self.overrides.pack.clone().unwrap_or_default();
        let base = self.base(&cli_pack);
        if let Some(path) = self.overrides.config.clone() {
            if !path.is_file() {
                return Err(PlanError::Usage(format!("配置文件 {} 不存在", path.display())));
            }
            self.config_at(&path)?;
        }
        Ok(base)
    }

    fn plan(&mut self, paths: &[PathBuf]) -> Result<Plan, PlanError> {
        let fallback_base = self.prepare()?;
        let (files, errors) = collect_files(paths, self)?;
        let mut jobs = Vec::with_capacity(files.len());
        let mut first_pack = None;
        for path in files {
            let config_idx = self.config_for(&path)?;
            let (job, pack) = self.job(path, config_idx, &Choice::default());
            first_pack.get_or_insert(pack);
            jobs.push(job);
        }
        check_selectors(&self.known_ids, &self.overrides.selection)?;
        let base = match first_pack {
            Some(pack) => self.base(&pack),
            None => fallback_base,
        };
        Ok(Plan { jobs, errors, base, configs: self.configs.clone() })
    }

    /// Plans files that are not on disk (uploads) by their names, as `plan` would plan files of
    /// those names in the working directory, with `choice` over the options. The flag says
    /// whether a rule file of a pack they use is broken (a run would exit 2).
    ///
    /// # Errors
    /// A configuration file that governs them has errors.
    #[cfg(feature = "serve")]
    pub(crate) fn plan_named(&mut self, names: &[PathBuf], choice: &Choice) -> Result<(Plan, bool), PlanError> {
        let fallback_base = match &choice.pack {
            Some(pack) => self.base(pack),
            None => self.prepare()?,
        };
        let mut jobs = Vec::with_capacity(names.len());
        let mut packs = Vec::new();
        for name in names {
            let config_idx = self.config_for(name)?;
            let (job, pack) = self.job(name.clone(), config_idx, choice);
            packs.push(pack);
            jobs.push(job);
        }
        check_selectors(&self.known_ids, &self.overrides.selection)?;
        let base = match packs.first() {
            Some(pack) => self.base(pack),
            None => fallback_base,
        };
        let broken = packs.iter().any(|pack| self.faulty.contains(pack));
        Ok((Plan { jobs, errors: Vec::new(), base, configs: self.configs.clone() }, broken))
    }

    /// The pack a file gets when only the command line and `--config` decide: `--pack`, else
    /// the configuration's `pack`, else the default pack.
    #[cfg(feature = "serve")]
    pub(crate) fn default_pack(&self) -> Pack {
        let configured = || {
            let idx = self.overrides.config.as_ref().and_then(|path| self.by_path.get(path))?;
            self.configs[*idx].pack.clone()
        };
        self.overrides.pack.clone().or_else(configured).unwrap_or_default()
    }

    /// The rule-file problems met so far, each once.
    #[cfg(feature = "serve")]
    pub(crate) fn rule_errors(&self) -> &[RuleError] {
        &self.rule_errors
    }

    /// Loads rules, reporting each broken rule file once however many profiles load it.
    fn load(&mut self, pack: &Pack, dirs: &[PathBuf]) -> RuleSet {
        let (rules, errors) = RuleSet::load(pack, dirs);
        if !errors.is_empty() {
            self.faulty.insert(pack.clone());
        }
        for error in errors {
            let seen = self
                .rule_errors
                .iter()
                .any(|e| e.file.name() == error.file.name() && e.message == error.message && e.span == error.span);
            if !seen {
                self.rule_errors.push(error);
            }
        }
        self.known_ids.extend(rules.rules.iter().map(|r| r.id.to_string()));
        rules
    }

    /// The rules of `pack` with the command line's directories.
    pub(crate) fn base(&mut self, pack: &Pack) -> Arc<RuleSet> {
        if let Some(set) = self.bases.get(pack) {
            return Arc::clone(set);
        }
        let set = Arc::new(self.load(pack, &self.overrides.rule_dirs.clone()));
        self.bases.insert(pack.clone(), Arc::clone(&set));
        set
    }

    fn config_at(&mut self, path: &Path) -> Result<usize, PlanError> {
        if let Some(idx) = self.by_path.get(path) {
            return Ok(*idx);
        }
        // The configuration may choose packs and add rule directories; their rule ids must be
        // known to validate it.
        let (declared_dirs, declared_packs) = Config::declared(path);
        let packs = match &self.overrides.pack {
            Some(pack) => vec![pack.clone()],
            None if declared_packs.is_empty() => {
                std::iter::once(Pack::default()).chain(self.detecting.iter().cloned()).collect()
            }
            None => declared_packs,
        };
        let mut known: BTreeSet<String> = BTreeSet::new();
        for pack in &packs {
            // A pack that may claim reports is loaded when one does: its ids are enough here.
            let deferred = declared_dirs.is_empty()
                && self.overrides.rule_dirs.is_empty()
                && self.detecting.contains(pack)
                && !self.bases.contains_key(pack);
            if deferred {
                known.extend(pack.read().1.into_iter().map(|file| file.id));
                continue;
            }
            let rules = if declared_dirs.is_empty() {
                self.base(pack)
            } else {
                let mut dirs = self.overrides.rule_dirs.clone();
                dirs.extend(declared_dirs.iter().cloned());
                Arc::new(self.load(pack, &dirs))
            };
            known.extend(rules.rules.iter().map(|r| r.id.to_string()));
        }
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let config = Config::load(path, &known).map_err(PlanError::Config)?;
        self.configs.push(config);
        let idx = self.configs.len() - 1;
        self.by_path.insert(path.to_path_buf(), idx);
        Ok(idx)
    }

    /// The configuration that governs `file` (`None`: none, defaults).
    fn config_for(&mut self, file: &Path) -> Result<Option<usize>, PlanError> {
        if self.overrides.no_config {
            return Ok(None);
        }
        if let Some(path) = self.overrides.config.clone() {
            return self.config_at(&path).map(Some);
        }
        let dir = crate::paths::folder_of(file);
        if let Some(found) = self.by_dir.get(&dir) {
            return Ok(*found);
        }
        let found = match discover(&dir) {
            Some(path) => Some(self.config_at(&path)?),
            None => None,
        };
        self.by_dir.insert(dir, found);
        Ok(found)
    }

    /// The job of one file, and the pack it uses.
    fn job(&mut self, path: PathBuf, config_idx: Option<usize>, choice: &Choice) -> (Job, Pack) {
        let settings = match config_idx {
            Some(idx) => self.configs[idx].settings_for(&path),
            None => FileSettings {
                selection: Selection::default(),
                gate: crate::config::GateSettings::default(),
                report_year: None,
                pack: None,
            },
        };
        let chosen = choice.pack.clone().or_else(|| self.overrides.pack.clone()).or(settings.pack);
        let detecting = if chosen.is_none() { self.detecting.clone() } else { Vec::new() };
        let pack = chosen.unwrap_or_default();
        let mut selection = settings.selection.overlaid(&self.overrides.selection);
        if choice.level.is_some() {
            selection.level = choice.level;
        }
        let rules = self.rule_set(config_idx, &pack, &selection);
        let detect = detecting.iter().map(|other| self.claiming_set(config_idx, other, &selection)).collect();
        let config = config_idx.map(|idx| &self.configs[idx]);
        let options = ReadOptions {
            encoding: self.overrides.encoding.clone().or_else(|| config.and_then(|c| c.encoding.clone())),
            report_year: choice.report_year.or(self.overrides.report_year).or(settings.report_year),
        };
        let fail_on =
            self.overrides.fail_on.or(settings.gate.fail_on).map_or(Some(Severity::Error), Threshold::severity);
        let gate = Gate { fail_on, min_score: self.overrides.min_score.or(settings.gate.min_score) };
        let suppressions = config.map(|c| c.suppressions_for(&path)).unwrap_or_default();
        (Job { path, rules, options, gate, suppressions, detect }, pack)
    }

    /// The rules of `pack`, which may claim a report, for a file of `config_idx` with
    /// `selection`. A built-in pack with no rule directories added is loaded when a report
    /// first calls for it; its rule ids are known at once, for checking `--select`.
    fn claiming_set(&mut self, config_idx: Option<usize>, pack: &Pack, selection: &Selection) -> Arc<Claiming> {
        let key = (config_idx, pack.clone(), format!("{selection:?}"));
        if let Some(set) = self.claiming.get(&key) {
            return Arc::clone(set);
        }
        let no_dirs =
            self.overrides.rule_dirs.is_empty() && config_idx.is_none_or(|idx| self.configs[idx].rule_dirs.is_empty());
        let set = match pack {
            Pack::Builtin(_) if no_dirs && !self.bases.contains_key(pack) => {
                let (settings, files, _) = pack.read();
                self.known_ids.extend(files.into_iter().map(|file| file.id));
                let (pack, selection) = (pack.clone(), selection.clone());
                Claiming::deferred(settings, move || {
                    let (rules, errors) = RuleSet::load(&pack, &[]);
                    debug_assert!(errors.is_empty(), "a built-in pack loads without errors");
                    let unchanged =
                        selection == Selection::default() && rules.rules.iter().all(|r| r.levels.is_empty());
                    if unchanged {
                        rules
                    } else {
                        rules.adjusted(selection.level, |r| selection.runs(&r.id), |r| selection.severity_of(&r.id))
                    }
                })
            }
            _ => Claiming::loaded(self.rule_set(config_idx, pack, selection)),
        };
        let set = Arc::new(set);
        self.claiming.insert(key, Arc::clone(&set));
        set
    }

    fn rule_set(&mut self, config_idx: Option<usize>, pack: &Pack, selection: &Selection) -> Arc<RuleSet> {
        let key = (config_idx, pack.clone(), format!("{selection:?}"));
        if let Some(set) = self.sets.get(&key) {
            return Arc::clone(set);
        }
        let config_dirs = config_idx.map_or(&[][..], |idx| &self.configs[idx].rule_dirs[..]).to_vec();
        let base = self.base(pack);
        // Without configuration the base set is the answer: do not compile every rule again.
        let unchanged = config_dirs.is_empty()
            && *selection == Selection::default()
            && base.rules.iter().all(|r| r.levels.is_empty());
        if unchanged {
            self.sets.insert(key, Arc::clone(&base));
            return base;
        }
        let mut dirs = self.overrides.rule_dirs.clone();
        dirs.extend(config_dirs);
        let rules = self.load(pack, &dirs);
        let set =
            Arc::new(rules.adjusted(selection.level, |r| selection.runs(&r.id), |r| selection.severity_of(&r.id)));
        self.sets.insert(key, Arc::clone(&set));
        set
    }
}

/// The files of a run: named files as given, directories walked for reports (honouring
/// .gitignore and the `exclude` globs of the governing configuration), sorted so output order
/// does not depend on the file system or thread timing.
fn collect_files(paths: &[PathBuf], planner: &mut Planner) -> Result<(Vec<PathBuf>, Vec<FileError>), PlanError> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            // The walker reads each folder's ignore files; one that is a FIFO would block the
            // run, so such a folder is reported and not walked.
            let unreadable = Arc::new(std::sync::Mutex::new(Vec::new()));
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if let Some(ignore_file) = absolute.ancestors().find_map(special_ignore_file) {
                errors.push(special_ignore_error(ignore_file));
                continue;
            }
            let skipped = Arc::clone(&unreadable);
            let walker = ignore::WalkBuilder::new(path)
                .filter_entry(move |entry| {
                    let special = entry
                        .file_type()
                        .is_some_and(|t| t.is_dir())
                        .then(|| special_ignore_file(entry.path()))
                        .flatten();
                    special.map(|file| skipped.lock().map(|mut s| s.push(file))).is_none()
                })
                .build();
            let mut found = Vec::new();
            for entry in walker.filter_map(Result::ok) {
                if !entry.file_type().is_some_and(|t| t.is_file()) || !is_report_file(entry.path()) {
                    continue;
                }
                let file = entry.into_path();
                let excluded = match planner.config_for(&file)? {
                    Some(idx) => planner.configs[idx].excludes(&file),
                    None => false,
                };
                if !excluded {
                    found.push(file);
                }
            }
            found.sort();
            let mut unreadable = unreadable.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default();
            unreadable.sort();
            errors.extend(unreadable.into_iter().map(special_ignore_error));
            if found.is_empty() {
                errors.push(FileError {
                    path: path.clone(),
                    message:
                        "目录中没有可检查的报告文件（.txt、.md、.docx、.html、.pdf；README、LICENSE 等仓库文件不算）"
                            .to_string(),
                });
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(FileError { path: path.clone(), message: "文件不存在".to_string() });
        }
    }
    Ok((files, errors))
}

/// An ignore file of `dir` (`.gitignore`, `.ignore`, `.git/info/exclude`) that exists but is
/// not a regular file: a FIFO there would block the folder walk that reads it.
fn special_ignore_file(dir: &Path) -> Option<PathBuf> {
    [".gitignore", ".ignore", ".git/info/exclude"]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|file| std::fs::metadata(file).is_ok_and(|m| !m.is_file()))
}

fn special_ignore_error(file: PathBuf) -> FileError {
    FileError {
        message: "这个忽略规则文件不是普通文件（可能是命名管道），读取它会让检查卡住，所在文件夹没有检查".to_string(),
        path: file,
    }
}

/// Whether a file found in a folder is taken into the run: a report in a format fazhi reads, or
/// in a report format it does not read (.doc, .wps, .rtf …), which the reader then lists as
/// unreadable with what to do, so that no report in a folder is skipped silently. A
/// repository's own files (README, CHANGELOG, LICENSE …) are not reports. The pattern of
/// `.pre-commit-hooks.yaml` must say the same (`tests/it/tidy.rs` checks it).
#[must_use]
pub fn is_report_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    // Word and WPS leave a lock file `~$名称.docx` beside a document that is open.
    if name.starts_with("~$") || is_repository_file(name) {
        return false;
    }
    let readable = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown" | "docx" | "html" | "htm" | "shtml" | "pdf")
    });
    readable || crate::document::readers::unsupported_format(path).is_some()
}

/// The names of a repository's own files, which are not reports (any case, alone or followed by
/// `.`, `-` or `_` and more: `README.md`, `LICENSE-MIT`, `readme_zh.txt`).
const REPOSITORY_FILES: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "NEWS",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "NOTICE",
    "AUTHORS",
    "CONTRIBUTING",
    "CONTRIBUTORS",
    "CODE_OF_CONDUCT",
    "SECURITY",
    "SUPPORT",
];

/// Whether `name` is a repository file (README.md, CHANGELOG, LICENSE …), not a report.
#[must_use]
pub fn is_repository_file(name: &str) -> bool {
    REPOSITORY_FILES.iter().any(|stem| {
        name.get(..stem.len()).is_some_and(|head| head.eq_ignore_ascii_case(stem))
            && name[stem.len()..].chars().next().is_none_or(|c| matches!(c, '.' | '-' | '_'))
    })
}
