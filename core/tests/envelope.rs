//! The response envelope: RFC 9180 test vectors for its exact suite, seal/open round trips,
//! padding buckets, and a clear error (never a panic) for every wrong key, wrong survey,
//! changed, cut or made-up envelope.

use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use speaksafe_core::envelope::rand_core::{TryCryptoRng, TryRng};
use speaksafe_core::envelope::{
    self, bucket_for, envelope_text_len, info, open, seal, Envelope, EnvelopeError, PrivateKey, PublicKey, BUCKETS,
    MAX_ENVELOPE_TEXT, MAX_RESPONSE,
};
use speaksafe_core::Response;

type Kem = X25519HkdfSha256;
type Kdf = HkdfSha256;
type Aead = ChaCha20Poly1305;

// ---------------------------------------------------------------------------------------------
// Random numbers for tests

/// A deterministic generator (SplitMix64). Not cryptographic: for tests only.
struct TestRng(u64);

impl TryRng for TestRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let n = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&n[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

/// Gives exactly these bytes, as the RFC's "ikmE": HPKE draws the ephemeral key's input keying
/// material from the generator, so this reproduces the RFC's deterministic sender.
struct Given(Vec<u8>);

impl TryRng for Given {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        unreachable!("HPKE asks for bytes")
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        unreachable!("HPKE asks for bytes")
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        assert!(dst.len() <= self.0.len(), "asked for {} bytes, {} given", dst.len(), self.0.len());
        let rest = self.0.split_off(dst.len());
        dst.copy_from_slice(&self.0);
        self.0 = rest;
        Ok(())
    }
}

impl TryCryptoRng for Given {}

