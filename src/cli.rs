//! The command line: `fazhi check`, `fazhi fix`, `fazhi annotate`, `fazhi report`, `fazhi init`,
//! `fazhi rule`, `fazhi rules`, `fazhi completions`. Parses arguments, plans the run (configuration, rule sets
//! per profile), runs the checks in parallel and returns what to print and the exit code;
//! `--output` files are written here, each through a temporary file.
//!
//! **Invariant:** exit codes are 0 (every report passed), 1 (a report failed the gate),
//! 2 (usage, configuration or input error — the other files are still checked).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

mod annotate;
mod plan;

pub use plan::is_report_file;

use crate::baseline::Baseline;
use crate::config::Threshold;
use crate::engine::check_file_with;
use crate::finding::Severity;
use crate::report::{
    FileError, ReportEntry, checkstyle, diff, github, human, json, json_lines, junit, sarif, statistics, write,
};
use crate::rules::{RuleError, RuleSet};
use plan::{Overrides, Plan, PlanError};

/// Checks Chinese 法治政府建设年度报告 against the 督察工作规定, 公文 format and language rules.
#[derive(Debug, Parser)]
#[command(name = "fazhi", version, about = "检查法治政府建设年度报告：必备要素、格式、用语，给出得分和逐条标注的问题")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查报告（.txt/.md/.docx 文件或目录）
    Check(CheckArgs),
    /// 记录现有的问题作为基线；之后 check --baseline 只报告新问题
    Baseline(BaselineArgs),
    /// 自动修改不会改变原意的问题（半角标点、数字与汉字间的空格、……、年份连接号、标注为安全的错别字）；.docx 写成修订，另存为 原名.fazhi.docx
    Fix(FixArgs),
    /// 把检查结果写成 Word 批注：每个问题批注在原文处，标题处一条小结，另存为 原名.fazhi.docx（不改原文件）
    Annotate(annotate::AnnotateArgs),
    /// 生成可打印的审核单和汇总表（HTML/PDF、Markdown、Excel、CSV）
    Report(ReportArgs),
    /// 说明一条规则：检查什么、依据、示例
    Rule {
        /// 规则 id，如 structure/causes
        id: String,
        /// 额外的规则目录
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// 在当前目录（或指定目录）写一个带注释的 fazhi.toml 配置文件
    Init {
        /// 写到这个目录
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// 覆盖已有的 fazhi.toml
        #[arg(long)]
        force: bool,
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
    /// 输出命令行补全脚本（bash、zsh、fish、powershell、elvish），用法见 README
    Completions {
        /// 外壳程序
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Output formats of `check`; see README and docs/json-format.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// 给起草人员看的诊断和小结（默认）
    Human,
    /// 一个 JSON 文档（docs/json-format.md）
    Json,
    /// 每行一个 JSON 对象：每个问题一行、每份报告一行
    JsonLines,
    /// SARIF 2.1.0（GitHub 代码扫描等）
    Sarif,
    /// JUnit XML（GitLab、Jenkins 等 CI 的测试报告）
    Junit,
    /// GitHub Actions 的注释命令
    Github,
    /// Checkstyle XML
    Checkstyle,
}

/// Where one output format goes: standard output or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Destination {
    format: OutputFormat,
    file: Option<PathBuf>,
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

// Each flag is its own switch on the command line; a state machine would not read better.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// 要检查的文件或目录（目录中查找 .txt 和 .md）
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 输出格式（可多次给出，每个后面可跟一个 --output；只能有一个写到标准输出）
    #[arg(long, value_enum, value_name = "FORMAT", action = clap::ArgAction::Append)]
    format: Vec<OutputFormat>,
    /// 把前面那个 --format 的结果写入文件（先写临时文件再改名）；没有 --format 时写入中文诊断
    #[arg(long, short = 'o', value_name = "FILE", action = clap::ArgAction::Append)]
    output: Vec<PathBuf>,
    /// 按规则统计问题数，从多到少（human 输出一张表，json 输出中加 statistics 字段）
    #[arg(long)]
    statistics: bool,
    /// 只输出每份报告的一行结论
    #[arg(long, short)]
    quiet: bool,
    /// 出现该级别及以上的问题即判为未通过（默认 error，或配置文件中的 fail-on）
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
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
    /// 只报告基线文件（fazhi baseline 生成）中没有记录的问题
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct BaselineArgs {
    /// 要记录的文件或目录
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 基线文件
    #[arg(long, short = 'o', value_name = "FILE", default_value = "fazhi-baseline.json")]
    output: PathBuf,
    #[command(flatten)]
    read: ReadArgs,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct FixArgs {
    /// 要修改的 .txt/.md/.docx 文件或目录（.docx 不改原文件，修订写在 原名.fazhi.docx 中）
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 只显示会怎样修改，不写入文件
    #[arg(long)]
    diff: bool,
    /// 覆盖已有的 原名.fazhi.docx
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// Output formats of `fazhi report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AuditFormat {
    /// 一个 HTML 文件：汇总表和每份报告的审核单（A4 打印，分页）
    Html,
    /// Markdown（适合 CI 任务摘要、合并请求评论）
    Md,
    /// Excel 工作簿：“报告”和“问题”两个工作表
    Xlsx,
    /// 两个 CSV 文件（带 UTF-8 BOM）：报告表，以及同名加 .findings 的问题表
    Csv,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// 要审核的文件或目录（目录中查找 .txt 和 .md）
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AuditFormat::Html)]
    format: AuditFormat,
    /// 输出文件（html、md 不给出时写到标准输出；xlsx、csv 必须给出）
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
    /// 另用 Chromium 把 HTML 打印成同名 .pdf（没有安装时说明如何用浏览器打印）
    #[arg(long)]
    pdf: bool,
    #[command(flatten)]
    read: ReadArgs,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
}

/// How reports and rules are read; shared by `check`, `fix` and `report`.
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
    /// 只运行这些规则：规则 id、类别（structure）或 类别/*，逗号分隔（替换配置文件中的 select）
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（写法同 --select）
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// 使用这个配置文件（默认从每份报告所在目录向上查找 fazhi.toml）
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// 不读任何配置文件
    #[arg(long)]
    no_config: bool,
}

