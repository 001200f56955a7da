//! `speaksafe`: the organiser's command line.
//!
//! Each command lives in its own module; the collector's commands (serve, keygen, export,
//! summary) join `check` here as they are written.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod check;

/// speaksafe: privacy-first surveys. The organiser's tools.
#[derive(Debug, Parser)]
#[command(name = "speaksafe", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check survey definitions: every error and warning, with where it is.
    Check(check::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check(args) => check::run(&args),
    }
}
