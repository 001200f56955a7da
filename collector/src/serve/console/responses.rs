//! A survey's sealed responses, for the organiser to open where their key is: in the console (in
//! their browser) or with `speaksafe export --from`. The collector hands over ciphertext only.
//!
//! `GET …/responses?after=ID&limit=N`: one JSON line per response, `{"id", "day", "envelope"}`, in
//! the order of their random submission ids after `after`, read from the store a page at a time
//! and sent as it is read (gzipped when the client takes gzip), then a last line
//! `{"end": true, "more": bool, "total": N}`. A download cut short has no last line; it goes on
//! from the last id it has.
//!
//! `DELETE …/responses` `{"confirm": ID, "before": "YYYY-MM-DD"?}`: the purge, once downloaded.

use super::{body, Caller, Console, Denied, Json};
use crate::store::Store;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The most responses in one download (it goes on with `after`).
pub const MOST: usize = 10_000;
/// How many are read from the store at a time.
const PAGE: usize = 500;

/// `GET /api/v1/console/surveys/{id}/responses`.
pub async fn download(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    crate::commands::responses::check_survey_id(&id).map_err(Denied::BadRequest)?;
    if !console.live.now().surveys.contains_key(&id) {
        return Err(Denied::NoSuchSurvey);
    }
    let after = query.get("after").cloned().filter(|a| !a.is_empty());
    if after.as_deref().is_some_and(|a| a.len() != 32 || !a.bytes().all(|b| b.is_ascii_hexdigit())) {
        return Err(Denied::BadRequest("\"after\" is a submission id: 32 hexadecimal characters".into()));
    }
    let limit = match query.get("limit") {
        None => MOST,
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MOST).contains(n))
            .ok_or_else(|| Denied::BadRequest(format!("\"limit\" is a number from 1 to {MOST}")))?,
    };
    let gzip = super::super::headers::accepts(&request, "gzip");
    let store = console.store.clone();
    if after.is_none() {
        let (who, survey) = (caller.organiser.clone(), id.clone());
        let how = if caller.session.is_some() { "in the console" } else { "with a command-line token" };
        console
            .with_records(move |r| {
                Ok(r.note(
                    &crate::store::today(),
                    &who,
                    "download",
                    Some(&survey),
                    &format!("downloaded the sealed responses {how}"),
                )?)
            })
            .await?;
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || stream(&*store, &id, after, limit, gzip, &sender));
    let body = Body::from_stream(futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    }));
    let mut response = ([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response();
    if gzip {
        response.headers_mut().insert(header::CONTENT_ENCODING, header::HeaderValue::from_static("gzip"));
    }
    Ok(response)
}

/// Reads the responses a page at a time and sends them on as lines (gzipped if asked), ending
/// with the last line; a store failure ends the stream early, without it, so that the client
/// knows the download is not whole.
fn stream(
    store: &dyn Store,
    survey: &str,
    mut after: Option<String>,
    limit: usize,
    gzip: bool,
    sender: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    use std::io::Write as _;
    let mut encoder = gzip.then(|| flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    let mut send = |text: String, last: bool| -> bool {
        let bytes = match encoder.as_mut() {
            Some(encoder) => {
                let _ = encoder.write_all(text.as_bytes());
                let _ = if last { encoder.try_finish() } else { encoder.flush() };
                std::mem::take(encoder.get_mut())
            }
            None => text.into_bytes(),
        };
        sender.blocking_send(Ok(Bytes::from(bytes))).is_ok()
    };
    let total = store.count(survey).unwrap_or(0);
    let mut sent = 0;
    let mut more = false;
    while sent < limit {
        let page = match store.page(survey, after.as_deref(), PAGE.min(limit - sent)) {
            Ok(page) => page,
            Err(e) => {
                let _ = sender.blocking_send(Err(std::io::Error::other(e.to_string())));
                return;
            }
        };
        let Some((last, _)) = page.last() else { break };
        after = Some(last.clone());
        let full = page.len() == PAGE.min(limit - sent);
        let mut lines = String::new();
        for (id, response) in &page {
            lines.push_str(&json!({ "id": id, "day": response.day, "envelope": response.envelope }).to_string());
            lines.push('\n');
        }
        sent += page.len();
        if !send(lines, false) {
            return;
        }
        if !full {
            break;
        }
        if sent == limit {
            // Whether there is anything after this download's last id.
            more = store.page(survey, after.as_deref(), 1).is_ok_and(|p| !p.is_empty());
        }
    }
    send(format!("{}\n", json!({ "end": true, "more": more, "total": total })), true);
}

/// `DELETE /api/v1/console/surveys/{id}/responses` `{"confirm", "before"?}`.
pub async fn purge(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    crate::commands::responses::check_survey_id(&id).map_err(Denied::BadRequest)?;
    if caller.session.is_none() {
        // A command-line token reads; it never deletes.
        return Err(Denied::SignedOut);
    }
    let body = body(request, 4096).await?;
    let before = match body.get("before") {
        None | Some(Value::Null) => None,
        Some(Value::String(day)) => Some(crate::commands::purge::parse_day(day).map_err(Denied::BadRequest)?),
        Some(_) => return Err(Denied::BadRequest("\"before\" is a day, YYYY-MM-DD".into())),
    };
    if body.get("confirm").and_then(Value::as_str) != Some(id.as_str()) {
        let what = match &before {
            Some(day) => format!("delete the responses received before {day} for good"),
            None => "delete every response for good".into(),
        };
        return Err(Denied::Unconfirmed { what, confirm: id });
    }
    let store = console.store.clone();
    let (survey, who) = (id.clone(), caller.organiser.clone());
    let deleted = console
        .with_records(move |r| {
            let deleted = store.purge(&survey, before.as_deref())?;
            let detail = match &before {
                Some(day) => format!("purged {deleted} responses received before {day}"),
                None => format!("purged all {deleted} responses"),
            };
            r.note(&crate::store::today(), &who, "purge", Some(&survey), &detail)?;
            Ok(deleted)
        })
        .await?;
    Ok(Json(json!({ "deleted": deleted })).into_response())
}
