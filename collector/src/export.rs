//! `speaksafe export --db responses.db|postgres://… --key NAME.key [--key OLD.key …] --survey ID
//! --format csv|xlsx [--out FILE] [--surveys DIR]`: every response of a survey, opened with
//! whichever key fits, one row each. `--format xlsx` (with `--out`) writes a workbook with a
//! codebook and the summary's counts too ([`crate::xlsx`]).
//!
//! Columns: `day` (the day it was received) and `language`, then the survey's questions in
//! order (information blocks have none):
//!
//! | kind | columns |
//! | --- | --- |
//! | single choice, dropdown, scale, yes/no | `question`: the chosen option's value |
//! | multiple choice | `question.option` for each option: `1` when ticked, else empty; and `question.other.text`, the "Other, please say" text, when the question has "Other" |
//! | matrix | `question.row` for each row: the chosen column's value |
//! | short text, long text, number | `question`: as given |
//!
//! Ids cannot contain `.`, so no two columns share a name.
//!
//! The CSV is RFC 4180 (quoted where needed, CRLF line ends, UTF-8), and safe to open in a
//! spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading `'` so that it is never taken for a formula (a plain number such as `-3` is left as
//! it is).
//!
//! A response that does not open is counted and reported on stderr, and the rest are exported.
//! Exit status: 0 when the export was written (even if some responses could not be opened: the
//! message says how many); 1 when it could not be, or when none of the responses opened;
//! 2 for a usage error.

use crate::responses::{self, Opened, Source};
use serde_json::Value;
use speaksafe_core::envelope::EnvelopeError;
use speaksafe_core::{Shape, Survey};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub source: Source,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Where to write the export (readable by you only); standard output if not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// xlsx: counts under this are withheld in the Counts and By day sheets.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_cell: u64,
    /// xlsx: the Counts sheet also breaks every other closed question down by this one (as
    /// `summary --by`). May be given more than once.
    #[arg(long, value_name = "QUESTION")]
    pub by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values, one row per response.
    Csv,
    /// A spreadsheet (needs --out): the responses, a codebook, the counts with small numbers
    /// withheld, and responses by day.
    Xlsx,
}

