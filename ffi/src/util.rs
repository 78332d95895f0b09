//! The small pure helpers a node needs to build inputs without reimplementing the project's hashes:
//! hnames, blob hashes, the library version.

use std::ffi::c_char;

use isc_abi::{blob_hash, Dict, Hname};

use crate::buffer::IscBuffer;
use crate::error::FfiError;
use crate::guard;

/// A 32-byte hash (blake2b-256).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IscHash {
    /// The bytes.
    pub bytes: [u8; 32],
}

/// The library's version, a static NUL-terminated string (never freed).
#[no_mangle]
pub extern "C" fn isc_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Writes `hname(name)` (the first 4 bytes of blake2b-256 of the UTF-8 name, little-endian, with the
/// reserved values 0 and 0xFFFFFFFF skipped) to `*out`.
///
/// # Safety
/// `name` must point to `name_len` readable bytes; `out` must be writable; `err` null or a writable
/// buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_hname(
    name: *const u8,
    name_len: usize,
    out: *mut u32,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let name = unsafe { guard::text(name, name_len, "name") }?;
        *out = Hname::new(name).0;
        Ok(())
    })
}

/// Writes the hash of a blob (a `Dict` encoding of its fields, e.g. `v` the VM type and `p` the
/// program) to `*out`: the program hash `root.deployContract` takes as `ph`.
///
/// # Safety
/// `fields` must point to `fields_len` readable bytes; `out` must be writable; `err` null or a
/// writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_blob_hash(
    fields: *const u8,
    fields_len: usize,
    out: *mut IscHash,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        let bytes = unsafe { guard::bytes(fields, fields_len, "fields") }?;
        let fields = Dict::decode(bytes).map_err(|e| FfiError::decode("blob fields", e))?;
        out.bytes = blob_hash(&fields).0;
        Ok(())
    })
}
