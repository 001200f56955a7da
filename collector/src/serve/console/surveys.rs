//! Publishing and watching surveys from the console: the list, one survey's counts by day and
//! versions, publishing a version (checked, and checked against the live one), putting an older
//! version back, closing and reopening. A change is live at once here, and on every other
//! collector sharing the database within a second ([`crate::serve::surveys::watch`]).

use super::{body, field, Caller, Console, Denied, Json};
use crate::serve::surveys::{self, Origin, Served};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};
use speaksafe_core::envelope::PublicKey;
use std::sync::Arc;

/// The largest definition published (as `check` reads them), with room for the rest of the body.
const BODY_LIMIT: usize = speaksafe_core::read::MAX_DEFINITION_BYTES + 64 * 1024;

fn describe(id: &str, served: &Served, responses: u64) -> Value {
    json!({
        "id": id,
        "title": served.survey.title.get(&served.survey.languages[0].code, &served.survey.languages[0].code),
        "status": if served.open { "open" } else { "closed" },
        "closes": served.survey.closes,
        "version": served.version,
        "key_fingerprint": served.public_key.as_deref().map(surveys::fingerprint),
        "token_key_fingerprint": served.token_key.as_deref().map(surveys::fingerprint),
        "responses": responses,
        "from": match served.origin { Origin::File(_) => "file", Origin::Console => "console" },
    })
}

fn check_id(id: &str) -> Result<(), Denied> {
    crate::commands::responses::check_survey_id(id).map_err(Denied::BadRequest)
}

/// `GET /api/v1/console/surveys`.
pub async fn list(State(console): State<Arc<Console>>) -> Result<Response, Denied> {
    let catalogue = console.live.now();
    let ids: Vec<String> = catalogue.surveys.keys().cloned().collect();
    let counts = console
        .with_records(move |r| ids.iter().map(|id| Ok(r.responses_by_day(id)?.iter().map(|(_, n)| n).sum())).collect())
        .await?;
    let counts: Vec<u64> = counts;
    let list: Vec<Value> =
        catalogue.surveys.iter().zip(counts).map(|((id, served), n)| describe(id, served, n)).collect();
    Ok(Json(json!({ "surveys": list })).into_response())
}

/// `GET /api/v1/console/surveys/{id}`.
pub async fn one(State(console): State<Arc<Console>>, Path(id): Path<String>) -> Result<Response, Denied> {
    check_id(&id)?;
    let catalogue = console.live.now();
    let Some(served) = catalogue.surveys.get(&id) else { return Err(Denied::NoSuchSurvey) };
    let looked_up = id.clone();
    let (by_day, versions) =
        console.with_records(move |r| Ok((r.responses_by_day(&looked_up)?, r.versions(&looked_up)?))).await?;
    let total = by_day.iter().map(|(_, n)| n).sum();
    let mut answer = describe(&id, served, total);
    answer["by_day"] = by_day.iter().map(|(day, n)| json!({ "day": day, "responses": n })).collect();
    answer["versions"] = versions
        .iter()
        .map(|v| json!({ "version": v.version, "number": v.number, "day": v.day, "by": v.organiser, "live": v.live }))
        .collect();
    answer["public_key"] = served.public_key.clone().map_or(Value::Null, Value::String);
    Ok(Json(answer).into_response())
}