fn hex(text: &str) -> Vec<u8> {
    assert_eq!(text.len() % 2, 0, "hex has two digits a byte");
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// RFC 9180, Appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, Base.
// mode 0, kem_id 32 (0x0020), kdf_id 1, aead_id 3.

const IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
const PK_EM: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const SK_EM: &str = "f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600";
const IKM_R: &str = "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df";
const PK_RM: &str = "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a";
const SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";
/// "Ode on a Grecian Urn"
const INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
const ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const SHARED_SECRET: &str = "0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7";
const KEY: &str = "ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91";
const BASE_NONCE: &str = "5c4d98150661b848853b547f";
/// "Beauty is truth, truth beauty"
const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";

/// A.2.1.1: (sequence number, aad = "Count-<seq>", ct).
const ENCRYPTIONS: [(u64, &str, &str); 6] = [
    (0, "436f756e742d30", "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28"),
    (1, "436f756e742d31", "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c"),
    (2, "436f756e742d32", "71146bd6795ccc9c49ce25dda112a48f202ad220559502cef1f34271e0cb4b02b4f10ecac6f48c32f878fae86b"),
    (4, "436f756e742d34", "63357a2aa291f5a4e5f27db6baa2af8cf77427c7c1a909e0b37214dd47db122bb153495ff0b02e9e54a50dbe16"),
    (
        255,
        "436f756e742d323535",
        "18ab939d63ddec9f6ac2b60d61d36a7375d2070c9b683861110757062c52b8880a5f6b3936da9cd6c23ef2a95c",
    ),
    (
        256,
        "436f756e742d323536",
        "7a4a13e9ef23978e2c520fd4d2e757514ae160cd0cd05e556ef692370ca53076214c0c40d4c728d6ed9e727a5b",
    ),
];

/// A.2.1.2: (exporter_context, L = 32, exported_value).
const EXPORTS: [(&str, &str); 3] = [
    ("", "4bbd6243b8bb54cec311fac9df81841b6fd61f56538a775e7c80a9f40160606e"),
    ("00", "8c1df14732580e5501b00f82b10a1647b40713191b7c1240ac80e2b68808ba69"),
    ("54657374436f6e74657874", "5acb09211139c43b3090489a9da433e8a30ee7188ba8b0a9a1ccf0c229283e53"),
];

/// X25519 clamping, as DeserializePrivateKey does (RFC 9180 §7.1.2, RFC 7748 §5).
fn clamped(mut key: Vec<u8>) -> Vec<u8> {
    key[0] &= 248;
    key[31] &= 127;
    key[31] |= 64;
    key
}

#[test]
fn rfc_9180_a_2_1_key_pairs() {
    assert_eq!(<Kem as hpke::Kem>::KEM_ID, 0x0020);
    let (sk_r, pk_r) = Kem::derive_keypair(&hex(IKM_R));
    assert_eq!(to_hex(&pk_r.to_bytes()), PK_RM);
    assert_eq!(to_hex(&sk_r.to_bytes()), to_hex(&clamped(hex(SK_RM))));
    let (sk_e, pk_e) = Kem::derive_keypair(&hex(IKM_E));
    assert_eq!(to_hex(&pk_e.to_bytes()), PK_EM);
    assert_eq!(to_hex(&sk_e.to_bytes()), to_hex(&clamped(hex(SK_EM))));

    // The same keys through speaksafe's own text forms.
    let private = PrivateKey::from_text(&envelope::encode(&hex(SK_RM))).unwrap();
    assert_eq!(private.public_key().to_text(), envelope::encode(&hex(PK_RM)));
}

#[test]
fn rfc_9180_a_2_1_encapsulation_and_shared_secret() {
    let pk_r = <Kem as hpke::Kem>::PublicKey::from_bytes(&hex(PK_RM)).unwrap();
    let (shared_secret, enc) = Kem::encap_with_rng(&pk_r, None, &mut Given(hex(IKM_E))).unwrap();
    assert_eq!(to_hex(&enc.to_bytes()), ENC);
    assert_eq!(to_hex(&shared_secret.0), SHARED_SECRET);
}

#[test]
fn rfc_9180_a_2_1_encryptions_and_exports() {
    let pk_r = <Kem as hpke::Kem>::PublicKey::from_bytes(&hex(PK_RM)).unwrap();
    let (enc, mut sender) =
        hpke::setup_sender_with_rng::<Aead, Kdf, Kem>(&OpModeS::Base, &pk_r, &hex(INFO), &mut Given(hex(IKM_E)))
            .unwrap();
    assert_eq!(to_hex(&enc.to_bytes()), ENC);

    for (context, value) in EXPORTS {
        let mut out = [0u8; 32];
        sender.export(&hex(context), &mut out).unwrap();
        assert_eq!(to_hex(&out), value, "export of {context:?}");
    }

    // Sealing advances the sequence number; throwaway messages fill the numbers in between.
    let mut sealed = Vec::new();
    for seq in 0..=256u64 {
        let expected = ENCRYPTIONS.iter().find(|(s, ..)| *s == seq);
        let aad = expected.map_or_else(|| format!("Count-{seq}").into_bytes(), |(_, aad, _)| hex(aad));
        let ct = sender.seal(&hex(PT), &aad).unwrap();
        if let Some((_, _, want)) = expected {
            assert_eq!(to_hex(&ct), *want, "ciphertext at sequence number {seq}");
        }
        sealed.push((aad, ct));
    }

    // The receiver, from the RFC's skRm and enc, opens them in turn.
    let sk_r = <Kem as hpke::Kem>::PrivateKey::from_bytes(&hex(SK_RM)).unwrap();
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(&hex(ENC)).unwrap();
    let mut receiver = hpke::setup_receiver::<Aead, Kdf, Kem>(&OpModeR::Base, &sk_r, &enc, &hex(INFO)).unwrap();
    for (seq, (aad, ct)) in sealed.iter().enumerate() {
        assert_eq!(receiver.open(ct, aad).unwrap(), hex(PT), "open at sequence number {seq}");
    }
    for (context, value) in EXPORTS {
        let mut out = [0u8; 32];
        receiver.export(&hex(context), &mut out).unwrap();
        assert_eq!(to_hex(&out), value, "the receiver's export of {context:?}");
    }
}

#[test]
fn rfc_9180_a_2_1_key_and_base_nonce() {
    // The schedule's key and base nonce, used with ChaCha20-Poly1305 directly
    // (nonce = base_nonce XOR big-endian sequence number), give the same ciphertexts.
    use chacha20poly1305::aead::{Aead as _, KeyInit, Payload};
    let cipher = chacha20poly1305::ChaCha20Poly1305::new_from_slice(&hex(KEY)).unwrap();
    for (seq, aad, want) in ENCRYPTIONS {
        let mut nonce = hex(BASE_NONCE);
        for (n, s) in nonce.iter_mut().rev().zip(seq.to_be_bytes().iter().rev()) {
            *n ^= s;
        }
        let nonce = chacha20poly1305::Nonce::try_from(&nonce[..]).unwrap();
        let ct = cipher.encrypt(&nonce, Payload { msg: &hex(PT), aad: &hex(aad) }).unwrap();
        assert_eq!(to_hex(&ct), want, "sequence number {seq}");
    }
}

// ---------------------------------------------------------------------------------------------
// speaksafe's envelope

fn response(survey: &str, answers: Value) -> Response {
    let Value::Object(answers) = answers else { panic!("answers must be an object") };
    Response { survey: survey.into(), version: None, language: "en".into(), answers, other: Map::new(), key: None }
}

fn youth_response() -> Response {
    let mut r = response(
        "youth-voice",
        json!({ "age": 13, "feel_safe": { "school": "quite_safe" }, "apps": ["video", "other"], "police_better": "Talk to us" }),
    );
    r.other.insert("apps".into(), json!("Drawing app"));
    r
}

fn keys(seed: u64) -> (PrivateKey, PublicKey) {
    let private = PrivateKey::generate(&mut TestRng(seed));
    let public = private.public_key().clone();
    (private, public)
}

fn sealed_text(r: &Response, key: &PublicKey, seed: u64) -> String {
    seal(r, key, &mut TestRng(seed)).unwrap().to_text()
}

fn malformed(text: &str) -> String {
    match Envelope::from_text(text) {
        Err(e @ EnvelopeError::MalformedEnvelope(_)) => e.to_string(),
        other => panic!("expected a malformed envelope for {text:?}, got {other:?}"),
    }
}

#[test]
fn seal_and_open_round_trip() {
    let (private, public) = keys(1);
    let r = youth_response();
    let text = sealed_text(&r, &public, 2);
    let envelope = Envelope::from_text(&text).unwrap();
    assert_eq!(envelope.to_text(), text);
    assert_eq!(open(&envelope, &private, "youth-voice").unwrap(), r);

    // Sealing twice gives different envelopes (a fresh ephemeral key each time).
    let again = sealed_text(&r, &public, 3);
    assert_ne!(again, text);
    assert_eq!(open(&Envelope::from_text(&again).unwrap(), &private, "youth-voice").unwrap(), r);
}

#[test]
fn the_record_key_is_sealed_with_the_answers_and_a_bad_one_is_refused() {
    let (private, public) = keys(1);
    let r = Response { key: Some(u32::MAX), ..youth_response() };
    let text = sealed_text(&r, &public, 2);
    assert_eq!(open(&Envelope::from_text(&text).unwrap(), &private, "youth-voice").unwrap().key, Some(u32::MAX));
    // Older responses have none, and still open.
    assert_eq!(Response::from_json(&youth_response().to_json()).unwrap().key, None);
    for bad in ["-1", "4294967296", "1.5", "\"7\""] {
        let json = youth_response().to_json().replacen('{', &format!("{{\"key\":{bad},"), 1);
        let error = Response::from_json(&json).unwrap_err().to_string();
        assert!(error.contains("\"key\"") && error.contains("not a whole number from 0 to 4294967295"), "{error}");
    }
}

#[test]
fn the_envelope_text_is_v1_dot_key_dot_ciphertext() {
    let (_, public) = keys(1);
    let text = sealed_text(&youth_response(), &public, 2);
    let parts: Vec<&str> = text.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "v1");
    assert_eq!(parts[1].len(), 43);
    assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'));
    assert_eq!(text.len(), envelope_text_len(1024));
}