impl ReadArgs {
    fn overrides(&self, fail_on: Option<FailOn>, min_score: Option<f64>) -> Overrides {
        Overrides {
            config: self.config.clone(),
            no_config: self.no_config,
            rule_dirs: self.rule_dirs.clone(),
            selection: crate::config::Selection {
                select: self.select.clone(),
                ignore: self.ignore.clone(),
                ..crate::config::Selection::default()
            },
            fail_on: fail_on.map(|f| match f {
                FailOn::Error => Threshold::At(Severity::Error),
                FailOn::Warning => Threshold::At(Severity::Warning),
                FailOn::Info => Threshold::At(Severity::Info),
                FailOn::None => Threshold::Never,
            }),
            min_score,
            encoding: self.encoding.clone(),
            report_year: self.report_year,
        }
    }
}

/// Plans a run, reporting rule-file and configuration problems on `outcome.stderr`. `None`
/// when the run cannot go on (exit 2 is set).
fn plan_run(paths: &[PathBuf], overrides: &Overrides, outcome: &mut Outcome) -> Option<(Plan, bool)> {
    let mut rule_errors = Vec::new();
    let planned = plan::plan(paths, overrides, &mut rule_errors);
    for error in &rule_errors {
        outcome.stderr.push_str(&render_rule_error(error));
    }
    match planned {
        Ok(plan) => Some((plan, !rule_errors.is_empty())),
        Err(PlanError::Config(errors)) => {
            for error in &errors {
                outcome.stderr.push_str(&render_diagnostic(error));
            }
            outcome.code = 2;
            None
        }
        Err(PlanError::Usage(message)) => {
            outcome.stderr.push_str(&format!("{message}\n"));
            outcome.code = 2;
            None
        }
    }
}

