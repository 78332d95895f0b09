//! Blob hashes: the content address of a blob, which is how programs are named on a chain.
//!
//! A blob is a map field name -> bytes (a [`Dict`]). A contract is deployed by program hash: the hash of the
//! blob holding its binary (`p`), its VM type (`v`) and a description (`d`). Every node must derive the same
//! hash from the same fields, so the rule below is fixed by DESIGN.md and pinned by a test vector.

use crate::{Blake2b256, Dict, Hash};
use blake2::Digest;

/// Reserved blob field: the program binary (e.g. a Wasm module).
pub const BLOB_FIELD_PROGRAM: &[u8] = b"p";

/// Reserved blob field: the VM type that runs the program (e.g. `wasmtime`), which picks the processor.
pub const BLOB_FIELD_VM_TYPE: &[u8] = b"v";

/// Reserved blob field: a human-readable description.
pub const BLOB_FIELD_DESCRIPTION: &[u8] = b"d";

/// The hash of a blob: blake2b-256 of the concatenation, over fields sorted by name bytewise ascending, of
/// value then name.
///
/// The [`Dict`] already iterates in that order and has unique names. Note that the concatenation carries
/// no lengths; that is the rule as specified, kept for compatibility.
pub fn blob_hash(blob: &Dict) -> Hash {
    let mut h = Blake2b256::new();
    for (name, value) in blob.iter() {
        h.update(value);
        h.update(name);
    }
    Hash(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::any_dict;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// The DESIGN.md vector.
    #[test]
    fn design_vector() {
        let mut blob = Dict::new();
        // Inserted out of order on purpose: the hash must not depend on insertion order.
        blob.set(BLOB_FIELD_VM_TYPE, "wasmtime").expect("set");
        blob.set(
            BLOB_FIELD_PROGRAM,
            [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
        )
        .expect("set");
        blob.set(BLOB_FIELD_DESCRIPTION, "test").expect("set");
        assert_eq!(
            blob_hash(&blob),
            Hash::from_hex("f25d5329c39c0c34f7eb537af2c312754e1ffde95ce8a8219d6d0b0fc5962b16")
                .expect("hex")
        );
    }

    #[test]
    fn empty_blob_is_hash_of_nothing() {
        assert_eq!(blob_hash(&Dict::new()), crate::blake2b256(b""));
    }

    proptest! {
        #[test]
        fn equals_hash_of_explicit_concatenation(blob in any_dict()) {
            let mut concat = Vec::new();
            for (name, value) in blob.iter() {
                concat.extend_from_slice(value);
                concat.extend_from_slice(name);
            }
            prop_assert_eq!(blob_hash(&blob), crate::blake2b256(&concat));
        }
    }
}
