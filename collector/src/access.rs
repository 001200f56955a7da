//! Access codes and the tokens they are exchanged for (RSA blind signatures, RFC 9474,
//! RSABSSA-SHA384-PSS-Randomized, by the `blind-rsa-signatures` crate, which the widget's token
//! module uses too).
//!
//! - A **code** (`speaksafe_core::code`) is kept as [`code_hash`] only, with a spent flag and its
//!   batch's name; no time.
//! - The browser makes a random message, blinds it, and sends the blinded message with the code;
//!   the collector spends the code and signs the blinded message with the survey's token key
//!   ([`TokenKey::sign`]) without seeing the message.
//! - At Submit the browser sends the message, its randomiser and the unblinded signature with
//!   the envelope (the **token**, [`Token`]); the collector checks the signature and keeps
//!   [`Token::hash`] as spent, in the same transaction as the response. The message was never
//!   seen at redemption, so nothing the collector holds ties a token to the code it came from.

use crate::store::Records;
use base64::Engine as _;
use blind_rsa_signatures::{
    BlindSignature, DefaultRng, KeyPairSha384PSSRandomized, MessageRandomizer, PublicKeySha384PSSRandomized,
    SecretKeySha384PSSRandomized, Signature,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The token key's size: 2048 bits, as Privacy Pass's publicly verifiable tokens (RFC 9578).
pub const KEY_BITS: usize = 2048;
/// Bytes of a signature (and of a blinded message) with a [`KEY_BITS`] key.
pub const SIGNATURE_BYTES: usize = KEY_BITS / 8;
/// Bytes of the random message a browser makes.
pub const MESSAGE_BYTES: usize = 32;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How a code is kept: the SHA-256, in hex, of the survey id and the code in its written form
/// (`speaksafe_core::code::read`), so that the same code for two surveys is two codes.
pub fn code_hash(survey: &str, code: &str) -> String {
    hex(&Sha256::digest(format!("speaksafe code\n{survey}\n{code}").as_bytes()))
}

/// A new random code.
pub fn new_code() -> Result<String, String> {
    let mut random = [0u8; speaksafe_core::code::LENGTH - 1];
    getrandom::fill(&mut random).map_err(|e| format!("no random numbers: {e}"))?;
    Ok(speaksafe_core::code::from_random(&random))
}

/// A survey's token key: the collector's secret half, and the public half browsers blind to.
pub struct TokenKey {
    secret: SecretKeySha384PSSRandomized,
    public: PublicKeySha384PSSRandomized,
    /// The public half as browsers fetch it: DER, base64url.
    pub public_text: String,
}

impl TokenKey {
    /// A new key (about a second of work).
    pub fn generate() -> Result<TokenKey, String> {
        let pair = KeyPairSha384PSSRandomized::generate(&mut DefaultRng, KEY_BITS)
            .map_err(|e| format!("cannot make a token key: {e}"))?;
        let public_text = b64().encode(pair.pk.to_der().map_err(|e| e.to_string())?);
        Ok(TokenKey { secret: pair.sk, public: pair.pk, public_text })
    }

    /// The secret half as the store keeps it (DER, base64url).
    pub fn secret_text(&self) -> Result<String, String> {
        Ok(b64().encode(self.secret.to_der().map_err(|e| e.to_string())?))
    }

    /// The key the store kept ([`secret_text`](Self::secret_text)).
    pub fn from_secret_text(text: &str) -> Result<TokenKey, String> {
        let der = b64().decode(text).map_err(|e| format!("the stored token key is not base64url: {e}"))?;
        let secret = SecretKeySha384PSSRandomized::from_der(&der)
            .map_err(|e| format!("the stored token key is not an RSA key: {e}"))?;
        let public = secret.public_key().map_err(|e| e.to_string())?;
        let public_text = b64().encode(public.to_der().map_err(|e| e.to_string())?);
        Ok(TokenKey { secret, public, public_text })
    }

    /// Whether a blinded message (base64url) is one this key can sign: checked before a code is
    /// spent, so that a broken request never uses a code up.
    pub fn blinded(&self, text: &str) -> Result<Vec<u8>, String> {
        let bytes = b64().decode(text.trim()).map_err(|_| "\"blinded\" is not base64url".to_string())?;
        if bytes.len() != SIGNATURE_BYTES {
            return Err(format!("\"blinded\" must be {SIGNATURE_BYTES} bytes, not {}", bytes.len()));
        }
        // A number at or above the modulus is not a message this key can sign; found here, it
        // is refused before the code is spent rather than after.
        if bytes.as_slice() >= self.modulus().as_slice() {
            return Err("\"blinded\" is not a message for this survey's token key".to_string());
        }
        Ok(bytes)
    }

    /// The modulus, big-endian, in exactly [`SIGNATURE_BYTES`] bytes: two byte strings of one
    /// length compare as the numbers they write.
    fn modulus(&self) -> Vec<u8> {
        let n = self.public.components().n();
        let start = n.len().saturating_sub(SIGNATURE_BYTES);
        let mut padded = vec![0; SIGNATURE_BYTES.saturating_sub(n.len())];
        padded.extend_from_slice(&n[start..]);
        padded
    }

    /// Signs a blinded message: the blind signature, base64url.
    pub fn sign(&self, blinded: &[u8]) -> Result<String, String> {
        let signature: BlindSignature =
            self.secret.blind_sign(blinded).map_err(|e| format!("\"blinded\" cannot be signed: {e}"))?;
        Ok(b64().encode(signature.0))
    }

    /// Whether a token carries this key's signature.
    pub fn verify(&self, token: &Token) -> bool {
        self.public
            .verify(&Signature(token.signature.clone()), Some(MessageRandomizer(token.randomizer)), token.message)
            .is_ok()
    }
}

/// The token keys read so far, by survey: a key never changes once made.
#[derive(Default)]
pub struct Keys(RwLock<HashMap<String, Arc<TokenKey>>>);

impl Keys {
    /// The survey's token key, read from the records the first time; `None` if it has none
    /// (no codes were issued for it).
    pub fn get(&self, records: &Records, survey: &str) -> Option<Arc<TokenKey>> {
        if let Some(key) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(survey) {
            return Some(key.clone());
        }
        let text = records.token_key(survey).ok().flatten()?;
        let key = Arc::new(TokenKey::from_secret_text(&text).ok()?);
        self.0.write().unwrap_or_else(|e| e.into_inner()).insert(survey.to_string(), key.clone());
        Some(key)
    }
}

/// A token as a browser sends it at Submit: the randomiser (32 bytes), the message (32 bytes)
/// and the signature, one after the other, in base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    randomizer: [u8; 32],
    message: [u8; MESSAGE_BYTES],
    signature: Vec<u8>,
}

