//! blob: the chain's registry of binary objects (contract programs and anything stored with them).
//!
//! A blob is a set of named fields; its hash is [`isc_abi::blob_hash`]. Layout inside the blob partition:
//! `f` ‖ hash (32) ‖ field name → field bytes; `i` ‖ hash (32) → encoded dict field → size (u32).

mod entries;
pub mod state;

use isc_abi::Hname;

use crate::native::{Handler, NativeContract};

/// Entry point names.
pub mod names {
    /// Stores a blob given as params (field → bytes); returns its `hash`.
    pub const STORE_BLOB: &str = "storeBlob";
    /// View: field → size of blob `hash`.
    pub const GET_BLOB_INFO: &str = "getBlobInfo";
    /// View: the bytes of field `field` of blob `hash`.
    pub const GET_BLOB_FIELD: &str = "getBlobField";
    /// View: every blob hash → total size.
    pub const LIST_BLOBS: &str = "listBlobs";
}

/// Param and result keys.
pub mod keys {
    /// A blob hash.
    pub const HASH: &str = "hash";
    /// A field name.
    pub const FIELD: &str = "field";
    /// Field bytes (result).
    pub const BYTES: &str = "bytes";
}

/// The blob contract.
pub static CONTRACT: NativeContract = NativeContract {
    name: "blob",
    hname: Hname(0xfd91_bc63),
    description: "Blob registry",
    entry_points: &[
        (names::STORE_BLOB, Handler::Func(entries::store_blob)),
        (names::GET_BLOB_INFO, Handler::View(entries::get_blob_info)),
        (
            names::GET_BLOB_FIELD,
            Handler::View(entries::get_blob_field),
        ),
        (names::LIST_BLOBS, Handler::View(entries::list_blobs)),
    ],
};
