//! The spreadsheet's Responses sheet, written as a stream.
//!
//! rust_xlsxwriter keeps every cell of a worksheet in memory until the workbook is saved: for
//! 100,000 responses of 80 columns that is some 850 MB, in a browser tab whose wasm memory never
//! shrinks. Its `constant_memory` mode writes rows to a temporary file, which a Web Worker does
//! not have. So rust_xlsxwriter makes the workbook with the Responses sheet's header row only,
//! and the rows are written here into a copy of that workbook, one response at a time, straight
//! into the compressed file: what they need in memory is one row and the compressor's window.
//!
//! A cell is written as rust_xlsxwriter writes one in its own streaming mode (text inline,
//! escaped the same way, the same limits), so a spreadsheet program reads the same cells. Unlike
//! its shared strings, text here is always escaped: a shared string shaped `<r>…</r>` is taken
//! for rich text and written unescaped, which an answer must never be.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::XlsxError;
use std::io::{Cursor, Read, Write};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Where rust_xlsxwriter puts the first sheet.
const FIRST_SHEET: &str = "xl/worksheets/sheet1.xml";

/// Excel's limits: rows in a sheet, and a cell's text in UTF-16 code units.
const MAX_ROWS: u32 = 1_048_576;
const MAX_TEXT: usize = 32_767;

/// Why the rows could not be written.
#[derive(Debug)]
pub enum Failed {
    /// What rust_xlsxwriter would have refused (too many rows, too long a text).
    Cell(XlsxError),
    /// The workbook rust_xlsxwriter made is not as expected, or the file could not be written.
    File(String),
}

impl From<XlsxError> for Failed {
    fn from(e: XlsxError) -> Failed {
        Failed::Cell(e)
    }
}

impl From<zip::result::ZipError> for Failed {
    fn from(e: zip::result::ZipError) -> Failed {
        Failed::File(e.to_string())
    }
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Failed {
        Failed::File(e.to_string())
    }
}

/// Rows being written into the first sheet, after its header row.
pub struct Rows<'z, W: Write> {
    zip: &'z mut ZipWriter<StreamWriter<W>>,
    /// The row being made, written out whole.
    line: Vec<u8>,
    /// Column names (`A`, `B`, … `AA`…), made once.
    names: Vec<String>,
    /// The row's number as Excel counts (1 is the header).
    row: u32,
}

