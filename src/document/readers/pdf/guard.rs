//! Limits checked before `pdf-extract` sees a PDF, because it has none of its own: how much
//! the streams decode to (every filter layer, measured on the dictionaries as `lopdf` parsed
//! them), how many objects there are once object streams are expanded, how many pages, how
//! many character codes a `ToUnicode` map spans, and how deep and how often drawing recurses
//! into form `XObject`s.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use std::cell::RefCell;
use std::collections::HashMap;

use super::decode;
use crate::source::ReadError;

/// What all streams that are not images may decode to together. A 100-page report with
/// embedded subset fonts decodes to a few MB; four fully embedded Chinese fonts to about 50.
pub(super) const MAX_DECODED: usize = 64 * 1024 * 1024;
/// Past this size a single stream must also not expand more than `MAX_RATIO` times.
const RATIO_CHECK_FROM: usize = 16 * 1024 * 1024;
/// Real content and font streams compress 3–20 times; runs of zeros 1000 times.
const MAX_RATIO: usize = 200;
/// Objects after object streams are expanded: a 300-page report has about 10,000.
pub(super) const MAX_OBJECTS: usize = 100_000;
/// Pages: an annual report has tens, a long one a few hundred.
pub(super) const MAX_PAGES: usize = 2_000;
/// Character codes one `ToUnicode` map may span: a two-byte code space has 65,536.
pub(super) const MAX_CMAP_CODES: u64 = 65_536;
/// Bytes of page and form content drawn in the whole document, counting each form as often
/// as it is drawn: a 100-page report draws a few MB.
const MAX_DRAWN: usize = 64 * 1024 * 1024;
/// Form `XObject`s drawn inside each other deeper than this are a loop.
const MAX_FORM_DEPTH: usize = 24;
/// Form `XObject`s drawn in the whole document, counting repeats.
const MAX_FORM_CALLS: usize = 50_000;

fn unsafe_pdf(detail: String) -> ReadError {
    ReadError::Unsafe { format: "pdf", detail }
}

/// Checks the raw bytes before `lopdf` parses them: the object count, and what the
/// cross-reference streams decode to, since `lopdf` decodes those while it reads the
/// cross-reference, before any load filter sees an object. Each stream's dictionary is parsed
/// with `lopdf`'s own parser, so filter and type names are read as `lopdf` will read them.
///
/// # Errors
/// `ReadError::Unsafe` naming the limit that was hit.
fn check_bytes(bytes: &[u8]) -> Result<(), ReadError> {
    let objects = memchr::memmem::find_iter(bytes, b" obj").count();
    if objects > MAX_OBJECTS {
        return Err(unsafe_pdf(format!("文件有{objects}个对象（上限{MAX_OBJECTS}），不像一份年度报告")));
    }
    let mut decoded = 0usize;
    // Where the dictionary of the next stream may start: after the last `obj` keyword, and
    // never before the end of the previous stream's data, so every byte is parsed once.
    let mut dict_from = 0usize;
    let mut objs = memchr::memmem::find_iter(bytes, b"obj").peekable();
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        if at < dict_from || (at >= 3 && &bytes[at - 3..at] == b"end") {
            continue;
        }
        while let Some(&obj) = objs.peek()
            && obj < at
        {
            dict_from = dict_from.max(obj + 3);
            objs.next();
        }
        let mut data = at + b"stream".len();
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let end = memchr::memmem::find(&bytes[data..], b"endstream").map_or(bytes.len(), |e| data + e);
        let head = &bytes[dict_from..at + b"stream".len()];
        dict_from = end;
        let Ok(content) = Content::decode(head) else { continue };
        let Some(Object::Dictionary(dict)) =
            content.operations.last().filter(|op| op.operator == "stream").and_then(|op| op.operands.last())
        else {
            continue;
        };
        if !dict.has_type(b"XRef") {
            continue;
        }
        let stream = Stream::new(dict.clone(), bytes[data..end].to_vec());
        let data = measure(&stream, MAX_DECODED - decoded).map_err(unsafe_pdf)?;
        decoded += data.len();
    }
    Ok(())
}

/// What the load filter has seen so far on this thread: `lopdf` (built without its `rayon`
/// feature, as `pdf-extract` builds it) loads objects one after the other on the calling
/// thread, and calls the filter for each object before it expands an object stream.
struct Loading {
    /// Objects kept, including those inside object streams.
    objects: usize,
    /// Bytes the object streams decoded to.
    decoded: usize,
    /// Why loading stopped.
    refusal: Option<String>,
}

