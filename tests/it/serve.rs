//! `fazhi serve` at the router, with no socket: the API answers with the command line's own
//! bytes, limits refuse with the right status and a JSON error, headers and the token hold,
//! and the page's data never carries markup.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, Response, StatusCode, header};
use fazhi::pack::Pack;
use fazhi::serve::{CSP, Limits, Settings, Setup, build, loopback_hosts};
use tower::ServiceExt;

use super::docx::{Entry, deflate_zeros, docx_with_document, zip};
use super::{fixture, root};

fn app_with(settings: Settings) -> Router {
    build(&Setup::default(), settings, &mut std::io::sink()).unwrap()
}

fn default_app() -> Router {
    app_with(Settings::default())
}

const BOUNDARY: &str = "fazhi-test-boundary";

/// A multipart body: `(field, file name, bytes)`; a `None` name is a plain field.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match name {
            Some(name) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload(uri: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(parts)))
        .unwrap()
}

fn files(uri: &str, files: &[(&str, Vec<u8>)]) -> Request<Body> {
    let parts: Vec<(&str, Option<&str>, &[u8])> = files.iter().map(|(n, b)| ("file", Some(*n), b.as_slice())).collect();
    upload(uri, &parts)
}

async fn send(app: &Router, request: Request<Body>) -> (Response<Body>, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

fn error_code(bytes: &[u8]) -> String {
    json(bytes)["error"]["code"].as_str().unwrap().to_string()
}

/// What the binary prints for `fazhi check --format json --no-config NAMES…` run in `dir`, and
/// its exit code.
fn cli_json(dir: &Path, names: &[&str], extra: &[&str]) -> (Vec<u8>, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(extra)
        .args(names)
        .output()
        .unwrap();
    (output.stdout, output.status.code().unwrap())
}

fn exit_code(response: &Response<Body>) -> i32 {
    response.headers()["x-fazhi-exit-code"].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn api_check_answers_with_the_command_line_json_byte_for_byte() {
    let app = default_app();
    let mut checked = Vec::new();
    for dir in ["seeds", "docx", "html", "pdf"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = match dir {
                "seeds" => Path::new(&name).extension().is_some_and(|e| e == "txt"),
                "docx" => name.ends_with("-styled.docx"),
                _ => name.starts_with("hubin-2023."),
            };
            if wanted {
                checked.push((fixture(dir), name));
            }
        }
    }
    assert!(checked.len() >= 8, "{checked:?}");
    for (dir, name) in &checked {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let (cli, code) = cli_json(dir, &[name], &["--no-config"]);
        let (response, body) = send(&app, files("/api/check", &[(name, bytes.clone())])).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&cli), "{name} (multipart)");
        assert_eq!(exit_code(&response), code, "{name}");
        let raw = Request::post(format!("/api/check?name={name}")).body(Body::from(bytes)).unwrap();
        let (_, body) = send(&app, raw).await;
        assert_eq!(body, cli, "{name} (raw body)");
    }
    // Several files in one request: in the order sent, as on the command line.
    let names = ["shennongjia-2024.txt", "hubin-2023.txt"];
    let uploads: Vec<(&str, Vec<u8>)> =
        names.iter().map(|n| (*n, std::fs::read(fixture("seeds").join(n)).unwrap())).collect();
    let (cli, code) = cli_json(&fixture("seeds"), &names, &["--no-config"]);
    let (response, body) = send(&app, files("/api/check", &uploads)).await;
    assert_eq!(body, cli);
    assert_eq!(exit_code(&response), code);
}

