//! `fazhi serve`: a local web page for drafting staff and inspection offices, and an HTTP API
//! for other systems, served by the same binary with its assets embedded.
//!
//! `app` builds the axum `Router` (routes, limits, headers, token); `api` holds the handlers,
//! which plan each upload with the planner the server keeps and check it in a session of the
//! command line's own (`cli::plan`, `cli::session`), so an upload is checked exactly as
//! `fazhi check` checks a file of that name; `upload` reads multipart and raw uploads; `error`
//! is the JSON error with its stable code; `listen` is the accept loop; `browser` opens the
//! page. What the page reads is laid out by `render::page`. The command (`cli::commands::serve`)
//! parses the options, binds, says where the page is and calls [`run`].
//!
//! **Invariant:** nothing is written to disk and no report text is logged: uploads live in
//! memory for one request, the router has no logger, and the only lines written are the
//! start-up lines of the command and the rule-file problems [`build`] meets.

mod api;
mod app;
pub mod browser;
mod error;
mod listen;
mod upload;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

pub use app::{CSP, Limits, Settings, loopback_hosts};

use crate::cli::plan::{Overrides, PlanError, Planner};
use crate::pack::Pack;
use crate::render::diagnostic;

/// Where the rules and settings applied to every upload come from.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// `--config`: the configuration for every upload (`None`: none; an upload has no folder
    /// to find a `fazhi.toml` in).
    pub config: Option<PathBuf>,
    /// `--pack`: the pack an upload gets when its request names none.
    pub pack: Option<Pack>,
    /// `--rules`: extra rule directories.
    pub rule_dirs: Vec<PathBuf>,
}

/// The application for `setup`, behind the limits of `settings`. Rule-file problems are
/// written to `log`; the rules that loaded still run.
///
/// # Errors
/// The configuration file is missing or has errors (rendered, in Chinese).
pub fn build(setup: &Setup, settings: Settings, log: &mut dyn Write) -> Result<axum::Router, String> {
    let overrides = Overrides {
        no_config: setup.config.is_none(),
        config: setup.config.clone(),
        pack: setup.pack.clone(),
        rule_dirs: setup.rule_dirs.clone(),
        ..Overrides::default()
    };
    let mut planner = Planner::new(overrides);
    let prepared = planner.prepare();
    for error in planner.rule_errors() {
        let _ = write!(log, "{}", diagnostic::render(error));
    }
    match prepared {
        Ok(_) => Ok(app::router(planner, settings)),
        Err(PlanError::Config(errors)) => Err(errors.iter().map(|e| diagnostic::render(e)).collect()),
        Err(PlanError::Usage(message)) => Err(format!("{message}\n")),
    }
}

/// Serves `app` on `listener` until Ctrl-C (or SIGTERM), letting the requests in flight
/// finish; `header_timeout` bounds the time to read a request head.
///
/// # Errors
/// The runtime cannot start or the listener cannot be used (in Chinese).
pub fn run(listener: std::net::TcpListener, app: axum::Router, header_timeout: Duration) -> Result<(), String> {
    listener.set_nonblocking(true).map_err(|e| format!("无法监听：{}", crate::diagnostic::io_error(&e)))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动服务：{}", crate::diagnostic::io_error(&e)))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("无法监听：{}", crate::diagnostic::io_error(&e)))?;
        listen::serve(listener, app, header_timeout, shutdown_signal()).await;
        Ok(())
    })
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
