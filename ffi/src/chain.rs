//! Chains behind handles: create or open one over a store, run blocks, call views, close it.
//!
//! A chain handle serves one caller at a time: a call made while another thread is inside a call on
//! the same handle returns `ISC_ERR_BUSY` at once (nothing is done). Different chains run in
//! parallel from any threads.

use std::sync::{Arc, LazyLock};

use isc_abi::{AgentId, ChainId, Codec, Dict, Hname};
use isc_runtime::{BlockInput, BlockResult, Chain, ProcessorRegistry, Request, RuntimeError};
use isc_sandbox::Store;

use crate::buffer::{self, IscBuffer};
use crate::callback_store::CallbackStore;
use crate::engine::ENGINES;
use crate::envelope;
use crate::error::{FfiError, ISC_ERR_STORE};
use crate::guard;
use crate::handles::Table;
use crate::store_config::{open_store, IscStoreConfig, OpenStore};

/// A chain behind a handle, with its callback store when it has one.
struct ChainEntry {
    chain: Chain,
    callbacks: Option<Arc<CallbackStore>>,
}

impl ChainEntry {
    /// `f` on the chain, its error with the code the node's callback returned when a store
    /// failure came from a callback (a failure inside a request reaches here as text only).
    fn run<T>(&self, f: impl FnOnce(&Chain) -> Result<T, RuntimeError>) -> Result<T, FfiError> {
        f(&self.chain).map_err(|e| {
            let mut e = FfiError::from(e);
            if let Some(failure) = self.callbacks.as_ref().and_then(|c| c.take_failure()) {
                if e.code == ISC_ERR_STORE && !e.message.contains(&failure) {
                    e.message = format!("{}: {failure}", e.message);
                }
            }
            e
        })
    }
}

/// Every chain handle.
static CHAINS: LazyLock<Table<ChainEntry>> = LazyLock::new(|| Table::new(2, "chain"));

/// The output location and the store config of a call that makes a chain handle, checked (in this
/// order) not to be null.
///
/// # Safety
/// Each pointer null or valid: `out_chain` writable, `store` a config.
unsafe fn handle_args<'a>(
    out_chain: *mut u64,
    store: *const IscStoreConfig,
) -> Result<(&'a mut u64, &'a IscStoreConfig), FfiError> {
    let out = unsafe { guard::out(out_chain, "out_chain") }?;
    let config = unsafe { store.as_ref() }.ok_or_else(|| FfiError::null("store"))?;
    Ok((out, config))
}

/// Opens the store `config` describes, builds a chain on it with `make` (given the store and the
/// engine's processors) and keeps the chain behind a new handle.
///
/// # Safety
/// As [`open_store`]: the pointers in `config` must be valid for its kind.
unsafe fn open_chain(
    engine: u64,
    config: &IscStoreConfig,
    make: impl FnOnce(Arc<dyn Store>, Arc<ProcessorRegistry>) -> Result<Chain, RuntimeError>,
) -> Result<u64, FfiError> {
    let registry = ENGINES.get(engine)?.registry.clone();
    let store = unsafe { open_store(config) }?;
    let chain = make(store.store.clone(), registry).map_err(|e| opening(&store, e))?;
    Ok(CHAINS.insert(ChainEntry {
        chain,
        callbacks: store.callbacks,
    }))
}

/// A store failure of a chain that is not open yet, with its callback's code.
fn opening(store: &OpenStore, e: RuntimeError) -> FfiError {
    let e = FfiError::from(e);
    match store.callbacks.as_ref().and_then(|c| c.take_failure()) {
        Some(f) if !e.message.contains(&f) => FfiError::new(e.code, format!("{}: {f}", e.message)),
        _ => e,
    }
}

/// The last committed block of a chain.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IscHead {
    /// Index of the last committed block (0: the origin).
    pub index: u32,
    /// Its timestamp, Unix nanoseconds: the next block's must be later.
    pub timestamp: i64,
    /// The state hash after it.
    pub state_hash: [u8; 32],
    /// The chain's id.
    pub chain_id: [u8; 32],
}

/// Creates a chain on an empty store: commits the origin block at `timestamp` (Unix ns) and puts
/// root's `init` request from `owner` (an agent id, 36 bytes) into the backlog, to run in the first
/// block (`isc_chain_backlog` lists it). Writes the chain's handle to `*out_chain`.
///
/// # Safety
/// `store` must point to a valid config; `chain_id` to 32 bytes, `owner` to 36, `description` to
/// `description_len` (UTF-8); `out_chain` must be writable; `err` null or a writable buffer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn isc_chain_create(
    engine: u64,
    store: *const IscStoreConfig,
    chain_id: *const u8,
    chain_id_len: usize,
    owner: *const u8,
    owner_len: usize,
    timestamp: i64,
    description: *const u8,
    description_len: usize,
    out_chain: *mut u64,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let (out, config) = unsafe { handle_args(out_chain, store) }?;
        let id = ChainId(unsafe { guard::array::<32>(chain_id, chain_id_len, "chain_id") }?);
        let owner = unsafe { guard::bytes(owner, owner_len, "owner") }?;
        let owner =
            AgentId::from_slice(owner).map_err(|e| FfiError::invalid(format!("owner: {e}")))?;
        let description = unsafe { guard::text(description, description_len, "description") }?;
        *out = unsafe {
            open_chain(engine, config, |store, registry| {
                Chain::create(store, registry, id, owner, timestamp, description)
            })
        }?;
        Ok(())
    })
}

