//! The blob entry points.

use isc_abi::{blob_hash, Codec, Dict, Hash};
use isc_sandbox::{Sandbox, SandboxView, VmError};

use super::{keys, state};
use crate::kv::ViewState;
use crate::params::{required, result};

/// storeBlob: every param is a field of the blob. Returns `hash`. Storing the same blob twice is a no-op.
pub fn store_blob(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let fields = ctx.params()?.clone();
    if fields.is_empty() {
        return Err(VmError::bad_params("a blob needs at least one field"));
    }
    let size: u64 = fields.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum();
    let limit = u64::from(ctx.limits().max_blob_size);
    if size > limit {
        return Err(VmError::LimitExceeded {
            what: "blob size",
            size,
            limit,
        });
    }
    let hash = blob_hash(&fields);
    if ctx.has(&state::info_key(&hash))? {
        return Ok(result(keys::HASH, &hash));
    }
    let mut info = Dict::new();
    for (name, value) in fields.iter() {
        ctx.set(&state::field_key(&hash, name), value)?;
        let _ = info.set(name, (value.len() as u32).encode());
    }
    ctx.set(&state::info_key(&hash), &info.encode())?;
    ctx.emit_event(&format!("[blob] stored {hash} ({size} bytes)"))?;
    Ok(result(keys::HASH, &hash))
}

/// getBlobInfo: field → size (u32) of blob `hash`.
pub fn get_blob_info(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let hash: Hash = required(ctx.params()?, keys::HASH)?;
    state::info(&mut ViewState(ctx), &hash)?
        .ok_or_else(|| VmError::bad_params(format!("blob {hash} not found")))
}

/// getBlobField: the `bytes` of field `field` of blob `hash`.
pub fn get_blob_field(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let params = ctx.params()?;
    let hash: Hash = required(params, keys::HASH)?;
    let field: Vec<u8> = required(params, keys::FIELD)?;
    let bytes = state::field(&mut ViewState(ctx), &hash, &field)?.ok_or_else(|| {
        VmError::bad_params(format!(
            "blob {hash} has no field `{}`",
            String::from_utf8_lossy(&field)
        ))
    })?;
    Ok(result(keys::BYTES, &bytes))
}

/// listBlobs: blob hash (32 bytes) → total size (u32) of every stored blob.
pub fn list_blobs(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let mut infos = Vec::new();
    ctx.iterate_prefix(&[state::INFO_PREFIX], &mut |key, value| {
        infos.push((key[1..].to_vec(), value.to_vec()));
        true
    })?;
    let mut out = Dict::new();
    for (hash, info) in infos {
        let info =
            Dict::decode(&info).map_err(|e| VmError::Store(format!("corrupt blob info: {e}")))?;
        let mut total: u32 = 0;
        for (name, size) in info.iter() {
            let size =
                u32::decode(size).map_err(|e| VmError::Store(format!("corrupt blob info: {e}")))?;
            total = total.saturating_add(size).saturating_add(name.len() as u32);
        }
        let _ = out.set(hash, total.encode());
    }
    Ok(out)
}
