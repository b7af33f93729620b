//! The handlers: the page and its assets, and the API (`/api/check`, `/api/view`,
//! `/api/report`, `/api/annotate`, `/api/rules`, `/api/initial`). Checks run on a blocking
//! thread behind the worker semaphore; the async threads only move bytes.

use std::path::PathBuf;
use std::sync::{Arc, MutexGuard, PoisonError};

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::app::AppState;
use super::error::{ApiError, json_response};
use super::upload::{self, Uploads};
use crate::cli::plan::{PlanError, Planner};
use crate::cli::session::Session;
use crate::pack::{Pack, PackSettings};
use crate::render::audit::{self, AuditMeta};
use crate::render::{element, json, page};
use crate::results::ReportEntry;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The exit code `fazhi check` would give, on every `/api/check` answer.
const EXIT_CODE: HeaderName = HeaderName::from_static("x-fazhi-exit-code");

/// Whether this build can write the annotated .docx (`/api/annotate`).
pub const ANNOTATE_AVAILABLE: bool = true;

/// One request's checked reports.
struct Run {
    /// The session the request was checked in: its plan (the rules outputs name) and the files
    /// that could not be read, sorted.
    session: Session,
    reports: Vec<ReportEntry>,
    /// For each report, the position of its file in the request.
    uploads: Vec<usize>,
}

impl Run {
    /// The exit code `fazhi check` would give for these files.
    fn exit_code(&self) -> i32 {
        self.session.exit_code(self.reports.iter().any(|r| !r.passed))
    }
}

fn planner(state: &AppState) -> MutexGuard<'_, Planner> {
    state.planner.lock().unwrap_or_else(PoisonError::into_inner)
}

/// "name version" of a pack, as the page and the audit sheets show it.
fn pack_label(pack: &PackSettings) -> String {
    format!("{} {}", pack.name, pack.version)
}

/// The page. With `--token`, the asset links carry it so that the browser's requests for them
/// pass the guard. The pack line offers the other built-in packs when there are any.
pub(super) async fn page(State(state): State<Arc<AppState>>) -> Response {
    let settings = &state.settings;
    let query = settings.token.as_ref().map_or_else(String::new, |t| format!("?token={t}"));
    let (default_label, others) = {
        let mut planner = planner(&state);
        let default_pack = planner.default_pack();
        let label = pack_label(&planner.base(&default_pack).pack);
        let others: Vec<(String, String)> = Pack::builtin()
            .iter()
            .filter(|p| default_pack != Pack::Builtin(p.name))
            .filter_map(|p| PackSettings::builtin(p.name).map(|s| (p.name.to_string(), pack_label(&s))))
            .collect();
        (label, others)
    };
    let html = INDEX
        .replace("{{QUERY}}", &query)
        .replace("{{PACK}}", &audit::html::escape(&default_label))
        .replace("{{PACK_FIELD}}", &page::pack_field(&default_label, &others))
        .replace("{{LEGEND}}", &audit::html::escape(element::LEGEND))
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{MAX_FILES}}", &settings.limits.max_files.to_string())
        .replace("{{MAX_MB}}", &(settings.limits.max_file_bytes / (1024 * 1024)).to_string())
        .replace("{{ANNOTATE}}", if ANNOTATE_AVAILABLE { "1" } else { "0" });
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