impl<W: Write> Rows<'_, W> {
    /// Starts the next row.
    pub fn start(&mut self) -> Result<(), Failed> {
        if self.row >= MAX_ROWS {
            return Err(XlsxError::RowColumnLimitError.into());
        }
        self.row += 1;
        write!(self.line, r#"<row r="{}">"#, self.row)?;
        Ok(())
    }

    /// A number in column `c` of this row, in cell style `style` (0: none).
    pub fn number(&mut self, c: u16, n: f64, style: u32) -> Result<(), Failed> {
        debug_assert!(n.is_finite(), "only finite numbers are numbers");
        let (name, row) = (column(&self.names, c)?, self.row);
        if style > 0 {
            write!(self.line, r#"<c r="{name}{row}" s="{style}"><v>{n}</v></c>"#)?;
        } else {
            write!(self.line, r#"<c r="{name}{row}"><v>{n}</v></c>"#)?;
        }
        Ok(())
    }

    /// Text in column `c` of this row (nothing for empty text, as rust_xlsxwriter).
    pub fn text(&mut self, c: u16, text: &str) -> Result<(), Failed> {
        if text.is_empty() {
            return Ok(());
        }
        if text.encode_utf16().count() > MAX_TEXT {
            return Err(XlsxError::MaxStringLengthExceeded.into());
        }
        let whitespace = ['\t', '\n', ' '];
        let preserve =
            if text.starts_with(whitespace) || text.ends_with(whitespace) { r#" xml:space="preserve""# } else { "" };
        let (name, row) = (column(&self.names, c)?, self.row);
        write!(self.line, r#"<c r="{name}{row}" t="inlineStr"><is><t{preserve}>"#)?;
        escape(&mut self.line, text);
        self.line.extend_from_slice(b"</t></is></c>");
        Ok(())
    }

    /// Ends the row and writes it out.
    pub fn end(&mut self) -> Result<(), Failed> {
        self.line.extend_from_slice(b"</row>");
        self.zip.write_all(&self.line)?;
        self.line.clear();
        Ok(())
    }
}

/// Column `c`'s name.
fn column(names: &[String], c: u16) -> Result<&str, Failed> {
    names.get(usize::from(c)).map(String::as_str).ok_or(Failed::Cell(XlsxError::RowColumnLimitError))
}

/// `book` (a workbook rust_xlsxwriter saved, its first sheet holding a header row of `columns`
/// cells and nothing else) with `count` rows written into its first sheet by `rows`, saved to
/// `out`. Every other part of the workbook is copied as it is.
pub fn with_rows<W: Write>(
    book: &[u8],
    columns: u16,
    count: u32,
    out: W,
    rows: impl FnOnce(&mut Rows<'_, W>) -> Result<(), Failed>,
) -> Result<W, Failed> {
    let unexpected =
        |what: &str| Failed::File(format!("the workbook is not as expected: {what} (a bug: please report it)"));
    if count >= MAX_ROWS {
        return Err(XlsxError::RowColumnLimitError.into());
    }
    let mut from = ZipArchive::new(Cursor::new(book))?;
    let mut sheet = String::new();
    from.by_name(FIRST_SHEET)?.read_to_string(&mut sheet)?;
    let names: Vec<String> = (0..columns).map(column_number_to_name).collect();
    let last_column = names.last().ok_or_else(|| unexpected("its first sheet has no columns"))?;
    // The sheet's extent comes before its rows; it is known beforehand, and checked after.
    let extent = |last_row: u32| match (columns, last_row) {
        (1, 1) => r#"<dimension ref="A1"/>"#.to_string(),
        _ => format!(r#"<dimension ref="A1:{last_column}{last_row}"/>"#),
    };
    let (header_only, whole) = (extent(1), extent(count + 1));
    let end = sheet.find("</sheetData>").ok_or_else(|| unexpected("its first sheet has no rows"))?;
    let (head, tail) = sheet.split_at(end);
    if head.matches(&header_only).count() != 1 {
        return Err(unexpected("its first sheet is not a header row alone"));
    }
    let head = head.replacen(&header_only, &whole, 1);

    let mut rows = Some(rows);
    let mut zip = ZipWriter::new_stream(out).set_auto_large_file();
    for i in 0..from.len() {
        let file = from.by_index_raw(i)?;
        if file.name_raw() != FIRST_SHEET.as_bytes() {
            zip.raw_copy_file(file)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(file.last_modified().unwrap_or_default());
        drop(file);
        let rows = rows.take().ok_or_else(|| unexpected("its first sheet is there twice"))?;
        zip.start_file(FIRST_SHEET, options)?;
        zip.write_all(head.as_bytes())?;
        let mut written = Rows { zip: &mut zip, line: Vec::new(), names: names.clone(), row: 1 };
        rows(&mut written)?;
        if written.row != count + 1 {
            return Err(unexpected("the rows written are not as many as said"));
        }
        zip.write_all(tail.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `text` as XML character data, as rust_xlsxwriter escapes it: `&`, `<` and `>`; control
/// characters (but tab and line feed) and U+FFFE/U+FFFF as Excel's `_xHHHH_`; and so a text that
/// already holds such a sequence keeps it, its `_` written `_x005F`.
fn escape(out: &mut Vec<u8>, text: &str) {
    let mut buffer = [0; 4];
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\t' | '\n' => out.push(ch as u8),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "_x{:04X}_", u32::from(ch));
            }
            '_' if is_escape_sequence(&text[i..]) => out.extend_from_slice(b"_x005F_"),
            _ => out.extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes()),
        }
    }
}

/// Whether `text` starts with `_xHHHH_` (four hexadecimal digits).
fn is_escape_sequence(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes[1] == b'x' && bytes[2..6].iter().all(u8::is_ascii_hexdigit) && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use proptest::prelude::*;
    use rust_xlsxwriter::{Format, Workbook};

    /// A cell of a test row.
    #[derive(Debug, Clone)]
    enum Cell {
        Number(f64),
        Date(f64),
        Text(String),
    }

    fn read(bytes: Vec<u8>) -> calamine::Range<Data> {
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
        book.worksheet_range("Responses").expect("the sheet")
    }

    fn book(header: &[&str], rows: &[Vec<Cell>], streamed: bool) -> Result<Vec<u8>, Failed> {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let bold = Format::new().set_bold();
        let mut book = Workbook::new();
        book.register_format(&date);
        let sheet = book.add_worksheet();
        sheet.set_name("Responses")?;
        for (c, name) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &bold)?;
        }
        if !streamed {
            // What rust_xlsxwriter writes itself, cell by cell: the reference.
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match cell {
                        Cell::Number(n) => sheet.write_number(r, c, *n).map(drop),
                        Cell::Date(n) => sheet.write_number_with_format(r, c, *n, &date).map(drop),
                        Cell::Text(t) => sheet.write_string(r, c, t).map(drop),
                    }?;
                }
            }
            return Ok(book.save_to_buffer()?);
        }
        book.add_worksheet().set_name("After")?.write_string(0, 0, "still here")?;
        let saved = book.save_to_buffer()?;
        with_rows(&saved, header.len() as u16, rows.len() as u32, Vec::new(), |sheet| {
            for row in rows {
                sheet.start()?;
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Cell::Number(n) => sheet.number(c as u16, *n, 0)?,
                        Cell::Date(n) => sheet.number(c as u16, *n, 1)?,
                        Cell::Text(t) => sheet.text(c as u16, t)?,
                    }
                }
                sheet.end()?;
            }
            Ok(())
        })
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{0,12}",
            // Control characters, Excel's escapes written out, markup, spaces at the ends.
            proptest::collection::vec(
                prop_oneof![
                    Just("_x0041_".to_string()),
                    Just("_x00".to_string()),
                    Just("_xZZZZ_".to_string()),
                    Just("&<>\"'".to_string()),
                    Just("\t".to_string()),
                    Just("\n".to_string()),
                    Just("\r".to_string()),
                    Just(" ".to_string()),
                    Just("\u{1}\u{1f}\u{fffe}\u{ffff}".to_string()),
                    Just("ä€𝄞".to_string()),
                    "[a-zA-Z0-9_]{1,4}",
                ],
                0..6
            )
            .prop_map(|parts| parts.concat()),
        ]
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            any::<i32>().prop_map(|n| Cell::Number(f64::from(n))),
            (-1e12f64..1e12).prop_map(Cell::Number),
            prop_oneof![Just(1e20), Just(1e-7), Just(0.1), Just(-0.0), Just(123456789.125)].prop_map(Cell::Number),
            (1.0f64..60000.0).prop_map(|n| Cell::Date(n.floor())),
            text().prop_map(Cell::Text),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every cell reads back as the one rust_xlsxwriter writes itself would.
        #[test]
        fn streamed_rows_read_back_as_rust_xlsxwriters_own(
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 0..30)
        ) {
            let header = ["day", "language", "said"];
            let streamed = read(book(&header, &rows, true).unwrap());
            let reference = read(book(&header, &rows, false).unwrap());
            prop_assert_eq!(streamed.get_size(), reference.get_size());
            for (r, c, cell) in reference.cells() {
                prop_assert_eq!(streamed.get((r, c)), Some(cell), "at {}, {}", r, c);
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if let Cell::Date(_) = cell {
                        prop_assert!(matches!(streamed.get((r + 1, c)), Some(Data::DateTime(_))), "a date at {r}, {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_answer_shaped_like_rich_text_is_kept_as_typed() {
        let typed = "<r><t>bold?</t></r>";
        let bytes = book(&["said"], &[vec![Cell::Text(typed.into())]], true).unwrap();
        assert_eq!(read(bytes).get((1, 0)), Some(&Data::String(typed.into())));
    }

    #[test]
    fn the_rest_of_the_workbook_is_kept() {
        let bytes = book(&["a", "b"], &[vec![Cell::Number(1.0), Cell::Text("x".into())]], true).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Responses", "After"]);
        assert_eq!(book.worksheet_range("After").unwrap().get((0, 0)), Some(&Data::String("still here".into())));
    }

    #[test]
    fn too_long_a_text_is_refused_as_rust_xlsxwriter_refuses_it() {
        let long = "é".repeat(MAX_TEXT + 1);
        let fits = "é".repeat(MAX_TEXT);
        assert!(matches!(
            book(&["said"], &[vec![Cell::Text(long)]], true),
            Err(Failed::Cell(XlsxError::MaxStringLengthExceeded))
        ));
        assert!(book(&["said"], &[vec![Cell::Text(fits)]], true).is_ok());
    }

    #[test]
    fn rows_fewer_or_more_than_said_are_a_bug_not_a_file() {
        let bytes = book(&["a"], &[], true).unwrap();
        let two_said = with_rows(&bytes, 1, 2, Vec::new(), |sheet| {
            sheet.start()?;
            sheet.end()
        });
        assert!(matches!(two_said, Err(Failed::File(why)) if why.contains("not as many as said")));
    }
}
