//! Integration tests: one binary, one module per concern.

// Test helpers panic on purpose and their results are always used.
#![allow(clippy::missing_panics_doc, clippy::must_use_candidate)]

mod annotate;
mod audit;
mod bad_input;
mod batch;
mod catalogue;
mod chinese;
mod cli;
mod docx;
mod docx_hostile;
mod fix;
mod fuzz_corpus;
mod gate;
mod grades;
mod headings;
mod history;
mod hostile;
mod labels;
mod marked_tables;
mod openings;
mod outputs;
mod packs;
mod pdf_hostile;
mod print;
mod readme;
mod rule_examples;
mod rule_set;
#[cfg(feature = "serve")]
mod serve;
mod snapshots;
mod tables;
mod tidy;
mod web;
mod writes;
mod xxgk;
mod xxgk_tables;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path under `fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("fixtures").join(relative)
}

/// What the default pack tells the parser (title topics, plan headings …).
pub fn hints() -> &'static fazhi::document::DocumentHints {
    static HINTS: std::sync::LazyLock<fazhi::pack::PackSettings> =
        std::sync::LazyLock::new(|| fazhi::pack::PackSettings::builtin("default").expect("the default pack exists"));
    &HINTS.document
}

/// Runs the command line in-process.
pub fn fazhi(args: &[&str]) -> fazhi::cli::Outcome {
    let mut all = vec!["fazhi"];
    all.extend_from_slice(args);
    fazhi::cli::run(all)
}

/// Runs `fazhi check --format json` on paths and parses the output.
pub fn check_json(paths: &[&Path], extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "json".into()];
    args.extend(extra.iter().map(|s| (*s).to_string()));
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = fazhi(&refs);
    let value = serde_json::from_str(&outcome.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", outcome.stdout));
    (value, outcome.code)
}

/// The rule ids of the findings of the first report of a JSON run, in order.
pub fn finding_rules(json: &serde_json::Value) -> Vec<String> {
    json["reports"][0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

/// The message of the read error listed for the file whose path ends with `name`.
pub fn error_message(json: &serde_json::Value, name: &str) -> String {
    let errors = json["errors"].as_array().unwrap();
    errors
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} is listed: {errors:?}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}
