//! `fazhi annotate` (and `fazhi fix` for .docx): writes each Word file back as a copy with the
//! findings as comments and, when asked, the safe fixes as tracked changes. The work is in
//! `crate::annotate`; this is where the files are found, named, written and reported.
//!
//! **Invariant:** an input is never written: every copy goes to its own name (`NAME.fazhi.docx`
//! or `-o`), through a temporary file renamed into place, and an existing copy is replaced only
//! with `--force`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Outcome, ReadArgs, plan, plan_run};
use crate::annotate::{Annotated, Check, Settings, annotate_docx};
use crate::document::readers::{Sniffed, read_input, sniff};
use crate::report::{FileError, write};

/// The suffix of an annotated copy: `报告.docx` → `报告.fazhi.docx`.
pub const COPY_SUFFIX: &str = ".fazhi.docx";

/// Output formats of `annotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum AnnotateFormat {
    /// 每个文件一行结果
    Human,
    /// JSON：每个文件的批注（规则、问题文字、批注所在的文字）和修订
    Json,
}

#[derive(Debug, clap::Args)]
pub(super) struct AnnotateArgs {
    /// 要批注的 .docx 文件或目录（.txt 另存为带批注的新 Word 文档）
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// 输出文件（只有一个输入时）或目录；默认写在原文件旁，名为 原名.fazhi.docx
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// 覆盖已有的输出文件
    #[arg(long)]
    force: bool,
    /// 同时把可安全修改的问题写成修订（同 fazhi fix）
    #[arg(long)]
    fix: bool,
    /// 批注和修订的作者
    #[arg(long, value_name = "NAME", default_value = "fazhi")]
    author: String,
    /// 批注和修订的日期：2024-03-01 或 2024-03-01T10:00:00Z，none 表示不写；默认为当前时间（设置了环境变量 `SOURCE_DATE_EPOCH` 时取它）
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AnnotateFormat::Human)]
    format: AnnotateFormat,
    #[command(flatten)]
    read: ReadArgs,
    /// 并行处理的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
}

/// What one file gave.
struct Done {
    input: PathBuf,
    output: PathBuf,
    annotated: Annotated,
    written: bool,
}

/// `fazhi annotate`.
pub(super) fn run(args: &AnnotateArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let date = match comment_date(args.date.as_deref()) {
        Ok(date) => date,
        Err(message) => return usage(&message),
    };
    let settings = Settings { author: args.author.clone(), date, comments: true, revisions: args.fix };
    let overrides = args.read.overrides(None, None);
    let Some((plan, rule_errors)) = plan_run(&args.paths, &overrides, &mut outcome) else { return outcome };
    let jobs = word_jobs(&plan.jobs, &args.paths);
    let mut errors = plan.errors.clone();
    errors.extend(jobs.refused);
    let to_dir = args.output.as_ref().is_some_and(|o| {
        o.is_dir()
            || o.to_string_lossy().ends_with(['/', '\\'])
            || jobs.word.len() > 1
            || args.paths.iter().any(|p| p.is_dir())
    });
    let outputs = match outputs(&jobs.word, args.output.as_deref(), to_dir) {
        Ok(outputs) => outputs,
        Err(message) => return usage(&message),
    };
    let results = in_pool(args.jobs, || {
        jobs.word
            .par_iter()
            .zip(&outputs)
            .map(|(job, output)| annotate_one(job, output, &settings, args.force, false))
            .collect::<Vec<_>>()
    });
    let mut done = Vec::new();
    for result in results {
        match result {
            Ok(one) => done.push(one),
            Err(error) => errors.push(error),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    match args.format {
        AnnotateFormat::Human => {
            for one in &done {
                outcome.stdout.push_str(&human_line(one));
            }
            for error in &errors {
                let _ = writeln!(outcome.stdout, "无法批注 {}：{}", error.path.display(), error.message);
            }
        }
        AnnotateFormat::Json => outcome.stdout = json(&done, &errors),
    }
    outcome.code = if errors.is_empty() && !rule_errors { 0 } else { 2 };
    outcome
}

/// `fazhi fix` on a .docx: the safe fixes as tracked changes in `NAME.fazhi.docx`; with
/// `show_diff` nothing is written. Returns the lines to print.
pub(super) fn fix_docx(job: &plan::Job, show_diff: bool, force: bool) -> Result<String, FileError> {
    let output = copy_name(&job.path);
    let settings = Settings {
        author: "fazhi".to_string(),
        date: comment_date(None).map_err(|message| FileError { path: job.path.clone(), message })?,
        comments: false,
        revisions: true,
    };
    let one = annotate_one(job, &output, &settings, force, show_diff)?;
    let changes = &one.annotated.revisions;
    let mut out = String::new();
    let path = job.path.display();
    if changes.is_empty() {
        let _ = writeln!(out, "{path}：没有可以写成修订的问题");
    } else {
        let mut by_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for change in changes {
            for rule in &change.rules {
                *by_rule.entry(rule).or_default() += 1;
            }
        }
        let counts: Vec<String> = by_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
        let verb = if one.written { "已写成修订" } else { "可写成修订" };
        let _ = write!(out, "{path}：{verb} {} 处（{}）", changes.len(), counts.join("，"));
        if one.written {
            let _ = write!(out, "，保存为 {}", one.output.display());
        }
        out.push('\n');
        if show_diff {
            let before = &one.annotated.checked.document.source.text;
            for change in changes {
                let place =
                    one.annotated.checked.document.source.origin.place_at(change.span.start).map(|p| p.to_string());
                let _ = writeln!(
                    out,
                    "  {}：“{}” → “{}”",
                    place.unwrap_or_default(),
                    &before[change.span.range()],
                    change.text
                );
            }
        }
    }
    if one.annotated.revisions_skipped > 0 {
        let _ = writeln!(
            out,
            "  另有 {} 处在自动编号、域、文本框或跨越格式的文字中，无法写成修订，请在 Word 中修改",
            one.annotated.revisions_skipped
        );
    }
    Ok(out)
}

/// The jobs that are Word or plain-text files, and a refusal for each other file named on the
/// command line (files of other formats found in a folder are left alone, as are fazhi's own
/// copies).
struct WordJobs<'a> {
    word: Vec<&'a plan::Job>,
    refused: Vec<FileError>,
}

fn word_jobs<'a>(jobs: &'a [plan::Job], named: &[PathBuf]) -> WordJobs<'a> {
    let mut out = WordJobs { word: Vec::new(), refused: Vec::new() };
    for job in jobs {
        let explicit = named.contains(&job.path);
        let is_docx =
            job.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx") || e.eq_ignore_ascii_case("txt"));
        let is_copy = job.path.to_string_lossy().ends_with(COPY_SUFFIX);
        if is_docx && (explicit || !is_copy) {
            out.word.push(job);
        } else if explicit {
            out.refused.push(FileError {
                path: job.path.clone(),
                message: "fazhi annotate 只处理 Word 文档（.docx）和纯文本（.txt）；其他格式请用 fazhi check"
                    .to_string(),
            });
        }
    }
    out
}

