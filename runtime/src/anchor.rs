//! How one block leads to the next: the anchor id a block gets on L1, and the input of the block after
//! a committed head (its entropy and the previous anchor), written once for every caller.

use isc_abi::{ChainId, Hash};

use crate::executor::BlockInput;
use crate::request::Request;

/// The anchor transaction id of a block: a deterministic stand-in for the id of the L1 transaction that
/// would anchor it (chain id, index and state hash). Outgoing requests of the block get ids
/// `[i]anchor`, and the next block records it in its blocklog info.
pub fn anchor_id(chain: &ChainId, index: u32, state_hash: &Hash) -> Hash {
    Hash::of_parts(&[
        b"anchor",
        chain.as_bytes(),
        &index.to_le_bytes(),
        state_hash.as_bytes(),
    ])
}

impl BlockInput {
    /// The input of the block after head `(index, state_hash)` of `chain`, running `requests` at
    /// `timestamp`. This stands in for what consensus would agree on: the entropy is derived from the
    /// head's state hash and the timestamp, and the previous anchor is the head's [`anchor_id`], so the
    /// same requests at the same timestamp on the same state give the same block on every node.
    pub fn after_head(
        chain: &ChainId,
        index: u32,
        state_hash: &Hash,
        requests: Vec<Request>,
        timestamp: i64,
    ) -> BlockInput {
        BlockInput {
            requests,
            timestamp,
            entropy: Hash::of_parts(&[b"entropy", state_hash.as_bytes(), &timestamp.to_le_bytes()]),
            previous_anchor: anchor_id(chain, index, state_hash),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_input_depends_on_head_and_timestamp_only() {
        let chain = ChainId([3; 32]);
        let hash = Hash([5; 32]);
        let a = BlockInput::after_head(&chain, 4, &hash, Vec::new(), 10);
        let b = BlockInput::after_head(&chain, 4, &hash, Vec::new(), 10);
        assert_eq!(
            (a.entropy, a.previous_anchor),
            (b.entropy, b.previous_anchor)
        );
        let later = BlockInput::after_head(&chain, 4, &hash, Vec::new(), 11);
        assert_ne!(a.entropy, later.entropy);
        assert_eq!(a.previous_anchor, later.previous_anchor);
        assert_eq!(a.previous_anchor, anchor_id(&chain, 4, &hash));
    }
}
