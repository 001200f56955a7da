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
    // Signed by another survey's key: not a token of this one.
    let wrong = other.sign(&other.blinded(&made.blinded).unwrap()).unwrap();
    assert!(made.finish(&wrong).unwrap_err().contains("does not check"), "{:?}", made.finish(&wrong));
    assert!(made.finish("not base64url!").unwrap_err().contains("not base64url"));
    let refused = |random: &[u8], key: &str| blinded(random, key).err().unwrap_or_default();
    assert!(refused(&[0; 8], &key.public_text).contains("32 random bytes"));
    assert!(refused(&[0; 32], "AAAA").contains("token key does not read"));
}
