//! Failures of the node side of execution (never a request's fault: those go into receipts).

use isc_abi::{ChainId, RequestId};
use isc_sandbox::{StateError, StoreError, VmError};

use crate::Refusal;

/// Why a block (or a chain operation) could not be done. Nothing is committed when one of these occurs.
///
/// The variants say what happened and carry what a caller needs to act on it: the store's own error as
/// the source, the chain that is not there, the limit a refused request broke.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The store failed (the store's error is the source, with the backend's below it).
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The store failed under a contract's call (the sandbox reports it as text).
    #[error("store failure while running a request: {0}")]
    StoreInCall(String),
    /// A stored record of the runtime's own (outbox, ledger, catalogue, chain id) does not decode.
    #[error("corrupt {record}: {reason}")]
    Corrupt {
        /// Which record, e.g. "outbox" or "chain id".
        record: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The virtual state refused an operation (timestamps, index order...).
    #[error("state: {0}")]
    State(#[from] StateError),
    /// The block's timestamp is not after the state's.
    #[error("block timestamp {block} is not after the state's timestamp {state}")]
    TimestampNotAfterState {
        /// The block input's timestamp.
        block: i64,
        /// The state's.
        state: i64,
    },
    /// The store holds no chain.
    #[error("no chain in this store")]
    NoChain,
    /// The store holds a chain already (a chain is created only on an empty store).
    #[error("the store already holds a chain")]
    ChainExists,
    /// The chain's store has no committed block (not even the origin).
    #[error("the chain has no block")]
    NoBlock,
    /// No chain with this id is open here.
    #[error("no chain {0} in this environment")]
    UnknownChain(ChainId),
    /// No chain with this local name is open here.
    #[error("no chain named `{0}`")]
    UnknownChainName(String),
    /// A request (or a chain, or an L1 transaction) was refused before anything was recorded.
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    /// A view call failed.
    #[error("view failed: {0}")]
    View(VmError),
    /// A core contract's own record, read by the runtime, is broken: a bug or a corrupt state.
    #[error("core contract state: {0}")]
    CoreState(VmError),
    /// A request the caller waited for did not run (time-locked past the block, or never delivered).
    #[error("request {0} did not run (time-locked?)")]
    NotRun(RequestId),
    /// Chains still had work after this many rounds of blocks.
    #[error("the chains are still busy after {rounds} rounds")]
    StillBusy {
        /// Rounds run.
        rounds: usize,
    },
    /// A step of a test scenario failed with a receipt error.
    #[error("{step} failed: {error}")]
    StepFailed {
        /// What was being done, e.g. "deploy of `token`".
        step: String,
        /// The receipt's error.
        error: String,
    },
    /// A program could not be read or is not Wasm (text or binary).
    #[error("program `{name}`: {reason}")]
    Program {
        /// The contract's name.
        name: String,
        /// Why.
        reason: String,
    },
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Token arithmetic that the books guarantee overflowed or went short: a bug or a corrupt state.
    #[error("the books do not balance: {}", .0.join("; "))]
    Books(Vec<String>),
    /// An invariant of the runtime broke (a bug).
    #[error("internal error: {0}")]
    Internal(String),
}

impl RuntimeError {
    /// A record of the runtime's own that does not decode.
    pub fn corrupt(record: &'static str) -> impl Fn(String) -> RuntimeError {
        move |reason| RuntimeError::Corrupt { record, reason }
    }
}

impl From<VmError> for RuntimeError {
    /// A sandbox error reaching the node side is a store failure or a corrupt core record.
    fn from(e: VmError) -> Self {
        match e {
            VmError::Store(s) => RuntimeError::StoreInCall(s),
            other => RuntimeError::CoreState(other),
        }
    }
}
