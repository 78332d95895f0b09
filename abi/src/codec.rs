//! The value codecs: how a typed value becomes the bytes stored in a [`Dict`](crate::Dict) and back.
//!
//! Host and guest agree on one canonical form per type, because params, results and state are hashed:
//! integers are fixed-width little-endian, `bool` is one byte 0 or 1, strings are raw UTF-8, byte strings
//! are raw. A value fills its whole slot (the dict stores the length), so every decoder demands the exact
//! length instead of reading a prefix: trailing garbage is an error, never ignored.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{DecodeError, Hash, Hname};

/// A type with one canonical byte form.
///
/// `decode(encode(x)) == x` for every value, and `decode` rejects every byte string that `encode` cannot
/// produce, so two nodes never disagree on what a stored value means. `decode` is only required for sized
/// types: `str` and `[u8]` can be encoded (e.g. into a dict) but are decoded as `String` and `Vec<u8>`.
pub trait Codec {
    /// The canonical bytes of `self`.
    fn encode(&self) -> Vec<u8>;

    /// Parses the canonical bytes of a value, rejecting anything else.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError>
    where
        Self: Sized;
}

/// `bytes` as an array of exactly `N` bytes, or [`DecodeError::BadLength`].
pub(crate) fn exact<const N: usize>(
    bytes: &[u8],
    what: &'static str,
) -> Result<[u8; N], DecodeError> {
    bytes.try_into().map_err(|_| DecodeError::BadLength {
        what,
        expected: N,
        actual: bytes.len(),
    })
}

macro_rules! int_codec {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl Codec for $ty {
            fn encode(&self) -> Vec<u8> {
                self.to_le_bytes().to_vec()
            }

            fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
                exact(bytes, $what).map(<$ty>::from_le_bytes)
            }
        }
    )*};
}

int_codec!(
    u8 => "u8",
    u16 => "u16",
    u32 => "u32",
    u64 => "u64",
    i8 => "i8",
    i16 => "i16",
    i32 => "i32",
    i64 => "i64",
);

impl Codec for bool {
    fn encode(&self) -> Vec<u8> {
        alloc::vec![u8::from(*self)]
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        match exact::<1>(bytes, "bool")? {
            [0] => Ok(false),
            [1] => Ok(true),
            _ => Err(DecodeError::Invalid {
                what: "bool",
                reason: "the byte must be 0 or 1",
            }),
        }
    }
}

impl Codec for str {
    fn encode(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

impl Codec for String {
    fn encode(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| DecodeError::Invalid {
                what: "string",
                reason: "not valid UTF-8",
            })
    }
}

impl Codec for [u8] {
    fn encode(&self) -> Vec<u8> {
        self.to_vec()
    }
}

impl Codec for Vec<u8> {
    fn encode(&self) -> Vec<u8> {
        self.clone()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(bytes.to_vec())
    }
}

impl Codec for Hash {
    fn encode(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Hash::from_slice(bytes)
    }
}

impl Codec for Hname {
    fn encode(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Hname::from_slice(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    fn round_trip<T: Codec + PartialEq + core::fmt::Debug>(x: T) {
        assert_eq!(T::decode(&x.encode()), Ok(x));
    }

    proptest! {
        #[test]
        fn integers_round_trip(a: u8, b: u16, c: u32, d: u64, e: i8, f: i16, g: i32, h: i64) {
            round_trip(a);
            round_trip(b);
            round_trip(c);
            round_trip(d);
            round_trip(e);
            round_trip(f);
            round_trip(g);
            round_trip(h);
        }

        #[test]
        fn bool_string_bytes_round_trip(b: bool, s: String, v: Vec<u8>, h: [u8; 32], n: u32) {
            round_trip(b);
            round_trip(v.clone());
            round_trip(Hash(h));
            round_trip(Hname(n));
            prop_assert_eq!(s.as_str().encode(), s.clone().encode());
            round_trip(s);
            prop_assert_eq!(v.as_slice().encode(), v);
        }

        #[test]
        fn integers_reject_any_other_length(len in 0usize..20) {
            let bytes = vec![0u8; len];
            prop_assert_eq!(u64::decode(&bytes).is_ok(), len == 8);
            prop_assert_eq!(i32::decode(&bytes).is_ok(), len == 4);
            prop_assert_eq!(u16::decode(&bytes).is_ok(), len == 2);
            prop_assert_eq!(u8::decode(&bytes).is_ok(), len == 1);
        }
    }

    #[test]
    fn integers_are_little_endian() {
        assert_eq!(0x0102_0304u32.encode(), [4, 3, 2, 1]);
        assert_eq!((-2i16).encode(), [0xfe, 0xff]);
        assert_eq!(i64::decode(&[0xff; 8]), Ok(-1));
        assert_eq!(Hname(0x0403_0201).encode(), [1, 2, 3, 4]);
    }

    #[test]
    fn wrong_lengths_are_bad_length() {
        assert_eq!(
            u32::decode(&[1, 2, 3]),
            Err(DecodeError::BadLength {
                what: "u32",
                expected: 4,
                actual: 3
            })
        );
        assert_eq!(
            i64::decode(&[0; 9]),
            Err(DecodeError::BadLength {
                what: "i64",
                expected: 8,
                actual: 9
            })
        );
        assert_eq!(
            u8::decode(&[]),
            Err(DecodeError::BadLength {
                what: "u8",
                expected: 1,
                actual: 0
            })
        );
        assert_eq!(
            bool::decode(&[1, 0]),
            Err(DecodeError::BadLength {
                what: "bool",
                expected: 1,
                actual: 2
            })
        );
        assert!(matches!(
            Hash::decode(&[0; 31]),
            Err(DecodeError::BadLength { .. })
        ));
        assert!(matches!(
            Hname::decode(&[0; 5]),
            Err(DecodeError::BadLength { .. })
        ));
    }

    #[test]
    fn bool_is_strict() {
        assert_eq!(true.encode(), [1]);
        assert_eq!(false.encode(), [0]);
        for b in 2..=255u8 {
            assert_eq!(
                bool::decode(&[b]),
                Err(DecodeError::Invalid {
                    what: "bool",
                    reason: "the byte must be 0 or 1"
                })
            );
        }
    }

    #[test]
    fn strings_are_raw_utf8() {
        assert_eq!("héllo".encode(), "héllo".as_bytes());
        assert_eq!(String::decode(b""), Ok(String::new()));
        for bad in [
            &[0xffu8][..],
            &[0xc3],
            &[b'a', 0xc3, 0x28],
            &[0xed, 0xa0, 0x80],
        ] {
            assert_eq!(
                String::decode(bad),
                Err(DecodeError::Invalid {
                    what: "string",
                    reason: "not valid UTF-8"
                })
            );
        }
    }
}