thread_local! {
    static LOADING: RefCell<Option<Loading>> = const { RefCell::new(None) };
}

/// What `load` measured, for the checks after it.
pub(super) struct Loaded {
    pub doc: Document,
    /// Images whose data was dropped (their pixels are never text).
    pub images: usize,
}

/// Parses the PDF with every limit applied: object streams are measured before `lopdf`
/// expands them, then every other stream is measured, `ToUnicode` maps are checked, images are
/// emptied and the pages counted, all before `pdf-extract` decodes anything.
///
/// # Errors
/// `Damaged` when the file cannot be parsed or needs a password, `Unsafe` naming the limit hit.
pub(super) fn load(bytes: &[u8]) -> Result<Loaded, ReadError> {
    check_bytes(bytes)?;
    LOADING.with_borrow_mut(|l| *l = Some(Loading { objects: 0, decoded: 0, refusal: None }));
    let options = LoadOptions { filter: Some(keep), ..LoadOptions::default() };
    let parsed = Document::load_mem_with_options(bytes, options);
    let loading = LOADING.with_borrow_mut(Option::take).expect("set above");
    if let Some(reason) = loading.refusal {
        return Err(unsafe_pdf(reason));
    }
    let mut doc = parsed.map_err(|e| {
        super::damaged(&format!("文件不完整或结构损坏（{e}）；如果是下载的文件，请重新下载，或从原文档重新导出 PDF"))
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(super::damaged("文件已加密，需要密码才能打开；请取得未加密的 PDF，或从原文档重新导出"));
    }
    if doc.objects.len() > MAX_OBJECTS {
        return Err(too_many_objects(doc.objects.len()));
    }
    // An encrypted file is loaded without the filter: its object streams are measured here.
    let measured_at_load = loading.objects > 0;
    let images = check_streams(&mut doc, loading.decoded, measured_at_load)?;
    let pages = doc.page_iter().take(MAX_PAGES + 1).count();
    if pages > MAX_PAGES {
        return Err(unsafe_pdf(format!("页面超过{MAX_PAGES}页，不像一份年度报告")));
    }
    Ok(Loaded { doc, images })
}

fn too_many_objects(objects: usize) -> ReadError {
    unsafe_pdf(format!("文件有{objects}个以上的对象（上限{MAX_OBJECTS}），不像一份年度报告"))
}

fn over_budget() -> String {
    format!("压缩数据解压后超过{} MB，像是“压缩炸弹”", MAX_DECODED / (1024 * 1024))
}

/// The stream decoded within `limit` bytes and within `MAX_RATIO`, or the reason it is not.
fn measure(stream: &Stream, limit: usize) -> Result<Vec<u8>, String> {
    let data = decode::decoded(stream, limit).ok_or_else(over_budget)?;
    if data.len() > RATIO_CHECK_FROM && data.len() > MAX_RATIO * stream.content.len() {
        return Err(format!(
            "一段{}字节的压缩数据解压后有{} MB，像是“压缩炸弹”",
            stream.content.len(),
            data.len() / (1024 * 1024)
        ));
    }
    Ok(data)
}

/// The load filter: counts objects and measures each object stream before `lopdf` expands
/// it; once a limit is hit every further object is dropped, so loading ends quickly.
///
/// `lopdf` keeps the object it passed in (changed in place) for objects read from the file,
/// and the returned one for objects from object streams, which are never streams.
fn keep(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let kept = LOADING.with_borrow_mut(|loading| {
        let Some(loading) = loading.as_mut() else { return true };
        if loading.refusal.is_some() {
            return false;
        }
        loading.objects += 1;
        if loading.objects > MAX_OBJECTS {
            loading.refusal = Some(format!("文件有{MAX_OBJECTS}个以上的对象，不像一份年度报告"));
            return false;
        }
        let Object::Stream(stream) = object else { return true };
        if !stream.dict.has_type(b"ObjStm") {
            return true;
        }
        let data = match measure(stream, MAX_DECODED - loading.decoded) {
            Ok(data) => data,
            Err(reason) => {
                loading.refusal = Some(reason);
                return false;
            }
        };
        loading.decoded += data.len();
        // lopdf reads every number pair before `/First`, whatever `/N` says.
        let first = stream.dict.get(b"First").and_then(Object::as_i64).unwrap_or(0);
        let index = data.get(..usize::try_from(first).unwrap_or(0).min(data.len())).unwrap_or_default();
        let entries = index.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).count() / 2;
        if loading.objects + entries > MAX_OBJECTS {
            loading.refusal = Some(format!("对象流中有{entries}个对象，总数超过上限{MAX_OBJECTS}，不像一份年度报告"));
            return false;
        }
        true
    });
    if !kept {
        return None;
    }
    let returned = if matches!(object, Object::Stream(_)) { Object::Null } else { object.clone() };
    Some((id, returned))
}

