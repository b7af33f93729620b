//! The router: routes, the page's assets, and the layers every request goes through (security
//! headers, token and host checks, body limits, time-out, load shedding), with each refusal
//! turned into a JSON error.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use super::api;
use super::error::ApiError;
use crate::cli::plan::Planner;

/// The content security policy of every response: scripts and styles only from the page's own
/// files, no inline script, nothing from elsewhere, never framed.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// What the server accepts and how much work it takes on.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_file_bytes: usize,
    /// Most files in one request.
    pub max_files: usize,
    /// Reports checked at once (each on a blocking thread).
    pub workers: usize,
    /// Requests that may wait for a worker; past `workers + queue` in flight, 503.
    pub queue: usize,
    /// Time one request may take, upload included; then 408.
    pub timeout: Duration,
}

impl Limits {
    /// Largest request body: every file at its limit would be too much memory, so a request
    /// holds at most five files' worth (100 MB by default), and never less than one file.
    #[must_use]
    pub fn max_request_bytes(&self) -> usize {
        self.max_file_bytes.saturating_mul(5).max(self.max_file_bytes + 64 * 1024)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_file_bytes: 20 * 1024 * 1024, max_files: 50, workers: 2, queue: 32, timeout: Duration::from_mins(1) }
    }
}

/// How the server is set up, apart from the rules.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Limits.
    pub limits: Limits,
    /// A token every request must carry (`--token`).
    pub token: Option<String>,
    /// `Host` headers accepted (a server on 127.0.0.1 refuses others, so that a web page that
    /// points its own domain name at 127.0.0.1 cannot reach it); `None`: any.
    pub allowed_hosts: Option<Vec<String>>,
    /// A report opened with the server (a file dropped onto the program): name and bytes.
    pub initial: Option<(String, Vec<u8>)>,
}

/// The `Host` values of a server on the loopback interface at `port`.
#[must_use]
pub fn loopback_hosts(port: u16) -> Vec<String> {
    ["127.0.0.1", "localhost", "[::1]"].iter().map(|h| format!("{h}:{port}")).collect()
}

/// Shared by every request.
pub(super) struct AppState {
    /// Plans each upload's job; holds the rule sets, compiled once per profile.
    pub planner: Mutex<Planner>,
    pub settings: Settings,
    /// Permits to run a check on a blocking thread.
    pub workers: Arc<Semaphore>,
}

/// The application: the page, its assets and the API, behind the limits of `settings`.
pub(super) fn router(planner: Planner, settings: Settings) -> Router {
    let limits = settings.limits.clone();
    let state = Arc::new(AppState {
        planner: Mutex::new(planner),
        workers: Arc::new(Semaphore::new(limits.workers)),
        settings,
    });
    // Uploads: at most `workers + queue` requests in flight (the rest are shed with 503 before
    // their body is read); the check itself waits for one of `workers` permits.
    let uploads = Router::new()
        .route("/api/check", post(api::check))
        .route("/api/view", post(api::view))
        .route("/api/report", post(api::report))
        .route("/api/annotate", post(api::annotate))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async { ApiError::busy() }))
                .load_shed()
                .concurrency_limit(limits.workers + limits.queue),
        )
        .layer(DefaultBodyLimit::max(limits.max_request_bytes()))
        .layer(RequestBodyLimitLayer::new(limits.max_request_bytes()));
    Router::new()
        .route("/", get(api::page))
        .route("/app.js", get(api::script))
        .route("/app.css", get(api::style))
        .route("/favicon.ico", get(api::icon))
        .route("/api/rules", get(api::rules))
        .route("/api/initial", get(api::initial))
        .merge(uploads)
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "没有这个页面或接口".to_string())
        })
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.timeout))
        .layer(middleware::from_fn(json_refusals))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state)
}

/// Refuses a request with the wrong `Host` or without the token.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(allowed) = &state.settings.allowed_hosts {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
        if host.is_some_and(|h| !allowed.iter().any(|a| a.eq_ignore_ascii_case(h))) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "bad_host",
                "只接受通过 127.0.0.1 或 localhost 访问".to_string(),
            )
            .into_response();
        }
    }
    if let Some(token) = &state.settings.token
        && !request_token(&request).is_some_and(|given| same_secret(given.as_bytes(), token.as_bytes()))
    {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "token_required",
            "需要访问口令：请使用启动时显示的完整网址（含 ?token=…）".to_string(),
        )
        .into_response();
    }
    next.run(request).await
}

/// The token a request carries: `Authorization: Bearer …`, `X-Fazhi-Token`, or `?token=`.
fn request_token(request: &Request) -> Option<String> {
    let headers = request.headers();
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ")
    {
        return Some(token.trim().to_string());
    }
    if let Some(value) = headers.get("x-fazhi-token").and_then(|v| v.to_str().ok()) {
        return Some(value.trim().to_string());
    }
    super::upload::query_param(request.uri().query().unwrap_or_default(), "token")
}

/// Compares two secrets in time that depends only on their lengths.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Gives refusals made by layers (time-out, body limit) the JSON body and Chinese message of
/// every other error.
async fn json_refusals(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || response.status().is_success() {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large().into_response(),
        StatusCode::REQUEST_TIMEOUT => ApiError::timeout().into_response(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "这个接口不接受这种请求方法：上传报告用 POST，规则列表用 GET".to_string(),
        )
        .into_response(),
        _ => response,
    }
}
