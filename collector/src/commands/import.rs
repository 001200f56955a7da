//! `speaksafe import FILE --out OUT.json [--from surveyjs|xlsform] [--keep-identifying]
//! [--show-when-condition-lost] [--lang-map "العربية=ar"]`: brings in a survey written for
//! SurveyJS or as an XLSForm spreadsheet (`speaksafe_core::import`), writes it as a `speaksafe/1`
//! definition that passes `check`, and reports every element it dropped or rewrote, with the
//! reason.
//!
//! Exit status: 0 when the survey was written (the report may have lines), 1 when nothing usable
//! could be made (not a survey, a broken file, a zip bomb, too large), 2 for a usage error.

use speaksafe_core::document;
use speaksafe_core::import::{import_with, summary, Options, SourceFormat, MAX_FILE_BYTES};
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
    /// Keep questions that ask who the respondent is (a name, an address, a phone number...),
    /// each with a line in the report. They are left out by default.
    #[arg(long)]
    pub keep_identifying: bool,
    /// Show a question whose condition cannot be brought in to everyone, instead of leaving it
    /// out (the default, so that nobody is asked what was meant for others).
    #[arg(long)]
    pub show_when_condition_lost: bool,
    /// A language column's name and its code, for a column that names a language without a
    /// code: --lang-map "العربية=ar". May be given more than once.
    #[arg(long, value_name = "NAME=CODE", value_parser = language_code)]
    pub lang_map: Vec<(String, String)>,
}

fn language_code(given: &str) -> Result<(String, String), String> {
    let (name, code) = given.rsplit_once('=').ok_or("expected NAME=CODE, such as العربية=ar")?;
    if name.trim().is_empty() || code.trim().is_empty() {
        return Err("expected NAME=CODE, such as العربية=ar".into());
    }
    Ok((name.trim().to_string(), code.trim().to_string()))
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
        From::Surveyjs => SourceFormat::SurveyJs,
        From::Xlsform => SourceFormat::XlsForm,
    });
    let options = Options {
        from,
        file_name: args.file.file_name().map(|n| n.to_string_lossy().into_owned()),
        keep_identifying: args.keep_identifying,
        show_when_condition_lost: args.show_when_condition_lost,
        language_codes: args.lang_map.clone(),
    };
    let imported = import_with(&bytes, &options).map_err(|e| format!("{name}: {e}"))?;
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
    if let Some(summary) = summary(&imported.report) {
        println!("{summary}:");
    }
    for note in &imported.report {
        println!("  {note}");
    }
    for warning in &checked.warnings {
        println!("warning: {warning}");
    }
    Ok(())
}
