//! The ledger of releases, for `summary` and `export --format xlsx`: each release is checked
//! against the survey's earlier ones ([`speaksafe_results::ledger`] says when one may follow
//! another) and recorded in the collector's database, beside the organisers' records
//! ([`crate::store::Records`]): directly with `--db`, or through the collector with `--from`
//! (`/api/v1/console/surveys/{id}/releases`, the same [`record`]). `summary --ledger` lists them.
//!
//! What is recorded is no respondent's: the survey, the kind of release, the `--by` questions, the
//! minimum, the day, how many responses, and a digest of the counts published (never of free
//! text).

use super::responses::Source;
use crate::store::{today, Access, Records, StoreError};
use speaksafe_results::ledger::{judge, Judgement, Outcome, Release};
use speaksafe_results::summary::Summary;

/// What the command line adds to a refusal's words (the ledger's words, which the console shows
/// with its own button instead).
const WHAT_TO_DO: &str = "`speaksafe summary --ledger` lists the releases; --force publishes anyway.";

/// How many times a release is judged again when others keep being recorded between its
/// reading of the ledger and its recording: past that, the ledger is too busy to say.
const TRIES: usize = 20;

/// Checks `release` against the survey's ledger in `records` and records it if it may be made
/// (or `force`), on the collector's day. The check and the record are one: if another release
/// was recorded in between (another organiser, at the same moment), nothing is recorded and the
/// release is judged again against the ledger as it is now.
pub fn record(records: &Records, mut release: Release, force: bool) -> Result<Outcome, StoreError> {
    release.day = today();
    for _ in 0..TRIES {
        let earlier = records.releases(&release.survey)?;
        let judgement = judge(&release, &earlier);
        let forced = match (&judgement, judgement.refusal(release.responses)) {
            (Judgement::Repeat(number), _) => return Ok(Outcome::Repeat(*number)),
            (_, Some(refusal)) if !force => return Ok(Outcome::Refused(refusal)),
            (_, refusal) => refusal,
        };
        release.forced = forced.is_some();
        let follows = earlier.iter().map(|e| e.number).max().unwrap_or(0);
        if let Some(number) = records.record_release(&release, follows)? {
            return Ok(Outcome::Recorded { number, forced });
        }
    }
    Err(StoreError::Database(format!(
        "the ledger of releases changed {TRIES} times while this release was checked against it: try again"
    )))
}

/// Checks a release of `summary` (`kind`: "summary" or "xlsx") against the survey's ledger, and
/// records it, saying so on stderr. Err with the words to say when it is refused (too soon after
/// an earlier release, without `force`), or the ledger cannot be reached.
pub fn release(source: &Source, summary: &Summary, kind: &str, force: bool) -> Result<(), String> {
    let release = Release::of(summary, kind);
    let outcome = match source.remote()? {
        Some(remote) => remote.release(&release, force)?,
        None => {
            let records = Records::open(&source.db, Access::Existing)?;
            record(&records, release, force).map_err(|e| format!("{}: the ledger of releases: {e}", source.db))?
        }
    };
    match outcome {
        Outcome::Repeat(number) => eprintln!("The same as release {number} of the ledger: nothing new is published."),
        Outcome::Refused(refusal) => return Err(format!("{refusal} {WHAT_TO_DO}")),
        Outcome::Recorded { number, forced } => {
            if let Some(refusal) = forced {
                eprintln!("warning: --force: {}", refusal.trim_start_matches("refused: "));
            }
            eprintln!("Recorded as release {number} in the ledger (`speaksafe summary --ledger` lists the releases).");
        }
    }
    Ok(())
}

/// The survey's releases, one a line, oldest first.
pub fn list(source: &Source) -> Result<String, String> {
    let releases = match source.remote()? {
        Some(remote) => remote.releases(&source.survey)?,
        None => Records::open(&source.db, Access::Existing)?
            .releases(&source.survey)
            .map_err(|e| format!("{}: the ledger of releases: {e}", source.db))?,
    };
    if releases.is_empty() {
        return Ok(format!("No releases of survey {} yet.\n", source.survey));
    }
    let mut out = format!("Releases of survey {}, oldest first:\n", source.survey);
    for release in &releases {
        out += &format!("  {}  digest {}\n", release.describe(), &release.digest[..release.digest.len().min(16)]);
    }
    Ok(out)
}
