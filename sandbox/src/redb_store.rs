//! A persistent [`Store`] on redb: one block commit is one redb write transaction.

use std::path::Path;
use std::sync::Arc;

use isc_abi::{Hash, HASH_LEN};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction};

use crate::redb_apply;
use crate::store::{check_follows, AuxChange, ChainHead, CommitBatch, Store, StoredBlock};
use crate::StoreError;

/// The namespace [`RedbStore::open`] uses: a file that holds a single chain.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Key of the head record in the meta table.
const HEAD_KEY: &str = "head";
/// Head record: index u32 LE ‖ timestamp i64 LE ‖ state hash.
const HEAD_LEN: usize = 4 + 8 + HASH_LEN;
/// Fixed part of a block record: timestamp i64 LE ‖ state hash, then the encoded block.
const BLOCK_PREFIX_LEN: usize = 8 + HASH_LEN;

/// Byte-keyed table of byte values (state and aux).
type BytesTable<'a> = TableDefinition<'a, &'static [u8], &'static [u8]>;

/// A chain's state in a redb database, under its own namespace.
///
/// Several chains share one file by using different namespaces: each gets four tables named
/// `{namespace}/state`, `{namespace}/blocks`, `{namespace}/meta` and `{namespace}/aux`. Table names
/// cannot collide across namespaces because the suffixes contain no `/`.
///
/// Every commit is one write transaction with redb's default (immediate) durability, so a file that
/// is reopened after a crash holds exactly the last committed block, never part of one.
pub struct RedbStore {
    db: Arc<Database>,
    namespace: String,
    state: String,
    blocks: String,
    meta: String,
    aux: String,
}

/// Maps any redb error to a backend error with the operation that failed.
pub(crate) fn be<E: Into<redb::Error>>(operation: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::backend(operation, e.into())
}

fn open_error(path: &Path, e: impl Into<redb::Error>) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        source: e.into().into(),
    }
}

/// Creates an empty database at `path`, built under a temporary name beside it and then linked into
/// place, which is atomic: the file at `path` never exists half-written. (redb writes a new file's
/// header in several steps; a SIGKILL between them left a file that no later open accepted.) If
/// another process put a file at `path` first, that one stays. A kill before the link leaves only the
/// temporary file, `.NAME.creating-PID`, which nothing reads.
fn create_whole(path: &Path) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.creating-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    drop(
        Database::builder()
            .create(&tmp)
            .map_err(|e| open_error(path, e))?,
    );
    let linked = match std::fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // A file system without hard links: a rename is atomic too.
        Err(_) => std::fs::rename(&tmp, path),
    };
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(|e| open_error(path, redb::StorageError::Io(e)))
}

impl RedbStore {
    /// Opens or creates the database file at `path`, for sharing between several namespaces.
    ///
    /// The whole file is integrity-checked on open: redb otherwise trusts a cleanly closed file and may
    /// panic on one damaged afterwards, while a node must get an error it can report. A file that is not
    /// a redb database gives [`StoreError::Open`] as well.
    ///
    /// A new file appears whole (built under a temporary name, then linked into place): a process
    /// killed while creating it leaves either no file at `path` or an empty database, never a
    /// half-written header that would not open.
    pub fn create_database(path: impl AsRef<Path>) -> Result<Arc<Database>, StoreError> {
        let path = path.as_ref();
        if !path.exists() {
            create_whole(path)?;
        }
        Database::builder()
            .set_check_integrity_on_open(true)
            .create(path)
            .map(Arc::new)
            .map_err(|e| open_error(path, e))
    }

    /// Opens or creates the database file at `path` holding one chain, in [`DEFAULT_NAMESPACE`].
    pub fn open(path: impl AsRef<Path>) -> Result<RedbStore, StoreError> {
        RedbStore::open_namespace(RedbStore::create_database(path)?, DEFAULT_NAMESPACE)
    }

