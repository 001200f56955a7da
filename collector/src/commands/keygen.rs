//! `speaksafe keygen --out NAME [--force]`: makes the organiser's key pair.
//!
//! - `NAME.key`: the private key (43 characters of base64url), readable by its owner only
//!   (mode 0600). It opens every response sealed to the public key: keep it off the collector,
//!   and keep a copy somewhere safe, since a lost key means unreadable responses.
//! - `NAME.pub`: the public key, to paste into the survey's `submit.public_key` (or give to
//!   `speaksafe serve --public-key`).
//!
//! Neither file is overwritten unless `--force` is given: a new key pair does not open what was
//! sealed to the old one.
//!
//! Exit status: 0 when both files were written, 1 when nothing was (a file exists, a folder is
//! missing, no random numbers), 2 for a usage error.

use speaksafe_core::envelope::PrivateKey;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the key pair: NAME.key (private) and NAME.pub (public).
    #[arg(long, value_name = "NAME")]
    pub out: PathBuf,
    /// Replace NAME.key and NAME.pub if they exist. Responses sealed to the old key can then only
    /// be opened with a copy of the old NAME.key.
    #[arg(long)]
    pub force: bool,
}

/// The two files written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub private: PathBuf,
    pub public: PathBuf,
    pub public_key: String,
}

pub fn run(args: &Args) -> ExitCode {
    match keygen(&args.out, args.force) {
        Ok(written) => {
            println!("{}", instructions(&written));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("speaksafe keygen: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `NAME` with `.key` and `.pub` added (a `NAME` that already ends in one of them loses it).
pub fn paths(out: &Path) -> (PathBuf, PathBuf) {
    let base = match out.extension().and_then(|e| e.to_str()) {
        Some("key" | "pub") => out.with_extension(""),
        _ => out.to_path_buf(),
    };
    let with = |ext: &str| {
        let mut name = base.clone().into_os_string();
        name.push(ext);
        PathBuf::from(name)
    };
    (with(".key"), with(".pub"))
}

/// Makes a key pair and writes it; nothing is written if anything is in the way.
pub fn keygen(out: &Path, force: bool) -> Result<Written, String> {
    let (private, public) = paths(out);
    if !force {
        for path in [&private, &public] {
            if path.symlink_metadata().is_ok() {
                return Err(format!(
                    "{} already exists. A new key pair does not open responses sealed to the old one; \
                     to replace it anyway, keep a copy of the old NAME.key and add --force",
                    path.display()
                ));
            }
        }
    }
    let key = PrivateKey::generate_with_system_random().map_err(|e| e.to_string())?;
    let public_key = key.public_key().to_text();
    write_new(&private, &format!("{}\n", key.to_text()), 0o600, force)?;
    if let Err(e) = write_new(&public, &format!("{public_key}\n"), 0o644, force) {
        // Half a key pair is worse than none: the private key alone would be mistaken for a used one.
        let _ = std::fs::remove_file(&private);
        return Err(e);
    }
    Ok(Written { private, public, public_key })
}

/// Writes a file with this mode. Without `replace`, only if there is none (atomically: a file
/// that appeared meanwhile is not overwritten); with it, through a new file renamed over the old,
/// so the old one's mode does not carry over.
pub(crate) fn write_new(path: &Path, contents: &str, mode: u32, replace: bool) -> Result<(), String> {
    let target = if replace {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".new-{}", std::process::id()));
        PathBuf::from(name)
    } else {
        path.to_path_buf()
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let written = options.open(&target).and_then(|mut file| {
        file.write_all(contents.as_bytes())?;
        file.sync_all()
    });
    let result = written.and_then(|()| if replace { std::fs::rename(&target, path) } else { Ok(()) });
    result.map_err(|e| {
        if replace {
            let _ = std::fs::remove_file(&target);
        }
        match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; add --force to replace it", path.display())
            }
            _ => format!("{}: cannot write: {e}", path.display()),
        }
    })
}

/// What to do with each file.
pub fn instructions(written: &Written) -> String {
    format!(
        "Wrote {private} — the PRIVATE key (readable by you only).\n\
         \x20 It opens every response. Keep it secret: not on the collector, not in the survey, not in email.\n\
         \x20 Keep a copy somewhere safe (an encrypted USB stick, a password manager): without it no response can be read.\n\
         \x20 Use it with: speaksafe export --key {private} …   and   speaksafe summary --key {private} …\n\
         \n\
         Wrote {public} — the public key:\n\
         \x20 {key}\n\
         \x20 Put it in the survey definition:  \"submit\": {{ \"endpoint\": \"…\", \"public_key\": \"{key}\" }}\n\
         \x20 or start the collector with:      speaksafe serve --public-key {public}\n\
         \x20 It can only seal answers, not open them: it is safe to share.",
        private = written.private.display(),
        public = written.public.display(),
        key = written.public_key,
    )
}
