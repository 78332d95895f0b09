//! The command-line grammar (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// iscvm: execution engine for IOTA-Smart-Contracts-style chains.
#[derive(Debug, Parser)]
#[command(name = "iscvm", version, about, long_about = None)]
pub struct Cli {
    /// The chain store file (redb).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the hname of each NAME, one per line (8 hex digits).
    Hname {
        /// Names of contracts or entry points.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
    },
    /// Print the hash of a blob given as FIELD=VALUE pairs (prefix a value with `hex:` for raw bytes).
    BlobHash {
        /// Blob fields, e.g. `v=wasmer` or `p=hex:0061736d01000000`.
        #[arg(required = true, value_name = "FIELD=VALUE")]
        fields: Vec<String>,
    },
}
