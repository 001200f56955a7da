//! `speaksafe release keygen --out NAME` and `speaksafe release sign --key NAME.key`: the key
//! that signs releases, and the signature of a build's manifest.json (written by scripts/build:
//! every served file's SHA-384, the commit, the tools).
//!
//! - `NAME.key`: the private signing key, `speaksafe-release-key:` and 43 characters of
//!   base64url (an Ed25519 seed), readable by its owner only (mode 0600). Keep it off the
//!   collector: whoever holds it can vouch for any code.
//! - `NAME.pub`: the public key, `speaksafe-release-pub:` and 43 characters. Publish it where
//!   people who check a deployment will find it independently of that deployment (the project's
//!   site, its repository's README, a transparency log).
//! - `sign` writes `manifest.json.sig` beside the manifest: `speaksafe-release-sig:` and the
//!   86-character signature of the manifest's exact bytes. The collector serves both at
//!   `/.well-known/speaksafe/` (docs/deploy.md).
//!
//! Ed25519 (RFC 8032) through `ed25519-dalek`: the keys are small enough to paste, and WEBCAT's
//! signers use the same scheme.
//!
//! Exit status: 0 done, 1 nothing written (a file exists, a key that does not read), 2 usage.

use super::keygen::write_new;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const KEY_LABEL: &str = "speaksafe-release-key:";
const PUB_LABEL: &str = "speaksafe-release-pub:";
const SIG_LABEL: &str = "speaksafe-release-sig:";

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make the release signing key pair: NAME.key (private) and NAME.pub (public).
    Keygen(KeygenArgs),
    /// Sign a build's manifest.json with NAME.key: writes manifest.json.sig beside it.
    Sign(SignArgs),
}

#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Where to write the key pair: NAME.key and NAME.pub.
    #[arg(long, value_name = "NAME")]
    pub out: PathBuf,
    /// Replace NAME.key and NAME.pub if they exist (releases signed with the old key then no
    /// longer check against the new NAME.pub).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The private key, from `speaksafe release keygen`.
    #[arg(long, value_name = "NAME.key")]
    pub key: PathBuf,
    /// The manifest to sign (scripts/build writes dist/manifest.json).
    #[arg(long, value_name = "FILE", default_value = "dist/manifest.json")]
    pub manifest: PathBuf,
}

pub fn run(command: &Command) -> ExitCode {
    let done = match command {
        Command::Keygen(args) => keygen(&args.out, args.force),
        Command::Sign(args) => sign(&args.key, &args.manifest),
    };
    match done {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("speaksafe release: {message}");
            ExitCode::FAILURE
        }
    }
}

fn keygen(out: &Path, force: bool) -> Result<String, String> {
    let (private, public) = super::keygen::paths(out);
    if !force {
        if let Some(there) = [&private, &public].into_iter().find(|p| p.symlink_metadata().is_ok()) {
            return Err(format!("{} already exists; add --force to replace it", there.display()));
        }
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no random numbers from the system: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    let public_text = public_key_text(&key.verifying_key());
    write_new(&private, &format!("{KEY_LABEL}{}\n", URL_SAFE_NO_PAD.encode(key.to_bytes())), 0o600, force)?;
    if let Err(e) = write_new(&public, &format!("{public_text}\n"), 0o644, force) {
        let _ = std::fs::remove_file(&private);
        return Err(e);
    }
    Ok(format!(
        "Wrote {} — the PRIVATE release key (readable by you only). Keep it off every server.\n\
         Wrote {} — the public key, {public_text}\n\
         \x20 Publish it where people checking a deployment find it without asking that deployment.",
        private.display(),
        public.display()
    ))
}

fn sign(key: &Path, manifest: &Path) -> Result<String, String> {
    let key = read_signing_key(key)?;
    let bytes = std::fs::read(manifest).map_err(|e| format!("{}: cannot read: {e}", manifest.display()))?;
    check_manifest(&bytes).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let signature = key.sign(&bytes);
    let mut out = manifest.as_os_str().to_owned();
    out.push(".sig");
    let out = PathBuf::from(out);
    write_new(&out, &format!("{}\n", signature_text(&signature)), 0o644, true)?;
    Ok(format!("Signed {} with {}: wrote {}", manifest.display(), public_key_text(&key.verifying_key()), out.display()))
}

/// A manifest worth signing: JSON with files, each `sha384-…`.
pub fn check_manifest(bytes: &[u8]) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| format!("not a manifest (JSON): {e}"))?;
    let files = value.get("files").and_then(|f| f.as_object()).ok_or("not a manifest: it has no \"files\"")?;
    if files.is_empty() {
        return Err("the manifest lists no files".into());
    }
    if let Some((path, _)) = files.iter().find(|(_, h)| !h.as_str().is_some_and(|h| h.starts_with("sha384-"))) {
        return Err(format!("files[\"{path}\"] is not a sha384-… hash"));
    }
    Ok(())
}

