//! The `fazhi` binary: runs the command line and prints what it returns.

use std::io::Write;

fn main() {
    let outcome = fazhi::cli::run(std::env::args_os());
    // A closed pipe (`fazhi check … | head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().lock().write_all(outcome.stderr.as_bytes());
    std::process::exit(outcome.code);
}
