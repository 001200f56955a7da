//! The ledger of releases: what has been published from a survey's responses, and whether a new
//! release may follow.
//!
//! Cell key perturbation makes every table of the same people the same, in every release. But
//! one more response changes only the counts it is in: compare a release of 201 responses with
//! one of 200, and the counts that moved are the new respondent's answers. So the difference
//! between a new release and each earlier one is a table of its own, of the responses that came
//! in between, and it must be no smaller than any other group speaksafe shows: a release needs at
//! least `--min-cell` new responses since every earlier release of the survey (each covers all
//! its responses, so each overlaps with every other). A release that publishes exactly what an
//! earlier one did (the same digest: the same people, the same tables) adds nothing and may be
//! made again.
//!
//! What the ledger keeps is no respondent's: the survey, the tables asked for (`--by`, the
//! minimum), the day, how many responses, and a digest of what was published. The command line
//! and the console make a release of a summary the same way ([`Release::of`]), so that the same
//! tables give the same digest from either.

use crate::summary::{Part, Summary};
use sha2::{Digest, Sha256};

/// One release: a summary (text, report, the console's view) or a workbook's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// Its number in the ledger (1 for the first), once recorded.
    pub number: u64,
    pub survey: String,
    /// `summary` or `xlsx`.
    pub kind: String,
    /// The `--by` questions, in order.
    pub by: Vec<String>,
    pub min_cell: usize,
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// How many responses it counted (opened).
    pub responses: usize,
    /// A digest of what it published (hex).
    pub digest: String,
    /// Made with `--force` despite an earlier release.
    pub forced: bool,
}

/// What the ledger says of a new release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// It may be made, and recorded.
    New,
    /// It publishes exactly what this earlier release did: nothing new, nothing to record.
    Repeat(u64),
    /// Too few responses have come in since an earlier release: comparing the two would show
    /// what the new ones said.
    TooSoon {
        /// The earlier release it is too close to (of those it is too close to, the one that
        /// needs the most responses).
        conflict: Release,
        /// How many responses there must be in all before the next release.
        needed: usize,
    },
}

/// What became of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The same as this earlier release: nothing new, not recorded again.
    Repeat(u64),
    /// Recorded as this release; forced past an earlier one, with the words of the refusal.
    Recorded { number: u64, forced: Option<String> },
    /// Too soon after an earlier release: the words that say which, and when the next may be.
    Refused(String),
}

/// Whether `release` may follow the `earlier` releases of its survey.
pub fn judge(release: &Release, earlier: &[Release]) -> Judgement {
    let earlier: Vec<&Release> = earlier.iter().filter(|e| e.survey == release.survey).collect();
    if let Some(same) = earlier.iter().find(|e| e.digest == release.digest) {
        return Judgement::Repeat(same.number);
    }
    // The responses a release must have: every earlier one's, and as many new as the larger of
    // the two minimums (a purge in between counts against it: the ledger counts, it cannot tell
    // who is new).
    let needs = |e: &Release| e.responses + e.min_cell.max(release.min_cell);
    match earlier.into_iter().filter(|e| release.responses < needs(e)).max_by_key(|e| (needs(e), e.number)) {
        Some(conflict) => Judgement::TooSoon { needed: needs(conflict), conflict: conflict.clone() },
        None => Judgement::New,
    }
}

impl Release {
    /// The release of what `summary` publishes, as `kind` (`summary` for the text, the report or
    /// the console's view; `xlsx` for a workbook's counts), not yet recorded.
    pub fn of(summary: &Summary, kind: &str) -> Release {
        Release {
            number: 0,
            survey: summary.survey_id.clone(),
            kind: kind.to_string(),
            by: summary.by.iter().map(|(id, _)| id.clone()).collect(),
            min_cell: summary.min_cell,
            day: String::new(),
            responses: summary.truth_responses,
            digest: digest(summary),
            forced: false,
        }
    }

    /// What it was, in a few words: "release 2 (summary by school, min-cell 10, 2026-03-09, 200
    /// responses)".
    pub fn describe(&self) -> String {
        let by = if self.by.is_empty() { String::new() } else { format!(" by {}", self.by.join(", ")) };
        let forced = if self.forced { ", forced" } else { "" };
        format!(
            "release {} ({}{by}, min-cell {}, {}, {} response{}{forced})",
            self.number,
            self.kind,
            self.min_cell,
            self.day,
            self.responses,
            if self.responses == 1 { "" } else { "s" }
        )
    }
}

impl Release {
    /// As JSON, as the collector's console API sends and takes it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "number": self.number,
            "survey": self.survey,
            "kind": self.kind,
            "by": self.by,
            "min_cell": self.min_cell,
            "day": self.day,
            "responses": self.responses,
            "digest": self.digest,
            "forced": self.forced,
        })
    }

    /// From JSON: every field but `number`, `survey`, `day` and `forced` (the ledger's own, filled
    /// in as 0, empty and false when missing) must be there and well-formed. Err names the field.
    pub fn from_json(value: &serde_json::Value) -> Result<Release, String> {
        let text = |name: &str| value.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
        let whole = |name: &str| value.get(name).and_then(serde_json::Value::as_u64);
        let kind = text("kind").filter(|k| k == "summary" || k == "xlsx");
        let kind = kind.ok_or("\"kind\" must be \"summary\" or \"xlsx\"")?;
        let by: Vec<String> = match value.get("by").and_then(serde_json::Value::as_array) {
            Some(ids) => ids.iter().map(|id| id.as_str().map(str::to_string)).collect::<Option<_>>(),
            None => None,
        }
        .filter(|ids: &Vec<String>| ids.iter().all(|id| !id.is_empty() && id.len() <= 200))
        .ok_or("\"by\" must be a list of question ids")?;
        let min_cell = whole("min_cell").filter(|&m| m >= 1).ok_or("\"min_cell\" must be a whole number from 1")?;
        let responses = whole("responses").ok_or("\"responses\" must be a whole number")?;
        let digest = text("digest").filter(|d| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit()));
        let digest = digest.ok_or("\"digest\" must be a SHA-256 in hex (64 characters)")?;
        Ok(Release {
            number: whole("number").unwrap_or(0),
            survey: text("survey").unwrap_or_default(),
            kind,
            by,
            min_cell: min_cell as usize,
            day: text("day").unwrap_or_default(),
            responses: responses as usize,
            digest,
            forced: value.get("forced").and_then(serde_json::Value::as_bool).unwrap_or(false),
        })
    }
}

