//! Byte sinks shared by the block encoder and the block hasher.
//!
//! The encoding is written once, against [`Sink`], so that `Block::encode` and `Block::hash` cannot drift
//! apart: one sink appends to a vector, the other feeds blake2b without ever holding the whole encoding.

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use isc_abi::Hash;

/// blake2b with a 32-byte output: the hash of the system.
pub(crate) type Blake2b256 = Blake2b<U32>;

/// Where encoded bytes go.
pub(crate) trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// Appends a u32, little-endian.
    fn put_u32(&mut self, v: u32) {
        self.put(&v.to_le_bytes());
    }

    /// Appends an i64, little-endian.
    fn put_i64(&mut self, v: i64) {
        self.put(&v.to_le_bytes());
    }

    /// Appends a length as u32 LE.
    ///
    /// # Panics
    /// When `len` exceeds `u32::MAX`. `VirtualState` refuses such keys, values and counts before a block
    /// is built (see [`crate::StateError::TooLarge`]), so only a hand-made block can reach this.
    fn put_len(&mut self, len: usize) {
        match u32::try_from(len) {
            Ok(v) => self.put_u32(v),
            Err(_) => panic!("block encoding: length {len} does not fit in u32"),
        }
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Size of the staging buffer of [`HashSink`]: large enough that the hasher only ever sees long runs,
/// small enough to live on the stack.
const STAGE: usize = 4096;

/// Feeds blake2b through a staging buffer.
///
/// The encoding is made of many tiny pieces (a 1-byte op, 4-byte lengths); handing each one to the hasher
/// costs more than hashing it. Staging them in a fixed buffer keeps the hash near blake2b's raw speed
/// without building the whole encoding.
pub(crate) struct HashSink {
    hasher: Blake2b256,
    buf: [u8; STAGE],
    len: usize,
}

impl HashSink {
    /// An empty hasher.
    pub(crate) fn new() -> Self {
        HashSink {
            hasher: Blake2b256::new(),
            buf: [0; STAGE],
            len: 0,
        }
    }

    /// The digest of everything put so far.
    pub(crate) fn finish(mut self) -> Hash {
        self.hasher.update(&self.buf[..self.len]);
        Hash(self.hasher.finalize().into())
    }
}

impl Sink for HashSink {
    fn put(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() <= STAGE {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
            return;
        }
        self.hasher.update(&self.buf[..self.len]);
        self.len = 0;
        if bytes.len() >= STAGE {
            self.hasher.update(bytes);
        } else {
            self.buf[..bytes.len()].copy_from_slice(bytes);
            self.len = bytes.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::blake2b256;

    #[test]
    fn staged_hash_equals_plain_hash_across_buffer_boundaries() {
        let data: Vec<u8> = (0..3 * STAGE + 17).map(|i| (i * 7 % 251) as u8).collect();
        for cut in [1usize, 3, 100, STAGE - 1, STAGE, STAGE + 1, 2 * STAGE + 5] {
            let mut sink = HashSink::new();
            for chunk in data.chunks(cut) {
                sink.put(chunk);
            }
            assert_eq!(sink.finish(), blake2b256(&data), "chunk size {cut}");
        }
    }
}
