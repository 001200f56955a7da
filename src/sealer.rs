//! The seal module (`seal/`, served as `seal.wasm` beside the page): the HPKE code, kept out of
//! the first load. [`fetch_early`] starts fetching and compiling it when the respondent reaches
//! Check your answers, so it is ready by Submit; [`seal`] runs it (fetching it first if needed).
//! If it could not be fetched (the connection dropped), sealing says so and the next try fetches
//! it again. It is fetched with the SHA-384 the page's boot.js names (`speaksafeSealIntegrity`,
//! written in by the build), so the browser refuses a module that is not the published one; then
//! nothing is sealed or sent, ever, and the respondent is told the survey could not start.

use crate::side_module::{self, Instance, Missing, Side};
use wasm_bindgen::JsValue;

/// The seal module: its address, relative to the page like `surveys/ID.json`, and its hash's global.
const SEAL: Side = Side { file: "seal.wasm", integrity: "speaksafeSealIntegrity", slot: 0 };
/// Random bytes the module takes (`speaksafe_seal::RANDOM_BYTES`).
const RANDOM_BYTES: usize = 64;

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

/// Starts fetching and compiling the seal module, unless that has started already.
pub fn fetch_early() {
    side_module::fetch_early(SEAL);
}

/// Seals a padded response (`envelope::pad`) for `survey_id` to the public key `key`: the
/// envelope's text.
pub async fn seal(survey_id: &str, key: &str, plaintext: &[u8]) -> Result<String, Failure> {
    let module = side_module::compiled(SEAL).await.map_err(|missing| match missing {
        Missing::Unavailable => Failure::Unavailable,
        Missing::NotPublished => Failure::NotPublished,
    })?;
    let mut random = [0u8; RANDOM_BYTES];
    random_bytes(&mut random).map_err(Failure::Refused)?;
    let mut input = [&random[..], key.as_bytes(), b"\n", survey_id.as_bytes(), b"\n", plaintext].concat();
    random.fill(0);
    let result = run(&module, &input).map_err(|e| Failure::Refused(format!("the seal module failed: {e:?}")));
    input.fill(0); // the module wipes its own copy
    result?
}

/// One fresh instance (its memory goes when it does): input, seal, output.
fn run(module: &js_sys::WebAssembly::Module, input: &[u8]) -> Result<Result<String, Failure>, JsValue> {
    let instance = Instance::new(module)?;
    instance.input(input)?;
    let status = instance.call("seal")?;
    let text = instance.output()?;
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
