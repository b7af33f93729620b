//! The results of a run: each report checked, with the gate that judged it, and each file that
//! could not be checked. The commands build these; `render` lays them out and `baseline` records
//! them, so neither depends on the other for its input.

use std::path::PathBuf;

use crate::engine::{Checked, Gate, Verdict};
use crate::finding::Severity;

/// One report of a run.
#[derive(Debug)]
pub struct ReportEntry {
    /// The path as given.
    pub path: PathBuf,
    /// What the check found.
    pub checked: Checked,
    /// Whether it passed the gate.
    pub passed: bool,
    /// The gate it was judged by (the configuration may give each report its own).
    pub gate: Gate,
}

impl ReportEntry {
    /// The gate's verdict on the report, with what fails it.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        self.gate.verdict(&self.checked)
    }
}

/// A Word copy `fazhi annotate` (or `fazhi fix` on a .docx) made.
#[derive(Debug)]
pub struct AnnotatedFile {
    /// The input as given.
    pub input: PathBuf,
    /// Where the copy goes.
    pub output: PathBuf,
    /// What was written into it, with the check of the input.
    pub annotated: crate::annotate::Annotated,
    /// Whether the copy was written (not for `--diff`, nor when there was nothing to write).
    pub written: bool,
}

/// A file that could not be checked.
#[derive(Debug, Clone)]
pub struct FileError {
    /// The path as given.
    pub path: PathBuf,
    /// Why, in Chinese.
    pub message: String,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Counts the findings of a checked report.
    #[must_use]
    pub fn of(checked: &Checked) -> Self {
        let mut counts = Self::default();
        for finding in &checked.findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}
