//! `fazhi report`: checks the files like `check`, then writes the audit sheets and summary.
//! Files that cannot be read are listed in the summary and make the exit code 2. The gate
//! flags and `--baseline` mean what they mean for `check`, so that a CI job's summary tells the
//! same story as its annotations.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::baseline::Baseline;
use crate::cli::Outcome;
use crate::cli::args::{AuditArgs, AuditFormat};
use crate::cli::outputs::{refuse_inputs, refuse_previous};
use crate::cli::progress::Progress;
use crate::cli::session::Session;
use crate::cli::session::apply_baseline;
use crate::render::audit::{self, AuditMeta};
use crate::write::write_atomic;

/// Reports checked between two sheet builds: a batch holds this many documents at a time, and
/// the sheets (a few kilobytes each) of the rest.
const CHUNK: usize = 64;

/// Runs `fazhi report`; `live` is standard error, where the progress of a batch is shown.
pub(crate) fn run(args: &AuditArgs, live: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::default();
    let needs_file = matches!(args.format, AuditFormat::Xlsx | AuditFormat::Csv) || args.pdf;
    if needs_file && args.output.is_none()
        || args.format == AuditFormat::Pdf && args.output.is_none() && args.split.is_none()
    {
        return Outcome::usage("这种输出要写入文件：请用 -o 指定输出文件");
    }
    if args.split.is_some() && args.format != AuditFormat::Pdf {
        return Outcome::usage("--split 只用于 --format pdf");
    }
    if args.recto && args.format != AuditFormat::Pdf {
        return Outcome::usage("--recto 只用于 --format pdf");
    }
    if args.font.is_some() && args.format != AuditFormat::Pdf {
        return Outcome::usage("--font 只用于 --format pdf");
    }
    // The font is looked for before any report is checked, so a missing one fails at once.
    let font = if args.format == AuditFormat::Pdf {
        match audit::fonts::choose(args.font.as_deref()) {
            Ok(font) => Some(font),
            Err(e) => return Outcome::usage(&e.to_string()),
        }
    } else {
        None
    };
    if args.pdf && args.format != AuditFormat::Html {
        return Outcome::usage("--pdf 只用于 --format html");
    }
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(e) => return Outcome::usage(&e.to_string()),
    };
    let overrides = match args.read.overrides(args.fail_on, args.min_score) {
        Ok(overrides) => overrides,
        Err(message) => return Outcome::usage(&message),
    };
    let Some(mut session) = Session::prepare(&args.paths, &overrides, args.jobs, &mut outcome) else { return outcome };
    match &args.previous {
        Some(previous) => {
            if let Err(message) = session.compare_with(previous) {
                return Outcome { stderr: outcome.stderr + &message + "\n", code: 2, ..Outcome::default() };
            }
        }
        None => session.pair_reports(),
    }
    if let Some(out) = &args.output {
        let mut written = vec![out.clone()];
        if args.format == AuditFormat::Csv {
            written.push(out.with_extension("findings.csv"));
        }
        if args.pdf {
            written.push(out.with_extension("pdf"));
        }
        if let Err(message) = refuse_inputs(written.iter().map(PathBuf::as_path), &session.plan.jobs)
            .and_then(|()| refuse_previous(written.iter().map(PathBuf::as_path), args.previous.as_deref()))
        {
            return Outcome { stderr: outcome.stderr + &message + "\n", code: 2, ..Outcome::default() };
        }
    }
    let total = session.plan.jobs.len();
    let terminal = crate::cli::progress::stderr_is_terminal();
    let mut progress = Progress::new(live, "正在检查", total, terminal, !args.no_progress);
    let mut sheets = Vec::new();
    // Comparing the reports with each other needs them all before the first sheet is made.
    let batch = session.checks_whole_run();
    let chunk = if batch { total.max(1) } else { CHUNK };
    for start in (0..total).step_by(chunk) {
        let mut reports = session.check_range_reporting(start..(start + chunk).min(total), &mut || progress.tick());
        if batch {
            session.compare_in_run(&mut reports);
        }
        if let (Some(baseline), Some(file)) = (&baseline, args.baseline.as_deref()) {
            apply_baseline(&mut reports, baseline, file, &session.plan.jobs, &session.plan.base);
        }
        let rules = &session.plan.base;
        let first = sheets.len() + 1;
        sheets.extend(reports.iter().enumerate().map(|(i, entry)| {
            let mut sheet = audit::sheet(first + i, entry, rules);
            if let Some(block) = &mut sheet.previous {
                block.report = session.previous_name(&entry.path).map(str::to_owned);
            }
            sheet
        }));
    }
    // Ends the progress line before the closing lines.
    drop(progress);
    session.sort_errors();
    let rules = &session.plan.base;
    // `SOURCE_DATE_EPOCH` fixes the run's time, so a PDF can be made again byte for byte.
    let now = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    });
    let meta = AuditMeta {
        checked_at: audit::beijing_time(now),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pack: format!("{} {}", rules.pack.name, rules.pack.version),
    };
    let mut built = audit::assemble(sheets, &session.errors, rules, meta);
    built.similar = audit::similar_rows(&session.comparisons);
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
        (AuditFormat::Pdf, out) => {
            match pdf_outputs(&built, out.as_deref(), args.split.as_deref(), font.as_ref(), now, args.recto) {
                Ok(outputs) => outputs,
                Err(message) => {
                    outcome.stderr.push_str(&format!("{message}\n"));
                    outcome.code = 2;
                    return outcome;
                }
            }
        }
        (AuditFormat::Xlsx | AuditFormat::Csv, None) => Vec::new(),
    };
    if args.split.is_some()
        && let Err(message) = refuse_inputs(outputs.iter().map(|(p, _)| p.as_path()), &session.plan.jobs)
    {
        outcome.stderr.push_str(&format!("{message}\n"));
        outcome.code = 2;
        return outcome;
    }
    for (path, bytes) in &outputs {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            outcome.stderr.push_str(&format!("无法建立目录 {}：{e}\n", dir.display()));
            outcome.code = 2;
            return outcome;
        }
        if let Err(e) = write_atomic(path, bytes) {
            outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", path.display()));
            outcome.code = 2;
            return outcome;
        }
        if args.split.is_none() || args.output.as_deref() == Some(path.as_path()) {
            outcome.stderr.push_str(&format!("已写出 {}\n", path.display()));
        }
    }
    if let Some(dir) = &args.split {
        let n = outputs.len() - usize::from(args.output.is_some());
        outcome.stderr.push_str(&format!("已在 {} 写出{n}个 PDF 文件（汇总和每份报告的审核单）\n", dir.display()));
    }
    if args.pdf
        && let Some(html) = &args.output
    {
        let pdf = html.with_extension("pdf");
        match audit::pdf::print(html, args.browser.as_deref(), built.sheets.len()) {
            Ok(bytes) => match write_atomic(&pdf, bytes) {
                Ok(()) => outcome.stderr.push_str(&format!("已写出 {}\n", pdf.display())),
                Err(e) => {
                    outcome.stderr.push_str(&format!("无法写入 {}：{e}\n", pdf.display()));
                    outcome.code = 2;
                }
            },
            Err(e) => {
                outcome.stderr.push_str(&format!("{e}\n"));
                if matches!(e, audit::pdf::PdfError::Failed { .. }) {
                    outcome.code = 2;
                }
            }
        }
    }
    outcome.stderr.push_str(&session.unreadable("无法检查"));
    outcome.stderr.push_str(&format!(
        "共 {} 份报告生成审核单，{} 个文件无法读取\n",
        built.sheets.len(),
        session.errors.len()
    ));
    if session.exit_code(false) == 2 {
        outcome.code = 2;
    }
    outcome
}

/// The PDFs of `--format pdf`: the whole audit to `out`, and with `--split` the summary and one
/// file per sheet in that folder.
fn pdf_outputs(
    built: &audit::Audit,
    out: Option<&Path>,
    split: Option<&Path>,
    font: Option<&audit::fonts::FontChoice>,
    now: u64,
    recto: bool,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let font = font.ok_or_else(|| audit::fonts::FontError::NotFound.to_string())?;
    let mut outputs = Vec::new();
    if let Some(out) = out {
        outputs.push((out.to_path_buf(), audit::native::render(built, font, now, recto).map_err(|e| e.to_string())?));
    }
    if let Some(dir) = split {
        let files: Vec<&str> = built.sheets.iter().map(|s| s.file.as_str()).collect();
        let (summary_name, names) = audit::native::split_names(&built.titles.summary, &files);
        outputs.push((
            dir.join(summary_name),
            audit::native::render_summary(built, font, now).map_err(|e| e.to_string())?,
        ));
        for (sheet, name) in built.sheets.iter().zip(names) {
            outputs.push((
                dir.join(name),
                audit::native::render_sheet(built, sheet, font, now).map_err(|e| e.to_string())?,
            ));
        }
    }
    Ok(outputs)
}
