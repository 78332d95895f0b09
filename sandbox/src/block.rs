//! A block as data: what one batch of requests did to the state, in the form every node hashes.

use isc_abi::{DecodeError, Hash, Reader};

use crate::codec::{HashSink, Sink};
use crate::state_update::{self, StateUpdate};

/// Length of the block header in the encoding: index u32 ‖ timestamp i64 ‖ update count u32.
const HEADER_LEN: usize = 4 + 8 + 4;

/// The state updates of one batch of requests, in execution order.
///
/// The encoding (see DESIGN.md, "Facts the code must match") is the input of the block hash and of the
/// state-hash chain, so it is fixed byte for byte: index u32 LE ‖ timestamp i64 LE ‖ update count u32 LE ‖
/// per update: timestamp i64 LE ‖ mutation count u32 LE ‖ per mutation: op u8 (0 set, 1 delete) ‖ key
/// length u32 LE ‖ key ‖ (for set) value length u32 LE ‖ value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Block {
    /// Position in the chain; the first block has index 0.
    pub index: u32,
    /// The timestamp of the block's last update (Unix nanoseconds).
    pub timestamp: i64,
    /// One update per request, in the order they ran.
    pub updates: Vec<StateUpdate>,
}

impl Block {
    /// Length of [`Block::encode`]'s output, computed without encoding: lets callers size buffers and
    /// benchmarks report bytes.
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN
            + self
                .updates
                .iter()
                .map(StateUpdate::encoded_len)
                .sum::<usize>()
    }

    /// The canonical encoding, as stored in the block history.
    ///
    /// # Panics
    /// When a key, value or count exceeds `u32::MAX`, which the encoding cannot express. Blocks built by
    /// `VirtualState` are checked before they exist, so only a hand-made block can panic here.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.write_to(&mut out);
        out
    }

    /// blake2b-256 of [`Block::encode`], streamed into the hasher so that hashing a large block never
    /// allocates a copy of it.
    ///
    /// # Panics
    /// As [`Block::encode`].
    pub fn hash(&self) -> Hash {
        let mut sink = HashSink::new();
        self.write_to(&mut sink);
        sink.finish()
    }

    /// The one writer behind both `encode` and `hash`, so the two cannot disagree.
    fn write_to(&self, sink: &mut impl Sink) {
        sink.put_u32(self.index);
        sink.put_i64(self.timestamp);
        sink.put_len(self.updates.len());
        for update in &self.updates {
            update.write_to(sink);
        }
    }

    /// Decodes a block from untrusted bytes (a store, a peer).
    ///
    /// Refuses truncated input, trailing bytes, unknown ops, counts larger than the remaining bytes could
    /// hold, and updates whose mutations are not canonical (so that a decoded block re-encodes to the
    /// same bytes). Never panics, and allocates only for what it actually decodes.
    pub fn decode(bytes: &[u8]) -> Result<Block, DecodeError> {
        let mut r = Reader::new(bytes);
        let index = r.u32("block index")?;
        let timestamp = r.i64("block timestamp")?;
        let count = r.u32("update count")? as usize;
        if count > r.remaining() / state_update::MIN_ENCODED_LEN {
            return Err(DecodeError::Invalid {
                what: "update count",
                reason: "more updates than the remaining bytes could hold",
            });
        }
        let mut updates = Vec::new();
        for _ in 0..count {
            updates.push(StateUpdate::read_from(&mut r)?);
        }
        r.finish("block")?;
        Ok(Block {
            index,
            timestamp,
            updates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state_hash::{next_state_hash, origin_state_hash};
    use crate::Mutation;
    use blake2::digest::consts::U32;
    use blake2::{Blake2b, Digest};
    use proptest::prelude::*;

    fn vector_block() -> Block {
        Block {
            index: 1,
            timestamp: 1_000,
            updates: vec![StateUpdate::new(
                1_000,
                vec![
                    Mutation::Set {
                        key: b"a".to_vec(),
                        value: b"b".to_vec(),
                    },
                    Mutation::Delete { key: b"c".to_vec() },
                ],
            )],
        }
    }

    #[test]
    fn hand_computed_vector() {
        #[rustfmt::skip]
        let expected: Vec<u8> = vec![
            0x01, 0x00, 0x00, 0x00,                         // index 1
            0xe8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // timestamp 1000
            0x01, 0x00, 0x00, 0x00,                         // 1 update
            0xe8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //   timestamp 1000
            0x02, 0x00, 0x00, 0x00,                         //   2 mutations
            0x00,                                           //   set
            0x01, 0x00, 0x00, 0x00, b'a',                   //     key "a"
            0x01, 0x00, 0x00, 0x00, b'b',                   //     value "b"
            0x01,                                           //   delete
            0x01, 0x00, 0x00, 0x00, b'c',                   //     key "c"
        ];
        let block = vector_block();
        assert_eq!(block.encode(), expected);
        assert_eq!(block.encoded_len(), expected.len());

        let direct: [u8; 32] = Blake2b::<U32>::digest(&expected).into();
        assert_eq!(block.hash(), Hash(direct));
        assert_eq!(
            block.hash().to_string(),
            "f2c99d86dc490c1fe42b98852802347753e079c364ace236be3463bdba3ea58e"
        );

        let mut chained = Blake2b::<U32>::new();
        chained.update(Blake2b::<U32>::digest(b""));
        chained.update(direct);
        let chained: [u8; 32] = chained.finalize().into();
        let state = next_state_hash(&origin_state_hash(), &block.hash());
        assert_eq!(state, Hash(chained));
        assert_eq!(
            state.to_string(),
            "67d8862f77ad0b7368f5c91f1ccfc5faef50cefb16746fac2a6d878412adad55"
        );
        assert_eq!(Block::decode(&expected), Ok(block));
    }

    #[test]
    fn malformed_blocks_are_refused() {
        let good = vector_block().encode();
        for cut in 0..good.len() {
            assert!(
                matches!(
                    Block::decode(&good[..cut]),
                    Err(DecodeError::Truncated { .. } | DecodeError::Invalid { .. })
                ),
                "prefix of {cut} bytes"
            );
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(matches!(
            Block::decode(&trailing),
            Err(DecodeError::TrailingBytes { count: 1, .. })
        ));

        let mut bad_op = good.clone();
        bad_op[28] = 7; // the first op byte
        assert!(matches!(
            Block::decode(&bad_op),
            Err(DecodeError::Invalid {
                what: "mutation op",
                ..
            })
        ));

        let mut huge_updates = good.clone();
        huge_updates[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            Block::decode(&huge_updates),
            Err(DecodeError::Invalid {
                what: "update count",
                ..
            })
        ));

        let mut huge_mutations = good.clone();
        huge_mutations[24..28].copy_from_slice(&0x4000_0000u32.to_le_bytes());
        assert!(matches!(
            Block::decode(&huge_mutations),
            Err(DecodeError::Invalid {
                what: "mutation count",
                ..
            })
        ));

        let mut huge_key = good.clone();
        huge_key[29..33].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            Block::decode(&huge_key),
            Err(DecodeError::Truncated { .. })
        ));

        let mut unsorted = good;
        unsorted[33] = b'd'; // set "d" now sorts after delete "c"
        assert!(matches!(
            Block::decode(&unsorted),
            Err(DecodeError::Unsorted { index: 1, .. })
        ));
    }

    fn arb_update() -> impl Strategy<Value = StateUpdate> {
        let entry = (
            proptest::collection::vec(any::<u8>(), 0..6),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..8)),
        );
        (
            any::<i64>(),
            proptest::collection::btree_map(entry.0, entry.1, 0..6),
        )
            .prop_map(|(ts, map)| {
                StateUpdate::new(
                    ts,
                    map.into_iter()
                        .map(|(k, v)| Mutation::from_entry(k, v))
                        .collect(),
                )
            })
    }

    proptest! {
        #[test]
        fn encode_decode_round_trip(
            index in any::<u32>(),
            timestamp in any::<i64>(),
            updates in proptest::collection::vec(arb_update(), 0..5),
        ) {
            let block = Block { index, timestamp, updates };
            let bytes = block.encode();
            prop_assert_eq!(bytes.len(), block.encoded_len());
            prop_assert_eq!(block.hash(), isc_abi::blake2b256(&bytes));
            prop_assert_eq!(Block::decode(&bytes), Ok(block));
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Block::decode(&bytes);
        }
    }
}
