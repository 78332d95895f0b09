//! Checking a store against its own history: replay every block from the origin and compare.

use std::collections::{BTreeMap, HashMap};

use isc_abi::{blake2b256, DecodeError, Hash};

use crate::{
    next_state_hash, origin_state_hash, Block, Mutation, Store, StoreError, ORIGIN_TIMESTAMP,
};

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Number of blocks replayed (head index + 1, or 0 for an empty store).
    pub blocks: u64,
    /// The state hash recomputed from the origin, equal to the head's.
    pub state_hash: Hash,
    /// Number of keys in the replayed state, equal to the store's.
    pub keys: usize,
}

/// How a store key disagrees with the replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    /// The replay has the key, the store does not.
    Missing,
    /// The store has a key the replay does not.
    Unexpected,
    /// Both have the key with different values.
    ValueDiffers,
}

/// Where and how a store diverges from its history. Every variant about a block names its index, so an
/// operator knows from which block on the data cannot be trusted.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The history has a gap below the head.
    #[error("block {index} is missing from the history")]
    MissingBlock {
        /// The missing index.
        index: u32,
    },
    /// A block record beyond the head: a commit that wrote its block but not its head.
    #[error("block {index} is stored beyond the head")]
    UnexpectedBlock {
        /// Its index.
        index: u32,
    },
    /// The stored bytes do not decode as a block.
    #[error("block {index} does not decode")]
    BlockCorrupt {
        /// The block's index.
        index: u32,
        /// Why.
        #[source]
        error: DecodeError,
    },
    /// The block at position `index` says it is block `found`.
    #[error("block {index} records index {found}")]
    IndexMismatch {
        /// Position in the history.
        index: u32,
        /// Index found in the record or the encoding.
        found: u32,
    },
    /// Timestamps of the block break the rules (strictly increasing, block = last update).
    #[error("block {index}: {reason}")]
    TimestampInconsistent {
        /// The block's index.
        index: u32,
        /// Which rule is broken.
        reason: &'static str,
    },
    /// The state hash stored with the block differs from the chain recomputed from the origin.
    #[error("block {index}: stored state hash {stored}, recomputed {computed}")]
    HashMismatch {
        /// The block's index.
        index: u32,
        /// What the store says.
        stored: Hash,
        /// What the replay gives.
        computed: Hash,
    },
    /// The head record disagrees with its block.
    #[error("head (block {index}) disagrees with the history: {what}")]
    HeadMismatch {
        /// The head's index.
        index: u32,
        /// Which field.
        what: &'static str,
    },
    /// The store's state differs from the replay at `key`.
    #[error("state key {key} ({kind:?}) differs from the history; last written in block {last_written_in_block:?}")]
    StateMismatch {
        /// The first differing key, in hex.
        key: String,
        /// How it differs.
        kind: MismatchKind,
        /// The last block that set or deleted the key, `None` if none ever did.
        last_written_in_block: Option<u32>,
    },
}

/// The replayed state and, per key, the last block that touched it.
#[derive(Default)]
struct Replay {
    state: BTreeMap<Vec<u8>, Vec<u8>>,
    last_written: HashMap<Vec<u8>, u32>,
}

impl Replay {
    fn apply(&mut self, index: u32, block: Block) {
        for update in block.updates {
            for m in update.mutations {
                self.last_written.insert(m.key().to_vec(), index);
                match m {
                    Mutation::Set { key, value } => self.state.insert(key, value),
                    Mutation::Delete { key } => self.state.remove(&key),
                };
            }
        }
    }
}

/// Checks the timestamp rules of block `index`, whose predecessor ended at `prev_ts`.
fn check_timestamps(
    index: u32,
    block: &Block,
    recorded: i64,
    prev_ts: i64,
) -> Result<(), VerifyError> {
    let bad = |reason| Err(VerifyError::TimestampInconsistent { index, reason });
    let Some(last) = block.updates.last() else {
        return bad("block has no updates");
    };
    let mut floor = prev_ts;
    for u in &block.updates {
        if u.timestamp <= floor {
            return bad("update timestamps do not strictly increase from the previous state");
        }
        floor = u.timestamp;
    }
    if block.timestamp != last.timestamp {
        return bad("block timestamp differs from its last update's");
    }
    if recorded != block.timestamp {
        return bad("recorded timestamp differs from the encoded one");
    }
    Ok(())
}

