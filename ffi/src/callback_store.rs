//! A [`Store`] served by the node's own database through three C callbacks: `get`, `iterate` and
//! `commit` (a batch of sets and deletes applied all or nothing).
//!
//! The node provides an ordered byte key/value space; the chain's records are laid out in it under
//! one-byte prefixes (see `ffi/README.md`, "Store callbacks"):
//!
//! | key | value |
//! | --- | --- |
//! | `s` ‖ state key | state value |
//! | `a` ‖ aux key | auxiliary value (backlog, outbox, chain id) |
//! | `b` ‖ index u32 BE | timestamp i64 LE ‖ state hash \[32] ‖ encoded block |
//! | `h` | head: index u32 LE ‖ timestamp i64 LE ‖ state hash \[32] |
//!
//! Block indexes are big-endian so that the node's key order is block order.

use std::any::Any;
use std::ffi::c_void;
use std::fmt;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

use isc_abi::{Hash, HASH_LEN};
use isc_sandbox::{AuxChange, ChainHead, CommitBatch, Mutation, Store, StoreError, StoredBlock};
use parking_lot::Mutex;

use crate::error::{FfiError, ISC_OK};
use crate::guard;

const STATE: u8 = b's';
const AUX: u8 = b'a';
const BLOCK: u8 = b'b';
const HEAD: &[u8] = b"h";
/// Head record: index u32 ‖ timestamp i64 ‖ state hash.
const HEAD_LEN: usize = 4 + 8 + HASH_LEN;
/// Fixed part of a block record: timestamp i64 ‖ state hash.
const BLOCK_PREFIX_LEN: usize = 8 + HASH_LEN;

/// Where `get` puts the value it found. Opaque: fill it with [`isc_value_set`].
pub struct IscValue {
    value: Option<Vec<u8>>,
}

/// What `iterate` hands each entry to. Opaque: call [`isc_visit`] with it.
pub struct IscVisitor {
    /// The library's callback for one entry (returns whether to go on): a `&mut Walker` erased to a
    /// thin pointer, valid during the `iterate` call the visitor was made for.
    f: *mut std::ffi::c_void,
    /// The full prefix asked for (with the space byte); keys are handed on without the space byte.
    prefix: Vec<u8>,
    last_key: Option<Vec<u8>>,
    /// A key that broke the contract (outside the prefix, out of order), reported after `iterate`.
    error: Option<String>,
    /// A panic of `f`, resumed on the library's side of the boundary after `iterate` returns.
    panic: Option<Box<dyn Any + Send>>,
    stopped: bool,
}

/// One change of a commit: `op` 0 sets `key` to `value`, `op` 1 deletes `key` (`value` is then
/// null/0).
#[repr(C)]
pub struct IscKvChange {
    /// The key.
    pub key: *const u8,
    /// Its length.
    pub key_len: usize,
    /// The value of a set (`NULL` for a delete or an empty value).
    pub value: *const u8,
    /// Its length.
    pub value_len: usize,
    /// 0: set, 1: delete.
    pub op: u8,
}

/// `get(ctx, key, key_len, out)`: look `key` up; when it exists call `isc_value_set(out, ...)` (not
/// calling it means "no such key"). Return 0, or a non-zero code of the node's for a failure.
pub type IscGetFn = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        key: *const u8,
        key_len: usize,
        out: *mut IscValue,
    ) -> i32,
>;

/// `iterate(ctx, prefix, prefix_len, visitor)`: call `isc_visit(visitor, ...)` for every key that
/// starts with `prefix`, in ascending bytewise key order, until it returns false. Return 0 or a
/// non-zero code.
pub type IscIterateFn = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        prefix: *const u8,
        prefix_len: usize,
        visitor: *mut IscVisitor,
    ) -> i32,
>;

/// `commit(ctx, changes, n)`: apply the `n` changes atomically (all or none) and durably. Return 0
/// or a non-zero code (then none may have been applied).
pub type IscCommitFn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, changes: *const IscKvChange, n: usize) -> i32>;

