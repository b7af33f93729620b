//! The yardstick of `scripts/instructions.sh`: the least work any checker of these reports must
//! do, as a bare regex scan. It builds one `RegexSet` from the `forbid` patterns of the default
//! pack's `text` rules (those without anchors or word boundaries, which could run over the whole
//! report) with a 64 MiB DFA limit, then for every file and every pattern the set says matches,
//! finds each match and its line and column (in characters); a pattern is compiled the first
//! time it matches. It prints one line per file: the number of matches and the sum of their
//! lines and columns.
//!
//! `cargo build --release --example limit`, then `target/release/examples/limit FILE_OR_DIR …`.
//! Not part of the `fazhi` binary.

use std::io::Write as _;
use std::path::{Path, PathBuf};

const LIMIT: usize = 64 << 20;

fn main() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default");
    let mut patterns = Vec::new();
    collect_patterns(&pack, &mut patterns);
    let set = regex::RegexSetBuilder::new(&patterns)
        .size_limit(LIMIT)
        .dfa_size_limit(LIMIT)
        .build()
        .expect("the pack's patterns build a set");
    // Each pattern is compiled the first time the set says it matches.
    let mut regexes: Vec<Option<regex::Regex>> = vec![None; patterns.len()];
    let mut files = Vec::new();
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        collect_files(Path::new(&arg), &mut files);
    }
    files.sort();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{} patterns, {} files", patterns.len(), files.len());
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        let (mut hits, mut sum) = (0usize, 0usize);
        for idx in &set.matches(&text) {
            let regex = regexes[idx].get_or_insert_with(|| {
                regex::RegexBuilder::new(&patterns[idx])
                    .size_limit(LIMIT)
                    .dfa_size_limit(LIMIT)
                    .build()
                    .expect("pattern builds")
            });
            for m in regex.find_iter(&text) {
                let line = line_starts.partition_point(|&s| s <= m.start());
                let column = text[line_starts[line - 1]..m.start()].chars().count() + 1;
                hits += 1;
                sum += line + column;
            }
        }
        let _ = writeln!(out, "{}: {hits} {sum}", file.display());
    }
}

/// The span-independent `forbid` patterns of every `text` rule under `dir`, in path order.
fn collect_patterns(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("pack folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_patterns(&path, out);
            continue;
        }
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("rule file");
        let Ok(rule) = text.parse::<toml::Table>() else { continue };
        if rule.get("kind").and_then(toml::Value::as_str) != Some("text") {
            continue;
        }
        let checks = rule.get("params").and_then(|p| p.get("checks")).and_then(toml::Value::as_array);
        for check in checks.into_iter().flatten() {
            let Some(pattern) = check.get("forbid").and_then(toml::Value::as_str) else { continue };
            let independent =
                regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir.properties().look_set().is_empty());
            if independent {
                out.push(pattern.to_string());
            }
        }
    }
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            collect_files(&entry.path(), out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}
