//! `speaksafe translations export SURVEY.json --lang pl --out pl.xlsx` (or `.csv`): every text of
//! the survey, one row each (where it is, the text in the first language, the translation so
//! far), for a translator.
//!
//! `speaksafe translations import SURVEY.json pl.xlsx --out SURVEY.json`: the translations put
//! in. A row whose first-language text has changed since the export is stale and not applied; a
//! translation that lost or gained a placeholder (`{n}`) is not applied; a place the survey has
//! no text at is reported. See `speaksafe_core::translations`.
//!
//! Exit status: 0 when the file was written (the report may list rows not applied), 1 when it
//! could not be (a language the survey does not offer, a file that cannot be read), 2 for a
//! usage error.

use serde_json::Value;
use speaksafe_core::document;
use speaksafe_core::translations::{self, Applied};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write every text of a survey, with its translation so far, to a spreadsheet (.xlsx or .csv).
    Export {
        #[arg(value_name = "SURVEY.json")]
        survey: PathBuf,
        /// The language to translate into (one the survey offers).
        #[arg(long, value_name = "CODE")]
        lang: String,
        /// Where to write: .xlsx or .csv.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Put a translator's spreadsheet back into the survey.
    Import {
        #[arg(value_name = "SURVEY.json")]
        survey: PathBuf,
        /// The spreadsheet (.xlsx or .csv) made by `translations export`, translated.
        #[arg(value_name = "FILE")]
        sheet: PathBuf,
        /// The language the translations are in (read from the sheet's header if not given).
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// Where to write the survey with its translations (it may be SURVEY.json itself).
        #[arg(long, value_name = "OUT.json")]
        out: PathBuf,
    },
}

pub fn run(command: &Command) -> ExitCode {
    let result = match command {
        Command::Export { survey, lang, out } => export(survey, lang, out),
        Command::Import { survey, sheet, lang, out } => import(survey, sheet, lang.as_deref(), out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe translations: {message}");
            ExitCode::FAILURE
        }
    }
}

fn read_survey(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read it: {e}", path.display()))?;
    speaksafe_core::read(&text).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{}: not a usable survey: {}", path.display(), list.join("; "))
    })?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| format!("{}: {e}", path.display()))
}

fn export(survey: &Path, lang: &str, out: &Path) -> Result<(), String> {
    let definition = read_survey(survey)?;
    let rows = translations::export(&definition, lang).map_err(|e| e.to_string())?;
    let csv = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        translations::to_csv(&definition, lang, &rows).into_bytes()
    } else {
        translations::to_xlsx(&definition, lang, &rows).map_err(|e| e.to_string())?
    };
    std::fs::write(out, bytes).map_err(|e| format!("{}: cannot write it: {e}", out.display()))?;
    let missing = rows.iter().filter(|r| r.translation.is_empty()).count();
    println!("{}: {} texts, {missing} still to translate into {lang}", out.display(), rows.len());
    Ok(())
}

fn import(survey: &Path, sheet: &Path, lang: Option<&str>, out: &Path) -> Result<(), String> {
    let mut definition = read_survey(survey)?;
    let bytes = std::fs::read(sheet).map_err(|e| format!("{}: cannot read it: {e}", sheet.display()))?;
    let lang = match lang {
        Some(lang) => lang.to_string(),
        None => language_of(&bytes)
            .ok_or_else(|| format!("{}: say which language it is in, with --lang", sheet.display()))?,
    };
    let rows = translations::read(&bytes).map_err(|e| format!("{}: {e}", sheet.display()))?;
    let Applied { applied, stale, unknown, placeholders } =
        translations::apply(&mut definition, &lang, &rows).map_err(|e| e.to_string())?;
    let text = document::to_text(&definition);
    // What is written must still be a usable survey.
    speaksafe_core::read(&text).map_err(|errors| {
        format!(
            "the translated survey does not pass check: {}",
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        )
    })?;
    std::fs::write(out, text).map_err(|e| format!("{}: cannot write it: {e}", out.display()))?;
    println!("{}: {applied} translations into {lang} put in", out.display());
    for path in &stale {
        println!("  stale, not applied: {path} (its text changed since the export; translate it again)");
    }
    for path in &placeholders {
        println!("  not applied: {path} (the translation must keep the text's placeholders, such as {{n}})");
    }
    for path in &unknown {
        println!("  not applied: {path} (the survey has no text there)");
    }
    Ok(())
}

/// The language of a sheet made by `translations export`, from its header: `translation (pl)`.
fn language_of(bytes: &[u8]) -> Option<String> {
    let header = translations::header_of(bytes)?;
    let third = header.get(2)?;
    let open = third.rfind('(')?;
    Some(third[open + 1..].trim_end_matches(')').trim().to_string())
}