/// `POST /api/v1/console/surveys/{id}/versions` `{"definition", "public_key"?, "confirm"?}`.
pub async fn publish(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    check_id(&id)?;
    let body = body(request, BODY_LIMIT).await?;
    let definition = match body.get("definition") {
        Some(Value::Object(_)) => body["definition"].clone(),
        Some(Value::String(text)) => {
            serde_json::from_str(text).map_err(|e| Denied::Invalid(vec![format!("the definition is not JSON: {e}")]))?
        }
        _ => return Err(Denied::BadRequest("\"definition\" is missing: send the survey's JSON".into())),
    };
    let public_key = match body.get("public_key") {
        None | Some(Value::Null) => None,
        Some(Value::String(key)) => {
            let key = key.trim().to_string();
            PublicKey::from_text(&key).map_err(|e| {
                Denied::Invalid(vec![format!("public_key: not a public key ({e}); give the survey's .pub file")])
            })?;
            Some(key)
        }
        Some(_) => return Err(Denied::BadRequest("\"public_key\" must be a string".into())),
    };
    let confirm = body.get("confirm").and_then(Value::as_str).map(str::to_string);

    // Checked as `speaksafe check` would, and as it would be served.
    let text = serde_json::to_string(&definition).map_err(|_| Denied::Failed)?;
    let checked = speaksafe_core::read(&text)
        .map_err(|problems| Denied::Invalid(problems.iter().map(ToString::to_string).collect()))?;
    if checked.survey.id != id {
        return Err(Denied::BadRequest(format!(
            "the definition's id is \"{}\", not \"{id}\": publish it at its own address",
            checked.survey.id
        )));
    }
    let catalogue = console.live.now();
    let live = catalogue.surveys.get(&id);
    let key = public_key.clone().or_else(|| live.and_then(|l| l.public_key.clone()));
    let source = surveys::Source {
        id: id.clone(),
        definition: definition.clone(),
        public_key: key.clone(),
        open: true,
        origin: Origin::Console,
    };
    let token_key = live.and_then(|l| l.token_key.as_deref());
    let served = surveys::serve(&source, console.live.default_key.as_deref(), token_key, &crate::store::today())
        .map_err(|e| Denied::Invalid(vec![e]))?;
    if served.public_key.is_none() {
        return Err(Denied::Invalid(vec![
            "public_key: the survey has no public key, so its answers could not be sealed: give its .pub file".into(),
        ]));
    }
    // What the change would break of the answers already collected.
    if let Some(live) = live {
        let breaking: Vec<String> = speaksafe_core::compare::breaking_changes(&served.survey, &live.survey)
            .iter()
            .map(ToString::to_string)
            .collect();
        if !breaking.is_empty() && confirm.as_deref() != Some(id.as_str()) {
            return Err(Denied::Breaking { breaking, confirm: id });
        }
    }
    let mut warnings: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
    warnings.extend(surveys::served_warnings(&served, &id));
    let version = surveys::version(&definition);
    let canonical = speaksafe_core::document::to_text(&definition);
    let (who, kept_version, live_now) = (caller.organiser.clone(), version.clone(), console.live.clone());
    console
        .with_records(move |r| {
            r.publish(&id, &kept_version, &canonical, public_key.as_deref(), &who, &crate::store::today())?;
            live_now.refresh(r).map_err(|_| Denied::Failed)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "version": version, "warnings": warnings }))).into_response())
}

/// Makes sure a survey from `--surveys` is in the records, so that it can be closed or reopened
/// from the console: its file's definition becomes its first version.
fn adopt(console: &Console, records: &crate::store::Records, id: &str, organiser: &str) -> Result<(), Denied> {
    if records.surveys()?.iter().any(|s| s.id == id) {
        return Ok(());
    }
    let Some(file) = console.live.files.iter().find(|f| f.id == id) else { return Err(Denied::NoSuchSurvey) };
    let version = surveys::version(&file.definition);
    let canonical = speaksafe_core::document::to_text(&file.definition);
    records.publish(id, &version, &canonical, file.public_key.as_deref(), organiser, &crate::store::today())?;
    Ok(())
}

/// `POST /api/v1/console/surveys/{id}/live` `{"version"}`.
pub async fn put_live(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    check_id(&id)?;
    let version = field(&body(request, 4096).await?, "version")?;
    let c = console.clone();
    let status = console
        .with_records(move |r| {
            if !r.set_live(&id, &version, &caller.organiser, &crate::store::today())? {
                return Err(Denied::NoSuchVersion);
            }
            c.live.refresh(r).map_err(|_| Denied::Failed)?;
            Ok(id)
        })
        .await?;
    Ok(Json(json!({ "live": status })).into_response())
}

async fn set_open(console: Arc<Console>, id: String, caller: Caller, open: bool) -> Result<Response, Denied> {
    check_id(&id)?;
    let c = console.clone();
    console
        .with_records(move |r| {
            adopt(&c, r, &id, &caller.organiser)?;
            if !r.set_open(&id, open, &caller.organiser, &crate::store::today())? {
                return Err(Denied::NoSuchSurvey);
            }
            c.live.refresh(r).map_err(|_| Denied::Failed)
        })
        .await?;
    Ok(Json(json!({ "status": if open { "open" } else { "closed" } })).into_response())
}

/// `POST /api/v1/console/surveys/{id}/close`.
pub async fn close(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, Denied> {
    set_open(console, id, caller, false).await
}

/// `POST /api/v1/console/surveys/{id}/open`.
pub async fn reopen(
    State(console): State<Arc<Console>>,
    Path(id): Path<String>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, Denied> {
    set_open(console, id, caller, true).await
}
