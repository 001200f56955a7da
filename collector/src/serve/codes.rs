//! Access codes at the collector: `POST /api/v1/surveys/{id}/tokens` (a code exchanged, once,
//! for a blind signature), and the token keys kept in memory for checking tokens at Submit.
//!
//! Redeeming is the one request a respondent's browser makes before Submit, and only for a
//! survey that takes codes: it carries the code and a blinded message, which says nothing of
//! the token the browser will spend (see [`crate::access`]). The browser blinds to the token key
//! its survey's definition names (`submit.token_key`, see [`super::surveys::serve`]): no request
//! asks for the key, so the collector cannot hand one browser a key of its own unseen.

use super::app::App;
use super::bucket::Bucket;
use super::refusal::{Refusal, MAX_BODY};
use crate::access::{code_hash, TokenKey};
use crate::store::records::Redeemed;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use speaksafe_core::Access;
use std::sync::Arc;

/// The survey, if it is served, open and takes codes, and its token key.
fn survey_key(app: &App, survey: &str) -> Result<Arc<TokenKey>, Refusal> {
    {
        let catalogue = app.live.now();
        let Some(served) = catalogue.surveys.get(survey) else { return Err(Refusal::NoSuchSurvey) };
        if served.survey.access != Access::Codes {
            return Err(Refusal::NoCodes);
        }
        if !served.open {
            return Err(Refusal::Closed);
        }
    }
    let records = app.records.as_ref().ok_or(Refusal::NoCodes)?;
    app.keys.get(records, survey).ok_or(Refusal::Code("unknown"))
}

/// `POST /api/v1/surveys/{id}/tokens` with `{"code": "…", "blinded": "<base64url>"}`: the blind
/// signature, once per code.
pub async fn redeem(State(app): State<Arc<App>>, UrlPath(survey): UrlPath<String>, request: Request) -> Response {
    match exchange(&app, &survey, request).await {
        Ok(signature) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")],
            json!({ "blind_signature": signature }).to_string(),
        )
            .into_response(),
        Err(refusal) => {
            // Wrong codes share the budget of refused requests: guessing codes is a flood.
            let refusal = match app.junk.as_ref().map(Bucket::take) {
                Some(Err(wait)) if matches!(refusal, Refusal::Code(_) | Refusal::Malformed(_)) => {
                    Refusal::Flooded(wait)
                }
                _ => refusal,
            };
            refusal.counted(&app.counts).into_response()
        }
    }
}

async fn exchange(app: &App, survey: &str, request: Request) -> Result<String, Refusal> {
    let key = survey_key(app, survey)?;
    let body = tokio::time::timeout(app.body_timeout, axum::body::to_bytes(request.into_body(), MAX_BODY))
        .await
        .map_err(|_| Refusal::TooSlow)?
        .map_err(|_| Refusal::TooLarge)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|e| Refusal::Malformed(format!("the body is not JSON: {e}")))?;
    let field = |name: &str| {
        value.get(name).and_then(Value::as_str).ok_or_else(|| Refusal::Malformed(format!("\"{name}\" is missing")))
    };
    let (typed, blinded) = (field("code")?, field("blinded")?);
    let blinded = key.blinded(blinded).map_err(Refusal::Malformed)?;
    let code = speaksafe_core::code::read(typed).map_err(|_| Refusal::Code("unknown"))?;
    let records = app.records.clone().ok_or(Refusal::NoCodes)?;
    let hash = code_hash(survey, &code);
    let survey = survey.to_string();
    // The records' calls block (SQLite's lock, PostgreSQL's round trip): off the async threads.
    let redeemed = tokio::task::spawn_blocking(move || records.redeem(&survey, &hash))
        .await
        .map_err(|_| Refusal::StoreFailed)?
        .map_err(|_| Refusal::StoreFailed)?;
    match redeemed {
        Redeemed::Now => key.sign(&blinded).map_err(|_| Refusal::StoreFailed),
        Redeemed::Unknown => Err(Refusal::Code("unknown")),
        Redeemed::Used => Err(Refusal::Code("used")),
        Redeemed::Withdrawn => Err(Refusal::Code("withdrawn")),
    }
}