#[test]
fn keys_as_text() {
    let (private, public) = keys(7);
    let (public_text, private_text) = (public.to_text(), private.to_text());
    assert_eq!(public_text.len(), 43);
    assert_eq!(private_text.len(), 43);
    assert_ne!(public_text, private_text);
    assert_eq!(PublicKey::from_text(&public_text).unwrap(), public);
    let read_back = PrivateKey::from_text(&format!("{private_text}\n")).unwrap();
    assert_eq!(read_back.to_text(), private_text);
    assert_eq!(read_back.public_key(), &public);
    // A key read back opens what was sealed to the original.
    let text = sealed_text(&youth_response(), &public, 8);
    assert!(open(&Envelope::from_text(&text).unwrap(), &read_back, "youth-voice").is_ok());
    // Debug never shows the private key.
    assert!(!format!("{private:?}").contains(&private_text));
}

#[test]
fn malformed_keys_are_named() {
    let (_, public) = keys(1);
    let good = public.to_text();
    let error = |text: &str| PublicKey::from_text(text).unwrap_err().to_string();
    assert_eq!(error(""), "public key: it is empty; a key is 43 characters of base64url");
    assert_eq!(error("   "), "public key: it is empty; a key is 43 characters of base64url");
    assert_eq!(error(&format!("{good}=")), "public key: it ends with '='; write the 43 characters without padding");
    assert_eq!(error(&good[..40]), "public key: it has 40 characters; a key is 43 characters of base64url");
    assert_eq!(error(&format!("{good}AAAA")), "public key: it has 47 characters; a key is 43 characters of base64url");
    let plus = format!("{}+{}", &good[..10], &good[11..]);
    assert_eq!(
        error(&plus),
        "public key: it has '+' at character 11, which is not base64url (A-Z, a-z, 0-9, '-', '_')"
    );
    // 43 characters whose last one carries bits base64url never writes.
    let mut bits = good.clone().into_bytes();
    bits[42] = if bits[42] == b'B' { b'C' } else { b'B' };
    assert!(error(std::str::from_utf8(&bits).unwrap())
        .contains("base64url does not write there (the text was cut short or changed)"));
    // All zeros is a point of small order: it could never seal.
    assert_eq!(
        error(&"A".repeat(43)),
        "public key: it is not a usable X25519 public key (it is a point of small order)"
    );
    let private = PrivateKey::from_text("not a key").unwrap_err().to_string();
    assert_eq!(private, "private key: it has ' ' at character 4, which is not base64url (A-Z, a-z, 0-9, '-', '_')");
    let private = PrivateKey::from_text("notakey").unwrap_err().to_string();
    assert_eq!(private, "private key: it has 7 characters; a key is 43 characters of base64url");
    let long = PrivateKey::from_text(&"x".repeat(100_000)).unwrap_err().to_string();
    assert_eq!(long, "private key: it has 100000 characters; a key is 43 characters of base64url");
}