#[tokio::test]
async fn configuration_rules_and_options_apply_to_every_upload() {
    let config = fixture("gate-repo/fazhi.toml");
    let rules_dir = fixture("custom-rules");
    let setup = Setup { config: Some(config.clone()), pack: None, rule_dirs: vec![rules_dir.clone()] };
    let app = build(&setup, Settings::default(), &mut std::io::sink()).unwrap();
    let text = "关于2023年法治政府建设情况的报告\n请有关部门抓好落实。\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("local.txt"), text).unwrap();
    let (cli, _) = cli_json(
        dir.path(),
        &["local.txt"],
        &["--config", config.to_str().unwrap(), "--rules", rules_dir.to_str().unwrap(), "--report-year", "2024"],
    );
    let (_, body) = send(&app, files("/api/check?year=2024", &[("local.txt", text.as_bytes().to_vec())])).await;
    assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&cli));
    assert!(String::from_utf8_lossy(&body).contains("word/local-term"), "the extra rule ran");

    let setup = Setup { config: Some(PathBuf::from("no-such/fazhi.toml")), ..Setup::default() };
    let missing = build(&setup, Settings::default(), &mut std::io::sink());
    assert!(missing.unwrap_err().contains("配置文件"));
}

#[tokio::test]
async fn a_request_chooses_a_built_in_pack_and_gets_what_check_pack_prints() {
    let dir = tempfile::tempdir().unwrap();
    let pack_dir = super::packs::second_pack(dir.path());
    std::fs::write(dir.path().join("xxgk.txt"), super::packs::XXGK_REPORT).unwrap();
    let report = super::packs::XXGK_REPORT.as_bytes().to_vec();
    let setup = Setup { pack: Some(Pack::Dir(pack_dir.clone())), ..Setup::default() };
    let app = build(&setup, Settings::default(), &mut std::io::sink()).unwrap();
    let pack_arg = pack_dir.to_str().unwrap();

    // No pack named: the server's own, as `fazhi check --pack DIR` runs it.
    let (cli, code) = cli_json(dir.path(), &["xxgk.txt"], &["--no-config", "--pack", pack_arg]);
    let (response, body) = send(&app, files("/api/check", &[("xxgk.txt", report.clone())])).await;
    assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&cli));
    assert_eq!(exit_code(&response), code);
    assert_eq!(json(&body)["rule_pack"]["name"], "gongkai");
    // A built-in pack named in the form or the query: as `fazhi check --pack default`.
    let (cli, code) = cli_json(dir.path(), &["xxgk.txt"], &["--no-config", "--pack", "default"]);
    let parts: [(&str, Option<&str>, &[u8]); 2] = [("pack", None, b"default"), ("file", Some("xxgk.txt"), &report)];
    let (response, body) = send(&app, upload("/api/check", &parts)).await;
    assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&cli));
    assert_eq!(exit_code(&response), code);
    assert_eq!(json(&body)["rule_pack"]["name"], "default");
    let (_, body) = send(&app, files("/api/check?pack=default", &[("xxgk.txt", report.clone())])).await;
    assert_eq!(body, cli);
    // A request names built-in packs only, never a directory of the server.
    for name in ["nosuch", pack_arg] {
        let (response, body) =
            send(&app, files(&format!("/api/check?pack={name}"), &[("a.txt", report.clone())])).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}");
        assert!(json(&body)["error"]["message"].as_str().unwrap().contains("没有规则包"), "{name}");
    }

    // The rule lists: the page's default pack, or the one named.
    let (_, body) = send(&app, Request::get("/api/rules").body(Body::empty()).unwrap()).await;
    assert_eq!(
        String::from_utf8(body).unwrap(),
        super::fazhi(&["rules", "--pack", pack_arg, "--format", "json"]).stdout
    );
    let (_, body) = send(&app, Request::get("/api/rules?pack=default").body(Body::empty()).unwrap()).await;
    assert_eq!(String::from_utf8(body).unwrap(), super::fazhi(&["rules", "--format", "json"]).stdout);

    // The page offers the choice: the server's pack first (the default), then the built-in ones.
    let (_, body) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    let html = String::from_utf8(body).unwrap();
    let select = &html[html.find("<select id=\"pack\">").expect("a pack choice")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains("<option value=\"\">gongkai 0.1.0（默认）</option>"), "{select}");
    assert!(select.contains("<option value=\"default\">default "), "{select}");
    // The default server offers its pack first, then the other built-in ones.
    let (_, body) = send(&default_app(), Request::get("/").body(Body::empty()).unwrap()).await;
    let html = String::from_utf8(body).unwrap();
    let select = &html[html.find("<select id=\"pack\">").expect("a pack choice")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains("<option value=\"\">default ") && select.contains("<option value=\"xxgk\">xxgk "),
        "{select}"
    );
    assert!(!html.contains("{{"), "every placeholder is filled");

    let outcome = super::fazhi(&["serve", "--no-open", "--pack", "nosuch"]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("没有规则包“nosuch”"), "{}", outcome.stderr);
}