/// Config suppressions that waived nothing in the whole run, as notices for stderr.
fn unused_config_suppressions(plan: &Plan, used: &std::collections::HashSet<(PathBuf, usize)>) -> String {
    let mut out = String::new();
    for config in &plan.configs {
        let Some(path) = &config.path else { continue };
        for (index, entry) in config.suppress.iter().enumerate() {
            if !used.contains(&(path.clone(), index)) {
                out.push_str(&format!(
                    "提示：{} 中第 {} 条 [[suppress]]（rule = \"{}\"）没有豁免任何问题，可以删除\n",
                    path.display(),
                    index + 1,
                    entry.rule
                ));
            }
        }
    }
    out
}

/// The configuration suppressions that waived something in these reports.
fn config_suppressions_used(reports: &[ReportEntry], used: &mut std::collections::HashSet<(PathBuf, usize)>) {
    for waived in reports.iter().flat_map(|r| &r.checked.waived) {
        if let crate::suppress::SuppressionOrigin::Config { file, index } = &waived.origin {
            used.insert((file.clone(), *index));
        }
    }
}

/// Drops the findings a baseline recorded and judges each report again.
/// `jobs` are the jobs the reports came from.
fn apply_baseline(reports: &mut [ReportEntry], baseline: &Baseline, file: &Path, jobs: &[plan::Job], base: &RuleSet) {
    let base_dir = file.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let rules_of: std::collections::HashMap<&Path, &RuleSet> =
        jobs.iter().map(|job| (job.path.as_path(), &*job.rules)).collect();
    for entry in reports {
        let rules = rules_of.get(entry.path.as_path()).copied().unwrap_or(base);
        let key = crate::baseline::key_path(&entry.path, &base_dir);
        entry.checked.baselined = crate::baseline::apply(&mut entry.checked, baseline, &key, rules);
        entry.passed = entry.gate.passes(&entry.checked);
    }
}

/// Reports checked at a time when every output can be written report by report: a run over
/// thousands of files holds one chunk of parsed reports, not all of them.
const STREAM_CHUNK: usize = 256;

/// Whether every destination can be written chunk by chunk (human and json-lines can; the
/// others wrap all reports in one document or need totals first).
fn streamable(args: &CheckArgs, destinations: &[Destination]) -> bool {
    !args.outline
        && !args.statistics
        && destinations.iter().all(|d| matches!(d.format, OutputFormat::Human | OutputFormat::JsonLines))
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
    let parsed = Cli::command().try_get_matches_from(args).and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
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
        Command::Check(args) => {
            let check_matches = matches.subcommand_matches("check");
            match destinations(check_matches) {
                Ok(destinations) => check(&args, &destinations),
                Err(message) => Outcome { stderr: format!("{message}\n"), code: 2, ..Outcome::default() },
            }
        }
        Command::Fix(args) => fix(&args),
        Command::Annotate(args) => annotate::run(&args),
        Command::Baseline(args) => record_baseline(&args),
        Command::Report(args) => audit(&args),
        Command::Rule { id, rule_dirs } => explain(&id, &rule_dirs),
        Command::Init { dir, force } => init(&dir, force),
        Command::Rules { rule_dirs, format } => list(&rule_dirs, format),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "fazhi", &mut script);
            Outcome { stdout: String::from_utf8_lossy(&script).into_owned(), ..Outcome::default() }
        }
    }
}

