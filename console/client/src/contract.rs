//! The console API's messages as the collector sends and takes them (the contract between the
//! collector and the browser), and what a refusal means for the organiser. Pure: read and tested
//! natively; [`crate::collector`] sends them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /api/v1/console`: this collector has a console (the studio then offers to publish to it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConsoleHere {
    pub console: bool,
    #[serde(default)]
    pub origin: String,
}

/// A passkey ceremony begun: register/start, passkeys/start, sign-in/start.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Ceremony {
    pub ceremony: String,
    /// Whom the invitation is for (register/start only).
    #[serde(default)]
    pub organiser: Option<String>,
    /// `{"publicKey": {…}}`, as webauthn-rs writes it: the browser's `parse…OptionsFromJSON`
    /// reads its `publicKey`.
    pub options: Value,
}

/// register/finish and sign-in/finish: signed in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SignedIn {
    pub session: String,
    pub organiser: String,
}

/// passkeys/finish: how many passkeys the organiser now has.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Passkeys {
    pub passkeys: usize,
}

/// `GET /api/v1/console/me`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    pub organiser: String,
    pub passkeys: usize,
    pub idle_minutes: u32,
}

/// Whether a survey takes responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Closed,
}

/// `{"status": …}`: what close and open answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StatusNow {
    pub status: Status,
}

/// A survey as the list shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Listing {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// Its closing day, `YYYY-MM-DD`.
    #[serde(default)]
    pub closes: Option<String>,
    /// The SHA-256 (hex) of the live version.
    pub version: String,
    /// The first 16 hex digits of the SHA-256 of its public key.
    #[serde(default)]
    pub key_fingerprint: Option<String>,
    /// For a survey with access codes, once codes were issued: the first 16 hex digits of the
    /// SHA-256 of its token key (public half), as `speaksafe codes issue` and `speaksafe verify`
    /// print it.
    #[serde(default)]
    pub token_key_fingerprint: Option<String>,
    pub responses: u64,
    /// `file` (from the collector's `--surveys`) or `console` (published here).
    #[serde(default)]
    pub from: String,
}

/// `GET /api/v1/console/surveys`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Surveys {
    pub surveys: Vec<Listing>,
}

/// Responses received on one day (counted by the collector: nothing opened).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DayCount {
    pub day: String,
    pub responses: u64,
}

/// One published version of a survey.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Version {
    pub version: String,
    pub day: String,
    /// Who published it.
    pub by: String,
    pub live: bool,
}

/// `GET /api/v1/console/surveys/{id}`: a survey's page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SurveyPage {
    #[serde(flatten)]
    pub listing: Listing,
    #[serde(default)]
    pub by_day: Vec<DayCount>,
    /// Newest first.
    #[serde(default)]
    pub versions: Vec<Version>,
    /// Its public key (43 characters of base64url), if it has one of its own.
    #[serde(default)]
    pub public_key: Option<String>,
}

/// `POST …/versions`: the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Publish<'a> {
    pub definition: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm: Option<&'a str>,
}

/// `POST …/versions` accepted: live at once.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Published {
    pub version: String,
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// One entry of the organisers' log.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LogEntry {
    pub day: String,
    pub organiser: String,
    pub action: String,
    #[serde(default)]
    pub survey: Option<String>,
    #[serde(default)]
    pub detail: String,
}

/// `GET /api/v1/console/log`: newest first.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Log {
    pub entries: Vec<LogEntry>,
}

/// `DELETE …/responses`: the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Purge<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm: Option<&'a str>,
    pub before: Option<&'a str>,
}

/// `DELETE …/responses` done.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Purged {
    pub deleted: u64,
}

/// What the organiser asks of a summary of opened responses: the command line's `--min-cell`,
/// `--by` and `--include-text`. The console's page and its results worker both speak of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    pub min_cell: usize,
    pub by: Vec<String>,
    pub include_text: bool,
}

impl Default for Choices {
    fn default() -> Self {
        Choices { min_cell: 10, by: Vec::new(), include_text: false }
    }
}

