//! blocklog: what happened, per block and per request. The exactly-once rule reads it: a request with a
//! receipt has been processed and is never run again.
//!
//! Layout inside the blocklog partition: `b` ‖ block index (u32 BE) → [`BlockInfo`]; `l` → latest block
//! index (u32 LE); `r` ‖ request id (34) → [`Receipt`]; `q` ‖ block index (u32 BE) ‖ request index (u16
//! BE) → request id.

mod entries;
mod types;

pub use types::{BlockInfo, Receipt};

use isc_abi::{Codec, Hname, RequestId};
use isc_sandbox::VmError;

use crate::kv::{StateRead, StateWrite, ViewState};
use crate::native::{Handler, NativeContract};

/// Entry point names.
pub mod names {
    /// View: block info `i` of block `n`.
    pub const GET_BLOCK_INFO: &str = "getBlockInfo";
    /// View: index `n` and info `i` of the latest block.
    pub const GET_LATEST_BLOCK_INFO: &str = "getLatestBlockInfo";
    /// View: receipt `rc` of request `r`.
    pub const GET_REQUEST_RECEIPT: &str = "getRequestReceipt";
    /// View: receipts of block `n`.
    pub const GET_REQUEST_RECEIPTS_FOR_BLOCK: &str = "getRequestReceiptsForBlock";
    /// View: `p` (bool): whether request `r` was processed.
    pub const IS_REQUEST_PROCESSED: &str = "isRequestProcessed";
}

/// Param and result keys.
pub mod keys {
    /// A block index (u32).
    pub const BLOCK_INDEX: &str = "n";
    /// Encoded block info.
    pub const BLOCK_INFO: &str = "i";
    /// A request id.
    pub const REQUEST_ID: &str = "r";
    /// Encoded receipt.
    pub const RECEIPT: &str = "rc";
    /// Whether processed (bool).
    pub const PROCESSED: &str = "p";
    /// Number of receipts (u32).
    pub const COUNT: &str = "c";
}

/// The blocklog contract.
pub static CONTRACT: NativeContract = NativeContract {
    name: "blocklog",
    hname: Hname(0xf538_ef2b),
    description: "Block log",
    entry_points: &[
        (
            names::GET_BLOCK_INFO,
            Handler::View(entries::get_block_info),
        ),
        (
            names::GET_LATEST_BLOCK_INFO,
            Handler::View(entries::get_latest_block_info),
        ),
        (
            names::GET_REQUEST_RECEIPT,
            Handler::View(entries::get_request_receipt),
        ),
        (
            names::GET_REQUEST_RECEIPTS_FOR_BLOCK,
            Handler::View(entries::get_request_receipts_for_block),
        ),
        (
            names::IS_REQUEST_PROCESSED,
            Handler::View(entries::is_request_processed),
        ),
    ],
};

fn block_key(index: u32) -> Vec<u8> {
    let mut key = vec![b'b'];
    key.extend_from_slice(&index.to_be_bytes());
    key
}

fn receipt_key(id: &RequestId) -> Vec<u8> {
    let mut key = vec![b'r'];
    key.extend_from_slice(&id.to_bytes());
    key
}

fn block_request_key(block: u32, index: u16) -> Vec<u8> {
    let mut key = vec![b'q'];
    key.extend_from_slice(&block.to_be_bytes());
    key.extend_from_slice(&index.to_be_bytes());
    key
}

const LATEST_KEY: &[u8] = b"l";

fn corrupt(what: &str, e: impl std::fmt::Display) -> VmError {
    VmError::Store(format!("corrupt blocklog {what}: {e}"))
}

/// Records the info of a block (and makes it the latest).
pub fn store_block_info(state: &mut dyn StateWrite, info: &BlockInfo) -> Result<(), VmError> {
    state.set(&block_key(info.index), &info.encode())?;
    state.set(LATEST_KEY, &info.index.encode())
}

/// The info of block `index`.
pub fn block_info(state: &mut dyn StateRead, index: u32) -> Result<Option<BlockInfo>, VmError> {
    match state.get(&block_key(index))? {
        None => Ok(None),
        Some(bytes) => BlockInfo::decode(&bytes)
            .map(Some)
            .map_err(|e| corrupt("block info", e)),
    }
}

/// The latest block info.
pub fn latest_block_info(state: &mut dyn StateRead) -> Result<Option<BlockInfo>, VmError> {
    match state.get(LATEST_KEY)? {
        None => Ok(None),
        Some(bytes) => {
            let index = u32::decode(&bytes).map_err(|e| corrupt("latest index", e))?;
            block_info(state, index)
        }
    }
}

/// Records a request's receipt; from now on the request counts as processed.
pub fn store_receipt(state: &mut dyn StateWrite, receipt: &Receipt) -> Result<(), VmError> {
    state.set(&receipt_key(&receipt.request_id), &receipt.encode())?;
    state.set(
        &block_request_key(receipt.block_index, receipt.request_index),
        &receipt.request_id.to_bytes(),
    )
}

/// The receipt of request `id`.
pub fn receipt(state: &mut dyn StateRead, id: &RequestId) -> Result<Option<Receipt>, VmError> {
    match state.get(&receipt_key(id))? {
        None => Ok(None),
        Some(bytes) => Receipt::decode(&bytes)
            .map(Some)
            .map_err(|e| corrupt("receipt", e)),
    }
}

/// Whether request `id` was processed (exactly-once check).
pub fn is_processed(state: &mut dyn StateRead, id: &RequestId) -> Result<bool, VmError> {
    Ok(state.get(&receipt_key(id))?.is_some())
}

/// The receipts of block `index`, in request order.
pub fn receipts_for_block(state: &mut dyn StateRead, index: u32) -> Result<Vec<Receipt>, VmError> {
    let mut prefix = vec![b'q'];
    prefix.extend_from_slice(&index.to_be_bytes());
    let mut ids = Vec::new();
    state.iterate_prefix(&prefix, &mut |_, value| {
        ids.push(value.to_vec());
        true
    })?;
    let mut out = Vec::with_capacity(ids.len());
    for bytes in ids {
        let id = RequestId::from_slice(&bytes).map_err(|e| corrupt("request id", e))?;
        let rec = receipt(state, &id)?.ok_or_else(|| corrupt("receipt", "missing"))?;
        out.push(rec);
    }
    Ok(out)
}
