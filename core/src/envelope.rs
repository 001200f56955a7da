//! The response envelope: a response sealed in the browser to the organiser's public key, so that
//! the collector holds ciphertext only and the organiser alone can open it.
//!
//! # What it is
//!
//! HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
//! ChaCha20-Poly1305, one message per envelope (single-shot), with
//!
//! - `info` = `speaksafe/1 survey=<survey id>`: an envelope sealed for one survey does not open
//!   as another, nor as a later version of this format;
//! - no associated data;
//! - plaintext = the response document (JSON, [`Response::to_json`]) followed by spaces (which
//!   JSON ignores) up to a size bucket: 1, 2, 4, 8, 16 or 32 KiB ([`BUCKETS`]). The length of an
//!   envelope tells only which bucket its response fell in, not what was answered. The biggest
//!   bucket is the biggest power of two whose envelope text fits the collector's 64 KiB body
//!   limit ([`MAX_ENVELOPE_TEXT`] is 43 759 bytes; a 64 KiB bucket would make 87 KiB of text).
//!
//! # Text forms
//!
//! - a public or private key: its 32 bytes in base64url without padding, 43 characters;
//! - an envelope: `v1.<enc>.<ciphertext>`, both parts base64url without padding: the 32-byte
//!   encapsulated key (43 characters) and the sealed plaintext with its 16-byte tag.
//!
//! # Randomness
//!
//! This crate has no web dependency, so [`seal`] and [`PrivateKey::generate`] take the caller's
//! random number generator (any [`rand_core::CryptoRng`], rand_core 0.10 as hpke 0.15 uses it).
//! With the `getrandom` feature, [`seal_with_system_random`] and
//! [`PrivateKey::generate_with_system_random`] use the system's (in a browser,
//! `crypto.getRandomValues`, once the app enables getrandom's `wasm_js` feature).

use crate::answer::Response;
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::rand_core::CryptoRng;
use hpke::{Deserializable, HpkeError, Kem as _, OpModeR, OpModeS, Serializable};
use std::fmt;

/// The random number traits [`seal`] and [`PrivateKey::generate`] take (rand_core 0.10).
pub use hpke::rand_core;

type Kem = X25519HkdfSha256;
type Kdf = HkdfSha256;
type Aead = ChaCha20Poly1305;

/// The version of the envelope format, its text's first part.
pub const VERSION: &str = "v1";

/// What `info` starts with; the survey id follows.
pub const INFO_PREFIX: &str = "speaksafe/1 survey=";

/// The plaintext sizes a response is padded to, smallest first.
pub const BUCKETS: [usize; 6] = [1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15];

/// The most response JSON one envelope holds.
pub const MAX_RESPONSE: usize = BUCKETS[BUCKETS.len() - 1];

/// Bytes of a key (public, private, and the encapsulated key).
pub const KEY_BYTES: usize = 32;

/// Characters of a key in text.
pub const KEY_CHARS: usize = encoded_len(KEY_BYTES);

/// Bytes the AEAD adds (the Poly1305 tag).
pub const TAG_BYTES: usize = 16;

/// The length of the text of an envelope whose response fell in `bucket`.
pub const fn envelope_text_len(bucket: usize) -> usize {
    VERSION.len() + 1 + KEY_CHARS + 1 + encoded_len(bucket + TAG_BYTES)
}

/// The longest envelope text (the biggest bucket): 43 759 bytes.
pub const MAX_ENVELOPE_TEXT: usize = envelope_text_len(MAX_RESPONSE);

// The biggest envelope, in its JSON request body, fits the collector's 64 KiB body limit.
const _: () = assert!(MAX_ENVELOPE_TEXT + 100 < 64 * 1024);

