//! `fazhi serve`: a local web page for drafting staff and inspection offices, and an HTTP API
//! for other systems, served by the same binary with its assets embedded.
//!
//! `app` builds the axum `Router` (routes, limits, headers, token); `api` holds the handlers;
//! `upload` reads multipart and raw uploads; `view` turns a checked report into what the page
//! shows; `error` is the JSON error with its stable code; `launch` decides what a double-click
//! or a dropped file means and opens the browser; `listen` is the accept loop. This file parses
//! the options, binds, prints the address and shuts down on Ctrl-C.
//!
//! **Invariant:** nothing is written to disk and no report text is logged: uploads live in
//! memory for one request, the router has no logger, and the only lines written are the
//! start-up and shutdown lines of `run`.

mod api;
mod app;
mod error;
pub mod launch;
mod listen;
mod upload;
mod view;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use app::router;
pub use app::{CSP, Limits, Settings, loopback_hosts};

/// Options of `fazhi serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// 监听的地址；在单位内网提供服务时用 0.0.0.0（会给出警告，建议同时设置 --token）
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    host: IpAddr,
    /// 端口（默认 0：自动选一个空闲端口）
    #[arg(long, default_value_t = 0, value_name = "N")]
    port: u16,
    /// 不自动打开浏览器
    #[arg(long)]
    no_open: bool,
    /// 访问口令：每个请求都要带上（网址中 ?token=…，或请求头 Authorization: Bearer …）
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// 用于每份上传报告的配置文件（fazhi.toml）
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 额外的规则目录（可多次给出）
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// 每个文件的大小上限（MB）
    #[arg(long, default_value_t = 20, value_name = "MB")]
    max_file_mb: u64,
    /// 每次请求的文件数上限
    #[arg(long, default_value_t = 50, value_name = "N")]
    max_files: usize,
    /// 同时检查的报告数（默认等于 CPU 核数）；更多的请求排队
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// 排队等待的请求数上限；再多的请求立即得到 503（服务器繁忙）
    #[arg(long, default_value_t = 32, value_name = "N")]
    queue: usize,
    /// 每个请求的时限（秒），超过得到 408
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    timeout: u64,
    /// 启动后检查这个文件并打开它的结果页（把报告拖到 fazhi 上时使用）
    #[arg(long, value_name = "FILE", hide = true)]
    open_file: Option<PathBuf>,
}

/// Runs the server until Ctrl-C; start-up and shutdown lines go to `log`. Returns the exit code.
pub fn run(args: &ServeArgs, log: &mut dyn Write) -> i32 {
    match start(args, log) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(log, "{message}");
            2
        }
    }
}

fn start(args: &ServeArgs, log: &mut dyn Write) -> Result<(), String> {
    if let Some(token) = &args.token
        && (token.len() < 8 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err("--token 至少 8 个字符，只能用字母、数字、- 和 _".to_string());
    }
    let initial = match &args.open_file {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            Some((name, bytes))
        }
        None => None,
    };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZero::get));
    let limits = Limits {
        max_file_bytes: args.max_file_mb.saturating_mul(1024 * 1024) as usize,
        max_files: args.max_files.max(1),
        workers: jobs.max(1),
        queue: args.queue,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let header_timeout = limits.timeout;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动服务：{e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port))
            .await
            .map_err(|e| format!("无法监听 {}:{}：{e}", args.host, args.port))?;
        let address = listener.local_addr().map_err(|e| format!("无法监听：{e}"))?;
        let settings = Settings {
            limits,
            token: args.token.clone(),
            allowed_hosts: args.host.is_loopback().then(|| app::loopback_hosts(address.port())),
            initial,
        };
        let app = build(args.config.clone(), args.rule_dirs.clone(), settings, log)?;
        let shown_host = if args.host.is_unspecified() { IpAddr::from([127, 0, 0, 1]) } else { args.host };
        let mut url = format!("http://{}/", SocketAddr::new(shown_host, address.port()));
        if let Some(token) = &args.token {
            url.push_str(&format!("?token={token}"));
        }
        let _ = writeln!(log, "fazhi 检查页面：{url}");
        if !args.host.is_loopback() {
            let _ = writeln!(
                log,
                "警告：正在监听 {}，同一网络中的其他电脑都能访问这个页面{}。只在单位内网中这样做。",
                args.host,
                if args.token.is_some() { "（需要口令）" } else { "；建议加上 --token 设置访问口令" }
            );
        }
        let _ = writeln!(log, "上传的报告只在内存中检查，不保存、不记录。关闭这个窗口或按 Ctrl+C 停止。");
        let _ = writeln!(log, "（命令行用法：fazhi --help）");
        if !args.no_open && !launch::open_browser(&url) {
            let _ = writeln!(log, "没能自动打开浏览器，请手动打开上面的网址。");
        }
        listen::serve(listener, app, header_timeout, shutdown_signal()).await;
        let _ = writeln!(log, "已停止。");
        Ok(())
    })
}

/// The application with the rules of `rule_dirs` and the configuration `config` applied to
/// every upload (none when `None`: an upload has no folder to find a `fazhi.toml` in). Rule-file
/// problems are written to `log`; the rules that loaded still run.
///
/// # Errors
/// The configuration file is missing or has errors (rendered, in Chinese).
pub fn build(
    config: Option<PathBuf>,
    rule_dirs: Vec<PathBuf>,
    settings: Settings,
    log: &mut dyn Write,
) -> Result<axum::Router, String> {
    let overrides = crate::cli::plan::Overrides {
        no_config: config.is_none(),
        config,
        rule_dirs,
        ..crate::cli::plan::Overrides::default()
    };
    let mut planner = crate::cli::plan::Planner::new(overrides);
    let prepared = planner.prepare();
    for error in planner.rule_errors() {
        let _ = write!(log, "{}", crate::cli::render_rule_error(error));
    }
    match prepared {
        Ok(()) => Ok(router(planner, settings)),
        Err(crate::cli::plan::PlanError::Config(errors)) => {
            Err(errors.iter().map(|e| crate::cli::render_diagnostic(e)).collect())
        }
        Err(crate::cli::plan::PlanError::Usage(message)) => Err(message),
    }
}

/// Resolves on Ctrl-C (and SIGTERM on Unix), so that requests in flight finish first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
