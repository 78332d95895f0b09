//! The text form of 32-byte ids (addresses, chain ids, colors, transaction ids): base58, bitcoin alphabet.
//!
//! base58 is what the ledger shows to people, so ids printed by the runtime can be pasted into other tools
//! and back. Parsing is strict: exactly 32 bytes must come out, anything else is a typed error.

use alloc::string::String;

/// Length of every base58-printed id in bytes.
pub(crate) const ID_LEN: usize = 32;

/// The longest base58 text a 32-byte value can have. Each leading zero byte becomes one `1`, every other
/// byte takes log(256)/log(58) ≈ 1.37 digits, so 32 bytes never need more than 44 characters. Longer
/// texts are rejected before decoding, which keeps the (quadratic) base58 decoder off long inputs.
pub const MAX_ID_TEXT_LEN: usize = 44;

/// Why a text is not the base58 form of a 32-byte id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseIdError {
    /// A character outside the bitcoin base58 alphabet (which has no `0`, `O`, `I`, `l`).
    #[error("{what}: invalid base58 character at byte {index}")]
    BadBase58 {
        /// What was being parsed.
        what: &'static str,
        /// Byte offset of the bad character in the text.
        index: usize,
    },
    /// The text is longer than any base58 form of a 32-byte value.
    #[error("{what}: {len} characters, at most {max} for a base58 id")]
    TooLong {
        /// What was being parsed.
        what: &'static str,
        /// Length of the text in bytes.
        len: usize,
        /// The longest acceptable text.
        max: usize,
    },
    /// Valid base58 of the wrong number of bytes (this includes the empty text).
    #[error("{what} must be {expected} bytes, the text decodes to {actual}")]
    BadLength {
        /// What was being parsed.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The decoded length.
        actual: usize,
    },
}

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// 58^5: five base58 digits per u32 limb (58^5 < 2^32).
const LIMB: u64 = 656_356_768;

