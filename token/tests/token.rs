//! The token module against the collector's own key: what it makes, the collector signs blind
//! and takes at Submit; what it is given wrong, it refuses with a reason.

use speaksafe_collector::access::{Token, TokenKey};
use speaksafe_token::blinded;

#[test]
fn a_token_made_here_is_one_the_collector_takes_and_two_are_unrelated() {
    let key = TokenKey::generate().unwrap();
    let first = blinded(&[1; 32], &key.public_text).unwrap();
    let signed = key.sign(&key.blinded(&first.blinded).unwrap()).unwrap();
    let token = first.finish(&signed).unwrap();
    assert!(key.verify(&Token::from_text(&token).unwrap()));
    // The blinded message the collector saw is not in the token it is later given.
    assert!(!token.contains(&first.blinded) && !token.contains(&signed));

    let second = blinded(&[2; 32], &key.public_text).unwrap();
    assert_ne!(second.blinded, first.blinded, "another seed, another message");
    let other = second.finish(&key.sign(&key.blinded(&second.blinded).unwrap()).unwrap()).unwrap();
    assert_ne!(Token::from_text(&other).unwrap().hash(), Token::from_text(&token).unwrap().hash());
}

#[test]
fn a_signature_from_another_key_or_a_broken_one_is_refused() {
    let key = TokenKey::generate().unwrap();
    let other = TokenKey::generate().unwrap();
    let made = blinded(&[3; 32], &key.public_text).unwrap();
    // Signed by another survey's key: not a token of this one. (The other key signs a message
    // blinded to it: this one's blinded message may be beyond the other's modulus.)
    let theirs = blinded(&[3; 32], &other.public_text).unwrap();
    let wrong = other.sign(&other.blinded(&theirs.blinded).unwrap()).unwrap();
    assert!(made.finish(&wrong).unwrap_err().contains("does not check"), "{:?}", made.finish(&wrong));
    assert!(made.finish("not base64url!").unwrap_err().contains("not base64url"));
    let refused = |random: &[u8], key: &str| blinded(random, key).err().unwrap_or_default();
    assert!(refused(&[0; 8], &key.public_text).contains("32 random bytes"));
    assert!(refused(&[0; 32], "AAAA").contains("token key does not read"));
}

#[test]
fn a_blinded_message_beyond_the_key_is_refused_before_anything_is_signed() {
    use ct_codecs::Encoder as _;
    let key = TokenKey::generate().unwrap();
    let largest = ct_codecs::Base64UrlSafeNoPadding::encode_to_string([0xff; 256]).unwrap();
    assert!(key.blinded(&largest).unwrap_err().contains("not a message for this survey's token key"));
    // Every message the widget blinds to the key is below it, whatever the seed.
    for seed in 0..64u8 {
        let made = blinded(&[seed; 32], &key.public_text).unwrap();
        assert!(key.blinded(&made.blinded).is_ok(), "seed {seed}");
    }
}