#[tokio::test]
async fn the_report_level_changes_the_rules_as_the_configuration_would() {
    let app = default_app();
    let report = std::fs::read(fixture("seeds/hubin-2023.txt")).unwrap();
    let at = |level: &'static str| {
        let report = report.clone();
        let app = app.clone();
        async move {
            let parts: [(&str, Option<&str>, &[u8]); 2] =
                [("level", None, level.as_bytes()), ("file", Some("hubin.txt"), &report)];
            let (_, body) = send(&app, upload("/api/check", &parts)).await;
            json(&body)
        }
    };
    let county = at("county").await;
    let department = at("department").await;
    let messages = |v: &serde_json::Value| v["reports"][0]["findings"].to_string();
    assert_ne!(messages(&county), messages(&department), "level-specific texts differ");
    assert!(messages(&department).contains("主要负责人"));
    let (response, body) = send(&app, upload("/api/check", &[("level", None, b"village")])).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"]["message"].as_str().unwrap().contains("报告层级"));
}

/// The hostile files of the reader tests, uploaded together with a good one.
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    let matches = 200 * 1024 * 1024 / 258;
    let bomb = Entry {
        name: "word/document.xml".into(),
        data: deflate_zeros(matches),
        method: 8,
        crc: 0,
        declared_size: 1000,
        flags: 0,
    };
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol1;</w:t></w:r></w:p></w:body></w:document>"#;
    let good = std::fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap();
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    vec![
        ("a-good.docx", good.clone()),
        ("bomb.docx", zip(&[bomb])),
        ("laughs.docx", docx_with_document(laughs)),
        ("truncated.docx", good[..good.len() / 2].to_vec()),
        ("old-word.doc", ole),
        ("scanned.pdf", std::fs::read(fixture("pdf/scanned.pdf")).unwrap()),
        ("truncated.pdf", std::fs::read(fixture("pdf/truncated.pdf")).unwrap()),
        ("binary.txt", b"\x00\x01\x02PK\x00\x00binary".to_vec()),
        ("deep.html", "<div>".repeat(5000).into_bytes()),
        ("empty.txt", b"  \n".to_vec()),
    ]
}

#[tokio::test]
async fn hostile_uploads_get_the_readers_messages_and_the_good_file_is_checked() {
    let app = default_app();
    let uploads = hostile_files();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &uploads {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let names: Vec<&str> = uploads.iter().map(|(n, _)| *n).collect();
    let (cli, code) = cli_json(dir.path(), &names, &["--no-config"]);
    let (response, body) = send(&app, files("/api/check", &uploads)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(code, 2);
    assert_eq!(exit_code(&response), 2);
    assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&cli));
    let value = json(&body);
    assert_eq!(value["reports"].as_array().unwrap().len(), 1);
    let errors = value["errors"].to_string();
    for words in ["压缩炸弹", "DTD", "另存为 .docx", "OCR", "不是文本文件", "空"] {
        assert!(errors.contains(words), "{words}: {errors}");
    }
    assert_eq!(value["errors"].as_array().unwrap().len(), uploads.len() - 1, "{errors}");
}

fn small_limits() -> Limits {
    Limits { max_file_bytes: 1024, max_files: 3, workers: 1, queue: 0, timeout: Duration::from_millis(300) }
}