/// Why a key or an envelope could not be read, sealed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Key text that is not a key; `which` is "public key" or "private key".
    #[error("{which}: {problem}")]
    MalformedKey { which: &'static str, problem: String },
    /// Envelope text that is not an envelope: what is wrong and where.
    #[error("envelope: {0}")]
    MalformedEnvelope(String),
    /// The envelope is well formed but its seal does not open.
    #[error("the envelope does not open with this key: it was sealed to another key, for another survey, or changed")]
    DoesNotOpen,
    /// The envelope opened, but what was inside is not this survey's response.
    #[error("the envelope opened, but {0}")]
    BadPlaintext(String),
    /// The response is bigger than the biggest bucket.
    #[error("the response is {size} bytes of JSON; the most one envelope holds is {MAX_RESPONSE} bytes")]
    TooLarge { size: usize },
    /// What was given to seal is not a padded response (see [`pad`]).
    #[error("what was given to seal is {size} bytes, not padded to one of the bucket sizes")]
    NotPadded { size: usize },
    /// Not enough random numbers to seal with: the system had none (the `getrandom` feature), or
    /// fewer bytes were given than sealing takes ([`seal_padded_with_bytes`]).
    #[error("no random numbers could be had, so nothing was sealed: {0}")]
    NoRandomness(String),
}

/// The organiser's public key: what a survey's `submit.public_key` holds.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(<Kem as hpke::Kem>::PublicKey);

impl PublicKey {
    /// Reads a public key from its text (43 characters of base64url; surrounding white space
    /// is ignored).
    pub fn from_text(text: &str) -> Result<PublicKey, EnvelopeError> {
        let bytes = key_bytes(text, "public key")?;
        let key = <Kem as hpke::Kem>::PublicKey::from_bytes(&bytes).map_err(|e| bad_key("public key", e))?;
        // A low-order point gives an all-zero shared secret, which HPKE refuses: try once now, so
        // that a key that could never seal is refused where it is read, not at Submit.
        Kem::encap_with_rng(&key, None, &mut Constant).map_err(|_| EnvelopeError::MalformedKey {
            which: "public key",
            problem: "it is not a usable X25519 public key (it is a point of small order)".into(),
        })?;
        Ok(PublicKey(key))
    }

    /// The key as text: 43 characters of base64url.
    pub fn to_text(&self) -> String {
        encode(&self.0.to_bytes())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_text())
    }
}

/// The organiser's private key, which opens envelopes. Its `Debug` does not show it.
#[derive(Clone)]
pub struct PrivateKey {
    secret: <Kem as hpke::Kem>::PrivateKey,
    public: PublicKey,
}

impl PrivateKey {
    /// A new key pair from the caller's random number generator.
    pub fn generate(rng: &mut impl CryptoRng) -> PrivateKey {
        let (secret, public) = Kem::gen_keypair_with_rng(rng);
        PrivateKey { secret, public: PublicKey(public) }
    }

    /// A new key pair from the system's random numbers.
    #[cfg(feature = "getrandom")]
    pub fn generate_with_system_random() -> Result<PrivateKey, EnvelopeError> {
        with_system_bytes(|rng| Ok(PrivateKey::generate(rng)))
    }

    /// Reads a private key from its text (43 characters of base64url; surrounding white space
    /// is ignored).
    pub fn from_text(text: &str) -> Result<PrivateKey, EnvelopeError> {
        let bytes = key_bytes(text, "private key")?;
        let secret = <Kem as hpke::Kem>::PrivateKey::from_bytes(&bytes).map_err(|e| bad_key("private key", e))?;
        let public = PublicKey(Kem::sk_to_pk(&secret));
        Ok(PrivateKey { secret, public })
    }

    /// The key as text: 43 characters of base64url. Keep it secret.
    pub fn to_text(&self) -> String {
        encode(&self.secret.to_bytes())
    }

    /// The public key that goes with this private key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(for {})", self.public.to_text())
    }
}

/// A sealed response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    encapsulated_key: [u8; KEY_BYTES],
    ciphertext: Vec<u8>,
}

