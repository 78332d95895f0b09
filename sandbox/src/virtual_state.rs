//! The state as execution sees it: the committed store plus the block being built on top.

use std::cell::RefCell;
use std::sync::Arc;

use isc_abi::{blake2b256, Hash};

use rustc_hash::FxHashMap;

use crate::block_changes::BlockChanges;
use crate::merge::{self, Pending};
use crate::store::{AuxChange, ChainHead, CommitBatch, Store, StoredBlock};
use crate::{
    next_state_hash, origin_state_hash, Block, KvRead, KvWrite, Mutation, StateError, StateUpdate,
    StoreError,
};

/// Timestamp of the origin state (no block yet): the Unix epoch.
///
/// A fixed value keeps the "strictly later than the state" rule total; a chain's first update must run
/// after 1970-01-01, which every real one does.
pub const ORIGIN_TIMESTAMP: i64 = 0;

/// Largest length the block encoding can express (its lengths and counts are u32).
const MAX_ENCODED_LEN: usize = u32::MAX as usize;

/// Values read from the store, by key (`None`: absent).
type StoreReads = FxHashMap<Box<[u8]>, Option<Box<[u8]>>>;

/// The result of a committed block: what a node anchors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCommit {
    /// The block as committed.
    pub block: Block,
    /// blake2b-256 of its encoding.
    pub block_hash: Hash,
    /// The state hash after it.
    pub state_hash: Hash,
}

/// A store plus the uncommitted block being built on it.
///
/// Reads see, in key order, the store overlaid with every pending change of the block (deleted keys
/// hidden). Writes are staged in the open update until [`VirtualState::end_update`] seals them with a
/// timestamp; [`VirtualState::commit_block`] turns the sealed updates into one [`Block`] and one atomic
/// store commit. Nothing reaches the store before that, so [`VirtualState::discard`] can always drop a
/// block whole.
pub struct VirtualState {
    store: Arc<dyn Store>,
    head: Option<ChainHead>,
    /// Net changes of the block, staged writes included: what reads merge over the store.
    pending: BlockChanges,
    /// Writes of the open update, not sealed yet.
    staged: Pending,
    updates: Vec<StateUpdate>,
    /// Store reads since the last commit, absent keys included: a block reads the same keys again
    /// and again (contract records, balances, counters), and a store read may be a disk transaction.
    /// Valid because the store only changes through this state's commits, which empty it; bounded
    /// because every read is paid for with gas.
    reads: RefCell<StoreReads>,
}

impl VirtualState {
    /// A virtual state on `store`, resuming after its head.
    pub fn new(store: Arc<dyn Store>) -> Result<VirtualState, StateError> {
        let head = store.head()?;
        Ok(VirtualState {
            store,
            head,
            pending: BlockChanges::new(),
            staged: Pending::new(),
            updates: Vec::new(),
            reads: RefCell::default(),
        })
    }

    /// The store below, e.g. to read the block history or the auxiliary key space.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Index of the last committed block, `None` before the first block.
    pub fn block_index(&self) -> Option<u32> {
        self.head.map(|h| h.index)
    }

    /// Timestamp of the committed state ([`ORIGIN_TIMESTAMP`] before the first block). Updates of the
    /// block being built are not counted; see [`VirtualState::updates`].
    pub fn timestamp(&self) -> i64 {
        self.head.map_or(ORIGIN_TIMESTAMP, |h| h.timestamp)
    }

    /// State hash of the committed state (the origin hash before the first block).
    pub fn state_hash(&self) -> Hash {
        self.head.map_or_else(origin_state_hash, |h| h.state_hash)
    }

    /// The sealed updates of the block being built, in order.
    pub fn updates(&self) -> &[StateUpdate] {
        &self.updates
    }

    /// Whether writes are staged and not yet sealed into an update.
    pub fn has_open_update(&self) -> bool {
        !self.staged.is_empty()
    }

    /// The timestamp the next update must exceed: the last sealed update's, or the state's.
    fn time_floor(&self) -> i64 {
        self.updates
            .last()
            .map_or(self.timestamp(), |u| u.timestamp)
    }

    fn check_timestamp(&self, got: i64) -> Result<(), StateError> {
        let previous = self.time_floor();
        if got > previous {
            Ok(())
        } else {
            Err(StateError::TimestampNotIncreasing { previous, got })
        }
    }