/// Measures every stream that is not an image against what is left of `MAX_DECODED`, checks
/// the `ToUnicode` maps among them, and empties images: `pdf-extract` would otherwise
/// decompress the pixels and parse them as drawing commands. Says how many images there were.
fn check_streams(doc: &mut Document, mut decoded: usize, measured_at_load: bool) -> Result<usize, ReadError> {
    let mut images = 0;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.has_type(b"ObjStm") {
            if measured_at_load {
                continue;
            }
        } else if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image") {
            empty(stream);
            images += 1;
            continue;
        }
        let data = measure(stream, MAX_DECODED - decoded).map_err(unsafe_pdf)?;
        decoded += data.len();
        let codes = cmap_codes(&data);
        if codes > MAX_CMAP_CODES {
            return Err(unsafe_pdf(format!(
                "字体的字符映射（ToUnicode）覆盖{codes}个编码（上限{MAX_CMAP_CODES}），不像真实的字体"
            )));
        }
    }
    Ok(images)
}

fn empty(stream: &mut Stream) {
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(Vec::new());
}

/// How many character codes the `beginbfrange` sections of a `CMap` span: `pdf-extract`
/// expands every range code by code.
fn cmap_codes(data: &[u8]) -> u64 {
    let mut total = 0u64;
    let mut rest = data;
    while let Some(start) = memchr::memmem::find(rest, b"beginbfrange") {
        rest = &rest[start + b"beginbfrange".len()..];
        let end = memchr::memmem::find(rest, b"endbfrange").unwrap_or(rest.len());
        let section = &rest[..end];
        rest = &rest[end..];
        // Entries are `<low> <high> <dst>` or `<low> <high> [...]`.
        let mut codes: Vec<u32> = Vec::with_capacity(2);
        let mut at = 0;
        while at < section.len() {
            match section[at] {
                b'<' => {
                    let close = memchr::memchr(b'>', &section[at..]).map_or(section.len(), |c| at + c);
                    let hex: Vec<u8> = section[at + 1..close].iter().copied().filter(u8::is_ascii_hexdigit).collect();
                    codes.push(hex_code(&hex));
                    at = close + 1;
                }
                b'[' => {
                    let close = memchr::memchr(b']', &section[at..]).map_or(section.len(), |c| at + c);
                    codes.push(0);
                    at = close + 1;
                }
                _ => at += 1,
            }
            if codes.len() == 3 {
                if codes[1] >= codes[0] {
                    total += u64::from(codes[1] - codes[0]) + 1;
                }
                codes.clear();
            }
        }
    }
    total
}

/// A hex string as `adobe-cmap-parser` reads a code: its bytes big-endian, the last four kept.
fn hex_code(hex: &[u8]) -> u32 {
    let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0);
    let mut code = 0u32;
    for pair in hex.chunks(2) {
        let byte = digit(pair[0]) * 16 + pair.get(1).map_or(0, |&c| digit(c));
        code = (code << 8) | byte;
    }
    code
}

/// A page as `pdf-extract` will draw it: its content, its resources object, and the fonts
/// named in every resource dictionary drawing it visits.
pub(super) struct DrawnPage {
    pub content: Vec<u8>,
    /// The page's own (or inherited) `/Resources` entry as stored.
    pub resources: Option<Object>,
    /// Font resource names with the font each stands for; `None` when two resource
    /// dictionaries on the page give the name to different fonts.
    pub fonts: HashMap<Vec<u8>, Option<FontKey>>,
}

/// Which font a resource name stands for: an object, or a dictionary written in place
/// (known by its address in the loaded document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FontKey {
    Object(ObjectId),
    Direct(usize),
}

