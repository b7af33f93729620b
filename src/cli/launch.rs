//! How the program was started, for people who never open a terminal: double-clicked in a
//! file manager (no arguments, no terminal) it serves the page (`fazhi serve`, which opens the
//! browser); with a report dropped onto it (one argument that is a report file) it checks that
//! report and opens its result page.

use std::ffi::OsString;
use std::path::Path;

/// The arguments to run: `fazhi serve` when there are none and no terminal is attached (on
/// macOS always: Finder runs a double-clicked program in a new Terminal window);
/// `fazhi serve --open-file FILE` when the only argument is a report file (the way a file
/// manager passes a file dropped onto a program), or `fazhi check FILE` when that happens in a
/// terminal; otherwise `args` unchanged. `terminal` says whether the program runs in a
/// terminal a person types into.
#[must_use]
pub fn arguments(args: Vec<OsString>, terminal: bool) -> Vec<OsString> {
    let program = args.first().cloned().unwrap_or_else(|| OsString::from("fazhi"));
    match args.len() {
        1 if !terminal || cfg!(target_os = "macos") => vec![program, "serve".into()],
        2 if !terminal && is_dropped_report(Path::new(&args[1])) => {
            vec![program, "serve".into(), "--open-file".into(), args[1].clone()]
        }
        2 if is_dropped_report(Path::new(&args[1])) => vec![program, "check".into(), args[1].clone()],
        _ => args,
    }
}

/// Whether the standard input is a terminal a person types into. On Windows a console
/// program started from Explorer gets a console window of its own, so the console is not
/// enough: `cmd.exe` sets `PROMPT` for the programs it runs, and Explorer does not.
#[must_use]
pub fn in_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && (!cfg!(windows) || std::env::var_os("PROMPT").is_some())
}

fn is_dropped_report(path: &Path) -> bool {
    path.is_file() && super::is_report_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter().map(|a| a.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn a_double_click_serves_and_a_terminal_gets_usage() {
        assert_eq!(strings(&arguments(vec!["fazhi".into()], false)), ["fazhi", "serve"]);
        if !cfg!(target_os = "macos") {
            assert_eq!(strings(&arguments(vec!["fazhi".into()], true)), ["fazhi"]);
        }
    }

    #[test]
    fn a_dropped_report_opens_its_page_and_other_arguments_are_left_alone() {
        let report = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds/hubin-2023.txt");
        assert_eq!(
            strings(&arguments(vec!["fazhi".into(), report.into()], false)),
            ["fazhi", "serve", "--open-file", report]
        );
        assert_eq!(strings(&arguments(vec!["fazhi".into(), report.into()], true)), ["fazhi", "check", report]);
        assert_eq!(strings(&arguments(vec!["fazhi".into(), "rules".into()], false)), ["fazhi", "rules"]);
        let missing = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/no-such-report.txt");
        assert_eq!(strings(&arguments(vec!["fazhi".into(), missing.into()], false)), ["fazhi", missing]);
    }
}