/// Pairs each `--output FILE` with the `--format` given just before it, in command-line order:
/// `--format sarif --output a.sarif --format human` sends SARIF to a.sarif and the human format
/// to standard output. Without `--format`, one `--output` takes the human format. An `--output`
/// before every `--format`, two for one format, two formats on standard output or two formats
/// in one file are usage errors.
fn destinations(matches: Option<&ArgMatches>) -> Result<Vec<Destination>, String> {
    let Some(matches) = matches else { return Ok(vec![Destination { format: OutputFormat::Human, file: None }]) };
    let formats = matches.get_many::<OutputFormat>("format").into_iter().flatten().copied();
    let format_at = matches.indices_of("format").into_iter().flatten();
    let outputs = matches.get_many::<PathBuf>("output").into_iter().flatten().cloned();
    let output_at = matches.indices_of("output").into_iter().flatten();
    let mut events: Vec<(usize, Result<OutputFormat, PathBuf>)> =
        format_at.zip(formats.map(Ok)).chain(output_at.zip(outputs.map(Err))).collect();
    events.sort_by_key(|(at, _)| *at);
    let mut chosen: Vec<Destination> = Vec::new();
    let any_format = events.iter().any(|(_, e)| e.is_ok());
    for (_, event) in events {
        match event {
            Ok(format) => chosen.push(Destination { format, file: None }),
            Err(file) => match chosen.last_mut() {
                Some(last) if last.file.is_none() => last.file = Some(file),
                Some(_) => {
                    return Err(format!(
                        "--output {} 前面的 --format 已经有了输出文件；每个 --format 只跟一个 --output",
                        file.display()
                    ));
                }
                None if !any_format => chosen.push(Destination { format: OutputFormat::Human, file: Some(file) }),
                None => return Err(format!("--output {} 要写在它对应的 --format 之后", file.display())),
            },
        }
    }
    if chosen.is_empty() {
        chosen.push(Destination { format: OutputFormat::Human, file: None });
    }
    if chosen.iter().filter(|d| d.file.is_none()).count() > 1 {
        return Err("只能有一个 --format 输出到标准输出；其余的请用 --output 指定文件".to_string());
    }
    for (i, d) in chosen.iter().enumerate() {
        if let Some(file) = &d.file
            && chosen[..i].iter().any(|e| e.file.as_ref() == Some(file))
        {
            return Err(format!("两个 --format 写到了同一个文件 {}", file.display()));
        }
    }
    Ok(chosen)
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
    render_diagnostic(error)
}

/// Renders a located error (rule or configuration file) through miette, without colour.
#[must_use]
pub fn render_diagnostic(error: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    if handler.render_report(&mut out, error).is_err() {
        out = format!("{error}\n");
    }
    out
}