fn read_signing_key(path: &Path) -> Result<SigningKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if text.trim_start().starts_with(PUB_LABEL) {
        return Err(format!("{}: this is the public key; sign with the private NAME.key", path.display()));
    }
    let bytes = labelled(&text, KEY_LABEL).ok_or_else(|| {
        format!(
            "{}: not a release key (from `speaksafe release keygen`: {KEY_LABEL} and 43 characters)",
            path.display()
        )
    })?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// The public key in `path` (NAME.pub from `release keygen`).
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if text.trim_start().starts_with(KEY_LABEL) {
        return Err(format!("{}: this is the PRIVATE key; give the public NAME.pub", path.display()));
    }
    let bytes = labelled(&text, PUB_LABEL)
        .ok_or_else(|| format!("{}: not a release public key ({PUB_LABEL} and 43 characters)", path.display()))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| format!("{}: not a valid Ed25519 public key", path.display()))
}

/// Whether `signature_text` (a manifest.json.sig) is `key`'s signature of `manifest`.
pub fn check_signature(key: &VerifyingKey, manifest: &[u8], signature_text: &str) -> Result<(), String> {
    let bytes: [u8; 64] = signature_text
        .trim()
        .strip_prefix(SIG_LABEL)
        .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("the signature does not read ({SIG_LABEL} and 86 characters)"))?;
    key.verify(manifest, &Signature::from_bytes(&bytes))
        .map_err(|_| "the signature is not this key's signature of this manifest".to_string())
}

pub fn public_key_text(key: &VerifyingKey) -> String {
    format!("{PUB_LABEL}{}", URL_SAFE_NO_PAD.encode(key.as_bytes()))
}

fn signature_text(signature: &Signature) -> String {
    format!("{SIG_LABEL}{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The 32 bytes after `label` on the file's one line.
fn labelled(text: &str, label: &str) -> Option<[u8; 32]> {
    URL_SAFE_NO_PAD.decode(text.trim().strip_prefix(label)?).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_against_its_manifest_only() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let manifest = br#"{"files":{"/boot.js":"sha384-x"}}"#;
        let signature = signature_text(&key.sign(manifest));
        assert!(check_signature(&key.verifying_key(), manifest, &signature).is_ok());
        assert!(check_signature(&key.verifying_key(), br#"{"files":{"/boot.js":"sha384-y"}}"#, &signature).is_err());
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert!(check_signature(&other, manifest, &signature).is_err());
        assert!(check_signature(&key.verifying_key(), manifest, "speaksafe-release-sig:AAAA").is_err());
    }

    #[test]
    fn key_files_say_what_they_are() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = public_key_text(&key.verifying_key());
        assert_eq!(labelled(&format!("{public}\n"), PUB_LABEL), Some(*key.verifying_key().as_bytes()));
        assert_eq!(labelled(&public, KEY_LABEL), None);
        assert!(check_manifest(br#"{"files":{}}"#).is_err());
        assert!(check_manifest(br#"{"files":{"/a":"sha256-x"}}"#).is_err());
        assert!(check_manifest(b"[1]").is_err());
    }
}