impl Envelope {
    /// Reads an envelope from its text form, `v1.<enc>.<ciphertext>`, checking its shape: the
    /// version, both parts' base64url, the key's length, and that the ciphertext is one of the
    /// bucket sizes.
    pub fn from_text(text: &str) -> Result<Envelope, EnvelopeError> {
        let malformed = |message: String| EnvelopeError::MalformedEnvelope(message);
        if text.len() > MAX_ENVELOPE_TEXT {
            return Err(malformed(format!(
                "it is {} bytes long; the longest envelope is {MAX_ENVELOPE_TEXT} bytes",
                text.len()
            )));
        }
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 {
            return Err(malformed(format!("expected 3 parts separated by '.', found {}", parts.len())));
        }
        let (version, key, sealed) = (parts[0], parts[1], parts[2]);
        if version != VERSION {
            return Err(malformed(format!(
                "it starts with \"{}\"; this speaksafe opens \"{VERSION}\" envelopes",
                printable(version)
            )));
        }
        let key_at = version.len() + 1;
        let sealed_at = key_at + key.len() + 1;
        let key = match decode(key) {
            Ok(bytes) if bytes.len() == KEY_BYTES => bytes,
            Err(e @ DecodeError::Character { .. }) => {
                return Err(malformed(e.describe("the encapsulated key (part 2)", key_at)))
            }
            Err(e) if key.len() == KEY_CHARS => {
                return Err(malformed(e.describe("the encapsulated key (part 2)", key_at)))
            }
            _ => {
                return Err(malformed(format!(
                    "the encapsulated key (part 2, from character {}) has {} characters; it should have {KEY_CHARS}",
                    key_at + 1,
                    key.len()
                )))
            }
        };
        let ciphertext = decode(sealed).map_err(|e| malformed(e.describe("the ciphertext (part 3)", sealed_at)))?;
        if !BUCKETS.iter().any(|&b| b + TAG_BYTES == ciphertext.len()) {
            let sizes: Vec<String> = BUCKETS.iter().map(|b| (b + TAG_BYTES).to_string()).collect();
            return Err(malformed(format!(
                "the ciphertext (part 3) is {} bytes; a {VERSION} envelope's is one of {} bytes",
                ciphertext.len(),
                sizes.join(", ")
            )));
        }
        let mut encapsulated_key = [0; KEY_BYTES];
        encapsulated_key.copy_from_slice(&key);
        Ok(Envelope { encapsulated_key, ciphertext })
    }

    /// The text form, `v1.<enc>.<ciphertext>`.
    pub fn to_text(&self) -> String {
        let mut text = String::with_capacity(envelope_text_len(self.ciphertext.len() - TAG_BYTES));
        text.push_str(VERSION);
        text.push('.');
        text.push_str(&encode(&self.encapsulated_key));
        text.push('.');
        text.push_str(&encode(&self.ciphertext));
        text
    }

    /// The sealed plaintext and its tag.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// The padded size of the response inside: one of [`BUCKETS`].
    pub fn bucket(&self) -> usize {
        self.ciphertext.len() - TAG_BYTES
    }
}

/// The `info` of HPKE for a survey: binds the envelope to the survey and to this format.
pub fn info(survey_id: &str) -> Vec<u8> {
    [INFO_PREFIX.as_bytes(), survey_id.as_bytes()].concat()
}

/// The bucket a response of `size` bytes is padded to, if it fits one.
pub fn bucket_for(size: usize) -> Option<usize> {
    BUCKETS.iter().copied().find(|&b| size <= b)
}

/// Seals a response to the organiser's public key, for the response's own survey.
pub fn seal(response: &Response, key: &PublicKey, rng: &mut impl CryptoRng) -> Result<Envelope, EnvelopeError> {
    seal_padded(&response.survey, &pad(response)?, key, rng)
}

/// What is sealed: the response's JSON, padded with spaces to its bucket. Made without any HPKE
/// code, so the widget pads in its first wasm and only the sealing itself is in the seal module.
pub fn pad(response: &Response) -> Result<Vec<u8>, EnvelopeError> {
    let mut plaintext = response.to_json().into_bytes();
    let size = plaintext.len();
    let bucket = bucket_for(size).ok_or(EnvelopeError::TooLarge { size })?;
    plaintext.resize(bucket, b' ');
    Ok(plaintext)
}

