//! The audit as an Excel workbook: sheet 报告 (one row per report, ranked by score) and sheet
//! 问题 (one row per finding), each with a frozen header row, filters and column widths that
//! fit Chinese text.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::Audit;
use super::table::{self, Cell, Table};

/// Renders the workbook as the bytes of an .xlsx file.
///
/// # Errors
/// When the XLSX writer fails (in practice only on limits such as a cell over 32,767
/// characters, which the sheets never reach since texts are cut).
pub fn render(audit: &Audit) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    for table in [table::reports(audit), table::findings(audit)] {
        let sheet = workbook.add_worksheet();
        write_table(sheet, &table)?;
    }
    workbook.save_to_buffer()
}

fn write_table(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    let header = Format::new().set_bold().set_background_color("#E8E8E8").set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new().set_align(FormatAlign::Top);
    for (col, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, &column.header, &header)?;
    }
    for (idx, row) in table.rows.iter().enumerate() {
        let row_num = idx as u32 + 1;
        for (col, cell) in row.cells.iter().enumerate() {
            match cell {
                Cell::Text(text) => sheet.write_string_with_format(row_num, col as u16, text, &wrap)?,
                Cell::Number(n) => sheet.write_number_with_format(row_num, col as u16, *n, &number)?,
                Cell::Empty => sheet,
            };
        }
    }
    for (col, column) in table.columns.iter().enumerate() {
        let widest = table
            .rows
            .iter()
            .map(|row| row.cells.get(col).map_or(0, |c| UnicodeWidthStr::width(c.display().as_str())))
            .chain(std::iter::once(UnicodeWidthStr::width(column.header.as_str())))
            .max()
            .unwrap_or(0);
        let max = column.max_width;
        // rust_xlsxwriter's autofit counts a CJK character as one narrow character; Excel's
        // width unit is about one digit, and a CJK character is two display columns plus a
        // little, so the display width × 1.1 plus padding fits.
        sheet.set_column_width(col as u16, (widest as f64 * 1.1 + 2.0).min(max))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = table.rows.len() as u32;
    let last_col = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}