/// Replays every stored block from the origin on an empty in-memory state and checks the store against
/// it: each block decodes, its index and timestamps are consistent, the state-hash chain matches every
/// stored hash and the head, nothing is stored beyond the head, and the store's key/value set equals the
/// replay. Reports the first divergence.
///
/// Holds the whole replayed state in memory: meant for audits, tests and tooling, not for every start.
pub fn verify(store: &dyn Store) -> Result<VerifyReport, VerifyError> {
    let head = store.head()?;
    let mut replay = Replay::default();
    let mut state_hash = origin_state_hash();
    let mut prev_ts = ORIGIN_TIMESTAMP;
    let mut blocks = 0u64;
    if let Some(head) = head {
        for index in 0..=head.index {
            let record = store
                .block(index)?
                .ok_or(VerifyError::MissingBlock { index })?;
            if record.index != index {
                return Err(VerifyError::IndexMismatch {
                    index,
                    found: record.index,
                });
            }
            let block = Block::decode(&record.bytes)
                .map_err(|error| VerifyError::BlockCorrupt { index, error })?;
            if block.index != index {
                return Err(VerifyError::IndexMismatch {
                    index,
                    found: block.index,
                });
            }
            check_timestamps(index, &block, record.timestamp, prev_ts)?;
            state_hash = next_state_hash(&state_hash, &blake2b256(&record.bytes));
            if record.state_hash != state_hash {
                return Err(VerifyError::HashMismatch {
                    index,
                    stored: record.state_hash,
                    computed: state_hash,
                });
            }
            prev_ts = block.timestamp;
            replay.apply(index, block);
            blocks += 1;
        }
        if head.state_hash != state_hash {
            return Err(VerifyError::HeadMismatch {
                index: head.index,
                what: "state hash",
            });
        }
        if head.timestamp != prev_ts {
            return Err(VerifyError::HeadMismatch {
                index: head.index,
                what: "timestamp",
            });
        }
    }
    let next = head.map_or(Some(0), |h| h.index.checked_add(1));
    if let Some(index) = next {
        if store.block(index)?.is_some() {
            return Err(VerifyError::UnexpectedBlock { index });
        }
    }
    compare_state(store, &replay)?;
    Ok(VerifyReport {
        blocks,
        state_hash,
        keys: replay.state.len(),
    })
}

/// Walks the store's state and the replay side by side; reports the first key where they differ.
fn compare_state(store: &dyn Store, replay: &Replay) -> Result<(), VerifyError> {
    let mut expected = replay.state.iter().peekable();
    let mut found: Option<(Vec<u8>, MismatchKind)> = None;
    store.iterate_prefix(b"", &mut |key, value| {
        let mismatch = match expected.peek() {
            Some((k, _)) if k.as_slice() < key => Some((k.to_vec(), MismatchKind::Missing)),
            Some((k, v)) if k.as_slice() == key => {
                let differs = v.as_slice() != value;
                expected.next();
                differs.then(|| (key.to_vec(), MismatchKind::ValueDiffers))
            }
            _ => Some((key.to_vec(), MismatchKind::Unexpected)),
        };
        found = mismatch;
        found.is_none()
    })?;
    let found = found.or_else(|| {
        expected
            .next()
            .map(|(k, _)| (k.clone(), MismatchKind::Missing))
    });
    match found {
        None => Ok(()),
        Some((key, kind)) => Err(VerifyError::StateMismatch {
            last_written_in_block: replay.last_written.get(&key).copied(),
            key: hex::encode(&key),
            kind,
        }),
    }
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
