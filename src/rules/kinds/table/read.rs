//! Reading a statistics table: which of the report's tables is the one a rule names (by anchor
//! labels), which of its rows are the declared rows (by label patterns), and what each value
//! cell holds. Labels are compared in a normal form, so 全角/半角 brackets, spaces, line breaks
//! inside a cell and 、/， do not decide whether a label is found.

use super::{ColumnSpec, TableSpec};
use crate::document::{Cell, Document, Table};

/// A label in the form patterns are written against: no white space, half-width brackets,
/// digits and full stops, and 、 for every list comma (、，,).
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let mapped = match ch {
            c if c.is_whitespace() => continue,
            '（' => '(',
            '）' => ')',
            '，' | ',' => '、',
            '．' => '.',
            '０'..='９' => half_width(ch),
            c => c,
        };
        out.push(mapped);
    }
    out
}

/// A full-width digit as an ASCII one.
fn half_width(digit: char) -> char {
    char::from_u32(u32::from(digit) - u32::from('０') + u32::from('0')).unwrap_or(digit)
}

/// What a value cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// Nothing written: unknown, never 0.
    Blank,
    /// "/" or a dash: not applicable.
    NotApplicable,
    /// A figure, with the unit written after it (元, 万元, 件 …; empty when none).
    Number { value: f64, unit: String },
    /// Words where a figure belongs (未增未减, 无 …).
    Text,
}

impl Value {
    /// The figure, if the cell holds one.
    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Value::Number { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// Reads one cell's text.
pub(super) fn value(text: &str) -> Value {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Value::Blank;
    }
    if matches!(text.as_str(), "/" | "／" | "-" | "—" | "——" | "－" | "\\") {
        return Value::NotApplicable;
    }
    let mut chars = text.char_indices().peekable();
    let negative = matches!(chars.peek(), Some((_, '-' | '−' | '－' | '—')));
    if negative || matches!(chars.peek(), Some((_, '+' | '＋'))) {
        chars.next();
    }
    let mut number = String::new();
    let mut end = text.len();
    for (idx, ch) in chars {
        match ch {
            '0'..='9' | '.' => number.push(ch),
            '０'..='９' => number.push(half_width(ch)),
            '．' => number.push('.'),
            // A thousands separator between digits.
            ',' | '，' if !number.is_empty() => {}
            _ => {
                end = idx;
                break;
            }
        }
    }
    let unit = &text[end..];
    let unit_ok = unit.chars().count() <= 3 && unit.chars().all(|c| "元万亿千百件个条项次人宗起%％".contains(c));
    match number.parse::<f64>() {
        Ok(parsed) if unit_ok && number.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            Value::Number { value: if negative { -parsed } else { parsed }, unit: unit.to_string() }
        }
        _ => Value::Text,
    }
}

/// A figure as a report prints it: an integer without decimals.
pub(super) fn show(number: f64) -> String {
    if (number - number.round()).abs() < 1e-9 {
        format!("{number:.0}")
    } else {
        let text = format!("{number:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The tables of `doc` that `spec`'s anchors name, in text order.
pub(super) fn tables_of<'a>(doc: &'a Document, spec: &TableSpec) -> Vec<&'a Table> {
    doc.tables
        .iter()
        .filter(|table| {
            let text: String =
                table.rows.iter().flat_map(|row| row.cells.iter()).map(|cell| normalize(doc.text(cell.span))).collect();
            spec.anchors.iter().any(|anchor| anchor.is_match(&text))
        })
        .collect()
}

/// Most leading cells a row label may take (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 …).
const MAX_LABEL_CELLS: usize = 4;

/// One declared row as found in the table.
#[derive(Debug, Clone)]
pub(super) struct FoundRow {
    /// The cells after the label, left to right.
    pub values: Vec<Cell>,
}

impl FoundRow {
    /// The cell of declared column `col` of `columns` (the national order). A row with more cells
    /// than columns has label cells the pattern did not need; a row with fewer lost its last,
    /// empty cells.
    pub(super) fn cell(&self, col: usize, columns: &[ColumnSpec]) -> Option<Cell> {
        let skip = self.values.len().saturating_sub(columns.len());
        self.values.get(skip + col).copied()
    }
}

/// A declared table as found: its rows in the order of the spec (`None`: not in the table).
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// Per declared row.
    pub rows: Vec<Option<FoundRow>>,
}

