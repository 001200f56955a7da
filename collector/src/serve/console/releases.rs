//! The ledger of releases, through the collector: for `summary --from` and
//! `export --from --format xlsx`, whose organiser has no database at hand
//! ([`crate::commands::ledger`] says what a release is and when one may follow another).
//!
//! `GET …/releases`: `{"releases": [{"number", "survey", "kind", "by", "min_cell", "day",
//! "responses", "digest", "forced"}, …]}`, oldest first.
//!
//! `POST …/releases` `{"kind", "by", "min_cell", "responses", "digest", "force"?}`: checked against
//! the survey's earlier releases and recorded on the collector's day. 201 `{"number", "forced"}`
//! (`forced`: the refusal's words when `force` took it past an earlier release, else null); 200
//! `{"repeat": N}` when it is the same as release N; 409 `{"error", "refused": true}` when it comes
//! too soon, the words naming the earlier release and when the next may be.

use super::{body, Caller, Console, Denied, Json};
use crate::commands::ledger::record as check_and_record;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};
use speaksafe_results::ledger::{Outcome, Release};
use std::sync::Arc;

/// `GET /api/v1/console/surveys/{id}/releases`.
pub async fn list(State(console): State<Arc<Console>>, Path(id): Path<String>) -> Result<Response, Denied> {
    known(&console, &id)?;
    let releases = console.with_records(move |r| Ok(r.releases(&id)?)).await?;
    let releases: Vec<Value> = releases.iter().map(Release::to_json).collect();
    Ok(Json(json!({ "releases": releases })).into_response())
}

/// `POST /api/v1/console/surveys/{id}/releases`.
pub async fn record(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    known(&console, &id)?;
    let body = Value::Object(body(request, 16 * 1024).await?);
    let mut release = Release::from_json(&body).map_err(Denied::BadRequest)?;
    release.survey = id.clone();
    let force = body.get("force").and_then(Value::as_bool).unwrap_or(false);
    let outcome = console
        .with_records(move |r| {
            let outcome = check_and_record(r, release, force)?;
            if let Outcome::Recorded { number, forced } = &outcome {
                let how = if forced.is_some() { ", forced" } else { "" };
                let detail = format!("released results (release {number}{how})");
                r.note(&crate::store::today(), &caller.organiser, "release", Some(&id), &detail)?;
            }
            Ok(outcome)
        })
        .await?;
    Ok(match outcome {
        Outcome::Repeat(number) => Json(json!({ "repeat": number })).into_response(),
        Outcome::Recorded { number, forced } => {
            (StatusCode::CREATED, Json(json!({ "number": number, "forced": forced }))).into_response()
        }
        Outcome::Refused(words) => return Err(Denied::TooSoon(words)),
    })
}

/// The survey must be one the collector serves.
fn known(console: &Console, id: &str) -> Result<(), Denied> {
    crate::commands::responses::check_survey_id(id).map_err(Denied::BadRequest)?;
    if !console.live.now().surveys.contains_key(id) {
        return Err(Denied::NoSuchSurvey);
    }
    Ok(())
}
