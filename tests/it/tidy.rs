//! Invariants of the code base that the compiler does not check: which module may depend on
//! which, and who renders, prints and writes (ARCHITECTURE.md, "Who renders what").

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

/// The sources under `relative`, relative path and text, without their `#[cfg(test)]` modules
/// (tests may print and write files).
fn sources_under(relative: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join(relative), &mut files);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            let shown = p.strip_prefix(root()).unwrap().display().to_string();
            (shown, code)
        })
        .collect()
}

fn assert_only_in(calls: &[&str], allowed: &[&str]) {
    for (path, text) in sources_under("src") {
        if allowed.iter().any(|a| path.starts_with(a)) {
            continue;
        }
        for call in calls {
            assert!(!text.contains(call), "{path} uses {call}; only {allowed:?} may");
        }
    }
}

#[test]
fn document_knows_nothing_of_rules_packs_engine_or_outputs() {
    for (path, text) in sources_under("src/document") {
        for forbidden in [
            "crate::rules",
            "crate::pack",
            "crate::render",
            "crate::engine",
            "crate::score",
            "crate::config",
            "crate::cli",
            "crate::results",
        ] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
}

#[test]
fn render_knows_nothing_of_readers_and_writes_no_file() {
    for (path, text) in sources_under("src/render") {
        for forbidden in ["document::parse", "readers::", "SourceFile::decode", "crate::write", "crate::cli"] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
}

#[test]
fn only_main_prints() {
    assert_only_in(&["println!(", "eprintln!(", "print!(", "eprint!(", "io::stderr()"], &["src/main.rs"]);
    // The check command asks whether standard output is a terminal, to choose colours.
    assert_only_in(&["io::stdout()"], &["src/main.rs", "src/cli/commands/check.rs"]);
}

#[test]
fn only_render_lays_out_what_users_read() {
    // miette's drawing, the machine formats and the spreadsheets.
    assert_only_in(&["GraphicalReportHandler", "rust_xlsxwriter", "csv::Writer"], &["src/render/"]);
    // JSON is the wire format (render) or the baseline's own file (baseline).
    assert_only_in(&["serde_json::to_string", "serde_json::json!"], &["src/render/", "src/baseline.rs"]);
    // The programs fazhi runs: the browser that prints the audit sheets, and the opener of the
    // user's default browser when `fazhi serve` starts (a page, not a document it lays out).
    assert_only_in(&["Command::new"], &["src/render/audit/pdf.rs", "src/serve/browser.rs"]);
}

/// `fazhi serve` keeps uploads in memory for one request and logs nothing: it touches no file
/// (the `--open-file` report is read by its command before the server starts) and has no
/// logger or tracing layer, so no report text can reach a disk or a log.
#[test]
fn serve_touches_no_file_and_logs_nothing() {
    let sources = sources_under("src/serve");
    assert!(sources.len() >= 6, "{sources:?}");
    for (path, text) in sources {
        for forbidden in ["std::fs", "fs::", "tempfile", "File::", "tracing", "log::", "TraceLayer", "crate::write"] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
}

#[test]
fn only_write_writes_files() {
    assert_only_in(
        &["fs::write(", "File::create(", "OpenOptions", ".persist(", "fs::rename(", "fs::copy("],
        &["src/write.rs"],
    );
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
    let pattern = |key: &str| {
        let line = hooks.lines().find_map(|l| l.trim().strip_prefix(key)).unwrap();
        regex::Regex::new(line.trim().trim_matches('\'')).unwrap()
    };
    let (files, exclude) = (pattern("files: "), pattern("exclude: "));
    // pre-commit passes a file when `files` matches and `exclude` does not.
    let hook_takes = |name: &str| files.is_match(name) && !exclude.is_match(name);
    let taken = [
        "a.txt",
        "b.md",
        "c.docx",
        "d.html",
        "e.htm",
        "f.pdf",
        "g.markdown",
        "h.shtml",
        "报告/甲区 2023.TXT",
        // Formats fazhi does not read are taken, so that the run lists them with what to do.
        "x.doc",
        "x.DOC",
        "x.wps",
        "x.et",
        "x.rtf",
        "x.odt",
        "x.pages",
        "x.ofd",
        "2023/旧报告.doc",
        // A name that only starts like a repository file is a report.
        "READMEFIRST.txt",
        "notices-2023.md",
    ];
    let left = [
        "a.toml",
        "fazhi-baseline.json",
        "x.xlsx",
        "~$报告.docx",
        "README.md",
        "readme.txt",
        "docs/README-zh.md",
        "CHANGELOG.md",
        "LICENSE",
        "LICENSE.txt",
        "LICENSE-MIT",
        "CONTRIBUTING.md",
        "CODE_OF_CONDUCT.md",
        "SECURITY.md",
        "AUTHORS",
        "NOTICE",
    ];
    for name in taken {
        assert!(hook_takes(name), "the hook should take {name}");
        assert!(fazhi::cli::is_report_file(std::path::Path::new(name)), "the walker should take {name}");
    }
    for name in left {
        assert!(!hook_takes(name), "the hook should leave {name}");
        assert!(!fazhi::cli::is_report_file(std::path::Path::new(name)), "the walker should leave {name}");
    }
    assert!(hooks.contains("entry: fazhi check"));
    let action = std::fs::read_to_string(super::root().join("action.yml")).unwrap();
    assert!(action.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    assert!(action.contains("--format sarif --output"));
}

/// The code map names every module directory and top-level module file.
#[test]
fn the_code_map_names_every_module() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    for entry in std::fs::read_dir(root().join("src")).unwrap().flatten() {
        let name = entry.path().file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(map.contains(&format!("### `{name}`")), "ARCHITECTURE.md has no section for `{name}`");
    }
}

/// The README shows the example workflow as it is in docs/ci, and the workflow passes only
/// inputs the Action has (actionlint, in .ci/run, checks the syntax of both).
#[test]
fn the_readme_workflow_docs_workflow_and_action_agree() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let workflow = std::fs::read_to_string(root().join("docs/ci/github-workflow.yml")).unwrap();
    let body = &workflow[workflow.find("name: ").unwrap()..];
    assert!(
        readme.contains(&format!("```yaml\n{body}```")),
        "README's workflow differs from docs/ci/github-workflow.yml"
    );
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let inputs = &action[action.find("\ninputs:\n").unwrap()..action.find("\nruns:\n").unwrap()];
    let with = &workflow[workflow.find("uses: fazhi/fazhi@").unwrap()..];
    let with = &with[with.find("with:\n").unwrap() + 6..with.find("\n      #").unwrap()];
    for line in with.lines().filter(|l| l.starts_with("          ") && !l.starts_with("           ")) {
        let key = line.trim().split(':').next().unwrap();
        assert!(
            inputs.contains(&format!("\n  {key}:\n")),
            "the workflow passes {key}, which action.yml does not declare"
        );
    }
    // The step summary is written, and no path is split on spaces.
    assert!(action.contains(">> \"$GITHUB_STEP_SUMMARY\""));
    assert!(action.contains("\"${paths[@]}\""));
    assert!(action.contains("actions/cache@"), "the Action caches the binary it compiles");
}