#[tokio::test]
async fn limits_refuse_with_413_and_a_chinese_json_error() {
    let app = app_with(Settings { limits: small_limits(), ..Settings::default() });
    let big = vec![b'a'; 2000];
    let (response, body) = send(&app, files("/api/check", &[("big.txt", big.clone())])).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "file_too_large");
    assert!(json(&body)["error"]["message"].as_str().unwrap().contains("big.txt"));

    let raw = Request::post("/api/check?name=big.txt").body(Body::from(big)).unwrap();
    let (response, body) = send(&app, raw).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "file_too_large");

    // A declared length over the limit is refused before the body is read.
    let declared = Request::post("/api/check?name=big.txt")
        .header(header::CONTENT_LENGTH, "999999999")
        .body(Body::new(Stalled))
        .unwrap();
    let (response, body) = send(&app, declared).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(["too_large", "file_too_large"].contains(&error_code(&body).as_str()));

    let four: Vec<(&str, Vec<u8>)> = (0..4).map(|_| ("a.txt", b"x".to_vec())).collect();
    let (response, body) = send(&app, files("/api/check", &four)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "too_many_files");

    // Past the request limit (five files' worth) the body limit layer answers.
    let huge = vec![b'a'; 8000];
    let (response, body) = send(&app, files("/api/check", &[("a.txt", huge)])).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(["too_large", "file_too_large"].contains(&error_code(&body).as_str()));

    let (response, body) = send(&app, Request::post("/api/check").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "no_file");

    let (response, body) = send(&app, Request::get("/api/check").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&body), "method_not_allowed");
}

/// A request body that never arrives.
struct Stalled;

