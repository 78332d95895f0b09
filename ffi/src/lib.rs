//! `isc-ffi`: the iscvm node seam as a small, stable C API, for nodes written in other languages
//! (the Go package in `go/` is built on it), as wasmvm is for CosmWasm.
//!
//! A node creates an engine (the processors and the Wasm module cache its chains share), opens or
//! creates chains over a store it owns (a redb file, or its own database behind three callbacks),
//! and for each block consensus agreed on hands over a block input and gets the block result back.
//! Everything that is not a handle or a number crosses as bytes in the project's own encodings,
//! framed by a small envelope ([`envelope`]; `ffi/README.md` documents every layout).
//!
//! The rules every function follows:
//! - it returns `ISC_OK` (0) or an `ISC_ERR_*` code, and when the caller passes an error buffer, a
//!   message that says what happened;
//! - a panic never unwinds across the boundary: it becomes `ISC_ERR_PANIC`;
//! - inputs are borrowed for the call only; everything returned in an [`IscBuffer`] belongs to the
//!   caller, who frees it with [`isc_buffer_free`];
//! - chains and engines are integer handles, checked on every call: an unknown, closed or busy
//!   handle is an error code, never a crash. A chain serves one caller at a time (`ISC_ERR_BUSY`
//!   otherwise); different chains run in parallel.
//!
//! The library links mimalloc as its allocator, as the `iscvm` binary does (glibc's spends a large
//! share of a block's time freeing the block's state); the caller's own allocations are untouched.
#![deny(missing_docs)]

/// The allocator of every Rust allocation of the library (buffers it returns included).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod buffer;
mod callback_store;
mod chain;
mod engine;
pub mod envelope;
mod error;
mod guard;
mod handles;
mod result;
mod store_config;
mod util;

pub use buffer::{isc_buffer_free, IscBuffer};
pub use callback_store::{
    isc_value_set, isc_visit, CallbackStore, IscCommitFn, IscGetFn, IscIterateFn, IscKvChange,
    IscStoreCallbacks, IscValue, IscVisitor,
};
pub use chain::{
    isc_chain_backlog, isc_chain_call_view, isc_chain_close, isc_chain_commit_block,
    isc_chain_create, isc_chain_head, isc_chain_open, isc_chain_post, IscHead,
};
pub use engine::{
    encode_report, isc_check_module, isc_engine_cache_metrics, isc_engine_free, isc_engine_new,
    IscCacheMetrics,
};
pub use error::*;
pub use result::{
    isc_block_result_free, isc_block_result_part, isc_chain_commit_block_lazy, IscBlockInfo,
    IscBlockSummary, ISC_PART_BLOCK, ISC_PART_ENVELOPE, ISC_PART_EVENTS, ISC_PART_NOT_RUN,
    ISC_PART_OUTGOING, ISC_PART_RECEIPTS, ISC_PART_TRANSFERS,
};
pub use store_config::{IscStoreConfig, ISC_STORE_CALLBACKS, ISC_STORE_MEMORY, ISC_STORE_REDB};
pub use util::{isc_blob_hash, isc_hname, isc_version, IscHash};
