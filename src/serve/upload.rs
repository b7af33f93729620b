//! Reading a request's files and options: `multipart/form-data` (fields `file`, repeated, and
//! `text`, `level`, `year`, `pack`) or a raw body with its name in `?name=`. Options may also be
//! given in the query (`?level=county&year=2024&pack=default`). Everything stays in memory.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;

use super::app::Limits;
use super::error::ApiError;
use crate::cli::plan::Choice;
use crate::pack::Pack;
use crate::rules::{LEVEL_NAMES, Level};

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file's name, without any folder part.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What one request asks to check.
#[derive(Debug, Default)]
pub struct Uploads {
    /// The files, in the order sent.
    pub files: Vec<Upload>,
    /// The pack, report level and report year chosen.
    pub choice: Choice,
}

/// The name given to pasted text.
pub const PASTED_NAME: &str = "粘贴的文本.txt";

/// Reads the files and options of a request.
///
/// # Errors
/// A malformed request, a file over the limit, too many files, no file, a bad option.
pub async fn read(request: Request, limits: &Limits) -> Result<Uploads, ApiError> {
    let query = request.uri().query().unwrap_or_default().to_string();
    let mut uploads = Uploads::default();
    for key in ["level", "year", "pack"] {
        if let Some(value) = query_param(&query, key) {
            option(&mut uploads.choice, key, &value)?;
        }
    }
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if is_multipart {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| ApiError::bad_request(format!("无法读取上传的内容：{e}")))?;
        while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_error(&e))? {
            let field_name = field.name().unwrap_or_default().to_string();
            match field_name.as_str() {
                "level" | "year" | "pack" => {
                    let value = field.text().await.map_err(|e| multipart_error(&e))?;
                    option(&mut uploads.choice, &field_name, &value)?;
                }
                "file" | "text" => {
                    let name = match field.file_name() {
                        Some(name) => clean_name(name),
                        None if field_name == "text" => PASTED_NAME.to_string(),
                        None => "上传的文件".to_string(),
                    };
                    if uploads.files.len() >= limits.max_files {
                        return Err(too_many(limits));
                    }
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                        if bytes.len() + chunk.len() > limits.max_file_bytes {
                            return Err(ApiError::file_too_large(&name, limits.max_file_bytes));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    if field_name == "text" && bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    uploads.files.push(Upload { name, bytes });
                }
                other => {
                    return Err(ApiError::bad_request(format!(
                        "不认识的字段“{other}”：可用 file、text、level、year、pack"
                    )));
                }
            }
        }
    } else {
        let name = query_param(&query, "name").map_or_else(|| "上传的文件".to_string(), |n| clean_name(&n));
        // A declared length over the limit is refused before any byte is read (a client that
        // sent `Expect: 100-continue` then never sends the body).
        let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|len| len > limits.max_file_bytes as u64) {
            return Err(ApiError::file_too_large(&name, limits.max_file_bytes));
        }
        let body = axum::body::to_bytes(request.into_body(), limits.max_file_bytes).await.map_err(|e| {
            if is_length_limit(&e) { ApiError::file_too_large(&name, limits.max_file_bytes) } else { body_error(&e) }
        })?;
        if !body.is_empty() {
            uploads.files.push(Upload { name, bytes: body.to_vec() });
        }
    }
    if uploads.files.is_empty() {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "no_file",
            "没有收到报告：请上传文件（表单字段 file）或粘贴文字（字段 text）".to_string(),
        ));
    }
    Ok(uploads)
}

fn too_many(limits: &Limits) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
        "too_many_files",
        format!("一次最多上传{}个文件，请分批上传", limits.max_files),
    )
}

fn multipart_error(error: &axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large()
    } else {
        ApiError::bad_request(format!("无法读取上传的内容：{}", error.body_text()))
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn body_error(error: &axum::Error) -> ApiError {
    ApiError::bad_request(format!("无法读取上传的内容：{error}"))
}

/// Keeps only the last part of a path a client sent as a file name, so that a name never
/// reaches outputs with folders in it.
#[must_use]
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." { "上传的文件".to_string() } else { cleaned }
}

/// Sets the option `key` of a request; an empty value leaves it unset.
fn option(choice: &mut Choice, key: &str, value: &str) -> Result<(), ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    match key {
        "level" => choice.level = Some(level(value)?),
        "year" => choice.report_year = Some(year(value)?),
        _ => choice.pack = Some(pack(value)?),
    }
    Ok(())
}

/// A built-in pack by name. A request never names a directory: the server's own pack is the
/// one it gets by naming none.
///
/// # Errors
/// No built-in pack has that name.
pub fn pack(value: &str) -> Result<Pack, ApiError> {
    let names: Vec<&str> = Pack::builtin().iter().map(|p| p.name).collect();
    match Pack::builtin().iter().find(|p| p.name == value) {
        Some(found) => Ok(Pack::Builtin(found.name)),
        None => Err(ApiError::bad_request(format!("没有规则包“{value}”：可用 {}", names.join("、")))),
    }
}

fn level(value: &str) -> Result<Level, ApiError> {
    Level::parse(value)
        .ok_or_else(|| ApiError::bad_request(format!("报告层级“{value}”不对：可用 {}", LEVEL_NAMES.join("、"))))
}

fn year(value: &str) -> Result<i32, ApiError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| ApiError::bad_request(format!("报告年度“{value}”不对：请写四位年份，如 2024")))
}

/// The value of `key` in a URL query string, percent-decoded (`+` is a space).
#[must_use]
pub fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(clean_name("C:\\Users\\张三\\报告.docx"), "报告.docx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name(".."), "上传的文件");
        assert_eq!(clean_name("a\u{0}b.txt"), "ab.txt");
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(query_param("name=%E6%8A%A5%E5%91%8A.txt&level=county", "name").as_deref(), Some("报告.txt"));
        assert_eq!(query_param("a=1&token=x+y", "token").as_deref(), Some("x y"));
        assert_eq!(query_param("a=%zz%4", "a").as_deref(), Some("%zz%4"));
        assert_eq!(query_param("a=1", "b"), None);
    }
}