#[test]
fn info_binds_the_survey_and_the_format() {
    assert_eq!(info("youth-voice"), b"speaksafe/1 survey=youth-voice");
}

#[test]
fn padding_buckets() {
    assert_eq!(BUCKETS, [1024, 2048, 4096, 8192, 16384, 32768]);
    assert_eq!(bucket_for(0), Some(1024));
    assert_eq!(bucket_for(1024), Some(1024));
    assert_eq!(bucket_for(1025), Some(2048));
    assert_eq!(bucket_for(32768), Some(32768));
    assert_eq!(bucket_for(32769), None);

    let (private, public) = keys(1);
    let with_text = |n: usize| response("s", json!({ "t": "x".repeat(n) }));
    let short = with_text(1);
    let long = with_text(900);
    assert!(long.to_json().len() - short.to_json().len() == 899);
    let (a, b) = (sealed_text(&short, &public, 1), sealed_text(&long, &public, 2));
    assert_eq!(a.len(), b.len(), "two responses in the 1 KiB bucket make envelopes of one length");
    assert_eq!(a.len(), envelope_text_len(1024));

    // Exactly at a bucket's edge, and one byte over.
    let base = with_text(0).to_json().len();
    for (size, bucket) in [(1024, 1024), (1025, 2048), (2048, 2048), (5000, 8192), (32768, 32768)] {
        let r = with_text(size - base);
        assert_eq!(r.to_json().len(), size);
        let envelope = seal(&r, &public, &mut TestRng(size as u64)).unwrap();
        assert_eq!(envelope.bucket(), bucket, "a response of {size} bytes");
        assert_eq!(envelope.to_text().len(), envelope_text_len(bucket));
        assert_eq!(open(&Envelope::from_text(&envelope.to_text()).unwrap(), &private, "s").unwrap(), r);
    }
    assert_eq!(envelope_text_len(32768), MAX_ENVELOPE_TEXT);
}