fn check(args: &CheckArgs, destinations: &[Destination]) -> Outcome {
    let mut outcome = Outcome::default();
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(e) => {
            outcome.stderr.push_str(&format!("{e}\n"));
            outcome.code = 2;
            return outcome;
        }
    };
    let overrides = args.read.overrides(args.fail_on, args.min_score);
    let Some((plan, rule_errors)) = plan_run(&args.paths, &overrides, &mut outcome) else { return outcome };
    let mut errors = plan.errors.clone();
    if args.fix {
        for job in &plan.jobs {
            match crate::fix::fix_file(&job.path, &job.options, &job.rules, true) {
                Ok(result) if result.written => outcome.stderr.push_str(&diff::render(&result, false)),
                Ok(_) => {}
                Err(message) => errors.push(FileError { path: job.path.clone(), message }),
            }
        }
    }
    let mut used = std::collections::HashSet::new();
    let mut write_failed = false;
    let (checked_count, passed_count) = if streamable(args, destinations) {
        let mut texts = vec![String::new(); destinations.len()];
        let (mut total, mut passed) = (0, 0);
        for chunk in plan.jobs.chunks(STREAM_CHUNK) {
            let mut reports = check_files(chunk, args.jobs, &mut errors);
            if let (Some(baseline), Some(file)) = (&baseline, &args.baseline) {
                apply_baseline(&mut reports, baseline, file, chunk, &plan.base);
            }
            for (text, destination) in texts.iter_mut().zip(destinations) {
                text.push_str(&match destination.format {
                    OutputFormat::JsonLines => json_lines::render(&reports, &[]),
                    _ => human::render_reports(&reports, human_options(args, destination)),
                });
            }
            config_suppressions_used(&reports, &mut used);
            total += reports.len();
            passed += reports.iter().filter(|r| r.passed).count();
        }
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        for (mut text, destination) in texts.into_iter().zip(destinations) {
            text.push_str(&match destination.format {
                OutputFormat::JsonLines => json_lines::render(&[], &errors),
                _ => human::render_tail(&errors, total, passed),
            });
            write_failed |= !deliver(&mut outcome, destination, &text);
        }
        (total, passed)
    } else {
        let mut reports = check_files(&plan.jobs, args.jobs, &mut errors);
        if let (Some(baseline), Some(file)) = (&baseline, &args.baseline) {
            apply_baseline(&mut reports, baseline, file, &plan.jobs, &plan.base);
        }
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        if args.outline {
            for entry in &reports {
                outcome.stdout.push_str(&format!(
                    "== {}\n{}\n",
                    entry.path.display(),
                    entry.checked.document.outline()
                ));
            }
        } else {
            let run = Run { reports: &reports, errors: &errors, rules: &plan.base };
            for destination in destinations {
                let text = render(args, destination, &run);
                write_failed |= !deliver(&mut outcome, destination, &text);
            }
        }
        config_suppressions_used(&reports, &mut used);
        (reports.len(), reports.iter().filter(|r| r.passed).count())
    };
    outcome.stderr.push_str(&unused_config_suppressions(&plan, &used));
    // Unreadable files are listed in the human output; when it is not on the terminal, say so here.
    if !destinations.iter().any(|d| d.format == OutputFormat::Human && d.file.is_none()) {
        for error in &errors {
            outcome.stderr.push_str(&format!("无法检查 {}：{}\n", error.path.display(), error.message));
        }
    }
    if write_failed {
        outcome.code = 2;
        return outcome;
    }
    outcome.code = if !errors.is_empty() || rule_errors { 2 } else { i32::from(passed_count < checked_count) };
    outcome
}

/// Sends one destination's text to standard output or its file; false when the file could not
/// be written (the reason is on standard error).
fn deliver(outcome: &mut Outcome, destination: &Destination, text: &str) -> bool {
    match &destination.file {
        None => {
            outcome.stdout.push_str(text);
            true
        }
        Some(file) => match write::write_atomic(file, text) {
            Ok(()) => true,
            Err(e) => {
                outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", file.display()));
                false
            }
        },
    }
}

/// Checks the planned files in parallel (on `threads` threads when given); read errors join
/// `errors`. Reports come back in the order of `jobs` (sorted by path).
fn check_files(jobs: &[plan::Job], threads: Option<usize>, errors: &mut Vec<FileError>) -> Vec<ReportEntry> {
    let check_all = || -> Vec<Result<ReportEntry, FileError>> {
        jobs.par_iter()
            .map(|job| match check_file_with(&job.path, &job.options, &job.rules, &job.suppressions) {
                Ok(checked) => {
                    let passed = job.gate.passes(&checked);
                    Ok(ReportEntry { path: job.path.clone(), checked, passed, gate: job.gate })
                }
                Err(e) => Err(FileError { path: job.path.clone(), message: e.to_string() }),
            })
            .collect()
    };
    let results = match threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
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
    reports
}