impl Found {
    /// What declared row `row`, column `col` holds: `None` when the row or the cell is missing.
    pub(super) fn value(&self, doc: &Document, spec: &TableSpec, row: usize, col: usize) -> Option<(Cell, Value)> {
        let found = self.rows.get(row)?.as_ref()?;
        let cell = found.cell(col, &spec.columns)?;
        Some((cell, value(doc.text(cell.span))))
    }
}

/// Finds the declared rows of `spec` in `tables`. Each table row is given to the first declared
/// row (in the spec's order) whose pattern its label matches, and each declared row takes the
/// first table row it matches; a declared row without a pattern takes the first row that has
/// no label and holds a figure (table 四's single row of 15 numbers).
pub(super) fn find(doc: &Document, spec: &TableSpec, tables: &[&Table]) -> Found {
    let mut rows: Vec<Option<FoundRow>> = vec![None; spec.rows.len()];
    for table in tables {
        for row in &table.rows {
            let texts: Vec<&str> = row.cells.iter().map(|cell| doc.text(cell.span)).collect();
            let leading = texts.iter().take(MAX_LABEL_CELLS).take_while(|t| value(t) == Value::Text).count();
            let mut prefixes = Vec::with_capacity(leading);
            let mut joined = String::new();
            for text in texts.iter().take(leading) {
                joined.push_str(&normalize(text));
                prefixes.push(joined.clone());
            }
            let claim = spec.rows.iter().enumerate().find_map(|(idx, declared)| {
                if rows[idx].is_some() {
                    return None;
                }
                match &declared.pattern {
                    Some(pattern) => prefixes.iter().position(|p| pattern.is_match(p)).map(|k| (idx, k + 1)),
                    None => (leading == 0 && texts.iter().any(|t| value(t).number().is_some())).then_some((idx, 0)),
                }
            });
            if let Some((idx, label_cells)) = claim {
                rows[idx] = Some(FoundRow { values: row.cells[label_cells..].to_vec() });
            }
        }
    }
    Found { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_in_one_form() {
        assert_eq!(normalize("（二）部分公开（区分处理的， 只计这一情形）"), "(二)部分公开(区分处理的、只计这一情形)");
        assert_eq!(normalize("商业\n企业"), "商业企业");
        assert_eq!(normalize("２．重复申请"), "2.重复申请");
    }

    #[test]
    fn cells_read_as_figures_blanks_and_words() {
        assert_eq!(value(""), Value::Blank);
        assert_eq!(value("  "), Value::Blank);
        assert_eq!(value("/"), Value::NotApplicable);
        assert_eq!(value("0"), Value::Number { value: 0.0, unit: String::new() });
        assert_eq!(value("−417"), Value::Number { value: -417.0, unit: String::new() });
        assert_eq!(value("+5"), Value::Number { value: 5.0, unit: String::new() });
        assert_eq!(value("-3"), Value::Number { value: -3.0, unit: String::new() });
        assert_eq!(value("12.5"), Value::Number { value: 12.5, unit: String::new() });
        assert_eq!(value("251000元"), Value::Number { value: 251_000.0, unit: "元".into() });
        assert_eq!(value("3.2万元"), Value::Number { value: 3.2, unit: "万元".into() });
        assert_eq!(value("1,234"), Value::Number { value: 1234.0, unit: String::new() });
        assert_eq!(value("未增未减"), Value::Text);
        assert_eq!(value("无"), Value::Text);
        assert_eq!(value("1.属于国家秘密"), Value::Text);
        assert_eq!(value("一、本年新收"), Value::Text);
        assert_eq!(show(805.0), "805");
        assert_eq!(show(-2.5), "-2.5");
    }
}
