//! The `fazhi` binary: runs the command line and prints what it returns.

use std::io::Write;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Double-clicked, or given a report dropped onto it: open the page instead of printing usage.
    #[cfg(feature = "serve")]
    let args = fazhi::serve::launch::arguments(args, fazhi::serve::launch::in_terminal());
    let outcome = fazhi::cli::run(args);
    // A closed pipe (`fazhi check … | head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().lock().write_all(outcome.stderr.as_bytes());
    std::process::exit(outcome.code);
}