/// `fazhi report`: checks the files like `check`, then writes the audit sheets and summary.
/// Files that cannot be read are listed in the summary and make the exit code 2.
fn audit(args: &ReportArgs) -> Outcome {
    use crate::report::audit::{self, AuditMeta};
    let mut outcome = Outcome::default();
    let needs_file = matches!(args.format, AuditFormat::Xlsx | AuditFormat::Csv) || args.pdf;
    if needs_file && args.output.is_none() {
        outcome.stderr.push_str("这种输出要写入文件：请用 -o 指定输出文件\n");
        outcome.code = 2;
        return outcome;
    }
    if args.pdf && args.format != AuditFormat::Html {
        outcome.stderr.push_str("--pdf 只用于 --format html\n");
        outcome.code = 2;
        return outcome;
    }
    let overrides = args.read.overrides(None, None);
    let Some((plan, rule_errors)) = plan_run(&args.paths, &overrides, &mut outcome) else { return outcome };
    let rules = &plan.base;
    let mut errors = plan.errors.clone();
    let reports = check_files(&plan.jobs, args.jobs, &mut errors);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let meta = AuditMeta {
        checked_at: audit::beijing_time(now),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pack: format!("{} {}", rules.pack.name, rules.pack.version),
    };
    let built = audit::build(&reports, &errors, rules, meta);
    let outputs: Vec<(PathBuf, Vec<u8>)> = match (args.format, &args.output) {
        (AuditFormat::Html, None) => {
            outcome.stdout = audit::html::render(&built);
            Vec::new()
        }
        (AuditFormat::Md, None) => {
            outcome.stdout = audit::md::render(&built);
            Vec::new()
        }
        (AuditFormat::Html, Some(out)) => vec![(out.clone(), audit::html::render(&built).into_bytes())],
        (AuditFormat::Md, Some(out)) => vec![(out.clone(), audit::md::render(&built).into_bytes())],
        (AuditFormat::Xlsx, Some(out)) => match audit::xlsx::render(&built) {
            Ok(bytes) => vec![(out.clone(), bytes)],
            Err(e) => {
                outcome.stderr.push_str(&format!("无法生成 Excel 文件：{e}\n"));
                outcome.code = 2;
                return outcome;
            }
        },
        (AuditFormat::Csv, Some(out)) => vec![
            (out.clone(), audit::csv::reports(&built)),
            (out.with_extension("findings.csv"), audit::csv::findings(&built)),
        ],
        (AuditFormat::Xlsx | AuditFormat::Csv, None) => Vec::new(),
    };
    for (path, bytes) in &outputs {
        if let Err(e) = std::fs::write(path, bytes) {
            outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", path.display()));
            outcome.code = 2;
            return outcome;
        }
        outcome.stderr.push_str(&format!("已写出 {}\n", path.display()));
    }
    if args.pdf
        && let Some(html) = &args.output
    {
        let pdf = html.with_extension("pdf");
        match audit::pdf::print(html, &pdf) {
            Ok(()) => outcome.stderr.push_str(&format!("已写出 {}\n", pdf.display())),
            Err(e) => {
                outcome.stderr.push_str(&format!("{e}\n"));
                if matches!(e, audit::pdf::PdfError::Failed { .. }) {
                    outcome.code = 2;
                }
            }
        }
    }
    for error in &errors {
        outcome.stderr.push_str(&format!("无法检查 {}：{}\n", error.path.display(), error.message));
    }
    outcome.stderr.push_str(&format!("共 {} 份报告生成审核单，{} 个文件无法读取\n", reports.len(), errors.len()));
    if !errors.is_empty() || rule_errors {
        outcome.code = 2;
    }
    outcome
}

/// What one pass of `check` produced, for rendering in every requested format.
struct Run<'a> {
    reports: &'a [ReportEntry],
    errors: &'a [FileError],
    rules: &'a RuleSet,
}

/// How to print the human format to `destination`. Colours: on standard output when it is a
/// terminal and `NO_COLOR` is unset or empty (`--color auto`), in a file only with `--color always`.
fn human_options(args: &CheckArgs, destination: &Destination) -> human::HumanOptions {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            destination.file.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    human::HumanOptions { color, quiet: args.quiet }
}