impl http_body::Body for Stalled {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

fn stalled_upload() -> Request<Body> {
    Request::post("/api/check")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::new(Stalled))
        .unwrap()
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_408() {
    let app = app_with(Settings { limits: small_limits(), ..Settings::default() });
    let (response, body) = send(&app, stalled_upload()).await;
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(error_code(&body), "timeout");
    assert!(json(&body)["error"]["message"].as_str().unwrap().contains("超时"));
}

#[tokio::test]
async fn past_the_queue_requests_are_shed_with_503_and_served_again_after() {
    let limits = Limits { timeout: Duration::from_secs(2), ..small_limits() };
    let app = app_with(Settings { limits, ..Settings::default() });
    let first = tokio::spawn({
        let app = app.clone();
        async move { send(&app, stalled_upload()).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let report = std::fs::read(fixture("seeds/hubin-2023.txt")).unwrap();
    let (response, body) = send(&app, files("/api/check", &[("hubin.txt", report[..900].to_vec())])).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_code(&body), "busy");
    assert_eq!(response.headers()[header::RETRY_AFTER], "5");
    // The page and the rule list are not behind the upload limit.
    let (response, _) = send(&app, Request::get("/api/rules").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (stalled, _) = first.await.unwrap();
    assert_eq!(stalled.status(), StatusCode::REQUEST_TIMEOUT);
    let (response, _) = send(&app, files("/api/check", &[("hubin.txt", report[..900].to_vec())])).await;
    assert_eq!(response.status(), StatusCode::OK, "the slot is free again");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = default_app();
    let requests = [
        Request::get("/").body(Body::empty()).unwrap(),
        Request::get("/app.js").body(Body::empty()).unwrap(),
        Request::get("/api/rules").body(Body::empty()).unwrap(),
        Request::get("/no-such-page").body(Body::empty()).unwrap(),
        files("/api/check", &[("a.txt", b"\xff\xfe\x00bad".to_vec())]),
    ];
    for request in requests {
        let uri = request.uri().to_string();
        let (response, _) = send(&app, request).await;
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], CSP, "{uri}");
        assert!(
            CSP.contains("script-src 'self'")
                && !CSP.contains("unsafe-inline")
                && CSP.contains("frame-ancestors 'none'")
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{uri}");
    }
    let (response, page) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    assert!(!page.contains("{{"), "every placeholder is filled");
    let inline_script = regex::Regex::new(r"<script(?:\s[^>]*)?>[^<]").unwrap();
    assert!(!inline_script.is_match(&page) && !page.contains(" on"), "no inline script or handler in the page");
}

#[tokio::test]
async fn the_token_is_required_in_every_request_and_the_host_is_checked() {
    let app = app_with(Settings { token: Some("s3cret-token".into()), ..Settings::default() });
    for uri in ["/", "/app.js", "/api/rules"] {
        let (response, body) = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(error_code(&body), "token_required");
    }
    let wrong = Request::get("/api/rules").header("x-fazhi-token", "s3cret-tokex").body(Body::empty()).unwrap();
    assert_eq!(send(&app, wrong).await.0.status(), StatusCode::UNAUTHORIZED);
    let bearer =
        Request::get("/api/rules").header(header::AUTHORIZATION, "Bearer s3cret-token").body(Body::empty()).unwrap();
    assert_eq!(send(&app, bearer).await.0.status(), StatusCode::OK);
    let (response, page) = send(&app, Request::get("/?token=s3cret-token").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("/app.js?token=s3cret-token") && page.contains("/app.css?token=s3cret-token"));
    let mut upload = files("/api/check", &[("a.txt", b"x".to_vec())]);
    assert_eq!(send(&app, upload).await.0.status(), StatusCode::UNAUTHORIZED);
    upload = files("/api/check", &[("a.txt", std::fs::read(fixture("seeds/hubin-2023.txt")).unwrap())]);
    upload.headers_mut().insert("x-fazhi-token", "s3cret-token".parse().unwrap());
    assert_eq!(send(&app, upload).await.0.status(), StatusCode::OK);

    let local = app_with(Settings { allowed_hosts: Some(loopback_hosts(8080)), ..Settings::default() });
    let good = Request::get("/api/rules").header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    assert_eq!(send(&local, good).await.0.status(), StatusCode::OK);
    let rebound = Request::get("/api/rules").header(header::HOST, "evil.example:8080").body(Body::empty()).unwrap();
    let (response, body) = send(&local, rebound).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "bad_host");
}

#[tokio::test]
async fn rules_annotate_and_initial() {
    let app = default_app();
    let (_, body) = send(&app, Request::get("/api/rules").body(Body::empty()).unwrap()).await;
    assert_eq!(String::from_utf8(body).unwrap(), super::fazhi(&["rules", "--format", "json"]).stdout);

    let docx = std::fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap();
    let (response, copy) = send(&app, files("/api/annotate", &[("hubin.docx", docx.clone())])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("hubin.fazhi.docx"));
    assert!(copy.starts_with(b"PK\x03\x04") && copy != docx);
    let (_, original) = send(&app, files("/api/check", &[("hubin.docx", docx.clone())])).await;
    let (_, again) = send(&app, files("/api/check", &[("hubin.docx", copy)])).await;
    let (original, again) = (json(&original), json(&again));
    assert_eq!(again["reports"][0]["score"], original["reports"][0]["score"], "the copy reads back the same");
    assert_eq!(again["reports"][0]["findings"], original["reports"][0]["findings"]);
    let (response, body) = send(&app, files("/api/annotate", &[("a.txt", b"text".to_vec())])).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "unreadable");

    assert_eq!(
        send(&app, Request::get("/api/initial").body(Body::empty()).unwrap()).await.0.status(),
        StatusCode::NO_CONTENT
    );
    let opened =
        app_with(Settings { initial: Some(("惠济 报告.docx".into(), docx.clone())), ..Settings::default() });
    let (response, body) = send(&opened, Request::get("/api/initial").body(Body::empty()).unwrap()).await;
    assert_eq!(body, docx);
    assert_eq!(response.headers()["x-fazhi-file-name"], "%E6%83%A0%E6%B5%8E%20%E6%8A%A5%E5%91%8A.docx");
}

#[tokio::test]
async fn the_audit_sheet_and_summary_download_as_attachments() {
    let app = default_app();
    let report = std::fs::read(fixture("seeds/hubin-2023.txt")).unwrap();
    let (response, body) = send(&app, files("/api/report?format=html", &[("hubin-2023.txt", report.clone())])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''hubin-2023."),
        "{disposition}"
    );
    let html = String::from_utf8(body).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("法治政府建设年度报告审核单"));
    let seeds: Vec<(String, Vec<u8>)> = ["hubin-2023.txt", "huiji-2022.txt"]
        .iter()
        .map(|n| ((*n).to_string(), std::fs::read(fixture("seeds").join(n)).unwrap()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = seeds.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (response, body) = send(&app, files("/api/report?format=xlsx", &refs)).await;
    assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".xlsx"));
    assert!(body.starts_with(b"PK\x03\x04"), "an XLSX is a zip");
    let (response, _) = send(&app, files("/api/report?format=pdf", &refs)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// Rebuilds the text of a report from the page's tokens, with `[id` and `]` around marks.
fn tokens_text(tokens: &[serde_json::Value]) -> (String, usize) {
    let mut text = String::new();
    let mut first_pieces = 0;
    for token in tokens {
        match token {
            serde_json::Value::String(s) => text.push_str(s),
            serde_json::Value::Object(o) if o.contains_key("open") && !o.contains_key("continued") => first_pieces += 1,
            _ => {}
        }
    }
    (text, first_pieces)
}

#[tokio::test]
async fn the_page_gets_text_tokens_one_first_mark_per_finding_and_no_markup() {
    let app = default_app();
    let xss = std::fs::read(root().join("fixtures/serve/xss.txt")).unwrap();
    let mut uploads: Vec<(&str, Vec<u8>)> = vec![("xss.txt", xss.clone())];
    uploads.push(("hubin-2023.txt", std::fs::read(fixture("seeds/hubin-2023.txt")).unwrap()));
    uploads.push(("hubin-2023-styled.docx", std::fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap()));
    let (response, body) = send(&app, files("/api/view", &uploads)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let view = json(&body);
    let reports = view["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    assert_eq!(view["summary"].as_array().unwrap().len(), 3);
    for (index, report) in reports.iter().enumerate() {
        assert_eq!(report["upload"], index);
        let findings = report["findings"].as_array().unwrap();
        let with_span = findings.iter().filter(|f| f["span"] == true).count();
        let (text, first_pieces) = tokens_text(report["text"].as_array().unwrap());
        assert_eq!(first_pieces, with_span, "{}", report["name"]);
        assert!(text.chars().count() >= report["chars"].as_u64().unwrap() as usize / 2);
        assert!(!report["elements"].as_array().unwrap().is_empty());
    }
    let (text, _) = tokens_text(reports[0]["text"].as_array().unwrap());
    let original = String::from_utf8(xss).unwrap();
    assert!(text.contains("<script>") && text.contains("onerror="), "markup arrives as text");
    assert!(text.contains("[U+202E]") && !text.contains('\u{202E}'), "the RTL override is shown, not obeyed");
    assert_eq!(text.replace("[U+202E]", "\u{202E}").replace("[U+202C]", "\u{202C}"), original);
    assert!(
        reports[1]["findings"].as_array().unwrap().iter().any(|f| f["location"].as_str().unwrap().starts_with("第"))
    );
    assert!(reports[2]["findings"].as_array().unwrap().iter().any(|f| f["location"].as_str().unwrap().contains("段")));
}

#[test]
fn the_page_script_never_writes_markup() {
    let script = std::fs::read_to_string(root().join("src/serve/assets/app.js")).unwrap();
    for forbidden in
        ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on"]
    {
        assert!(!script.contains(forbidden), "app.js uses {forbidden}");
    }
}

#[test]
fn every_error_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/http-api.md")).unwrap();
    let code = regex::Regex::new(r#"StatusCode::[A-Z_]+,\s*"([a-z_]+)""#).unwrap();
    let mut found = 0;
    for entry in std::fs::read_dir(root().join("src/serve")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            for m in code.captures_iter(&std::fs::read_to_string(&path).unwrap()) {
                found += 1;
                assert!(doc.contains(&format!("`{}`", &m[1])), "{} is not in docs/http-api.md", &m[1]);
            }
        }
    }
    assert!(found >= 10, "{found}");
}
