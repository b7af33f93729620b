//! Every `fazhi …` command shown in README.md runs, exits as documented and speaks Chinese.

use std::path::Path;
use std::process::Command;

use super::{chinese::english, fixture, root};

/// Commands the test cannot run here, and why.
const SKIPPED: &[(&str, &str)] = &[
    ("fazhi serve", "starts a server and opens a browser"),
    ("--pdf", "needs Chromium"),
    ("fazhi completions", "writes under the home directory"),
    ("规则包目录/", "stands for a pack the reader has made"),
    ("我的规则包/", "stands for a pack the reader has made"),
    ("本地规则/", "stands for rules the reader has written"),
];

/// Format names, which the audit sheet shows beside the file (（txt，3625字）).
const FORMATS: [&str; 6] = ["txt", "md", "docx", "html", "pdf", "wps"];

/// The placeholder files the README's commands name, made from the fixtures.
fn workspace(dir: &Path) {
    let copy = |from: &str, to: &str| std::fs::copy(fixture(from), dir.join(to)).map(|_| ()).unwrap();
    copy("seeds/hubin-2023.txt", "报告.txt");
    copy("seeds/huiji-2022.txt", "a.txt");
    copy("seeds/qianjin-2023.txt", "b.md");
    copy("docx/hubin-2023-styled.docx", "报告.docx");
    copy("html/hubin-2023.html", "报告.html");
    copy("pdf/hubin-2023.pdf", "报告.pdf");
    std::fs::write(
        dir.join("旧报告.txt"),
        encoding_rs::GBK.encode(&std::fs::read_to_string(fixture("seeds/hubin-2023.txt")).unwrap()).0,
    )
    .unwrap();
    for folder in ["报告目录", "reports", "收集的报告"] {
        std::fs::create_dir(dir.join(folder)).unwrap();
        for name in ["hubin-2023.txt", "huiji-2022.txt"] {
            std::fs::copy(fixture("seeds").join(name), dir.join(folder).join(name)).unwrap();
        }
    }
    // `--baseline fazhi-baseline.json` reads what `fazhi baseline` wrote.
    let baseline = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["baseline", "reports/", "-o", "fazhi-baseline.json"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(baseline.status.success(), "{}", String::from_utf8_lossy(&baseline.stderr));
    std::fs::create_dir_all(dir.join("fixtures")).unwrap();
    for sub in ["seeds", "custom-rules/word", "history", "batch-similar"] {
        std::fs::create_dir_all(dir.join("fixtures").join(sub)).unwrap();
        for entry in std::fs::read_dir(fixture(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join("fixtures").join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

/// The `fazhi …` lines of README.md's fenced code blocks, without their comments.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut fenced = false;
    let mut commands = Vec::new();
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let line = line.trim();
        let line = line.strip_prefix("cargo run --release -- ").map_or(line.to_owned(), |rest| format!("fazhi {rest}"));
        if fenced && line.starts_with("fazhi ") {
            let command = line.split("  #").next().unwrap().split(" # ").next().unwrap().trim();
            commands.push(command.to_owned());
        }
    }
    commands
}

#[test]
fn every_readme_command_runs_and_answers_in_chinese() {
    let commands = readme_commands();
    assert!(commands.len() > 30, "{commands:?}");
    let quoted = regex::Regex::new(r"“[^”\n]*”").unwrap();
    let mut ran = 0;
    for command in &commands {
        if SKIPPED.iter().any(|(part, _)| command.contains(part)) {
            continue;
        }
        // The native PDF needs a CJK font; outside CI a machine without one skips it.
        if command.contains("--format pdf") && !super::print::have_font() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        workspace(dir.path());
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_fazhi")).args(&args).current_dir(dir.path()).output().unwrap();
        let code = out.status.code().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(code == 0 || code == 1, "{command} exits {code}\n{stdout}\n{stderr}");
        // Machine formats (JSON, SARIF) are not prose.
        if !args.contains(&"json") && !args.contains(&"sarif") {
            for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
                let lines: Vec<&str> = text.lines().filter(|l| !l.contains('│')).collect();
                // “Quotes” hold the report's own text (a web page's zoom area, a wrong word).
                let unquoted = quoted.replace_all(&lines.join("\n"), "“”").into_owned();
                let mut known = args.clone();
                known.extend(FORMATS);
                let found = english(&unquoted, &known);
                assert!(found.is_empty(), "{command} writes English on {stream}: {found:?}\n{text}");
            }
        }
        ran += 1;
    }
    assert!(ran > 25, "{ran} of {} commands ran", commands.len());
}