/// Where each copy goes.
fn outputs(jobs: &[&plan::Job], output: Option<&Path>, to_dir: bool) -> Result<Vec<PathBuf>, String> {
    let outputs: Vec<PathBuf> = jobs
        .iter()
        .map(|job| match output {
            None => copy_name(&job.path),
            Some(dir) if to_dir => dir.join(copy_name(&job.path).file_name().unwrap_or_default()),
            Some(file) => file.to_path_buf(),
        })
        .collect();
    for (i, out) in outputs.iter().enumerate() {
        if let Some(j) = outputs[..i].iter().position(|o| o == out) {
            return Err(format!(
                "{} 和 {} 会写到同一个文件 {}；请分别运行，或不用 -o",
                jobs[j].path.display(),
                jobs[i].path.display(),
                out.display()
            ));
        }
    }
    if to_dir && let Some(dir) = output {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建目录 {}：{e}", dir.display()))?;
    }
    Ok(outputs)
}

/// `报告.docx` → `报告.fazhi.docx` beside it.
fn copy_name(input: &Path) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    input.with_file_name(format!("{stem}{COPY_SUFFIX}"))
}

/// Annotates one file and writes its copy (unless `dry_run`).
fn annotate_one(
    job: &plan::Job,
    output: &Path,
    settings: &Settings,
    force: bool,
    dry_run: bool,
) -> Result<Done, FileError> {
    let fail = |message: String| FileError { path: job.path.clone(), message };
    if same_file(&job.path, output) {
        return Err(fail(format!("输出文件 {} 就是输入文件；fazhi 不改动原文件", output.display())));
    }
    if !dry_run && !force && output.exists() {
        return Err(fail(format!("{} 已存在；要覆盖请加 --force", output.display())));
    }
    let mut bytes = read_input(&job.path).map_err(|e| fail(e.to_string()))?;
    match sniff(&job.path, &bytes) {
        Sniffed::Zip => {}
        // A plain-text report becomes a new Word document, annotated like any other.
        Sniffed::Text if !bytes.starts_with(b"\xD0\xCF\x11\xE0") => {
            let source = crate::source::SourceFile::decode(&job.path, &bytes, job.options.encoding.as_deref())
                .map_err(|e| fail(e.to_string()))?;
            bytes = crate::annotate::docx_of_text(&source.text);
        }
        _ if bytes.starts_with(b"\xD0\xCF\x11\xE0") => {}
        _ => return Err(fail("这不是 Word 文档（.docx）或纯文本（.txt）".to_string())),
    }
    let check = Check { rules: &job.rules, options: &job.options, suppressions: &job.suppressions, gate: job.gate };
    let annotated = annotate_docx(&job.path, &bytes, check, settings).map_err(|e| fail(e.to_string()))?;
    let mut written = false;
    if !dry_run && let Some(copy) = &annotated.bytes {
        write::write_atomic(output, copy).map_err(|e| fail(format!("无法写入 {}：{e}", output.display())))?;
        written = true;
    }
    Ok(Done { input: job.path.clone(), output: output.to_path_buf(), annotated, written })
}

