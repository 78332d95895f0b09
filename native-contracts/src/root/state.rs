//! root's state layout, readable by the runtime (contract resolution, owner, fee policy).
//!
//! Keys inside the root partition: `i` chain id (written by the origin block), `o` owner, `od` delegated
//! owner, `d` chain description, `f` fee policy, `c` ‖ hname (4 bytes LE) → [`ContractRecord`], `p` ‖
//! agent id → deploy permission. No fixed key starts with `c` or `p`, so prefix walks see only records.

use isc_abi::{AgentId, Codec, Hname};
use isc_gas::FeePolicy;
use isc_sandbox::VmError;

use super::ContractRecord;
use crate::kv::StateRead;

/// Chain id, recorded by the origin block.
pub const CHAIN_ID: &[u8] = b"i";
/// Chain owner.
pub const OWNER: &[u8] = b"o";
/// Delegated (not yet claimed) owner.
pub const DELEGATED_OWNER: &[u8] = b"od";
/// Chain description.
pub const DESCRIPTION: &[u8] = b"d";
/// Fee policy.
pub const FEE_POLICY: &[u8] = b"f";
/// Prefix of contract records.
pub const CONTRACT_PREFIX: u8 = b'c';
/// Prefix of deploy permissions.
pub const PERMISSION_PREFIX: u8 = b'p';

/// Key of the record of contract `hname`.
pub fn contract_key(hname: Hname) -> Vec<u8> {
    let mut key = vec![CONTRACT_PREFIX];
    key.extend_from_slice(&hname.to_bytes());
    key
}

/// Key of `agent`'s deploy permission.
pub fn permission_key(agent: &AgentId) -> Vec<u8> {
    let mut key = vec![PERMISSION_PREFIX];
    key.extend_from_slice(agent.as_bytes());
    key
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> VmError {
    VmError::Store(format!("corrupt root {what}: {e}"))
}

/// The record of contract `hname`, if deployed.
pub fn find_contract(
    state: &mut dyn StateRead,
    hname: Hname,
) -> Result<Option<ContractRecord>, VmError> {
    match state.get(&contract_key(hname))? {
        None => Ok(None),
        Some(bytes) => ContractRecord::decode(&bytes)
            .map(Some)
            .map_err(|e| corrupt("contract record", e)),
    }
}

/// Whether contract `hname` is deployed (its record exists), without decoding the record.
pub fn is_deployed(state: &mut dyn StateRead, hname: Hname) -> Result<bool, VmError> {
    state.has(&contract_key(hname))
}

/// Every contract record, by hname.
pub fn contracts(state: &mut dyn StateRead) -> Result<Vec<(Hname, ContractRecord)>, VmError> {
    let mut out = Vec::new();
    let mut bad: Option<String> = None;
    state.iterate_prefix(&[CONTRACT_PREFIX], &mut |key, value| match (
        Hname::from_slice(&key[1..]),
        ContractRecord::decode(value),
    ) {
        (Ok(h), Ok(rec)) => {
            out.push((h, rec));
            true
        }
        (Err(e), _) => {
            bad = Some(e.to_string());
            false
        }
        (_, Err(e)) => {
            bad = Some(e.to_string());
            false
        }
    })?;
    match bad {
        Some(e) => Err(corrupt("contract record", e)),
        None => Ok(out),
    }
}

/// The chain owner; `None` before root's init ran.
pub fn owner(state: &mut dyn StateRead) -> Result<Option<AgentId>, VmError> {
    match state.get(OWNER)? {
        None => Ok(None),
        Some(bytes) => AgentId::decode(&bytes)
            .map(Some)
            .map_err(|e| corrupt("owner", e)),
    }
}

/// The fee policy; free before root's init ran.
pub fn fee_policy(state: &mut dyn StateRead) -> Result<FeePolicy, VmError> {
    match state.get(FEE_POLICY)? {
        None => Ok(FeePolicy::FREE),
        Some(bytes) => FeePolicy::decode(&bytes).map_err(|e| corrupt("fee policy", e)),
    }
}
