//! `speaksafe import FILE --out OUT.json [--from surveyjs|xlsform]`: brings in a survey written
//! for SurveyJS or as an XLSForm spreadsheet (`speaksafe_core::import`), writes it as a
//! `speaksafe/1` definition that passes `check`, and reports every element it dropped or
//! rewrote, with the reason.
//!
//! Exit status: 0 when the survey was written (the report may have lines), 1 when nothing usable
//! could be made (not a survey, a broken file, a zip bomb, too large), 2 for a usage error.

use speaksafe_core::document;
use speaksafe_core::import::{import, Change, Format, MAX_FILE_BYTES};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The survey to bring in: SurveyJS JSON, or an XLSForm spreadsheet (.xlsx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the speaksafe survey (JSON).
    #[arg(long, value_name = "OUT.json")]
    pub out: PathBuf,
    /// The format, if not the one the file's content shows.
    #[arg(long, value_enum)]
    pub from: Option<From>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    Surveyjs,
    Xlsform,
}

pub fn run(args: &Args) -> ExitCode {
    match bring_in(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe import: {message}");
            ExitCode::FAILURE
        }
    }
}

fn bring_in(args: &Args) -> Result<(), String> {
    let name = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).map_err(|e| format!("{name}: cannot open it: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{name}: cannot read it: {e}"))?;
    let from = args.from.map(|f| match f {
        From::Surveyjs => Format::SurveyJs,
        From::Xlsform => Format::XlsForm,
    });
    let imported = import(&bytes, from).map_err(|e| format!("{name}: {e}"))?;
    let text = document::to_text(&imported.definition);
    std::fs::write(&args.out, &text).map_err(|e| format!("{}: cannot write it: {e}", args.out.display()))?;
    let checked = speaksafe_core::read(&text).map_err(|errors| {
        // The importer makes surveys that pass check; should one not, say so rather than hide it.
        format!(
            "the survey written does not pass check: {}",
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        )
    })?;
    let survey = &checked.survey;
    println!(
        "{name}: {} brought in as {} — {} pages, {} questions, languages {}",
        imported.format.name(),
        args.out.display(),
        survey.pages.len(),
        survey.questions().filter(|(_, q)| q.is_answerable()).count(),
        survey.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
    );
    let (dropped, rewritten) = imported.report.iter().fold((0, 0), |(d, r), note| match note.change {
        Change::Dropped => (d + 1, r),
        Change::Rewritten => (d, r + 1),
    });
    if !imported.report.is_empty() {
        println!("{dropped} dropped, {rewritten} rewritten:");
    }
    for note in &imported.report {
        println!("  {note}");
    }
    for warning in &checked.warnings {
        println!("warning: {warning}");
    }
    Ok(())
}
