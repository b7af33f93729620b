//! Invariants of the code base that the compiler does not check.

use std::path::Path;

use super::root;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources_under(relative: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join(relative), &mut files);
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())).collect()
}

#[test]
fn document_knows_nothing_of_rules_or_reports() {
    for (path, text) in sources_under("src/document") {
        for forbidden in ["crate::rules", "crate::render", "crate::engine", "crate::score"] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
}

#[test]
fn render_knows_nothing_of_readers() {
    for (path, text) in sources_under("src/render") {
        assert!(!text.contains("document::parse") && !text.contains("SourceFile::read"), "{path} reads input");
    }
}

#[test]
fn only_main_and_render_print() {
    for (path, text) in sources_under("src") {
        if path.contains("/render/") || path.ends_with("main.rs") {
            continue;
        }
        for call in ["println!(", "eprintln!(", "print!(", "eprint!("] {
            assert!(!text.contains(call), "{path} prints with {call}");
        }
    }
}

#[test]
fn every_module_says_what_it_is_for() {
    for (path, text) in sources_under("src") {
        assert!(text.trim_start().starts_with("//!"), "{path} has no //! line");
    }
}

/// The pre-commit hook and the walker must agree on what a report file is.
#[test]
fn the_pre_commit_hook_checks_the_files_a_directory_walk_checks() {
    let hooks = std::fs::read_to_string(super::root().join(".pre-commit-hooks.yaml")).unwrap();
    let files = hooks.lines().find_map(|l| l.trim().strip_prefix("files: ")).unwrap().trim_matches('\'');
    let pattern = regex::Regex::new(files).unwrap();
    for name in ["a.txt", "b.md", "c.docx", "d.html", "e.htm", "f.pdf", "g.markdown", "h.shtml"] {
        assert!(pattern.is_match(name), "{name}");
        assert!(fazhi::cli::is_report_file(std::path::Path::new(name)), "{name}");
    }
    for name in ["a.toml", "fazhi-baseline.json", "x.doc"] {
        assert!(!pattern.is_match(name), "{name}");
        assert!(!fazhi::cli::is_report_file(std::path::Path::new(name)), "{name}");
    }
    assert!(hooks.contains("entry: fazhi check"));
    let action = std::fs::read_to_string(super::root().join("action.yml")).unwrap();
    assert!(action.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    assert!(action.contains("--format sarif --output"));
}
