//! Embeds every rule file under `rules/` into the binary and generates one test per rule that
//! runs the rule's good and bad examples. Adding a rule needs no Rust and no registration.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_dir = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules_dir, &mut files);
    files.sort();
    let mut embedded = String::from(
        "/// Rule files built into the binary: (path under rules/, text).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    let mut tests = String::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative =
            file.strip_prefix(&rules_dir).expect("file is under rules/").to_string_lossy().replace('\\', "/");
        writeln!(embedded, "    ({relative:?}, include_str!({:?})),", file.display().to_string())
            .expect("write to string");
        if relative.ends_with("pack.toml") {
            continue;
        }
        let id = relative.split_once('/').map_or(relative.as_str(), |(_, rest)| rest).trim_end_matches(".toml");
        let test_name = id.replace(['/', '-'], "_");
        writeln!(tests, "#[test]\nfn {test_name}() {{\n    check_rule_examples({id:?});\n}}\n")
            .expect("write to string");
    }
    embedded.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_rules.rs"), embedded).expect("OUT_DIR is writable");
    std::fs::write(out.join("rule_example_tests.rs"), tests).expect("OUT_DIR is writable");
}
