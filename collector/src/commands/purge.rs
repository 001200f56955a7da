//! `speaksafe purge --db responses.db|postgres://… --survey ID [--before YYYY-MM-DD] [--yes]`:
//! deletes a survey's responses, for an organiser who has exported them and must not keep them
//! longer than they said they would.
//!
//! It deletes: what it deletes cannot be recovered from this database (only from a backup). It
//! says how many responses it will delete and asks first, unless `--yes`. `--before` deletes only
//! those received before that day (the day the collector stored with each, UTC), so a survey
//! that is still open can be purged of what was exported earlier.
//!
//! With SQLite the file is rebuilt afterwards (`VACUUM`, and the log emptied), so that the deleted
//! envelopes' bytes leave it. With PostgreSQL the table is vacuumed so its space is reused; the
//! bytes can remain in the table's files until they are overwritten, and in the write-ahead log
//! and backups (docs/deploy.md says how to rewrite the table).
//!
//! Exit status: 0 when done (or there was nothing to delete), 1 when it could not be done or the
//! answer to the question was not yes, 2 for a usage error.

use super::responses::check_survey_id;
use crate::store::{self, Access, Location};
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The collector's database: a SQLite file, or a PostgreSQL URL (postgres://user@host/dbname).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: Location,
    /// The survey whose responses are deleted, by its id.
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// Delete only the responses received before this day (YYYY-MM-DD, UTC), not those of that
    /// day or later.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub before: Option<String>,
    /// Do not ask: delete.
    #[arg(long)]
    pub yes: bool,
}

/// A real date written `YYYY-MM-DD`, as the collector stores days.
pub fn parse_day(text: &str) -> Result<String, String> {
    let wrong = || format!("\"{}\" is not a day written YYYY-MM-DD (such as 2025-03-31)", text.escape_debug());
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return Err(wrong()) };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(wrong());
    }
    let (year, month, day): (u32, u32, u32) =
        (year.parse().map_err(|_| wrong())?, month.parse().map_err(|_| wrong())?, day.parse().map_err(|_| wrong())?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(wrong()),
    };
    if day == 0 || day > days {
        return Err(wrong());
    }
    Ok(text.to_string())
}

pub fn run(args: &Args) -> ExitCode {
    match purge(args, &mut std::io::stdin().lock(), &mut std::io::stderr()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe purge: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Counts, asks on `ask` (unless `--yes`, reading the answer from `answers`), deletes.
pub fn purge(args: &Args, answers: &mut impl BufRead, ask: &mut impl Write) -> Result<(), String> {
    check_survey_id(&args.survey)?;
    let store = store::open(&args.db, Access::Existing)?;
    let before = args.before.as_deref();
    let which = match before {
        Some(day) => format!("received before {day}"),
        None => "(all of them)".to_string(),
    };
    let count = store.count_before(&args.survey, before).map_err(|e| format!("{}: {e}", args.db))?;
    let responses = |n: u64| if n == 1 { "1 response".to_string() } else { format!("{n} responses") };
    if count == 0 {
        let _ = writeln!(ask, "Nothing to delete: survey {} has no responses {which} in {}.", args.survey, args.db);
        return Ok(());
    }
    let _ = writeln!(
        ask,
        "This deletes {} to survey {} {which} from {}. They cannot be brought back from it: \
         export them first (speaksafe export).",
        responses(count),
        args.survey,
        args.db
    );
    if !args.yes {
        let _ = write!(ask, "Delete them? [y/N] ");
        let _ = ask.flush();
        let mut answer = String::new();
        let _ = answers.read_line(&mut answer);
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return Err("nothing deleted (the answer was not yes; --yes deletes without asking)".into());
        }
    }
    let deleted = store.purge(&args.survey, before).map_err(|e| format!("{}: {e}", args.db))?;
    let after = match &args.db {
        Location::Sqlite(_) => "the file was rebuilt, so their bytes have left it",
        Location::Postgres(_) => {
            "the table was vacuumed (docs/deploy.md: rewriting it removes their bytes from its files)"
        }
    };
    let _ = writeln!(ask, "Deleted {} to survey {} {which}; {after}.", responses(deleted), args.survey);
    Ok(())
}
