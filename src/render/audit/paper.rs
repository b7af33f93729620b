//! Pages of the natively printed audit (`--format pdf`): a small flow layout of rows of text
//! cells on A4 portrait, and the PDF written from it with krilla. Each [`Part`] (the summary, a
//! sheet) starts on a new page; every page carries the running header (the part's title), the
//! run's date and 第 n 页 共 N 页, counted over the file being written.
//!
//! **Invariant:** the same parts, font and date give the same bytes: the creation date and the
//! document id come from the caller, nothing reads the clock, and nothing iterates a hash map
//! into the output.

use std::cell::RefCell;
use std::collections::HashMap;

use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::fonts::FontChoice;
use super::linebreak::break_lines;

/// A4 portrait in PDF points (210 × 297 mm).
pub const A4: (f32, f32) = (595.28, 841.89);
const MARGIN_X: f32 = 48.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = 60.0;
const PAD: f32 = 3.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.45;

/// A colour as red, green, blue.
pub type Colour = (u8, u8, u8);
/// Body text.
pub const BLACK: Colour = (17, 17, 17);
/// Errors, missing elements.
pub const RED: Colour = (179, 21, 27);
/// Warnings, partial elements.
pub const ORANGE: Colour = (166, 92, 0);
/// Elements present, a report that may be sent.
pub const GREEN: Colour = (17, 112, 58);
/// Small print.
pub const GREY: Colour = (85, 85, 85);

/// One cell of a row: its share of the text width and its text.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Share of the content width, 0–1.
    pub width: f32,
    /// The text (newlines start new lines).
    pub text: String,
    /// Its colour.
    pub colour: Colour,
}

/// A row of cells side by side; a paragraph is a row of one unboxed cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// Font size in points.
    pub size: f32,
    /// Whether the cells are drawn as table cells with borders.
    pub boxed: bool,
    /// A background for the whole row (table headers, quoted text).
    pub shade: Option<Colour>,
    /// Space above the row.
    pub space_before: f32,
    /// Keep the row on the page of the next one (headings), and whole (never split).
    pub keep: bool,
}

impl Row {
    /// A paragraph of one colour.
    #[must_use]
    pub fn text(text: impl Into<String>, size: f32, colour: Colour) -> Self {
        Row {
            cells: vec![Cell { width: 1.0, text: text.into(), colour }],
            size,
            boxed: false,
            shade: None,
            space_before: 2.0,
            keep: false,
        }
    }

    /// A heading: larger, space above, kept with what follows.
    #[must_use]
    pub fn heading(text: impl Into<String>, size: f32) -> Self {
        Row { space_before: size * 0.9, keep: true, ..Row::text(text, size, BLACK) }
    }

    /// A table row with borders; `cells` are (share of the width, text).
    #[must_use]
    pub fn table(cells: Vec<(f32, String)>, size: f32) -> Self {
        Row {
            cells: cells.into_iter().map(|(width, text)| Cell { width, text, colour: BLACK }).collect(),
            size,
            boxed: true,
            shade: None,
            space_before: 0.0,
            keep: false,
        }
    }
}

/// One part of the printed file: the summary or one sheet, starting on a new page.
#[derive(Debug, Clone)]
pub struct Part {
    /// The running header of its pages (the report's title or issuer; the summary's title).
    pub header: String,
    /// Its rows, in order.
    pub rows: Vec<Row>,
}

/// What the file says about itself: title, the run's date, an id made from its inputs.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// The document title (PDF metadata).
    pub title: String,
    /// The run's date as printed on every page (`2025-03-01`).
    pub date: String,
    /// The run's time (UTC): year, month, day, hour, minute, second.
    pub created: (u16, u8, u8, u8, u8, u8),
    /// A string that identifies the inputs; the PDF's id is derived from it.
    pub id: String,
    /// fazhi's name and version (the PDF's producer).
    pub producer: String,
}

/// Why the PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    /// The font cannot be embedded.
    #[error("字体 {path} 无法嵌入 PDF：{reason}")]
    Font {
        /// The font file.
        path: String,
        /// What krilla said.
        reason: String,
    },
    /// The PDF writer failed.
    #[error("无法生成 PDF：{0}")]
    Writer(String),
}

