//! `speaksafe codes issue --survey ID --count N [--batch NAME] [--cards FILE]`, `codes withdraw`,
//! `codes list`: access codes for a survey with `"access": "codes"` (see [`crate::access`]).
//!
//! Issuing prints nothing but the cards: the codes themselves are shown once, on the cards
//! (HTML, A4, 30 a page, each with a QR code of the survey's link with the code in its fragment,
//! `#code=`, which browsers never send to a server); the database keeps only their hashes.

use crate::access::{code_hash, new_code, TokenKey};
use crate::commands::organisers::Db;
use crate::serve::surveys::fingerprint;
use crate::store::{today, Access, Records};
use qrcodegen::{QrCode, QrCodeEcc};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make N new codes for a survey, printed as cards (HTML to print, 30 on an A4 page).
    Issue(Issue),
    /// Withdraw a batch: its codes stop working (answers already sent stay).
    Withdraw(Withdraw),
    /// The survey's batches: how many codes each has, how many were used, which are withdrawn.
    List(List),
}

#[derive(Debug, clap::Args)]
pub struct Issue {
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// How many codes (1 to 100 000).
    #[arg(long, value_name = "N")]
    pub count: u32,
    /// A name for this batch, for counting and withdrawing ("Year 9, school A").
    #[arg(long, value_name = "NAME", default_value = "codes")]
    pub batch: String,
    /// Where to write the cards.
    #[arg(long, value_name = "FILE", default_value = "codes.html")]
    pub cards: PathBuf,
    /// The survey's address, for the QR codes (the collector's --origin).
    #[arg(long, value_name = "URL", env = "SPEAKSAFE_ORIGIN", default_value = "http://localhost:8080")]
    pub origin: String,
    #[command(flatten)]
    pub db: Db,
}

#[derive(Debug, clap::Args)]
pub struct Withdraw {
    #[arg(long, value_name = "ID")]
    pub survey: String,
    #[arg(long, value_name = "NAME")]
    pub batch: String,
    #[command(flatten)]
    pub db: Db,
}

#[derive(Debug, clap::Args)]
pub struct List {
    #[arg(long, value_name = "ID")]
    pub survey: String,
    #[command(flatten)]
    pub db: Db,
}

pub fn run(command: &Command) -> ExitCode {
    match act(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe codes: {message}");
            ExitCode::FAILURE
        }
    }
}

const BY: &str = "(the command line)";

fn act(command: &Command) -> Result<(), String> {
    let open = |db: &Db| Records::open(&db.db, Access::Existing);
    match command {
        Command::Issue(issue) => {
            crate::commands::responses::check_survey_id(&issue.survey)?;
            crate::commands::organisers::check_name(&issue.batch).map_err(|_| {
                format!("\"{}\" is not a name for a batch: 1 to 64 characters", issue.batch.escape_debug())
            })?;
            if !(1..=100_000).contains(&issue.count) {
                return Err(format!("--count {}: give 1 to 100000", issue.count));
            }
            let records = open(&issue.db)?;
            // The survey's token key, made with its first codes: every collector then names it
            // in the survey's definition (see `serve::surveys::serve`).
            let key = match records.token_key(&issue.survey).map_err(|e| e.to_string())? {
                Some(kept) => TokenKey::from_secret_text(&kept)?,
                None => {
                    let key = TokenKey::generate()?;
                    let kept = records
                        .keep_token_key(&issue.survey, &key.secret_text()?, &key.public_text)
                        .map_err(|e| e.to_string())?;
                    TokenKey::from_secret_text(&kept)?
                }
            };
            let codes: Vec<String> = (0..issue.count).map(|_| new_code()).collect::<Result<_, _>>()?;
            let hashes: Vec<String> = codes.iter().map(|c| code_hash(&issue.survey, c)).collect();
            let cards = cards(&issue.survey, &issue.origin, &codes)?;
            std::fs::write(&issue.cards, cards).map_err(|e| format!("{}: {e}", issue.cards.display()))?;
            records.issue_codes(&issue.survey, &issue.batch, &hashes, BY, &today()).map_err(|e| e.to_string())?;
            eprintln!(
                "{} codes for {} in the batch \"{}\": the cards are in {} (print them, then delete the file: \
                 the codes are nowhere else).",
                issue.count,
                issue.survey,
                issue.batch,
                issue.cards.display()
            );
            eprintln!(
                "The survey's token key has the fingerprint {}: the console and `speaksafe verify --survey {}` \
                 show the one every respondent's browser is given, and it must be this one.",
                fingerprint(&key.public_text),
                issue.survey
            );
            Ok(())
        }
        Command::Withdraw(withdraw) => {
            let records = open(&withdraw.db)?;
            if !records.withdraw(&withdraw.survey, &withdraw.batch, BY, &today()).map_err(|e| e.to_string())? {
                return Err(format!("{} has no batch called \"{}\"", withdraw.survey, withdraw.batch.escape_debug()));
            }
            eprintln!("Withdrew \"{}\": its codes no longer work.", withdraw.batch);
            Ok(())
        }
        Command::List(list) => {
            let records = open(&list.db)?;
            let batches = records.batches(&list.survey).map_err(|e| e.to_string())?;
            if batches.is_empty() {
                println!("No codes yet: make some with `speaksafe codes issue --survey {} --count N`.", list.survey);
            }
            for b in batches {
                let state = if b.withdrawn { "\twithdrawn" } else { "" };
                println!("{}\t{} codes\t{} used{state}", b.name, b.issued, b.redeemed);
            }
            Ok(())
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A QR code as SVG: one path of its dark modules, with the quiet zone of four modules.
fn qr_svg(text: &str) -> Result<String, String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).map_err(|_| "the link is too long for a QR code")?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let whole = size + 8;
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {whole} {whole}" role="img" aria-label="QR code"><rect width="{whole}" height="{whole}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

/// The cards, as one HTML page with a print stylesheet: 30 on each A4 sheet (3 across, 10 down).
pub fn cards(survey: &str, origin: &str, codes: &[String]) -> Result<String, String> {
    let base = format!("{}/?survey={survey}", origin.trim_end_matches('/'));
    let mut html = String::from(concat!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Access codes</title>\n<style>\n",
        "@page { size: A4; margin: 8mm; }\n",
        "body { margin: 0; font-family: system-ui, sans-serif; }\n",
        ".sheet { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 28mm; gap: 0; ",
        "width: 194mm; break-after: page; }\n",
        ".card { border: 1px dashed #888; padding: 2mm; display: flex; gap: 2mm; align-items: center; ",
        "overflow: hidden; }\n",
        ".card svg { width: 24mm; height: 24mm; flex: none; }\n",
        ".code { font: 700 4.2mm ui-monospace, monospace; letter-spacing: 0.3mm; }\n",
        ".what { font-size: 2.6mm; margin: 1mm 0 0; }\n",
        "</style></head><body>\n"
    ));
    for sheet in codes.chunks(30) {
        html.push_str("<div class=\"sheet\">\n");
        for code in sheet {
            let link = format!("{base}#code={code}");
            html.push_str(&format!(
                "<div class=\"card\">{}<div><div class=\"code\">{}</div><p class=\"what\">Your code for the survey \
                 (one answer each; nobody can tell whose answers are whose). Scan, or type the code.</p></div></div>\n",
                qr_svg(&link)?,
                escape(code)
            ));
        }
        html.push_str("</div>\n");
    }
    html.push_str("</body></html>\n");
    Ok(html)
}
