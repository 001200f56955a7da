//! An .xlsx spreadsheet read as sheets of rows of text, safely: the file is a zip, and a small
//! zip can unpack to gigabytes, so every part of it is unpacked once here, within limits, before
//! calamine reads it. Cells are text as the sheet shows them: `3`, not `3.0`; `TRUE` as `true`.

use super::ImportError;
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::io::{Cursor, Read};

/// The most the parts of a spreadsheet may unpack to, in all.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// How much larger than its packed size a part may unpack to (text packs about 10 times).
const MAX_RATIO: u64 = 200;
const MAX_PARTS: usize = 2_000;
/// The most rows and columns a sheet may use. A cell with something in it past them refuses the
/// sheet, before anything is laid out: a 2 KB file can name a cell at XFD1048576, and a grid
/// reaching it would be 17 billion cells.
pub(crate) const MAX_ROWS: usize = 20_000;
pub(crate) const MAX_COLUMNS: usize = 300;

/// A sheet: its name and its rows, from its first row and column that hold anything.
pub(crate) struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// One row's cells that hold something, by column, in order: a row holds what is in it, never a
/// run of empty cells up to its last one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    cells: Vec<(usize, String)>,
}

impl Row {
    /// The text in a column ("" if the cell is empty).
    pub fn get(&self, column: usize) -> &str {
        match self.cells.binary_search_by_key(&column, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => "",
        }
    }

    /// How many columns the row reaches: one past its last cell that holds anything.
    pub fn width(&self) -> usize {
        self.cells.last().map_or(0, |(c, _)| c + 1)
    }
}

impl From<Vec<String>> for Row {
    fn from(texts: Vec<String>) -> Row {
        Row { cells: texts.into_iter().enumerate().filter(|(_, t)| !t.is_empty()).collect() }
    }
}

/// Every sheet of a workbook.
pub(crate) fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    check_zip(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Broken(format!("not a spreadsheet speaksafe can read ({e})")))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let broken = |e: XlsxError| ImportError::Broken(format!("sheet \"{name}\": {e}"));
        // calamine's `worksheet_range` lays out the whole grid up to the last cell the sheet
        // names before anything can be checked; its cell reader gives one cell at a time.
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet: no cells.
            Err(XlsxError::NotAWorksheet(_)) => {
                sheets.push(Sheet { name, rows: Vec::new() });
                continue;
            }
            Err(e) => return Err(broken(e)),
        };
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(broken)? {
            let text = text(&cell.get_value().clone().into());
            if text.is_empty() {
                continue;
            }
            let (row, column) = cell.get_position();
            let (row, column) = (row as usize, column as usize);
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(ImportError::SheetTooLarge { sheet: name.clone(), cell: reference(row, column) });
            }
            cells.push((row, column, text));
        }
        sheets.push(Sheet { name, rows: rows(cells) });
    }
    Ok(sheets)
}

/// Cells (row, column, text), each within the limits, as rows from the first row and column
/// that hold anything (as calamine's ranges start).
fn rows(mut cells: Vec<(usize, usize, String)>) -> Vec<Row> {
    cells.sort_by_key(|&(row, column, _)| (row, column));
    let top = cells.first().map_or(0, |c| c.0);
    let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    for (row, column, text) in cells {
        let row = row - top;
        if rows.len() <= row {
            rows.resize_with(row + 1, Row::default);
        }
        let cells = &mut rows[row].cells;
        // The same cell twice (a broken sheet): the last one, as a spreadsheet would show.
        match cells.last_mut() {
            Some((c, t)) if *c == column - left => *t = text,
            _ => cells.push((column - left, text)),
        }
    }
    rows
}

/// A cell's place as a spreadsheet names it: row 0, column 0 is `A1`.
pub(crate) fn reference(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row + 1)
}

fn text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => crate::number::text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Unpacks every part once, within the limits: a zip bomb, or a part that unpacks to more than
/// it says, is refused before anything else reads it.
fn check_zip(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Broken(format!("not a spreadsheet (.xlsx is a zip file: {e})")))?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::ZipBomb(format!("{} parts", zip.len())));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| ImportError::Broken(format!("part {i} of the zip: {e}")))?;
        let (declared, packed) = (part.size(), part.compressed_size());
        if declared > packed.saturating_mul(MAX_RATIO).max(1024 * 1024) {
            return Err(ImportError::ZipBomb(format!("{} packed bytes say they are {declared}", packed)));
        }
        let room = MAX_UNPACKED - total;
        let read = std::io::copy(&mut (&mut part).take(room.min(declared) + 1), &mut std::io::sink())
            .map_err(|e| ImportError::Broken(format!("part {i} of the zip cannot be unpacked: {e}")))?;
        if read > declared {
            return Err(ImportError::ZipBomb(format!("a part unpacks to more than the {declared} bytes it says")));
        }
        total += read;
        if total > MAX_UNPACKED {
            return Err(ImportError::ZipBomb(format!("more than {MAX_UNPACKED} bytes in all")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook with one sheet, "survey", holding `text` at each (row, column).
    fn book(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("survey").unwrap();
        for &(row, column, text) in cells {
            sheet.write_string(row, column, text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_cell_far_out_is_refused_before_any_grid_is_laid_out() {
        // The review's sheets: a few kilobytes naming the last cell of a sheet (a grid of 17
        // billion cells), and ZZ1000000 (700 million). Laid out, the first aborted on a 512 GiB
        // allocation and the second took 16 GB.
        for (row, column, cell) in [(1_048_575, 16_383, "XFD1048576"), (999_999, 701, "ZZ1000000")] {
            let bytes = book(&[(0, 0, "type"), (row, column, "x")]);
            assert!(bytes.len() < 8 * 1024, "{} bytes", bytes.len());
            let error = sheets(&bytes).err().expect("refused");
            assert_eq!(error, ImportError::SheetTooLarge { sheet: "survey".into(), cell: cell.into() });
            let message = error.to_string();
            for words in [cell, "20000 rows", "300 columns", "column KN"] {
                assert!(message.contains(words), "{message}");
            }
        }
    }

    #[test]
    fn the_limits_are_the_last_row_and_column_read() {
        let corner = sheets(&book(&[(0, 0, "a"), (19_999, 299, "z")])).unwrap();
        assert_eq!(corner[0].rows.len(), 20_000);
        assert_eq!(corner[0].rows[19_999].get(299), "z");
        assert_eq!(corner[0].rows[5].width(), 0);
        for (row, column, cell) in [(20_000, 0, "A20001"), (0, 300, "KO1")] {
            let error = sheets(&book(&[(0, 0, "a"), (row, column, "z")])).err().expect("refused");
            assert_eq!(error, ImportError::SheetTooLarge { sheet: "survey".into(), cell: cell.into() });
        }
    }

    #[test]
    fn rows_start_at_the_first_row_and_column_that_hold_anything() {
        let sheet = &sheets(&book(&[(2, 1, "type"), (2, 3, "name"), (3, 1, "text")])).unwrap()[0];
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!((sheet.rows[0].get(0), sheet.rows[0].get(1), sheet.rows[0].get(2)), ("type", "", "name"));
        assert_eq!(sheet.rows[1].get(0), "text");
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(reference(0, 0), "A1");
        assert_eq!(reference(9, 25), "Z10");
        assert_eq!(reference(0, 26), "AA1");
        assert_eq!(reference(0, 701), "ZZ1");
        assert_eq!(reference(1_048_575, 16_383), "XFD1048576");
    }
}