/// Seals a response that [`pad`] padded, for survey `survey_id`.
pub fn seal_padded(
    survey_id: &str,
    plaintext: &[u8],
    key: &PublicKey,
    rng: &mut impl CryptoRng,
) -> Result<Envelope, EnvelopeError> {
    let size = plaintext.len();
    if !BUCKETS.contains(&size) {
        return Err(EnvelopeError::NotPadded { size });
    }
    let (encapsulated_key, ciphertext) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &key.0,
        &info(survey_id),
        plaintext,
        &[],
        rng,
    )
    // Cannot happen for a key that `PublicKey::from_text` accepted and a plaintext this
    // short; an error, not a panic, all the same.
    .map_err(|e| EnvelopeError::MalformedKey { which: "public key", problem: format!("sealing failed: {e}") })?;
    let mut enc = [0; KEY_BYTES];
    enc.copy_from_slice(&encapsulated_key.to_bytes());
    Ok(Envelope { encapsulated_key: enc, ciphertext })
}

/// Seals a response that [`pad`] padded with random bytes the caller gives (the widget's seal
/// module gets them from `crypto.getRandomValues`); an error, not a guess, if sealing wants more.
pub fn seal_padded_with_bytes(
    survey_id: &str,
    plaintext: &[u8],
    key: &PublicKey,
    random: &[u8],
) -> Result<Envelope, EnvelopeError> {
    with_bytes(random, |rng| seal_padded(survey_id, plaintext, key, rng))
}

/// Seals a response with the system's random numbers.
#[cfg(feature = "getrandom")]
pub fn seal_with_system_random(response: &Response, key: &PublicKey) -> Result<Envelope, EnvelopeError> {
    with_system_bytes(|rng| seal(response, key, rng))
}

/// Opens an envelope sealed for `survey_id` with the organiser's private key.
pub fn open(envelope: &Envelope, key: &PrivateKey, survey_id: &str) -> Result<Response, EnvelopeError> {
    let encapsulated_key = <Kem as hpke::Kem>::EncappedKey::from_bytes(&envelope.encapsulated_key)
        .map_err(|_| EnvelopeError::DoesNotOpen)?;
    let plaintext = hpke::single_shot_open::<Aead, Kdf, Kem>(
        &OpModeR::Base,
        &key.secret,
        &encapsulated_key,
        &info(survey_id),
        &envelope.ciphertext,
        &[],
    )
    .map_err(|_| EnvelopeError::DoesNotOpen)?;
    let text = std::str::from_utf8(&plaintext).map_err(|e| {
        EnvelopeError::BadPlaintext(format!("what is inside is not UTF-8 text (at byte {})", e.valid_up_to()))
    })?;
    let response = Response::from_json(text.trim_end_matches(' '))
        .map_err(|e| EnvelopeError::BadPlaintext(format!("what is inside is not a response: {e}")))?;
    if response.survey != survey_id {
        return Err(EnvelopeError::BadPlaintext(format!(
            "the response inside says it is for survey \"{}\", not \"{survey_id}\"",
            printable(&response.survey)
        )));
    }
    Ok(response)
}

/// A key's 32 bytes from its text.
fn key_bytes(text: &str, which: &'static str) -> Result<Vec<u8>, EnvelopeError> {
    let text = text.trim();
    let problem = |problem: String| EnvelopeError::MalformedKey { which, problem };
    if text.is_empty() {
        return Err(problem(format!("it is empty; a key is {KEY_CHARS} characters of base64url")));
    }
    if text.len() == KEY_CHARS + 1 && text.ends_with('=') {
        return Err(problem(format!("it ends with '='; write the {KEY_CHARS} characters without padding")));
    }
    let wrong_length =
        || problem(format!("it has {} characters; a key is {KEY_CHARS} characters of base64url", text.chars().count()));
    if text.len() > 4 * KEY_CHARS {
        return Err(wrong_length());
    }
    match decode(text) {
        Ok(bytes) if bytes.len() == KEY_BYTES => Ok(bytes),
        Err(e @ DecodeError::Character { .. }) => Err(problem(e.describe("it", 0))),
        Err(e) if text.len() == KEY_CHARS => Err(problem(e.describe("it", 0))),
        _ => Err(wrong_length()),
    }
}

