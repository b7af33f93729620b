//! Errors of the HTTP API: a status, a stable ASCII `code` for programs and a Chinese
//! `message` for people, sent as `{"error": {"code": …, "message": …}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code, documented in docs/http-api.md.
    pub code: &'static str,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    #[must_use]
    pub fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        Self { status, code, message }
    }

    /// A request that is not what the endpoint takes.
    #[must_use]
    pub fn bad_request(message: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// The request body passed the limit.
    #[must_use]
    pub fn too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "上传的内容超过了服务器允许的大小".to_string())
    }

    /// One file passed the per-file limit.
    #[must_use]
    pub fn file_too_large(name: &str, limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!("文件“{name}”超过{} MB，服务器不接受这么大的文件", limit / (1024 * 1024)),
        )
    }

    /// The request took longer than the time-out.
    #[must_use]
    pub fn timeout() -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "timeout", "请求超时：上传或检查用的时间太长，请稍后重试".to_string())
    }

    /// Every worker is busy and the queue is full.
    #[must_use]
    pub fn busy() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "服务器正忙，请稍后重试".to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json_response(self.status, crate::render::page::error(self.code, &self.message));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// A JSON answer with this status.
pub fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"))], body)
        .into_response()
}
