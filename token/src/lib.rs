//! speaksafe-token: an access code's token, made in the respondent's browser, in a wasm of its own.
//!
//! A survey with `"access": "codes"` asks for a code on its intro. The widget fetches this module
//! then (only such surveys do: the RSA code is about as large as the widget's own first load
//! would grow by, and open surveys never need it), and:
//! 1. `blind()`: makes a random message and blinds it to the survey's token key (RFC 9474,
//!    RSABSSA-SHA384-PSS-Randomized, by the `blind-rsa-signatures` crate the collector signs
//!    with). The widget sends the blinded message with the code; the collector spends the code
//!    and signs what it cannot read.
//! 2. `finish()`: unblinds the collector's signature and checks it: the token (randomiser,
//!    message, signature), which the widget keeps in memory and sends with the response at
//!    Submit. What the collector saw at redemption (the blinded message, its blind signature)
//!    shares no value with the token, so it cannot tell which code a response came with.
//!
//! As the seal module: no wasm-bindgen and no imports, a buffer in linear memory and a few
//! exports. `input(len)` makes room for the input and returns where to write it; `blind()` and
//! `finish()` return 0, with their result as the output, or 1 with the reason as the output;
//! `output()` and `output_len()` locate it. The blinding's secret stays in this module's memory
//! between the two calls; the widget drops the instance (and with it that memory) afterwards.

use blind_rsa_signatures::{BlindSignature, BlindingResult, PublicKeySha384PSSRandomized};
use ct_codecs::{Base64UrlSafeNoPadding, Decoder, Encoder};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cell::RefCell;

/// How many random bytes the widget gives: the seed of the generator that makes the message,
/// the message's randomiser, the PSS salt and the blinding factor.
pub const RANDOM_BYTES: usize = 32;
/// Bytes of the random message (as the collector's `access::MESSAGE_BYTES`).
pub const MESSAGE_BYTES: usize = 32;

/// A blinded message, and what finishing its token takes.
pub struct Blinded {
    /// The blinded message, base64url: sent with the code.
    pub blinded: String,
    result: BlindingResult,
    message: [u8; MESSAGE_BYTES],
    key: PublicKeySha384PSSRandomized,
}

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static BLINDED: RefCell<Option<Blinded>> = const { RefCell::new(None) };
}

fn base64url(bytes: &[u8]) -> String {
    Base64UrlSafeNoPadding::encode_to_string(bytes).unwrap_or_default()
}

fn from_base64url(text: &str, what: &str) -> Result<Vec<u8>, String> {
    Base64UrlSafeNoPadding::decode_to_vec(text.trim(), None).map_err(|_| format!("the {what} is not base64url"))
}

/// Makes a random message from `random` (at least [`RANDOM_BYTES`]) and blinds it to the token
/// key `key` (its DER, base64url, as the collector's `token-key` gives it).
pub fn blinded(random: &[u8], key: &str) -> Result<Blinded, String> {
    let seed: [u8; RANDOM_BYTES] = random
        .get(..RANDOM_BYTES)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| format!("{RANDOM_BYTES} random bytes are needed, not {}", random.len()))?;
    let mut rng = StdRng::from_seed(seed);
    let der = from_base64url(key, "token key")?;
    let key = PublicKeySha384PSSRandomized::from_der(&der).map_err(|e| format!("the token key does not read: {e}"))?;
    let mut message = [0u8; MESSAGE_BYTES];
    rng.fill_bytes(&mut message);
    let result = key.blind(&mut rng, message).map_err(|e| format!("the message cannot be blinded: {e}"))?;
    Ok(Blinded { blinded: base64url(&result.blind_message.0), result, message, key })
}

impl Blinded {
    /// The token from the collector's blind signature (base64url), checked against the key: the
    /// randomiser, the message and the signature, one after the other, base64url (what the
    /// collector's `access::Token` reads).
    pub fn finish(&self, blind_signature: &str) -> Result<String, String> {
        let signature = from_base64url(blind_signature, "blind signature")?;
        let signature = self
            .key
            .finalize(&BlindSignature(signature), &self.result, self.message)
            .map_err(|e| format!("the signature does not check against the token key: {e}"))?;
        let randomizer = self.result.msg_randomizer.ok_or("the blinding made no randomiser")?;
        Ok(base64url(&[&randomizer.0[..], &self.message, &signature.0].concat()))
    }
}

/// Room for `len` bytes of input; where to write them.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.clear();
        input.resize(len, 0);
        input.as_mut_ptr()
    })
}

/// Input: [`RANDOM_BYTES`] random bytes, then the token key's text. Output: the blinded message
/// (kept, with its secret, for [`finish`]).
#[no_mangle]
pub extern "C" fn blind() -> u32 {
    let result = INPUT.with_borrow_mut(|input| {
        let result = match std::str::from_utf8(input.get(RANDOM_BYTES..).unwrap_or_default()) {
            Ok(key) => blinded(input, key),
            Err(_) => Err("the token key is not text".into()),
        };
        input.fill(0);
        result
    });
    respond(result.map(|blinded| {
        let text = blinded.blinded.clone();
        BLINDED.with_borrow_mut(|kept| *kept = Some(blinded));
        text
    }))
}

/// Input: the collector's blind signature. Output: the token. The blinding's secret is dropped.
#[no_mangle]
pub extern "C" fn finish() -> u32 {
    let signature = INPUT.with_borrow(|input| String::from_utf8_lossy(input).into_owned());
    let result = match BLINDED.with_borrow_mut(Option::take) {
        Some(blinded) => blinded.finish(&signature),
        None => Err("nothing was blinded".into()),
    };
    respond(result)
}

fn respond(result: Result<String, String>) -> u32 {
    let (status, text) = match result {
        Ok(text) => (0, text),
        Err(reason) => (1, reason),
    };
    OUTPUT.with_borrow_mut(|output| *output = text.into_bytes());
    status
}

/// Where the output starts.
#[no_mangle]
pub extern "C" fn output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}

/// How long the output is.
#[no_mangle]
pub extern "C" fn output_len() -> usize {
    OUTPUT.with_borrow(Vec::len)
}