#[test]
fn a_response_too_large_for_the_biggest_bucket_says_so() {
    let (_, public) = keys(1);
    let r = response("s", json!({ "t": "x".repeat(MAX_RESPONSE) }));
    let size = r.to_json().len();
    let error = seal(&r, &public, &mut TestRng(1)).unwrap_err();
    assert_eq!(error, EnvelopeError::TooLarge { size });
    assert_eq!(
        error.to_string(),
        format!("the response is {size} bytes of JSON; the most one envelope holds is 32768 bytes")
    );
}

const DOES_NOT_OPEN: &str =
    "the envelope does not open with this key: it was sealed to another key, for another survey, or changed";

#[test]
fn the_wrong_key_does_not_open_it() {
    let (_, public) = keys(1);
    let (other, _) = keys(2);
    let envelope = Envelope::from_text(&sealed_text(&youth_response(), &public, 3)).unwrap();
    let error = open(&envelope, &other, "youth-voice").unwrap_err();
    assert_eq!(error, EnvelopeError::DoesNotOpen);
    assert_eq!(error.to_string(), DOES_NOT_OPEN);
}

#[test]
fn an_envelope_for_one_survey_does_not_open_as_another() {
    let (private, public) = keys(1);
    let envelope = Envelope::from_text(&sealed_text(&youth_response(), &public, 3)).unwrap();
    assert_eq!(open(&envelope, &private, "survivor-consultation"), Err(EnvelopeError::DoesNotOpen));
    assert_eq!(open(&envelope, &private, "youth-voic"), Err(EnvelopeError::DoesNotOpen));
    assert!(open(&envelope, &private, "youth-voice").is_ok());
}

