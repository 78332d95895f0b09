//! Block results kept by the library behind handles, for a node that wants the figures of a block
//! at once and its large parts (the block's mutations, the receipts, the events) only when it asks.
//!
//! `isc_chain_commit_block` encodes the whole result into one buffer (7 MB for a block of 10,000
//! transfers), which the caller copies, decodes and frees. `isc_chain_commit_block_lazy` commits
//! the same block and instead fills a small struct ([`IscBlockSummary`]: state hash, the blocklog's
//! record, the lengths of the lists) and keeps the result behind a handle:
//! `isc_block_result_part` encodes one part on request, `isc_block_result_free` releases the result
//! (and the decoded block input, kept with it so that neither is dropped inside the commit call).

use std::sync::LazyLock;

use isc_runtime::{BlockInput, BlockResult};

use crate::buffer::{self, IscBuffer};
use crate::chain;
use crate::envelope::{self, ResultPart};
use crate::error::FfiError;
use crate::guard;
use crate::handles::Table;

/// Part of `isc_block_result_part`: the whole block result envelope, the same bytes
/// `isc_chain_commit_block` returns ("Block result" in `ffi/README.md`).
pub const ISC_PART_ENVELOPE: u32 = 0;
/// Part: the Block encoding, the bytes that were hashed into the state hash.
pub const ISC_PART_BLOCK: u32 = 1;
/// Part: the receipts, `count u32 ‖ per receipt bytes(Receipt)`.
pub const ISC_PART_RECEIPTS: u32 = 2;
/// Part: the events, `count u32 ‖ per event contract u32 ‖ timestamp i64 ‖ bytes(UTF-8 text)`.
pub const ISC_PART_EVENTS: u32 = 3;
/// Part: the outgoing requests, `count u32 ‖ per request bytes(outgoing request)`.
pub const ISC_PART_OUTGOING: u32 = 4;
/// Part: the transfers to L1, `count u32 ‖ per transfer address [32] ‖ bytes(Balances)`.
pub const ISC_PART_TRANSFERS: u32 = 5;
/// Part: the requests that did not run, `count u32 ‖ per request reason u8 ‖ request id [34]`.
pub const ISC_PART_NOT_RUN: u32 = 6;

/// A committed block's result, with the input it came from (dropped together, at free).
struct Kept {
    result: BlockResult,
    _input: BlockInput,
}

/// Every block result handle.
static RESULTS: LazyLock<Table<Kept>> = LazyLock::new(|| Table::new(3, "block result"));

/// The blocklog's record of a block (the BlockInfo encoding as a struct).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IscBlockInfo {
    /// The block's index.
    pub index: u32,
    /// The block input's timestamp, Unix nanoseconds.
    pub timestamp: i64,
    /// Requests processed (one receipt each).
    pub total_requests: u32,
    /// Requests that succeeded.
    pub successful_requests: u32,
    /// Gas burned by the block's requests.
    pub gas_burned: u64,
    /// Fees charged.
    pub fees: u64,
    /// The anchor of the previous block, from the block input.
    pub previous_anchor: [u8; 32],
}

/// What `isc_chain_commit_block_lazy` tells at once about a block; the rest is fetched from the
/// result handle with `isc_block_result_part`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IscBlockSummary {
    /// 1 when a block was committed; 0 when no request ran: nothing was committed, there is no
    /// result handle and every other field is zero.
    pub committed: u32,
    /// The state hash after the block.
    pub state_hash: [u8; 32],
    /// The block's index (the Block encoding's first field).
    pub block_index: u32,
    /// The timestamp of the block's last state update (the Block encoding's second field).
    pub block_timestamp: i64,
    /// Bytes of the Block encoding (`ISC_PART_BLOCK`).
    pub block_len: u64,
    /// The blocklog's record of the block.
    pub info: IscBlockInfo,
    /// Number of receipts (`ISC_PART_RECEIPTS`), one per processed request.
    pub receipts: u32,
    /// Number of events (`ISC_PART_EVENTS`).
    pub events: u32,
    /// Number of outgoing requests (`ISC_PART_OUTGOING`).
    pub outgoing: u32,
    /// Number of transfers to L1 (`ISC_PART_TRANSFERS`).
    pub transfers: u32,
    /// Number of requests of the input that did not run (`ISC_PART_NOT_RUN`).
    pub not_run: u32,
}

