//! `speaksafe summary --db responses.db|postgres://… --key NAME.key [--key OLD.key …] --survey ID [--surveys DIR]
//! [--min-cell 10] [--by QUESTION …] [--html report.html] [--include-text] [--force]`: counts and
//! percentages for every closed question, broken down by the answers to others if asked, and
//! responses by day, with small numbers withheld and every count perturbed
//! ([`speaksafe_results::summary`] says how), and the HTML report ([`speaksafe_results::report`]).
//! Each summary is a release, checked against the ledger of earlier ones and recorded in it
//! ([`super::ledger`]), with --db or through --from; `summary --ledger --survey ID` lists them.
//!
//! Exit status as `export`'s: 0 when the summary was made (responses that did not open are
//! counted on stderr), 1 when it could not be, none opened, or the ledger refused it, 2 for a
//! usage error.

use super::ledger;
use super::responses::{self, Source};
use speaksafe_results::report;
use speaksafe_results::summary::Summary;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub source: Source,
    /// Counts under this are withheld (shown as "<N").
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_cell: u64,
    /// Break every other closed question down by the answers to this one (single choice,
    /// dropdown, yes/no or scale). May be given more than once.
    #[arg(long, value_name = "QUESTION")]
    pub by: Vec<String>,
    /// Also write the summary as one self-contained HTML file with a chart per question.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Include free-text answers (and what was typed for "Other"). They can identify people.
    #[arg(long)]
    pub include_text: bool,
    /// Publish even though too few responses have come in since an earlier release (the ledger
    /// refuses it otherwise: comparing the two would show what the new respondents said).
    #[arg(long)]
    pub force: bool,
    /// List the survey's releases (the ledger, in the collector's database: --db, or through
    /// --from) instead of making a summary; needs no key.
    #[arg(long)]
    pub ledger: bool,
}

pub fn run(args: &Args) -> ExitCode {
    if args.ledger {
        return match ledger::list(&args.source) {
            Ok(list) => {
                let _ = std::io::stdout().lock().write_all(list.as_bytes());
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("speaksafe summary: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let responses = match responses::load(&args.source) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("speaksafe summary: {message}");
            return ExitCode::FAILURE;
        }
    };
    let summary = match Summary::new(&responses, args.min_cell as usize, args.include_text, &args.by) {
        Ok(summary) => summary,
        Err(message) => {
            eprintln!("speaksafe summary: {message}");
            return ExitCode::from(2);
        }
    };
    if args.min_cell < 10 {
        eprintln!("warning: --min-cell {} withholds less than the usual 10", args.min_cell);
    }
    if let Err(message) = ledger::release(&args.source, &summary, "summary", args.force) {
        eprintln!("speaksafe summary: {message}");
        return ExitCode::FAILURE;
    }
    let stdout = std::io::stdout();
    let _ = stdout.lock().write_all(summary.text().as_bytes());
    if let Some(path) = &args.html {
        let written = responses::create_private(path).and_then(|mut file| {
            file.write_all(report::html(&summary).as_bytes())?;
            file.sync_all()
        });
        match written {
            Ok(()) => eprintln!("Wrote the report to {}.", path.display()),
            Err(e) => {
                eprintln!("speaksafe summary: {}: cannot write: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    responses::report_failures(&responses)
}