    /// Opens the chain stored under `namespace` in a shared database, creating its tables if needed.
    pub fn open_namespace(db: Arc<Database>, namespace: &str) -> Result<RedbStore, StoreError> {
        if namespace.is_empty() {
            return Err(StoreError::InvalidNamespace {
                namespace: namespace.to_string(),
                reason: "must not be empty",
            });
        }
        let store = RedbStore {
            db,
            namespace: namespace.to_string(),
            state: format!("{namespace}/state"),
            blocks: format!("{namespace}/blocks"),
            meta: format!("{namespace}/meta"),
            aux: format!("{namespace}/aux"),
        };
        // Create the tables once, so that reads never meet a missing table.
        let txn = store
            .db
            .begin_write()
            .map_err(be("begin a write transaction"))?;
        txn.open_table(store.state_def())
            .map_err(be("create the state table"))?;
        txn.open_table(store.blocks_def())
            .map_err(be("create the blocks table"))?;
        txn.open_table(store.meta_def())
            .map_err(be("create the meta table"))?;
        txn.open_table(store.aux_def())
            .map_err(be("create the aux table"))?;
        txn.commit().map_err(be("commit the table creation"))?;
        // Fail at open, not at first use, when the head record is damaged.
        store.head()?;
        Ok(store)
    }

    /// The shared database, so another namespace can be opened in the same file.
    pub fn database(&self) -> &Arc<Database> {
        &self.db
    }

    /// The namespace this store lives in.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub(crate) fn state_def(&self) -> BytesTable<'_> {
        TableDefinition::new(&self.state)
    }

    fn aux_def(&self) -> BytesTable<'_> {
        TableDefinition::new(&self.aux)
    }

    pub(crate) fn blocks_def(&self) -> TableDefinition<'_, u32, &'static [u8]> {
        TableDefinition::new(&self.blocks)
    }

    fn meta_def(&self) -> TableDefinition<'_, &'static str, &'static [u8]> {
        TableDefinition::new(&self.meta)
    }

    /// Reads one key of a byte table in a fresh read transaction.
    fn read_bytes(&self, def: BytesTable<'_>, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self
            .db
            .begin_read()
            .map_err(be("begin a read transaction"))?;
        let table = txn
            .open_table(def)
            .map_err(be("open a table for reading"))?;
        let value = table.get(key).map_err(be("read a key"))?;
        Ok(value.map(|v| v.value().to_vec()))
    }

    /// Walks a byte table from `prefix` in a single read transaction (one consistent snapshot).
    fn walk(
        &self,
        def: BytesTable<'_>,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        let txn = self
            .db
            .begin_read()
            .map_err(be("begin a read transaction"))?;
        let table = txn
            .open_table(def)
            .map_err(be("open a table for reading"))?;
        for item in table
            .range::<&[u8]>(prefix..)
            .map_err(be("start a range"))?
        {
            let (k, v) = item.map_err(be("read a range entry"))?;
            let k = k.value();
            if !k.starts_with(prefix) || !f(k, v.value()) {
                break;
            }
        }
        Ok(())
    }

    /// Writes the whole batch into `txn`; the caller commits or aborts.
    fn write_batch(&self, txn: &WriteTransaction, batch: &CommitBatch) -> Result<(), StoreError> {
        let mut meta = txn
            .open_table(self.meta_def())
            .map_err(be("open the meta table"))?;
        let head = match meta.get(HEAD_KEY).map_err(be("read the head"))? {
            Some(v) => Some(decode_head(v.value())?),
            None => None,
        };
        check_follows(head.as_ref(), batch.block.index)?;
        let mut state = txn
            .open_table(self.state_def())
            .map_err(be("open the state table"))?;
        redb_apply::apply_sorted(&mut state, &batch.mutations)?;
        drop(state);
        let b = &batch.block;
        let mut blocks = txn
            .open_table(self.blocks_def())
            .map_err(be("open the blocks table"))?;
        // Reserve the record in place: the encoded block can be megabytes, not worth a copy.
        let mut record = blocks
            .insert_reserve(b.index, BLOCK_PREFIX_LEN + b.bytes.len())
            .map_err(be("write a block record"))?;
        let (prefix, rest) = record.as_mut().split_at_mut(BLOCK_PREFIX_LEN);
        prefix[..8].copy_from_slice(&b.timestamp.to_le_bytes());
        prefix[8..].copy_from_slice(b.state_hash.as_bytes());
        rest.copy_from_slice(&b.bytes);
        drop(record);
        meta.insert(HEAD_KEY, encode_head(&b.head()).as_slice())
            .map_err(be("write the head"))?;
        write_aux(txn, self.aux_def(), &batch.aux)
    }
}

