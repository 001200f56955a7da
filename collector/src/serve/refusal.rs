//! Every way the collector says no, in one place: each refusal's status, its JSON message, its
//! headers and the count it adds to, in one `match`. Handlers return `Result<_, Refusal>` and use
//! `?`; the router turns a refusal into a response.

use super::counters::Counters;
use axum::body::Body;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The largest request body read, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// Why a request was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No survey with that id is served here.
    NoSuchSurvey,
    /// The survey has closed: it takes no more answers.
    Closed,
    /// Nothing is served at that address.
    NoSuchPage,
    /// An address under `/api` that is not an endpoint.
    NoSuchEndpoint,
    /// A file the widget's build makes is missing from `--static`.
    NotBuilt(&'static str),
    /// The address takes only the methods in `allow` (`"POST"` for responses, `"GET, HEAD"` for files).
    MethodNotAllowed { method: Method, allow: &'static str },
    /// The body is over [`MAX_BODY`].
    TooLarge,
    /// The body did not arrive whole within the time allowed.
    TooSlow,
    /// The body could not be read (the connection broke).
    Unreadable,
    /// The body is not a submission; what is wrong with it.
    Malformed(String),
    /// Too many submissions this second, across all respondents; try again after this long.
    Busy(Duration),
    /// Too many refused requests this second: a flood of junk is turned away here, before it
    /// costs anything more, and never takes a real submission's place.
    Flooded(Duration),
    /// The submission id is already stored with another envelope.
    Conflict,
    /// The store could not write it: send it again.
    StoreFailed,
    /// A survey that takes access codes, and no token, or one not signed by its key.
    NoToken,
    /// The token was spent already, with another response.
    TokenSpent,
    /// An access code that does not work: `why` is `unknown`, `used` or `withdrawn`, which the
    /// widget turns into its own kind words.
    Code(&'static str),
    /// Access codes are not taken here: the survey is open to anyone, or its collector has no
    /// records to keep codes in.
    NoCodes,
    /// A request the connection gate refused before it was read (`crate::gate`): 400, 408, 411,
    /// 414 or 431.
    Gate(StatusCode),
}

impl Refusal {
    /// Its status, message, the seconds to wait before trying again, and what it counts as.
    fn parts<'c>(&self, counts: Option<&'c Counters>) -> (StatusCode, String, Option<u64>, Option<&'c AtomicU64>) {
        let seconds = |wait: &Duration| Some(wait.as_secs().max(1));
        match self {
            Refusal::NoSuchSurvey => (StatusCode::NOT_FOUND, "no such survey".into(), None, None),
            Refusal::Closed => {
                (StatusCode::GONE, "This survey has closed. Your answers were not sent.".into(), None, None)
            }
            Refusal::NoSuchPage => (StatusCode::NOT_FOUND, "nothing is served at this address".into(), None, None),
            Refusal::NoSuchEndpoint => (
                StatusCode::NOT_FOUND,
                "no such endpoint; responses go to POST /api/v1/surveys/{id}/responses".into(),
                None,
                None,
            ),
            Refusal::NotBuilt(file) => (
                StatusCode::NOT_FOUND,
                format!("no {file} in --static (build the widget with `trunk build --release`)"),
                None,
                None,
            ),
            Refusal::MethodNotAllowed { method, allow } => (
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed here; this address takes {allow}"),
                None,
                None,
            ),
            Refusal::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is over {} KiB", MAX_BODY / 1024),
                None,
                counts.map(|c| &c.malformed),
            ),
            Refusal::TooSlow => (
                StatusCode::REQUEST_TIMEOUT,
                "the body took too long to arrive; send it again".into(),
                None,
                counts.map(|c| &c.malformed),
            ),
            Refusal::Unreadable => {
                (StatusCode::BAD_REQUEST, "the body could not be read".into(), None, counts.map(|c| &c.malformed))
            }
            Refusal::Malformed(why) => (StatusCode::BAD_REQUEST, why.clone(), None, counts.map(|c| &c.malformed)),
            Refusal::Busy(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too many responses are arriving at once; send it again shortly".into(),
                seconds(wait),
                counts.map(|c| &c.rate_limited),
            ),
            Refusal::Flooded(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests that are not responses are arriving; try again shortly".into(),
                seconds(wait),
                counts.map(|c| &c.flooded),
            ),
            Refusal::Conflict => (
                StatusCode::CONFLICT,
                "this submission_id is already stored with a different envelope; a new response needs a new id".into(),
                None,
                counts.map(|c| &c.conflicts),
            ),
            Refusal::StoreFailed => (
                StatusCode::SERVICE_UNAVAILABLE,
                "the response could not be stored; send it again".into(),
                Some(1),
                counts.map(|c| &c.store_failures),
            ),
            Refusal::NoToken => (
                StatusCode::FORBIDDEN,
                "this survey takes answers only with an access code's token".into(),
                None,
                counts.map(|c| &c.malformed),
            ),
            Refusal::TokenSpent => (
                StatusCode::FORBIDDEN,
                "this access code has already been used to send answers".into(),
                None,
                counts.map(|c| &c.conflicts),
            ),
            Refusal::Code(why) => (
                StatusCode::FORBIDDEN,
                match *why {
                    "used" => "this access code has been used already",
                    "withdrawn" => "this access code no longer works: its batch was withdrawn",
                    _ => "there is no such access code for this survey",
                }
                .into(),
                None,
                counts.map(|c| &c.malformed),
            ),
            Refusal::NoCodes => (StatusCode::NOT_FOUND, "this survey does not take access codes".into(), None, None),
            Refusal::Gate(status) => {
                let message = match status.as_u16() {
                    408 => "the request took too long to arrive",
                    411 => "send the body with a Content-Length, not in chunks",
                    414 => "the address is too long",
                    431 => "the request's headers are too large",
                    _ => "the request could not be read",
                };
                (*status, message.into(), None, None)
            }
        }
    }

    /// Adds this refusal to the collector's counts, and gives it back to be sent.
    pub fn counted(self, counts: &Counters) -> Refusal {
        if let (_, _, _, Some(counter)) = self.parts(Some(counts)) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        self
    }

    /// The status it is sent with.
    pub fn status(&self) -> StatusCode {
        self.parts(None).0
    }

    /// The refusal a bare response of this status stands for (a static file's 404, say), so that
    /// it is sent with a JSON body like every other.
    pub fn for_status(status: StatusCode, method: &Method) -> Refusal {
        match status {
            StatusCode::NOT_FOUND => Refusal::NoSuchPage,
            StatusCode::METHOD_NOT_ALLOWED => Refusal::MethodNotAllowed { method: method.clone(), allow: "GET, HEAD" },
            StatusCode::PAYLOAD_TOO_LARGE => Refusal::TooLarge,
            StatusCode::SERVICE_UNAVAILABLE => Refusal::StoreFailed,
            other => Refusal::Gate(other),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, message, retry_after, _) = self.parts(None);
        let body = match (&self, status) {
            // The widget tells a used or withdrawn code from a wrong one by this word.
            (Refusal::Code(why), _) => json!({ "error": message, "code": why }).to_string(),
            (Refusal::TokenSpent, _) => json!({ "error": message, "code": "used" }).to_string(),
            _ => json!({ "error": message }).to_string(),
        };
        let mut response = (status, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Refusal::MethodNotAllowed { allow, .. } = self {
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        response
    }
}
