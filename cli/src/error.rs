//! What can go wrong on the command line, said plainly.

use std::path::PathBuf;

use isc_runtime::RuntimeError;
use isc_sandbox::{StoreError, VerifyError};

use crate::output::timestamp_text;

/// A command failure; the message is printed to stderr as `error: <message>`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A malformed argument.
    #[error("bad argument `{arg}`: {reason}")]
    BadArgument {
        /// The argument as given.
        arg: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A Wasm module broke a validation rule.
    #[error("{}: rejected: {reason}", file.display())]
    Rejected {
        /// The module's file.
        file: std::path::PathBuf,
        /// The rule and where.
        reason: String,
    },
    /// A blob past the chain's blob size limit (blob.storeBlob counts every field's name and value).
    #[error("blob of {total} bytes (names and values) is past the chain's blob size limit of {limit} bytes; its largest field is `{field}` ({size} bytes)")]
    BlobTooLarge {
        /// The largest field.
        field: String,
        /// Its value's size.
        size: usize,
        /// The blob's size.
        total: u64,
        /// The chain's `max_blob_size`.
        limit: u32,
    },
    /// A blob field the chain's state cannot hold.
    #[error(
        "blob field `{field}`: {what} is {size} bytes, past the chain's limit of {limit} bytes"
    )]
    BlobFieldTooLarge {
        /// The field's name.
        field: String,
        /// What is too large: the name (as part of its state key) or the value.
        what: &'static str,
        /// Its size.
        size: usize,
        /// The chain's limit (`max_key_size` or `max_value_size`).
        limit: u32,
    },
    /// `block run --timestamp` at or before the timestamp of the state the block applies to.
    #[error("--timestamp {timestamp} ({}) is not after the head's timestamp {head} ({}, block {index}): a block runs later than the state it applies to", timestamp_text(*.timestamp), timestamp_text(*.head))]
    TimestampNotAfterHead {
        /// The timestamp given.
        timestamp: i64,
        /// The head's timestamp.
        head: i64,
        /// The head's index.
        index: u32,
    },
    /// Output could not be serialised.
    #[error("cannot write JSON output: {0}")]
    Json(#[from] serde_json::Error),
    /// A chain command without `--db`.
    #[error("`{command}` needs the chain's store file: pass `--db PATH` (create one with `iscvm --db PATH chain init`)")]
    NoDb {
        /// The command that needs it.
        command: &'static str,
    },
    /// `--db` names a file that is not there.
    #[error("store file `{}` does not exist: create a chain with `iscvm --db {} chain init`", .path.display(), .path.display())]
    NoSuchFile {
        /// The path given.
        path: PathBuf,
    },
    /// The file opens but holds no chain.
    #[error("store file `{}` holds no chain: create one with `iscvm --db {} chain init`", .path.display(), .path.display())]
    NoChain {
        /// The path given.
        path: PathBuf,
    },
    /// `chain init` with a name the file already holds.
    #[error("store file `{}` already holds chain `{name}` ({chain_id}): give the new chain another name with `chain init --name NAME`", .path.display())]
    ChainExists {
        /// The path given.
        path: PathBuf,
        /// The chain's name in the file.
        name: String,
        /// The chain that is there.
        chain_id: String,
    },
    /// `demo --db` on a file an earlier run (or `chain init`) already filled.
    #[error("store file `{}` already holds chain `{name}`: the demo builds its chains from scratch, so give `--db` a new path or remove the file (`iscvm --db {} verify` checks what is in it)", .path.display(), .path.display())]
    DemoStoreInUse {
        /// The path given.
        path: PathBuf,
        /// The chain the file holds.
        name: String,
    },
    /// `--chain` names a chain the file does not hold.
    #[error("store file `{}` holds no chain named `{name}` (it holds: {}); `iscvm --db {} chain list` lists them", .path.display(), .known.join(", "), .path.display())]
    NoSuchChain {
        /// The path given.
        path: PathBuf,
        /// The name given.
        name: String,
        /// The names the file holds.
        known: Vec<String>,
    },
    /// The store file cannot be opened or read.
    #[error("store file `{}`: {source}", .path.display())]
    Store {
        /// The path given.
        path: PathBuf,
        /// What the store said.
        source: StoreError,
    },
    /// A runtime operation failed.
    #[error("{action}: {source}")]
    Runtime {
        /// What the command was doing.
        action: String,
        /// What the runtime said.
        source: RuntimeError,
    },
    /// An input file cannot be read.
    #[error("cannot read `{}`: {source}", .path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file or directory cannot be created.
    #[error("cannot create `{}`: {source}", .path.display())]
    CreateFile {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The chain returned something this command cannot read (a corrupt store or a version mismatch).
    #[error("unexpected data from the chain ({what}): {reason}")]
    Decode {
        /// Which value.
        what: String,
        /// Why it does not decode.
        reason: String,
    },
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// `verify` found a divergence.
    #[error("verification of `{}` failed: {source}", .path.display())]
    Verify {
        /// The store file.
        path: PathBuf,
        /// The first divergence (it names the block).
        source: VerifyError,
    },
    /// The demo saw something it did not expect (a bug in the runtime or the demo).
    #[error("demo: {0}")]
    Demo(String),
}

impl CliError {
    /// A bad-argument error.
    pub fn bad_arg(arg: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        CliError::BadArgument {
            arg: arg.into(),
            reason: reason.to_string(),
        }
    }

    /// Wraps a runtime error with what the command was doing.
    pub fn runtime(action: impl Into<String>) -> impl FnOnce(RuntimeError) -> CliError {
        let action = action.into();
        move |source| CliError::Runtime { action, source }
    }

    /// A value from the chain that does not decode.
    pub fn decode(what: impl Into<String>) -> impl FnOnce(isc_abi::DecodeError) -> CliError {
        let what = what.into();
        move |e| CliError::Decode {
            what,
            reason: e.to_string(),
        }
    }
}