/// Applies auxiliary changes inside a write transaction.
fn write_aux(
    txn: &WriteTransaction,
    def: BytesTable<'_>,
    changes: &[AuxChange],
) -> Result<(), StoreError> {
    let mut aux = txn.open_table(def).map_err(be("open the aux table"))?;
    for (k, v) in changes {
        match v {
            Some(v) => aux.insert(k.as_slice(), v.as_slice()).map(drop),
            None => aux.remove(k.as_slice()).map(drop),
        }
        .map_err(be("write an aux key"))?;
    }
    Ok(())
}

/// Commits `txn` if `result` is Ok, aborts it otherwise.
fn finish(txn: WriteTransaction, result: Result<(), StoreError>) -> Result<(), StoreError> {
    match result {
        Ok(()) => txn.commit().map_err(be("commit a write transaction")),
        Err(e) => {
            // The write error is the one worth reporting; an abort failure adds nothing to it.
            let _ = txn.abort();
            Err(e)
        }
    }
}

fn encode_head(h: &ChainHead) -> [u8; HEAD_LEN] {
    let mut out = [0u8; HEAD_LEN];
    out[..4].copy_from_slice(&h.index.to_le_bytes());
    out[4..12].copy_from_slice(&h.timestamp.to_le_bytes());
    out[12..].copy_from_slice(h.state_hash.as_bytes());
    out
}

fn decode_head(bytes: &[u8]) -> Result<ChainHead, StoreError> {
    let corrupt = || StoreError::Corrupt {
        record: "head".to_string(),
        reason: format!("expected {HEAD_LEN} bytes, found {}", bytes.len()),
    };
    let arr: &[u8; HEAD_LEN] = bytes.try_into().map_err(|_| corrupt())?;
    let (index, rest) = arr.split_first_chunk::<4>().ok_or_else(corrupt)?;
    let (ts, hash) = rest.split_first_chunk::<8>().ok_or_else(corrupt)?;
    Ok(ChainHead {
        index: u32::from_le_bytes(*index),
        timestamp: i64::from_le_bytes(*ts),
        state_hash: Hash::from_slice(hash).map_err(|_| corrupt())?,
    })
}

fn decode_block(index: u32, bytes: &[u8]) -> Result<StoredBlock, StoreError> {
    let corrupt = || StoreError::Corrupt {
        record: format!("block {index}"),
        reason: format!(
            "record of {} bytes is shorter than its {BLOCK_PREFIX_LEN}-byte prefix",
            bytes.len()
        ),
    };
    let (ts, rest) = bytes.split_first_chunk::<8>().ok_or_else(corrupt)?;
    let (hash, block) = rest.split_first_chunk::<HASH_LEN>().ok_or_else(corrupt)?;
    Ok(StoredBlock {
        index,
        timestamp: i64::from_le_bytes(*ts),
        bytes: block.to_vec(),
        state_hash: Hash(*hash),
    })
}

impl Store for RedbStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.read_bytes(self.state_def(), key)
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(self.state_def(), prefix, f)
    }

    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        let txn = self
            .db
            .begin_write()
            .map_err(be("begin a write transaction"))?;
        let result = self.write_batch(&txn, batch);
        finish(txn, result)
    }

    fn head(&self) -> Result<Option<ChainHead>, StoreError> {
        let txn = self
            .db
            .begin_read()
            .map_err(be("begin a read transaction"))?;
        let table = txn
            .open_table(self.meta_def())
            .map_err(be("open the meta table"))?;
        let value = table.get(HEAD_KEY).map_err(be("read the head"))?;
        value.map(|v| decode_head(v.value())).transpose()
    }

    fn block(&self, index: u32) -> Result<Option<StoredBlock>, StoreError> {
        let txn = self
            .db
            .begin_read()
            .map_err(be("begin a read transaction"))?;
        let table = txn
            .open_table(self.blocks_def())
            .map_err(be("open the blocks table"))?;
        let value = table.get(index).map_err(be("read a block record"))?;
        value.map(|v| decode_block(index, v.value())).transpose()
    }

    fn aux_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.read_bytes(self.aux_def(), key)
    }

    fn aux_iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(self.aux_def(), prefix, f)
    }

    fn aux_commit(&self, changes: &[AuxChange]) -> Result<(), StoreError> {
        let txn = self
            .db
            .begin_write()
            .map_err(be("begin a write transaction"))?;
        let result = write_aux(&txn, self.aux_def(), changes);
        finish(txn, result)
    }
}

#[cfg(test)]
#[path = "redb_store_tests.rs"]
mod tests;
