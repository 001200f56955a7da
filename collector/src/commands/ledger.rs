//! The ledger of releases, for `summary` and `export --format xlsx`: each release is checked
//! against the survey's earlier ones ([`speaksafe_results::ledger`] says when one may follow
//! another) and recorded in the collector's database, beside the organisers' records
//! ([`crate::store::Records`]); `summary --ledger` lists them.
//!
//! What is recorded is no respondent's: the survey, the kind of release, the `--by` questions, the
//! minimum, the day, how many responses, and a digest of the counts published (never of free
//! text).

use super::responses::Source;
use crate::store::{today, Access, Records};
use sha2::{Digest, Sha256};
use speaksafe_results::ledger::{judge, Judgement, Release};
use speaksafe_results::summary::{Part, Summary};

/// Checks a release of `summary` (`kind`: "summary" or "xlsx") against the survey's ledger, and
/// records it. Err with the words to say when it is refused: too soon after an earlier release,
/// without `force`; or the ledger cannot be read or written.
pub fn release(source: &Source, summary: &Summary, kind: &str, force: bool) -> Result<(), String> {
    if source.from.is_some() {
        eprintln!(
            "warning: with --from, this release is neither checked against the ledger of releases nor recorded in it \
             (the ledger is in the collector's database: give --db to keep it)"
        );
        return Ok(());
    }
    let records = Records::open(&source.db, Access::Existing)?;
    let ledger_error = |e: crate::store::StoreError| format!("{}: the ledger of releases: {e}", source.db);
    let earlier = records.releases(&summary.survey_id).map_err(ledger_error)?;
    let mut release = Release {
        number: 0,
        survey: summary.survey_id.clone(),
        kind: kind.to_string(),
        by: summary.by.iter().map(|(id, _)| id.clone()).collect(),
        min_cell: summary.min_cell,
        day: today(),
        responses: summary.truth_responses,
        digest: digest(summary),
        forced: false,
    };
    let judgement = judge(&release, &earlier);
    match (&judgement, judgement.refusal(release.responses)) {
        (Judgement::Repeat(number), _) => {
            eprintln!("The same as release {number} of the ledger: nothing new is published.");
            return Ok(());
        }
        (_, Some(refusal)) if !force => return Err(refusal),
        (_, Some(refusal)) => {
            eprintln!("warning: --force: {}", refusal.trim_start_matches("refused: "));
            release.forced = true;
        }
        (_, None) => {}
    }
    let number = records.record_release(&release).map_err(ledger_error)?;
    eprintln!("Recorded as release {number} in the ledger (`speaksafe summary --ledger` lists the releases).");
    Ok(())
}

/// The survey's releases, one a line, oldest first.
pub fn list(source: &Source) -> Result<String, String> {
    let records = Records::open(&source.db, Access::Existing)?;
    let releases =
        records.releases(&source.survey).map_err(|e| format!("{}: the ledger of releases: {e}", source.db))?;
    if releases.is_empty() {
        return Ok(format!("No releases of survey {} yet.\n", source.survey));
    }
    let mut out = format!("Releases of survey {}, oldest first:\n", source.survey);
    for release in &releases {
        out += &format!("  {}  digest {}\n", release.describe(), &release.digest[..release.digest.len().min(16)]);
    }
    Ok(out)
}

/// A digest of what a summary publishes: its text, with the answers to free text left out
/// whether or not it lists them (that it does is in the text). The same people and the same
/// tables give the same digest, since their counts are perturbed the same way each time.
fn digest(summary: &Summary) -> String {
    let mut published = summary.clone();
    for part in &mut published.parts {
        if let Part::Open(open) = part {
            open.answers.clear();
        }
    }
    let mut hasher = Sha256::new();
    hasher.update(published.text().as_bytes());
    hasher.update(if summary.include_text { b"with the answers to free text".as_slice() } else { b"".as_slice() });
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
