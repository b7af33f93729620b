//! Hostile .docx structure: deep nesting and unbalanced complex fields. Each reproducer is a
//! few KB deflated and is generated here, not committed. They run through the real binary in
//! a child process, beside a good file, because a stack overflow aborts the whole process and
//! would take the test harness with it.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::fixture;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const V: &str = "urn:schemas-microsoft-com:vml";

/// Nesting depth of the reproducers: far past what any recursion on a 2 MB thread stack
/// survives, in debug and release builds alike.
const DEPTH: usize = 20_000;

/// A .docx whose `word/document.xml` body is `body`, deflated.
pub fn docx_with_body(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:v="{V}"><w:body>{body}</w:body></w:document>"#
    );
    docx_with_body_raw(document.as_bytes())
}

/// A .docx whose `word/document.xml` is `document`, deflated, with no relationships part.
pub fn docx_with_body_raw(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(content_types.as_bytes()).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap().into_inner()
}

/// `open` repeated `n` times, then `inner`, then `close` repeated `n` times.
fn nest(open: &str, inner: &str, close: &str, n: usize) -> String {
    let mut out = String::with_capacity((open.len() + close.len()) * n + inner.len());
    for _ in 0..n {
        out.push_str(open);
    }
    out.push_str(inner);
    for _ in 0..n {
        out.push_str(close);
    }
    out
}

const TEXT: &str = "<w:r><w:t>深层嵌套的文字。</w:t></w:r>";

/// Runs the fazhi binary with `args`, killing it after `limit` (a guard against a hang, not a
/// measurement). Returns the exit code (`None` when killed by a signal), stdout and stderr.
pub fn run_binary(args: &[&str], limit: Duration) -> (Option<i32>, String, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output()));
    let Ok(output) = receive.recv_timeout(limit) else {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        panic!("fazhi {args:?} did not finish within {limit:?}");
    };
    let output = output.unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Checks a folder with the good seed beside the reproducers and returns the JSON of the run.
fn check_folder(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    let (code, stdout, stderr) = run_binary(&args, Duration::from_mins(1));
    assert!(matches!(code, Some(0..=2)), "exit {code:?} (a crash?): {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"))
}

#[test]
fn deep_nesting_of_any_element_is_read_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("docx/hubin-2023-styled.docx"), dir.path().join("a-good.docx")).unwrap();
    let paragraph = format!("<w:p>{TEXT}</w:p>");
    let cases: Vec<(&str, String)> = vec![
        ("sdt", nest("<w:sdt><w:sdtContent>", &paragraph, "</w:sdtContent></w:sdt>", DEPTH)),
        ("table", nest("<w:tbl><w:tr><w:tc>", &paragraph, "</w:tc></w:tr></w:tbl>", DEPTH)),
        (
            "alternate-content",
            nest(
                r#"<mc:AlternateContent><mc:Choice Requires="wps">"#,
                &paragraph,
                "</mc:Choice></mc:AlternateContent>",
                DEPTH,
            ),
        ),
        (
            "alternate-content-inline",
            format!(
                "<w:p>{}</w:p>",
                nest(
                    r#"<mc:AlternateContent><mc:Choice Requires="wps">"#,
                    TEXT,
                    "</mc:Choice></mc:AlternateContent>",
                    DEPTH
                )
            ),
        ),
        ("text-box", nest("<w:p><w:r><w:txbxContent>", &paragraph, "</w:txbxContent></w:r></w:p>", DEPTH)),
        ("hyperlink", format!("<w:p>{}</w:p>", nest("<w:hyperlink>", TEXT, "</w:hyperlink>", DEPTH))),
        ("run", format!("<w:p>{}</w:p>", nest("<w:r>", "<w:t>深层嵌套的文字。</w:t>", "</w:r>", DEPTH))),
        (
            "custom-xml",
            nest(
                "<w:customXml>",
                &format!("<w:p>{}</w:p>", nest("<w:customXml>", TEXT, "</w:customXml>", DEPTH)),
                "</w:customXml>",
                DEPTH,
            ),
        ),
        (
            "field-simple",
            format!("<w:p>{}</w:p>", nest(r#"<w:fldSimple w:instr=" PAGE ">"#, TEXT, "</w:fldSimple>", DEPTH)),
        ),
        (
            "vml-group",
            format!(
                "<w:p><w:r><w:pict>{}</w:pict></w:r></w:p>",
                nest(
                    "<v:group>",
                    "<v:textbox><w:txbxContent><w:p><w:r><w:t>组中的文字。</w:t></w:r></w:p></w:txbxContent></v:textbox>",
                    "</v:group>",
                    DEPTH
                )
            ),
        ),
    ];
    for (name, body) in &cases {
        let bytes = docx_with_body(body);
        assert!(bytes.len() < 64 * 1024, "{name}: {} bytes", bytes.len());
        std::fs::write(dir.path().join(format!("nested-{name}.docx")), bytes).unwrap();
    }
    let json = check_folder(dir.path(), &[]);
    let reports = json["reports"].as_array().unwrap();
    let read: Vec<&str> = reports.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert!(read.iter().any(|p| p.ends_with("a-good.docx")), "the good file is checked: {json}");
    assert_eq!(json["errors"].as_array().unwrap().len(), 0, "{}", json["errors"]);
    assert_eq!(reports.len(), cases.len() + 1);
    // Each reproducer's one sentence was read, once.
    for report in reports.iter().filter(|r| r["path"].as_str().unwrap().contains("nested-")) {
        let chars = report["stats"]["chars"].as_u64().unwrap();
        assert!((7..=9).contains(&chars), "{}: {chars} characters", report["path"]);
    }
}

#[test]
fn unbalanced_complex_fields_are_read_in_linear_time() {
    // 100,000 fields that begin and separate but never end, each followed by a word of result:
    // the field stack grows to 100,000, and asking "is any field in its code part?" by
    // scanning the stack would make the walk quadratic (hours in a debug build).
    let mut paragraph = String::from("<w:p>");
    for _ in 0..100_000 {
        paragraph.push_str(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>字</w:t></w:r>"#);
    }
    paragraph.push_str("</w:p>");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("docx/hubin-2023-styled.docx"), dir.path().join("a-good.docx")).unwrap();
    std::fs::write(dir.path().join("fields.docx"), docx_with_body(&paragraph)).unwrap();
    // One rule keeps the output small: 100,000 characters in a row are a flood of findings.
    let json = check_folder(dir.path(), &["--select", "meta/title"]);
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2, "{}", json["errors"]);
    let fields = reports.iter().find(|r| r["path"].as_str().unwrap().ends_with("fields.docx")).unwrap();
    assert_eq!(fields["stats"]["chars"], 100_001, "every field result is text");
}