/// The text with the character at `at` replaced by another base64url character.
fn changed_at(text: &str, at: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_changed_envelope_does_not_open() {
    let (private, public) = keys(1);
    let text = sealed_text(&youth_response(), &public, 3);
    // A character of the ciphertext, of its tag (the end), and of the encapsulated key.
    for at in [60, 500, text.len() - 3, 10] {
        let changed = changed_at(&text, at);
        let envelope = Envelope::from_text(&changed).unwrap();
        assert_eq!(open(&envelope, &private, "youth-voice"), Err(EnvelopeError::DoesNotOpen), "changed at {at}");
    }
    // An envelope put together from two envelopes' parts.
    let other = sealed_text(&youth_response(), &public, 4);
    let mixed = format!("{}.{}", &text[..text.rfind('.').unwrap()], &other[other.rfind('.').unwrap() + 1..]);
    assert_eq!(open(&Envelope::from_text(&mixed).unwrap(), &private, "youth-voice"), Err(EnvelopeError::DoesNotOpen));
}

#[test]
fn a_cut_envelope_is_malformed() {
    let (_, public) = keys(1);
    let text = sealed_text(&youth_response(), &public, 3);
    // 1040 bytes are 1387 characters: one cut leaves a length base64url writes, but not its
    // last character; two cuts leave a length it never writes.
    assert_eq!(text.len(), 47 + 1387);
    assert_eq!(
        malformed(&text[..text.len() - 1]),
        "envelope: the ciphertext (part 3) ends in a character that base64url does not write there (the text was cut short or changed)"
    );
    assert_eq!(
        malformed(&text[..text.len() - 2]),
        "envelope: the ciphertext (part 3) has 1385 characters, a length base64url never has (it is cut short or has a character too many)"
    );
    assert_eq!(
        malformed(&text[..text.len() - 4]),
        "envelope: the ciphertext (part 3) is 1037 bytes; a v1 envelope's is one of 1040, 2064, 4112, 8208, 16400, 32784 bytes"
    );
    assert_eq!(malformed(&text[..51]), "envelope: the ciphertext (part 3) is 3 bytes; a v1 envelope's is one of 1040, 2064, 4112, 8208, 16400, 32784 bytes");
    assert_eq!(malformed(&text[..46]), "envelope: expected 3 parts separated by '.', found 2");
    assert_eq!(malformed(&text[..20]), "envelope: expected 3 parts separated by '.', found 2");
    assert_eq!(
        malformed(&format!("v1.{}.{}", &text[3..40], &text[47..])),
        "envelope: the encapsulated key (part 2, from character 4) has 37 characters; it should have 43"
    );
}

#[test]
fn garbage_is_malformed_with_what_and_where() {
    let (_, public) = keys(1);
    let text = sealed_text(&youth_response(), &public, 3);
    assert_eq!(malformed(""), "envelope: expected 3 parts separated by '.', found 1");
    assert_eq!(malformed("hello"), "envelope: expected 3 parts separated by '.', found 1");
    assert_eq!(malformed("a.b.c.d"), "envelope: expected 3 parts separated by '.', found 4");
    assert_eq!(malformed(&format!("{text}.")), "envelope: expected 3 parts separated by '.', found 4");
    assert_eq!(malformed("v2.abc.def"), "envelope: it starts with \"v2\"; this speaksafe opens \"v1\" envelopes");
    assert_eq!(malformed("V1.abc.def"), "envelope: it starts with \"V1\"; this speaksafe opens \"v1\" envelopes");
    assert_eq!(
        malformed("<script>\n.a.b"),
        "envelope: it starts with \"<script>\\n\"; this speaksafe opens \"v1\" envelopes"
    );
    assert_eq!(
        malformed("v1..abc"),
        "envelope: the encapsulated key (part 2, from character 4) has 0 characters; it should have 43"
    );
    // A character that is not base64url, and where it is in the whole text.
    let plus = format!("{}+{}", &text[..100], &text[101..]);
    assert_eq!(
        malformed(&plus),
        "envelope: the ciphertext (part 3) has '+' at character 101, which is not base64url (A-Z, a-z, 0-9, '-', '_')"
    );
    let space = format!("{} {}", &text[..10], &text[11..]);
    assert_eq!(
        malformed(&space),
        "envelope: the encapsulated key (part 2) has ' ' at character 11, which is not base64url (A-Z, a-z, 0-9, '-', '_')"
    );
    let newline = format!("{text}\n");
    assert!(malformed(&newline).contains("has a line break at character"));
    let padded = format!("{text}==");
    assert!(malformed(&padded).contains("'=' (padding, which speaksafe does not write)"));
    let too_long = "v1.".to_string() + &"A".repeat(MAX_ENVELOPE_TEXT);
    assert_eq!(
        malformed(&too_long),
        format!("envelope: it is {} bytes long; the longest envelope is 43759 bytes", MAX_ENVELOPE_TEXT + 3)
    );
}

#[test]
fn what_is_inside_must_be_this_surveys_response() {
    let (private, public) = keys(1);
    let pk = <Kem as hpke::Kem>::PublicKey::from_bytes(&envelope_bytes(&public.to_text())).unwrap();
    let seal_raw = |plaintext: &[u8], survey: &str| {
        let (enc, ct) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
            &OpModeS::Base,
            &pk,
            &info(survey),
            plaintext,
            &[],
            &mut TestRng(5),
        )
        .unwrap();
        Envelope::from_text(&format!("v1.{}.{}", envelope::encode(&enc.to_bytes()), envelope::encode(&ct))).unwrap()
    };
    let mut not_json = b"hello".to_vec();
    not_json.resize(1024, b' ');
    let error = open(&seal_raw(&not_json, "s"), &private, "s").unwrap_err();
    assert!(matches!(error, EnvelopeError::BadPlaintext(_)));
    assert!(
        error
            .to_string()
            .starts_with("the envelope opened, but what is inside is not a response: not a response document"),
        "{error}"
    );

    let mut not_utf8 = vec![b'{', 0xff];
    not_utf8.resize(1024, b' ');
    assert_eq!(
        open(&seal_raw(&not_utf8, "s"), &private, "s").unwrap_err().to_string(),
        "the envelope opened, but what is inside is not UTF-8 text (at byte 1)"
    );

    // A response for survey "a" sealed under survey "b"'s info.
    let mut other = response("a", json!({})).to_json().into_bytes();
    other.resize(1024, b' ');
    assert_eq!(
        open(&seal_raw(&other, "b"), &private, "b").unwrap_err().to_string(),
        "the envelope opened, but the response inside says it is for survey \"a\", not \"b\""
    );
}

