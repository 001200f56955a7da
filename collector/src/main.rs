//! `speaksafe`: the organiser's command line and the collector ([`speaksafe_collector::commands`]).

use clap::Parser;
use speaksafe_collector::commands::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    Cli::parse().run()
}
