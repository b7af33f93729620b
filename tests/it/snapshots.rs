//! What users see, snapshotted: the parsed outline of every seed, the human output and the JSON.
//! Review changes with `cargo insta review`; CI never writes snapshots.

use fazhi::document::{TextMarkup, parse};
use fazhi::source::SourceFile;

use super::{fazhi, fixture};

const SEEDS: &[&str] = &["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"];

#[test]
fn outlines_of_the_seeds() {
    for seed in SEEDS {
        let path = fixture(&format!("seeds/{seed}.txt"));
        let source = SourceFile::read(&path, None).unwrap();
        let document = parse(source, TextMarkup::Text, super::hints());
        insta::assert_snapshot!(format!("outline_{seed}"), document.outline());
    }
}

#[test]
fn human_output() {
    // Paths relative to the package root, where cargo runs tests, keep snapshots portable.
    let outcome = fazhi(&["check", "--color", "never", "fixtures/seeds/hubin-2023.txt"]);
    insta::assert_snapshot!("human_hubin", outcome.stdout);
    let outcome = fazhi(&["check", "--color", "never", "fixtures/seeds/shennongjia-2024.txt"]);
    insta::assert_snapshot!("human_shennongjia", outcome.stdout);
}

#[test]
fn json_output() {
    let outcome = fazhi(&["check", "--format", "json", "fixtures/seeds/huangshui-2023.txt"]);
    let mut value: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    value["tool"]["version"] = "VERSION".into();
    insta::assert_snapshot!("json_huangshui", serde_json::to_string_pretty(&value).unwrap());
}

#[test]
fn outline_view() {
    // A text file is located by line; a Word file (with a 成文日期, a 主送机关 and 一是/二是) by paragraph.
    let outcome = fazhi(&["check", "--outline", "fixtures/seeds/hubin-2023.txt"]);
    assert_eq!(outcome.code, 0, "the outline is a view, not a check: {}", outcome.stderr);
    insta::assert_snapshot!("outline_view_hubin", outcome.stdout);
    let outcome = fazhi(&["check", "--outline", "fixtures/docx/huiji-2022-styled.docx"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    insta::assert_snapshot!("outline_view_huiji_docx", outcome.stdout);
}