/// The font: krilla's handle for drawing and the advances of its glyphs for measuring.
struct Face {
    font: Font,
    data: std::sync::Arc<Vec<u8>>,
    index: u32,
    /// Glyph id and advance (in em) of every character measured so far.
    glyphs: RefCell<HashMap<char, (u32, f32)>>,
}

impl Face {
    fn new(choice: &FontChoice) -> Result<Self, PaperError> {
        let data = std::sync::Arc::new(choice.data.clone());
        let font = Font::new(krilla::Data::from(data.clone()), choice.index).ok_or_else(|| PaperError::Font {
            path: choice.path.display().to_string(),
            reason: "不是可用的字体".to_string(),
        })?;
        Ok(Face { font, data, index: choice.index, glyphs: RefCell::new(HashMap::new()) })
    }

    /// The glyph and advance (em) of `c`; a character the font lacks is drawn as its `?` (the
    /// text layer keeps the character), so no `.notdef` glyph reaches the page.
    fn glyph(&self, c: char) -> (u32, f32) {
        if let Some(known) = self.glyphs.borrow().get(&c) {
            return *known;
        }
        let measured = ttf_parser::Face::parse(&self.data, self.index).ok().map_or((0, 0.5), |face| {
            let em = f32::from(face.units_per_em());
            let lookup = |ch: char| {
                face.glyph_index(ch)
                    .map(|g| (u32::from(g.0), face.glyph_hor_advance(g).map_or(0.5, |a| f32::from(a) / em)))
            };
            let fallback = if c.is_ascii() { '?' } else { '□' };
            lookup(c).or_else(|| lookup(fallback)).or_else(|| lookup('?')).unwrap_or((0, 0.5))
        });
        self.glyphs.borrow_mut().insert(c, measured);
        measured
    }

    fn width(&self, c: char, size: f32) -> f32 {
        if c == '\t' { size * 2.0 } else { self.glyph(c).1 * size }
    }
}

/// `text` with the signs CJK fonts seldom have spelled out: ‱ (万分之, in 差错率) is not in
/// Noto or Source Han, and ✗ (a missing element) is printed as ×.
fn printable(text: &str) -> String {
    text.replace("（‱）", "（万分之）").replace('‱', "/万").replace('✗', "×")
}

/// A piece of a laid-out page.
enum Item {
    Text { x: f32, y: f32, size: f32, colour: Colour, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<Colour>, stroke: bool },
}

struct Page {
    part: usize,
    items: Vec<Item>,
}

/// Lays `parts` out and writes them as one PDF (PDF/A-2b when krilla's validator accepts the
/// content, plain PDF otherwise).
///
/// # Errors
/// `Font` when the font cannot be embedded, `Writer` when krilla fails.
pub fn write(parts: &[Part], font: &FontChoice, info: &FileInfo, recto: bool) -> Result<Vec<u8>, PaperError> {
    let face = Face::new(font)?;
    let pages = layout(parts, &face, recto);
    match draw(parts, &pages, &face, info, true) {
        Ok(bytes) => Ok(bytes),
        // A font or content PDF/A forbids (a font whose licence bars embedding): plain PDF.
        Err(krilla::error::KrillaError::Validation(_)) => {
            draw(parts, &pages, &face, info, false).map_err(|e| writer_error(&e, font))
        }
        Err(e) => Err(writer_error(&e, font)),
    }
}

fn writer_error(e: &krilla::error::KrillaError, font: &FontChoice) -> PaperError {
    match e {
        krilla::error::KrillaError::Font(_, reason) => {
            PaperError::Font { path: font.path.display().to_string(), reason: reason.clone() }
        }
        other => PaperError::Writer(format!("{other:?}")),
    }
}

