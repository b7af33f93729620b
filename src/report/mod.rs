//! Printing results: the human format (miette diagnostics and a checklist summary), the JSON
//! wire format, the machine formats CI reads (SARIF, JUnit, GitHub annotations, Checkstyle,
//! json-lines, statistics) and the printed audit sheets (`audit`). This is the only code that
//! decides what users read.
//!
//! **Invariant:** `report` knows nothing of readers; each format is a pure function from the
//! checked reports, the unreadable files and the rule set to a `String`, with no clock and no
//! dependence on thread timing, so the same run gives the same bytes.

pub mod audit;
pub mod checkstyle;
pub mod diff;
pub mod excerpt;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod write;
pub mod xml;

use std::path::PathBuf;

use crate::engine::Checked;
use crate::finding::Severity;
use crate::rules::elements::ElementFound;

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
    pub gate: crate::engine::Gate,
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

/// The line where an element's evidence starts.
#[must_use]
pub fn element_line(checked: &Checked, element: &ElementFound) -> Option<usize> {
    element.evidence.map(|s| checked.document.source.position(s.start).line)
}
