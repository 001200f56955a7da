//! An access code, redeemed for a token (a survey with `"access": "codes"`).
//!
//! On the intro the respondent types the code from their card (or it arrives in the address's
//! fragment, `#code=`, from the card's QR code: boot.js takes it and removes the fragment at
//! once, without a history entry; [`code_from_address`]). At Start the widget
//! 1. reads the code (`speaksafe_core::code`: a mistyped one is caught here, and nothing is sent);
//! 2. has the token module (`token/`, served as `token.wasm`, fetched only by such surveys) make
//!    a random message and blind it to the token key the survey's definition names
//!    (`submit.token_key`): the one key every respondent of the survey is given, which the
//!    organiser sees in the console and `speaksafe verify` checks. No other key is asked for, so
//!    a collector cannot hand this browser a key of its own to know its token by. A survey with
//!    codes whose definition names no key does not start, and sends nothing;
//! 3. sends the code and the blinded message (`POST …/tokens`): the collector spends the code and
//!    signs what it cannot read;
//! 4. has the module unblind the signature and check it under that key: the token, kept in
//!    memory here ([`token`]) until it is sent with the response at Submit. A signature by any
//!    other key is refused (the collector is not the one published), and the survey does not
//!    start. Nothing of it is written to the device, and the quick exit forgets it ([`forget`]).
//!
//! This request, made only when Start is pressed, is the only one before Submit; it carries the
//! code and a blinded message, never an answer, and what the collector sees then shares no value
//! with the token it is given at Submit.

use crate::side_module::{self, Instance, Missing, Side};
use serde_json::Value;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

/// The token module: its address beside the page, and its hash's global (set by boot.js).
const TOKEN_MODULE: Side = Side { file: "token.wasm", integrity: "speaksafeTokenIntegrity", slot: 1 };
/// Random bytes the module takes (`speaksafe_token::RANDOM_BYTES`).
const RANDOM_BYTES: usize = 32;

/// Why a code did not give a token, each with its own words for the respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    /// Nothing typed.
    Empty,
    /// Not a code as printed (length, a character no code has, the check character): caught in
    /// the browser, nothing sent.
    Mistyped,
    /// No such code for this survey.
    Unknown,
    /// Used already.
    Used,
    /// Its batch was withdrawn by the organiser.
    Withdrawn,
    /// It could not be checked (no connection, the service busy or failing): try again.
    NotChecked,
    /// The token module served is not the published one (it was not run, and nothing was sent),
    /// the survey names no token key (nothing was sent), or the collector signed with another key
    /// than the one the survey names.
    CouldNotStart,
}

thread_local! {
    /// The token, from the code's redemption until it is sent with the response: in memory only.
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The token held, if a code was redeemed.
pub fn token() -> Option<String> {
    TOKEN.with_borrow(Clone::clone)
}

/// Forgets the token (the quick exit; or once the response it went with was taken).
pub fn forget() {
    TOKEN.with_borrow_mut(|token| *token = None);
}

/// The code that arrived in the address's fragment, taken once: boot.js took it from
/// `#code=…` and removed the fragment (`history.replaceState`, so no history entry holds it).
/// Where boot.js did not run (a page without it), the widget does the same here.
pub fn code_from_address() -> Option<String> {
    let global = js_sys::global();
    let key = JsValue::from_str("speaksafeCode");
    if let Some(code) = js_sys::Reflect::get(&global, &key).ok().and_then(|v| v.as_string()) {
        let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
        return Some(code);
    }
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let code = hash.strip_prefix("#code=")?;
    let code = js_sys::decode_uri_component(code).ok().map(String::from).unwrap_or_else(|| code.to_string());
    let address = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    let _ = window.history().ok()?.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    Some(code)
}

/// Starts fetching the token module (the intro of a survey with codes is showing).
pub fn fetch_module_early() {
    side_module::fetch_early(TOKEN_MODULE);
}

/// Where the survey's token endpoints are: beside its responses' endpoint.
fn endpoint(responses: &str, last: &str) -> String {
    match responses.strip_suffix("/responses") {
        Some(base) => format!("{base}/{last}"),
        None => format!("{}/{last}", responses.trim_end_matches('/')),
    }
}

/// Redeems a code (as read by `speaksafe_core::code::read`) for a token blinded to `key` (the
/// survey's `submit.token_key`), kept in memory.
pub async fn redeem(responses_endpoint: &str, key: Option<&str>, code: &str) -> Result<(), CodeProblem> {
    let key = key.ok_or(CodeProblem::CouldNotStart)?;
    let module = side_module::compiled(TOKEN_MODULE).await.map_err(|missing| match missing {
        Missing::Unavailable => CodeProblem::NotChecked,
        Missing::NotPublished => CodeProblem::CouldNotStart,
    })?;
    let instance = Instance::new(&module).map_err(|_| CodeProblem::NotChecked)?;
    let mut random = [0u8; RANDOM_BYTES];
    crate::sealer::random_bytes(&mut random).map_err(|_| CodeProblem::NotChecked)?;
    let mut input = [&random[..], key.as_bytes()].concat();
    random.fill(0);
    let blinded = step(&instance, &input, "blind");
    input.fill(0);
    let body = serde_json::json!({ "code": code, "blinded": blinded? }).to_string();
    let (status, answer) = request(&endpoint(responses_endpoint, "tokens"), &body).await?;
    let signature = match (status, answer.get("blind_signature").and_then(Value::as_str)) {
        (200, Some(signature)) => signature.to_string(),
        (403, _) => {
            return Err(match answer.get("code").and_then(Value::as_str) {
                Some("used") => CodeProblem::Used,
                Some("withdrawn") => CodeProblem::Withdrawn,
                _ => CodeProblem::Unknown,
            })
        }
        // A survey no longer taking codes (or none at all) knows no code.
        (404, _) => return Err(CodeProblem::Unknown),
        _ => return Err(CodeProblem::NotChecked),
    };
    // The module checks the signature under the survey's key: one by any other key is refused.
    let token = step(&instance, signature.as_bytes(), "finish").map_err(|_| CodeProblem::CouldNotStart)?;
    TOKEN.with_borrow_mut(|kept| *kept = Some(token));
    Ok(())
}

/// One step of the token module: its input, the call, its output.
fn step(instance: &Instance, input: &[u8], name: &str) -> Result<String, CodeProblem> {
    instance.input(input).map_err(|_| CodeProblem::NotChecked)?;
    let status = instance.call(name).map_err(|_| CodeProblem::NotChecked)?;
    let output = instance.output().map_err(|_| CodeProblem::NotChecked)?;
    (status == 0).then_some(output).ok_or(CodeProblem::NotChecked)
}

/// A request to the survey's service (`submission::request`): the status and the JSON answer
/// (`null` if none).
async fn request(url: &str, body: &str) -> Result<(u16, Value), CodeProblem> {
    let (status, text) = crate::submission::request(url, Some(body)).await.map_err(|_| CodeProblem::NotChecked)?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}
