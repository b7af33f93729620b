//! Opening the user's default browser at the page: the one program `fazhi serve` starts.

use std::process::{Command, Stdio};

/// Opens `url` in the default browser; false when no opener could be started.
#[must_use]
pub fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().is_ok()
}
