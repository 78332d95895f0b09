//! The chain's backlog: requests that arrived and wait for a block, kept in the store's auxiliary key
//! space so that they survive a restart and leave it in the same commit as the block that processed them.
//!
//! Layout: `q` ‖ sequence (u64 BE) → encoded request (arrival order); `i` ‖ request id → sequence;
//! `bs` → next sequence number; `bn` → number of waiting requests.

use isc_abi::{Codec, RequestId};
use isc_sandbox::{AuxChange, Store};

use crate::error::RuntimeError;
use crate::refusal::Refusal;
use crate::request::Request;

const NEXT_SEQ: &[u8] = b"bs";
const COUNT: &[u8] = b"bn";

fn read_u64(store: &dyn Store, key: &[u8]) -> Result<u64, RuntimeError> {
    match store.aux_get(key)? {
        Some(b) => u64::decode(&b).map_err(|e| RuntimeError::Corrupt {
            record: "backlog counter",
            reason: e.to_string(),
        }),
        None => Ok(0),
    }
}

fn seq_key(seq: u64) -> Vec<u8> {
    let mut k = b"bq".to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn id_key(id: &RequestId) -> Vec<u8> {
    let mut k = b"bi".to_vec();
    k.extend_from_slice(&id.to_bytes());
    k
}

/// Number of waiting requests.
pub fn len(store: &dyn Store) -> Result<usize, RuntimeError> {
    Ok(read_u64(store, COUNT)? as usize)
}

/// Whether a request with this id waits in the backlog.
pub fn contains(store: &dyn Store, id: &RequestId) -> Result<bool, RuntimeError> {
    Ok(store.aux_get(&id_key(id))?.is_some())
}

/// Whether [`push`] would take the request.
pub fn check(store: &dyn Store, req: &Request, max: u32) -> Result<(), RuntimeError> {
    if store.aux_get(&id_key(&req.id))?.is_some() {
        return Err(Refusal::Duplicate(req.id).into());
    }
    if read_u64(store, COUNT)? >= u64::from(max) {
        return Err(Refusal::BacklogFull { limit: max }.into());
    }
    Ok(())
}

/// Adds a request; refuses (by [`check`]) a duplicate id and a backlog already holding `max` requests.
pub fn push(store: &dyn Store, req: &Request, max: u32) -> Result<(), RuntimeError> {
    check(store, req, max)?;
    let count = read_u64(store, COUNT)?;
    let seq = read_u64(store, NEXT_SEQ)?;
    store.aux_commit(&[
        (seq_key(seq), Some(req.encode())),
        (id_key(&req.id), Some(seq.encode())),
        (NEXT_SEQ.to_vec(), Some((seq + 1).encode())),
        (COUNT.to_vec(), Some((count + 1).encode())),
    ])?;
    Ok(())
}

/// Waiting requests in arrival order, at most `max`.
pub fn list(store: &dyn Store, max: usize) -> Result<Vec<Request>, RuntimeError> {
    let mut raw = Vec::new();
    store.aux_iterate_prefix(b"bq", &mut |_, v| {
        raw.push(v.to_vec());
        raw.len() < max
    })?;
    raw.iter()
        .map(|b| {
            Request::decode(b).map_err(|e| RuntimeError::Corrupt {
                record: "backlog entry",
                reason: e.to_string(),
            })
        })
        .collect()
}

/// The aux changes that remove `ids` from the backlog (committed with the block).
pub fn removals(store: &dyn Store, ids: &[RequestId]) -> Result<Vec<AuxChange>, RuntimeError> {
    let mut out = Vec::with_capacity(ids.len() * 2 + 1);
    let mut removed = 0u64;
    for id in ids {
        if let Some(seq) = store.aux_get(&id_key(id))? {
            let seq = u64::decode(&seq).map_err(|e| RuntimeError::Corrupt {
                record: "backlog index",
                reason: e.to_string(),
            })?;
            out.push((seq_key(seq), None));
            out.push((id_key(id), None));
            removed += 1;
        }
    }
    if removed > 0 {
        let count = read_u64(store, COUNT)?.saturating_sub(removed);
        out.push((COUNT.to_vec(), Some(count.encode())));
    }
    Ok(out)
}
