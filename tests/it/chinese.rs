//! Everything a user reads is Chinese: the help and errors of the command line, the messages of
//! configuration, rule and input problems, and the human outputs. [`english`] finds the ASCII
//! words in a text that are not file names, rule ids, option names, values a user types, or the
//! names of formats and products.

use super::fazhi;

/// Words a Chinese message may contain as they are: what a user types (subcommands, values of
/// options, configuration keys, pack and shell names), and the names of formats and products.
const IDENTIFIERS: &[&str] = &[
    // The program, its subcommands and the values its options take.
    "fazhi",
    "check",
    "baseline",
    "fix",
    "annotate",
    "report",
    "rule",
    "init",
    "rules",
    "serve",
    "completions",
    "help",
    "test",
    "human",
    "json",
    "json-lines",
    "sarif",
    "junit",
    "github",
    "checkstyle",
    "html",
    "md",
    "xlsx",
    "csv",
    "pdf",
    "error",
    "warning",
    "info",
    "none",
    "auto",
    "always",
    "never",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "default",
    "gbk",
    "gb18030",
    "utf-8",
    "bad",
    "good",
    "select",
    "ignore",
    "pack",
    "fail-on",
    "min-score",
    "exclude",
    // Keys of configuration and rule files, which a message about such a file names.
    "extend-select",
    "severity",
    "level",
    "levels",
    "encoding",
    "per-file",
    "report-year",
    "path",
    "name",
    "kind",
    "weight",
    "scope",
    "message",
    "description",
    "params",
    "examples",
    "supersedes",
    "checks",
    "cargo",
    "id",
    "token",
    "Authorization",
    "Bearer",
    // Rule categories of the built-in pack and keys of the JSON output that help names.
    "content",
    "format",
    "meta",
    "number",
    "punct",
    "structure",
    "suppress",
    "compare",
    "history",
    "current",
    "previous",
    "term",
    "word",
    "statistics",
    // Formats, standards and products.
    "JSON",
    "SARIF",
    "JUnit",
    "XML",
    "HTML",
    "PDF",
    "CSV",
    "Markdown",
    "Excel",
    "Word",
    "WPS",
    "GitHub",
    "Actions",
    "GitLab",
    "Jenkins",
    "Checkstyle",
    "Chromium",
    "CI",
    "UTF-8",
    "GBK",
    "GB18030",
    "BOM",
    "HTTP",
    "IP",
    "CPU",
    "MB",
    "TOML",
    "Ctrl",
    "README",
    "Office",
    "LibreOffice",
];

/// The ASCII words of `text` that are neither identifiers nor part of a path, a file name, a
/// rule id, an option, an address or a placeholder.
pub fn english(text: &str, typed: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| !c.is_ascii_graphic()) {
        let token = token
            .trim_start_matches(|c: char| "'\"`([<{|".contains(c))
            .trim_end_matches(|c: char| "'\"`)]>},.;:!?|".contains(c));
        let is_code = token.starts_with('-')
            || token.contains(['/', '\\', '.', '_', '=', '@', '#', '$', '*', '{', '~', '<'])
            || !token.contains(|c: char| c.is_ascii_alphabetic());
        // Single letters are placeholders, keys or parts of a date (第N段, Ctrl+C, 2024-03-01T10:00:00Z).
        let known = |word: &str| IDENTIFIERS.contains(&word) || typed.contains(&word) || rule_names().contains(word);
        let runs_known = token.split(|c: char| !c.is_ascii_alphabetic()).all(|run| run.len() <= 1 || known(run));
        if !is_code && !known(token) && !runs_known {
            words.push(token.to_owned());
        }
    }
    words
}

/// The last parts of the built-in rules' ids (`causes` of `structure/causes`), which
/// `fazhi rule` accepts alone.
fn rule_names() -> &'static std::collections::HashSet<String> {
    static NAMES: std::sync::LazyLock<std::collections::HashSet<String>> = std::sync::LazyLock::new(|| {
        let list: serde_json::Value = serde_json::from_str(&fazhi(&["rules", "--format", "json"]).stdout).unwrap();
        let ids = list.as_array().unwrap().iter().map(|rule| rule["id"].as_str().unwrap());
        ids.filter_map(|id| id.rsplit_once('/')).map(|(_, name)| name.to_owned()).collect()
    });
    &NAMES
}

