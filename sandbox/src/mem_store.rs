//! An in-memory [`Store`]: for tests, simulations and replays that need no persistence.

use std::collections::BTreeMap;

use parking_lot::RwLock;

use crate::store::{check_follows, AuxChange, ChainHead, CommitBatch, Store, StoredBlock};
use crate::{Mutation, StoreError};

/// Everything a [`MemStore`] holds, behind one lock so a commit is atomic for readers.
#[derive(Default)]
struct Inner {
    state: BTreeMap<Vec<u8>, Vec<u8>>,
    /// Blocks by index; index `i` is at position `i` because commits are contiguous from 0.
    blocks: Vec<StoredBlock>,
    head: Option<ChainHead>,
    aux: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// A [`Store`] kept in `BTreeMap`s behind a `parking_lot` read/write lock.
///
/// Reads take the lock recursively, so a prefix-walk callback may read the store again without
/// deadlocking behind a waiting writer.
#[derive(Default)]
pub struct MemStore {
    inner: RwLock<Inner>,
}

impl MemStore {
    /// An empty store (no block committed yet).
    pub fn new() -> Self {
        MemStore::default()
    }

    /// Writes a state key directly, bypassing the block history (`None` deletes).
    ///
    /// Exists for fault injection: it makes the state diverge from what its blocks say, which `verify`
    /// must detect. Never use it to change a chain's state.
    pub fn write_state_unchecked(&self, key: &[u8], value: Option<&[u8]>) {
        let mut inner = self.inner.write();
        match value {
            Some(v) => inner.state.insert(key.to_vec(), v.to_vec()),
            None => inner.state.remove(key),
        };
    }

    /// Replaces a stored block record without touching the state or the head; returns false when there
    /// is no block at that index.
    ///
    /// Exists for fault injection (a damaged history that `verify` must detect).
    pub fn write_block_unchecked(&self, block: StoredBlock) -> bool {
        let mut inner = self.inner.write();
        match inner.blocks.get_mut(block.index as usize) {
            Some(slot) => {
                *slot = block;
                true
            }
            None => false,
        }
    }
}

/// Walks `map` from `prefix` while keys start with it.
fn walk(map: &BTreeMap<Vec<u8>, Vec<u8>>, prefix: &[u8], f: &mut dyn FnMut(&[u8], &[u8]) -> bool) {
    for (k, v) in map.range::<[u8], _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    )) {
        if !k.starts_with(prefix) || !f(k, v) {
            break;
        }
    }
}

/// Applies auxiliary changes to the map.
fn apply_aux(map: &mut BTreeMap<Vec<u8>, Vec<u8>>, changes: &[AuxChange]) {
    for (k, v) in changes {
        match v {
            Some(v) => map.insert(k.clone(), v.clone()),
            None => map.remove(k),
        };
    }
}

impl Store for MemStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.inner.read_recursive().state.get(key).cloned())
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        walk(&self.inner.read_recursive().state, prefix, f);
        Ok(())
    }

    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        let mut inner = self.inner.write();
        check_follows(inner.head.as_ref(), batch.block.index)?;
        for m in &batch.mutations {
            match m {
                Mutation::Set { key, value } => inner.state.insert(key.clone(), value.clone()),
                Mutation::Delete { key } => inner.state.remove(key),
            };
        }
        apply_aux(&mut inner.aux, &batch.aux);
        inner.head = Some(batch.block.head());
        inner.blocks.push(batch.block.clone());
        Ok(())
    }

    fn head(&self) -> Result<Option<ChainHead>, StoreError> {
        Ok(self.inner.read_recursive().head)
    }

    fn block(&self, index: u32) -> Result<Option<StoredBlock>, StoreError> {
        Ok(self
            .inner
            .read_recursive()
            .blocks
            .get(index as usize)
            .cloned())
    }

    fn aux_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.inner.read_recursive().aux.get(key).cloned())
    }

    fn aux_iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        walk(&self.inner.read_recursive().aux, prefix, f);
        Ok(())
    }

    fn aux_commit(&self, changes: &[AuxChange]) -> Result<(), StoreError> {
        apply_aux(&mut self.inner.write().aux, changes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store_tests;

    #[test]
    fn store_contract() {
        store_tests::commit_read_and_refuse_out_of_order(&MemStore::new());
        store_tests::aux_space_is_separate(&MemStore::new());
        store_tests::prefix_walk_stops_and_orders(&MemStore::new());
    }

    #[test]
    fn unchecked_writes_bypass_history() {
        let s = MemStore::new();
        s.write_state_unchecked(b"k", Some(b"v"));
        assert_eq!(s.get(b"k").ok().flatten(), Some(b"v".to_vec()));
        assert_eq!(s.head().ok().flatten(), None);
        s.write_state_unchecked(b"k", None);
        assert_eq!(s.get(b"k").ok().flatten(), None);
        assert!(!s.write_block_unchecked(store_tests::stored_block(0, 1, b"x")));
    }
}
