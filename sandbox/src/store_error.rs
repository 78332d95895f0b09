//! What can go wrong below the virtual state.

use std::error::Error as StdError;

/// A boxed backend error, kept as the `source` so the full chain is printable.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Why a store operation failed.
///
/// The variants separate what a caller can act on: a refused commit (`IndexOutOfOrder`) is a logic
/// error of the caller, a `Corrupt` record calls for `verify` or a resync, a `Backend` error is the
/// disk or the database library.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend failed during `operation`.
    #[error("store backend failed to {operation}")]
    Backend {
        /// What the store was doing, e.g. "begin a read transaction".
        operation: &'static str,
        /// The backend's error.
        #[source]
        source: BoxError,
    },
    /// The database file could not be opened or created.
    #[error("cannot open database {}", path.display())]
    Open {
        /// The file.
        path: std::path::PathBuf,
        /// The backend's error (for a file that is not a database or is damaged, a corruption error).
        #[source]
        source: BoxError,
    },
    /// A stored record does not decode: the file was damaged or written by something else.
    #[error("corrupt store record {record}: {reason}")]
    Corrupt {
        /// Which record, e.g. "head" or "block 7".
        record: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A commit whose block does not directly follow the head (or is not block 0 on an empty store).
    #[error("block {got} does not follow the head {}", head.map_or("(empty store)".to_string(), |h| h.to_string()))]
    IndexOutOfOrder {
        /// Index of the last committed block, `None` for an empty store.
        head: Option<u32>,
        /// Index of the refused block.
        got: u32,
    },
    /// A namespace name that cannot be used.
    #[error("invalid namespace {namespace:?}: {reason}")]
    InvalidNamespace {
        /// The refused name.
        namespace: String,
        /// Why.
        reason: &'static str,
    },
}

impl StoreError {
    /// Wraps a backend error with the operation it interrupted.
    pub fn backend(operation: &'static str, source: impl Into<BoxError>) -> StoreError {
        StoreError::Backend {
            operation,
            source: source.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_context() {
        let e = StoreError::IndexOutOfOrder {
            head: Some(3),
            got: 7,
        };
        assert_eq!(e.to_string(), "block 7 does not follow the head 3");
        let e = StoreError::IndexOutOfOrder { head: None, got: 1 };
        assert_eq!(
            e.to_string(),
            "block 1 does not follow the head (empty store)"
        );
        let e = StoreError::backend("commit", std::io::Error::other("disk full"));
        assert_eq!(e.to_string(), "store backend failed to commit");
        assert_eq!(
            e.source().map(|s| s.to_string()).as_deref(),
            Some("disk full")
        );
    }
}
