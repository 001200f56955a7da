//! Requests to the collector's console API, from a page it serves (`/console/`, `/studio/`): the
//! API is at `../api/v1/console` of the page, so a collector behind a path prefix works too. The
//! session token goes in an `Authorization` header and lives only in the caller's memory: no
//! cookie is sent (`credentials: omit`), nothing is cached (`no-store`).

use crate::contract::{
    Ceremony, ConsoleHere, Log, Me, Passkeys, Publish, Published, Purge, Purged, Refusal, SignedIn, StatusNow,
    SurveyPage, Surveys,
};
use crate::passkey;
use crate::sealed::{read_line, Download, Lines, Next, Sealed};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The console API, relative to a page one level below the collector's root.
const API: &str = "../api/v1/console";

thread_local! {
    /// When the last request went (ms since the epoch): the collector ends a session after a
    /// while with none, and the console follows the same clock.
    static LAST_REQUEST: Cell<f64> = const { Cell::new(0.0) };
}

/// When the last request to the console API went, in ms since the epoch (0 before any).
pub fn last_request() -> f64 {
    LAST_REQUEST.get()
}

/// A signed-in organiser: the token the collector gave, and their name. Kept in memory only.
#[derive(Clone, PartialEq)]
pub struct Session {
    token: std::rc::Rc<str>,
    pub organiser: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session(for {})", self.organiser)
    }
}

impl Session {
    /// A session of `organiser` with the token the collector gave.
    pub fn new(token: String, organiser: String) -> Session {
        Session { token: token.into(), organiser }
    }

    fn of(signed_in: SignedIn) -> Session {
        Session::new(signed_in.session, signed_in.organiser)
    }
}

/// Whether the collector that served this page has a console (the studio asks before offering
/// to publish). The page asked as it loaded (`GET /api/v1/console`, from its boot script, which
/// leaves the promise of the answer's JSON, or of null, in `speaksafeConsole`): no request is
/// made here, so that the studio asks nothing once loaded.
pub async fn console_here() -> bool {
    let asked = js_sys::Reflect::get(&js_sys::global(), &"speaksafeConsole".into()).unwrap_or(JsValue::UNDEFINED);
    let Ok(asked) = asked.dyn_into::<js_sys::Promise>() else { return false };
    let Ok(answer) = JsFuture::from(asked).await else { return false };
    let text = js_sys::JSON::stringify(&answer).ok().and_then(|t| t.as_string()).unwrap_or_default();
    serde_json::from_str::<ConsoleHere>(&text).is_ok_and(|h| h.console)
}

/// Makes the invited organiser's first passkey, which signs them in.
pub async fn register(invite: &str) -> Result<Session, Refusal> {
    let started: Ceremony = post(&format!("{API}/register/start"), None, &json!({ "invite": invite })).await?;
    let credential = passkey::create(&started.options).await?;
    let body = json!({ "ceremony": started.ceremony, "credential": credential });
    post(&format!("{API}/register/finish"), None, &body).await.map(Session::of)
}

/// Signs in with a passkey on this device (the passkey says who).
pub async fn sign_in() -> Result<Session, Refusal> {
    let started: Ceremony = post(&format!("{API}/sign-in/start"), None, &json!({})).await?;
    let credential = passkey::get(&started.options).await?;
    let body = json!({ "ceremony": started.ceremony, "credential": credential });
    post(&format!("{API}/sign-in/finish"), None, &body).await.map(Session::of)
}

/// Adds another passkey (a phone beside a laptop): how many the organiser now has.
pub async fn add_passkey(session: &Session) -> Result<usize, Refusal> {
    let started: Ceremony = post(&format!("{API}/passkeys/start"), Some(session), &json!({})).await?;
    let credential = passkey::create(&started.options).await?;
    let body = json!({ "ceremony": started.ceremony, "credential": credential });
    let done: Passkeys = post(&format!("{API}/passkeys/finish"), Some(session), &body).await?;
    Ok(done.passkeys)
}

/// Ends the session on the collector (the caller forgets the token whatever the answer).
pub async fn sign_out(session: &Session) -> Result<(), Refusal> {
    request::<Value>("POST", &format!("{API}/sign-out"), Some(session), Some(&json!({}))).await.map(drop)
}

/// Ends the session on the collector now, without waiting: the request is sent before this
/// returns, and outlives the page (`keepalive`), so that it goes even as the organiser leaves.
pub fn sign_out_now(session: &Session) {
    if let Ok(sent) = start("POST", &format!("{API}/sign-out"), Some(session), Some(&json!({})), true) {
        // Nobody waits for the answer, but a refusal must not be left unhandled.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(sent).await;
        });
    }
}

pub async fn me(session: &Session) -> Result<Me, Refusal> {
    request("GET", &format!("{API}/me"), Some(session), None).await
}

