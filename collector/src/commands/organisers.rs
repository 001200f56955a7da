//! `speaksafe organisers invite NAME | list | remove NAME | token NAME --survey ID`: who may use
//! the console. Inviting is the one thing an operator does from a shell: it prints a link, good
//! once and for 24 hours, with which the organiser makes a passkey in the console; everything else
//! they do there.
//!
//! The invite's secret is in the link's fragment (`#invite=…`), which browsers never send to a
//! server, so it is in no proxy's log; the database keeps only its hash.

use crate::serve::console::{hash, now, passkeys, secret, INVITE_LIFE};
use crate::store::{today, Access, Location, Records};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Invite an organiser (added if new): prints a one-time link, valid for 24 hours.
    Invite(Invite),
    /// List the organisers and how many passkeys each has.
    List(Db),
    /// Remove an organiser: their passkeys and sessions end at once.
    Remove(Remove),
    /// Make a token for `speaksafe export --from` / `summary --from`: it downloads one survey's
    /// sealed responses (it cannot open them: that needs the private key, on your machine).
    Token(Token),
}

#[derive(Debug, clap::Args)]
pub struct Db {
    /// The collector's database: a SQLite file, or a PostgreSQL URL (postgres://user@host/dbname).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: Location,
}

#[derive(Debug, clap::Args)]
pub struct Invite {
    /// The organiser's name, as they will be known in the console and its log.
    pub name: String,
    #[command(flatten)]
    pub db: Db,
    /// Where organisers reach the service (the collector's --origin), e.g. https://survey.city.example.
    #[arg(long, value_name = "URL", env = "SPEAKSAFE_ORIGIN", default_value = "http://localhost:8080")]
    pub origin: String,
}

#[derive(Debug, clap::Args)]
pub struct Remove {
    pub name: String,
    #[command(flatten)]
    pub db: Db,
}

#[derive(Debug, clap::Args)]
pub struct Token {
    pub name: String,
    /// The survey whose responses the token may download.
    #[arg(long, value_name = "ID")]
    pub survey: String,
    #[command(flatten)]
    pub db: Db,
}

pub fn run(command: &Command) -> ExitCode {
    match act(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe organisers: {message}");
            ExitCode::FAILURE
        }
    }
}

/// An organiser's name: 1 to 64 characters, no control characters, not only spaces.
pub fn check_name(name: &str) -> Result<(), String> {
    let length = name.chars().count();
    if name.trim().is_empty() || length > 64 || name.chars().any(char::is_control) || name.trim() != name {
        return Err(format!(
            "\"{}\" is not a name for an organiser: 1 to 64 characters, with no spaces at either end",
            name.escape_debug()
        ));
    }
    Ok(())
}

fn act(command: &Command) -> Result<(), String> {
    let open = |db: &Db| Records::open(&db.db, Access::Existing);
    match command {
        Command::Invite(invite) => {
            check_name(&invite.name)?;
            passkeys::relying_party(&invite.origin)?;
            let records = open(&invite.db)?;
            let user_id = match records.organisers().map_err(|e| e.to_string())?.iter().find(|o| o.name == invite.name)
            {
                Some(organiser) => organiser.user_id.clone(),
                None => user_handle()?,
            };
            let token = secret().map_err(|_| "the system has no random numbers to make an invite with".to_string())?;
            let expires = now() + INVITE_LIFE;
            records.invite(&invite.name, &user_id, &hash(&token), expires, &today()).map_err(|e| e.to_string())?;
            println!("{}/console/#invite={token}", invite.origin.trim_end_matches('/'));
            eprintln!(
                "Give this link to {} (it works once, for 24 hours): they open it and make a passkey.",
                invite.name
            );
            Ok(())
        }
        Command::List(db) => {
            let records = open(db)?;
            let organisers = records.organisers().map_err(|e| e.to_string())?;
            if organisers.is_empty() {
                println!("No organisers yet: invite one with `speaksafe organisers invite NAME`.");
            }
            for o in organisers {
                let keys = match o.passkeys {
                    0 => "no passkey yet (invited)".to_string(),
                    1 => "1 passkey".to_string(),
                    n => format!("{n} passkeys"),
                };
                println!("{}\t{keys}\tadded {}", o.name, o.added);
            }
            Ok(())
        }
        Command::Remove(remove) => {
            let records = open(&remove.db)?;
            if !records.remove(&remove.name, "(the command line)", &today()).map_err(|e| e.to_string())? {
                return Err(format!("there is no organiser called \"{}\"", remove.name.escape_debug()));
            }
            eprintln!("Removed {}: their passkeys no longer work and their sessions have ended.", remove.name);
            Ok(())
        }
        Command::Token(token) => {
            crate::commands::responses::check_survey_id(&token.survey)?;
            let records = open(&token.db)?;
            if !records.organisers().map_err(|e| e.to_string())?.iter().any(|o| o.name == token.name) {
                return Err(format!("there is no organiser called \"{}\"", token.name.escape_debug()));
            }
            let secret = secret().map_err(|_| "the system has no random numbers to make a token with".to_string())?;
            records
                .start_session(&hash(&secret), &token.name, Some(&token.survey), now(), &today())
                .map_err(|e| e.to_string())?;
            println!("{secret}");
            eprintln!(
                "This token downloads the sealed responses of {} (shown once; keep it like a password). \
                 Use it as SPEAKSAFE_TOKEN with `speaksafe export --from URL`; `speaksafe organisers remove {}` ends it.",
                token.survey, token.name
            );
            Ok(())
        }
    }
}

/// A random user handle for an organiser's passkeys (a UUID, as webauthn-rs keeps them): it says
/// nothing about who they are.
fn user_handle() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers: {e}"))?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Ok(webauthn_rs::prelude::Uuid::from_bytes(bytes).to_string())
}
