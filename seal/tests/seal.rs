//! The seal module, natively: through its three exports as the widget calls them, sealing with
//! exactly the random bytes it is given, opening with the organiser's key (core's `open`), and a
//! reason, never a panic, for every input it cannot seal.

use proptest::prelude::*;
use serde_json::json;
use speaksafe_core::envelope::pad;
use speaksafe_core::{open, Envelope, PrivateKey, Response};
use speaksafe_seal::{input, output, output_len, seal, seal_bytes, RANDOM_BYTES};

// RFC 9180 A.2.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305): the sender's
// input keying material, the encapsulated key it gives, and the receiver's private key.
const IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
const ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// base64url without padding, as keys and envelopes are written.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn organiser() -> PrivateKey {
    PrivateKey::from_text(&base64url(&hex(SK_RM))).unwrap()
}

fn response() -> Response {
    let json = json!({ "format": "speaksafe/1", "survey": "youth-voice", "language": "en",
        "answers": { "age": 13, "apps": ["video", "other"] }, "other": { "apps": "Drawing app" } });
    Response::from_json(&json.to_string()).unwrap()
}

fn message(random: &[u8], key: &str, survey: &str, plaintext: &[u8]) -> Vec<u8> {
    [random, key.as_bytes(), b"\n", survey.as_bytes(), b"\n", plaintext].concat()
}

fn padded() -> Vec<u8> {
    pad(&response()).unwrap()
}

/// Calls the exports as src/sealer.rs does: input, seal, output.
fn through_exports(bytes: &[u8]) -> (u32, String, *const u8) {
    let at = input(bytes.len());
    // SAFETY: `input` made room for exactly bytes.len() bytes at `at`.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at, bytes.len()) };
    let status = seal();
    // SAFETY: `output` and `output_len` describe the module's output buffer, untouched until the
    // next call.
    let out = unsafe { std::slice::from_raw_parts(output(), output_len()) };
    (status, String::from_utf8(out.to_vec()).unwrap(), at)
}

#[test]
fn a_response_sealed_through_the_exports_opens_with_the_organisers_key() {
    let key = organiser().public_key().to_text();
    let random: Vec<u8> = (0..RANDOM_BYTES as u8).map(|i| i.wrapping_mul(37).wrapping_add(11)).collect();
    let bytes = message(&random, &key, "youth-voice", &padded());
    let (status, text, at) = through_exports(&bytes);
    assert_eq!(status, 0, "{text}");
    assert!(text.starts_with("v1."), "{text}");
    let envelope = Envelope::from_text(&text).unwrap();
    assert_eq!(open(&envelope, &organiser(), "youth-voice").unwrap(), response());
    // Not for another survey.
    assert!(open(&envelope, &organiser(), "survivor-consultation").is_err());
    // The input (random bytes, answers) is wiped once sealed.
    // SAFETY: the input buffer is still allocated (it is cleared, not freed, until the next call).
    let left = unsafe { std::slice::from_raw_parts(at, bytes.len()) };
    assert!(left.iter().all(|&b| b == 0), "the input is still in memory");
}

#[test]
fn the_random_bytes_given_make_the_ephemeral_key() {
    let key = organiser().public_key().to_text();
    let json = padded();
    let mut random = hex(IKM_E);
    random.resize(RANDOM_BYTES, 0);
    let text = seal_bytes(&message(&random, &key, "youth-voice", &json)).unwrap();
    // The encapsulated key is RFC 9180's for this input keying material.
    assert_eq!(text.split('.').nth(1).unwrap(), base64url(&hex(ENC)));
    // The same bytes seal the same way; other bytes another.
    assert_eq!(seal_bytes(&message(&random, &key, "youth-voice", &json)).unwrap(), text);
    random[0] ^= 1;
    let other = seal_bytes(&message(&random, &key, "youth-voice", &json)).unwrap();
    assert_ne!(other.split('.').nth(1), text.split('.').nth(1));
    assert_eq!(open(&Envelope::from_text(&other).unwrap(), &organiser(), "youth-voice").unwrap(), response());
}

#[test]
fn what_cannot_be_sealed_is_refused_with_a_reason() {
    let key = organiser().public_key().to_text();
    let json = padded();
    let random = [7u8; RANDOM_BYTES];
    let refused = |bytes: &[u8]| {
        let (status, reason, _) = through_exports(bytes);
        assert_eq!(status, 1, "sealed {bytes:?}");
        reason
    };
    assert!(refused(&random[..10]).contains("starts with 64 random bytes"));
    assert!(refused(&message(&random, &key, "", b"")[..RANDOM_BYTES + 43])
        .contains("needs the public key, a line break, the survey id"));
    assert!(refused(&message(&random, "not a key", "youth-voice", &json)).contains("public key"));
    // The all-zero key is a point of small order: it could never seal.
    assert!(refused(&message(&random, &"A".repeat(43), "youth-voice", &json)).contains("small order"));
    // Only a padded response is sealed: its length tells one of a few buckets, nothing more.
    assert!(refused(&message(&random, &key, "youth-voice", b"{}")).contains("not padded to one of the bucket sizes"));
    assert!(refused(&message(&random, &key, "youth-voice", &[b' '; 40_000])).contains("not padded"));
    assert!(refused(&[&random[..], &[0xff, 0xfe, b'\n', b'\n']].concat()).contains("public key is not UTF-8"));
    // After a refusal the module still seals.
    assert_eq!(through_exports(&message(&random, &key, "youth-voice", &json)).0, 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]
    /// Whatever bytes arrive, the module answers with a status and a text; it never panics.
    #[test]
    fn any_input_gets_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..200), tail in ".{0,80}") {
        let (status, text, _) = through_exports(&[bytes.as_slice(), tail.as_bytes()].concat());
        prop_assert!(status <= 1);
        prop_assert!(!text.is_empty());
    }
}