    /// Refuses what the block encoding could not express, before it is sealed into an update.
    fn check_encodable<'m>(
        &self,
        entries: impl ExactSizeIterator<Item = (&'m [u8], Option<&'m [u8]>)>,
    ) -> Result<(), StateError> {
        let too_large = |what, len| Err(StateError::TooLarge { what, len });
        if self.updates.len() >= MAX_ENCODED_LEN {
            return too_large("update count", self.updates.len() + 1);
        }
        if entries.len() > MAX_ENCODED_LEN {
            return too_large("mutation count", entries.len());
        }
        for (key, value) in entries {
            if key.len() > MAX_ENCODED_LEN {
                return too_large("key length", key.len());
            }
            if let Some(v) = value.filter(|v| v.len() > MAX_ENCODED_LEN) {
                return too_large("value length", v.len());
            }
        }
        Ok(())
    }

    /// Seals the staged writes into a [`StateUpdate`] at `timestamp` (sorted by key, last write wins).
    ///
    /// An update without writes is allowed: a request that changed nothing still ran at its time.
    /// `timestamp` must be later than the state and than the previous update of the block.
    pub fn end_update(&mut self, timestamp: i64) -> Result<(), StateError> {
        self.check_timestamp(timestamp)?;
        self.check_encodable(
            self.staged
                .iter()
                .map(|(k, v)| (k.as_slice(), v.as_deref())),
        )?;
        let mutations = std::mem::take(&mut self.staged)
            .into_iter()
            .map(|(k, v)| Mutation::from_entry(k, v))
            .collect();
        self.updates.push(StateUpdate::new(timestamp, mutations));
        Ok(())
    }

    /// Applies a ready-made update (e.g. one received from a peer), after the same checks as
    /// [`VirtualState::end_update`] plus its canonical form. Refused while writes are staged, since the
    /// two would interleave.
    pub fn apply_update(&mut self, update: StateUpdate) -> Result<(), StateError> {
        if self.has_open_update() {
            return Err(StateError::UpdateOpen);
        }
        self.check_timestamp(update.timestamp)?;
        update
            .check_canonical()
            .map_err(StateError::InvalidUpdate)?;
        self.check_encodable(update.mutations.iter().map(|m| (m.key(), m.value())))?;
        for m in &update.mutations {
            self.pending.set(m.key(), m.value());
        }
        self.updates.push(update);
        Ok(())
    }

    /// Commits the block being built; see [`VirtualState::commit_block_with_aux`].
    pub fn commit_block(&mut self) -> Result<BlockCommit, StateError> {
        self.commit_block_with_aux(Vec::new())
    }

    /// Turns the sealed updates into the next [`Block`] (timestamp: its last update's), hashes it, and
    /// commits state changes, block record, head and `aux` changes in one atomic store commit.
    ///
    /// On success the pending changes are gone (they are in the store) and the head has advanced. On any
    /// error nothing changes, in memory or in the store, so the caller may retry or [`discard`].
    ///
    /// [`discard`]: VirtualState::discard
    pub fn commit_block_with_aux(
        &mut self,
        aux: Vec<AuxChange>,
    ) -> Result<BlockCommit, StateError> {
        if self.has_open_update() {
            return Err(StateError::UpdateOpen);
        }
        let timestamp = self.updates.last().ok_or(StateError::NoUpdates)?.timestamp;
        let index = match self.head {
            None => 0,
            Some(h) => h.index.checked_add(1).ok_or(StateError::ChainFull)?,
        };
        let block = Block {
            index,
            timestamp,
            updates: std::mem::take(&mut self.updates),
        };
        // The record needs the encoding anyway, so hash those bytes rather than stream a second pass.
        let bytes = block.encode();
        let block_hash = blake2b256(&bytes);
        let state_hash = next_state_hash(&self.state_hash(), &block_hash);
        let batch = CommitBatch {
            mutations: self.pending.take_sorted(),
            block: StoredBlock {
                index,
                timestamp,
                bytes,
                state_hash,
            },
            aux,
        };
        if let Err(e) = self.store.commit(&batch) {
            // Put everything back as it was: the block is still being built.
            self.pending = BlockChanges::from_mutations(batch.mutations);
            self.updates = block.updates;
            return Err(e.into());
        }
        self.head = Some(batch.block.head());
        self.reads.get_mut().clear();
        Ok(BlockCommit {
            block,
            block_hash,
            state_hash,
        })
    }

    /// Drops every uncommitted change: staged writes and sealed updates alike.
    pub fn discard(&mut self) {
        self.pending.clear();
        self.staged.clear();
        self.updates.clear();
    }
}

impl VirtualState {
    /// Runs `f` on the committed value of `key`, read from the store once and then from the cache.
    fn stored<R>(&self, key: &[u8], f: impl FnOnce(Option<&[u8]>) -> R) -> Result<R, StoreError> {
        if let Some(value) = self.reads.borrow().get(key) {
            return Ok(f(value.as_deref()));
        }
        let value = self.store.get(key)?.map(Vec::into_boxed_slice);
        let result = f(value.as_deref());
        self.reads.borrow_mut().insert(key.into(), value);
        Ok(result)
    }
}

impl KvRead for VirtualState {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match self.pending.get(key) {
            Some(v) => Ok(v.map(<[u8]>::to_vec)),
            None => self.stored(key, |v| v.map(<[u8]>::to_vec)),
        }
    }

    fn get_with(&self, key: &[u8], f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StoreError> {
        match self.pending.get(key) {
            Some(v) => {
                f(v);
                Ok(())
            }
            None => self.stored(key, f),
        }
    }

    fn has(&self, key: &[u8]) -> Result<bool, StoreError> {
        match self.pending.get(key) {
            Some(v) => Ok(v.is_some()),
            None => self.stored(key, |v| v.is_some()),
        }
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.pending.walk(prefix, |changes| {
            merge::iterate_merged(changes, |g| self.store.iterate_prefix(prefix, g), f)
        })
    }
}

impl KvWrite for VirtualState {
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.staged.insert(key.to_vec(), Some(value.to_vec()));
        self.pending.set(key, Some(value));
    }

    fn delete(&mut self, key: &[u8]) {
        self.staged.insert(key.to_vec(), None);
        self.pending.set(key, None);
    }
}

#[cfg(test)]
#[path = "virtual_state_tests.rs"]
mod tests;
