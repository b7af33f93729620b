//! Reader for PDFs with a text layer: characters with their positions from `pdf-extract`,
//! rebuilt into lines and paragraphs here, with the page of each paragraph as its place.
//!
//! `pdf-extract` trusts its input: it decompresses without limits, follows form `XObject`s
//! recursively and panics on many malformed inputs (about 100 `unwrap` sites,
//! `../shared/domain/dependencies.md` §3). So before it sees a file, `guard.rs` bounds what
//! decompression may produce and how deep drawing may recurse, images are emptied (their
//! pixels are never text), and the call runs inside `catch_unwind`.
//!
//! **Invariant:** a PDF either yields text located by page, or a `ReadError` that says what to
//! do (OCR for a scan, a password-free copy, a fresh export); it never takes the run down.

mod decode;
mod guard;
mod layout;
mod quiet;

use std::collections::HashMap;
use std::path::Path;

use pdf_extract::{
    ColorSpace, Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Path as PdfPath, PathOp, Stream,
    Transform,
};

use crate::source::{InputFormat, Origin, ReadError, SourceFile};

/// At most this many characters are collected; a report has well under a million.
const MAX_GLYPHS: usize = 20_000_000;

/// One character drawn on a page, in PDF units (y grows upwards).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Reads a PDF's text layer.
///
/// # Errors
/// `ReadError::Damaged` for a truncated, corrupt or password-protected file, `Unsafe` for one
/// built to exhaust memory or time, `NoText` for a scan without a text layer.
pub fn read(path: &Path, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    let outcome = quiet::catch(|| extract(bytes));
    let (pages, images) = match outcome {
        Ok(result) => result?,
        Err(_) => {
            return Err(damaged(
                "解析时遇到无法处理的结构（文件可能损坏，或由不常见的工具生成）；请用 WPS、Word 或 Acrobat 重新导出 PDF 后再检查",
            ));
        }
    };
    let n_pages = pages.len();
    let laid_out = layout::paragraphs(&pages);
    let visible = laid_out.text.chars().filter(|c| !c.is_whitespace()).count();
    if visible < 20 * n_pages.max(1) && visible < 200 {
        let what = if images > 0 { "页面是图片，像是扫描件" } else { "页面上没有可提取的文字" };
        return Err(ReadError::NoText(format!(
            "这份 PDF 共{n_pages}页，没有文字层（{what}）：需要先做文字识别（OCR），或取得由 Word/WPS 直接导出的 PDF，再检查"
        )));
    }
    let garbage = laid_out.text.chars().filter(|c| is_garbage(*c)).count();
    if garbage * 10 > visible * 3 {
        return Err(ReadError::NoText(format!(
            "这份 PDF 的文字层无法还原为汉字（{garbage}个字符是乱码，字体缺少 ToUnicode 映射）：请从原文档重新导出 PDF，或先做文字识别（OCR）"
        )));
    }
    let mut notes =
        vec![format!("从 PDF 文字层提取，共{n_pages}页；因排版折行的行已按段落重新合并，页眉页脚和页码未检查")];
    if laid_out.normalised > 0 {
        notes.push(format!("{}个康熙部首或兼容汉字（PDF 字体常见）已换成对应的常用汉字", laid_out.normalised));
    }
    if garbage > 0 {
        notes.push(format!("{garbage}个字符无法识别（字体缺少 ToUnicode 映射）"));
    }
    let origin = Origin { format: InputFormat::Pdf, places: laid_out.places, notes, ..Origin::default() };
    SourceFile::extracted(path, laid_out.text, "PDF", origin)
}

fn damaged(detail: &str) -> ReadError {
    ReadError::Damaged { format: "pdf", detail: detail.to_string() }
}

/// Loads the document under the guard's limits and collects the glyphs of each page; also
/// says how many images were emptied.
///
/// `pdf-extract` parses every font a page uses again on each page (its font cache is keyed
/// by resource name and emptied per page), which made a page cost about 30 ms. So consecutive
/// pages whose resource names stand for the same fonts are drawn in one pass: each page
/// becomes a form `XObject` (which `pdf-extract` draws with a fresh graphics state, as it draws
/// a page), one synthetic page draws the run's forms in order, and a marker fill before each
/// form tells the collector where the next page starts.
fn extract(bytes: &[u8]) -> Result<(Vec<Vec<Glyph>>, usize), ReadError> {
    let guard::Loaded { mut doc, images } = guard::load(bytes)?;
    let pages = guard::check_drawing(&doc)?;
    let n_pages = pages.len();
    let synthetic = draw_in_runs(&mut doc, pages);
    let mut collector = Collector { pages: vec![Vec::new(); n_pages], current: None, n_glyphs: 0 };
    for number in 1..=synthetic {
        // A run that cannot be drawn loses its text, not the whole file; an empty page shows in
        // the result as a missing 第N页.
        if let Err(OutputError::IoError(_)) = pdf_extract::output_doc_page(&doc, &mut collector, number) {
            return Err(ReadError::Unsafe {
                format: "pdf",
                detail: format!("文字超过{MAX_GLYPHS}个字符，不像一份年度报告"),
            });
        }
    }
    Ok((collector.pages, images))
}

