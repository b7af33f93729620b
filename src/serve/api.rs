//! The handlers: the page and its assets, and the API (`/api/check`, `/api/view`,
//! `/api/report`, `/api/annotate`, `/api/rules`, `/api/initial`). Checks run on a blocking
//! thread behind the worker semaphore; the async threads only move bytes.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::app::AppState;
use super::error::{ApiError, json_response};
use super::upload::{self, Uploads};
use super::view;
use crate::engine::check_bytes_with;
use crate::report::audit::{self, AuditMeta};
use crate::report::{FileError, ReportEntry, json};
use crate::rules::RuleSet;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The exit code `fazhi check` would give, on every `/api/check` answer.
const EXIT_CODE: HeaderName = HeaderName::from_static("x-fazhi-exit-code");

/// One request's checked reports.
struct Run {
    reports: Vec<ReportEntry>,
    /// For each report, the position of its file in the request.
    uploads: Vec<usize>,
    errors: Vec<FileError>,
    rules: Arc<RuleSet>,
    /// Whether a rule file failed to load (the CLI would exit 2).
    rule_errors: bool,
}

impl Run {
    fn exit_code(&self) -> i32 {
        if !self.errors.is_empty() || self.rule_errors { 2 } else { i32::from(self.reports.iter().any(|r| !r.passed)) }
    }
}

/// The page. With `--token`, the asset links carry it so that the browser's requests for them
/// pass the guard.
pub(super) async fn page(State(state): State<Arc<AppState>>) -> Response {
    let settings = &state.settings;
    let query = settings.token.as_ref().map_or_else(String::new, |t| format!("?token={t}"));
    let pack = {
        let planner = state.planner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let base = planner.base();
        format!("{} {}", base.pack.name, base.pack.version)
    };
    let html = INDEX
        .replace("{{QUERY}}", &query)
        .replace("{{PACK}}", &audit::html::escape(&pack))
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{MAX_FILES}}", &settings.limits.max_files.to_string())
        .replace("{{MAX_MB}}", &(settings.limits.max_file_bytes / (1024 * 1024)).to_string())
        .replace("{{ANNOTATE}}", if view::ANNOTATE_AVAILABLE { "1" } else { "0" });
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

pub(super) async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

