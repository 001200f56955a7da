//! The seal module (`seal/`, served as `seal.wasm` beside the page): the HPKE code, kept out of
//! the first load. [`fetch_early`] starts fetching and compiling it when the respondent reaches
//! Check your answers, so it is ready by Submit; [`seal`] runs it (fetching it first if needed).
//! If it could not be fetched (the connection dropped), sealing says so and the next try fetches
//! it again. It is fetched with the SHA-384 the page's boot.js names (`speaksafeSealIntegrity`,
//! written in by the build), so the browser refuses a module that is not the published one; then
//! nothing is sealed or sent, ever, and the respondent is told the survey could not start.

use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The seal module's address, relative to the page, like `surveys/ID.json`.
const SEAL_WASM: &str = "seal.wasm";
/// Random bytes the module takes (`speaksafe_seal::RANDOM_BYTES`).
const RANDOM_BYTES: usize = 64;

thread_local! {
    /// The module being fetched and compiled, or compiled: a promise of a `WebAssembly.Module`.
    static MODULE: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Why nothing was sealed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The module could not be fetched yet: try again later.
    Unavailable,
    /// It never will seal this (a bad key, no random numbers): the reason, for the organiser.
    Refused(String),
    /// The module served is not the one this page names (its hash differs): it was not run.
    NotPublished,
}

/// What the module promise holds when the module served was refused for its hash.
const NOT_PUBLISHED: &str = "not published";

/// Starts fetching and compiling the seal module, unless that has started already.
pub fn fetch_early() {
    let _ = module();
}

/// A promise of the compiled module, or of `undefined` when it could not be fetched (resolved,
/// not rejected: nobody may be waiting for it yet, and a rejection nobody handles is a page error).
fn module() -> js_sys::Promise {
    MODULE.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            wasm_bindgen_futures::future_to_promise(async {
                Ok(fetch_and_compile().await.unwrap_or(JsValue::UNDEFINED))
            })
        })
        .clone()
    })
}

async fn fetch_and_compile() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let integrity = Reflect::get(&js_sys::global(), &"speaksafeSealIntegrity".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty());
    let init = web_sys::RequestInit::new();
    if let Some(integrity) = &integrity {
        init.set_integrity(integrity);
    }
    let response: web_sys::Response = match JsFuture::from(window.fetch_with_str_and_init(SEAL_WASM, &init)).await {
        Ok(response) => response.dyn_into()?,
        Err(error) => {
            // A module refused for its hash and a dropped connection are the same error to a
            // script. Asked again without the hash (nothing fetched so is run), a module that
            // arrives is one the browser refused: not the published one.
            if integrity.is_some() {
                let again = JsFuture::from(window.fetch_with_str(SEAL_WASM)).await;
                if again.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()).is_some_and(|r| r.ok()) {
                    return Ok(JsValue::from_str(NOT_PUBLISHED));
                }
            }
            return Err(error);
        }
    };
    if !response.ok() {
        return Err(JsValue::from(response.status()));
    }
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    JsFuture::from(WebAssembly::compile(&bytes)).await
}

/// Seals a padded response (`envelope::pad`) for `survey_id` to the public key `key`: the
/// envelope's text.
pub async fn seal(survey_id: &str, key: &str, plaintext: &[u8]) -> Result<String, Failure> {
    let module = match JsFuture::from(module()).await.map(JsCast::dyn_into::<WebAssembly::Module>) {
        Ok(Ok(module)) => module,
        Ok(Err(value)) if value.as_string().as_deref() == Some(NOT_PUBLISHED) => return Err(Failure::NotPublished),
        _ => {
            MODULE.with_borrow_mut(|slot| *slot = None); // fetch it again next time
            return Err(Failure::Unavailable);
        }
    };
    let mut random = [0u8; RANDOM_BYTES];
    random_bytes(&mut random).map_err(Failure::Refused)?;
    let mut input = [&random[..], key.as_bytes(), b"\n", survey_id.as_bytes(), b"\n", plaintext].concat();
    random.fill(0);
    let result = run(&module, &input).map_err(|e| Failure::Refused(format!("the seal module failed: {e:?}")));
    input.fill(0); // the module wipes its own copy
    result?
}

/// One fresh instance (its memory goes when it does): input, seal, output.
fn run(module: &WebAssembly::Module, input: &[u8]) -> Result<Result<String, Failure>, JsValue> {
    let instance = WebAssembly::Instance::new(module, &Object::new())?;
    let exports = instance.exports();
    let export = |name: &str| -> Result<Function, JsValue> { Reflect::get(&exports, &name.into())?.dyn_into() };
    let number = |value: JsValue| value.as_f64().unwrap_or(0.0) as u32;
    let at = number(export("input")?.call1(&JsValue::NULL, &(input.len() as u32).into())?);
    // The memory's buffer is taken after each call that may grow it.
    let memory = || -> Result<Uint8Array, JsValue> {
        let memory: WebAssembly::Memory = Reflect::get(&exports, &"memory".into())?.dyn_into()?;
        Ok(Uint8Array::new(&memory.buffer()))
    };
    memory()?.subarray(at, at + input.len() as u32).copy_from(input);
    let status = number(export("seal")?.call0(&JsValue::NULL)?);
    let output = number(export("output")?.call0(&JsValue::NULL)?);
    let length = number(export("output_len")?.call0(&JsValue::NULL)?);
    let text = String::from_utf8_lossy(&memory()?.subarray(output, output + length).to_vec()).into_owned();
    Ok(if status == 0 { Ok(text) } else { Err(Failure::Refused(text)) })
}

/// Fills `bytes` from the browser's `crypto.getRandomValues`.
pub fn random_bytes(bytes: &mut [u8]) -> Result<(), String> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(bytes).ok())
        .map(drop)
        .ok_or_else(|| "this browser gives no random numbers (crypto.getRandomValues)".to_string())
}
