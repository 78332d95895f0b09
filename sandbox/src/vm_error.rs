//! Why a call failed. The message of every variant is deterministic (no addresses, no backtraces, no
//! timing), because it is written into the request's receipt, which every node hashes.

use isc_abi::{BalanceError, Hname};
use isc_gas::OutOfGas;

/// The failure of a contract call. Native contracts propagate these with `?`; the Wasm processor maps
/// traps onto them. Every variant except [`VmError::Store`] is the request's fault: its state changes are
/// discarded, it pays its fee, and the block goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VmError {
    /// The gas budget ran out.
    #[error(transparent)]
    OutOfGas(#[from] OutOfGas),
    /// The contract gave up, with its message.
    #[error("panic: {0}")]
    Panic(String),
    /// Nested calls went deeper than the chain allows.
    #[error("call depth limit of {limit} exceeded")]
    CallDepth {
        /// The limit.
        limit: u32,
    },
    /// No contract with that hname on the chain.
    #[error("contract {0} not found")]
    ContractNotFound(Hname),
    /// The contract has no such entry point.
    #[error("entry point {entry} not found in contract {contract}")]
    EntryPointNotFound {
        /// The contract.
        contract: Hname,
        /// The missing entry point.
        entry: Hname,
    },
    /// A view tried to call a func, or a view was posted as a request.
    #[error("entry point {entry} of contract {contract} is not a {expected}")]
    WrongEntryKind {
        /// The contract.
        contract: Hname,
        /// The entry point.
        entry: Hname,
        /// What the caller needed: "view" or "func".
        expected: &'static str,
    },
    /// A contract's `init` was called after its deployment: `init` runs exactly once, called by root
    /// when the contract is deployed, so that nobody can re-run it (and, say, mint a token's supply again).
    #[error("repeating init call: init of contract {0} runs only when root deploys it")]
    RepeatingInitCall(Hname),
    /// An account could not pay.
    #[error("insufficient funds: {0}")]
    InsufficientFunds(#[from] BalanceError),
    /// The call succeeded but left the sender unable to pay its fee; it is undone and the fee is paid
    /// from the state before it.
    #[error("insufficient funds for the fee: have {have}, need {need}")]
    FeeUnpaid {
        /// Fee-colour balance after the call.
        have: u64,
        /// The fee.
        need: u64,
    },
    /// Params missing or malformed.
    #[error("bad params: {0}")]
    BadParams(String),
    /// A size or count limit was hit.
    #[error("{what} of {size} exceeds the limit of {limit}")]
    LimitExceeded {
        /// What was too big.
        what: &'static str,
        /// Its size (bytes or count).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A state write with an empty key: such a key could never be listed (a dict has no empty keys), so
    /// it is refused where it would be written.
    #[error("state key must not be empty")]
    EmptyKey,
    /// The caller may not do this.
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    /// A program that cannot be loaded: missing, of an unsupported VM type, or invalid.
    #[error("program: {0}")]
    Program(String),
    /// A Wasm trap (unreachable, out-of-bounds access, division by zero...), with its deterministic kind.
    #[error("wasm trap: {0}")]
    Trap(String),
    /// The deterministic Wasm call-depth limit was hit.
    #[error("wasm stack limit exceeded")]
    StackLimit,
    /// A Wasm instance asked for more memory than the hard limit in a way that traps.
    #[error("wasm memory limit exceeded")]
    MemoryLimit,
    /// The node's own store failed. Not the request's fault: the block is abandoned, nothing is committed.
    #[error("state store failure: {0}")]
    Store(String),
}

impl VmError {
    /// A panic with `msg`.
    pub fn panic(msg: impl Into<String>) -> VmError {
        VmError::Panic(msg.into())
    }

    /// Bad params with `msg`.
    pub fn bad_params(msg: impl Into<String>) -> VmError {
        VmError::BadParams(msg.into())
    }

    /// True when the failure is the node's, not the request's: the block must not be committed.
    pub fn is_fatal(&self) -> bool {
        matches!(self, VmError::Store(_))
    }
}

impl From<crate::StoreError> for VmError {
    fn from(err: crate::StoreError) -> Self {
        VmError::Store(err.to_string())
    }
}
