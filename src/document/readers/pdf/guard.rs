//! Limits checked before `pdf-extract` sees a PDF, because it has none of its own: how much
//! the compressed streams expand to, how many objects there are, and how deep and how often
//! drawing recurses into form `XObject`s.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

use crate::source::ReadError;

/// Largest total size the non-image streams may expand to. A 100-page report with embedded
/// Chinese fonts expands to a few tens of MB; a PDF bomb to gigabytes.
const MAX_INFLATED_TOTAL: u64 = 256 * 1024 * 1024;
/// Past this size a single stream must also not expand more than `MAX_RATIO` times.
const RATIO_CHECK_FROM: u64 = 16 * 1024 * 1024;
/// Real content and font streams compress 3–20 times; runs of zeros 1000 times.
const MAX_RATIO: u64 = 200;
/// More objects than this and parsing alone would take gigabytes.
const MAX_OBJECTS: usize = 500_000;
/// Form `XObject`s drawn inside each other deeper than this are a loop.
const MAX_FORM_DEPTH: usize = 24;
/// Form `XObject`s drawn in the whole document, counting repeats.
const MAX_FORM_CALLS: usize = 50_000;

fn unsafe_pdf(detail: String) -> ReadError {
    ReadError::Unsafe { format: "pdf", detail }
}

/// Checks the raw bytes: object count and how far every compressed stream that is not an
/// image expands, inflating into nothing with a running budget.
///
/// # Errors
/// `ReadError::Unsafe` naming the limit that was hit.
pub(super) fn check_bytes(bytes: &[u8]) -> Result<(), ReadError> {
    let objects = memchr::memmem::find_iter(bytes, b" obj").count();
    if objects > MAX_OBJECTS {
        return Err(unsafe_pdf(format!("文件有 {objects} 个对象（上限 {MAX_OBJECTS}），不像一份年度报告")));
    }
    let mut total = 0u64;
    let mut searched_to = 0usize;
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        // Skip the `stream` of `endstream` and anything inside a stream already inflated.
        if at < searched_to || (at >= 3 && &bytes[at - 3..at] == b"end") {
            continue;
        }
        let mut data = at + b"stream".len();
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) != Some(&b'\n') {
            continue;
        }
        data += 1;
        let dict_from = at.saturating_sub(4096);
        let dict = &bytes[dict_from..at];
        let dict = memchr::memmem::rfind(dict, b"obj").map_or(dict, |obj| &dict[obj..]);
        if memchr::memmem::find(dict, b"/FlateDecode").is_none() || memchr::memmem::find(dict, b"/Image").is_some() {
            continue;
        }
        let compressed_end = memchr::memmem::find(&bytes[data..], b"endstream").map_or(bytes.len(), |e| data + e);
        let compressed = &bytes[data..compressed_end];
        let budget = MAX_INFLATED_TOTAL - total;
        let inflated = inflated_size(compressed, budget);
        if inflated > budget {
            return Err(unsafe_pdf(format!(
                "压缩数据解压后超过 {} MB，像是“压缩炸弹”",
                MAX_INFLATED_TOTAL / (1024 * 1024)
            )));
        }
        if inflated > RATIO_CHECK_FROM && inflated > MAX_RATIO * compressed.len() as u64 {
            return Err(unsafe_pdf(format!(
                "一段 {} 字节的压缩数据解压后有 {} MB，像是“压缩炸弹”",
                compressed.len(),
                inflated / (1024 * 1024)
            )));
        }
        total += inflated;
        searched_to = compressed_end;
    }
    Ok(())
}