/// `GET /api/rules[?pack=NAME]`: the list `fazhi rules --format json` prints for the page's
/// default pack, or for the built-in pack named.
pub(super) async fn rules(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let chosen = match upload::query_param(request.uri().query().unwrap_or_default(), "pack") {
        Some(name) if !name.is_empty() => match upload::pack(&name) {
            Ok(pack) => Some(pack),
            Err(error) => return error.into_response(),
        },
        _ => None,
    };
    let text = {
        let mut planner = planner(&state);
        let pack = chosen.unwrap_or_else(|| planner.default_pack());
        crate::render::rules::list_json(&planner.base(&pack))
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
            let text = json::render(&run.reports, &run.session.errors, &run.session.plan.base);
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
        Ok(run) => json_response(
            StatusCode::OK,
            page::view(&run.reports, &run.uploads, &run.session.errors, &run.session.plan.base),
        ),
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
    let rules = &run.session.plan.base;
    let meta = AuditMeta {
        checked_at: audit::beijing_time(now),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pack: pack_label(&rules.pack),
    };
    let built = audit::build(&run.reports, &run.session.errors, rules, meta);
    let stem = match (run.reports.as_slice(), run.session.errors.is_empty()) {
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

/// `POST /api/annotate`: one .docx back with every finding as a comment (`fazhi annotate`).
pub(super) async fn annotate(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let uploads = match upload::read(request, &state.settings.limits).await {
        Ok(uploads) => uploads,
        Err(error) => return error.into_response(),
    };
    if uploads.files.len() != 1 {
        return ApiError::bad_request("一次只能为一份 .docx 生成带批注的副本".to_string()).into_response();
    }
    let Ok(permit) = Arc::clone(&state.workers).acquire_owned().await else { return ApiError::busy().into_response() };
    let state = Arc::clone(&state);
    let done = tokio::task::spawn_blocking(move || {
        let answer = annotate_upload(&state, &uploads);
        drop(permit);
        answer
    })
    .await;
    match done {
        Ok(Ok((name, bytes))) => {
            attachment(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &name)
        }
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "检查时出现内部错误".to_string())
            .into_response(),
    }
}

/// Annotates the one upload as `fazhi annotate` annotates a file of that name (planned like
/// every upload); the copy's name and bytes.
fn annotate_upload(state: &AppState, uploads: &Uploads) -> Result<(String, Vec<u8>), ApiError> {
    use crate::annotate::{AnnotateError, Settings, annotate_docx};
    let file = &uploads.files[0];
    let unreadable = |message: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", message);
    if !file.bytes.starts_with(b"PK\x03\x04") && !file.bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(unreadable(format!("“{}”不是 Word 文档（.docx），只能为 .docx 生成带批注的副本", file.name)));
    }
    let (plan, _) = planner(state).plan_named(&[PathBuf::from(&file.name)], &uploads.choice).map_err(plan_error)?;
    let job = &plan.jobs[0];
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, day, hour, minute, second) = audit::civil_time(now);
    let settings = Settings {
        date: Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")),
        ..Settings::default()
    };
    let others = job.others();
    let check = job.annotate_check(&others);
    match annotate_docx(&job.path, &file.bytes, check, &settings) {
        Ok(annotated) => match annotated.bytes {
            Some(bytes) => Ok((format!("{}.fazhi.docx", file_stem(&file.name)), bytes)),
            None => Err(unreadable("没有可以写入的批注".to_string())),
        },
        Err(AnnotateError::Read(e)) => Err(unreadable(format!("无法读取“{}”：{e}", file.name))),
        Err(e @ AnnotateError::Refused(_)) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "refused", e.to_string()))
        }
        Err(AnnotateError::Write(message)) => {
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message))
        }
    }
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

/// A request whose uploads cannot be planned.
fn plan_error(error: PlanError) -> ApiError {
    match error {
        PlanError::Usage(message) => ApiError::bad_request(message),
        PlanError::Config(_) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "config", "服务器的配置文件有错误".to_string())
        }
    }
}

/// Checks the uploads as `fazhi check` checks files of those names: the server's planner plans
/// them (rule sets compiled once per profile), and a session checks them on their bytes.
fn check_uploads(state: &AppState, uploads: &Uploads) -> Result<Run, ApiError> {
    let names: Vec<PathBuf> = uploads.files.iter().map(|f| PathBuf::from(&f.name)).collect();
    let (plan, rule_errors) = planner(state).plan_named(&names, &uploads.choice).map_err(plan_error)?;
    let mut session = Session::new(plan, rule_errors, None);
    let bytes: Vec<&[u8]> = uploads.files.iter().map(|f| f.bytes.as_slice()).collect();
    let (reports, indices) = session.check_uploads(&bytes);
    session.sort_errors();
    Ok(Run { session, reports, uploads: indices })
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