fn bad_key(which: &'static str, e: HpkeError) -> EnvelopeError {
    EnvelopeError::MalformedKey { which, problem: format!("it is not an X25519 key: {e}") }
}

/// Text fit to quote in a message: at most 40 characters, control characters escaped.
fn printable(text: &str) -> String {
    let mut out: String = text.chars().take(40).flat_map(char::escape_debug).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Random bytes that are all the same: only for trying a public key once, where nothing secret
/// depends on them.
struct Constant;

impl rand_core::TryRng for Constant {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(0x5a5a_5a5a)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(0x5a5a_5a5a_5a5a_5a5a)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(0x5a);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Constant {}

/// Random bytes, each used once. HPKE's generator cannot fail, so running out is remembered (and
/// zeros given) and [`with_bytes`] turns it into an error before anything made with them is
/// returned. Private to this module so that nothing can use its output without that check.
struct Given<'a> {
    bytes: &'a [u8],
    used: usize,
    short: bool,
}

impl rand_core::TryRng for Given<'_> {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        match self.bytes.get(self.used..self.used + dst.len()) {
            Some(bytes) => {
                dst.copy_from_slice(bytes);
                self.used += dst.len();
            }
            None => {
                dst.fill(0);
                self.short = true;
            }
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Given<'_> {}

/// Runs `make` with a generator over `random`: an error, not a guess, if it wanted more.
fn with_bytes<T>(
    random: &[u8],
    make: impl FnOnce(&mut Given<'_>) -> Result<T, EnvelopeError>,
) -> Result<T, EnvelopeError> {
    let mut rng = Given { bytes: random, used: 0, short: false };
    let made = make(&mut rng)?;
    if rng.short {
        return Err(EnvelopeError::NoRandomness(format!(
            "it wanted more than the {} random bytes given",
            random.len()
        )));
    }
    Ok(made)
}

/// [`with_bytes`] over 64 bytes of the system's random numbers (enough for a key pair or a seal),
/// wiped afterwards.
#[cfg(feature = "getrandom")]
fn with_system_bytes<T>(make: impl FnOnce(&mut Given<'_>) -> Result<T, EnvelopeError>) -> Result<T, EnvelopeError> {
    let mut random = [0u8; 64];
    getrandom::fill(&mut random).map_err(|e| EnvelopeError::NoRandomness(e.to_string()))?;
    let made = with_bytes(&random, make);
    random.fill(0);
    made
}

// ---- base64url without padding (RFC 4648 §5), strict: canonical text only ----

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Characters of base64url (no padding) for `bytes` bytes.
pub const fn encoded_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

/// Base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Why base64url text could not be decoded: `at` counts characters from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DecodeError {
    Character { at: usize, found: char },
    Length(usize),
    TrailingBits,
}

impl DecodeError {
    /// A message naming `what` was being read; `offset` is where it starts in the whole text.
    fn describe(&self, what: &str, offset: usize) -> String {
        match self {
            DecodeError::Character { at, found } => format!(
                "{what} has {} at character {}, which is not base64url (A-Z, a-z, 0-9, '-', '_')",
                match found {
                    '=' => "'=' (padding, which speaksafe does not write)".to_string(),
                    ' ' => "' '".to_string(),
                    '\n' | '\r' => "a line break".to_string(),
                    '\t' => "a tab".to_string(),
                    c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", *c as u32),
                    c => format!("'{c}'"),
                },
                offset + at + 1
            ),
            DecodeError::Length(n) => {
                format!("{what} has {n} characters, a length base64url never has (it is cut short or has a character too many)")
            }
            DecodeError::TrailingBits => {
                format!("{what} ends in a character that base64url does not write there (the text was cut short or changed)")
            }
        }
    }
}

/// Each byte's value in base64url, or [`NOT_BASE64`] for a byte it never writes.
const VALUES: [u8; 256] = {
    let mut values = [NOT_BASE64; 256];
    let mut i = 0;
    while i < 26 {
        values[b'A' as usize + i] = i as u8;
        values[b'a' as usize + i] = 26 + i as u8;
        if i < 10 {
            values[b'0' as usize + i] = 52 + i as u8;
        }
        i += 1;
    }
    values[b'-' as usize] = 62;
    values[b'_' as usize] = 63;
    values
};
const NOT_BASE64: u8 = 64;

/// Base64url without padding → bytes. Read as bytes, four characters (three bytes) at a time: an
/// envelope is thousands of characters, and opening 100,000 responses decodes every one of them.
fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let bytes = text.as_bytes();
    // Every byte before `at` is base64url, so `at` is where a character starts.
    // Every byte before `at` is base64url, so `at` is where a character starts (`get`, which
    // cannot panic, keeps the seal module free of the code a panic message takes).
    let wrong = |at: usize| DecodeError::Character {
        at: text.get(..at).map_or(at, |before| before.chars().count()),
        found: text.get(at..).and_then(|after| after.chars().next()).unwrap_or_default(),
    };
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    let mut quads = bytes.chunks_exact(4);
    for (n, quad) in (&mut quads).enumerate() {
        let values =
            [VALUES[quad[0] as usize], VALUES[quad[1] as usize], VALUES[quad[2] as usize], VALUES[quad[3] as usize]];
        if let Some(i) = values.iter().position(|&v| v == NOT_BASE64) {
            return Err(wrong(4 * n + i));
        }
        let bits =
            u32::from(values[0]) << 18 | u32::from(values[1]) << 12 | u32::from(values[2]) << 6 | u32::from(values[3]);
        out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
    }
    let rest_at = bytes.len() - quads.remainder().len();
    let (mut bits, mut count) = (0u32, 0u32);
    for (i, &byte) in quads.remainder().iter().enumerate() {
        let value = VALUES[byte as usize];
        if value == NOT_BASE64 {
            return Err(wrong(rest_at + i));
        }
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    match text.len() % 4 {
        1 => Err(DecodeError::Length(text.len())),
        _ if bits != 0 => Err(DecodeError::TrailingBits),
        _ => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_and_matches_rfc_4648() {
        // RFC 4648 §10, without padding, and the two url-safe characters.
        for (bytes, text) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(bytes.as_bytes()), text);
            assert_eq!(decode(text).unwrap(), bytes.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        for n in 0..100 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(encode(&bytes).len(), encoded_len(n));
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn base64url_decoding_is_strict() {
        assert_eq!(decode("Zm9v+"), Err(DecodeError::Character { at: 4, found: '+' }));
        // In a whole group of four after others, and in the last, short one.
        assert_eq!(decode("Zm9vYm$y"), Err(DecodeError::Character { at: 6, found: '$' }));
        assert_eq!(decode("Zm9vY\n"), Err(DecodeError::Character { at: 5, found: '\n' }));
        assert_eq!(decode("Zg=="), Err(DecodeError::Character { at: 2, found: '=' }));
        assert_eq!(decode("Zm9vY"), Err(DecodeError::Length(5)));
        assert_eq!(decode("Zh"), Err(DecodeError::TrailingBits));
        assert_eq!(decode("Zm9é"), Err(DecodeError::Character { at: 3, found: 'é' }));
    }

    #[test]
    fn the_longest_envelope_fits_the_body_limit() {
        assert_eq!(KEY_CHARS, 43);
        assert_eq!(MAX_ENVELOPE_TEXT, 43_759);
        // A bucket twice as big would not fit.
        assert_eq!(envelope_text_len(2 * MAX_RESPONSE), 87_450);
    }
}
