//! The chains of an environment, by local name, kept in the L1 store's auxiliary key space
//! (`c` ‖ name → chain id) so that a store file reopens with all of its chains.

use isc_abi::{blake2b256, Address, ChainId};
use isc_sandbox::Store;

use isc_runtime::{Refusal, RuntimeError};

/// The name of the first chain of a store file (the one commands use when no chain is named).
pub const MAIN_CHAIN: &str = "main";

/// The longest chain name.
const MAX_NAME: usize = 32;

/// The store namespace of chain `name`: `chain` for [`MAIN_CHAIN`], `chain-NAME` for the others.
pub fn namespace(name: &str) -> String {
    if name == MAIN_CHAIN {
        "chain".to_string()
    } else {
        format!("chain-{name}")
    }
}

/// Refuses a name that is empty, longer than 32 bytes, or holds anything but ASCII letters, digits,
/// `-` and `_`.
pub fn check_name(name: &str) -> Result<(), RuntimeError> {
    if name.is_empty() || name.len() > MAX_NAME {
        return Err(Refusal::ChainName {
            name: name.to_string(),
            reason: format!("expected 1 to {MAX_NAME} characters"),
        }
        .into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Refusal::ChainName {
            name: name.to_string(),
            reason: format!("`{c}` is not allowed (letters, digits, `-` and `_`)"),
        }
        .into());
    }
    Ok(())
}

/// The deterministic id of chain `name` created by `owner` at `timestamp`:
/// blake2b-256("iscvm chain" ‖ owner address ‖ timestamp i64 LE ‖ name).
pub fn chain_id(owner: &Address, name: &str, timestamp: i64) -> ChainId {
    let mut input = b"iscvm chain".to_vec();
    input.extend_from_slice(owner.as_bytes());
    input.extend_from_slice(&timestamp.to_le_bytes());
    input.extend_from_slice(name.as_bytes());
    ChainId(blake2b256(&input).0)
}

fn key(name: &str) -> Vec<u8> {
    let mut k = b"c".to_vec();
    k.extend_from_slice(name.as_bytes());
    k
}

/// Every (name, chain id), by name.
pub fn list(l1: &dyn Store) -> Result<Vec<(String, ChainId)>, RuntimeError> {
    let mut raw = Vec::new();
    l1.aux_iterate_prefix(b"c", &mut |k, v| {
        raw.push((k[1..].to_vec(), v.to_vec()));
        true
    })?;
    raw.into_iter()
        .map(|(k, v)| {
            let corrupt = RuntimeError::corrupt("chain catalogue");
            let name = String::from_utf8(k).map_err(|e| corrupt(e.to_string()))?;
            let id = ChainId::from_slice(&v).map_err(|e| corrupt(e.to_string()))?;
            Ok((name, id))
        })
        .collect()
}

/// Records chain `name`.
pub fn add(l1: &dyn Store, name: &str, id: &ChainId) -> Result<(), RuntimeError> {
    Ok(l1.aux_commit(&[(key(name), Some(id.as_bytes().to_vec()))])?)
}

/// Forgets chain `name` (a chain whose creation did not complete).
pub fn remove(l1: &dyn Store, name: &str) -> Result<(), RuntimeError> {
    Ok(l1.aux_commit(&[(key(name), None)])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("a").is_ok());
        assert!(check_name("chain-2_b").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("a/b").is_err());
        assert!(check_name(&"x".repeat(33)).is_err());
        assert_eq!(namespace(MAIN_CHAIN), "chain");
        assert_eq!(namespace("b"), "chain-b");
        let owner = Address([1; 32]);
        assert_ne!(chain_id(&owner, "a", 1), chain_id(&owner, "b", 1));
        assert_ne!(chain_id(&owner, "a", 1), chain_id(&owner, "a", 2));
    }
}
