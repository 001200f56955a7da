//! `speaksafe export --db responses.db|postgres://… --key NAME.key [--key OLD.key …] --survey ID
//! --format csv|xlsx [--out FILE] [--surveys DIR]`: every response of a survey, opened with
//! whichever key fits, one row each. `--format xlsx` (with `--out`) writes a workbook with a
//! codebook and the summary's counts too ([`speaksafe_results::xlsx`]): a release, checked
//! against the ledger and recorded in it as a summary is ([`super::ledger`]). The columns and the
//! CSV are [`speaksafe_results::layout`]'s.
//!
//! A response that does not open is counted and reported on stderr, and the rest are exported.
//! Exit status: 0 when the export was written (even if some responses could not be opened: the
//! message says how many); 1 when it could not be, or when none of the responses opened;
//! 2 for a usage error.

use super::ledger;
use super::responses::{self, Source};
use speaksafe_core::envelope::EnvelopeError;
use speaksafe_results::layout::{self, write_row, Layout, Unplaced};
use speaksafe_results::summary::Summary;
use speaksafe_results::{opened, xlsx};
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
    /// xlsx: publish the counts even though too few responses have come in since an earlier
    /// release (as `summary --force`).
    #[arg(long)]
    pub force: bool,
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
    let ready =
        responses::read_keys(&args.source.key).and_then(|_| args.source.survey()).and_then(|_| args.source.check());
    if let Err(message) = ready {
        eprintln!("speaksafe export: {message}");
        return ExitCode::FAILURE;
    }
    if args.format == Format::Xlsx {
        return run_xlsx(args);
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
    match speaksafe_results::opened::failure_report_with_keys(exported.keys, exported.rows, &exported.failed) {
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
    let keys = responses::read_keys(&source.key)?;
    let survey = source.survey()?;
    let layout = Layout::new(&survey);
    let write_error = |e: io::Error| format!("cannot write: {e}");
    write_row(out, &layout.header).map_err(write_error)?;
    let mut unplaced = Unplaced::new();
    let (mut rows, mut failed) = (0, Vec::new());
    source.each_chunk(CHUNK, |sealed| {
        let (opened, not_opened) = opened::open_all(sealed, &keys, &survey);
        failed.extend(not_opened);
        for o in &opened {
            write_row(out, &layout.row(o, &mut unplaced)).map_err(write_error)?;
        }
        rows += opened.len();
        Ok(())
    })?;
    responses::report_key_use(&keys);
    Ok(Exported { rows, columns: layout.header.len(), warnings: layout::warnings(unplaced), failed, keys: keys.len() })
}

/// `--format xlsx`: the workbook, written to `--out`.
fn run_xlsx(args: &Args) -> ExitCode {
    let Some(path) = &args.out else {
        eprintln!("speaksafe export: --format xlsx writes a file: give --out FILE.xlsx");
        return ExitCode::from(2);
    };
    let responses = match responses::load(&args.source) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("speaksafe export: {message}");
            return ExitCode::FAILURE;
        }
    };
    let summary = match Summary::new(&responses, args.min_cell as usize, false, &args.by) {
        Ok(summary) => summary,
        Err(message) => {
            eprintln!("speaksafe export: {message}");
            return ExitCode::from(2);
        }
    };
    // The Counts and By day sheets are a release, as a summary is.
    if let Err(message) = ledger::release(&args.source, &summary, "xlsx", args.force) {
        eprintln!("speaksafe export: {message}");
        return ExitCode::FAILURE;
    }
    let (bytes, written) = match xlsx::workbook(&responses, &summary) {
        Ok(made) => made,
        Err(message) => {
            eprintln!("speaksafe export: {}: {message}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let saved = responses::create_private(path).and_then(|mut file| {
        file.write_all(&bytes)?;
        file.sync_all()
    });
    if let Err(e) = saved {
        eprintln!("speaksafe export: {}: cannot write: {e}", path.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "Exported {} of survey {} to {} ({} columns; sheets: Responses, Codebook, Counts, By day).",
        if written.rows == 1 { "1 response".to_string() } else { format!("{} responses", written.rows) },
        args.source.survey,
        path.display(),
        written.columns
    );
    for warning in &written.warnings {
        eprintln!("warning: {warning}");
    }
    responses::report_failures(&responses)
}
