//! The spreadsheet (`speaksafe export --format xlsx`, the console's download): one workbook for
//! analysts (Excel, LibreOffice, SPSS's import):
//!
//! - **Responses**: one row per response, the columns of the CSV export. Numbers are numbers
//!   (numeric answers, scale points, the `1` of a ticked option), the day a date, the rest text.
//! - **Codebook**: every column of Responses, its question, the question's text, its kind, and
//!   every value it can hold with its label (one row per value).
//! - **Counts**: the counts of the summary (and its breakdowns, with `--by`), small numbers
//!   withheld as in the report, the rule on the first row.
//! - **By day**: responses by day, or by week, as in the report.
//!
//! Every text cell is written as text, never as a formula, and a text that a spreadsheet would
//! take for one is neutralised as in the CSV (a leading `'`), so that it stays inert when copied
//! out to CSV again.

use crate::breakdown::day_number;
use crate::layout::{Layout, Unplaced};
use crate::opened::Responses;
use crate::responses_sheet::{self, Failed, Rows};
use crate::summary::{percent, Part, Shown, Summary};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use speaksafe_core::cell::{self, neutralise};
use speaksafe_core::{Shape, Survey};

/// What the workbook holds.
#[derive(Debug)]
pub struct Written {
    pub rows: usize,
    pub columns: usize,
    pub warnings: Vec<String>,
}

/// The style number of the date format (see `workbook`).
const DATE_STYLE: u32 = 1;

/// The sheets' names, in order.
pub const SHEETS: [&str; 4] = ["Responses", "Codebook", "Counts", "By day"];

