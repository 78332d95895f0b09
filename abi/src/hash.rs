//! blake2b-256, the one hash of the system (hnames, blob hashes, program hashes, state hashes).

use core::fmt;

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};

/// Length of a [`Hash`](struct@Hash) in bytes.
pub const HASH_LEN: usize = 32;

/// A blake2b-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hash(pub [u8; HASH_LEN]);

/// blake2b with a 32-byte output.
pub type Blake2b256 = Blake2b<U32>;

/// blake2b-256 of `data`.
pub fn blake2b256(data: &[u8]) -> Hash {
    Hash(Blake2b256::digest(data).into())
}

impl Hash {
    /// blake2b-256 over the concatenation of `parts`, without building the concatenation.
    pub fn of_parts(parts: &[&[u8]]) -> Hash {
        let mut h = Blake2b256::new();
        for part in parts {
            h.update(part);
        }
        Hash(h.finalize().into())
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; HASH_LEN] {
        &self.0
    }

    /// Decodes exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Hash, crate::DecodeError> {
        let arr: [u8; HASH_LEN] = bytes
            .try_into()
            .map_err(|_| crate::DecodeError::BadLength {
                what: "hash",
                expected: HASH_LEN,
                actual: bytes.len(),
            })?;
        Ok(Hash(arr))
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Hash, crate::DecodeError> {
        let mut out = [0u8; HASH_LEN];
        crate::hex::decode_into(text, &mut out, "hash")?;
        Ok(Hash(out))
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn empty_string_hash() {
        // blake2b-256("") as published in RFC 7693 test suites.
        assert_eq!(
            format!("{}", blake2b256(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
    }

    #[test]
    fn parts_equal_concatenation() {
        assert_eq!(Hash::of_parts(&[b"ab", b"", b"c"]), blake2b256(b"abc"));
    }

    #[test]
    fn hex_round_trip_and_errors() {
        let h = blake2b256(b"x");
        assert_eq!(Hash::from_hex(&format!("{h}")), Ok(h));
        assert!(Hash::from_hex("00").is_err());
        assert!(Hash::from_hex(&"zz".repeat(32)).is_err());
        assert!(Hash::from_slice(&[0u8; 31]).is_err());
    }
}