/// The node's key/value space as three callbacks and the context they get back.
///
/// The library calls them only during a call into the chain that uses the store, on the caller's
/// thread (any thread the node calls from), one call of that chain at a time; `get` may be called
/// from inside `iterate` (from the visitor), so the callbacks must not hold a non-reentrant lock
/// across `isc_visit`. Pointers passed to a callback are valid only until it returns. `ctx` must
/// stay valid until the chain is closed.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct IscStoreCallbacks {
    /// Passed back to every callback as is (the node's own pointer or handle).
    pub ctx: *mut c_void,
    /// Point lookup.
    pub get: IscGetFn,
    /// Ordered prefix walk.
    pub iterate: IscIterateFn,
    /// Atomic batch write.
    pub commit: IscCommitFn,
}

/// Stores `len` bytes at `data` as the value `get` found (a null `data` with `len` 0 is the empty
/// value). Returns `ISC_OK` or `ISC_ERR_NULL`.
///
/// # Safety
/// `out` must be the pointer the library passed to `get`, during that call; `data` must point to
/// `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn isc_value_set(out: *mut IscValue, data: *const u8, len: usize) -> i32 {
    guard::call(std::ptr::null_mut(), || {
        let out = unsafe { guard::out(out, "out") }?;
        out.value = Some(unsafe { guard::bytes(data, len, "data") }?.to_vec());
        Ok(())
    })
}

/// Hands one entry of an `iterate` to the library. Returns true to go on, false when the walk must
/// stop (the library has what it needs, or the entry broke the contract: outside the prefix, not
/// after the previous key).
///
/// # Safety
/// `visitor` must be the pointer the library passed to `iterate`, during that call; `key`/`value`
/// must point to `key_len`/`value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn isc_visit(
    visitor: *mut IscVisitor,
    key: *const u8,
    key_len: usize,
    value: *const u8,
    value_len: usize,
) -> bool {
    let Some(v) = (unsafe { visitor.as_mut() }) else {
        return false;
    };
    if v.stopped {
        return false;
    }
    let entry = unsafe { guard::bytes(key, key_len, "key") }
        .and_then(|k| Ok((k, unsafe { guard::bytes(value, value_len, "value") }?)));
    let (key, value) = match entry {
        Ok(kv) => kv,
        Err(e) => return v.fail(e.message),
    };
    if !key.starts_with(&v.prefix) {
        return v.fail(format!(
            "iterate returned key {key:02x?} outside the prefix {:02x?}",
            v.prefix
        ));
    }
    if v.last_key.as_deref().is_some_and(|last| last >= key) {
        return v.fail(format!(
            "iterate returned key {key:02x?} not after the previous key"
        ));
    }
    v.last_key = Some(key.to_vec());
    // SAFETY: `v.f` points to the `Walker` borrowed by `CallbackStore::walk` for the whole `iterate`
    // call this visitor was made for, and the node calls `isc_visit` only during that call.
    let f: &mut Walker<'_> = unsafe { &mut *v.f.cast::<Walker<'_>>() };
    match catch_unwind(AssertUnwindSafe(|| f(&key[1..], value))) {
        Ok(true) => true,
        Ok(false) => {
            v.stopped = true;
            false
        }
        Err(payload) => {
            v.panic = Some(payload);
            v.stopped = true;
            false
        }
    }
}

/// The library's side of a walk: called per entry, returns whether to go on.
type Walker<'a> = &'a mut dyn FnMut(&[u8], &[u8]) -> bool;

impl IscVisitor {
    fn fail(&mut self, message: String) -> bool {
        self.error.get_or_insert(message);
        self.stopped = true;
        false
    }
}

/// A callback's non-zero return code, as the source of a [`StoreError`].
#[derive(Debug, Clone, Copy)]
struct CallbackFailed {
    callback: &'static str,
    code: i32,
}

impl fmt::Display for CallbackFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the node's `{}` callback returned {}",
            self.callback, self.code
        )
    }
}

impl std::error::Error for CallbackFailed {}

fn corrupt(record: impl Into<String>, reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        record: record.into(),
        reason: reason.into(),
    }
}

/// The function types behind the nullable callback types.
type GetFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut IscValue) -> i32;
type IterateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut IscVisitor) -> i32;
type CommitFn = unsafe extern "C" fn(*mut c_void, *const IscKvChange, usize) -> i32;

