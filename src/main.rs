//! The `fazhi` binary: runs the command line and prints what it returns.

use std::io::{IsTerminal, Write};

fn main() {
    // `run_main` opens the page when the program is double-clicked or given a report dropped
    // onto it; `fazhi serve` writes its start-up lines to standard error as it runs.
    // `fazhi check` writes its output to standard output as it checks.
    fazhi::cli::progress::set_stderr_terminal(std::io::stderr().is_terminal());
    let mut stdout = std::io::stdout();
    let outcome = fazhi::cli::run_main(std::env::args_os().collect(), &mut std::io::stderr(), &mut stdout);
    // A closed pipe (`fazhi check … | head`) is not an error worth a message.
    let _ = stdout.lock().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().lock().write_all(outcome.stderr.as_bytes());
    std::process::exit(outcome.code);
}
