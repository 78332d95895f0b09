//! Error codes and the error every call can return.
//!
//! Every function of the API returns an `int32_t`: [`ISC_OK`] or one of the codes below, and (when the
//! caller passed an error buffer) a UTF-8 message that says what happened. The codes are stable: a
//! node can switch on them; the messages are for people and may change.

use isc_runtime::RuntimeError;
use isc_sandbox::StoreError;

/// The call succeeded.
pub const ISC_OK: i32 = 0;
/// A required pointer argument was null.
pub const ISC_ERR_NULL: i32 = 1;
/// An input buffer does not decode (truncated, trailing bytes, a bad field): nothing was done.
pub const ISC_ERR_DECODE: i32 = 2;
/// An argument is out of its domain (a wrong id length, an unknown store kind, a non-UTF-8 name).
pub const ISC_ERR_INVALID_ARGUMENT: i32 = 3;
/// The handle was never issued by this library (or is of another kind: an engine for a chain).
pub const ISC_ERR_UNKNOWN_HANDLE: i32 = 4;
/// The handle was closed.
pub const ISC_ERR_CLOSED: i32 = 5;
/// Another thread is inside a call on the same chain handle: a chain serves one caller at a time.
pub const ISC_ERR_BUSY: i32 = 6;
/// The store failed (the backend, a callback, a corrupt record, a commit out of order).
pub const ISC_ERR_STORE: i32 = 7;
/// The store holds no chain (`isc_chain_open`).
pub const ISC_ERR_NO_CHAIN: i32 = 8;
/// The store already holds a chain (`isc_chain_create`).
pub const ISC_ERR_CHAIN_EXISTS: i32 = 9;
/// The block input was refused (timestamp not after the state's, ...): nothing was committed.
pub const ISC_ERR_BLOCK: i32 = 10;
/// A view call failed (no such contract or entry point, the view's own error, out of gas).
pub const ISC_ERR_VIEW: i32 = 11;
/// A module was rejected by validation or failed to compile (the message names the rule).
pub const ISC_ERR_MODULE: i32 = 12;
/// A request was refused by the backlog (duplicate, full, params too large).
pub const ISC_ERR_REFUSED: i32 = 13;
/// The library panicked: a bug. The panic was caught at the boundary; the handle stays usable but
/// the node should report it.
pub const ISC_ERR_PANIC: i32 = 14;
/// Any other runtime failure (a corrupt core record, an internal invariant).
pub const ISC_ERR_RUNTIME: i32 = 15;

/// A failed call: its code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FfiError {
    /// One of the `ISC_ERR_*` codes.
    pub code: i32,
    /// What happened, for people.
    pub message: String,
}

impl FfiError {
    /// An error with `code` and `message`.
    pub fn new(code: i32, message: impl Into<String>) -> FfiError {
        FfiError {
            code,
            message: message.into(),
        }
    }

    /// A null pointer where `what` was required.
    pub fn null(what: &str) -> FfiError {
        FfiError::new(ISC_ERR_NULL, format!("{what} is a null pointer"))
    }

    /// An input that does not decode.
    pub fn decode(what: &str, e: impl std::fmt::Display) -> FfiError {
        FfiError::new(ISC_ERR_DECODE, format!("{what}: {e}"))
    }

    /// An argument out of its domain.
    pub fn invalid(message: impl Into<String>) -> FfiError {
        FfiError::new(ISC_ERR_INVALID_ARGUMENT, message)
    }
}

/// The message of `e` followed by its causes, `a: b: c` (a cause that a message already ends with,
/// as `store: {0}` repeats its source, is not repeated).
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let cause = s.to_string();
        if !text.ends_with(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
        source = s.source();
    }
    text
}

impl From<StoreError> for FfiError {
    fn from(e: StoreError) -> Self {
        FfiError::new(ISC_ERR_STORE, with_causes(&e))
    }
}

impl From<RuntimeError> for FfiError {
    fn from(e: RuntimeError) -> Self {
        let code = match &e {
            RuntimeError::Store(_) | RuntimeError::StoreInCall(_) => ISC_ERR_STORE,
            RuntimeError::NoChain => ISC_ERR_NO_CHAIN,
            RuntimeError::ChainExists => ISC_ERR_CHAIN_EXISTS,
            RuntimeError::TimestampNotAfterState { .. }
            | RuntimeError::State(_)
            | RuntimeError::NoBlock => ISC_ERR_BLOCK,
            RuntimeError::View(_) => ISC_ERR_VIEW,
            RuntimeError::Refused(_) => ISC_ERR_REFUSED,
            _ => ISC_ERR_RUNTIME,
        };
        FfiError::new(code, with_causes(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_errors_map_to_codes_with_their_causes() {
        let e = FfiError::from(RuntimeError::NoChain);
        assert_eq!(e.code, ISC_ERR_NO_CHAIN);
        let e = FfiError::from(RuntimeError::Store(StoreError::backend(
            "commit",
            std::io::Error::other("disk full"),
        )));
        assert_eq!(e.code, ISC_ERR_STORE);
        assert_eq!(
            e.message,
            "store: store backend failed to commit: disk full"
        );
    }
}