/// The workbook's bytes.
pub fn workbook(responses: &Responses, summary: &Summary) -> Result<(Vec<u8>, Written), String> {
    let fail = |e: XlsxError| format!("cannot make the spreadsheet: {e}");
    let survey = &responses.survey;
    let layout = Layout::new(survey);
    let columns = codebook(survey, summary);
    if columns.iter().map(|c| &c.name).ne(layout.header.iter()) {
        // The codebook follows the export's columns; were they ever to differ, better none.
        return Err("the codebook's columns do not match the export's (a bug: please report it)".into());
    }
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let share = Format::new().set_num_format("0%");
    let wrap = Format::new().set_text_wrap();
    let plain = Format::new();
    let mut book = Workbook::new();
    // The first format the workbook knows after its default, so its style number is 1: the
    // Responses sheet's rows are written apart (`responses_sheet`) and name it by number.
    book.register_format(&date);

    // Responses: the header row here, the rows streamed in after the workbook is saved.
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[0]).map_err(fail)?;
    for (c, name) in layout.header.iter().enumerate() {
        cell::write(sheet, 0, c as u16, name, &bold).map_err(fail)?;
    }
    let last = responses.opened.len() as u32;
    if !layout.header.is_empty() {
        sheet.autofilter(0, 0, last, layout.header.len() as u16 - 1).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.set_column_width(0, 12).map_err(fail)?;

    // Codebook.
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[1]).map_err(fail)?;
    header(sheet, &["Column", "Question", "Question text", "Kind", "Value", "Label"], &bold).map_err(fail)?;
    let mut r = 1;
    for column in &columns {
        let values: Vec<(&str, &str)> = if column.values.is_empty() {
            vec![("", "")]
        } else {
            column.values.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect()
        };
        for (value, label) in values {
            let texts = [column.name.as_str(), column.question.as_str(), column.text.as_str(), column.kind.as_str()];
            for (c, text) in texts.into_iter().enumerate() {
                cell::write(sheet, r, c as u16, text, &plain).map_err(fail)?;
            }
            match (column.cells, value.parse::<f64>()) {
                (Cells::Number, Ok(n)) if n.is_finite() => sheet.write_number(r, 4, n).map(drop),
                _ => cell::write(sheet, r, 4, value, &plain),
            }
            .map_err(fail)?;
            cell::write(sheet, r, 5, label, &plain).map_err(fail)?;
            r += 1;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    for (c, width) in [(0, 24), (1, 16), (2, 50), (3, 16), (4, 12), (5, 40)] {
        sheet.set_column_width(c, width).map_err(fail)?;
    }

    // Counts.
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[2]).map_err(fail)?;
    sheet.merge_range(0, 0, 0, 8, &neutralise(&summary.explanation()), &wrap).map_err(fail)?;
    sheet.set_row_height(0, 90).map_err(fail)?;
    let names = ["Column", "Question", "Broken down by", "Group", "Value", "Answer", "Count", "Percent", "Answered"];
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *name, &bold).map_err(fail)?;
    }
    let mut r = 3;
    for part in &summary.parts {
        let Part::Closed(counts) = part else { continue };
        let question = match &counts.row {
            Some(row) => format!("{} — {row}", counts.text),
            None => counts.text.clone(),
        };
        let answered = (!counts.answered_withheld).then_some(counts.answered);
        for cell in &counts.cells {
            let withheld = summary.withheld(counts, cell);
            for (c, text) in [(0, counts.id.as_str()), (1, &question), (4, &cell.value), (5, &cell.label)] {
                cell::write(sheet, r, c, text, &plain).map_err(fail)?;
            }
            let shown = withheld.is_none();
            count_cell(sheet, r, 6, cell.count, withheld).map_err(fail)?;
            if shown && counts.answered > 0 {
                sheet
                    .write_number_with_format(r, 7, cell.count as f64 / counts.answered as f64, &share)
                    .map_err(fail)?;
            }
            count_cell(sheet, r, 8, counts.answered, answered.is_none().then(|| "withheld".into())).map_err(fail)?;
            r += 1;
        }
        for b in &counts.breakdowns {
            let crossed = &b.crossed;
            if crossed.all_withheld() {
                for (c, text) in [(0, counts.id.as_str()), (1, &question), (2, &b.by_text)] {
                    cell::write(sheet, r, c, text, &plain).map_err(fail)?;
                }
                sheet.write_string(r, 6, "withheld").map_err(fail)?;
                r += 1;
                continue;
            }
            for (g, group) in b.groups.iter().enumerate() {
                let (number, number_shown) = crossed.answered[g];
                for (o, cell) in counts.cells.iter().enumerate() {
                    let (count, shown) = crossed.cells[g][o];
                    let texts = [
                        (0, counts.id.as_str()),
                        (1, &question),
                        (2, &b.by_text),
                        (3, group),
                        (4, &cell.value),
                        (5, &cell.label),
                    ];
                    for (c, text) in texts {
                        cell::write(sheet, r, c, text, &plain).map_err(fail)?;
                    }
                    count_cell(sheet, r, 6, count, summary.label(shown)).map_err(fail)?;
                    if shown == Shown::Count && number_shown == Shown::Count && number > 0 {
                        let p = count as f64 / number as f64;
                        debug_assert_eq!(percent(count, number), (p * 100.0).round() as usize);
                        sheet.write_number_with_format(r, 7, p, &share).map_err(fail)?;
                    }
                    count_cell(sheet, r, 8, number, summary.label(number_shown)).map_err(fail)?;
                    r += 1;
                }
            }
        }
    }
    sheet.set_freeze_panes(3, 0).map_err(fail)?;
    for (c, width) in [(0, 20), (1, 40), (2, 30), (3, 20), (4, 10), (5, 30), (6, 10), (7, 9), (8, 10)] {
        sheet.set_column_width(c, width).map_err(fail)?;
    }

    // By day.
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[3]).map_err(fail)?;
    let unit = if summary.timeline.weekly { "Week starting" } else { "Day" };
    header(sheet, &[unit, "Responses"], &bold).map_err(fail)?;
    let all_withheld = summary.timeline.all_withheld();
    for (i, (day, count, shown)) in summary.timeline.periods.iter().enumerate() {
        let r = i as u32 + 1;
        match excel_date(day) {
            Some(d) => sheet.write_datetime_with_format(r, 0, &d, &date).map(drop),
            None => cell::write(sheet, r, 0, day, &plain),
        }
        .map_err(fail)?;
        let label = if all_withheld { Some("withheld".to_string()) } else { summary.label(*shown) };
        count_cell(sheet, r, 1, *count, label).map_err(fail)?;
    }
    sheet.set_column_width(0, 14).map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;

    // Everything but the responses' rows, then the rows streamed into a copy of it. Both are
    // written in blocks, then joined into a buffer of exactly its size: a buffer grown as the file
    // is written is copied each time it doubles, and in the console's worker (wasm, whose memory
    // never shrinks) the copies left behind stay part of its memory for good.
    let mut rest = Blocks::default();
    book.save_to_writer(&mut rest).map_err(fail)?;
    let mut unplaced = Unplaced::new();
    let rows = |sheet: &mut Rows<'_, &mut Blocks>| {
        for opened in &responses.opened {
            sheet.start()?;
            let row = layout.row(opened, &mut unplaced);
            for (c, (value, column)) in row.iter().zip(&columns).enumerate() {
                let c = c as u16;
                match column.cells {
                    _ if value.is_empty() => {}
                    Cells::Date => match excel_date(value) {
                        Some(day) => sheet.number(c, day.to_excel(), DATE_STYLE)?,
                        None => sheet.text(c, &neutralise(value))?,
                    },
                    Cells::Number => match value.parse::<f64>() {
                        Ok(n) if n.is_finite() => sheet.number(c, n, 0)?,
                        _ => sheet.text(c, &neutralise(value))?,
                    },
                    Cells::Text => sheet.text(c, &neutralise(value))?,
                }
            }
            sheet.end()?;
        }
        Ok(())
    };
    let mut blocks = Blocks::default();
    let count = responses.opened.len() as u32;
    responses_sheet::with_rows(&rest.joined(), layout.header.len() as u16, count, &mut blocks, rows).map_err(
        |failed| match failed {
            Failed::Cell(e) => fail(e),
            Failed::File(why) => format!("cannot make the spreadsheet: {why}"),
        },
    )?;
    let bytes = blocks.joined();
    let written = Written {
        rows: responses.opened.len(),
        columns: layout.header.len(),
        warnings: crate::layout::warnings(unplaced),
    };
    Ok((bytes, written))
}

