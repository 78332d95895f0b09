//! A bounds-checked cursor over untrusted bytes, shared by every decoder.

use crate::DecodeError;

/// Reads fixed-width little-endian integers and byte runs; every read checks the remaining length.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let available = self.remaining();
        if n > available {
            return Err(DecodeError::Truncated {
                what,
                needed: n,
                available,
            });
        }
        let out = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N, what)?);
        Ok(out)
    }

    /// One byte.
    pub fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(what)?[0])
    }

    /// A u16, little-endian.
    pub fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        self.array(what).map(u16::from_le_bytes)
    }

    /// A u32, little-endian.
    pub fn u32(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        self.array(what).map(u32::from_le_bytes)
    }

    /// A u64, little-endian.
    pub fn u64(&mut self, what: &'static str) -> Result<u64, DecodeError> {
        self.array(what).map(u64::from_le_bytes)
    }

    /// An i64, little-endian.
    pub fn i64(&mut self, what: &'static str) -> Result<i64, DecodeError> {
        self.array(what).map(i64::from_le_bytes)
    }

    /// A u32 LE length followed by that many bytes.
    pub fn bytes_u32(&mut self, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let n = self.u32(what)? as usize;
        self.bytes(n, what)
    }

    /// A u16 LE length followed by that many bytes.
    pub fn bytes_u16(&mut self, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let n = self.u16(what)? as usize;
        self.bytes(n, what)
    }

    /// A u32 LE element count, rejected up front when `count * min_entry_len` exceeds the bytes left.
    ///
    /// Decoders loop over the count; checking it against the input first means a forged count in a tiny
    /// input fails at once instead of after a long loop, and nothing is ever sized from it.
    pub fn count(&mut self, what: &'static str, min_entry_len: usize) -> Result<u32, DecodeError> {
        let count = self.u32(what)?;
        let min_bytes = u64::from(count).saturating_mul(min_entry_len as u64);
        let available = self.remaining();
        if min_bytes > available as u64 {
            return Err(DecodeError::CountTooLarge {
                what,
                count,
                min_bytes,
                available,
            });
        }
        Ok(count)
    }

    /// Fails unless every byte was read.
    pub fn finish(&self, what: &'static str) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(DecodeError::TrailingBytes { what, count }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_bounds() {
        let mut r = Reader::new(&[1, 0, 2, 0, 0, 0, 9]);
        assert_eq!(r.u16("a"), Ok(1));
        assert_eq!(r.u32("b"), Ok(2));
        assert_eq!(
            r.u16("c"),
            Err(DecodeError::Truncated {
                what: "c",
                needed: 2,
                available: 1
            })
        );
        assert_eq!(
            r.finish("x"),
            Err(DecodeError::TrailingBytes {
                what: "x",
                count: 1
            })
        );
        assert_eq!(r.u8("d"), Ok(9));
        assert_eq!(r.finish("x"), Ok(()));
    }

    #[test]
    fn count_is_checked_against_remaining_bytes() {
        let mut r = Reader::new(&[2, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(r.count("c", 3), Ok(2));
        let mut r = Reader::new(&[3, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(
            r.count("c", 3),
            Err(DecodeError::CountTooLarge {
                what: "c",
                count: 3,
                min_bytes: 9,
                available: 6
            })
        );
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff]);
        assert!(matches!(
            r.count("c", 7),
            Err(DecodeError::CountTooLarge { .. })
        ));
    }

    #[test]
    fn length_prefix_past_end_is_truncated() {
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 1]);
        assert!(matches!(
            r.bytes_u32("v"),
            Err(DecodeError::Truncated { .. })
        ));
    }
}