pub fn run(args: &Args) -> ExitCode {
    // What can be found wrong before anything is written is found first: a wrong path must not
    // leave an empty export behind, or empty an old one.
    let ready = responses::Keyring::read(&args.source.key)
        .and_then(|_| responses::read_survey(&args.source.surveys, &args.source.survey))
        .and_then(|_| responses::check_database(&args.source.db));
    if let Err(message) = ready {
        eprintln!("speaksafe export: {message}");
        return ExitCode::FAILURE;
    }
    if args.format == Format::Xlsx {
        return crate::xlsx::run(args);
    }
    let written = match &args.out {
        Some(path) => responses::create_private(path)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))
            .and_then(|file| {
                let mut out = BufWriter::new(file);
                let exported = export(&args.source, &mut out)?;
                out.into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|file| file.sync_all())
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                Ok(exported)
            }),
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            export(&args.source, &mut out).and_then(|exported| {
                out.flush().map_err(|e| format!("cannot write: {e}"))?;
                Ok(exported)
            })
        }
    };
    let exported = match written {
        Ok(exported) => exported,
        Err(message) => {
            eprintln!("speaksafe export: {message}");
            return ExitCode::FAILURE;
        }
    };
    let to = args.out.as_ref().map_or_else(String::new, |p| format!(" to {}", p.display()));
    eprintln!(
        "Exported {} of survey {}{to} ({} columns).",
        if exported.rows == 1 { "1 response".to_string() } else { format!("{} responses", exported.rows) },
        args.source.survey,
        exported.columns
    );
    for warning in &exported.warnings {
        eprintln!("warning: {warning}");
    }
    match responses::failure_report_with_keys(exported.keys, exported.rows, &exported.failed) {
        None => ExitCode::SUCCESS,
        Some(report) => {
            eprintln!("{report}");
            if exported.rows == 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// What an export did.
#[derive(Debug)]
pub struct Exported {
    pub rows: usize,
    pub columns: usize,
    /// Answers that have no column (the definition changed after they were given, say).
    pub warnings: Vec<String>,
    /// Why the responses that did not open did not.
    pub failed: Vec<EnvelopeError>,
    /// How many keys were tried on each.
    pub keys: usize,
}

/// How many responses are opened and written at a time: the export's memory stays small
/// however many responses there are.
const CHUNK: usize = 4096;

/// Opens every response of the survey and writes the CSV to `out`, a chunk at a time.
pub fn export(source: &Source, out: &mut impl Write) -> Result<Exported, String> {
    let keys = responses::Keyring::read(&source.key)?;
    let survey = responses::read_survey(&source.surveys, &source.survey)?;
    let layout = Layout::new(&survey);
    let write_error = |e: io::Error| format!("cannot write: {e}");
    write_row(out, &layout.header).map_err(write_error)?;
    let mut unplaced = BTreeMap::new();
    let (mut rows, mut failed) = (0, Vec::new());
    responses::each_chunk(&source.db, &source.survey, CHUNK, |sealed| {
        let (opened, not_opened) = responses::open_all(sealed, &keys, &source.survey);
        failed.extend(not_opened);
        for o in &opened {
            write_row(out, &layout.row(o, &mut unplaced)).map_err(write_error)?;
        }
        rows += opened.len();
        Ok(())
    })?;
    keys.report_use();
    Ok(Exported { rows, columns: layout.header.len(), warnings: warnings(unplaced), failed, keys: keys.len() })
}

/// Where a question's answer goes.
enum Columns<'a> {
    /// One column, the answer as given.
    One,
    /// One column per option: 1 when ticked; and the "Other" text when the question has one.
    Ticks { options: Vec<&'a str>, other_text: bool },
    /// One column per row: the chosen column.
    Rows(Vec<&'a str>),
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
                    Shape::Typed { .. } | Shape::Chosen(_) | Shape::Nothing => Columns::One,
                };
                (q.id.as_str(), columns)
            })
            .collect();
        let mut header = vec!["day".to_string(), "language".to_string()];
        for (id, columns) in &questions {
            match columns {
                Columns::One => header.push(id.to_string()),
                Columns::Ticks { options, other_text } => {
                    header.extend(options.iter().map(|o| format!("{id}.{o}")));
                    if *other_text {
                        header.push(format!("{id}.other.text"));
                    }
                }
                Columns::Rows(rows) => header.extend(rows.iter().map(|r| format!("{id}.{r}"))),
            }
        }
        Layout { questions, header }
    }

    /// One response's row; what has no column is counted in `unplaced`.
    pub fn row(&self, opened: &Opened, unplaced: &mut Unplaced) -> Vec<String> {
        let Opened { day, response } = opened;
        let mut count = |question: &str, what: String| *unplaced.entry((question.to_string(), what)).or_default() += 1;
        let mut row = Vec::with_capacity(self.header.len());
        row.push(day.clone());
        row.push(response.language.clone());
        for (id, columns) in &self.questions {
            let answer = response.answers.get(*id);
            match columns {
                Columns::One => row.push(answer.map_or_else(String::new, cell)),
                Columns::Ticks { options, other_text } => {
                    let ticked: Vec<String> = match answer {
                        Some(Value::Array(values)) => values.iter().map(cell).collect(),
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
                    if *other_text {
                        row.push(response.other.get(*id).map_or_else(String::new, cell));
                    }
                }
                Columns::Rows(matrix_rows) => {
                    let chosen = match answer {
                        Some(Value::Object(m)) => Some(m),
                        Some(_) => {
                            count(id, "an answer that is not a matrix".into());
                            None
                        }
                        None => None,
                    };
                    for r in chosen.iter().flat_map(|m| m.keys()).filter(|r| !matrix_rows.contains(&r.as_str())) {
                        count(id, format!("row \"{r}\""));
                    }
                    row.extend(
                        matrix_rows.iter().map(|r| chosen.and_then(|m| m.get(*r)).map_or_else(String::new, cell)),
                    );
                }
            }
        }
        for id in response.answers.keys().filter(|a| !self.questions.iter().any(|(q, _)| q == a)) {
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
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(values) => values.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn write_row(out: &mut impl Write, row: &[String]) -> io::Result<()> {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_field(value).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

pub use speaksafe_core::cell::{csv_field, neutralise};