impl Judgement {
    /// Why a release is refused, and when the next is possible, for `responses` now; `None` when
    /// it is not refused. What to do about it is left to the words' reader: the command line says
    /// `--force`, the console its own button.
    pub fn refusal(&self, responses: usize) -> Option<String> {
        let Judgement::TooSoon { conflict, needed } = self else { return None };
        let new = responses.saturating_sub(conflict.responses);
        let more = match needed - responses {
            1 => "1 more response has".to_string(),
            more => format!("{more} more responses have"),
        };
        // Other tables of the same responses, set beside the earlier ones, are linked tables whose
        // cells can be worked out together; after new responses, the difference is those people.
        let why = if responses == conflict.responses {
            "so other tables of the same responses, set beside it, could show what some of them said".to_string()
        } else {
            format!("so comparing the two would show what the {new} new one{} said", if new == 1 { "" } else { "s" })
        };
        Some(format!(
            "refused: {} counted {} responses and there are {responses} now, {why} (at least {least} new ones must \
             come in between). The next release is possible once {more} come in ({needed} in all).",
            conflict.describe(),
            conflict.responses,
            least = needed - conflict.responses,
        ))
    }
}

/// A digest of what a summary publishes: its text, with the answers to free text left out
/// whether or not it lists them (that it does is in the text). The same people and the same
/// tables give the same digest, since their counts are perturbed the same way each time.
pub fn digest(summary: &Summary) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn release(number: u64, responses: usize, digest: &str) -> Release {
        Release {
            number,
            survey: "youth".into(),
            kind: "summary".into(),
            by: vec!["school".into()],
            min_cell: 10,
            day: "2026-03-09".into(),
            responses,
            digest: digest.into(),
            forced: false,
        }
    }

    #[test]
    fn a_release_needs_min_cell_new_responses_since_every_earlier_one() {
        let earlier = [release(1, 150, "a"), release(2, 200, "b")];
        assert_eq!(judge(&release(0, 210, "c"), &earlier), Judgement::New);
        let refused = judge(&release(0, 201, "c"), &earlier);
        assert_eq!(refused, Judgement::TooSoon { conflict: earlier[1].clone(), needed: 210 });
        let words = refused.refusal(201).unwrap();
        assert!(words.starts_with("refused: release 2 (summary by school, min-cell 10, 2026-03-09, 200 responses)"));
        assert!(words.contains("what the 1 new one said (at least 10 new ones must come in between)"), "{words}");
        assert!(words.contains("once 9 more responses have come in (210 in all)"), "{words}");
        // Other tables of the same responses.
        let words = judge(&release(0, 200, "c"), &earlier).refusal(200).unwrap();
        assert!(words.contains("200 now, so other tables of the same responses, set beside it, could show"), "{words}");
        let words = judge(&release(0, 209, "c"), &earlier).refusal(209).unwrap();
        assert!(words.contains("once 1 more response has come in (210 in all)"), "{words}");
        // The larger minimum of the two.
        let mut strict = release(0, 212, "c");
        strict.min_cell = 15;
        assert!(matches!(judge(&strict, &earlier), Judgement::TooSoon { needed: 215, .. }));
        // Fewer than before (a purge): wait for as many again and the minimum.
        assert!(matches!(judge(&release(0, 120, "c"), &earlier), Judgement::TooSoon { needed: 210, .. }));
        assert_eq!(judge(&release(0, 1, "c"), &[]), Judgement::New, "the first release");
    }

    #[test]
    fn a_release_goes_to_json_and_back_and_a_malformed_one_is_refused_by_name() {
        let mut one = release(3, 200, &"ab".repeat(32));
        one.forced = true;
        assert_eq!(Release::from_json(&one.to_json()), Ok(one.clone()));
        let mut json = one.to_json();
        json["digest"] = "not hex".into();
        assert!(Release::from_json(&json).unwrap_err().contains("\"digest\""));
        json = one.to_json();
        json["kind"] = "csv".into();
        assert!(Release::from_json(&json).unwrap_err().contains("\"kind\""));
        json = one.to_json();
        json["by"] = serde_json::json!([1]);
        assert!(Release::from_json(&json).unwrap_err().contains("\"by\""));
    }

    #[test]
    fn the_same_release_again_is_a_repeat_and_other_surveys_do_not_count() {
        let earlier = [release(1, 200, "a")];
        assert_eq!(judge(&release(0, 200, "a"), &earlier), Judgement::Repeat(1));
        assert!(matches!(judge(&release(0, 200, "other tables"), &earlier), Judgement::TooSoon { .. }));
        let mut elsewhere = release(0, 201, "c");
        elsewhere.survey = "another".into();
        assert_eq!(judge(&elsewhere, &earlier), Judgement::New);
    }
}
