//! The organisers' console, server side: `/api/v1/console/…` (the contract is docs/console.md).
//! Organisers sign in with passkeys ([`passkeys`]), publish surveys live, close and reopen them,
//! watch their counts and read the log ([`surveys`]), download the sealed responses
//! ([`responses`]) to open in their own browser or machine, and keep the ledger of what is
//! released from them ([`releases`]).
//!
//! Every route is in one table ([`table`]) with what it needs of the caller ([`Guard`]), and the
//! guard is checked before its handler runs: a route cannot be added without saying who may use
//! it, and the tests try every guarded route without a session and with a forged one.
//!
//! A session is a random token kept (hashed) in the database and held by the console in memory
//! only: it goes in `Authorization: Bearer …`, never in a cookie, so there is nothing for a
//! cross-site request to ride on. It ends after [`IDLE`] seconds unused, at sign-out, and when its
//! organiser is removed. The respondent's pages and API neither see nor need any of this.

pub mod passkeys;
pub mod releases;
pub mod responses;
pub mod surveys;

use super::bucket::Bucket;
use super::surveys::Live;
use crate::store::{Records, Store, StoreError};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a console session lasts unused: 30 minutes.
pub const IDLE: u64 = 30 * 60;
/// How long an invite link lasts: 24 hours.
pub const INVITE_LIFE: u64 = 24 * 60 * 60;
/// The most sign-in and registration steps taken per second, across the collector.
const SIGN_INS_PER_SECOND: u32 = 10;

/// What the console's handlers share.
pub struct Console {
    pub records: Arc<Records>,
    /// Where the responses are (for their download and purge).
    pub store: Arc<dyn Store>,
    pub live: Arc<Live>,
    pub passkeys: passkeys::Passkeys,
    pub sign_ins: Bucket,
}

impl Console {
    pub fn new(records: Arc<Records>, store: Arc<dyn Store>, live: Arc<Live>, origin: &str) -> Arc<Console> {
        Arc::new(Console {
            records,
            store,
            live,
            passkeys: passkeys::Passkeys::new(origin),
            sign_ins: Bucket::new(SIGN_INS_PER_SECOND),
        })
    }

    /// Runs blocking work with the records (a database call) off the async threads.
    pub async fn with_records<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Records) -> Result<T, Denied> + Send + 'static,
    ) -> Result<T, Denied> {
        let records = self.records.clone();
        tokio::task::spawn_blocking(move || work(&records)).await.unwrap_or(Err(Denied::Failed))
    }
}

/// What a route needs of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone: the ways in (a status, registering with an invite, signing in).
    Open,
    /// A signed-in organiser.
    Session,
    /// A signed-in organiser, or a command-line token for the survey in the address.
    SessionOrToken,
}

/// Who is calling, as the guard found them.
#[derive(Debug, Clone)]
pub struct Caller {
    pub organiser: String,
    /// The hash of their session's token (to end it at sign-out); none for a command-line token.
    pub session: Option<String>,
}

/// Every console route: its path, who may call it, and its handlers.
pub fn table() -> Vec<(&'static str, Guard, MethodRouter<Arc<Console>>)> {
    vec![
        ("/api/v1/console", Guard::Open, get(status)),
        ("/api/v1/console/register/start", Guard::Open, post(passkeys::register_start)),
        ("/api/v1/console/register/finish", Guard::Open, post(passkeys::register_finish)),
        ("/api/v1/console/sign-in/start", Guard::Open, post(passkeys::sign_in_start)),
        ("/api/v1/console/sign-in/finish", Guard::Open, post(passkeys::sign_in_finish)),
        ("/api/v1/console/passkeys/start", Guard::Session, post(passkeys::add_start)),
        ("/api/v1/console/passkeys/finish", Guard::Session, post(passkeys::add_finish)),
        ("/api/v1/console/sign-out", Guard::Session, post(sign_out)),
        ("/api/v1/console/me", Guard::Session, get(me)),
        ("/api/v1/console/log", Guard::Session, get(log)),
        ("/api/v1/console/surveys", Guard::Session, get(surveys::list)),
        ("/api/v1/console/surveys/{id}", Guard::Session, get(surveys::one)),
        ("/api/v1/console/surveys/{id}/versions", Guard::Session, post(surveys::publish)),
        ("/api/v1/console/surveys/{id}/live", Guard::Session, post(surveys::put_live)),
        ("/api/v1/console/surveys/{id}/close", Guard::Session, post(surveys::close)),
        ("/api/v1/console/surveys/{id}/open", Guard::Session, post(surveys::reopen)),
        (
            "/api/v1/console/surveys/{id}/responses",
            Guard::SessionOrToken,
            get(responses::download).delete(responses::purge),
        ),
        ("/api/v1/console/surveys/{id}/releases", Guard::SessionOrToken, get(releases::list).post(releases::record)),
    ]
}