fn envelope_bytes(key_text: &str) -> Vec<u8> {
    // The public key's bytes, through an envelope-independent route: the key text is base64url.
    let mut out = Vec::new();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut count) = (0u32, 0);
    for c in key_text.bytes() {
        bits = bits << 6 | alphabet.iter().position(|&a| a == c).unwrap() as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

#[cfg(feature = "getrandom")]
#[test]
fn system_random_seals_and_makes_keys() {
    let private = PrivateKey::generate_with_system_random().unwrap();
    let other = PrivateKey::generate_with_system_random().unwrap();
    assert_ne!(private.to_text(), other.to_text());
    let r = youth_response();
    let a = envelope::seal_with_system_random(&r, private.public_key()).unwrap();
    let b = envelope::seal_with_system_random(&r, private.public_key()).unwrap();
    assert_ne!(a, b);
    assert_eq!(open(&a, &private, "youth-voice").unwrap(), r);
}

// ---------------------------------------------------------------------------------------------
// Never a panic

fn base64url_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9_=+/.-]{{0,{max}}}")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reading_any_text_never_panics(text in any::<String>()) {
        let _ = Envelope::from_text(&text);
        let _ = PublicKey::from_text(&text);
        let _ = PrivateKey::from_text(&text);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reading_envelope_like_text_never_panics(key in base64url_text(50), sealed in base64url_text(1500), version in "v[0-9]?") {
        let text = format!("{version}.{key}.{sealed}");
        if let Ok(envelope) = Envelope::from_text(&text) {
            prop_assert_eq!(envelope.to_text(), text);
        }
    }

}

/// One key and one envelope sealed to it, made once for the properties below.
fn one_sealed() -> &'static (PrivateKey, String) {
    static ONE: std::sync::OnceLock<(PrivateKey, String)> = std::sync::OnceLock::new();
    ONE.get_or_init(|| {
        let (private, public) = keys(11);
        let text = sealed_text(&youth_response(), &public, 12);
        (private, text)
    })
}

proptest! {
    // Each case opens an envelope (X25519 and ChaCha20-Poly1305, slow in a debug build).
    #![proptest_config(ProptestConfig { cases: 100, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn opening_any_well_formed_envelope_never_panics(
        enc in proptest::collection::vec(any::<u8>(), 32),
        bucket in 0..2usize,
        seed in any::<u64>(),
        survey in "[a-z-]{0,12}",
    ) {
        let mut ciphertext = vec![0u8; BUCKETS[bucket] + 16];
        TestRng(seed).try_fill_bytes(&mut ciphertext).unwrap();
        let text = format!("v1.{}.{}", envelope::encode(&enc), envelope::encode(&ciphertext));
        let envelope = Envelope::from_text(&text).unwrap();
        let (private, _) = one_sealed();
        prop_assert_eq!(open(&envelope, private, &survey), Err(EnvelopeError::DoesNotOpen));
    }

    #[test]
    fn changing_any_character_never_opens_and_never_panics(at in 3usize..envelope_text_len(1024), c in "[A-Za-z0-9_-]") {
        let (private, text) = one_sealed();
        let mut changed = text.clone().into_bytes();
        if changed[at] != b'.' && changed[at] != c.as_bytes()[0] {
            changed[at] = c.as_bytes()[0];
            let changed = String::from_utf8(changed).unwrap();
            if let Ok(envelope) = Envelope::from_text(&changed) {
                prop_assert_eq!(open(&envelope, private, "youth-voice"), Err(EnvelopeError::DoesNotOpen));
            }
        }
    }
}

#[test]
fn sealing_with_given_bytes_takes_them_and_refuses_too_few() {
    let (private, public) = keys(1);
    let r = youth_response();
    let padded = envelope::pad(&r).unwrap();
    let random = [9u8; 32];
    let sealed = envelope::seal_padded_with_bytes("youth-voice", &padded, &public, &random).unwrap();
    assert_eq!(open(&sealed, &private, "youth-voice").unwrap(), r);
    // The same bytes seal the same way: they are the ephemeral key's input.
    assert_eq!(envelope::seal_padded_with_bytes("youth-voice", &padded, &public, &random).unwrap(), sealed);
    // Too few bytes: an error, not an envelope sealed with zeros.
    match envelope::seal_padded_with_bytes("youth-voice", &padded, &public, &random[..31]) {
        Err(EnvelopeError::NoRandomness(reason)) => {
            assert!(reason.contains("more than the 31 random bytes given"), "{reason}")
        }
        other => panic!("expected too few random bytes, got {other:?}"),
    }
    // Not padded: refused.
    assert_eq!(
        envelope::seal_padded_with_bytes("youth-voice", b"{}", &public, &random),
        Err(EnvelopeError::NotPadded { size: 2 })
    );
}
