//! Sending a response: seal it (with the seal module, `sealer.rs`), POST it to the survey's
//! endpoint with a random submission id, and on a network failure or a server error try again
//! with backoff, keeping everything in memory. The collector stores each submission id once, so
//! trying again never makes a duplicate.

use crate::sealer::{self, Failure};
use speaksafe_core::envelope::pad;
use speaksafe_core::{Response, Survey};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// What the respondent is told about sending.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    Sending,
    /// Could not send yet: trying again in `seconds` (attempts so far).
    Waiting {
        attempt: u32,
        seconds: u32,
    },
    /// The collector refused it for good; the reason, for the organiser.
    Refused(String),
    /// The survey closed before the answers were sent: they were not, and will not be.
    Closed,
    /// The seal module served is not the published one: nothing was sealed or sent, nor will be.
    CouldNotStart,
    Sent,
}

thread_local! {
    /// The padded response from Submit until it is sealed: the one copy of the answers outside
    /// the respondent's engine, kept here so that the quick exit wipes it too
    /// ([`forget_unsealed`]). Wiped once sealed.
    static UNSEALED: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Wipes the response waiting to be sealed, if there is one (the quick exit): it will not be
/// sealed or sent.
pub fn forget_unsealed() {
    UNSEALED.with_borrow_mut(|unsealed| {
        if let Some(bytes) = unsealed.as_mut() {
            bytes.fill(0);
        }
        *unsealed = None;
    });
}

/// A checked response on its way: padded, then sealed, then sent.
#[derive(Debug, PartialEq)]
pub struct Outbox {
    pub endpoint: String,
    survey: String,
    key: String,
    submission_id: String,
    /// A survey with access codes: the token the code was redeemed for (`access_code`), sent
    /// with the response.
    token: Option<String>,
    /// `{"submission_id": "...", "envelope": "v1....", "token": "..."}`, once sealed.
    body: RefCell<Option<String>>,
    /// Set by "Try again": skip the rest of the wait.
    pub try_now: Cell<bool>,
}

/// Gets a checked response ready to seal with the survey's key and send (with the access code's
/// token, for a survey with codes).
pub fn prepare(survey: &Survey, response: &Response, token: Option<String>) -> Result<Outbox, String> {
    let submit = survey
        .submit
        .as_ref()
        .filter(|s| !s.public_key.is_empty())
        .ok_or("this survey has no key to encrypt answers with")?;
    let outbox = Outbox {
        endpoint: submit.endpoint.clone(),
        survey: response.survey.clone(),
        key: submit.public_key.clone(),
        submission_id: submission_id()?,
        token,
        body: RefCell::new(None),
        try_now: Cell::new(false),
    };
    let mut response = response.clone();
    response.key = Some(record_key()?);
    let padded = pad(&response).map_err(|e| e.to_string())?;
    forget_unsealed();
    UNSEALED.with_borrow_mut(|unsealed| *unsealed = Some(padded));
    Ok(outbox)
}

impl Outbox {
    /// The request body, sealing the response first if it is not sealed yet.
    pub async fn body(&self) -> Result<String, Failure> {
        if let Some(body) = self.body.borrow().as_ref() {
            return Ok(body.clone());
        }
        let cleared = || Failure::Refused("the answers were cleared (the quick exit) before they were sealed".into());
        let mut plaintext = UNSEALED.with_borrow(Clone::clone).ok_or_else(cleared)?;
        let envelope = sealer::seal(&self.survey, &self.key, &plaintext).await;
        plaintext.fill(0);
        // Left while it was being sealed: nothing is sent.
        if UNSEALED.with_borrow(Option::is_none) {
            return Err(cleared());
        }
        let mut body = serde_json::json!({ "submission_id": self.submission_id, "envelope": envelope? });
        if let Some(token) = &self.token {
            body["token"] = token.clone().into();
        }
        let body = body.to_string();
        forget_unsealed();
        *self.body.borrow_mut() = Some(body.clone());
        Ok(body)
    }
}

/// The response's record key: 32 random bits, drawn afresh for every response, uniform over the
/// whole range (so that the results' cell keys, sums of them, are uniform too). Sealed with the
/// answers, so only the organiser's results ever see it.
fn record_key() -> Result<u32, String> {
    let mut bytes = [0u8; 4];
    sealer::random_bytes(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

/// 128 random bits in hex.
fn submission_id() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    sealer::random_bytes(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Seconds to wait before attempt `n` (1, 2, 4, 8, 16, then every 30).
pub fn backoff(attempt: u32) -> u32 {
    1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX).min(30)
}

/// Sends until the collector confirms or refuses, telling `report` each step.
pub fn deliver(outbox: Rc<Outbox>, report: Callback<Delivery>) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut attempt = 0;
        loop {
            report.emit(Delivery::Sending);
            let sent = match outbox.body().await {
                Ok(body) => post(&outbox.endpoint, &body).await,
                // Could not fetch the seal module: like a failed POST, try again.
                Err(Failure::Unavailable) => Err(()),
                Err(Failure::Refused(reason)) => {
                    report.emit(Delivery::Refused(reason));
                    return;
                }
                Err(Failure::NotPublished) => {
                    report.emit(Delivery::CouldNotStart);
                    return;
                }
            };
            match sent {
                Ok(status) if (200..300).contains(&status) => {
                    report.emit(Delivery::Sent);
                    return;
                }
                Ok(410) => {
                    report.emit(Delivery::Closed);
                    return;
                }
                // Refused for good: retrying the same request cannot help.
                Ok(status) if (400..500).contains(&status) && status != 408 && status != 429 => {
                    report.emit(Delivery::Refused(format!("the survey service answered {status}")));
                    return;
                }
                _ => {}
            }
            attempt += 1;
            let seconds = backoff(attempt);
            for left in (1..=seconds).rev() {
                report.emit(Delivery::Waiting { attempt, seconds: left });
                if outbox.try_now.replace(false) {
                    break;
                }
                sleep_ms(1000).await;
                if outbox.try_now.replace(false) {
                    break;
                }
            }
        }
    });
}

/// POSTs the body; the status, or Err for a network failure.
async fn post(endpoint: &str, body: &str) -> Result<u16, ()> {
    request(endpoint, Some(body)).await.map(|(status, _)| status)
}

/// A GET (no body) or a POST of JSON to the survey's service, sending nothing of the page (no
/// cookie, no referrer) and keeping nothing in the HTTP cache: the status and the answer's text,
/// or Err for a network failure.
pub async fn request(url: &str, body: Option<&str>) -> Result<(u16, String), ()> {
    let window = web_sys::window().ok_or(())?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    if let Some(body) = body {
        init.set_method("POST");
        init.set_body(&body.into());
        let headers = web_sys::Headers::new().map_err(|_| ())?;
        headers.set("Content-Type", "application/json").map_err(|_| ())?;
        init.set_headers(&headers);
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|_| ())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ())?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
