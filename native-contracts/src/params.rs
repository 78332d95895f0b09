//! Typed access to call params, with errors that name the param.

use isc_abi::{Codec, Dict};
use isc_sandbox::VmError;

/// The param `key` decoded as `T`; missing or malformed is [`VmError::BadParams`].
pub fn required<T: Codec>(params: &Dict, key: &str) -> Result<T, VmError> {
    optional(params, key)?.ok_or_else(|| VmError::bad_params(format!("missing param `{key}`")))
}

/// The param `key` decoded as `T`, or `None` when absent; malformed is [`VmError::BadParams`].
pub fn optional<T: Codec>(params: &Dict, key: &str) -> Result<Option<T>, VmError> {
    match params.get(key.as_bytes()) {
        None => Ok(None),
        Some(bytes) => T::decode(bytes)
            .map(Some)
            .map_err(|e| VmError::bad_params(format!("param `{key}`: {e}"))),
    }
}

/// A one-entry result dict.
pub fn result<T: Codec + ?Sized>(key: &str, value: &T) -> Dict {
    let mut out = Dict::new();
    // Result keys are literals of this crate: non-empty and short.
    let _ = out.set(key.as_bytes(), value.encode());
    out
}
