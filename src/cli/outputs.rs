//! Where `fazhi check` sends each format: `--format`/`--output` pairs matched in command-line
//! order, and the delivery of each text to standard output or its file.

use std::path::{Path, PathBuf};

use clap::ArgMatches;

use super::Outcome;
use super::args::CheckFormat;
use super::plan::Job;
use crate::write;

/// Where one output format goes: standard output or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Destination {
    pub(crate) format: CheckFormat,
    pub(crate) file: Option<PathBuf>,
}

/// Pairs each `--output FILE` with the `--format` given just before it, in command-line order:
/// `--format sarif --output a.sarif --format human` sends SARIF to a.sarif and the human format
/// to standard output. Without `--format`, one `--output` takes the human format. An `--output`
/// before every `--format`, two for one format, two formats on standard output or two formats
/// in one file are usage errors.
pub(crate) fn destinations(matches: Option<&ArgMatches>) -> Result<Vec<Destination>, String> {
    let Some(matches) = matches else { return Ok(vec![Destination { format: CheckFormat::Human, file: None }]) };
    let formats = matches.get_many::<CheckFormat>("format").into_iter().flatten().copied();
    let format_at = matches.indices_of("format").into_iter().flatten();
    let outputs = matches.get_many::<PathBuf>("output").into_iter().flatten().cloned();
    let output_at = matches.indices_of("output").into_iter().flatten();
    let mut events: Vec<(usize, Result<CheckFormat, PathBuf>)> =
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
                None if !any_format => chosen.push(Destination { format: CheckFormat::Human, file: Some(file) }),
                None => return Err(format!("--output {} 要写在它对应的 --format 之后", file.display())),
            },
        }
    }
    if chosen.is_empty() {
        chosen.push(Destination { format: CheckFormat::Human, file: None });
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

/// An output file that is one of the reports of the run (the same file, whatever the path
/// or a hard link) is refused before anything is checked: `fazhi check -o 报告.txt 报告.txt`
/// would replace the report with the diagnostics.
pub(crate) fn refuse_inputs<'a>(outputs: impl IntoIterator<Item = &'a Path>, jobs: &[Job]) -> Result<(), String> {
    for output in outputs {
        if let Some(job) = jobs.iter().find(|job| write::same_file(output, &job.path)) {
            return Err(format!(
                "不能把结果写入 {}：它是要检查的报告之一（{}）；请换一个输出文件",
                output.display(),
                job.path.display()
            ));
        }
    }
    Ok(())
}

/// Refuses an output file that is the previous year's report of `--previous` (inputs are
/// never written).
///
/// # Errors
/// The message naming the file.
pub(crate) fn refuse_previous<'a>(
    outputs: impl IntoIterator<Item = &'a Path>,
    previous: Option<&Path>,
) -> Result<(), String> {
    let Some(previous) = previous else { return Ok(()) };
    match outputs.into_iter().find(|output| write::same_file(output, previous)) {
        Some(output) => {
            Err(format!("不能把结果写入 {}：它是 --previous 给出的上一年度报告；请换一个输出文件", output.display()))
        }
        None => Ok(()),
    }
}

/// Sends one destination's text to standard output or its file; false when the file could not
/// be written (the reason is on standard error).
pub(crate) fn deliver(outcome: &mut Outcome, destination: &Destination, text: &str) -> bool {
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
