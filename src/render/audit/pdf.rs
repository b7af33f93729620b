//! `--pdf`: prints the HTML audit to PDF with a headless Edge, Chrome or Chromium: the one
//! `--browser` names, else the first found on PATH or where Windows and macOS install them. The
//! browser runs with a throw-away profile in a private temporary folder, no network services
//! and a time limit, and prints into that folder; the command writes the PDF where it belongs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Browser programs looked for on PATH, in order (Linux names, then the Windows ones).
const ON_PATH: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge.exe",
    "chrome.exe",
];

/// Where Windows installs Edge and Chrome, under one of the folders the environment names.
const WINDOWS: &[(&str, &str)] = &[
    ("ProgramFiles(x86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("ProgramFiles", r"Microsoft\Edge\Application\msedge.exe"),
    ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
    ("ProgramFiles(x86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Chromium\Application\chrome.exe"),
];

/// Where macOS keeps the browsers' programs, in /Applications or the user's ~/Applications.
const MACOS: &[&str] = &[
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "Chromium.app/Contents/MacOS/Chromium",
];

/// Time a print may take at least; each sheet adds [`PER_SHEET`], so a batch of hundreds is
/// never stopped for being large.
const BASE_TIMEOUT: Duration = Duration::from_mins(1);

/// Time added for each sheet of the audit.
const PER_SHEET: Duration = Duration::from_secs(3);

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No headless browser on PATH.
    #[error(
        "没有找到 Edge、Chrome 或 Chromium，未生成 PDF（已安装的可用 --browser 指定其程序文件）。请用浏览器打开 {html}，按 Ctrl+P（Mac 为 ⌘+P）打印，目标选“另存为 PDF”，纸张 A4、纵向，边距“默认”，勾选“背景图形”以保留标注底色。"
    )]
    NoBrowser {
        /// The HTML file to print by hand.
        html: String,
    },
    /// The browser ran but failed or produced nothing.
    #[error("用 {browser} 生成 PDF 失败：{reason}")]
    Failed {
        /// The browser run.
        browser: String,
        /// What went wrong.
        reason: String,
    },
}

/// The browsers that may print, in the order they are tried: PATH, then the places Windows
/// and macOS install Edge, Chrome and Chromium. `var` reads the environment (a parameter so
/// that every platform's list can be tested on any).
#[must_use]
pub fn candidates(var: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    if let Some(path) = var("PATH") {
        for dir in std::env::split_paths(&path) {
            found.extend(ON_PATH.iter().map(|name| dir.join(name)));
        }
    }
    for (folder, program) in WINDOWS {
        if let Some(base) = var(folder) {
            // Windows paths are joined with the separator Windows reads, on any platform.
            let mut joined = base.to_string_lossy().trim_end_matches(['\\', '/']).to_string();
            joined.push('\\');
            joined.push_str(program);
            found.push(PathBuf::from(joined));
        }
    }
    let mut apps = vec![PathBuf::from("/Applications")];
    if let Some(home) = var("HOME") {
        apps.push(PathBuf::from(home).join("Applications"));
    }
    for dir in &apps {
        found.extend(MACOS.iter().map(|program| dir.join(program)));
    }
    found
}

/// The first browser found (`candidates` in order), unless `chosen` names one.
#[must_use]
pub fn find_browser(chosen: Option<&Path>) -> Option<PathBuf> {
    if let Some(chosen) = chosen {
        return Some(chosen.to_path_buf());
    }
    candidates(&|name| std::env::var_os(name)).into_iter().find(|candidate| candidate.is_file())
}

/// Prints `html` (a file) with a headless browser and returns the PDF's bytes; the browser
/// writes into its own private temporary folder, and the caller writes the file.
///
/// # Errors
/// `NoBrowser` with instructions for printing by hand, or `Failed` when the browser fails,
/// times out or writes no PDF. `browser` is the one the user chose (`--browser`), if any;
/// `sheets` (the number of sheets to print) sets the time limit.
pub fn print(html: &Path, browser: Option<&Path>, sheets: usize) -> Result<Vec<u8>, PdfError> {
    let timeout = BASE_TIMEOUT + PER_SHEET * u32::try_from(sheets).unwrap_or(u32::MAX);
    if let Some(chosen) = browser.filter(|b| !b.is_file()) {
        return Err(PdfError::Failed {
            browser: chosen.display().to_string(), reason: "找不到这个程序".to_string()
        });
    }
    let Some(browser) = find_browser(browser) else {
        return Err(PdfError::NoBrowser { html: html.display().to_string() });
    };
    let failed = |reason: String| PdfError::Failed { browser: browser.display().to_string(), reason };
    let html = std::path::absolute(html).map_err(|e| failed(e.to_string()))?;
    // A private folder (0700, a random name, created exclusively): the browser's profile and
    // the PDF it prints, out of reach of links planted in a shared temporary folder.
    let profile = tempfile::Builder::new()
        .prefix("fazhi-pdf-")
        .tempdir()
        .map_err(|e| failed(format!("无法建立临时目录：{e}")))?;
    let pdf = profile.path().join("print.pdf");
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(&html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!("超过{}秒仍未完成，已停止", timeout.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(failed(e.to_string())),
        }
    };
    match std::fs::read(&pdf) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        _ => Err(failed(format!("浏览器退出（{status}），没有写出 PDF"))),
    }
}

/// A `file://` URL for an absolute path, with the bytes a URL cannot hold percent-encoded.
#[must_use]
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(char::from(*byte)),
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_looked_for_where_each_system_installs_them() {
        let env = |name: &str| -> Option<std::ffi::OsString> {
            match name {
                "PATH" => Some("/usr/bin".into()),
                "ProgramFiles(x86)" => Some(r"C:\Program Files (x86)".into()),
                "ProgramFiles" => Some(r"C:\Program Files\".into()),
                "LOCALAPPDATA" => Some(r"C:\Users\张三\AppData\Local".into()),
                "HOME" => Some("/Users/zhang".into()),
                _ => None,
            }
        };
        let all: Vec<String> = candidates(&env).iter().map(|p| p.display().to_string()).collect();
        assert_eq!(all[0], "/usr/bin/chromium");
        assert!(all.contains(&"/usr/bin/microsoft-edge".to_string()));
        let edge = all.iter().position(|p| p == r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe");
        let chrome = all.iter().position(|p| p == r"C:\Program Files\Google\Chrome\Application\chrome.exe");
        assert!(edge.unwrap() < chrome.unwrap(), "Edge, which every Windows 10 and 11 has, comes first");
        assert!(all.contains(&r"C:\Users\张三\AppData\Local\Google\Chrome\Application\chrome.exe".to_string()));
        assert!(all.contains(&"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge".to_string()));
        assert!(all.contains(&"/Users/zhang/Applications/Google Chrome.app/Contents/MacOS/Google Chrome".to_string()));
    }

    #[test]
    fn a_chosen_browser_is_used_as_given() {
        assert_eq!(find_browser(Some(Path::new("/opt/edge/msedge"))), Some(PathBuf::from("/opt/edge/msedge")));
    }

    #[test]
    fn file_urls_encode_spaces_and_chinese() {
        assert_eq!(file_url(Path::new("/tmp/审核 单.html")), "file:///tmp/%E5%AE%A1%E6%A0%B8%20%E5%8D%95.html");
    }
}
