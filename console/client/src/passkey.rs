//! Passkeys (WebAuthn) through the browser's own JSON methods: the collector's options (as
//! webauthn-rs writes them, binary fields in base64url) are read by
//! `PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`, the
//! passkey is made or used by `navigator.credentials.create` / `get`, and what goes back is the
//! credential's own `toJSON()`. No base64 or CBOR of our own: the browser does it all. These
//! methods are not in web-sys yet, so they are reached through `Reflect`.

use crate::contract::{passkey_failure, Refusal};
use js_sys::{Function, Object, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Makes a passkey from register/start's or passkeys/start's options: the credential's JSON.
pub async fn create(options: &Value) -> Result<Value, Refusal> {
    ceremony(options, "parseCreationOptionsFromJSON", "create", true).await
}

/// Signs in with a passkey (any of this console's on the device: discoverable) from
/// sign-in/start's options: the credential's JSON.
pub async fn get(options: &Value) -> Result<Value, Refusal> {
    ceremony(options, "parseRequestOptionsFromJSON", "get", false).await
}

async fn ceremony(options: &Value, parse: &str, call: &str, making: bool) -> Result<Value, Refusal> {
    let unsupported = || {
        Refusal::Passkey(format!(
            "This browser cannot use passkeys here (it has no PublicKeyCredential.{parse}): use a current Chrome, \
             Edge, Safari or Firefox."
        ))
    };
    let public_key = options
        .get("publicKey")
        .ok_or_else(|| Refusal::Unreachable("the collector's passkey options have no \"publicKey\"".into()))?;
    let public_key = JSON::parse(&public_key.to_string()).map_err(|_| unsupported())?;
    let global = js_sys::global();
    let class = Reflect::get(&global, &"PublicKeyCredential".into()).map_err(|_| unsupported())?;
    let parse: Function =
        Reflect::get(&class, &parse.into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(unsupported)?;
    let parsed = parse.call1(&class, &public_key).map_err(|e| {
        Refusal::Unreachable(format!("the collector's passkey options could not be read ({})", describe(&e)))
    })?;
    let request = Object::new();
    Reflect::set(&request, &"publicKey".into(), &parsed).map_err(|_| unsupported())?;
    let navigator = Reflect::get(&global, &"navigator".into()).map_err(|_| unsupported())?;
    let credentials = Reflect::get(&navigator, &"credentials".into()).map_err(|_| unsupported())?;
    let method: Function =
        Reflect::get(&credentials, &call.into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(unsupported)?;
    let promise: js_sys::Promise =
        method.call1(&credentials, &request).and_then(JsCast::dyn_into).map_err(|e| failure(&e, making))?;
    let credential = JsFuture::from(promise).await.map_err(|e| failure(&e, making))?;
    if credential.is_null() || credential.is_undefined() {
        return Err(passkey_failure("NotAllowedError", making));
    }
    let to_json: Function =
        Reflect::get(&credential, &"toJSON".into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(unsupported)?;
    let json = to_json.call0(&credential).map_err(|e| failure(&e, making))?;
    let text: String = JSON::stringify(&json).map(String::from).map_err(|_| unsupported())?;
    serde_json::from_str(&text).map_err(|_| unsupported())
}

/// The browser's refusal (a DOMException), by its name.
fn failure(error: &JsValue, making: bool) -> Refusal {
    let name = Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    passkey_failure(&name, making)
}

fn describe(error: &JsValue) -> String {
    Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "no reason given".into())
}
