//! A survey's responses as rows: the export's columns, and the CSV.
//!
//! Columns: `day` (the day it was received), `language`, and `version` (which version of the
//! survey was answered: the SHA-256 the collector served it under, empty for responses sealed
//! before versions were kept), then the survey's questions in order (information blocks have
//! none):
//!
//! | kind | columns |
//! | --- | --- |
//! | single choice, dropdown, scale, yes/no | `question`: the chosen option's value; and `question.other.text`, the "Other, please say" text, when the question has "Other" |
//! | multiple choice | `question.option` for each option: `1` when ticked, else empty; and `question.other.text`, the "Other, please say" text, when the question has "Other" |
//! | matrix | `question.row` for each row: the chosen column's value |
//! | short text, long text, number | `question`: as given |
//!
//! Ids cannot contain `.`, so no two columns share a name.
//!
//! The CSV is RFC 4180 (quoted where needed, CRLF line ends, UTF-8), and safe to open in a
//! spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading `'` so that it is never taken for a formula (`speaksafe_core::cell`).

use crate::compact::Answer;
use crate::opened::{Opened, Responses};
use speaksafe_core::cell::csv_field;
use speaksafe_core::{Shape, Survey};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Where a question's answer goes.
enum Columns<'a> {
    /// One column, the answer as given; and the "Other" text when the question has one.
    One { other_text: bool },
    /// One column per option: 1 when ticked; and the "Other" text when the question has one.
    Ticks { options: Vec<&'a str>, other_text: bool },
    /// One column per row: the chosen column.
    Rows(Vec<&'a str>),
}

impl Columns<'_> {
    /// Whether the "Other, please say" text has a column, after the question's others.
    fn other_text(&self) -> bool {
        matches!(self, Columns::One { other_text: true } | Columns::Ticks { other_text: true, .. })
    }
}

/// The columns of a survey's export, and how a response fills them.
pub struct Layout<'a> {
    questions: Vec<(&'a str, Columns<'a>)>,
    pub header: Vec<String>,
}

/// (question, what has no column) → in how many responses.
pub type Unplaced = BTreeMap<(String, String), usize>;

impl<'a> Layout<'a> {
    pub fn new(survey: &'a Survey) -> Layout<'a> {
        let questions: Vec<(&str, Columns)> = survey
            .questions()
            .filter(|(_, q)| q.is_answerable())
            .map(|(_, q)| {
                let columns = match q.kind.shape() {
                    Shape::Ticked { options, other } => Columns::Ticks {
                        options: options.iter().map(|o| o.value.as_str()).collect(),
                        other_text: other,
                    },
                    Shape::Rows { rows, .. } => Columns::Rows(rows.iter().map(|r| r.value.as_str()).collect()),
                    Shape::Chosen { other, .. } => Columns::One { other_text: other },
                    Shape::Typed { .. } | Shape::Nothing => Columns::One { other_text: false },
                };
                (q.id.as_str(), columns)
            })
            .collect();
        let mut header = vec!["day".to_string(), "language".to_string(), "version".to_string()];
        for (id, columns) in &questions {
            match columns {
                Columns::One { .. } => header.push(id.to_string()),
                Columns::Ticks { options, .. } => header.extend(options.iter().map(|o| format!("{id}.{o}"))),
                Columns::Rows(rows) => header.extend(rows.iter().map(|r| format!("{id}.{r}"))),
            }
            if columns.other_text() {
                header.push(format!("{id}.other.text"));
            }
        }
        Layout { questions, header }
    }

    /// One response's row; what has no column is counted in `unplaced`.
    pub fn row(&self, opened: &Opened, unplaced: &mut Unplaced) -> Vec<String> {
        let mut count = |question: &str, what: String| *unplaced.entry((question.to_string(), what)).or_default() += 1;
        let mut row = Vec::with_capacity(self.header.len());
        row.push(opened.day().to_string());
        row.push(opened.language().to_string());
        row.push(opened.version().unwrap_or_default().to_string());
        for (id, columns) in &self.questions {
            let answer = opened.answer(id);
            match columns {
                Columns::One { .. } => row.push(answer.map_or_else(String::new, cell)),
                Columns::Ticks { options, .. } => {
                    let ticked: Vec<String> = match answer {
                        Some(Answer::List(values)) => values.iter().map(cell).collect(),
                        Some(other) => vec![cell(other)],
                        None => Vec::new(),
                    };
                    for t in ticked.iter().filter(|t| !options.contains(&t.as_str())) {
                        count(id, format!("option \"{t}\""));
                    }
                    row.extend(options.iter().map(|o| {
                        if ticked.iter().any(|t| t == o) {
                            "1".into()
                        } else {
                            String::new()
                        }
                    }));
                }
                Columns::Rows(matrix_rows) => {
                    let chosen = match answer {
                        Some(Answer::Rows(m)) => Some(m),
                        Some(_) => {
                            count(id, "an answer that is not a matrix".into());
                            None
                        }
                        None => None,
                    };
                    let rows = chosen.iter().flat_map(|m| m.iter().map(|(r, _)| &**r));
                    for r in rows.filter(|r| !matrix_rows.contains(r)) {
                        count(id, format!("row \"{r}\""));
                    }
                    let at = |r: &str| chosen.and_then(|m| m.iter().find(|(k, _)| &**k == r)).map(|(_, v)| v);
                    row.extend(matrix_rows.iter().map(|r| at(r).map_or_else(String::new, cell)));
                }
            }
            if columns.other_text() {
                row.push(opened.other(id).map_or_else(String::new, cell));
            }
        }
        for (id, _) in opened.answers().filter(|(a, _)| !self.questions.iter().any(|(q, _)| q == a)) {
            count(id, "an answer to a question the survey does not have".into());
        }
        row
    }
}

/// What to say about answers that have no column.
pub fn warnings(unplaced: Unplaced) -> Vec<String> {
    unplaced
        .into_iter()
        .map(|((question, what), n)| {
            format!(
                "{question}: {what} in {} has no column, so it is not in the export (was the survey definition changed after responses came in?)",
                if n == 1 { "1 response".to_string() } else { format!("{n} responses") }
            )
        })
        .collect()
}

/// An answer as a cell's text.
fn cell(value: &Answer) -> String {
    match value {
        Answer::Text(s) => s.to_string(),
        Answer::Null => String::new(),
        Answer::List(values) => values.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// Writes one CSV row (CRLF-terminated).
pub fn write_row(out: &mut impl Write, row: &[String]) -> io::Result<()> {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_field(value).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// The whole CSV of responses already opened, and what to say about answers that have no
/// column.
pub fn csv(responses: &Responses) -> (Vec<u8>, Vec<String>) {
    let layout = Layout::new(&responses.survey);
    let mut out = Vec::new();
    let mut unplaced = Unplaced::new();
    // Writing to memory cannot fail.
    let _ = write_row(&mut out, &layout.header);
    for opened in &responses.opened {
        let _ = write_row(&mut out, &layout.row(opened, &mut unplaced));
    }
    (out, warnings(unplaced))
}