pub async fn surveys(session: &Session) -> Result<Surveys, Refusal> {
    request("GET", &format!("{API}/surveys"), Some(session), None).await
}

pub async fn survey(session: &Session, id: &str) -> Result<SurveyPage, Refusal> {
    request("GET", &survey_path(id, ""), Some(session), None).await
}

/// Publishes a definition as the survey's live version.
pub async fn publish(session: &Session, id: &str, body: &Publish<'_>) -> Result<Published, Refusal> {
    post(&survey_path(id, "/versions"), Some(session), body).await
}

/// Puts an older version back live.
pub async fn put_live(session: &Session, id: &str, version: &str) -> Result<(), Refusal> {
    request::<Value>("POST", &survey_path(id, "/live"), Some(session), Some(&json!({ "version": version })))
        .await
        .map(drop)
}

/// Closes (`open: false`) or reopens a survey.
pub async fn set_open(session: &Session, id: &str, open: bool) -> Result<StatusNow, Refusal> {
    let action = if open { "/open" } else { "/close" };
    post(&survey_path(id, action), Some(session), &json!({})).await
}

pub async fn log(session: &Session) -> Result<Log, Refusal> {
    request("GET", &format!("{API}/log"), Some(session), None).await
}

/// Deletes a survey's responses (received before `before`, or all): without `confirm`, the
/// collector answers with the text to type ([`Refusal::Confirm`]).
pub async fn purge(session: &Session, id: &str, body: &Purge<'_>) -> Result<Purged, Refusal> {
    let body = serde_json::to_value(body).map_err(|e| Refusal::Unreachable(e.to_string()))?;
    request("DELETE", &survey_path(id, "/responses"), Some(session), Some(&body)).await
}

/// Checks a release of results (`release`: the JSON of speaksafe-results' `Release`, which the
/// results worker makes of the tables) against the survey's ledger and records it; `force` records it
/// despite an earlier release, as forced. Ok when it may be shown (recorded, or the same as an
/// earlier release); refused with status 409 and the ledger's words when it is too soon after an
/// earlier release.
pub async fn release(session: &Session, id: &str, release: &str, force: bool) -> Result<(), Refusal> {
    let mut body = match serde_json::from_str::<Value>(release) {
        Ok(Value::Object(body)) => body,
        _ => return Err(Refusal::Unreachable("the results worker made a release that could not be read".into())),
    };
    body.insert("force".into(), force.into());
    let body = Value::Object(body);
    request::<Value>("POST", &survey_path(id, "/releases"), Some(session), Some(&body)).await.map(drop)
}

fn survey_path(id: &str, rest: &str) -> String {
    format!("{API}/surveys/{}{rest}", js_sys::encode_uri_component(id))
}

/// How many sealed responses one request asks for (the contract's most).
const PAGE: usize = 10_000;
/// How many times a download cut off is taken up again without anything new coming.
const RESUMES: u32 = 3;
/// How long a download waits before asking again whether it may go on (ms).
const BEHIND_MS: u32 = 20;
/// The longest the page spends reading a download before it gives other work a turn (ms).
const SLICE_MS: f64 = 25.0;

/// Downloads a survey's sealed responses, streamed: `batch` gets them as they come, with the
/// download so far (how many have come, how many there are). A stream cut off goes on after the
/// last response received; `keep_going` stops it between chunks (the organiser closed the
/// results).
pub async fn download(
    session: &Session,
    id: &str,
    mut batch: impl FnMut(Vec<Sealed>, &Download),
    keep_going: impl Fn() -> bool,
    behind: impl Fn() -> bool,
) -> Result<Download, Refusal> {
    let mut download = Download::default();
    let mut resumes = 0;
    loop {
        let received_before = download.received;
        download.begin();
        let url = format!("{}{}", survey_path(id, "/responses"), download.query(PAGE));
        let response = send("GET", &url, Some(session), None).await?;
        if !response.ok() {
            return Err(refusal(response).await);
        }
        let cut = stream(&response, &mut download, &mut batch, &keep_going, &behind).await?;
        if !keep_going() {
            return Ok(download);
        }
        match (download.end(), cut) {
            (Next::Done, _) => return Ok(download),
            (Next::Continue { cut_off: false }, None) => resumes = 0,
            (_, why) => {
                resumes = if download.received > received_before { 1 } else { resumes + 1 };
                if resumes > RESUMES {
                    let of = download.total.map_or(String::new(), |t| format!(" of {t}"));
                    return Err(Refusal::Unreachable(format!(
                        "The download was cut off after {}{of} responses and could not be taken up again{}. \
                         Nothing was opened: try again.",
                        download.received,
                        why.map_or(String::new(), |w| format!(" ({w})"))
                    )));
                }
                sleep(1000 * (1 << (resumes - 1))).await;
            }
        }
    }
}

