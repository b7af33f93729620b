//! `fazhi annotate` (and `fazhi fix` for .docx): writes each Word file back as a copy with the
//! findings as comments and, when asked, the safe fixes as tracked changes. The work is in
//! `crate::annotate`; this is where the files are found, named, written and reported.
//!
//! **Invariant:** an input is never written: every copy goes to its own name (`NAME.fazhi.docx`
//! or `-o`), never onto an input, through `write::write_atomic`, and an existing copy is
//! replaced only with `--force`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::annotate::{Settings, annotate_docx};
use crate::cli::Outcome;
use crate::cli::args::{AnnotateArgs, AnnotateFormat};
use crate::cli::plan::Job;
use crate::cli::session::Session;
use crate::document::readers::{ReaderKind, read_input, sniff};
use crate::render;
use crate::results::{AnnotatedFile, FileError};

/// The suffix of an annotated copy: `报告.docx` → `报告.fazhi.docx`.
pub(crate) const COPY_SUFFIX: &str = ".fazhi.docx";

/// `fazhi annotate`.
pub(crate) fn run(args: &AnnotateArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let date = match comment_date(args.date.as_deref()) {
        Ok(date) => date,
        Err(message) => return Outcome::usage(&message),
    };
    let settings = Settings { author: args.author.clone(), date, comments: true, revisions: args.fix };
    let overrides = match args.read.overrides(None, None) {
        Ok(overrides) => overrides,
        Err(message) => return Outcome::usage(&message),
    };
    let Some(mut session) = Session::prepare(&args.paths, &overrides, None, &mut outcome) else { return outcome };
    let jobs = word_jobs(&session.plan.jobs, &args.paths);
    session.errors.extend(jobs.refused);
    let to_dir = args.output.as_ref().is_some_and(|o| {
        o.is_dir()
            || o.to_string_lossy().ends_with(['/', '\\'])
            || jobs.word.len() > 1
            || args.paths.iter().any(|p| p.is_dir())
    });
    let outputs = match outputs(&jobs.word, args.output.as_deref(), to_dir) {
        Ok(outputs) => outputs,
        Err(message) => return Outcome::usage(&message),
    };
    let inputs: Vec<&Path> = session.plan.jobs.iter().map(|j| j.path.as_path()).collect();
    let results = in_pool(args.jobs, || {
        jobs.word
            .par_iter()
            .zip(&outputs)
            .map(|(job, output)| annotate_one(job, output, &settings, args.force, false, &inputs))
            .collect::<Vec<_>>()
    });
    let mut done = Vec::new();
    for result in results {
        match result {
            Ok(one) => done.push(one),
            Err(error) => session.errors.push(error),
        }
    }
    session.sort_errors();
    match args.format {
        AnnotateFormat::Human => {
            for one in &done {
                outcome.stdout.push_str(&written_line(one));
            }
            outcome.stdout.push_str(&session.unreadable("无法批注"));
        }
        AnnotateFormat::Json => outcome.stdout = render::annotate::json(&done, &session.errors),
    }
    outcome.code = session.exit_code(false);
    outcome
}

/// `fazhi fix` on a .docx: the safe fixes as tracked changes in `NAME.fazhi.docx`; with
/// `show_diff` nothing is written. Returns the lines to print.
pub(crate) fn fix_docx(job: &Job, show_diff: bool, force: bool) -> Result<String, FileError> {
    let output = copy_name(&job.path);
    let settings = Settings {
        author: "fazhi".to_string(),
        date: comment_date(None).map_err(|message| FileError { path: job.path.clone(), message })?,
        comments: false,
        revisions: true,
    };
    let one = annotate_one(job, &output, &settings, force, show_diff, &[])?;
    Ok(render::annotate::fix_summary(&one, show_diff))
}

/// The jobs to annotate: Word files, and text files named on the command line; a refusal for
/// each other file named there (other files found in a folder are left alone, as are fazhi's
/// own copies).
struct WordJobs<'a> {
    word: Vec<&'a Job>,
    refused: Vec<FileError>,
}

