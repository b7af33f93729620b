//! The command line: `fazhi check`, `fazhi rule`, `fazhi rules`. Parses arguments, finds the
//! files, runs the checks in parallel and returns what to print and the exit code.
//!
//! **Invariant:** exit codes are 0 (every report passed), 1 (a report failed the gate),
//! 2 (usage, configuration or input error — the other files are still checked).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::engine::{Gate, ReadOptions, check_file};
use crate::finding::Severity;
use crate::report::{FileError, ReportEntry, diff, human, json};
use crate::rules::{RuleError, RuleSet};

/// Checks Chinese 法治政府建设年度报告 against the 督察工作规定, 公文 format and language rules.
#[derive(Debug, Parser)]
#[command(name = "fazhi", version, about = "检查法治政府建设年度报告：必备要素、格式、用语，给出得分和逐条标注的问题")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查报告（.txt/.md 文件或目录）
    Check(CheckArgs),
    /// 自动修改不会改变原意的问题（半角标点、数字与汉字间的空格、……、年份连接号、标注为安全的错别字）
    Fix(FixArgs),
    /// 说明一条规则：检查什么、依据、示例
    Rule {
        /// 规则 id，如 structure/causes
        id: String,
        /// 额外的规则目录
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// 列出全部规则
    Rules {
        /// 额外的规则目录
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// 要检查的文件或目录（目录中查找 .txt 和 .md）
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 只输出每份报告的一行结论
    #[arg(long, short)]
    quiet: bool,
    /// 出现该级别及以上的问题即判为未通过
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// 得分低于此值判为未通过
    #[arg(long, value_name = "N")]
    min_score: Option<f64>,
    #[command(flatten)]
    read: ReadArgs,
    /// 颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// 输出识别出的文档结构（调试用）
    #[arg(long)]
    outline: bool,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// 先自动修改可安全修改的问题（同 fazhi fix），再报告其余问题
    #[arg(long)]
    fix: bool,
    /// 只运行这些规则：规则 id、类别（structure）或 类别/*，逗号分隔
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（写法同 --select）
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct FixArgs {
    /// 要修改的 .txt/.md 文件或目录
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 只显示会怎样修改，不写入文件
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// How reports and rules are read; shared by `check` and `fix`.
#[derive(Debug, clap::Args)]
struct ReadArgs {
    /// 指定文件编码（如 gbk、gb18030、utf-8），默认自动识别；fix 写回时保持原编码
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// 报告本身没有写明年度时使用的报告年度
    #[arg(long, value_name = "YEAR")]
    report_year: Option<i32>,
    /// 额外的规则目录（可多次给出；同 id 的规则替换内置规则）
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions { encoding: self.encoding.clone(), report_year: self.report_year }
    }
}

/// What a run prints and how it exits.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// Exit code.
    pub code: i32,
}

/// Runs the command line with these arguments (the first is the program name).
#[must_use]
pub fn run<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            return if e.use_stderr() {
                Outcome { stderr: text, code, ..Outcome::default() }
            } else {
                Outcome { stdout: text, code, ..Outcome::default() }
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Fix(args) => fix(&args),
        Command::Rule { id, rule_dirs } => explain(&id, &rule_dirs),
        Command::Rules { rule_dirs, format } => list(&rule_dirs, format),
    }
}

fn load_rules(dirs: &[PathBuf], stderr: &mut String) -> (RuleSet, bool) {
    let (rules, errors) = RuleSet::load(dirs);
    for error in &errors {
        stderr.push_str(&render_rule_error(error));
    }
    (rules, !errors.is_empty())
}

/// Renders a rule-file error through miette (toml's own caret is misaligned under CJK).
#[must_use]
pub fn render_rule_error(error: &RuleError) -> String {
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    if handler.render_report(&mut out, error).is_err() {
        out = format!("{error}\n");
    }
    out
}

/// The files a run checks: named files as given, directories walked for .txt/.md (honouring
/// .gitignore), sorted so output order does not depend on the file system.
fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(ignore::DirEntry::into_path)
                .filter(|p| is_report_file(p))
                .collect();
            found.sort();
            if found.is_empty() {
                errors.push(FileError {
                    path: path.clone(),
                    message: "目录中没有 .txt、.md、.html 或 .pdf 报告".to_string(),
                });
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(FileError { path: path.clone(), message: "文件不存在".to_string() });
        }
    }
    (files, errors)
}

fn is_report_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown" | "html" | "htm" | "shtml" | "pdf")
    })
}

/// Whether a rule id is named by a selector: the id itself, its category, or `category/*`.
fn selects(selector: &str, id: &str) -> bool {
    let category = id.split('/').next().unwrap_or_default();
    selector == id || selector == category || selector.strip_suffix("/*") == Some(category)
}

/// Applies `--select` and `--ignore`; a selector that names no rule is a usage error.
fn select_rules(rules: RuleSet, select: &[String], ignore: &[String]) -> Result<RuleSet, String> {
    for selector in select.iter().chain(ignore) {
        if !rules.rules.iter().any(|r| selects(selector, &r.id)) {
            return Err(format!("“{selector}”不是规则 id 或类别；用 fazhi rules 查看全部规则"));
        }
    }
    if select.is_empty() && ignore.is_empty() {
        return Ok(rules);
    }
    Ok(rules.filtered(|r| {
        (select.is_empty() || select.iter().any(|s| selects(s, &r.id))) && !ignore.iter().any(|s| selects(s, &r.id))
    }))
}

