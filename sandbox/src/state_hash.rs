//! The state-hash chain: one hash that commits to the whole history of a chain.

use isc_abi::{blake2b256, Hash};

/// The state hash before any block: blake2b-256 of the empty string.
///
/// A fixed, well-known value lets every node start the chain from the same point without agreeing on
/// anything first.
pub fn origin_state_hash() -> Hash {
    blake2b256(b"")
}

/// The state hash after a block: blake2b-256(previous state hash ‖ block hash).
///
/// Chaining (rather than hashing the key/value set) makes each step O(block) instead of O(state), and
/// still commits to the state, because the state is the replay of the blocks.
pub fn next_state_hash(prev: &Hash, block_hash: &Hash) -> Hash {
    Hash::of_parts(&[prev.as_bytes(), block_hash.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_is_hash_of_empty_string() {
        assert_eq!(
            origin_state_hash().to_string(),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
    }

    #[test]
    fn next_hashes_the_concatenation() {
        let prev = blake2b256(b"p");
        let block = blake2b256(b"b");
        let mut both = prev.0.to_vec();
        both.extend_from_slice(&block.0);
        assert_eq!(next_state_hash(&prev, &block), blake2b256(&both));
        assert_ne!(
            next_state_hash(&prev, &block),
            next_state_hash(&block, &prev)
        );
    }
}
