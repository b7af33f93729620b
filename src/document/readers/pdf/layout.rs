//! From characters on pages to paragraphs: characters on one baseline form a line, running
//! headers and page numbers at the top and bottom of pages are dropped, and a line that fills
//! the column without ending a sentence continues into the next one.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::Glyph;
use crate::document::parse_marker;
use crate::source::Place;

/// Page numbers as Chinese documents print them: `- 3 -`, `— 3 —`, `3`, `第3页`, `第3页 共9页`,
/// `3/9`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$",
    )
    .expect("page number pattern is valid")
});

/// A line as drawn.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    left: f64,
    right: f64,
    size: f64,
    page: usize,
    /// Whether a space was drawn at the end of the line (it belongs between this line and the
    /// next when they are one paragraph).
    trailing_space: bool,
}

/// The text of a PDF with where each page starts.
pub(super) struct LaidOut {
    /// One paragraph per line.
    pub text: String,
    /// Byte offset of each paragraph start and page change, with its page.
    pub places: Vec<(usize, Place)>,
    /// How many Kangxi radicals and compatibility ideographs were replaced.
    pub normalised: usize,
}

/// Lays out the glyphs of each page as paragraphs.
pub(super) fn paragraphs(pages: &[Vec<Glyph>]) -> LaidOut {
    let mut normalised = 0;
    let mut lines: Vec<Line> = Vec::new();
    let mut per_page: Vec<Vec<Line>> =
        pages.iter().enumerate().map(|(page, glyphs)| page_lines(glyphs, page + 1, &mut normalised)).collect();
    drop_page_furniture(&mut per_page);
    for page in per_page {
        lines.extend(page);
    }
    let column = Column::of(&lines);

    let mut text = String::new();
    let mut places = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in &lines {
        let continues = previous.is_some_and(|prev| column.continues(prev, line));
        if continues {
            if previous.is_some_and(|p| p.page != line.page) {
                places.push((text.len(), Place::Page(line.page)));
            }
            let ascii_pair = text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
                && line.text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if ascii_pair || previous.is_some_and(|p| p.trailing_space) {
                text.push(' ');
            }
        } else {
            if !text.is_empty() {
                text.push('\n');
            }
            places.push((text.len(), Place::Page(line.page)));
        }
        text.push_str(&line.text);
        previous = Some(line);
    }
    if !text.is_empty() {
        text.push('\n');
    }
    LaidOut { text, places, normalised }
}

/// The column and how paragraphs start in it.
struct Column {
    left: f64,
    right: f64,
    /// Whether paragraphs start with a first-line indent (公文 layout): then a line at the
    /// left margin always continues, whatever the line before it ends with.
    indents: bool,
}

impl Column {
    fn of(lines: &[Line]) -> Self {
        let left = lines.iter().map(|l| l.left).fold(f64::INFINITY, f64::min);
        let right = right_edge(lines);
        // Lines after a line that stops short of the right edge surely start a paragraph; the
        // layout indents when most of them start two characters (1.5–2.5 sizes) in.
        let (mut starts, mut indented) = (0, 0);
        for pair in lines.windows(2) {
            if right - pair[0].right > 1.5 * pair[0].size {
                starts += 1;
                indented += usize::from((1.5..=2.5).contains(&((pair[1].left - left) / pair[1].size)));
            }
        }
        Self { left, right, indents: starts >= 3 && indented * 2 >= starts }
    }

    /// Whether `next` continues the paragraph of `prev`: `prev` reaches the right edge of
    /// the column, and `next` is in the same type size, not a new heading, and either starts
    /// at the left margin or, like the second line of a wrapped title, is centred. Without
    /// first-line indents, a line that ends a sentence also ends its paragraph.
    fn continues(&self, prev: &Line, next: &Line) -> bool {
        let fills = self.right - prev.right <= 1.5 * prev.size;
        let body = prev.text.trim_end_matches(['”', '’', '）', ')', '】', '」', '』', ' ']);
        let ends_sentence = body.ends_with(['。', '；', '：', '！', '？', '.', ';', ':', '!', '?']);
        let at_margin = next.left - self.left < 0.8 * next.size;
        let centred = ((next.left + next.right) - (self.left + self.right)).abs() <= 2.0 * next.size
            && ((prev.left + prev.right) - (self.left + self.right)).abs() <= 2.0 * prev.size;
        let same_size = (prev.size - next.size).abs() <= 0.15 * prev.size;
        let breaks = if self.indents { !at_margin && !centred } else { ends_sentence || !(at_margin || centred) };
        fills && same_size && !breaks && parse_marker(&next.text).is_none()
    }
}