fn check(args: &CheckArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&args.read.rule_dirs, &mut outcome.stderr);
    let rules = match select_rules(rules, &args.select, &args.ignore) {
        Ok(rules) => rules,
        Err(message) => {
            outcome.stderr.push_str(&format!("{message}\n"));
            outcome.code = 2;
            return outcome;
        }
    };
    let (files, mut errors) = collect_files(&args.paths);
    let options = args.read.options();
    if args.fix {
        for path in &files {
            match crate::fix::fix_file(path, &options, &rules, true) {
                Ok(result) if result.written => outcome.stderr.push_str(&diff::render(&result, false)),
                Ok(_) => {}
                Err(message) => errors.push(FileError { path: path.clone(), message }),
            }
        }
    }
    let gate = Gate {
        fail_on: match args.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::None => None,
        },
        min_score: args.min_score,
    };
    let check_all = || -> Vec<Result<ReportEntry, FileError>> {
        files
            .par_iter()
            .map(|path| match check_file(path, &options, &rules) {
                Ok(checked) => {
                    let passed = gate.passes(&checked);
                    Ok(ReportEntry { path: path.clone(), checked, passed })
                }
                Err(e) => Err(FileError { path: path.clone(), message: e.to_string() }),
            })
            .collect()
    };
    let results = match args.jobs.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
        Some(Ok(pool)) => pool.install(check_all),
        _ => check_all(),
    };
    let mut reports = Vec::new();
    for result in results {
        match result {
            Ok(entry) => reports.push(entry),
            Err(error) => errors.push(error),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    if args.outline {
        for entry in &reports {
            outcome.stdout.push_str(&format!("== {}\n{}\n", entry.path.display(), entry.checked.document.outline()));
        }
    } else {
        outcome.stdout.push_str(&match args.format {
            Format::Json => json::render(&reports, &errors, &rules),
            Format::Human => {
                let color = match args.color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                };
                human::render(&reports, &errors, human::HumanOptions { color, quiet: args.quiet })
            }
        });
    }
    if args.format == Format::Json {
        for error in &errors {
            outcome.stderr.push_str(&format!("无法检查 {}：{}\n", error.path.display(), error.message));
        }
    }
    outcome.code = if !errors.is_empty() || rule_errors { 2 } else { i32::from(reports.iter().any(|r| !r.passed)) };
    outcome
}

fn fix(args: &FixArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(&args.read.rule_dirs, &mut outcome.stderr);
    let (files, mut errors) = collect_files(&args.paths);
    let options = args.read.options();
    let results: Vec<Result<crate::fix::FixResult, FileError>> = files
        .par_iter()
        .map(|path| {
            crate::fix::fix_file(path, &options, &rules, !args.diff)
                .map_err(|message| FileError { path: path.clone(), message })
        })
        .collect();
    for result in results {
        match result {
            Ok(done) => outcome.stdout.push_str(&diff::render(&done, args.diff)),
            Err(error) => errors.push(error),
        }
    }
    for error in &errors {
        outcome.stdout.push_str(&format!("无法修改 {}：{}\n", error.path.display(), error.message));
    }
    outcome.code = if !errors.is_empty() || rule_errors { 2 } else { 0 };
    outcome
}

fn explain(id: &str, dirs: &[PathBuf]) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(dirs, &mut outcome.stderr);
    let Some(rule) = rules.get(id) else {
        let near: Vec<&str> = rules
            .rules
            .iter()
            .map(|r| &*r.id)
            .filter(|r| r.contains(id) || id.contains(r.split('/').nth(1).unwrap_or("\0")))
            .collect();
        outcome.stderr.push_str(&format!("没有规则“{id}”。"));
        if !near.is_empty() {
            outcome.stderr.push_str(&format!("是不是：{}？", near.join("、")));
        }
        outcome.stderr.push_str("用 fazhi rules 查看全部规则。\n");
        outcome.code = 2;
        return outcome;
    };
    let mut out = String::new();
    out.push_str(&format!("{}　{}\n", rule.id, rule.name));
    out.push_str(&format!(
        "类型：{}　级别：{}（{}）　分值：{}\n\n",
        rule.kind_name(),
        rule.severity.label(),
        rule.severity,
        rule.weight
    ));
    out.push_str(&format!(
        "提示语：{}\n怎么改：{}\n\n依据与说明：\n{}\n",
        rule.message,
        rule.help,
        rule.description.trim()
    ));
    for (label, examples) in [("会报告的写法", &rule.bad), ("不会报告的写法", &rule.good)] {
        if examples.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{label}：\n"));
        for example in examples {
            for (i, line) in example.text.lines().enumerate() {
                out.push_str(if i == 0 { "  • " } else { "    " });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("\n规则文件：{}\n", rule.origin.display()));
    outcome.stdout = out;
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}

fn list(dirs: &[PathBuf], format: Format) -> Outcome {
    let mut outcome = Outcome::default();
    let (rules, rule_errors) = load_rules(dirs, &mut outcome.stderr);
    outcome.stdout = match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rules
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": &*r.id, "name": r.name, "kind": r.kind_name(),
                        "severity": r.severity.as_str(), "weight": r.weight,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&list).expect("rule list serialises");
            text.push('\n');
            text
        }
        Format::Human => {
            let mut out = String::new();
            for rule in &rules.rules {
                out.push_str(&format!(
                    "{:<36} {:<8} {:>4}  {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    rule.weight,
                    rule.name
                ));
            }
            out.push_str(&format!("共 {} 条规则。用 fazhi rule <id> 查看说明。\n", rules.rules.len()));
            out
        }
    };
    outcome.code = if rule_errors { 2 } else { 0 };
    outcome
}