/// How many bytes `compressed` inflates to, reading at most `budget + 1` of them. Data that
/// is not valid zlib is tried as raw deflate, as `lopdf` does.
///
/// Bytes produced before an error count: a stream is often followed by an end-of-line before
/// `endstream`, which some inflate backends report as trailing garbage after the data.
fn inflated_size(compressed: &[u8], budget: u64) -> u64 {
    let count = |reader: &mut dyn Read| -> (u64, bool) {
        let mut reader = reader.take(budget + 1);
        let mut buffer = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => return (total, true),
                Ok(n) => total += n as u64,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return (total, false),
            }
        }
    };
    match count(&mut ZlibDecoder::new(compressed)) {
        (n, true) => n,
        (n, false) if n > 0 => n,
        _ => count(&mut DeflateDecoder::new(compressed)).0,
    }
}

/// Checks the drawing `pdf-extract` will do: every page's form `XObject`s, followed the way it
/// follows them (by name through the resources in effect), must end within `MAX_FORM_DEPTH`
/// levels and `MAX_FORM_CALLS` calls. `pdf-extract` recurses without a limit, and a form that
/// draws itself would overflow the stack, which no `catch_unwind` can catch.
///
/// # Errors
/// `ReadError::Unsafe` when drawing loops or explodes.
pub(super) fn check_drawing(doc: &Document) -> Result<(), ReadError> {
    let mut calls = 0usize;
    for page_id in doc.get_pages().into_values() {
        let Ok(page) = doc.get_dictionary(page_id) else { continue };
        let Some(resources) = inherited_resources(doc, page)? else { continue };
        let content = doc.get_page_content(page_id).unwrap_or_default();
        // (content bytes to scan, resources in effect, depth)
        let mut stack: Vec<(Vec<u8>, &Dictionary, usize)> = vec![(content, resources, 0)];
        while let Some((content, resources, depth)) = stack.pop() {
            for (form, form_resources) in forms_drawn(doc, &content, resources) {
                calls += 1;
                if depth + 1 > MAX_FORM_DEPTH || calls > MAX_FORM_CALLS {
                    return Err(unsafe_pdf(format!(
                        "页面中的图形对象相互嵌套超过 {MAX_FORM_DEPTH} 层或 {MAX_FORM_CALLS} 次，可能是循环引用"
                    )));
                }
                stack.push((form, form_resources, depth + 1));
            }
        }
    }
    Ok(())
}

/// The page's resources, inherited through `Parent` links as `pdf-extract` inherits them; a
/// `Parent` chain too long to be a page tree is refused, since it recurses along it.
fn inherited_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Result<Option<&'a Dictionary>, ReadError> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(resources) = node.get(b"Resources") {
            let resources = match resources {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                other => other.as_dict().ok(),
            };
            return Ok(resources);
        }
        match node.get(b"Parent").and_then(Object::as_reference).and_then(|id| doc.get_dictionary(id)) {
            Ok(parent) => node = parent,
            Err(_) => return Ok(None),
        }
    }
    Err(unsafe_pdf("页面树的上级链接过长，可能是循环引用".to_string()))
}

/// The form `XObject`s a content stream draws with `Do`, each with its content and the
/// resources it runs with (its own, or those of the caller).
fn forms_drawn<'a>(doc: &'a Document, content: &[u8], resources: &'a Dictionary) -> Vec<(Vec<u8>, &'a Dictionary)> {
    let Ok(content) = Content::decode(content) else { return Vec::new() };
    let xobjects = match resources.get(b"XObject") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(other) => other.as_dict().ok(),
        Err(_) => None,
    };
    let Some(xobjects) = xobjects else { return Vec::new() };
    let mut forms = Vec::new();
    for operation in content.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = operation.operands.first().and_then(|o| o.as_name().ok()) else { continue };
        let Ok(id): Result<ObjectId, _> = xobjects.get(name).and_then(Object::as_reference) else { continue };
        let Ok(Object::Stream(stream)) = doc.get_object(id) else { continue };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Form") {
            let own = stream.dict.get(b"Resources").ok().and_then(|r| match r {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                other => other.as_dict().ok(),
            });
            let body = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            forms.push((body, own.unwrap_or(resources)));
        }
    }
    forms
}