/// The [`Store`] over a node's callbacks.
pub struct CallbackStore {
    ctx: *mut c_void,
    get: GetFn,
    iterate: IterateFn,
    commit: CommitFn,
    /// Serialises commits: the head check and the write must not interleave with another commit.
    writing: Mutex<()>,
    /// The last callback failure, kept because an error met while a request runs reaches the caller
    /// as text without its source.
    last_failure: Mutex<Option<CallbackFailed>>,
}

// SAFETY: the store only passes `ctx` back to the node's callbacks, which the node provides for
// calls from whichever thread calls into the chain (the contract of `IscStoreCallbacks`); the
// library itself never dereferences it.
unsafe impl Send for CallbackStore {}
// SAFETY: as for `Send`: shared use only hands `ctx` to the callbacks, one chain call at a time.
unsafe impl Sync for CallbackStore {}

impl CallbackStore {
    /// The store over `callbacks`; each of them must be set.
    pub fn new(callbacks: &IscStoreCallbacks) -> Result<CallbackStore, FfiError> {
        let missing = |name: &str| FfiError::null(&format!("store callback `{name}`"));
        Ok(CallbackStore {
            ctx: callbacks.ctx,
            get: callbacks.get.ok_or_else(|| missing("get"))?,
            iterate: callbacks.iterate.ok_or_else(|| missing("iterate"))?,
            commit: callbacks.commit.ok_or_else(|| missing("commit"))?,
            writing: Mutex::new(()),
            last_failure: Mutex::new(None),
        })
    }

    fn failed(&self, operation: &'static str, callback: &'static str, code: i32) -> StoreError {
        let failure = CallbackFailed { callback, code };
        *self.last_failure.lock() = Some(failure);
        StoreError::backend(operation, failure)
    }

    /// What the last failing callback returned (`the node's `get` callback returned 7`), forgotten
    /// once taken.
    pub fn take_failure(&self) -> Option<String> {
        self.last_failure.lock().take().map(|f| f.to_string())
    }

    fn read(&self, key: &[u8], operation: &'static str) -> Result<Option<Vec<u8>>, StoreError> {
        let mut out = IscValue { value: None };
        // SAFETY: the node's contract for `get`: it reads `key` during the call and writes `out`
        // only through `isc_value_set`.
        let code = unsafe { (self.get)(self.ctx, key.as_ptr(), key.len(), &mut out) };
        if code != ISC_OK {
            return Err(self.failed(operation, "get", code));
        }
        Ok(out.value)
    }

    fn walk(
        &self,
        prefix: Vec<u8>,
        operation: &'static str,
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        let mut walker: Walker<'_> = f;
        let mut visitor = IscVisitor {
            // Used only by `isc_visit` during the `iterate` call below, while `walker` lives here.
            f: (&mut walker as *mut Walker<'_>).cast(),
            prefix,
            last_key: None,
            error: None,
            panic: None,
            stopped: false,
        };
        // SAFETY: the node's contract for `iterate`: it hands entries to `isc_visit` with this
        // visitor during the call only.
        let code = unsafe {
            (self.iterate)(
                self.ctx,
                visitor.prefix.as_ptr(),
                visitor.prefix.len(),
                &mut visitor,
            )
        };
        if let Some(payload) = visitor.panic.take() {
            resume_unwind(payload);
        }
        if let Some(error) = visitor.error {
            return Err(StoreError::backend(operation, error));
        }
        if code != ISC_OK {
            return Err(self.failed(operation, "iterate", code));
        }
        Ok(())
    }

    fn write(
        &self,
        changes: &[(Vec<u8>, Option<Vec<u8>>)],
        operation: &'static str,
    ) -> Result<(), StoreError> {
        let raw: Vec<IscKvChange> = changes
            .iter()
            .map(|(key, value)| IscKvChange {
                key: key.as_ptr(),
                key_len: key.len(),
                value: value.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
                value_len: value.as_ref().map_or(0, Vec::len),
                op: u8::from(value.is_none()),
            })
            .collect();
        // SAFETY: `raw` and the keys and values it points to live until the call returns.
        let code = unsafe { (self.commit)(self.ctx, raw.as_ptr(), raw.len()) };
        if code != ISC_OK {
            return Err(self.failed(operation, "commit", code));
        }
        Ok(())
    }
}

fn spaced(space: u8, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + key.len());
    out.push(space);
    out.extend_from_slice(key);
    out
}