impl IscBlockSummary {
    /// The summary of a committed block's result.
    pub fn of(res: &BlockResult) -> IscBlockSummary {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        IscBlockSummary {
            committed: 1,
            state_hash: res.state_hash.0,
            block_index: res.block.index,
            block_timestamp: res.block.timestamp,
            block_len: res.block.encoded_len() as u64,
            info: IscBlockInfo {
                index: res.info.index,
                timestamp: res.info.timestamp,
                total_requests: res.info.total_requests,
                successful_requests: res.info.successful_requests,
                gas_burned: res.info.gas_burned,
                fees: res.info.fees,
                previous_anchor: res.info.previous_anchor.0,
            },
            receipts: count(res.receipts.len()),
            events: count(res.events.len()),
            outgoing: count(res.outgoing.len()),
            transfers: count(res.transfers.len()),
            not_run: count(res.not_run.len()),
        }
    }
}

/// Executes and commits a block exactly as `isc_chain_commit_block` does (same input, same state
/// hash, same result), but returns the result in two pieces: the figures in `*out_summary`, and a
/// handle to the whole result in `*out_result`, from which `isc_block_result_part` encodes any part
/// on request. Free the handle with `isc_block_result_free`. When no request ran, nothing is
/// committed, `out_summary->committed` is 0 and `*out_result` is 0 (no handle). On an error nothing
/// is committed and neither output is written.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out_summary` and `out_result` must be
/// writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_chain_commit_block_lazy(
    chain: u64,
    input: *const u8,
    input_len: usize,
    out_summary: *mut IscBlockSummary,
    out_result: *mut u64,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let summary = unsafe { guard::out(out_summary, "out_summary") }?;
        let handle = unsafe { guard::out(out_result, "out_result") }?;
        let (input, result) = unsafe { chain::commit(chain, input, input_len) }?;
        match result {
            None => {
                *summary = IscBlockSummary::default();
                *handle = 0;
            }
            Some(result) => {
                *summary = IscBlockSummary::of(&result);
                *handle = RESULTS.insert(Kept {
                    result,
                    _input: input,
                });
            }
        }
        Ok(())
    })
}

/// Encodes one part of a kept block result into `*out`: `ISC_PART_ENVELOPE` (the whole result, as
/// `isc_chain_commit_block` returns it), `ISC_PART_BLOCK`, `ISC_PART_RECEIPTS`, `ISC_PART_EVENTS`,
/// `ISC_PART_OUTGOING`, `ISC_PART_TRANSFERS` or `ISC_PART_NOT_RUN` (layouts at each constant and
/// in `ffi/README.md`). Any number of calls, from any threads, until the handle is freed; another
/// part number is `ISC_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `out` must be writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_block_result_part(
    result: u64,
    part: u32,
    out: *mut IscBuffer,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let part = match part {
            ISC_PART_ENVELOPE => None,
            ISC_PART_BLOCK => Some(ResultPart::Block),
            ISC_PART_RECEIPTS => Some(ResultPart::Receipts),
            ISC_PART_EVENTS => Some(ResultPart::Events),
            ISC_PART_OUTGOING => Some(ResultPart::Outgoing),
            ISC_PART_TRANSFERS => Some(ResultPart::Transfers),
            ISC_PART_NOT_RUN => Some(ResultPart::NotRun),
            _ => {
                return Err(FfiError::invalid(format!(
                    "part {part} is not a block result part (0 to 6)"
                )))
            }
        };
        let kept = RESULTS.get(result)?;
        let bytes = match part {
            None => envelope::encode_block_result(Some(&kept.result)),
            Some(part) => envelope::encode_block_result_part(&kept.result, part),
        };
        unsafe { buffer::put(out, bytes) };
        Ok(())
    })
}

/// Releases a kept block result (and its block input). Handle 0, what a block without a result
/// gives, is a no-op; afterwards every call with the handle gets `ISC_ERR_CLOSED`.
///
/// # Safety
/// `err` must be null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_block_result_free(result: u64, err: *mut IscBuffer) -> i32 {
    guard::call(err, || match result {
        0 => Ok(()),
        _ => RESULTS.close(result),
    })
}