fn word_jobs<'a>(jobs: &'a [Job], named: &[PathBuf]) -> WordJobs<'a> {
    let mut out = WordJobs { word: Vec::new(), refused: Vec::new() };
    let has = |job: &Job, ext: &str| job.path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    for job in jobs {
        let explicit = named.contains(&job.path);
        let is_copy = job.path.to_string_lossy().ends_with(COPY_SUFFIX);
        // A folder gives its Word files; a text file becomes a Word copy only when named.
        if (has(job, "docx") && (explicit || !is_copy)) || (has(job, "txt") && explicit) {
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
fn outputs(jobs: &[&Job], output: Option<&Path>, to_dir: bool) -> Result<Vec<PathBuf>, String> {
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
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("无法创建目录 {}：{}", dir.display(), crate::diagnostic::io_error(&e)))?;
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
    job: &Job,
    output: &Path,
    settings: &Settings,
    force: bool,
    dry_run: bool,
    inputs: &[&Path],
) -> Result<AnnotatedFile, FileError> {
    let fail = |message: String| FileError { path: job.path.clone(), message };
    if crate::write::same_file(&job.path, output) || inputs.iter().any(|i| crate::write::same_file(i, output)) {
        return Err(fail(format!("输出文件 {} 就是输入文件；fazhi 不改动原文件", output.display())));
    }
    if !dry_run && !force && output.exists() {
        return Err(fail(format!("{} 已存在；要覆盖请加 --force", output.display())));
    }
    let mut bytes = read_input(&job.path).map_err(|e| fail(e.to_string()))?;
    match sniff(&job.path, &bytes) {
        ReaderKind::Zip => {}
        // A plain-text report becomes a new Word document, annotated like any other.
        ReaderKind::Text if !bytes.starts_with(b"\xD0\xCF\x11\xE0") => {
            let source = crate::source::SourceFile::decode(&job.path, &bytes, job.options.encoding.as_deref())
                .map_err(|e| fail(e.to_string()))?;
            bytes = crate::annotate::docx_of_text(&source.text);
        }
        _ if bytes.starts_with(b"\xD0\xCF\x11\xE0") => {}
        _ => return Err(fail("这不是 Word 文档（.docx）或纯文本（.txt）".to_string())),
    }
    let others = job.others();
    let check = job.annotate_check(&others);
    let annotated = annotate_docx(&job.path, &bytes, check, settings).map_err(|e| fail(e.to_string()))?;
    let mut written = false;
    if !dry_run && let Some(copy) = &annotated.bytes {
        crate::write::write_atomic(output, copy).map_err(|e| fail(format!("无法写入 {}：{e}", output.display())))?;
        written = true;
    }
    Ok(AnnotatedFile { input: job.path.clone(), output: output.to_path_buf(), annotated, written })
}

/// What `annotate` says about one copy it wrote.
fn written_line(one: &AnnotatedFile) -> String {
    let a = &one.annotated;
    let comments = a.comments.len().saturating_sub(1);
    let mut line = format!("{}：已写出 {}，批注{comments}条", one.input.display(), one.output.display());
    if a.unplaced + a.overflow > 0 {
        let _ = write!(line, "（另有{}条列在标题处的小结批注中）", a.unplaced + a.overflow);
    }
    if !a.revisions.is_empty() || a.revisions_skipped > 0 {
        let _ = write!(line, "，修订{}处", a.revisions.len());
    }
    if a.revisions_skipped > 0 {
        let _ = write!(line, "（{}处无法写成修订）", a.revisions_skipped);
    }
    if a.placeholders > 0 {
        let _ = write!(line, "；原文有{}处没有内容的批注标记，已补上说明", a.placeholders);
    }
    let _ = write!(line, "；得分 {:.1}（{}）", a.checked.score.total, a.checked.score.grade_explained());
    line.push('\n');
    line
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
            let (year, month, day, hour, minute, second) = crate::render::audit::civil_time(secs);
            Ok(Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")))
        }
    }
}

/// Runs `work` on a pool of `threads` threads when given, else on the global pool.
fn in_pool<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
        Some(Ok(pool)) => pool.install(work),
        _ => work(),
    }
}