/// Lays the parts out on pages; with `recto`, every part starts on an odd page (a right-hand
/// page when printed on both sides), after a blank page where needed.
fn layout(parts: &[Part], face: &Face, recto: bool) -> Vec<Page> {
    let content_width = A4.0 - 2.0 * MARGIN_X;
    let bottom = A4.1 - BOTTOM;
    let mut pages: Vec<Page> = Vec::new();
    for (part_idx, part) in parts.iter().enumerate() {
        if recto && pages.len() % 2 == 1 {
            // The back of the previous part's last page stays blank but for its furniture.
            pages.push(Page { part: part_idx - 1, items: Vec::new() });
        }
        pages.push(Page { part: part_idx, items: Vec::new() });
        let mut y = TOP;
        for (row_idx, row) in part.rows.iter().enumerate() {
            let line_height = row.size * LEADING;
            let cells: Vec<(f32, f32, Vec<String>, Colour)> = {
                let mut x = MARGIN_X;
                row.cells
                    .iter()
                    .map(|cell| {
                        let w = cell.width * content_width;
                        let inner = if row.boxed || row.shade.is_some() { w - 2.0 * PAD } else { w };
                        let lines = break_lines(&printable(&cell.text), inner, |c| face.width(c, row.size));
                        let placed = (x, w, lines, cell.colour);
                        x += w;
                        placed
                    })
                    .collect()
            };
            let n_lines = cells.iter().map(|c| c.2.len()).max().unwrap_or(1);
            let pad = if row.boxed || row.shade.is_some() { PAD } else { 0.0 };
            let height = n_lines as f32 * line_height + 2.0 * pad;
            // A heading needs room for itself and the first lines of what follows.
            let next_room =
                if row.keep { part.rows.get(row_idx + 1).map_or(0.0, |n| n.size * LEADING * 5.0) } else { 0.0 };
            let fresh = y <= TOP + 0.5;
            if !fresh && y + row.space_before + height + next_room > bottom && (row.keep || height <= bottom - TOP) {
                pages.push(Page { part: part_idx, items: Vec::new() });
                y = TOP;
            } else if !fresh {
                y += row.space_before;
            }
            // Lines go down the page; a row longer than the space left continues on the next.
            let mut first = 0;
            while first < n_lines {
                let room = ((bottom - y - 2.0 * pad) / line_height).floor().max(1.0) as usize;
                let take = room.min(n_lines - first);
                let h = take as f32 * line_height + 2.0 * pad;
                let page = pages.last_mut().map(|p| &mut p.items);
                let Some(items) = page else { break };
                for (x, w, lines, colour) in &cells {
                    if row.boxed || row.shade.is_some() {
                        items.push(Item::Rect { x: *x, y, w: *w, h, fill: row.shade, stroke: row.boxed });
                    }
                    for (k, line) in lines.iter().enumerate().skip(first).take(take) {
                        if line.is_empty() {
                            continue;
                        }
                        let baseline = y + pad + (k - first) as f32 * line_height + row.size * 1.05;
                        items.push(Item::Text {
                            x: x + pad,
                            y: baseline,
                            size: row.size,
                            colour: *colour,
                            text: line.clone(),
                        });
                    }
                }
                y += h;
                first += take;
                if first < n_lines {
                    pages.push(Page { part: part_idx, items: Vec::new() });
                    y = TOP;
                }
            }
        }
    }
    pages
}

