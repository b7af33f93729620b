//! The fuzz targets' bodies (`fazhi::fuzz_support`) over the committed corpus: every fixture
//! of each reader's format, every rule file of the packs, and every file of fixtures/hostile.
//! A regression the fuzzer once found fails here without the fuzzer.

use std::path::{Path, PathBuf};

use super::{fixture, root};

/// The files under `dir` (recursively), sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn with_extension(files: Vec<PathBuf>, extensions: &[&str]) -> Vec<PathBuf> {
    files
        .into_iter()
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
        .collect()
}

/// Runs `body` over the seed folders' files with `extensions` and over `fixtures/hostile/fuzz/
/// <target>/` (whatever the names); returns how many inputs ran.
fn replay(target: &str, seeds: &[&str], extensions: &[&str], body: fn(&[u8])) -> usize {
    let mut inputs = Vec::new();
    for dir in seeds {
        inputs.extend(with_extension(files_under(&fixture(dir)), extensions));
    }
    inputs.extend(with_extension(files_under(&fixture("hostile")), extensions));
    inputs.extend(files_under(&fixture(&format!("hostile/fuzz/{target}"))));
    for input in &inputs {
        let bytes = std::fs::read(input).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&bytes));
        assert!(outcome.is_ok(), "{target}: {} breaks the reader's contract", input.display());
    }
    inputs.len()
}

#[test]
fn text_target_over_its_corpus() {
    let ran = replay("txt", &["seeds", "variants", "variants-gbk", "clean"], &["txt", "md"], fazhi::fuzz_support::text);
    assert!(ran > 20, "{ran} inputs");
}

#[test]
fn docx_target_over_its_corpus() {
    let ran = replay("docx", &["docx"], &["docx"], fazhi::fuzz_support::docx);
    assert!(ran > 10, "{ran} inputs");
}

#[test]
fn html_target_over_its_corpus() {
    let ran = replay("html", &["html"], &["html"], fazhi::fuzz_support::html);
    assert!(ran > 5, "{ran} inputs");
}

#[test]
fn pdf_target_over_its_corpus() {
    let ran = replay("pdf", &["pdf"], &["pdf"], fazhi::fuzz_support::pdf);
    assert!(ran >= 3, "{ran} inputs");
}

#[test]
fn rule_target_over_the_packs() {
    let mut ran = 0;
    let mut files = with_extension(files_under(&root().join("rules")), &["toml"]);
    files.extend(with_extension(files_under(&fixture("custom-rules")), &["toml"]));
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(std::panic::catch_unwind(|| fazhi::fuzz_support::rule(&bytes)).is_ok(), "{}", file.display());
        ran += 1;
    }
    for file in files_under(&fixture("hostile/fuzz/rule")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(std::panic::catch_unwind(|| fazhi::fuzz_support::rule(&bytes)).is_ok(), "{}", file.display());
    }
    assert!(ran > 30, "{ran} rule files");
}