/// Bytes written in blocks of [`BLOCK`], none ever copied to grow.
#[derive(Debug, Default)]
struct Blocks {
    full: Vec<Vec<u8>>,
    last: Vec<u8>,
}

/// 1 MiB: the blocks are as many as a 20 MB file's megabytes.
const BLOCK: usize = 1 << 20;

impl Blocks {
    /// Every byte written, in one buffer of exactly their size.
    fn joined(self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.full.len() * BLOCK + self.last.len());
        for block in self.full {
            bytes.extend_from_slice(&block);
        }
        bytes.extend_from_slice(&self.last);
        bytes
    }
}

impl std::io::Write for Blocks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.last.capacity() == 0 {
            self.last.reserve_exact(BLOCK);
        }
        let n = buf.len().min(BLOCK - self.last.len());
        self.last.extend_from_slice(&buf[..n]);
        if self.last.len() == BLOCK {
            self.full.push(std::mem::take(&mut self.last));
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A count as a number, or what stands for it when withheld (as text).
fn count_cell(sheet: &mut Worksheet, r: u32, c: u16, count: usize, label: Option<String>) -> Result<(), XlsxError> {
    match label {
        None => sheet.write_number(r, c, count as f64).map(drop),
        Some(label) => sheet.write_string(r, c, label).map(drop),
    }
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, bold)?;
    }
    Ok(())
}

fn excel_date(day: &str) -> Option<ExcelDateTime> {
    day_number(day)?;
    ExcelDateTime::parse_from_str(day).ok()
}

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    Date,
    Number,
    Text,
}

/// One column of the export, as the codebook describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// The question's id (empty for `day`, `language` and `version`).
    pub question: String,
    pub text: String,
    pub kind: String,
    /// Every value the column can hold, with its label (none for free text and numbers).
    pub values: Vec<(String, String)>,
    pub cells: Cells,
}

