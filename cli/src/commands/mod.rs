//! One file per subcommand (or group of subcommands); `run` dispatches.

mod accounts;
mod audit;
mod bench;
mod blob;
mod blob_fields;
mod blob_hash;
mod block_run;
mod block_show;
mod chain;
mod check;
pub mod demo;
mod deploy;
mod events;
mod funding;
mod hname;
mod receipts;
mod request;
pub mod values;
mod verify;
mod view;

use crate::args::{BlockCmd, Cli, Command};
use crate::error::CliError;

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Hname { names } => hname::run(cli, names),
        Command::BlobHash { fields } => blob_hash::run(cli, fields),
        Command::Chain(cmd) => chain::run(cli, cmd),
        Command::Request(args) => request::run(cli, args),
        Command::Blob(cmd) => blob::run(cli, cmd),
        Command::Deploy(args) => deploy::run(cli, args),
        Command::Block(BlockCmd::Run {
            max,
            gas_report,
            timestamp,
        }) => block_run::run(cli, *max, *gas_report, *timestamp),
        Command::Block(BlockCmd::Show { index }) => block_show::run(cli, *index),
        Command::View(args) => view::run(cli, args),
        Command::Accounts(cmd) => accounts::run(cli, cmd),
        Command::Receipts { block } => receipts::run(cli, *block),
        Command::Events(args) => events::run(cli, args),
        Command::Verify => verify::run(cli),
        Command::Audit => audit::run(cli),
        Command::Bench { calibrate } => bench::run(cli, *calibrate),
        Command::Check { file } => check::run(cli, file),
        Command::Demo(args) => demo::run(cli, args),
    }
}
