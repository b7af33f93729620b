//! Baselines: today's findings recorded so that a gate reports only new ones.
//!
//! `fazhi baseline FILES -o fazhi-baseline.json` records, per report, each finding's rule and
//! a fingerprint that does not depend on where the finding is (see `finding::fingerprint`):
//! adding a paragraph above an old typo does not make it new. `fazhi check --baseline FILE`
//! then drops as many findings of each (report, rule, fingerprint) as were recorded.
//!
//! Report paths are stored relative to the baseline file's folder, `/`-separated, so the file
//! works from any working directory and on any system.
//!
//! **Invariant:** a baseline only ever removes findings it recorded; a finding it does not know
//! is always reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::Checked;
use crate::finding::fingerprint::{FINGERPRINT_VERSION, of_finding};
use crate::results::ReportEntry;
use crate::rules::RuleSet;

/// Version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Version of the fingerprint recipe the entries use.
    pub fingerprint_version: u32,
    /// Findings recorded, sorted by path, rule and fingerprint.
    pub findings: Vec<Entry>,
}

/// Findings of one rule with one fingerprint in one report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The report, relative to the baseline file's folder.
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// Location-independent fingerprint.
    pub fingerprint: String,
    /// How many such findings there were.
    pub count: usize,
    /// The text flagged (for people reading the file; not used to match).
    pub text: String,
}

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Reading failed.
    #[error("无法读取基线文件 {path}：{}", crate::diagnostic::io_error(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Not a baseline file of this version.
    #[error("基线文件 {path} 的格式不对：{detail}；请用 fazhi baseline 重新生成")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

/// The path of a report as a baseline stores it: relative to `base_dir` (with `..` for a
/// report outside it), `/`-separated, whatever the working directory.
#[must_use]
pub fn key_path(report: &Path, base_dir: &Path) -> String {
    crate::paths::key(report, base_dir)
}

impl Baseline {
    /// Records the findings of `reports`; paths relative to `base_dir` (the folder the baseline
    /// file will be written to).
    #[must_use]
    pub fn record(reports: &[ReportEntry], base_dir: &Path) -> Self {
        let mut counts: BTreeMap<(String, String, String), (usize, String)> = BTreeMap::new();
        for entry in reports {
            let path = key_path(&entry.path, base_dir);
            let source = &entry.checked.document.source;
            for finding in &entry.checked.findings {
                let key = (path.clone(), finding.rule.to_string(), of_finding(source, finding));
                let slot = counts.entry(key).or_insert_with(|| (0, source.slice(finding.span).to_string()));
                slot.0 += 1;
            }
        }
        let findings = counts
            .into_iter()
            .map(|((path, rule, fingerprint), (count, text))| Entry { path, rule, fingerprint, count, text })
            .collect();
        Self { version: BASELINE_VERSION, fingerprint_version: FINGERPRINT_VERSION, findings }
    }

    /// The baseline as pretty JSON with a trailing newline.
    ///
    /// # Panics
    /// Never: every field is a string or a number.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        text
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, is not JSON of this shape, or uses another version.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| BaselineError::Io { path: path.to_path_buf(), source })?;
        let baseline: Self = serde_json::from_str(&text).map_err(|e| BaselineError::Format {
            path: path.to_path_buf(),
            detail: crate::diagnostic::json_error(&e),
        })?;
        if baseline.version != BASELINE_VERSION || baseline.fingerprint_version != FINGERPRINT_VERSION {
            return Err(BaselineError::Format {
                path: path.to_path_buf(),
                detail: format!(
                    "版本为 {}（指纹 {}），本程序使用 {BASELINE_VERSION}（指纹 {FINGERPRINT_VERSION}）",
                    baseline.version, baseline.fingerprint_version
                ),
            });
        }
        Ok(baseline)
    }

    /// How many findings of each (rule, fingerprint) the baseline holds for the report stored
    /// as `path`.
    #[must_use]
    pub fn allowance(&self, path: &str) -> BTreeMap<(String, String), usize> {
        let start = self.findings.partition_point(|e| e.path.as_str() < path);
        self.findings[start..]
            .iter()
            .take_while(|e| e.path == path)
            .map(|e| ((e.rule.clone(), e.fingerprint.clone()), e.count))
            .collect()
    }
}

/// Drops the findings of `checked` that the baseline recorded for it (`path` as stored) and
/// scores the rest. Returns how many were dropped.
pub fn apply(checked: &mut Checked, baseline: &Baseline, path: &str, rules: &RuleSet) -> usize {
    let mut allowance = baseline.allowance(path);
    if allowance.is_empty() {
        return 0;
    }
    let source = &checked.document.source;
    let before = checked.findings.len();
    checked.findings.retain(|finding| {
        let key = (finding.rule.to_string(), of_finding(source, finding));
        match allowance.get_mut(&key) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        }
    });
    let dropped = before - checked.findings.len();
    if dropped > 0 {
        checked.score =
            crate::score::score(&checked.findings, &checked.elements, checked.document.source.char_count(), rules);
    }
    dropped
}