/// One destination's text. Colours only for the human format: on standard output when it is a
/// terminal and `NO_COLOR` is unset or empty (`--color auto`), in a file only with `--color always`.
fn render(args: &CheckArgs, destination: &Destination, run: &Run) -> String {
    let counts = || statistics::count(run.reports, run.rules);
    match destination.format {
        OutputFormat::Human if args.statistics => statistics::render_table(&counts()),
        OutputFormat::Human => human::render(run.reports, run.errors, human_options(args, destination)),
        OutputFormat::Json => {
            json::render_with_statistics(run.reports, run.errors, run.rules, args.statistics.then(counts))
        }
        OutputFormat::JsonLines => json_lines::render(run.reports, run.errors),
        OutputFormat::Sarif => sarif::render(run.reports, run.errors, run.rules),
        OutputFormat::Junit => junit::render(run.reports, run.errors, run.rules),
        OutputFormat::Github => github::render(run.reports, run.errors, run.rules),
        OutputFormat::Checkstyle => checkstyle::render(run.reports, run.errors),
    }
}

/// `fazhi baseline`: checks the files and records their findings.
fn record_baseline(args: &BaselineArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let overrides = args.read.overrides(None, None);
    let Some((plan, rule_errors)) = plan_run(&args.paths, &overrides, &mut outcome) else { return outcome };
    let mut errors = plan.errors.clone();
    let reports = check_files(&plan.jobs, args.jobs, &mut errors);
    let base_dir = args.output.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let baseline = Baseline::record(&reports, &base_dir);
    let total: usize = baseline.findings.iter().map(|e| e.count).sum();
    if let Err(e) = write::write_atomic(&args.output, baseline.to_json()) {
        outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", args.output.display()));
        outcome.code = 2;
        return outcome;
    }
    for error in &errors {
        outcome.stderr.push_str(&format!("无法检查 {}：{}\n", error.path.display(), error.message));
    }
    outcome.stdout = format!(
        "已把 {} 份报告的 {total} 条问题记录到 {}；之后用 fazhi check --baseline {} 只报告新问题\n",
        reports.len(),
        args.output.display(),
        args.output.display()
    );
    outcome.code = if errors.is_empty() && !rule_errors { 0 } else { 2 };
    outcome
}

fn fix(args: &FixArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let overrides = args.read.overrides(None, None);
    let Some((plan, rule_errors)) = plan_run(&args.paths, &overrides, &mut outcome) else { return outcome };
    let mut errors = plan.errors.clone();
    let named = |path: &Path| args.paths.iter().any(|p| p == path);
    let results: Vec<Result<String, FileError>> = plan
        .jobs
        .par_iter()
        // fazhi's own copies found in a folder are not fixed again.
        .filter(|job| named(&job.path) || !job.path.to_string_lossy().ends_with(annotate::COPY_SUFFIX))
        .map(|job| {
            if job.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
                return annotate::fix_docx(job, args.diff, args.force);
            }
            crate::fix::fix_file(&job.path, &job.options, &job.rules, !args.diff)
                .map(|done| diff::render(&done, args.diff))
                .map_err(|message| FileError { path: job.path.clone(), message })
        })
        .collect();
    for result in results {
        match result {
            Ok(text) => outcome.stdout.push_str(&text),
            Err(error) => errors.push(error),
        }
    }
    for error in &errors {
        outcome.stdout.push_str(&format!("无法修改 {}：{}\n", error.path.display(), error.message));
    }
    outcome.code = if !errors.is_empty() || rule_errors { 2 } else { 0 };
    outcome
}

fn init(dir: &Path, force: bool) -> Outcome {
    let mut outcome = Outcome::default();
    let path = dir.join(crate::config::FILE_NAME);
    if path.exists() && !force {
        outcome.stderr = format!("{} 已存在；要覆盖请加 --force\n", path.display());
        outcome.code = 2;
        return outcome;
    }
    match std::fs::write(&path, crate::config::STARTER) {
        Ok(()) => outcome.stdout = format!("已写入 {}。打开它，按注释取消需要的设置前的 #。\n", path.display()),
        Err(e) => {
            outcome.stderr = format!("无法写入 {}：{e}\n", path.display());
            outcome.code = 2;
        }
    }
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
