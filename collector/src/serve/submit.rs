//! `POST /api/v1/surveys/{id}/responses`: a submission read within its time and size, checked,
//! rate-limited and stored.

use super::app::App;
use super::bucket::Bucket;
use super::counters::Counters;
use super::refusal::{Refusal, MAX_BODY};
use crate::access::Token;
use crate::store::{self, Inserted, StoreError, Submission};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::header;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use speaksafe_core::envelope::{Envelope, EnvelopeError};
use speaksafe_core::Access;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// `POST /api/v1/surveys/{id}/responses`.
pub async fn submit(State(app): State<Arc<App>>, UrlPath(survey): UrlPath<String>, request: Request) -> Response {
    match take(&app, survey, request).await {
        Ok(inserted) => {
            Counters::add(if inserted == Inserted::New { &app.counts.stored } else { &app.counts.repeated });
            (StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"stored"}"#)
                .into_response()
        }
        Err(refusal) => refusal.counted(&app.counts).into_response(),
    }
}

/// Reads, checks and stores one submission. It is read and checked before it takes a token of
/// the rate limit: a request that is refused never takes a real submission's place, and refused
/// requests have a budget of their own.
async fn take(app: &App, survey: String, request: Request) -> Result<Inserted, Refusal> {
    let today = store::today();
    let codes = {
        let catalogue = app.live.now();
        let Some(served) = catalogue.surveys.get(&survey) else { return Err(Refusal::NoSuchSurvey) };
        // Closed by an organiser, or past its closing day (which the catalogue may not yet know).
        if !served.open || served.survey.closes.as_deref().is_some_and(|last| today.as_str() > last) {
            return Err(Refusal::Closed);
        }
        served.survey.access == Access::Codes
    };
    let junk = |refusal| match app.junk.as_ref().map(Bucket::take) {
        Some(Err(wait)) => Refusal::Flooded(wait),
        _ => refusal,
    };
    let (submission_id, envelope, token) = read_submission(app, request, codes).await.map_err(junk)?;
    // A survey that takes codes takes only responses with a token its key signed: anything else
    // is refused before it costs a write.
    let spent_token = match token {
        None => None,
        Some(token) => {
            let key = app.records.as_ref().and_then(|records| app.keys.get(records, &survey));
            match key {
                Some(key) if key.verify(&token) => Some(token.hash()),
                _ => return Err(junk(Refusal::NoToken)),
            }
        }
    };
    if let Some(bucket) = &app.bucket {
        bucket.take().map_err(Refusal::Busy)?;
    }
    let submission = Submission { survey, submission_id, envelope, day: today, spent_token };
    match app.store.submit(submission).await {
        Ok(Inserted::Conflict) => Err(Refusal::Conflict),
        Ok(Inserted::TokenSpent) => Err(Refusal::TokenSpent),
        Ok(inserted) => Ok(inserted),
        Err(e) => {
            if matches!(e, StoreError::Database(_)) && !app.failure_reported.swap(true, Ordering::Relaxed) {
                // The database's own words (disk full, …), never anything from the request.
                eprintln!("speaksafe: the store failed: {e} (later failures are counted, not printed)");
            }
            Err(Refusal::StoreFailed)
        }
    }
}

/// The submission's id, envelope and (for a survey that takes codes) token, read within the
/// time and size allowed.
async fn read_submission(app: &App, request: Request, codes: bool) -> Result<(String, String, Option<Token>), Refusal> {
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return Err(Refusal::TooLarge);
    }
    let body = match tokio::time::timeout(app.body_timeout, axum::body::to_bytes(request.into_body(), MAX_BODY)).await {
        Err(_) => return Err(Refusal::TooSlow),
        Ok(Ok(body)) => body,
        Ok(Err(e)) => {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(c) = cause {
                if c.is::<http_body_util::LengthLimitError>() {
                    return Err(Refusal::TooLarge);
                }
                cause = c.source();
            }
            return Err(Refusal::Unreadable);
        }
    };
    if codes {
        let (id, envelope, token) = parse_submission_with_token(&body).map_err(Refusal::Malformed)?;
        let token = token.ok_or(Refusal::NoToken)?;
        Ok((id, envelope, Some(token)))
    } else {
        let (id, envelope) = parse_submission(&body).map_err(Refusal::Malformed)?;
        Ok((id, envelope, None))
    }
}

pub async fn responses_by_post(method: Method) -> Refusal {
    Refusal::MethodNotAllowed { method, allow: "POST" }
}

/// Reads a submission body: `{"submission_id": "<32 lowercase hex>", "envelope": "v1.<key>.<ciphertext>"}`,
/// nothing else. The envelope's shape is checked; what is inside it cannot be, by design.
pub fn parse_submission(body: &Bytes) -> Result<(String, String), String> {
    let mut fields = submission_fields(body, &["submission_id", "envelope"])?;
    id_and_envelope(&mut fields)
}

/// Reads a submission to a survey that takes access codes: as [`parse_submission`], and a
/// `"token"` (`None` when it has none; its signature is checked by the caller).
pub fn parse_submission_with_token(body: &Bytes) -> Result<(String, String, Option<Token>), String> {
    let mut fields = submission_fields(body, &["submission_id", "envelope", "token"])?;
    let (id, envelope) = id_and_envelope(&mut fields)?;
    let token = match fields.remove("token") {
        None => None,
        Some(Value::String(text)) => Some(Token::from_text(&text)?),
        Some(_) => return Err("\"token\" must be a string".into()),
    };
    Ok((id, envelope, token))
}

fn submission_fields(body: &Bytes, names: &[&str]) -> Result<Map<String, Value>, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err(r#"the body must be a JSON object: {"submission_id": "…", "envelope": "…"}"#.into());
    };
    if let Some(unknown) = fields.keys().find(|k| !names.contains(&k.as_str())) {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        let listed = match quoted.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        return Err(format!(
            "unknown field \"{}\": the body has only {listed}",
            unknown.chars().take(64).collect::<String>()
        ));
    }
    Ok(fields)
}

fn id_and_envelope(fields: &mut Map<String, Value>) -> Result<(String, String), String> {
    let submission_id = string_field(fields, "submission_id")?;
    if submission_id.len() != 32 || !submission_id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("\"submission_id\" must be 32 lowercase hexadecimal characters (16 random bytes)".into());
    }
    let envelope = string_field(fields, "envelope")?;
    check_envelope_shape(&envelope)?;
    Ok((submission_id, envelope))
}

fn string_field(fields: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match fields.remove(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("\"{name}\" must be a string")),
        None => Err(format!("\"{name}\" is missing")),
    }
}

/// Checks that an envelope has the shape of one (`v1.<key>.<ciphertext>`, base64url, a 32-byte
/// key and a ciphertext of one of the bucket sizes), as `speaksafe_core::envelope` reads it. It
/// cannot be opened here: the collector has no private key.
pub fn check_envelope_shape(envelope: &str) -> Result<(), String> {
    match Envelope::from_text(envelope) {
        Ok(_) => Ok(()),
        Err(EnvelopeError::MalformedEnvelope(problem)) => {
            Err(format!("\"envelope\" is not a sealed envelope: {problem}"))
        }
        Err(other) => Err(format!("\"envelope\" is not a sealed envelope: {other}")),
    }
}