/// base58 of a 32-byte id.
///
/// Ids are printed on hot paths (every request writes one into the eventlog), so this works on limbs of
/// five digits, fed four bytes at a time, instead of one digit per byte as the `bs58` crate does:
/// about a twentieth of the divisions.
/// A property test checks it against `bs58` for every input.
pub(crate) fn encode(bytes: &[u8; ID_LEN]) -> String {
    // 32 bytes < 58^44 = (58^5)^8.8, so 9 limbs hold any value.
    let mut limbs = [0u32; 9];
    let mut used = 0;
    // Four input bytes per step: a limb (< 2^30) shifted by 32 bits plus a carry (< 2^33) fits a u64.
    for chunk in bytes.chunks_exact(4) {
        let mut carry = u64::from(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        for limb in limbs.iter_mut().take(used) {
            let v = (u64::from(*limb) << 32) + carry;
            *limb = (v % LIMB) as u32;
            carry = v / LIMB;
        }
        while carry > 0 {
            limbs[used] = (carry % LIMB) as u32;
            carry /= LIMB;
            used += 1;
        }
    }
    // Least significant digit first.
    let mut digits = [0u8; 45];
    let mut n = 0;
    for (i, &limb) in limbs.iter().take(used).enumerate() {
        let mut v = limb;
        let last = i + 1 == used;
        for _ in 0..5 {
            if last && v == 0 {
                break;
            }
            digits[n] = (v % 58) as u8;
            v /= 58;
            n += 1;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let mut out = String::with_capacity(zeros + n);
    out.extend(core::iter::repeat_n('1', zeros));
    out.extend(
        digits[..n]
            .iter()
            .rev()
            .map(|&d| ALPHABET[d as usize] as char),
    );
    out
}

/// Parses the base58 form of exactly 32 bytes.
pub(crate) fn decode32(text: &str, what: &'static str) -> Result<[u8; ID_LEN], ParseIdError> {
    if text.len() > MAX_ID_TEXT_LEN {
        return Err(ParseIdError::TooLong {
            what,
            len: text.len(),
            max: MAX_ID_TEXT_LEN,
        });
    }
    // Every decoded byte needs at least one character, so the buffer cannot overflow.
    let mut buf = [0u8; MAX_ID_TEXT_LEN];
    let n = bs58::decode(text).onto(&mut buf[..]).map_err(|e| match e {
        bs58::decode::Error::InvalidCharacter { index, .. }
        | bs58::decode::Error::NonAsciiCharacter { index } => {
            ParseIdError::BadBase58 { what, index }
        }
        // Unreachable with a buffer as long as the text; reported as a length error all the same.
        _ => ParseIdError::BadLength {
            what,
            expected: ID_LEN,
            actual: MAX_ID_TEXT_LEN + 1,
        },
    })?;
    let bad_length = ParseIdError::BadLength {
        what,
        expected: ID_LEN,
        actual: n,
    };
    buf.get(..n)
        .and_then(|decoded| <[u8; ID_LEN]>::try_from(decoded).ok())
        .ok_or(bad_length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edge_values_match_bs58() {
        let mut one = [0u8; 32];
        one[31] = 1;
        let mut mid = [0u8; 32];
        mid[5] = 58;
        for bytes in [[0u8; 32], [0xff; 32], one, mid] {
            assert_eq!(encode(&bytes), bs58::encode(bytes).into_string());
        }
    }

    proptest! {
        #[test]
        fn matches_bs58(bytes in proptest::array::uniform32(any::<u8>()), zeros in 0usize..32) {
            let mut bytes = bytes;
            for b in bytes.iter_mut().take(zeros) {
                *b = 0;
            }
            prop_assert_eq!(encode(&bytes), bs58::encode(bytes).into_string());
        }
    }
    use alloc::string::ToString;

    #[test]
    fn round_trip_and_extremes() {
        for bytes in [[0u8; 32], [0xff; 32], [7; 32]] {
            let text = encode(&bytes);
            assert!(text.len() <= MAX_ID_TEXT_LEN, "{text}");
            assert_eq!(decode32(&text, "x"), Ok(bytes));
        }
        assert_eq!(encode(&[0u8; 32]), "1".repeat(32));
        assert_eq!(encode(&[0xff; 32]).len(), MAX_ID_TEXT_LEN);
    }

    #[test]
    fn rejects_bad_characters() {
        for (text, index) in [
            ("0abc", 0),
            ("abO", 2),
            ("abIc", 2),
            ("l", 0),
            ("ab c", 2),
            ("aé", 1),
        ] {
            assert_eq!(
                decode32(text, "x"),
                Err(ParseIdError::BadBase58 { what: "x", index }),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_wrong_lengths() {
        assert_eq!(
            decode32("", "x"),
            Err(ParseIdError::BadLength {
                what: "x",
                expected: 32,
                actual: 0
            })
        );
        assert_eq!(
            decode32(&"1".repeat(31), "x"),
            Err(ParseIdError::BadLength {
                what: "x",
                expected: 32,
                actual: 31
            })
        );
        assert_eq!(
            decode32(&"1".repeat(33), "x"),
            Err(ParseIdError::BadLength {
                what: "x",
                expected: 32,
                actual: 33
            })
        );
        let long = bs58::encode([0xff; 33]).into_string();
        assert_eq!(long.len(), 46);
        assert_eq!(
            decode32(&long, "x"),
            Err(ParseIdError::TooLong {
                what: "x",
                len: 46,
                max: 44
            })
        );
        assert_eq!(
            decode32(&"z".repeat(44), "x"),
            Err(ParseIdError::BadLength {
                what: "x",
                expected: 32,
                actual: 33
            })
        );
        assert!(decode32(&"z".repeat(10_000), "x").is_err());
        assert!(ParseIdError::TooLong {
            what: "x",
            len: 1,
            max: 0
        }
        .to_string()
        .contains("x"));
    }
}