/// Reads one request's stream to its end, or until it breaks off (then `Some(why)`).
async fn stream(
    response: &web_sys::Response,
    download: &mut Download,
    batch: &mut impl FnMut(Vec<Sealed>, &Download),
    keep_going: &impl Fn() -> bool,
    behind: &impl Fn() -> bool,
) -> Result<Option<String>, Refusal> {
    let Some(body) = response.body() else { return Ok(Some("no body".into())) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut lines = Lines::default();
    let wrong = |e: String| Refusal::Unreachable(format!("The download could not be read: {e}. Nothing was opened."));
    loop {
        // While whoever takes the batches is too far behind, the stream waits unread, so that
        // what is downloaded but not yet taken stays small.
        while behind() && keep_going() {
            sleep(BEHIND_MS).await;
        }
        if !keep_going() {
            let _ = reader.cancel();
            return Ok(None);
        }
        let chunk = match JsFuture::from(reader.read()).await {
            Ok(chunk) => chunk,
            Err(e) => return Ok(Some(describe(&e))),
        };
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        let mut texts = if done {
            match lines.finish().map_err(wrong)? {
                // A last line with no line break that is not whole: the stream was cut in it.
                Some(last) if read_line(&last).is_err() => {
                    return Ok(Some("it stopped in the middle of a line".into()))
                }
                last => last.into_iter().collect(),
            }
        } else {
            let value = js_sys::Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
            lines.push(&js_sys::Uint8Array::new(&value).to_vec()).map_err(wrong)?
        };
        let mut sealed = Vec::with_capacity(texts.len());
        let mut since = js_sys::Date::now();
        for text in texts.drain(..) {
            if let Some(one) = download.take(&text).map_err(wrong)? {
                sealed.push(one);
            }
            // A chunk can hold hundreds of responses (more, the longer the page was busy): what
            // is read so far goes to the worker and the page gets a turn, so that it still
            // answers the organiser within a frame or two.
            if js_sys::Date::now() - since >= SLICE_MS && !sealed.is_empty() {
                batch(std::mem::take(&mut sealed), download);
                sleep(0).await;
                since = js_sys::Date::now();
            }
        }
        if !sealed.is_empty() {
            batch(sealed, download);
        }
        if done {
            return Ok(None);
        }
    }
}

async fn post<T: DeserializeOwned>(url: &str, session: Option<&Session>, body: &impl Serialize) -> Result<T, Refusal> {
    let body = serde_json::to_value(body).map_err(|e| Refusal::Unreachable(e.to_string()))?;
    request("POST", url, session, Some(&body)).await
}

/// Sends a request and reads its JSON answer (`null` for an empty one), or its refusal.
async fn request<T: DeserializeOwned>(
    method: &str,
    url: &str,
    session: Option<&Session>,
    body: Option<&Value>,
) -> Result<T, Refusal> {
    let response = send(method, url, session, body).await?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    let text = text(&response).await.unwrap_or_default();
    let json = if text.trim().is_empty() { "null" } else { text.as_str() };
    serde_json::from_str(json)
        .map_err(|e| Refusal::Unreachable(format!("the collector's answer could not be read ({e})")))
}

fn unreachable(_: JsValue) -> Refusal {
    Refusal::Unreachable("The collector could not be reached. Check the connection and try again.".into())
}

async fn send(
    method: &str,
    url: &str,
    session: Option<&Session>,
    body: Option<&Value>,
) -> Result<web_sys::Response, Refusal> {
    let sent = start(method, url, session, body, false)?;
    let response = JsFuture::from(sent).await.map_err(unreachable)?;
    response.dyn_into().map_err(unreachable)
}

/// Starts a request: the promise of its answer.
fn start(
    method: &str,
    url: &str,
    session: Option<&Session>,
    body: Option<&Value>,
    keepalive: bool,
) -> Result<js_sys::Promise, Refusal> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if keepalive {
        // Not in web-sys's RequestInit yet.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    let headers = web_sys::Headers::new().map_err(unreachable)?;
    if let Some(session) = session {
        headers.set("Authorization", &format!("Bearer {}", session.token)).map_err(unreachable)?;
    }
    if let Some(body) = body {
        headers.set("Content-Type", "application/json").map_err(unreachable)?;
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(JsValue::NULL).map_err(unreachable)?;
    LAST_REQUEST.set(js_sys::Date::now());
    Ok(window.fetch_with_str_and_init(url, &init))
}

async fn refusal(response: web_sys::Response) -> Refusal {
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let body = text(&response).await.unwrap_or_default();
    Refusal::read(response.status(), &body, retry_after.as_deref())
}

async fn text(response: &web_sys::Response) -> Option<String> {
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

fn describe(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "it broke off".into())
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}