fn draw(
    parts: &[Part],
    pages: &[Page],
    face: &Face,
    info: &FileInfo,
    archival: bool,
) -> Result<Vec<u8>, krilla::error::KrillaError> {
    let mut settings = SerializeSettings::default();
    if archival && let Ok(configuration) = ConfigurationBuilder::new().with_archival_validator(Archival::A2_B).finish()
    {
        settings.configuration = configuration;
    }
    settings.enable_tagging = false;
    let mut document = Document::new_with(settings);
    let (year, month, day, hour, minute, second) = info.created;
    document.set_metadata(
        Metadata::new()
            .title(info.title.clone())
            .language("zh-CN".to_string())
            .producer(info.producer.clone())
            .creator(info.producer.clone())
            .creation_date(
                DateTime::new(year)
                    .month(month)
                    .day(day)
                    .hour(hour)
                    .minute(minute)
                    .second(second)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0),
            )
            .document_id(info.id.clone()),
    );
    let total = pages.len();
    // krilla's default page is A4 rounded to whole points.
    let settings = PageSettings::from_wh(A4.0, A4.1).unwrap_or_default();
    for (n, page) in pages.iter().enumerate() {
        let mut krilla_page = document.start_page_with(settings.clone());
        let mut surface = krilla_page.surface();
        let mut items: Vec<Item> = furniture(&parts[page.part].header, &info.date, n + 1, total, face);
        items.extend(page.items.iter().map(Item::copy));
        for item in &items {
            match item {
                Item::Rect { x, y, w, h, fill, stroke } => {
                    let mut builder = PathBuilder::new();
                    let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else { continue };
                    builder.push_rect(rect);
                    let Some(path) = builder.finish() else { continue };
                    surface.set_fill(fill.map(|c| Fill {
                        paint: colour(c).into(),
                        opacity: NormalizedF32::ONE,
                        rule: krilla::paint::FillRule::default(),
                    }));
                    surface.set_stroke(stroke.then(|| Stroke {
                        paint: colour((119, 119, 119)).into(),
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
                Item::Text { x, y, size, colour: c, text } => {
                    let glyphs = glyph_run(text, face);
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: colour(*c).into(),
                        opacity: NormalizedF32::ONE,
                        rule: krilla::paint::FillRule::default(),
                    }));
                    surface.draw_glyphs(Point::from_xy(*x, *y), &glyphs, face.font.clone(), text, *size, false);
                }
            }
        }
        surface.finish();
        krilla_page.finish();
    }
    document.finish()
}

impl Item {
    fn copy(&self) -> Item {
        match self {
            Item::Text { x, y, size, colour, text } => {
                Item::Text { x: *x, y: *y, size: *size, colour: *colour, text: text.clone() }
            }
            Item::Rect { x, y, w, h, fill, stroke } => {
                Item::Rect { x: *x, y: *y, w: *w, h: *h, fill: *fill, stroke: *stroke }
            }
        }
    }
}

fn colour((r, g, b): Colour) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// The glyphs of one line, each tied to its character for the text layer.
fn glyph_run(text: &str, face: &Face) -> Vec<KrillaGlyph> {
    text.char_indices()
        .map(|(i, c)| {
            let (id, advance) = if c == '\t' { (face.glyph(' ').0, 2.0) } else { face.glyph(c) };
            KrillaGlyph::new(GlyphId::new(id), advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
        })
        .collect()
}

/// The header (the part's title on the left, the run's date on the right, a rule under them)
/// and the footer (第 n 页 共 N 页, centred) of one page.
fn furniture(header: &str, date: &str, n: usize, total: usize, face: &Face) -> Vec<Item> {
    let size = 8.5;
    let right = A4.0 - MARGIN_X;
    let date_text = format!("检查日期：{date}");
    let date_width: f32 = date_text.chars().map(|c| face.width(c, size)).sum();
    // The header is cut to one line, leaving room for the date.
    let room = right - MARGIN_X - date_width - 12.0;
    let mut shown = String::new();
    let mut used = 0.0;
    for c in header.chars() {
        let w = face.width(c, size);
        if used + w > room - face.width('…', size) {
            shown.push('…');
            break;
        }
        shown.push(c);
        used += w;
    }
    let footer = format!("第 {n} 页 共 {total} 页");
    let footer_width: f32 = footer.chars().map(|c| face.width(c, size)).sum();
    vec![
        Item::Text { x: MARGIN_X, y: 40.0, size, colour: GREY, text: shown },
        Item::Text { x: right - date_width, y: 40.0, size, colour: GREY, text: date_text },
        Item::Rect { x: MARGIN_X, y: 45.0, w: right - MARGIN_X, h: 0.5, fill: Some(GREY), stroke: false },
        Item::Text { x: (A4.0 - footer_width) / 2.0, y: A4.1 - 32.0, size, colour: GREY, text: footer },
    ]
}
