//! What can go wrong while building a block on the virtual state.

use isc_abi::DecodeError;

use crate::StoreError;

/// Why the virtual state refused an operation. In every case the state is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The store below failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An update's timestamp is not later than the state or the previous update of the block: time must
    /// strictly increase so that every request runs at a distinct, ordered instant.
    #[error("timestamp {got} is not later than {previous}")]
    TimestampNotIncreasing {
        /// The timestamp it must exceed.
        previous: i64,
        /// The refused timestamp.
        got: i64,
    },
    /// Writes are staged but their update was not sealed with `end_update` (or dropped with `discard`).
    #[error("staged writes are open: seal them with end_update first")]
    UpdateOpen,
    /// A block needs at least one update: its timestamp is the last update's.
    #[error("no state update to commit")]
    NoUpdates,
    /// A ready-made update whose mutations are not sorted by key, one per key.
    #[error("state update is not canonical")]
    InvalidUpdate(#[source] DecodeError),
    /// A key, value or count the block encoding cannot express (its lengths are u32).
    #[error("{what} of {len} exceeds the block encoding limit of u32::MAX")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// Its size.
        len: usize,
    },
    /// The head is block `u32::MAX`: the chain cannot grow further.
    #[error("the chain is full: block index u32::MAX reached")]
    ChainFull,
}
