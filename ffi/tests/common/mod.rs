//! What the FFI tests share: thin safe wrappers over the extern functions (the tests call the C API
//! exactly as a C node would), a node-side store behind the callbacks, and the fixed scenarios the
//! Go tests replay (`scenario`).
#![allow(dead_code)]

pub mod kv;
pub mod scenario;

use isc_abi::{AgentId, ChainId, Codec, Dict, Hname};
use isc_ffi::envelope::{
    decode_block_result, decode_requests, encode_block_input, ISC_ENVELOPE_VERSION,
};
use isc_ffi::*;
use isc_runtime::{BlockInput, BlockResult, Request};

/// A failed call: its code and message.
pub type Failure = (i32, String);

/// Runs one call with an error buffer and turns its code and message into a `Result`.
pub fn call(f: impl FnOnce(*mut IscBuffer) -> i32) -> Result<(), Failure> {
    let mut err = IscBuffer::default();
    let code = f(&mut err);
    let message = String::from_utf8(unsafe { err.take() }).expect("messages are UTF-8");
    if code == ISC_OK {
        assert!(message.is_empty(), "a message on success: {message}");
        Ok(())
    } else {
        assert!(!message.is_empty(), "code {code} without a message");
        Err((code, message))
    }
}

/// The bytes of a returned buffer, freed.
pub fn take(mut buf: IscBuffer) -> Vec<u8> {
    unsafe { buf.take() }
}

/// A new chain on a memory store of `engine`, with the scenarios' id, owner and origin time.
pub fn memory_chain(engine: u64) -> u64 {
    use scenario::{owner, CHAIN_ID, T0};
    create(engine, &config(ISC_STORE_MEMORY), CHAIN_ID, owner(), T0).expect("create")
}

/// [`memory_chain`] with wallets 1 and 2 funded (blocks 0 and 1).
pub fn funded_chain(engine: u64) -> u64 {
    let chain = memory_chain(engine);
    let backlog = backlog(chain).expect("backlog");
    commit(chain, &scenario::funding_input(backlog, &[1, 2])).expect("funding");
    chain
}

/// A new engine (memory-only module cache).
pub fn engine() -> u64 {
    let mut h = 0;
    call(|err| unsafe { isc_engine_new(std::ptr::null(), 0, &mut h, err) }).expect("engine");
    h
}

/// A store config of `kind` with nothing else set.
pub fn config(kind: u32) -> IscStoreConfig {
    IscStoreConfig {
        kind,
        path: std::ptr::null(),
        path_len: 0,
        ns: std::ptr::null(),
        ns_len: 0,
        callbacks: IscStoreCallbacks {
            ctx: std::ptr::null_mut(),
            get: None,
            iterate: None,
            commit: None,
        },
    }
}

/// A redb store config for `path` (which must outlive the call that uses the config).
pub fn redb_config(path: &str, ns: &str) -> IscStoreConfig {
    IscStoreConfig {
        path: path.as_ptr(),
        path_len: path.len(),
        ns: ns.as_ptr(),
        ns_len: ns.len(),
        ..config(ISC_STORE_REDB)
    }
}

/// Creates a chain through the C API.
pub fn create(
    engine: u64,
    store: &IscStoreConfig,
    id: ChainId,
    owner: AgentId,
    timestamp: i64,
) -> Result<u64, Failure> {
    let mut h = 0;
    let owner = owner.encode();
    let description = "ffi test chain";
    call(|err| unsafe {
        isc_chain_create(
            engine,
            store,
            id.0.as_ptr(),
            32,
            owner.as_ptr(),
            owner.len(),
            timestamp,
            description.as_ptr(),
            description.len(),
            &mut h,
            err,
        )
    })?;
    Ok(h)
}

/// Opens a chain through the C API.
pub fn open(engine: u64, store: &IscStoreConfig) -> Result<u64, Failure> {
    let mut h = 0;
    call(|err| unsafe { isc_chain_open(engine, store, &mut h, err) })?;
    Ok(h)
}

/// The head of a chain.
pub fn head(chain: u64) -> Result<IscHead, Failure> {
    let mut head = IscHead::default();
    call(|err| unsafe { isc_chain_head(chain, &mut head, err) })?;
    Ok(head)
}

/// The backlog of a chain.
pub fn backlog(chain: u64) -> Result<Vec<Request>, Failure> {
    let mut out = IscBuffer::default();
    call(|err| unsafe { isc_chain_backlog(chain, &mut out, err) })?;
    Ok(decode_requests(&take(out)).expect("a backlog decodes"))
}

/// Commits raw block input bytes.
pub fn commit_bytes(chain: u64, input: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut out = IscBuffer::default();
    call(|err| unsafe {
        isc_chain_commit_block(chain, input.as_ptr(), input.len(), &mut out, err)
    })?;
    Ok(take(out))
}