/// Where full lines end. Not the rightmost line: a 。 or ， that hangs past the margin, or
/// a line that squeezes one more half-width character in, reaches further than the margin
/// the other lines are wrapped at, and measured from there every line of a left-aligned
/// page (the usual print of a plain-text or unjustified report) would end a paragraph.
/// The edge is the median right end of the lines that end within four type sizes of the
/// rightmost one, so a few overhanging lines do not move it.
fn right_edge(lines: &[Line]) -> f64 {
    let rightmost = lines.iter().map(|l| l.right).fold(f64::NEG_INFINITY, f64::max);
    let mut long: Vec<f64> = lines.iter().filter(|l| rightmost - l.right <= 4.0 * l.size).map(|l| l.right).collect();
    if long.is_empty() {
        return rightmost;
    }
    long.sort_by(f64::total_cmp);
    long[long.len() / 2]
}

/// Builds the lines of one page: glyphs are grouped into runs on one baseline, runs are
/// sorted top to bottom and left to right, and runs sharing a baseline are merged.
fn page_lines(glyphs: &[Glyph], page: usize, normalised: &mut usize) -> Vec<Line> {
    let mut runs: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in glyphs {
        let starts_new = runs.last().and_then(|run| run.last()).is_none_or(|last| {
            (glyph.y - last.y).abs() > 0.5 * last.size.max(glyph.size) || glyph.x < last.x - 0.5 * last.size
        });
        if starts_new {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(glyph);
        }
    }
    runs.retain(|run| !run.is_empty());
    runs.sort_by(|a, b| b[0].y.total_cmp(&a[0].y).then(a[0].x.total_cmp(&b[0].x)));
    let mut merged: Vec<Vec<&Glyph>> = Vec::new();
    for run in runs {
        match merged.last_mut() {
            Some(last) if (last[0].y - run[0].y).abs() <= 0.3 * last[0].size => {
                last.extend(run);
                last.sort_by(|a, b| a.x.total_cmp(&b.x));
            }
            _ => merged.push(run),
        }
    }
    merged.into_iter().filter_map(|glyphs| line_of(&glyphs, page, normalised)).collect()
}

