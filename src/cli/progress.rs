//! Progress of a long run on standard error: `正在检查 120/320`. On a terminal one line is
//! redrawn in place with a bar; in a log (CI, a file) a line is written at every tenth of the
//! way, so a log of a run over 320 reports gets ten lines, not 320. Runs of fewer than
//! [`MIN_FILES`] files show nothing: they end before anyone would wonder.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether standard error is a terminal, as `main` (the one code that touches it) says.
static STDERR_TERMINAL: AtomicBool = AtomicBool::new(false);

/// Records whether standard error is a terminal; `main` calls it before running a command.
pub fn set_stderr_terminal(terminal: bool) {
    STDERR_TERMINAL.store(terminal, Ordering::Relaxed);
}

/// Whether standard error is a terminal (false unless `main` said so).
pub(crate) fn stderr_is_terminal() -> bool {
    STDERR_TERMINAL.load(Ordering::Relaxed)
}

/// Fewest files for which progress is shown.
pub(crate) const MIN_FILES: usize = 10;

/// Width of the bar in characters.
const BAR: usize = 24;

/// Least time between two redraws of the terminal line.
const REDRAW: Duration = Duration::from_millis(80);

/// Progress of one step (checking, printing) over `total` items.
pub(crate) struct Progress<'a> {
    out: &'a mut dyn Write,
    label: &'static str,
    total: usize,
    done: usize,
    terminal: bool,
    shown: bool,
    last_tenth: usize,
    last_draw: Option<Instant>,
}

impl<'a> Progress<'a> {
    /// Progress written to `out` (standard error); `terminal` says whether it is one. Nothing
    /// is written when `enabled` is false or `total` is below [`MIN_FILES`].
    pub(crate) fn new(
        out: &'a mut dyn Write,
        label: &'static str,
        total: usize,
        terminal: bool,
        enabled: bool,
    ) -> Self {
        Self {
            out,
            label,
            total,
            done: 0,
            terminal,
            shown: enabled && total >= MIN_FILES,
            last_tenth: 0,
            last_draw: None,
        }
    }

    /// One more item is done.
    pub(crate) fn tick(&mut self) {
        self.done = (self.done + 1).min(self.total);
        if !self.shown {
            return;
        }
        if self.terminal {
            let due = self.last_draw.is_none_or(|at| at.elapsed() >= REDRAW);
            if due || self.done == self.total {
                self.last_draw = Some(Instant::now());
                let _ = write!(self.out, "\r{}", line(self.label, self.done, self.total, true));
                let _ = self.out.flush();
            }
            return;
        }
        let tenth = self.done * 10 / self.total;
        if tenth > self.last_tenth {
            self.last_tenth = tenth;
            let _ = writeln!(self.out, "{}", line(self.label, self.done, self.total, false));
        }
    }

    /// Ends the terminal line, so what comes next starts on its own line.
    pub(crate) fn finish(&mut self) {
        if self.shown && self.terminal && self.last_draw.is_some() {
            let _ = writeln!(self.out);
        }
        self.shown = false;
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `正在检查 120/320`, with a bar and the share on a terminal.
fn line(label: &str, done: usize, total: usize, bar: bool) -> String {
    if !bar {
        return format!("{label} {done}/{total}");
    }
    let filled = done * BAR / total.max(1);
    format!(
        "{label} [{}{}] {done}/{total}（{}%）",
        "█".repeat(filled),
        "░".repeat(BAR - filled),
        done * 100 / total.max(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(total: usize, terminal: bool) -> String {
        let mut out = Vec::new();
        {
            let mut progress = Progress::new(&mut out, "正在检查", total, terminal, true);
            for _ in 0..total {
                progress.tick();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_log_gets_a_line_at_every_tenth() {
        let log = run(320, false);
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 10, "{log}");
        assert_eq!(lines[0], "正在检查 32/320");
        assert_eq!(lines[9], "正在检查 320/320");
    }

    #[test]
    fn a_terminal_gets_one_line_redrawn_and_ended() {
        let shown = run(50, true);
        assert!(shown.starts_with("\r正在检查 ["));
        assert!(shown.ends_with("] 50/50（100%）\n"), "{shown}");
        assert_eq!(shown.matches('\n').count(), 1);
    }

    #[test]
    fn short_runs_and_disabled_progress_show_nothing() {
        assert_eq!(run(MIN_FILES - 1, false), "");
        let mut out = Vec::new();
        let mut progress = Progress::new(&mut out, "正在检查", 100, false, false);
        progress.tick();
        drop(progress);
        assert!(out.is_empty());
    }
}