pub(super) async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// No icon: an empty answer instead of a 404 in the browser's console.
pub(super) async fn icon() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /api/rules`: the list `fazhi rules --format json` prints.
pub(super) async fn rules(State(state): State<Arc<AppState>>) -> Response {
    let text = {
        let planner = state.planner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::cli::rules_json(planner.base())
    };
    json_response(StatusCode::OK, text)
}

/// `GET /api/initial`: the report the server was started with (a file dropped onto the
/// program), for the page to check as if it had been uploaded; 204 when there is none.
pub(super) async fn initial(State(state): State<Arc<AppState>>) -> Response {
    match &state.settings.initial {
        Some((name, bytes)) => {
            let encoded = percent_encode(name);
            let mut response = ([(header::CONTENT_TYPE, "application/octet-stream")], bytes.clone()).into_response();
            if let Ok(value) = HeaderValue::from_str(&encoded) {
                response.headers_mut().insert(HeaderName::from_static("x-fazhi-file-name"), value);
            }
            response
        }
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// `POST /api/check`: exactly what `fazhi check --format json` prints for these files, with
/// the exit code it would give in `X-Fazhi-Exit-Code`.
pub(super) async fn check(State(state): State<Arc<AppState>>, request: Request) -> Response {
    match checked(&state, request).await {
        Ok(run) => {
            let text = json::render(&run.reports, &run.errors, &run.rules);
            let mut response = json_response(StatusCode::OK, text);
            response.headers_mut().insert(EXIT_CODE, HeaderValue::from(run.exit_code()));
            response
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /api/view`: what the page shows (the format is the page's own, not a stable API).
pub(super) async fn view(State(state): State<Arc<AppState>>, request: Request) -> Response {
    match checked(&state, request).await {
        Ok(run) => json_response(StatusCode::OK, view::render(&run.reports, &run.uploads, &run.errors, &run.rules)),
        Err(error) => error.into_response(),
    }
}

/// `POST /api/report?format=html|xlsx`: the audit sheets and summary `fazhi report` makes, as a
/// download (the HTML's own sort script would be blocked by this server's CSP if shown here).
pub(super) async fn report(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let format =
        upload::query_param(request.uri().query().unwrap_or_default(), "format").unwrap_or_else(|| "html".to_string());
    if !matches!(format.as_str(), "html" | "xlsx") {
        return ApiError::bad_request(format!("不支持的格式“{format}”：可用 html、xlsx")).into_response();
    }
    let run = match checked(&state, request).await {
        Ok(run) => run,
        Err(error) => return error.into_response(),
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let meta = AuditMeta {
        checked_at: audit::beijing_time(now),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pack: format!("{} {}", run.rules.pack.name, run.rules.pack.version),
    };
    let built = audit::build(&run.reports, &run.errors, &run.rules, meta);
    let stem = match (run.reports.as_slice(), run.errors.is_empty()) {
        ([one], true) => format!("{}.审核单", file_stem(&one.path.display().to_string())),
        _ => "审核汇总".to_string(),
    };
    let (bytes, content_type, name) = if format == "xlsx" {
        match audit::xlsx::render(&built) {
            Ok(bytes) => {
                (bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("{stem}.xlsx"))
            }
            Err(e) => {
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    format!("无法生成 Excel 文件：{e}"),
                )
                .into_response();
            }
        }
    } else {
        (audit::html::render(&built).into_bytes(), "text/html; charset=utf-8", format!("{stem}.html"))
    };
    attachment(bytes, content_type, &name)
}

/// `POST /api/annotate`: the annotated .docx. Not in this build: a clear 501.
pub(super) async fn annotate() -> Response {
    ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "not_supported",
        "此版本尚不支持生成带批注的 Word 文件；请下载审核单或 JSON".to_string(),
    )
    .into_response()
}

/// Reads the request's files and checks them on a blocking thread once a worker is free.
async fn checked(state: &Arc<AppState>, request: Request) -> Result<Run, ApiError> {
    let uploads = upload::read(request, &state.settings.limits).await?;
    let permit = Arc::clone(&state.workers).acquire_owned().await.map_err(|_| ApiError::busy())?;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let run = check_uploads(&state, &uploads);
        drop(permit);
        run
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "检查时出现内部错误".to_string()))?
}

/// Checks each upload as `fazhi check` checks a file of that name.
fn check_uploads(state: &AppState, uploads: &Uploads) -> Result<Run, ApiError> {
    let mut jobs = Vec::with_capacity(uploads.files.len());
    let (rules, rule_errors) = {
        let mut planner = state.planner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for file in &uploads.files {
            let mut job = planner.job(PathBuf::from(&file.name), uploads.level).map_err(|_| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "config", "服务器的配置文件有错误".to_string())
            })?;
            if uploads.year.is_some() {
                job.options.report_year = uploads.year;
            }
            jobs.push(job);
        }
        (Arc::clone(planner.base()), !planner.rule_errors().is_empty())
    };
    let mut reports = Vec::new();
    let mut indices = Vec::new();
    let mut errors = Vec::new();
    for (index, (file, job)) in uploads.files.iter().zip(jobs).enumerate() {
        match check_bytes_with(&job.path, &file.bytes, &job.options, &job.rules, &job.suppressions) {
            Ok(checked) => {
                let passed = job.gate.passes(&checked);
                reports.push(ReportEntry { path: job.path, checked, passed, gate: job.gate });
                indices.push(index);
            }
            Err(e) => errors.push(FileError { path: job.path, message: e.to_string() }),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Run { reports, uploads: indices, errors, rules, rule_errors })
}

/// A download: `Content-Disposition: attachment` with the name in ASCII and UTF-8.
fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(name));
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A file name without its folder and extension.
fn file_stem(path: &str) -> String {
    std::path::Path::new(path).file_stem().map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986), for header values.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
