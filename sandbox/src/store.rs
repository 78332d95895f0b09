//! The seam between the execution engine and persistence: what a backend must provide.

use isc_abi::Hash;

use crate::{Mutation, StoreError};

/// One change to the node-local auxiliary key space: `None` deletes the key.
pub type AuxChange = (Vec<u8>, Option<Vec<u8>>);

/// The last committed block, as the store records it: enough to resume building the next block
/// without reading the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    /// Index of the last committed block.
    pub index: u32,
    /// Its timestamp (Unix nanoseconds): the next block's updates must be later.
    pub timestamp: i64,
    /// The state hash after it.
    pub state_hash: Hash,
}

/// One entry of the block history: the encoded block and the state hash it led to.
///
/// The bytes are kept encoded (not as a `Block`) because they are exactly what was hashed: `verify` can
/// re-hash them without trusting a re-encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlock {
    /// The block's index.
    pub index: u32,
    /// The block's timestamp (Unix nanoseconds).
    pub timestamp: i64,
    /// `Block::encode()` of the block.
    pub bytes: Vec<u8>,
    /// The state hash after the block.
    pub state_hash: Hash,
}

/// Everything one block changes, committed together or not at all.
///
/// Keeping state mutations, the block record, the new head and the node's auxiliary changes (e.g. the
/// request backlog) in one batch means a crash can never leave a state without its block, a block
/// without its head, or a request both processed and still pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitBatch {
    /// Net state changes of the block, sorted by key, one per key.
    pub mutations: Vec<Mutation>,
    /// The block record; its index, timestamp and state hash become the new head.
    pub block: StoredBlock,
    /// Changes to the auxiliary key space.
    pub aux: Vec<AuxChange>,
}

/// A persistent chain state: the key/value state, the block history, the head, and an auxiliary key
/// space that is not part of the state hash.
///
/// `Send + Sync` so one store can serve a chain's executor and its readers from several threads.
/// Implementations must make `commit` atomic and must refuse a block that does not follow the head,
/// which protects the chain against two writers racing on one store.
pub trait Store: Send + Sync {
    /// The committed value of `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Calls `f` for every committed key starting with `prefix`, in ascending lexicographic order, until
    /// `f` returns `false`.
    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError>;

    /// Applies a whole block atomically: state mutations, block record, head, aux changes.
    ///
    /// Fails with [`StoreError::IndexOutOfOrder`] unless `batch.block.index` is the head's index + 1, or 0
    /// on an empty store; nothing is written then.
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError>;

    /// The last committed block, `None` before the first commit.
    fn head(&self) -> Result<Option<ChainHead>, StoreError>;

    /// The history entry of block `index`, `None` when there is none.
    fn block(&self, index: u32) -> Result<Option<StoredBlock>, StoreError>;

    /// A value of the auxiliary key space.
    fn aux_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Walks the auxiliary key space like [`Store::iterate_prefix`].
    fn aux_iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError>;

    /// Applies auxiliary changes atomically, outside any block (e.g. a request arriving in the backlog).
    fn aux_commit(&self, changes: &[AuxChange]) -> Result<(), StoreError>;
}

/// The commit-order rule shared by every backend: a block must follow the head directly.
pub(crate) fn check_follows(head: Option<&ChainHead>, index: u32) -> Result<(), StoreError> {
    let expected = match head {
        None => Some(0),
        Some(h) => h.index.checked_add(1),
    };
    if expected == Some(index) {
        Ok(())
    } else {
        Err(StoreError::IndexOutOfOrder {
            head: head.map(|h| h.index),
            got: index,
        })
    }
}

impl StoredBlock {
    /// The head this block becomes once committed.
    pub fn head(&self) -> ChainHead {
        ChainHead {
            index: self.index,
            timestamp: self.timestamp,
            state_hash: self.state_hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_rule() {
        let head = |index| ChainHead {
            index,
            timestamp: 0,
            state_hash: Hash::default(),
        };
        assert!(check_follows(None, 0).is_ok());
        assert!(check_follows(None, 1).is_err());
        assert!(check_follows(Some(&head(4)), 5).is_ok());
        assert!(check_follows(Some(&head(4)), 4).is_err());
        assert!(check_follows(Some(&head(4)), 6).is_err());
        assert!(check_follows(Some(&head(u32::MAX)), 0).is_err());
    }
}
