//! One file per subcommand; `run` dispatches.

mod blob_hash;
mod hname;
pub mod values;

use crate::args::{Cli, Command};
use crate::error::CliError;

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Hname { names } => hname::run(cli, names),
        Command::BlobHash { fields } => blob_hash::run(cli, fields),
    }
}
