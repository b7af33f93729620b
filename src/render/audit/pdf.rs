//! `--pdf`: prints the HTML audit to PDF with a headless Chromium when one is on PATH. The
//! browser runs with a throw-away profile in a private temporary folder, no network services
//! and a time limit, and prints into that folder; the command writes the PDF where it belongs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Browser executables tried, in order.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// Longest a print may take before the browser is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No headless browser on PATH.
    #[error(
        "没有找到 Chromium 或 Chrome，未生成 PDF。请用浏览器打开 {html}，按 Ctrl+P（Mac 为 ⌘+P）打印，目标选“另存为 PDF”，纸张 A4、纵向，边距“默认”，勾选“背景图形”以保留标注底色。"
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

/// The first headless browser found on PATH.
#[must_use]
pub fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Prints `html` (a file) with a headless browser and returns the PDF's bytes; the browser
/// writes into its own private temporary folder, and the caller writes the file.
///
/// # Errors
/// `NoBrowser` with instructions for printing by hand, or `Failed` when the browser fails,
/// times out or writes no PDF.
pub fn print(html: &Path) -> Result<Vec<u8>, PdfError> {
    let Some(browser) = find_browser() else {
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
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!("超过{}秒仍未完成，已停止", TIMEOUT.as_secs())));
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
    fn file_urls_encode_spaces_and_chinese() {
        assert_eq!(file_url(Path::new("/tmp/审核 单.html")), "file:///tmp/%E5%AE%A1%E6%A0%B8%20%E5%8D%95.html");
    }
}
