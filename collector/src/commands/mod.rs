//! The organiser's command line: one module a command, each with its arguments (`Args`) and
//! `run`. `serve` is [`crate::serve`]'s.

pub mod check;
pub mod codes;
pub mod download;
pub mod export;
pub mod import;
pub mod keygen;
pub mod ledger;
pub mod organisers;
pub mod purge;
pub mod release;
pub mod responses;
pub mod summary;
pub mod translations;
pub mod verify;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// speaksafe: privacy-first surveys. The organiser's tools.
#[derive(Debug, Parser)]
#[command(name = "speaksafe", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check survey definitions: every error and warning, with where it is.
    Check(check::Args),
    /// Bring in a survey from SurveyJS JSON or an XLSForm spreadsheet, with a report of what changed.
    Import(import::Args),
    /// Translations through a spreadsheet: export a survey's texts, import them translated.
    #[command(subcommand)]
    Translations(translations::Command),
    /// Serve the widget and the surveys, and store the sealed responses (ciphertext only).
    Serve(crate::serve::Args),
    /// Make the organiser's key pair: NAME.key (private, opens responses) and NAME.pub (public).
    Keygen(keygen::Args),
    /// Open every response of a survey and write them as CSV, one row each.
    Export(export::Args),
    /// Counts and percentages for every closed question, small numbers withheld; optional HTML report.
    Summary(summary::Args),
    /// Delete a survey's responses (all, or those received before a day), once exported.
    Purge(purge::Args),
    /// Who may use the console: invite an organiser (a one-time link), list, remove, make tokens.
    #[command(subcommand)]
    Organisers(organisers::Command),
    /// Sign releases: make the release key pair, sign a build's manifest.json.
    #[command(subcommand)]
    Release(release::Command),
    /// Check that a live collector serves a signed release, file by file.
    Verify(verify::Args),
    /// Access codes for a survey with "access": "codes": issue (printed cards), withdraw, list.
    #[command(subcommand)]
    Codes(codes::Command),
}

impl Cli {
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Check(args) => check::run(&args),
            Command::Import(args) => import::run(&args),
            Command::Translations(command) => translations::run(&command),
            Command::Serve(args) => crate::serve::run(&args),
            Command::Keygen(args) => keygen::run(&args),
            Command::Export(args) => export::run(&args),
            Command::Summary(args) => summary::run(&args),
            Command::Purge(args) => purge::run(&args),
            Command::Organisers(command) => organisers::run(&command),
            Command::Release(command) => release::run(&command),
            Command::Verify(args) => verify::run(&args),
            Command::Codes(command) => codes::run(&command),
        }
    }
}
