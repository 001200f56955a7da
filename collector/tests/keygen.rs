//! `speaksafe keygen`: the key pair's files, their modes, and never overwriting a key by accident.

mod sealed;

use sealed::{scratch, speaksafe};
use speaksafe_core::envelope::{open, seal_with_system_random, PrivateKey, PublicKey};
use std::path::Path;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn writes_a_private_key_only_its_owner_reads_and_a_public_key() {
    let dir = scratch("keygen");
    let (code, out, err) = speaksafe(&dir, &["keygen", "--out", "city"]);
    assert_eq!(code, 0, "{err}");
    let (private_text, public_text) = (read(&dir.join("city.key")), read(&dir.join("city.pub")));
    assert_eq!(private_text.len(), 44, "43 characters and a newline");
    assert_eq!(public_text.len(), 44);
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir.join("city.key")), 0o600);
        assert_eq!(mode(&dir.join("city.pub")) & 0o600, 0o600, "the public key is an ordinary file");
    }
    // The two go together: what is sealed to the public key opens with the private one.
    let private = PrivateKey::from_text(&private_text).unwrap();
    let public = PublicKey::from_text(&public_text).unwrap();
    assert_eq!(private.public_key(), &public);
    let response = speaksafe_core::Response {
        survey: "s".into(),
        version: None,
        language: "en".into(),
        answers: Default::default(),
        other: Default::default(),
        key: None,
    };
    assert_eq!(open(&seal_with_system_random(&response, &public).unwrap(), &private, "s").unwrap(), response);
    // It says what each file is for, and shows the public key to paste.
    assert!(out.contains("Wrote city.key — the PRIVATE key"), "{out}");
    assert!(out.contains("Keep it secret"), "{out}");
    assert!(out.contains(&format!("\"public_key\": \"{}\"", public_text.trim())), "{out}");
    assert!(out.contains("speaksafe serve --public-key city.pub"), "{out}");
    assert!(!out.contains(private_text.trim()), "the private key is never printed");
}

#[test]
fn never_overwrites_without_force() {
    let dir = scratch("keygen-again");
    assert_eq!(speaksafe(&dir, &["keygen", "--out", "org"]).0, 0);
    let before = (read(&dir.join("org.key")), read(&dir.join("org.pub")));
    let (code, out, err) = speaksafe(&dir, &["keygen", "--out", "org"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(
        err.trim(),
        "speaksafe keygen: org.key already exists. A new key pair does not open responses sealed to the old one; \
         to replace it anyway, keep a copy of the old NAME.key and add --force"
    );
    assert_eq!((read(&dir.join("org.key")), read(&dir.join("org.pub"))), before, "both files unchanged");

    // Only the public key there: still refused, and no private key is left behind.
    std::fs::remove_file(dir.join("org.key")).unwrap();
    let (code, _, err) = speaksafe(&dir, &["keygen", "--out", "org"]);
    assert_eq!(code, 1);
    assert!(err.contains("org.pub already exists"), "{err}");
    assert!(!dir.join("org.key").exists());
}

#[test]
fn force_replaces_both_and_the_new_private_key_is_private() {
    let dir = scratch("keygen-force");
    assert_eq!(speaksafe(&dir, &["keygen", "--out", "org"]).0, 0);
    let old = read(&dir.join("org.key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("org.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let (code, _, err) = speaksafe(&dir, &["keygen", "--out", "org", "--force"]);
    assert_eq!(code, 0, "{err}");
    let new = read(&dir.join("org.key"));
    assert_ne!(new, old);
    assert_eq!(PrivateKey::from_text(&new).unwrap().public_key().to_text(), read(&dir.join("org.pub")).trim());
    #[cfg(unix)]
    assert_eq!(mode(&dir.join("org.key")), 0o600, "a replaced key does not keep the old file's mode");
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
}

#[test]
fn name_with_an_extension_and_a_missing_folder() {
    let dir = scratch("keygen-names");
    let (code, _, err) = speaksafe(&dir, &["keygen", "--out", "org.key"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("org.key").exists() && dir.join("org.pub").exists());
    let (code, out, err) = speaksafe(&dir, &["keygen", "--out", "no/such/folder/org"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("speaksafe keygen: no/such/folder/org.key: cannot write:"), "{err}");
    let (code, _, err) = speaksafe(&dir, &["keygen"]);
    assert_eq!(code, 2, "a usage error: {err}");
}
