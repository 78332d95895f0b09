//! `iscvm`: the command line of the iscvm execution engine.
//!
//! Thin by design: it parses arguments, calls the runtime and prints. Errors go to stderr with a non-zero
//! exit code and say what was wrong.

mod args;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