fn assert_chinese(args: &[&str]) {
    let outcome = fazhi(args);
    for (stream, text) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
        let found = english(text, args);
        assert!(found.is_empty(), "fazhi {} writes English on {stream}: {found:?}\n{text}", args.join(" "));
    }
}

#[test]
fn the_detector_finds_english_prose_and_passes_identifiers() {
    assert_eq!(english("error: unrecognized subcommand 'chek'", &[]), ["unrecognized", "subcommand", "chek"]);
    assert_eq!(english("Usage: fazhi check [OPTIONS] <FILE>...", &[]), ["Usage", "OPTIONS", "FILE"]);
    assert_eq!(english("No such file or directory (os error 2)", &[]), ["No", "such", "file", "or", "directory", "os"]);
    assert!(english("无法读取 reports/a.txt：structure/causes 见 --fail-on error，按 Ctrl+C 停止", &[]).is_empty());
    assert!(english("用法：fazhi check [选项] <文件>...", &[]).is_empty());
}

#[test]
fn help_is_chinese() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "check"],
        &["help", "rules", "test"],
        &["check", "--help"],
        &["check", "-h"],
        &["baseline", "--help"],
        &["fix", "--help"],
        &["annotate", "--help"],
        &["report", "--help"],
        &["rule", "--help"],
        &["rules", "--help"],
        &["rules", "test", "--help"],
        &["init", "--help"],
        &["completions", "--help"],
        #[cfg(feature = "serve")]
        &["serve", "--help"],
    ] {
        assert_chinese(args);
    }
}

#[test]
fn the_outline_is_chinese() {
    for args in [
        &["check", "--outline", "fixtures/seeds/hubin-2023.txt"][..],
        &["check", "--outline", "fixtures/seeds/huiji-2022.txt", "fixtures/seeds/shennongjia-2024.txt"],
        &["check", "--outline", "fixtures/docx/hubin-2023-styled.docx"],
        &["check", "--outline", "fixtures/pdf/hubin-2023.pdf"],
        &["check", "--outline", "fixtures/html"],
    ] {
        let outcome = fazhi(args);
        assert!(outcome.stdout.contains("必备要素："), "fazhi {}: {}", args.join(" "), outcome.stdout);
        assert_chinese(args);
    }
}

#[test]
fn help_shows_values_and_defaults_in_chinese() {
    let help = fazhi(&["check", "--help"]).stdout;
    assert!(help.contains("用法：fazhi check [选项] <文件>..."), "{help}");
    assert!(help.contains("可选值：\n") && help.contains("- sarif：SARIF 2.1.0"), "{help}");
    assert!(help.contains("默认：auto"), "{help}");
    let short = fazhi(&["check", "-h"]).stdout;
    assert!(short.contains("（可选：error、warning、info、none）"), "{short}");
    assert!(fazhi(&["--version"]).stdout.starts_with("fazhi "));
}

#[test]
fn command_line_mistakes_are_explained_in_chinese() {
    let typo = fazhi(&["chek", "a.txt"]);
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("没有“chek”这个命令") && typo.stderr.contains("相近的命令：check"), "{}", typo.stderr);
    let option = fazhi(&["check", "--fial-on", "error", "a.txt"]);
    assert!(option.stderr.contains("相近的选项：--fail-on"), "{}", option.stderr);
    assert!(option.stderr.contains("运行 fazhi check --help"), "{}", option.stderr);
    let value = fazhi(&["check", "--fail-on", "sometimes", "a.txt"]);
    assert!(value.stderr.contains("可选的值：error、warning、info、none"), "{}", value.stderr);
    for args in [
        &["chek"][..],
        &["check"],
        &["check", "--fial-on", "error", "a.txt"],
        &["check", "--fail-on", "sometimes", "a.txt"],
        &["check", "--format"],
        &["check", "--jobs", "many", "a.txt"],
        &["check", "--min-score", "high", "a.txt"],
        &["check", "--config", "a.toml", "--no-config", "a.txt"],
        &["check", "-x", "a.txt"],
        &["rules", "--format", "yaml"],
        &["rules", "tset"],
        &["rule"],
        &["completions", "tcsh"],
        &["help", "chek"],
        #[cfg(feature = "serve")]
        &["serve", "--port", "99999"],
        #[cfg(feature = "serve")]
        &["serve", "--host", "localhost"],
    ] {
        let outcome = fazhi(args);
        assert_eq!(outcome.code, 2, "fazhi {}", args.join(" "));
        assert_chinese(args);
    }
}