/// The export's columns, in its order ([`Layout`]'s), described.
pub fn codebook(survey: &Survey, summary: &Summary) -> Vec<Column> {
    let language = summary.language.as_str();
    let text = |t: &speaksafe_core::Text| t.get(language, language).to_string();
    let mut columns = vec![
        Column {
            name: "day".into(),
            question: String::new(),
            text: "The day the response was received (no time of day is kept)".into(),
            kind: "date".into(),
            values: Vec::new(),
            cells: Cells::Date,
        },
        Column {
            name: "language".into(),
            question: String::new(),
            text: "The language the survey was answered in".into(),
            kind: "language".into(),
            values: survey.languages.iter().map(|l| (l.code.clone(), l.name.clone())).collect(),
            cells: Cells::Text,
        },
        Column {
            name: "version".into(),
            question: String::new(),
            text: "The version of the survey answered (the SHA-256 of its definition; empty when not known)".into(),
            kind: "version".into(),
            values: Vec::new(),
            cells: Cells::Text,
        },
    ];
    let numeric = |options: &[speaksafe_core::Choice]| options.iter().all(|o| o.value.parse::<f64>().is_ok());
    let labelled = |options: &[speaksafe_core::Choice]| -> Vec<(String, String)> {
        options.iter().map(|o| (o.value.clone(), text(&o.text))).collect()
    };
    for (_, q) in survey.questions().filter(|(_, q)| q.is_answerable()) {
        let question_text = text(&q.text);
        let column = |name: String, text: String, kind: &str, values: Vec<(String, String)>, cells: Cells| Column {
            name,
            question: q.id.clone(),
            text,
            kind: kind.to_string(),
            values,
            cells,
        };
        let other_text = || {
            let name = format!("{}.other.text", q.id);
            let text = format!("{question_text} — \"Other\", as typed");
            column(name, text, "other text", Vec::new(), Cells::Text)
        };
        match q.kind.shape() {
            Shape::Ticked { options, other } => {
                for o in options {
                    let name = format!("{}.{}", q.id, o.value);
                    let text = format!("{question_text} — {}", text(&o.text));
                    let values = vec![("1".to_string(), "ticked (empty: not ticked)".to_string())];
                    columns.push(column(name, text, "multiple choice option", values, Cells::Number));
                }
                if other {
                    columns.push(other_text());
                }
            }
            Shape::Rows { rows, columns: options } => {
                let cells = if numeric(options) { Cells::Number } else { Cells::Text };
                for row in rows {
                    let name = format!("{}.{}", q.id, row.value);
                    let text = format!("{question_text} — {}", text(&row.text));
                    columns.push(column(name, text, "matrix row", labelled(options), cells));
                }
            }
            Shape::Chosen { options, other } => {
                let cells = if numeric(options) { Cells::Number } else { Cells::Text };
                columns.push(column(q.id.clone(), question_text.clone(), q.kind.words(), labelled(options), cells));
                if other {
                    columns.push(other_text());
                }
            }
            Shape::Typed { number } => {
                let cells = if number { Cells::Number } else { Cells::Text };
                columns.push(column(q.id.clone(), question_text, q.kind.words(), Vec::new(), cells));
            }
            Shape::Nothing => {
                columns.push(column(q.id.clone(), question_text, q.kind.words(), Vec::new(), Cells::Text))
            }
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn bytes_written_in_blocks_are_joined_as_written() {
        let mut written = Vec::new();
        let mut blocks = Blocks::default();
        for n in [0, 1, 5, BLOCK - 6, 7, BLOCK, 3 * BLOCK + 11, 0, 2] {
            let piece: Vec<u8> = (0..n).map(|i| (i * 31 + n) as u8).collect();
            blocks.write_all(&piece).unwrap();
            written.extend_from_slice(&piece);
        }
        assert!(blocks.full.iter().all(|b| b.len() == BLOCK && b.capacity() == BLOCK));
        let joined = blocks.joined();
        assert_eq!((joined.len(), joined.capacity()), (written.len(), written.len()));
        assert!(joined == written);
    }
}
