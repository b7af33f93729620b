//! Bodies of the fuzz targets in `fuzz/` and of the tests that replay their corpora: one per
//! reader and one for the rule loader. Each feeds arbitrary bytes through the public entry
//! point and asserts the contract every reader keeps: no panic escapes, the result is a
//! `ReadError` or a document, and a document's text is bounded and its spans are sound.
//!
//! Not part of the library's interface; kept here so that `cargo test` runs exactly what the
//! fuzzer runs.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::document::{Document, DocumentHints, readers};
use crate::source::{MAX_INPUT_BYTES, ReadError};

/// Most text a reader may return: as much as the largest input accepted. A .docx inflates,
/// but its parts are capped far below this.
pub const MAX_TEXT_BYTES: usize = MAX_INPUT_BYTES;

static HINTS: LazyLock<crate::pack::PackSettings> =
    LazyLock::new(|| crate::pack::PackSettings::builtin("default").expect("the default pack is built in"));

fn hints() -> &'static DocumentHints {
    &HINTS.document
}

/// Reads `data` as a file named `name` and checks the contract; returns what the reader said.
///
/// # Panics
/// When the reader breaks its contract (that is the point: the fuzzer reports the panic).
pub fn read_as(name: &str, data: &[u8]) -> Result<Document, ReadError> {
    let result = readers::read_bytes(Path::new(name), data, None, hints());
    if let Ok(doc) = &result {
        check_document(doc);
    }
    result
}

/// The invariants of a read document: bounded text, and every span inside it on character
/// boundaries, lines in order, each table's rows and cells inside it.
///
/// # Panics
/// When one does not hold.
pub fn check_document(doc: &Document) {
    let text = &doc.source.text;
    assert!(text.len() <= MAX_TEXT_BYTES, "{} bytes of text", text.len());
    let sound = |span: crate::source::Span| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for span in doc.lines.iter().chain(&doc.chrome).chain(&doc.front_matter) {
        assert!(sound(*span), "span {span:?} of {} bytes", text.len());
    }
    assert!(doc.lines.windows(2).all(|w| w[0].end <= w[1].start), "lines out of order");
    for heading in &doc.headings {
        assert!(sound(heading.span), "heading {:?}", heading.span);
    }
    for table in &doc.tables {
        assert!(sound(table.span), "table {:?}", table.span);
        for row in &table.rows {
            assert!(sound(row.span) && table.span.contains(row.span), "row {:?} of {:?}", row.span, table.span);
            for cell in &row.cells {
                assert!(sound(cell.span) && row.span.contains(cell.span), "cell {:?} of {:?}", cell.span, row.span);
            }
        }
    }
}

/// Plain text: encoding detection, decoding and the structure pass.
pub fn text(data: &[u8]) {
    let _ = read_as("报告.txt", data);
    let _ = read_as("报告.md", data);
}

/// A .docx (or any zip).
pub fn docx(data: &[u8]) {
    let _ = read_as("报告.docx", data);
}

/// An HTML page.
pub fn html(data: &[u8]) {
    let _ = read_as("报告.html", data);
}

/// A PDF.
pub fn pdf(data: &[u8]) {
    let _ = read_as("报告.pdf", data);
}

/// A rule file: loads without panicking, or gives located errors.
///
/// # Panics
/// When the loader panics, or refuses a file without saying why.
pub fn rule(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = crate::rules::load_rule("word/fuzz.toml", text, "word/fuzz", PathBuf::from("word/fuzz.toml")) {
        assert!(!errors.is_empty(), "a refused rule names its problems");
    }
}