/// The console's routes, each behind its guard.
pub fn routes<S: Clone + Send + Sync + 'static>(console: Arc<Console>) -> Router<S> {
    let mut router = Router::new();
    for (path, guard, handlers) in table() {
        let handlers = handlers.fallback(method_not_allowed);
        let guarded = match guard {
            Guard::Open => handlers,
            _ => handlers.route_layer(axum::middleware::from_fn_with_state((console.clone(), guard), check_guard)),
        };
        router = router.route(path, guarded);
    }
    router.with_state(console)
}

async fn method_not_allowed(method: Method) -> Denied {
    Denied::MethodNotAllowed(method)
}

/// The token in `Authorization: Bearer …`, if any.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| token.to_string())
}

/// Checks the caller against the route's guard before its handler runs, and tells the handler
/// who they are.
async fn check_guard(
    State((console, guard)): State<(Arc<Console>, Guard)>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer(request.headers()) else { return Denied::SignedOut.into_response() };
    let hash = hash(&token);
    let now = now();
    let survey = survey_in(request.uri().path());
    let found = console
        .with_records(move |records| {
            if let Some(organiser) = records.session(&hash, now, IDLE)? {
                return Ok(Some(Caller { organiser, session: Some(hash) }));
            }
            if guard == Guard::SessionOrToken {
                if let Some((organiser, for_survey)) = records.token(&hash)? {
                    if Some(for_survey.as_str()) != survey.as_deref() {
                        return Err(Denied::OtherSurvey);
                    }
                    return Ok(Some(Caller { organiser, session: None }));
                }
            }
            Ok(None)
        })
        .await;
    match found {
        Ok(Some(caller)) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Ok(None) => Denied::SignedOut.into_response(),
        Err(denied) => denied.into_response(),
    }
}

/// The survey id in a console address (`/api/v1/console/surveys/{id}/…`).
fn survey_in(path: &str) -> Option<String> {
    path.strip_prefix("/api/v1/console/surveys/")?.split('/').next().map(str::to_string)
}

/// `GET /api/v1/console`: tells the studio that this collector has a console.
async fn status(State(console): State<Arc<Console>>) -> Response {
    Json(json!({ "console": true, "origin": console.passkeys.origin() })).into_response()
}