/// Checks the drawing `pdf-extract` will do: every page's form `XObject`s, followed the way it
/// follows them (by name through the resources in effect), must end within `MAX_FORM_DEPTH`
/// levels and `MAX_FORM_CALLS` calls, and all content drawn must stay within `MAX_DRAWN`.
/// `pdf-extract` recurses without a limit, and a form that draws itself would overflow the
/// stack, which no `catch_unwind` can catch. Returns the pages, in order.
///
/// # Errors
/// `ReadError::Unsafe` when drawing loops or explodes.
pub(super) fn check_drawing(doc: &Document) -> Result<Vec<DrawnPage>, ReadError> {
    let mut calls = 0usize;
    let mut drawn = 0usize;
    let mut pages = Vec::new();
    for page_id in doc.get_pages().into_values() {
        let content = doc.get_page_content(page_id).unwrap_or_default();
        drawn += content.len();
        if drawn > MAX_DRAWN {
            return Err(too_much_drawing());
        }
        let mut page = DrawnPage { content: Vec::new(), resources: None, fonts: HashMap::new() };
        let Ok(dict) = doc.get_dictionary(page_id) else {
            page.content = content;
            pages.push(page);
            continue;
        };
        page.resources = inherited_entry(doc, dict)?;
        let Some(resources) = inherited_resources(doc, dict)? else {
            page.content = content;
            pages.push(page);
            continue;
        };
        // (content bytes to scan, resources in effect, depth)
        let mut stack: Vec<(Vec<u8>, &Dictionary, usize)> = vec![(content.clone(), resources, 0)];
        while let Some((content, resources, depth)) = stack.pop() {
            note_fonts(doc, resources, &mut page.fonts);
            for (form, form_resources) in forms_drawn(doc, &content, resources) {
                let Ok(Object::Stream(form)) = doc.get_object(form) else { continue };
                let form = form.decompressed_content().unwrap_or_else(|_| form.content.clone());
                calls += 1;
                if depth + 1 > MAX_FORM_DEPTH || calls > MAX_FORM_CALLS {
                    return Err(unsafe_pdf(format!(
                        "页面中的图形对象相互嵌套超过{MAX_FORM_DEPTH}层或{MAX_FORM_CALLS}次，可能是循环引用"
                    )));
                }
                drawn += form.len();
                if drawn > MAX_DRAWN {
                    return Err(too_much_drawing());
                }
                stack.push((form, form_resources, depth + 1));
            }
        }
        page.content = content;
        pages.push(page);
    }
    Ok(pages)
}

/// Records the fonts a resource dictionary names.
fn note_fonts(doc: &Document, resources: &Dictionary, fonts: &mut HashMap<Vec<u8>, Option<FontKey>>) {
    let font_dict = match resources.get(b"Font") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(other) => other.as_dict().ok(),
        Err(_) => None,
    };
    let Some(font_dict) = font_dict else { return };
    for (name, value) in font_dict {
        let key = match value {
            Object::Reference(id) => FontKey::Object(*id),
            other => FontKey::Direct(std::ptr::from_ref(other) as usize),
        };
        fonts
            .entry(name.clone())
            .and_modify(|known| {
                if *known != Some(key) {
                    *known = None;
                }
            })
            .or_insert(Some(key));
    }
}

/// The page's `/Resources` entry as stored, inherited through `Parent` links.
fn inherited_entry(doc: &Document, page: &Dictionary) -> Result<Option<Object>, ReadError> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(resources) = node.get(b"Resources") {
            return Ok(Some(resources.clone()));
        }
        match node.get(b"Parent").and_then(Object::as_reference).and_then(|id| doc.get_dictionary(id)) {
            Ok(parent) => node = parent,
            Err(_) => return Ok(None),
        }
    }
    Err(unsafe_pdf("页面树的上级链接过长，可能是循环引用".to_string()))
}

fn too_much_drawing() -> ReadError {
    unsafe_pdf(format!(
        "页面和图形对象的绘制内容合计超过{} MB（同一内容被反复绘制），不像一份年度报告",
        MAX_DRAWN / (1024 * 1024)
    ))
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

/// The form `XObject`s a content stream draws with `Do`, each with the resources it runs with
/// (its own, or those of the caller).
fn forms_drawn<'a>(doc: &'a Document, content: &[u8], resources: &'a Dictionary) -> Vec<(ObjectId, &'a Dictionary)> {
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
            forms.push((id, own.unwrap_or(resources)));
        }
    }
    forms
}