/// Whether two paths name one file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn human_line(one: &Done) -> String {
    let a = &one.annotated;
    let comments = a.comments.len().saturating_sub(1);
    let mut line = format!("{}：已写出 {}，批注 {comments} 条", one.input.display(), one.output.display());
    if a.unplaced + a.overflow > 0 {
        let _ = write!(line, "（另有 {} 条列在标题处的小结批注中）", a.unplaced + a.overflow);
    }
    if !a.revisions.is_empty() || a.revisions_skipped > 0 {
        let _ = write!(line, "，修订 {} 处", a.revisions.len());
    }
    if a.revisions_skipped > 0 {
        let _ = write!(line, "（{} 处无法写成修订）", a.revisions_skipped);
    }
    if a.placeholders > 0 {
        let _ = write!(line, "；原文有 {} 处没有内容的批注标记，已补上说明", a.placeholders);
    }
    let _ = write!(line, "；得分 {:.1}（{}）", a.checked.score.total, a.checked.score.grade);
    line.push('\n');
    line
}

fn json(done: &[Done], errors: &[FileError]) -> String {
    let files: Vec<serde_json::Value> = done
        .iter()
        .map(|one| {
            let a = &one.annotated;
            let text = &a.checked.document.source.text;
            let comments: Vec<serde_json::Value> = a
                .comments
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id,
                        "rule": c.rule.as_deref(),
                        "text": &text[c.span.range()],
                        "anchored": c.anchored,
                        "adjusted": c.adjusted.map(|adj| format!("{adj:?}").to_lowercase()),
                        "body": crate::annotate::plain(&c.lines),
                    })
                })
                .collect();
            let revisions: Vec<serde_json::Value> = a
                .revisions
                .iter()
                .map(|r| serde_json::json!({"offset": r.span.start, "length": r.span.len(), "text": &text[r.span.range()], "replacement": r.text}))
                .collect();
            serde_json::json!({
                "input": one.input.display().to_string(),
                "output": one.output.display().to_string(),
                "written": one.written,
                "score": a.checked.score.total,
                "passed": a.passed,
                "comments": comments,
                "unplaced": a.unplaced,
                "overflow": a.overflow,
                "placeholders": a.placeholders,
                "revisions": revisions,
                "revisions_skipped": a.revisions_skipped,
            })
        })
        .collect();
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::json!({"path": e.path.display().to_string(), "message": e.message}))
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({"version": 1, "files": files, "errors": errors}))
        .expect("the annotate summary serialises");
    out.push('\n');
    out
}

/// The `w:date` of comments and revisions: `--date` (a day, a UTC time, or `none`), else
/// `SOURCE_DATE_EPOCH`, else now.
fn comment_date(given: Option<&str>) -> Result<Option<String>, String> {
    let invalid = |value: &str| format!("--date {value} 的写法不对：应为 2024-03-01、2024-03-01T10:00:00Z 或 none");
    match given.map(str::trim) {
        Some("none") => Ok(None),
        Some(value) => {
            let day_ok = |d: &str| {
                let parts: Vec<&str> = d.split('-').collect();
                parts.len() == 3
                    && parts[0].len() == 4
                    && parts[1].len() == 2
                    && parts[2].len() == 2
                    && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
            };
            if day_ok(value) {
                return Ok(Some(format!("{value}T00:00:00Z")));
            }
            let (day, time) = value.split_once('T').ok_or_else(|| invalid(value))?;
            let time_ok = time.len() == 9
                && time.ends_with('Z')
                && time[..8].split(':').all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()));
            if day_ok(day) && time_ok { Ok(Some(value.to_string())) } else { Err(invalid(value)) }
        }
        None => {
            let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<u64>().ok());
            let secs = epoch.unwrap_or_else(|| {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
            });
            let (year, month, day, hour, minute, second) = crate::report::audit::civil_time(secs);
            Ok(Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")))
        }
    }
}

fn usage(message: &str) -> Outcome {
    Outcome { stderr: format!("{message}\n"), code: 2, ..Outcome::default() }
}

/// Runs `work` on a pool of `threads` threads when given, else on the global pool.
fn in_pool<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
        Some(Ok(pool)) => pool.install(work),
        _ => work(),
    }
}