/// Why a request did not give what was asked. Each is what the organiser is told, and the console
/// branches on the first four.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// 401 `signed_out`: no session, or it ended (idle, signed out elsewhere, organiser removed).
    SignedOut(String),
    /// 422: the survey's check found errors.
    Problems { error: String, problems: Vec<String> },
    /// 409 with `breaking`: the change would break answers already collected; publish again with
    /// `confirm` typed to go ahead.
    Breaking { error: String, breaking: Vec<String>, confirm: String },
    /// 409 with `confirm` alone: type it to go ahead (deleting responses).
    Confirm { error: String, confirm: String },
    /// 429: too many sign-in attempts; `retry_after` seconds, when the collector said.
    TooMany { error: String, retry_after: Option<u64> },
    /// Any other refusal: its status and the collector's words.
    Refused { status: u16, error: String },
    /// The collector could not be reached, or answered with something that is not its own JSON.
    Unreachable(String),
    /// The passkey was not made or not given (cancelled, timed out, not allowed, none on this
    /// device); the browser's reason in the organiser's words.
    Passkey(String),
}

impl Refusal {
    /// The refusal in an answer of status `status` with body `body` (and a `Retry-After` header).
    pub fn read(status: u16, body: &str, retry_after: Option<&str>) -> Refusal {
        let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let text = |field: &str| json.get(field).and_then(Value::as_str).map(str::to_string);
        let list = |field: &str| -> Option<Vec<String>> {
            json.get(field)?
                .as_array()
                .map(|items| items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect())
        };
        let Some(error) = text("error") else {
            // Not the collector's JSON: a proxy's page, or something else in the way.
            return Refusal::Unreachable(format!("the collector answered {status} without saying why"));
        };
        match status {
            401 if json.get("signed_out").and_then(Value::as_bool) == Some(true) => Refusal::SignedOut(error),
            422 => Refusal::Problems { error, problems: list("problems").unwrap_or_default() },
            409 => match (list("breaking"), text("confirm")) {
                (Some(breaking), Some(confirm)) => Refusal::Breaking { error, breaking, confirm },
                (None, Some(confirm)) => Refusal::Confirm { error, confirm },
                _ => Refusal::Refused { status, error },
            },
            429 => Refusal::TooMany { error, retry_after: retry_after.and_then(|s| s.trim().parse().ok()) },
            _ => Refusal::Refused { status, error },
        }
    }

    /// What to tell the organiser, in one sentence or two.
    pub fn message(&self) -> String {
        match self {
            Refusal::SignedOut(error) | Refusal::Unreachable(error) | Refusal::Passkey(error) => error.clone(),
            Refusal::Problems { error, .. }
            | Refusal::Breaking { error, .. }
            | Refusal::Confirm { error, .. }
            | Refusal::Refused { error, .. } => error.clone(),
            Refusal::TooMany { error, retry_after: Some(seconds) } => {
                format!("{error} Try again in {}.", wait(*seconds))
            }
            Refusal::TooMany { error, retry_after: None } => error.clone(),
        }
    }
}