/// Opens the chain kept in a store (`ISC_ERR_NO_CHAIN` when it holds none). Writes the handle to
/// `*out_chain`.
///
/// # Safety
/// `store` must point to a valid config; `out_chain` must be writable; `err` null or a writable
/// buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_open(
    engine: u64,
    store: *const IscStoreConfig,
    out_chain: *mut u64,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let (out, config) = unsafe { handle_args(out_chain, store) }?;
        *out = unsafe { open_chain(engine, config, Chain::open) }?;
        Ok(())
    })
}

/// Closes a chain: its store is released (a redb file is closed with its last chain). `ISC_ERR_BUSY`
/// while another thread is in a call on it; afterwards every call with the handle gets
/// `ISC_ERR_CLOSED`.
///
/// # Safety
/// `err` must be null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_close(chain: u64, err: *mut IscBuffer) -> i32 {
    guard::call(err, || CHAINS.close(chain))
}

/// Writes the chain's head (last committed block) and id to `*out`.
///
/// # Safety
/// `out` must be writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_head(chain: u64, out: *mut IscHead, err: *mut IscBuffer) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let entry = CHAINS.lock(chain)?;
        let (index, timestamp, hash) = entry.run(Chain::head)?;
        *out = IscHead {
            index,
            timestamp,
            state_hash: hash.0,
            chain_id: entry.chain.id().0,
        };
        Ok(())
    })
}

/// Writes the requests waiting in the chain's backlog, oldest first, to `*out` (layout: "Request
/// list" in `ffi/README.md`).
///
/// # Safety
/// `out` must be writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_backlog(
    chain: u64,
    out: *mut IscBuffer,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let requests = CHAINS.lock(chain)?.run(Chain::backlog)?;
        unsafe { buffer::put(out, envelope::encode_requests(&requests)) };
        Ok(())
    })
}

/// Puts one request (the `Request` encoding) into the chain's backlog; `ISC_ERR_REFUSED` for a
/// duplicate, a full backlog or params over the limit.
///
/// # Safety
/// `request` must point to `request_len` readable bytes; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_post(
    chain: u64,
    request: *const u8,
    request_len: usize,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let entry = CHAINS.lock(chain)?;
        let bytes = unsafe { guard::bytes(request, request_len, "request") }?;
        let req = Request::decode(bytes).map_err(|e| FfiError::decode("request", e))?;
        entry.run(|c| c.post(req))
    })
}

/// Executes a block input (layout: "Block input" in `ffi/README.md`) on the chain and commits the
/// block atomically, with the removal of its requests from the backlog; writes the block result
/// (layout: "Block result") to `*out`. When no request ran, nothing is committed and the result
/// says so. On an error nothing is committed.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` must be writable; `err` null or a
/// writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_commit_block(
    chain: u64,
    input: *const u8,
    input_len: usize,
    out: *mut IscBuffer,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let (_input, result) = unsafe { commit(chain, input, input_len) }?;
        unsafe { buffer::put(out, envelope::encode_block_result(result.as_ref())) };
        Ok(())
    })
}

/// The body of both block calls: decodes the input, runs and commits the block; the decoded input
/// comes back with the result, so the caller decides when it is dropped.
///
/// # Safety
/// `input` must point to `input_len` readable bytes (or be null with length 0).
pub(crate) unsafe fn commit(
    chain: u64,
    input: *const u8,
    input_len: usize,
) -> Result<(BlockInput, Option<BlockResult>), FfiError> {
    let entry = CHAINS.lock(chain)?;
    let bytes = unsafe { guard::bytes(input, input_len, "input") }?;
    let input =
        envelope::decode_block_input(bytes).map_err(|e| FfiError::decode("block input", e))?;
    let result = entry.run(|c| c.commit_block(&input))?;
    Ok((input, result))
}

/// Calls view `entry_point` of contract `contract` (hnames) with `params` (a `Dict` encoding; empty or
/// null for none) on the committed state; writes the result `Dict` encoding to `*out`.
///
/// # Safety
/// `params` must point to `params_len` readable bytes (or be null with length 0); `out` must be
/// writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_call_view(
    chain: u64,
    contract: u32,
    entry_point: u32,
    params: *const u8,
    params_len: usize,
    out: *mut IscBuffer,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let entry = CHAINS.lock(chain)?;
        let bytes = unsafe { guard::bytes(params, params_len, "params") }?;
        let params = if bytes.is_empty() {
            Dict::new()
        } else {
            Dict::decode(bytes).map_err(|e| FfiError::decode("params", e))?
        };
        let result = entry.run(|c| c.call_view(Hname(contract), Hname(entry_point), params))?;
        unsafe { buffer::put(out, result.encode()) };
        Ok(())
    })
}
