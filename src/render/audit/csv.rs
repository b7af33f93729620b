//! The audit as CSV: the reports table and the findings table (the same columns as the XLSX
//! sheets), each starting with a UTF-8 byte-order mark so that Excel on Chinese Windows reads
//! UTF-8 instead of guessing GBK.

use super::Audit;
use super::table::{self, Table};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The reports table (ranked by score) as CSV bytes.
#[must_use]
pub fn reports(audit: &Audit) -> Vec<u8> {
    render(&table::reports(audit))
}

/// The findings table as CSV bytes.
#[must_use]
pub fn findings(audit: &Audit) -> Vec<u8> {
    render(&table::findings(audit))
}

fn render(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    // Writing to a Vec cannot fail, and every record has as many fields as the header.
    let _ = writer.write_record(table.headers());
    for row in &table.rows {
        let _ = writer.write_record(row.cells.iter().map(|cell| defuse(&cell.display())));
    }
    writer.into_inner().unwrap_or_default()
}

/// Report text is untrusted: a cell starting with `=`, `+`, `-` or `@` would run as a formula
/// when the file is opened in a spreadsheet, so such cells get a leading apostrophe, which is
/// what spreadsheets themselves use to mark text.
fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_but_negative_numbers_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1.5"), "-1.5");
        assert_eq!(defuse("湖滨区"), "湖滨区");
    }
}
