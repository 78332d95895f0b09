//! blob's state layout, readable by the runtime (loading programs at deployment).

use isc_abi::{Dict, Hash, BLOB_FIELD_PROGRAM, BLOB_FIELD_VM_TYPE};
use isc_sandbox::VmError;

use crate::kv::StateRead;

/// Prefix of field values.
pub const FIELD_PREFIX: u8 = b'f';
/// Prefix of blob info records.
pub const INFO_PREFIX: u8 = b'i';

/// Key of field `field` of blob `hash`.
pub fn field_key(hash: &Hash, field: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(33 + field.len());
    key.push(FIELD_PREFIX);
    key.extend_from_slice(hash.as_bytes());
    key.extend_from_slice(field);
    key
}

/// Key of the info record of blob `hash`.
pub fn info_key(hash: &Hash) -> Vec<u8> {
    let mut key = Vec::with_capacity(33);
    key.push(INFO_PREFIX);
    key.extend_from_slice(hash.as_bytes());
    key
}

/// Field → size of blob `hash`, if stored.
pub fn info(state: &mut dyn StateRead, hash: &Hash) -> Result<Option<Dict>, VmError> {
    match state.get(&info_key(hash))? {
        None => Ok(None),
        Some(bytes) => Dict::decode(&bytes)
            .map(Some)
            .map_err(|e| VmError::Store(format!("corrupt blob info: {e}"))),
    }
}

/// The bytes of one field.
pub fn field(
    state: &mut dyn StateRead,
    hash: &Hash,
    field: &[u8],
) -> Result<Option<Vec<u8>>, VmError> {
    state.get(&field_key(hash, field))
}

/// A stored program: its VM type (`v`) and binary (`p`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The VM type field.
    pub vm_type: String,
    /// The program binary.
    pub binary: Vec<u8>,
}

/// The program stored as blob `hash`: `None` when there is no such blob; an error when the blob lacks
/// the `v` or `p` field.
pub fn program(state: &mut dyn StateRead, hash: &Hash) -> Result<Option<Program>, VmError> {
    if info(state, hash)?.is_none() {
        return Ok(None);
    }
    let vm_type = field(state, hash, BLOB_FIELD_VM_TYPE)?
        .ok_or_else(|| VmError::Program(format!("blob {hash} has no VM type field `v`")))?;
    let vm_type = String::from_utf8(vm_type)
        .map_err(|_| VmError::Program(format!("blob {hash}: VM type is not UTF-8")))?;
    let binary = field(state, hash, BLOB_FIELD_PROGRAM)?
        .ok_or_else(|| VmError::Program(format!("blob {hash} has no program field `p`")))?;
    Ok(Some(Program { vm_type, binary }))
}