/// `POST /api/v1/console/sign-out`.
async fn sign_out(State(console): State<Arc<Console>>, caller: axum::Extension<Caller>) -> Result<Response, Denied> {
    let Some(session) = caller.session.clone() else { return Err(Denied::SignedOut) };
    let organiser = caller.organiser.clone();
    console.with_records(move |r| Ok(r.end_session(&session, &organiser, &crate::store::today())?)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/console/me`.
async fn me(State(console): State<Arc<Console>>, caller: axum::Extension<Caller>) -> Result<Response, Denied> {
    let organiser = caller.organiser.clone();
    let passkeys = console.with_records(move |r| Ok(r.credential_ids(&organiser)?.len())).await?;
    Ok(Json(json!({ "organiser": caller.organiser, "passkeys": passkeys, "idle_minutes": IDLE / 60 })).into_response())
}

/// `GET /api/v1/console/log`.
async fn log(State(console): State<Arc<Console>>) -> Result<Response, Denied> {
    let entries = console.with_records(|r| Ok(r.log(1000)?)).await?;
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|e| json!({ "day": e.day, "organiser": e.organiser, "action": e.action, "survey": e.survey, "detail": e.detail }))
        .collect();
    Ok(Json(json!({ "entries": entries })).into_response())
}

/// A JSON answer.
pub struct Json(pub Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0.to_string()).into_response()
    }
}

/// Reads a JSON request body (at most `limit` bytes) as an object.
pub async fn body(request: Request, limit: usize) -> Result<serde_json::Map<String, Value>, Denied> {
    let bytes = axum::body::to_bytes(request.into_body(), limit).await.map_err(|_| Denied::TooLarge(limit))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Denied::BadRequest("the body must be a JSON object".into())),
        Err(e) => Err(Denied::BadRequest(format!("the body is not JSON: {e}"))),
    }
}

/// A string field of a request body.
pub fn field(body: &serde_json::Map<String, Value>, name: &str) -> Result<String, Denied> {
    match body.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(Denied::BadRequest(format!("\"{name}\" must be a string"))),
        None => Err(Denied::BadRequest(format!("\"{name}\" is missing"))),
    }
}

/// 32 random bytes as base64url (43 characters): a session token, an invite, a ceremony id.
pub fn secret() -> Result<String, Denied> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| Denied::Failed)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// How a secret is kept: its SHA-256, in hex. The database never holds one that works.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since 1970: when a session was last used, when an invite runs out.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Why the console said no: each refusal's status and words in one place.
#[derive(Debug)]
pub enum Denied {
    /// No session, or a forged, ended or expired one.
    SignedOut,
    /// A command-line token used for another survey than its own.
    OtherSurvey,
    MethodNotAllowed(Method),
    BadRequest(String),
    TooLarge(usize),
    /// Too many sign-in steps this second.
    Busy(Duration),
    /// An invite that is past its day, or used.
    InviteGone(&'static str),
    UnknownInvite,
    /// A passkey ceremony that is unknown, used or too old.
    CeremonyGone,
    /// The passkey did not check out.
    PasskeyRefused(String),
    NoSuchSurvey,
    NoSuchVersion,
    /// `check` found errors.
    Invalid(Vec<String>),
    /// The change would break answers already collected: type this to go ahead.
    Breaking {
        breaking: Vec<String>,
        confirm: String,
    },
    /// A destructive step not confirmed: type this to go ahead.
    Unconfirmed {
        what: String,
        confirm: String,
    },
    /// A release too soon after an earlier one (the ledger's words).
    TooSoon(String),
    /// The database failed.
    Store(StoreError),
    Failed,
}

impl From<StoreError> for Denied {
    fn from(e: StoreError) -> Self {
        Denied::Store(e)
    }
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Denied::SignedOut => (
                StatusCode::UNAUTHORIZED,
                json!({ "error": "You are not signed in (or your session has ended). Sign in with your passkey.", "signed_out": true }),
            ),
            Denied::OtherSurvey => {
                (StatusCode::FORBIDDEN, json!({ "error": "This token is for another survey's responses." }))
            }
            Denied::MethodNotAllowed(method) => {
                (StatusCode::METHOD_NOT_ALLOWED, json!({ "error": format!("{method} is not taken here") }))
            }
            Denied::BadRequest(why) => (StatusCode::BAD_REQUEST, json!({ "error": why })),
            Denied::TooLarge(limit) => {
                (StatusCode::PAYLOAD_TOO_LARGE, json!({ "error": format!("the body is over {} KiB", limit / 1024) }))
            }
            Denied::Busy(wait) => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::CONTENT_TYPE, "application/json")],
                    json!({ "error": "Too many sign-in attempts just now; try again in a moment." }).to_string(),
                )
                    .into_response();
                if let Ok(value) = wait.as_secs().max(1).to_string().parse() {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                return response;
            }
            Denied::InviteGone(why) => (StatusCode::GONE, json!({ "error": why })),
            Denied::UnknownInvite => (
                StatusCode::NOT_FOUND,
                json!({ "error": "This invitation is not known here. Check the link, or ask for a new one." }),
            ),
            Denied::CeremonyGone => (
                StatusCode::GONE,
                json!({ "error": "That passkey step took too long or was already used. Start again." }),
            ),
            Denied::PasskeyRefused(why) => {
                (StatusCode::UNAUTHORIZED, json!({ "error": format!("The passkey was not accepted: {why}") }))
            }
            Denied::NoSuchSurvey => (StatusCode::NOT_FOUND, json!({ "error": "no such survey" })),
            Denied::NoSuchVersion => (StatusCode::NOT_FOUND, json!({ "error": "this survey has no such version" })),
            Denied::Invalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "The survey has errors; nothing was published.", "problems": problems }),
            ),
            Denied::Breaking { breaking, confirm } => (
                StatusCode::CONFLICT,
                json!({
                    "error": "This change would break answers already collected. Type the survey's id to publish it anyway.",
                    "breaking": breaking,
                    "confirm": confirm,
                }),
            ),
            Denied::Unconfirmed { what, confirm } => {
                (StatusCode::CONFLICT, json!({ "error": format!("Type \"{confirm}\" to {what}."), "confirm": confirm }))
            }
            Denied::TooSoon(words) => (StatusCode::CONFLICT, json!({ "error": words, "refused": true })),
            Denied::Store(e) => {
                // The database's own words, never anything from the request.
                eprintln!("speaksafe: the console's records failed: {e}");
                (StatusCode::SERVICE_UNAVAILABLE, json!({ "error": "The database could not be reached; try again." }))
            }
            Denied::Failed => {
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "Something went wrong; try again." }))
            }
        };
        (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
    }
}
