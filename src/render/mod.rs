//! Printing results: the human format (miette diagnostics and a checklist summary), the JSON
//! wire format, the machine formats CI reads (SARIF, JUnit, GitHub annotations, Checkstyle,
//! json-lines, statistics), the printed audit sheets (`audit`) and what the page of
//! `fazhi serve` reads (`page`). This is the only code that decides what users read.
//!
//! **Invariant:** `render` knows nothing of readers; each format is a pure function from the
//! checked reports, the unreadable files and the rule set to a `String`, with no clock and no
//! dependence on thread timing, so the same run gives the same bytes.

pub mod annotate;
pub mod audit;
pub mod checkstyle;
pub mod diagnostic;
pub mod diff;
pub mod element;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod outline;
#[cfg(feature = "serve")]
pub mod page;
pub mod rules;
pub mod sarif;
pub mod statistics;
pub(crate) mod xml;

use crate::engine::Checked;

use crate::rules::elements::ElementFound;

/// The line where an element's evidence starts.
#[must_use]
pub fn element_line(checked: &Checked, element: &ElementFound) -> Option<usize> {
    element.evidence.map(|s| checked.document.source.position(s.start).line)
}

/// The five seed reports of fixtures/seeds checked with `rules` and no gate, in file-name
/// order: what the renderers' own tests draw.
#[cfg(test)]
pub(crate) fn checked_seeds(rules: &crate::rules::RuleSet) -> Vec<crate::results::ReportEntry> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/seeds is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let gate = crate::engine::Gate { fail_on: None, min_score: None };
    paths
        .iter()
        .map(|path| {
            let checked = crate::engine::check_file(path, &crate::engine::ReadOptions::default(), rules)
                .expect("a seed report is readable");
            crate::results::ReportEntry { path: path.clone(), passed: gate.passes(&checked), checked, gate }
        })
        .collect()
}
