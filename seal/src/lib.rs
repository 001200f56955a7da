//! speaksafe-seal: sealing a response to the organiser's public key, in a wasm of its own.
//!
//! The HPKE code (X25519, HKDF, ChaCha20-Poly1305) is needed once, at Submit, so it is not part
//! of the widget's first load (it was 12 KB of the gzipped wasm): the widget fetches this module
//! when the respondent reaches Check your answers and calls it at Submit (`src/sealer.rs`). The widget pads the
//! response (`envelope::pad`) and this module seals it (`envelope::seal_padded_with_bytes`): both are
//! speaksafe-core's, the code the organiser's tool opens with, so the envelope format lives in
//! one place, and this module holds no JSON code at all.
//!
//! No wasm-bindgen and no imports, just three exports and a buffer in linear memory:
//! 1. `input(len)` makes room for `len` bytes and returns where to write them: 64 random bytes
//!    (from the browser's `crypto.getRandomValues`), the public key's text, a line break, the
//!    survey id, a line break, and the padded response;
//! 2. `seal()` seals it and returns 0, or returns 1 when it cannot (the reason, for the
//!    organiser, is the output);
//! 3. `output()` and `output_len()` locate the envelope text (or the reason).

use speaksafe_core::envelope::seal_padded_with_bytes;
use speaksafe_core::PublicKey;
use std::cell::RefCell;

/// How many random bytes the widget gives; sealing takes 32 (the ephemeral X25519 key).
pub const RANDOM_BYTES: usize = 64;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
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

/// Seals the input: 0 with the envelope text as output, 1 with the reason as output. The input
/// is wiped either way.
#[no_mangle]
pub extern "C" fn seal() -> u32 {
    let result = INPUT.with_borrow_mut(|input| {
        let result = seal_bytes(input);
        input.fill(0);
        result
    });
    let (status, text) = match result {
        Ok(envelope) => (0, envelope),
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

/// Random bytes, the public key, a line break, the survey id, a line break, the padded response
/// → the envelope's text.
pub fn seal_bytes(input: &[u8]) -> Result<String, String> {
    if input.len() < RANDOM_BYTES {
        return Err(format!("the input is {} bytes; it starts with {RANDOM_BYTES} random bytes", input.len()));
    }
    let (random, rest) = input.split_at(RANDOM_BYTES);
    let mut parts = rest.splitn(3, |&b| b == b'\n');
    let (Some(key), Some(survey), Some(plaintext)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(
            "the input needs the public key, a line break, the survey id and a line break before the response".into()
        );
    };
    let text = |bytes, what: &str| {
        std::str::from_utf8(bytes).map_err(|e| format!("the {what} is not UTF-8 text (at byte {})", e.valid_up_to()))
    };
    let key = PublicKey::from_text(text(key, "public key")?).map_err(|e| e.to_string())?;
    let envelope =
        seal_padded_with_bytes(text(survey, "survey id")?, plaintext, &key, random).map_err(|e| e.to_string())?;
    Ok(envelope.to_text())
}
