//! Embeds every rule pack under `rules/` into the binary and generates one test per rule that
//! runs the rule's good and bad examples. Adding a rule, or a pack, needs no Rust and no
//! registration.
//!
//! A pack is a directory `rules/<pack>/` with a `pack.toml` (scoring, document hints, audit
//! labels), an optional `starter.toml` (what `fazhi init` writes) and one rule per file in
//! `rules/<pack>/<category>/<name>.toml`; the id is `<category>/<name>`. The build fails on a
//! directory without `pack.toml`, a rule file outside a category directory, an id that is not
//! lower-case ASCII, and two rules whose generated test names would be the same.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Files of a pack directory other than its rules.
const PACK_FILES: &[&str] = &["pack.toml", "starter.toml"];

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

fn valid_part(part: &str) -> bool {
    !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_dir = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&rules_dir)
        .expect("rules/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    packs.sort();
    let mut embedded = String::from("/// Rule packs built into the binary.\npub static PACKS: &[EmbeddedPack] = &[\n");
    let mut tests = String::new();
    let mut test_names: BTreeMap<String, String> = BTreeMap::new();
    for pack_dir in &packs {
        let pack = pack_dir.file_name().expect("a directory has a name").to_string_lossy().to_string();
        assert!(valid_part(&pack), "rules/{pack}: a pack name is lower-case ASCII letters, digits and hyphens");
        assert!(pack_dir.join("pack.toml").is_file(), "rules/{pack}/ has no pack.toml: every pack directory needs one");
        println!("cargo:rerun-if-changed={}", pack_dir.display());
        let mut files = Vec::new();
        collect(pack_dir, &mut files);
        files.sort();
        writeln!(embedded, "    EmbeddedPack {{\n        name: {pack:?},\n        files: &[").expect("write to string");
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.display());
            let relative =
                file.strip_prefix(pack_dir).expect("file is in its pack").to_string_lossy().replace('\\', "/");
            writeln!(embedded, "            ({relative:?}, include_str!({:?})),", file.display().to_string())
                .expect("write to string");
            if PACK_FILES.contains(&relative.as_str()) {
                continue;
            }
            let id = relative.trim_end_matches(".toml");
            let parts: Vec<&str> = id.split('/').collect();
            assert!(
                parts.len() == 2 && parts.iter().all(|p| valid_part(p)),
                "rules/{pack}/{relative}: a rule file is rules/<pack>/<category>/<name>.toml, in lower-case ASCII \
                 letters, digits and hyphens"
            );
            let test_name = format!("{pack}__{}__{}", parts[0], parts[1]).replace('-', "_");
            if let Some(other) = test_names.insert(test_name.clone(), format!("{pack}/{id}")) {
                panic!(
                    "rules/{pack}/{relative}: its test would be named like that of rules/{other}.toml ({test_name})"
                );
            }
            writeln!(tests, "#[test]\nfn {test_name}() {{\n    check_rule_examples({pack:?}, {id:?});\n}}\n")
                .expect("write to string");
        }
        embedded.push_str("        ],\n    },\n");
    }
    embedded.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_packs.rs"), embedded).expect("OUT_DIR is writable");
    std::fs::write(out.join("rule_example_tests.rs"), tests).expect("OUT_DIR is writable");
}
