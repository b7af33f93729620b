//! Lines of text from a walk over elements, as a browser lays them out.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{ElementRef, Node};

use super::table::{self, DataCell, VISIT_BUDGET};

/// Elements whose content is never report text.
pub(super) const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "textarea", "input",
    "head", "svg", "canvas", "audio", "video", "map",
];

/// Elements that start and end a line of text.
pub(super) const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "blockquote",
    "pre",
    "center",
    "address",
    "form",
    "hr",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
    "body",
    "html",
];

/// Text without any white space, for comparing titles.
pub(super) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}')
}

pub(super) fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Whether an element is hidden (`display:none`, `hidden`): none of its text is shown.
pub(super) fn is_hidden(e: &Element) -> bool {
    e.attr("style").is_some_and(|s| squeeze(s).to_ascii_lowercase().contains("display:none"))
        || e.attr("hidden").is_some()
}

/// Lines of text built from a walk over elements: blocks end lines, table cells are separated
/// by a tab, white space collapses as a browser collapses it. With `tables`, a table that
/// holds data gives one line per row, whatever blocks its cells hold (see `table.rs`).
#[derive(Default)]
pub(super) struct Lines {
    /// Finished lines with the heading level of `h1`–`h6` lines.
    pub(super) done: Vec<(String, Option<u8>)>,
    /// The data tables read, when asked for (`with_tables`).
    pub(super) tables: Vec<LineTable>,
    read_tables: bool,
    current: String,
    level: Option<u8>,
    /// White space seen since the last character: `Some(true)` when it held a line break.
    pending_space: Option<bool>,
    /// Whether the current table row already has a cell.
    cell_in_row: bool,
}

/// A data table among the lines: for each row, the index of its line in `Lines::done` and its
/// cells.
#[derive(Debug, Default)]
pub(super) struct LineTable {
    pub(super) rows: Vec<(usize, Vec<DataCell>)>,
}

impl Lines {
    /// Lines that read the tables holding data as tables.
    pub(super) fn with_tables() -> Self {
        Self { read_tables: true, ..Self::default() }
    }

    pub(super) fn walk(&mut self, root: ElementRef<'_>) {
        let mut skip_depth = 0usize;
        let page_len = if self.read_tables { text_len(root) } else { 0 };
        let mut budget = VISIT_BUDGET;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        if skip_depth > 0 || SKIPPED.contains(&e.name()) || is_hidden(e) {
                            skip_depth += 1;
                            continue;
                        }
                        if self.read_tables
                            && e.name() == "table"
                            && let Some(element) = ElementRef::wrap(node)
                            && let Some(data) = table::read(element, page_len, &mut budget)
                        {
                            self.push_table(data);
                            // The table's content is in its rows: skip it.
                            skip_depth += 1;
                            continue;
                        }
                        self.open(e.name());
                    }
                    Node::Text(t) if skip_depth == 0 => self.text(t),
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else { continue };
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    self.close(e.name());
                }
            }
        }
        self.end_line();
    }

    /// The lines of a data table: its caption, then one line per row (kept as it is, blank
    /// cells and all, so that each cell's place in it holds).
    fn push_table(&mut self, data: table::DataTable) {
        self.end_line();
        if let Some(caption) = data.caption {
            self.done.push((caption, None));
        }
        let mut rows = Vec::with_capacity(data.rows.len());
        for row in data.rows {
            rows.push((self.done.len(), row.cells));
            self.done.push((row.line, None));
        }
        self.tables.push(LineTable { rows });
    }

    fn open(&mut self, name: &str) {
        match name {
            "td" | "th" => {
                if self.cell_in_row {
                    self.current.push('\t');
                    self.pending_space = None;
                }
                self.cell_in_row = true;
            }
            "tr" => {
                self.end_line();
                self.cell_in_row = false;
            }
            _ if BLOCKS.contains(&name) => self.end_line(),
            _ => {}
        }
        if let Some(level) = heading_level(name) {
            self.level = Some(level);
        }
    }

    fn close(&mut self, name: &str) {
        if name == "tr" {
            self.cell_in_row = false;
        }
        if BLOCKS.contains(&name) {
            self.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() || c == '\u{A0}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(had_newline) = self.pending_space.take() {
                // A line break in the page's source between two Chinese characters is layout
                // of the HTML file, not a space in the text.
                let previous = self.current.chars().last();
                let joined = had_newline && previous.is_some_and(is_cjk) && is_cjk(c);
                if previous.is_some_and(|p| p != '\t') && !joined {
                    self.current.push(' ');
                }
            }
            self.current.push(c);
        }
    }

    fn end_line(&mut self) {
        let line = self.current.trim();
        if !line.is_empty() {
            self.done.push((line.to_string(), self.level));
        }
        self.current.clear();
        self.level = None;
        self.pending_space = None;
    }
}

/// Bytes of text under `root` that can reach the report (not in script, style or hidden
/// elements).
fn text_len(root: ElementRef<'_>) -> usize {
    let (mut len, mut skip_depth) = (0usize, 0usize);
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skip_depth > 0 || SKIPPED.contains(&e.name()) || is_hidden(e) => skip_depth += 1,
                Node::Text(t) if skip_depth == 0 => len += t.trim().len(),
                _ => {}
            },
            Edge::Close(node) => {
                if skip_depth > 0 && node.value().is_element() {
                    skip_depth -= 1;
                }
            }
        }
    }
    len
}

pub(super) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}