fn line_of(glyphs: &[&Glyph], page: usize, normalised: &mut usize) -> Option<Line> {
    let mut text = String::new();
    let mut last_end: Option<(f64, char)> = None;
    for glyph in glyphs {
        let Some(first) = glyph.text.chars().next() else { continue };
        // Words of Latin text are often placed apart with no space character between them;
        // Chinese text never needs one, and spaces that are in the text come as characters.
        if let Some((end, previous)) = last_end
            && glyph.x - end > 0.25 * glyph.size
            && previous.is_ascii_alphanumeric()
            && first.is_ascii_alphanumeric()
        {
            text.push(' ');
        }
        for c in glyph.text.chars() {
            // Fonts map the space and the no-break space to one glyph; which one comes back
            // is the font's choice, not the author's.
            text.push(if c == '\u{A0}' { ' ' } else { normalise(c, normalised) });
        }
        last_end = glyph.text.chars().last().map(|c| (glyph.end, c));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
    let left = glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let right = glyphs.iter().map(|g| g.end).fold(f64::NEG_INFINITY, f64::max);
    let trailing_space = text.ends_with(char::is_whitespace);
    Some(Line { text: trimmed.to_string(), left, right, size, page, trailing_space })
}

/// Kangxi radicals (⼀ U+2F00) and compatibility ideographs look like common characters and
/// come out of PDF fonts in their place; rules need the common ones.
fn normalise(c: char, count: &mut usize) -> char {
    if matches!(c, '\u{2F00}'..='\u{2FD5}' | '\u{F900}'..='\u{FAFF}')
        && let Some(common) = c.nfkc().next()
        && common != c
    {
        *count += 1;
        return common;
    }
    c
}

/// Drops page numbers at the top or bottom of a page, and running headers or footers: the
/// same first or last line on at least half of the pages (three or more).
fn drop_page_furniture(pages: &mut [Vec<Line>]) {
    let mut edge_counts: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        if let Some(first) = page.first() {
            *edge_counts.entry(first.text.clone()).or_default() += 1;
        }
        if let Some(last) = page.last().filter(|_| page.len() > 1) {
            *edge_counts.entry(last.text.clone()).or_default() += 1;
        }
    }
    let n_pages = pages.len();
    let repeated = |text: &str| n_pages >= 3 && edge_counts.get(text).is_some_and(|n| n * 2 >= n_pages);
    for page in pages.iter_mut() {
        for _ in 0..2 {
            if page.last().is_some_and(|l| PAGE_NUMBER.is_match(&l.text) || repeated(&l.text)) {
                page.pop();
            }
            if page.first().is_some_and(|l| PAGE_NUMBER.is_match(&l.text) || repeated(&l.text)) {
                page.remove(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        // 16 pt type: a CJK character is 16 wide, an ASCII one half that.
        let mut at = x;
        text.chars()
            .map(|c| {
                let width = if c.is_ascii() { 8.0 } else { 16.0 };
                let glyph = Glyph { x: at, y, end: at + width, size: 16.0, text: c.to_string() };
                at += width;
                glyph
            })
            .collect()
    }

    #[test]
    fn wrapped_lines_join_and_headings_and_page_numbers_do_not() {
        let mut page = Vec::new();
        page.extend(glyphs("一、主要举措和成效", 90.0, 700.0));
        page.extend(glyphs("全年办理行政复议案件十二件，纠错三件，", 122.0, 670.0));
        page.extend(glyphs("调解成功率达百分之九十。", 90.0, 640.0));
        page.extend(glyphs("二、存在的不足", 90.0, 610.0));
        page.extend(glyphs("- 1 -", 280.0, 40.0));
        let second = glyphs("⼀是制度不全。", 122.0, 700.0);
        let out = paragraphs(&[page, second]);
        assert_eq!(
            out.text,
            "一、主要举措和成效\n全年办理行政复议案件十二件，纠错三件，调解成功率达百分之九十。\n二、存在的不足\n一是制度不全。\n"
        );
        assert_eq!(out.normalised, 1);
        assert_eq!(out.places.last(), Some(&(out.text.find("一是").unwrap(), Place::Page(2))));
    }

    /// A left-aligned page (no indents): full lines end at 410, one line hangs its 。 past
    /// the margin to 426, and the line with 100% stops one character short, because 罚 went
    /// down with the 》 that cannot start a line. Measured from the hanging 。, that line would
    /// end its paragraph and split 《行政处罚法》 in two.
    #[test]
    fn a_hanging_mark_does_not_move_the_margin() {
        let mut page = Vec::new();
        page.extend(glyphs("全区开展执法人员培训，组织全体执法人员参", 90.0, 700.0));
        page.extend(glyphs("加年度考试，合格率较上年提高，全年共培训。", 90.0, 670.0));
        page.extend(glyphs("全体人员考试合格率达100%，开展《行政处", 90.0, 640.0));
        page.extend(glyphs("罚法》学习。", 90.0, 610.0));
        page.extend(glyphs("下一步，我们将继续加强执法队伍建设，提升", 90.0, 580.0));
        page.extend(glyphs("执法人员的能力和水平。", 90.0, 550.0));
        let out = paragraphs(&[page]);
        assert_eq!(
            out.text,
            "全区开展执法人员培训，组织全体执法人员参加年度考试，合格率较上年提高，全年共培训。\n\
             全体人员考试合格率达100%，开展《行政处罚法》学习。\n\
             下一步，我们将继续加强执法队伍建设，提升执法人员的能力和水平。\n"
        );
    }
}