/// A folder of its own for one test, with `files` written into it.
fn scratch(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fazhi-chinese-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const REPORT: &str = "某县人民政府关于2024年法治政府建设情况的报告\n\n今年工作有序推进。\n";

/// A rule file with `header` lines and the given `[params]` body.
fn rule(header: &str, params: &str) -> String {
    format!(
        "name = \"试验\"\nkind = \"text\"\nseverity = \"warning\"\nmessage = \"x\"\nhelp = \"y\"\ndescription = \"z\"\n{header}\n[params]\n{params}\n"
    )
}

#[test]
fn configuration_rule_and_file_errors_are_explained_in_chinese() {
    // A name, the files written, the option that points at them and what the error must say.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str], &'a str);
    let cases: &[Case] = &[
        ("unknown-key", &[("fazhi.toml", "fial-on = \"error\"\n")], &["--config"], "未知的设置项“fial-on”，可用的有："),
        ("did-you-mean", &[("fazhi.toml", "fial-on = \"error\"\n")], &["--config"], "是不是想写“fail-on”？"),
        ("missing-field", &[("fazhi.toml", "[[per-file]]\nselect = [\"word\"]\n")], &["--config"], "缺少必填项“path”"),
        ("wrong-type", &[("fazhi.toml", "fail-on = 3\n")], &["--config"], "类型不对：这里应写字符串"),
        ("syntax", &[("fazhi.toml", "fail-on = \"error\n")], &["--config"], "字符串没有正确结束"),
        ("unquoted", &[("fazhi.toml", "fail-on = error\n")], &["--config"], "文字取值要加引号"),
        ("rule-missing", &[("r/word/x.toml", "kind = \"text\"\n")], &["--rules"], "缺少必填项“name”"),
        ("rule-params", &[("r/word/x.toml", &rule("", "checks = 3"))], &["--rules"], "[params] 有误：类型不对"),
        (
            "rule-regex",
            &[("r/word/x.toml", &rule("", "[[params.checks]]\nforbid = '(甲乙'"))],
            &["--rules"],
            "有左括号“(”没有配对的右括号",
        ),
        (
            "rule-lookahead",
            &[("r/word/x.toml", &rule("", "[[params.checks]]\nforbid = '甲(?=乙)'"))],
            &["--rules"],
            "不支持前瞻",
        ),
        ("no-rule-dir", &[], &["--rules"], "无法读取规则目录"),
        ("baseline", &[("b.json", "{")], &["--baseline"], "基线文件"),
        ("no-baseline", &[], &["--baseline"], "找不到文件或目录"),
    ];
    for (name, files, option, expected) in cases {
        let mut files = files.to_vec();
        files.push(("a.txt", REPORT));
        let dir = scratch(name, &files);
        let target = match option[0] {
            "--config" => dir.join("fazhi.toml"),
            "--rules" => dir.join("r"),
            _ => dir.join("b.json"),
        };
        let (target, report) = (target.display().to_string(), dir.join("a.txt").display().to_string());
        let args = ["check", option[0], &target, &report];
        let outcome = fazhi(&args);
        // What the user wrote in the files may be quoted back.
        let written: Vec<&str> =
            files.iter().flat_map(|(_, text)| text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')).collect();
        let typed: Vec<&str> = args.iter().copied().chain(written).collect();
        assert_eq!(outcome.code, 2, "{name}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(expected), "{name}: {}", outcome.stderr);
        for (stream, text) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
            let found = english(text, &typed);
            assert!(found.is_empty(), "{name} writes English on {stream}: {found:?}\n{text}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn write_errors_are_explained_in_chinese() {
    let dir = scratch("write", &[("a.txt", REPORT)]);
    let report = dir.join("a.txt").display().to_string();
    let output = dir.join("no/such/folder/b.json").display().to_string();
    let args = ["baseline", &report, "-o", &output];
    let outcome = fazhi(&args);
    assert!(outcome.stderr.contains("找不到文件或目录"), "{}", outcome.stderr);
    assert!(english(&outcome.stderr, &args).is_empty(), "{}", outcome.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diagnostics_label_their_help_in_chinese_and_show_no_internal_codes() {
    let report = super::fixture("seeds/hubin-2023.txt").display().to_string();
    let human = fazhi(&["check", "--color", "never", &report]).stdout;
    assert!(human.contains("\n  建议：") && !human.contains("help:"), "{human}");
    let dir = scratch("codes", &[("fazhi.toml", "fial-on = \"error\"\n")]);
    let config = dir.join("fazhi.toml").display().to_string();
    let error = fazhi(&["check", "--config", &config, &report]).stderr;
    assert!(error.contains("配置文件有误") && !error.contains("fazhi::"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rule_listings_and_statistics_name_levels_and_kinds_in_chinese() {
    let list = fazhi(&["rules"]).stdout;
    let typo = list.lines().find(|l| l.starts_with("word/typo ")).unwrap();
    assert!(typo.contains(" 错误 ") && !typo.contains("error"), "{typo}");
    assert!(!list.contains(" warning ") && !list.contains(" info "), "{list}");
    let page = fazhi(&["rule", "word/typo"]).stdout;
    assert!(page.contains("类型：文字检查　级别：错误（配置中写作 error）"), "{page}");
    assert!(page.contains("规则文件：内置规则包 default：word/typo.toml"), "{page}");
    for id in ["term/outdated", "term/anachronism", "term/canonical-name"] {
        let page = fazhi(&["rule", id]).stdout;
        assert!(!page.contains("rule-catalogue"), "{page}");
    }
    let report = super::fixture("seeds/hubin-2023.txt").display().to_string();
    let table = fazhi(&["check", "--statistics", &report]).stdout;
    assert!(table.contains("  错误  ") || table.contains("  警告  "), "{table}");
    assert!(!table.contains(" error ") && !table.contains(" warning ") && !table.contains(" info "), "{table}");
}

#[test]
fn a_word_file_is_located_by_paragraph_and_has_no_encoding() {
    let docx = super::fixture("docx/hubin-2023-styled.docx").display().to_string();
    let human = fazhi(&["check", "--color", "never", &docx]).stdout;
    let summary = &human[human.find("── ").unwrap()..];
    assert!(summary.contains("标题：关于2023年法治政府建设情况的报告（第1段）"), "{summary}");
    assert!(summary.contains("二、推进法治政府建设的主要举措和成效（第7段）"), "{summary}");
    assert!(!summary.contains("行）") && !summary.contains("编码："), "{summary}");
    let text = super::fixture("seeds/hubin-2023.txt").display().to_string();
    let human = fazhi(&["check", "--color", "never", &text]).stdout;
    assert!(human.contains("编码：UTF-8") && human.contains("行）"), "{human}");
}

/// The places in `text` where a space (not the ideographic space that separates fields) stands
/// between a Chinese character and a digit (or a
/// placeholder that becomes one), outside “quotes” (which hold the report's own text or a
/// wrong form shown as an example).
fn spaced_digits(text: &str) -> Vec<String> {
    static SPACED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\p{Han} +(?:\d|\{[a-z_]+\})|(?:\d|\{[a-z_]+\}) +\p{Han}").unwrap()
    });
    static QUOTED: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"“[^”\n]*”|‘[^’\n]*’").unwrap());
    let unquoted = QUOTED.replace_all(text, "“”");
    // A digit that ends a name (UTF-8, GB18030) is not a number.
    let in_name = |start: usize| {
        let before = unquoted[..start].trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        before.ends_with(|c: char| c.is_ascii_alphabetic() || c == '-')
    };
    SPACED.find_iter(&unquoted).filter(|m| !in_name(m.start())).map(|m| m.as_str().to_owned()).collect()
}

#[test]
fn fazhis_own_messages_write_no_space_between_chinese_and_digits() {
    assert_eq!(spaced_digits("共 4处，只有158 字"), ["共 4", "8 字"]);
    assert_eq!(spaced_digits("安排部分{total} 句"), ["{total} 句"]);
    assert!(spaced_digits("如“74 项”写作“74项”，共4处").is_empty());
    assert!(spaced_digits("前46字节是 UTF-8 字节，按 GB18030 解码").is_empty());
    let (rules, _) = fazhi::rules::RuleSet::builtin();
    for rule in &rules.rules {
        for (what, text) in [("message", &rule.message), ("help", &rule.help)] {
            let found = spaced_digits(text);
            assert!(found.is_empty(), "{} {what}: {found:?} in {text}", rule.id);
        }
    }
    // Kinds read further messages from [params] (group_message, continued_message …).
    let mut files = vec![super::root().join("rules/default")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text
                .lines()
                .filter(|l| l.split('=').next().is_some_and(|k| k.contains("message") || k.trim() == "help"))
            {
                let found = spaced_digits(line);
                assert!(found.is_empty(), "{}: {found:?} in {line}", path.display());
            }
        }
    }
    let mut paths: Vec<String> = std::fs::read_dir(super::fixture("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    paths.sort();
    paths.push(super::fixture("docx/hubin-2023-styled.docx").display().to_string());
    for path in &paths {
        for extra in [&["--color", "never"][..], &["--statistics"]] {
            let mut args = vec!["check", path.as_str()];
            args.extend_from_slice(extra);
            let human = fazhi(&args).stdout;
            // The excerpts (after a │) are the report's own text.
            let lines: Vec<&str> = human.lines().filter(|l| !l.contains('│')).collect();
            let found = spaced_digits(&lines.join("\n"));
            assert!(found.is_empty(), "fazhi {}: {found:?}", args.join(" "));
        }
    }
    // The one-line summaries, the closing count of several reports, and what is said of files
    // that cannot be read (stdout and stderr).
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("过大.txt");
    std::fs::File::create(&huge).unwrap().set_len(fazhi::source::MAX_INPUT_BYTES as u64 + 1).unwrap();
    let binary = dir.path().join("二进制.txt");
    std::fs::write(&binary, b"\x89PNG\0\0\0\0\0\0\0\0IHDR\0\0\0\0").unwrap();
    let cut = dir.path().join("截断.txt");
    let mut bytes = "关于2023年法治政府建设情况的报告".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xE6, 0xB3, b'\n', 0xFF, 0xFE, b'x']);
    std::fs::write(&cut, bytes).unwrap();
    let unreadable = [huge, binary, cut, super::fixture("pdf/scanned.pdf"), super::fixture("pdf/truncated.pdf")];
    let unreadable: Vec<String> = unreadable.iter().map(|p| p.display().to_string()).collect();
    let seeds = super::fixture("seeds").display().to_string();
    let mut runs: Vec<Vec<&str>> = vec![vec!["check", "--quiet", &seeds], vec!["check", "--color", "never", &seeds]];
    for path in &unreadable {
        runs.push(vec!["check", "--color", "never", path, &paths[0]]);
        runs.push(vec!["check", "--quiet", path]);
    }
    for args in &runs {
        let outcome = fazhi(args);
        for (stream, text) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
            let lines: Vec<&str> = text.lines().filter(|l| !l.contains('│')).collect();
            let found = spaced_digits(&lines.join("\n"));
            assert!(found.is_empty(), "fazhi {} on {stream}: {found:?}\n{text}", args.join(" "));
        }
    }
    let quiet = fazhi(&runs[0]).stdout;
    assert!(quiet.contains("，错误") && quiet.contains("份报告："), "{quiet}");
    let unread = fazhi(&["check", "--color", "never", &unreadable[0], &unreadable[3], &paths[0]]);
    assert!(unread.stdout.contains("文件过大（") && unread.stdout.contains("个文件无法读取"), "{}", unread.stdout);
    // The summary comment `fazhi annotate` puts on the title.
    let (rules, _) = fazhi::rules::RuleSet::builtin();
    let options = fazhi::engine::ReadOptions::default();
    for name in ["docx/hubin-2023-styled.docx", "docx/annotate-cases.docx"] {
        let path = super::fixture(name);
        let check = fazhi::annotate::Check {
            rules: &rules,
            others: &[],
            options: &options,
            suppressions: &[],
            gate: fazhi::engine::Gate { fail_on: Some(fazhi::finding::Severity::Error), min_score: None },
        };
        let settings = fazhi::annotate::Settings { revisions: true, ..fazhi::annotate::Settings::default() };
        let annotated =
            fazhi::annotate::annotate_docx(&path, &std::fs::read(&path).unwrap(), check, &settings).unwrap();
        let summary = fazhi::annotate::plain(&annotated.comments[0].lines);
        assert!(summary.starts_with("fazhi 检查结果："), "{summary}");
        let found = spaced_digits(&summary);
        assert!(found.is_empty(), "{name} summary comment: {found:?}\n{summary}");
    }
}