/// Commits a block input and decodes the result.
pub fn commit(chain: u64, input: &BlockInput) -> Result<Option<BlockResult>, Failure> {
    let bytes = commit_bytes(chain, &encode_block_input(input))?;
    Ok(decode_block_result(&bytes).expect("a block result decodes"))
}

/// Calls a view.
pub fn view(chain: u64, contract: &str, entry: &str, params: &Dict) -> Result<Dict, Failure> {
    let mut out = IscBuffer::default();
    let params = params.encode();
    call(|err| unsafe {
        isc_chain_call_view(
            chain,
            Hname::new(contract).0,
            Hname::new(entry).0,
            params.as_ptr(),
            params.len(),
            &mut out,
            err,
        )
    })?;
    Ok(Dict::decode(&take(out)).expect("a view result decodes"))
}

/// Closes a chain.
pub fn close(chain: u64) -> Result<(), Failure> {
    call(|err| unsafe { isc_chain_close(chain, err) })
}

/// Commits a block input through `isc_chain_commit_block_lazy`: the summary and the result handle
/// (0 when no request ran).
pub fn commit_lazy_bytes(chain: u64, input: &[u8]) -> Result<(IscBlockSummary, u64), Failure> {
    let mut summary = IscBlockSummary::default();
    let mut result = 0;
    call(|err| unsafe {
        isc_chain_commit_block_lazy(
            chain,
            input.as_ptr(),
            input.len(),
            &mut summary,
            &mut result,
            err,
        )
    })?;
    Ok((summary, result))
}

/// One part of a kept block result.
pub fn result_part(result: u64, part: u32) -> Result<Vec<u8>, Failure> {
    let mut out = IscBuffer::default();
    call(|err| unsafe { isc_block_result_part(result, part, &mut out, err) })?;
    Ok(take(out))
}

/// Frees a kept block result.
pub fn free_result(result: u64) -> Result<(), Failure> {
    call(|err| unsafe { isc_block_result_free(result, err) })
}

/// The block result envelope put together from a summary and the parts of its handle, part by part
/// (so that it equals `ISC_PART_ENVELOPE`'s bytes only when every part is the envelope's piece).
pub fn envelope_from_parts(summary: &IscBlockSummary, result: u64) -> Vec<u8> {
    let part = |p| result_part(result, p).expect("part");
    let info = isc_native_contracts::blocklog::BlockInfo {
        index: summary.info.index,
        timestamp: summary.info.timestamp,
        total_requests: summary.info.total_requests,
        successful_requests: summary.info.successful_requests,
        gas_burned: summary.info.gas_burned,
        fees: summary.info.fees,
        previous_anchor: isc_abi::Hash(summary.info.previous_anchor),
    };
    let block = part(ISC_PART_BLOCK);
    assert_eq!(block.len() as u64, summary.block_len, "block_len");
    let mut out = vec![ISC_ENVELOPE_VERSION, 1];
    out.extend_from_slice(&summary.state_hash);
    for framed in [block, info.encode()] {
        out.extend_from_slice(&(framed.len() as u32).to_le_bytes());
        out.extend_from_slice(&framed);
    }
    for (p, count) in [
        (ISC_PART_RECEIPTS, summary.receipts),
        (ISC_PART_EVENTS, summary.events),
        (ISC_PART_OUTGOING, summary.outgoing),
        (ISC_PART_TRANSFERS, summary.transfers),
        (ISC_PART_NOT_RUN, summary.not_run),
    ] {
        let bytes = part(p);
        assert_eq!(bytes[..4], count.to_le_bytes(), "the count of part {p}");
        out.extend_from_slice(&bytes);
    }
    out
}

/// Commits a block input through `isc_chain_commit_block_lazy` and decodes the whole result from its
/// parts, checking them against the summary and the whole envelope (`ISC_PART_ENVELOPE`), then
/// frees the handle.
pub fn commit_lazy(chain: u64, input: &BlockInput) -> Result<Option<BlockResult>, Failure> {
    let (summary, result) = commit_lazy_bytes(chain, &encode_block_input(input))?;
    if summary.committed == 0 {
        assert_eq!(result, 0, "no handle without a block");
        assert_eq!(summary, IscBlockSummary::default());
        return Ok(None);
    }
    let whole = result_part(result, ISC_PART_ENVELOPE).expect("envelope");
    assert_eq!(
        envelope_from_parts(&summary, result),
        whole,
        "parts and envelope"
    );
    let res = decode_block_result(&whole)
        .expect("a block result decodes")
        .expect("a block");
    assert_eq!(
        IscBlockSummary::of(&res),
        summary,
        "the summary of the result"
    );
    free_result(result).expect("free");
    Ok(Some(res))
}