/// `90` → "2 minutes", `1` → "1 second".
fn wait(seconds: u64) -> String {
    match seconds {
        0..=1 => "1 second".into(),
        2..=59 => format!("{seconds} seconds"),
        60 => "1 minute".into(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// What the browser's error from `navigator.credentials.create` or `get` means for the organiser,
/// by the DOMException's name.
pub fn passkey_failure(name: &str, making: bool) -> Refusal {
    let message = match name {
        // Cancelled, timed out, or no passkey chosen: the browser does not say which (on purpose).
        "NotAllowedError" if making => {
            "No passkey was made: the request was cancelled or timed out. Try again when you are ready.".to_string()
        }
        "NotAllowedError" => "No passkey was given: the request was cancelled or timed out, or this device has no \
                              passkey for this console. Try again, or use the device where you made it."
            .to_string(),
        "InvalidStateError" => {
            "This device already holds a passkey for you here: sign in with it, or add one on another device."
                .to_string()
        }
        "SecurityError" => "The browser refused passkeys on this address: the console must be opened at the \
                            collector's own name (https://…, or http://localhost), not an IP address."
            .to_string(),
        "NotSupportedError" => "This browser or device cannot make or use a passkey.".to_string(),
        "AbortError" => "The passkey request was stopped.".to_string(),
        other => format!("The passkey request failed ({other})."),
    };
    Refusal::Passkey(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_read_by_what_the_organiser_must_do() {
        assert_eq!(
            Refusal::read(401, r#"{"error": "Your session has ended.", "signed_out": true}"#, None),
            Refusal::SignedOut("Your session has ended.".into())
        );
        // Sign-in's 401 (not a passkey of anyone here) is not a session that ended.
        assert!(matches!(
            Refusal::read(401, r#"{"error": "That passkey is not one of an organiser here."}"#, None),
            Refusal::Refused { status: 401, .. }
        ));
        assert_eq!(
            Refusal::read(
                422,
                r#"{"error": "The survey has 2 errors.", "problems": ["pages[0].id: empty", "id: empty"]}"#,
                None
            ),
            Refusal::Problems {
                error: "The survey has 2 errors.".into(),
                problems: vec!["pages[0].id: empty".into(), "id: empty".into()]
            }
        );
        assert_eq!(
            Refusal::read(
                409,
                r#"{"error": "It breaks answers.", "breaking": ["q1 removed"], "confirm": "youth-voice"}"#,
                None
            ),
            Refusal::Breaking {
                error: "It breaks answers.".into(),
                breaking: vec!["q1 removed".into()],
                confirm: "youth-voice".into()
            }
        );
        assert_eq!(
            Refusal::read(409, r#"{"error": "Type it.", "confirm": "delete 12 responses"}"#, None),
            Refusal::Confirm { error: "Type it.".into(), confirm: "delete 12 responses".into() }
        );
        let too_many = Refusal::read(429, r#"{"error": "Too many sign-in attempts."}"#, Some("90"));
        assert_eq!(too_many, Refusal::TooMany { error: "Too many sign-in attempts.".into(), retry_after: Some(90) });
        assert_eq!(too_many.message(), "Too many sign-in attempts. Try again in 2 minutes.");
        assert_eq!(
            Refusal::read(
                410,
                r#"{"error": "This invitation has expired or has already been used. Ask for a new one."}"#,
                None
            )
            .message(),
            "This invitation has expired or has already been used. Ask for a new one."
        );
    }

    #[test]
    fn an_answer_that_is_not_the_collectors_is_said_to_be_so() {
        let proxy = Refusal::read(502, "<html><body>Bad gateway</body></html>", None);
        assert_eq!(proxy, Refusal::Unreachable("the collector answered 502 without saying why".into()));
    }

    #[test]
    fn messages_read_as_the_contract_writes_them() {
        let page: SurveyPage = serde_json::from_str(
            r#"{"id": "youth-voice", "title": "Youth Voice", "status": "closed", "closes": "2025-07-01",
                "version": "ab12", "key_fingerprint": "0011223344556677", "responses": 12, "from": "console",
                "by_day": [{"day": "2025-06-01", "responses": 12}],
                "versions": [{"version": "ab12", "day": "2025-06-01", "by": "Sam", "live": true}],
                "public_key": null}"#,
        )
        .unwrap();
        assert_eq!(page.listing.status, Status::Closed);
        assert_eq!(page.listing.closes.as_deref(), Some("2025-07-01"));
        assert_eq!(page.versions[0].by, "Sam");
        assert_eq!(page.by_day[0].responses, 12);
        let definition = serde_json::json!({"id": "x"});
        let body =
            serde_json::to_value(Publish { definition: &definition, public_key: None, confirm: Some("x") }).unwrap();
        assert_eq!(body, serde_json::json!({"definition": {"id": "x"}, "confirm": "x"}));
        let purge = serde_json::to_value(Purge { confirm: None, before: None }).unwrap();
        assert_eq!(purge, serde_json::json!({"before": null}));
    }

    #[test]
    fn a_passkey_failure_says_what_to_do() {
        assert!(passkey_failure("NotAllowedError", true).message().starts_with("No passkey was made"));
        assert!(passkey_failure("NotAllowedError", false).message().contains("no passkey for this console"));
        assert!(passkey_failure("SecurityError", false).message().contains("not an IP address"));
    }
}
