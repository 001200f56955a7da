//! An .xlsx spreadsheet read as sheets of rows of text, safely: the file is a zip, and a small
//! zip can unpack to gigabytes, so every part of it is unpacked once here, within limits, before
//! calamine reads it. Cells are text as the sheet shows them: `3`, not `3.0`; `TRUE` as `true`.

use super::ImportError;
use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};

/// The most the parts of a spreadsheet may unpack to, in all.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// How much larger than its packed size a part may unpack to (text packs about 10 times).
const MAX_RATIO: u64 = 200;
const MAX_PARTS: usize = 2_000;
/// The most rows and columns read from a sheet.
pub(crate) const MAX_ROWS: usize = 20_000;
const MAX_COLUMNS: usize = 300;

/// A sheet: its name and its rows, each cell as text.
pub(crate) struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// Every sheet of a workbook.
pub(crate) fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    check_zip(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Broken(format!("not a spreadsheet speaksafe can read ({e})")))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| ImportError::Broken(format!("sheet \"{name}\": {e}")))?;
        let rows = range
            .rows()
            .take(MAX_ROWS)
            .map(|row| row.iter().take(MAX_COLUMNS).map(cell).collect::<Vec<String>>())
            .collect();
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell(data: &Data) -> String {
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