fn block_key(index: u32) -> Vec<u8> {
    spaced(BLOCK, &index.to_be_bytes())
}

fn encode_head(head: &ChainHead) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEAD_LEN);
    out.extend_from_slice(&head.index.to_le_bytes());
    out.extend_from_slice(&head.timestamp.to_le_bytes());
    out.extend_from_slice(head.state_hash.as_bytes());
    out
}

fn decode_head(bytes: &[u8]) -> Result<ChainHead, StoreError> {
    if bytes.len() != HEAD_LEN {
        return Err(corrupt(
            "head",
            format!("{} bytes, not {HEAD_LEN}", bytes.len()),
        ));
    }
    let (index, rest) = bytes.split_at(4);
    let (timestamp, hash) = rest.split_at(8);
    Ok(ChainHead {
        index: u32::from_le_bytes(index.try_into().unwrap_or_default()),
        timestamp: i64::from_le_bytes(timestamp.try_into().unwrap_or_default()),
        state_hash: Hash::from_slice(hash).map_err(|e| corrupt("head", e.to_string()))?,
    })
}

fn aux_changes(changes: &[AuxChange]) -> impl Iterator<Item = (Vec<u8>, Option<Vec<u8>>)> + '_ {
    changes.iter().map(|(k, v)| (spaced(AUX, k), v.clone()))
}

impl Store for CallbackStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(&spaced(STATE, key), "read a state key")
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(spaced(STATE, prefix), "walk the state", f)
    }

    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        let _writing = self.writing.lock();
        let head = self.head()?;
        let expected = match head {
            None => Some(0),
            Some(h) => h.index.checked_add(1),
        };
        if expected != Some(batch.block.index) {
            return Err(StoreError::IndexOutOfOrder {
                head: head.map(|h| h.index),
                got: batch.block.index,
            });
        }
        let mut changes: Vec<(Vec<u8>, Option<Vec<u8>>)> =
            Vec::with_capacity(batch.mutations.len() + batch.aux.len() + 2);
        for m in &batch.mutations {
            changes.push(match m {
                Mutation::Set { key, value } => (spaced(STATE, key), Some(value.clone())),
                Mutation::Delete { key } => (spaced(STATE, key), None),
            });
        }
        let block = &batch.block;
        let mut record = Vec::with_capacity(BLOCK_PREFIX_LEN + block.bytes.len());
        record.extend_from_slice(&block.timestamp.to_le_bytes());
        record.extend_from_slice(block.state_hash.as_bytes());
        record.extend_from_slice(&block.bytes);
        changes.push((block_key(block.index), Some(record)));
        changes.push((HEAD.to_vec(), Some(encode_head(&block.head()))));
        changes.extend(aux_changes(&batch.aux));
        self.write(&changes, "commit a block")
    }

    fn head(&self) -> Result<Option<ChainHead>, StoreError> {
        self.read(HEAD, "read the head")?
            .map(|b| decode_head(&b))
            .transpose()
    }

    fn block(&self, index: u32) -> Result<Option<StoredBlock>, StoreError> {
        let Some(record) = self.read(&block_key(index), "read a block")? else {
            return Ok(None);
        };
        if record.len() < BLOCK_PREFIX_LEN {
            return Err(corrupt(format!("block {index}"), "shorter than its header"));
        }
        let (timestamp, rest) = record.split_at(8);
        let (hash, bytes) = rest.split_at(HASH_LEN);
        Ok(Some(StoredBlock {
            index,
            timestamp: i64::from_le_bytes(timestamp.try_into().unwrap_or_default()),
            state_hash: Hash::from_slice(hash)
                .map_err(|e| corrupt(format!("block {index}"), e.to_string()))?,
            bytes: bytes.to_vec(),
        }))
    }

    fn aux_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(&spaced(AUX, key), "read an aux key")
    }

    fn aux_iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(spaced(AUX, prefix), "walk the aux keys", f)
    }

    fn aux_commit(&self, changes: &[AuxChange]) -> Result<(), StoreError> {
        let _writing = self.writing.lock();
        let changes: Vec<_> = aux_changes(changes).collect();
        self.write(&changes, "commit aux changes")
    }
}
