//! Failures of the node side of execution (never a request's fault: those go into receipts).

use isc_sandbox::{StateError, StoreError, VmError};

/// Why a block (or a chain operation) could not be done. Nothing is committed when one of these occurs.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The store failed.
    #[error("store: {0}")]
    Store(String),
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
    /// An invariant of the runtime broke (a bug or a corrupt state).
    #[error("internal error: {0}")]
    Internal(String),
    /// The chain is not there, or not initialized.
    #[error("chain: {0}")]
    Chain(String),
    /// A request was refused before reaching the backlog.
    #[error("request refused: {0}")]
    Refused(String),
    /// A view call failed.
    #[error("view failed: {0}")]
    View(VmError),
}

impl From<StoreError> for RuntimeError {
    fn from(e: StoreError) -> Self {
        RuntimeError::Store(e.to_string())
    }
}

impl From<VmError> for RuntimeError {
    /// A sandbox error reaching the node side is a store failure or a corrupt core record.
    fn from(e: VmError) -> Self {
        match e {
            VmError::Store(s) => RuntimeError::Store(s),
            other => RuntimeError::Internal(other.to_string()),
        }
    }
}
