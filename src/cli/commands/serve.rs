//! `fazhi serve`: the local page and HTTP API (`crate::serve`). This command turns the options
//! into the server's limits and settings, binds the address, says where the page is (as it
//! happens, on the writer `main` gives it), opens the browser and serves until Ctrl-C.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::cli::Outcome;
use crate::cli::args::{ServeArgs, locate_pack};
use crate::serve::{self, Limits, Settings, Setup, browser, loopback_hosts};

/// Runs `fazhi serve`; the start-up lines go to `live` as soon as the server listens.
pub(crate) fn run(args: &ServeArgs, live: &mut dyn Write) -> Outcome {
    if let Some(token) = &args.token
        && (token.len() < 8 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Outcome::usage("--token 至少8个字符，只能用字母、数字、- 和 _");
    }
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack,
        Err(message) => return Outcome::usage(&message),
    };
    let initial = match &args.open_file {
        Some(path) => match crate::source::read_bounded(path) {
            Ok(bytes) => {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                Some((name, bytes))
            }
            Err(e) => return Outcome::usage(&format!("无法读取 {}：{e}", path.display())),
        },
        None => None,
    };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZero::get));
    let limits = Limits {
        max_file_bytes: usize::try_from(args.max_file_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX),
        max_files: args.max_files.max(1),
        workers: jobs.max(1),
        queue: args.queue,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let header_timeout = limits.timeout;
    let listener = match std::net::TcpListener::bind(SocketAddr::new(args.host, args.port)) {
        Ok(listener) => listener,
        Err(e) => {
            return Outcome::usage(&format!(
                "无法监听 {}:{}：{}",
                args.host,
                args.port,
                crate::diagnostic::io_error(&e)
            ));
        }
    };
    let port = match listener.local_addr() {
        Ok(address) => address.port(),
        Err(e) => return Outcome::usage(&format!("无法监听：{}", crate::diagnostic::io_error(&e))),
    };
    let settings = Settings {
        limits,
        token: args.token.clone(),
        allowed_hosts: args.host.is_loopback().then(|| loopback_hosts(port)),
        initial,
    };
    let setup = Setup { config: args.config.clone(), pack, rule_dirs: args.rule_dirs.clone() };
    let app = match serve::build(&setup, settings, live) {
        Ok(app) => app,
        Err(message) => return Outcome { stderr: message, code: 2, ..Outcome::default() },
    };
    let shown_host = if args.host.is_unspecified() { IpAddr::from([127, 0, 0, 1]) } else { args.host };
    let mut url = format!("http://{}/", SocketAddr::new(shown_host, port));
    if let Some(token) = &args.token {
        url.push_str(&format!("?token={token}"));
    }
    let _ = writeln!(live, "fazhi 检查页面：{url}");
    if !args.host.is_loopback() {
        let _ = writeln!(
            live,
            "警告：正在监听 {}，同一网络中的其他电脑都能访问这个页面{}。只在单位内网中这样做。",
            args.host,
            if args.token.is_some() { "（需要口令）" } else { "；建议加上 --token 设置访问口令" }
        );
    }
    let _ = writeln!(live, "上传的报告只在内存中检查，不保存、不记录。关闭这个窗口或按 Ctrl+C 停止。");
    let _ = writeln!(live, "（命令行用法：fazhi --help）");
    if !args.no_open && !browser::open_browser(&url) {
        let _ = writeln!(live, "没能自动打开浏览器，请手动打开上面的网址。");
    }
    let _ = live.flush();
    match serve::run(listener, app, header_timeout) {
        Ok(()) => Outcome { stderr: "已停止。\n".to_string(), ..Outcome::default() },
        Err(message) => Outcome { stderr: format!("{message}\n"), code: 2, ..Outcome::default() },
    }
}