impl Token {
    pub fn from_text(text: &str) -> Result<Token, String> {
        let bytes = b64().decode(text).map_err(|_| "\"token\" is not base64url".to_string())?;
        if bytes.len() != 32 + MESSAGE_BYTES + SIGNATURE_BYTES {
            return Err(format!(
                "\"token\" must be {} bytes, not {}",
                32 + MESSAGE_BYTES + SIGNATURE_BYTES,
                bytes.len()
            ));
        }
        let (randomizer, rest) = bytes.split_at(32);
        let (message, signature) = rest.split_at(MESSAGE_BYTES);
        Ok(Token {
            randomizer: randomizer.try_into().expect("32 bytes"),
            message: message.try_into().expect("32 bytes"),
            signature: signature.to_vec(),
        })
    }

    /// How a spent token is kept: the SHA-256, in hex, of what was signed (randomiser and
    /// message). The signature is left out: it is fixed by them, and a second valid signature of
    /// the same message must not make a second token.
    pub fn hash(&self) -> String {
        let mut digest = Sha256::new();
        digest.update(self.randomizer);
        digest.update(self.message);
        hex(&digest.finalize())
    }
}

/// What a browser does with the public key and a blind signature: blinds a random message,
/// and makes the token once the collector has signed. In Rust for the collector's tests and the
/// benchmarks; the widget's token module does the same with the same crate.
pub mod client {
    use super::*;
    use blind_rsa_signatures::BlindingResult;

    /// A blinded message and what is needed to finish the token.
    pub struct Blinded {
        pub blinded: String,
        result: BlindingResult,
        message: [u8; MESSAGE_BYTES],
        key: PublicKeySha384PSSRandomized,
    }

    /// Makes a random message and blinds it to the public key (base64url DER).
    pub fn blind(public_text: &str) -> Result<Blinded, String> {
        let der = b64().decode(public_text).map_err(|e| e.to_string())?;
        let key = PublicKeySha384PSSRandomized::from_der(&der).map_err(|e| e.to_string())?;
        let mut message = [0u8; MESSAGE_BYTES];
        getrandom::fill(&mut message).map_err(|e| e.to_string())?;
        let result = key.blind(&mut DefaultRng, message).map_err(|e| e.to_string())?;
        Ok(Blinded { blinded: b64().encode(&result.blind_message.0), result, message, key })
    }

    impl Blinded {
        /// The token, from the collector's blind signature (base64url): checked against the key.
        pub fn finish(&self, blind_signature: &str) -> Result<String, String> {
            let signature = b64().decode(blind_signature).map_err(|e| e.to_string())?;
            let signature =
                self.key.finalize(&BlindSignature(signature), &self.result, self.message).map_err(|e| e.to_string())?;
            let randomizer = self.result.msg_randomizer.ok_or("no randomiser")?;
            Ok(b64().encode([&randomizer.0[..], &self.message, &signature.0].concat()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blind_token_verifies_and_an_altered_one_does_not() {
        let key = TokenKey::generate().unwrap();
        let again = TokenKey::from_secret_text(&key.secret_text().unwrap()).unwrap();
        assert_eq!(again.public_text, key.public_text);
        let blinded = client::blind(&key.public_text).unwrap();
        let signed = again.sign(&key.blinded(&blinded.blinded).unwrap()).unwrap();
        let token = Token::from_text(&blinded.finish(&signed).unwrap()).unwrap();
        assert!(key.verify(&token));
        let mut altered = token.clone();
        altered.message[0] ^= 1;
        assert!(!key.verify(&altered));
        assert_ne!(altered.hash(), token.hash());
        let other = TokenKey::generate().unwrap();
        assert!(!other.verify(&token), "a token of another survey's key");
    }
}