/// Where a marker fill starts: no page draws a lone point this far outside it (a whole
/// number, so it survives lopdf reading content numbers as `f32`).
const MARK_X: f64 = -7_654_321.0;

/// Replaces the page tree with synthetic pages, one per run of pages that agree on their
/// fonts, and says how many there are.
fn draw_in_runs(doc: &mut Document, pages: Vec<guard::DrawnPage>) -> u32 {
    let mut runs: Vec<Vec<(usize, guard::DrawnPage)>> = Vec::new();
    let mut fonts: HashMap<Vec<u8>, guard::FontKey> = HashMap::new();
    let mut alone = false;
    for (index, page) in pages.into_iter().enumerate() {
        let conflicting = page.fonts.values().any(Option::is_none);
        let agrees = page.fonts.iter().all(|(name, key)| key.is_some_and(|k| fonts.get(name).is_none_or(|f| *f == k)));
        if runs.is_empty() || alone || conflicting || !agrees {
            runs.push(Vec::new());
            fonts.clear();
        }
        alone = conflicting;
        fonts.extend(page.fonts.iter().filter_map(|(name, key)| key.map(|k| (name.clone(), k))));
        runs.last_mut().expect("pushed above").push((index, page));
    }
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for run in runs {
        let mut xobjects = Dictionary::new();
        let mut content = Vec::new();
        for (index, page) in run {
            let mut form = Dictionary::new();
            form.set("Type", Object::Name(b"XObject".to_vec()));
            form.set("Subtype", Object::Name(b"Form".to_vec()));
            form.set("BBox", vec![0.into(), 0.into(), 1.into(), 1.into()]);
            form.set("Resources", page.resources.unwrap_or_else(|| Object::Dictionary(Dictionary::new())));
            let id = doc.add_object(Stream::new(form, page.content));
            let name = format!("P{index}");
            xobjects.set(name.as_bytes(), Object::Reference(id));
            content.extend_from_slice(format!("{MARK_X} {index} m f /{name} Do\n").as_bytes());
        }
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        let contents = doc.add_object(Stream::new(Dictionary::new(), content));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(tree));
        page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(contents));
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len();
    let mut node = Dictionary::new();
    node.set("Type", Object::Name(b"Pages".to_vec()));
    node.set("Count", i64::try_from(count).unwrap_or(i64::MAX));
    node.set("Kids", kids);
    doc.objects.insert(tree, Object::Dictionary(node));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Pages", Object::Reference(tree));
    }
    count as u32
}

fn is_garbage(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{FFFD}') || (c.is_control() && !c.is_whitespace())
}

/// Receives every character `pdf-extract` draws, and the marker fills that say which page
/// is being drawn.
struct Collector {
    pages: Vec<Vec<Glyph>>,
    current: Option<usize>,
    n_glyphs: usize,
}

impl OutputDev for Collector {
    fn fill(&mut self, _: &Transform, _: &ColorSpace, _: &[f64], path: &PdfPath) -> Result<(), OutputError> {
        if let [PathOp::MoveTo(x, index)] = path.ops[..]
            && x == MARK_X
            && index >= 0.0
            && (index as usize) < self.pages.len()
        {
            self.current = Some(index as usize);
        }
        Ok(())
    }

    fn begin_page(&mut self, _: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.n_glyphs += 1;
        if self.n_glyphs > MAX_GLYPHS {
            return Err(OutputError::IoError(std::io::Error::other("too many glyphs")));
        }
        // The size of the text as drawn: the font size through the text matrix.
        let (sx, sy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (sx * sy).abs().sqrt();
        if !size.is_finite() || size <= 0.0 || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        let glyph = Glyph { x: trm.m31, y: trm.m32, end: trm.m31 + width * size, size, text: text.to_string() };
        if let Some(page) = self.current.and_then(|at| self.pages.get_mut(at)) {
            page.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
