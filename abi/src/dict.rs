//! Dicts: the key/value maps that carry call parameters and results, and blobs.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

use crate::{Codec, DecodeError, Reader};

/// The longest key: its length is encoded as a u16.
pub const MAX_KEY_LEN: usize = u16::MAX as usize;

/// The fewest bytes an encoded entry takes: key length (2) + a 1-byte key + value length (4).
const MIN_ENTRY_LEN: usize = 2 + 1 + 4;

/// A map of non-empty byte keys to byte values, with one canonical encoding.
///
/// Params and results cross the host/guest boundary and end up in receipts and hashes, so the map is a
/// `BTreeMap` (iteration in ascending bytewise key order, the encoding order) and keys are checked on the
/// way in: a key the encoding cannot carry (empty, or longer than [`MAX_KEY_LEN`]) is refused by
/// [`Dict::set`] rather than mangled by [`Dict::encode`].
///
/// Binary form (DESIGN.md): u32 LE count, then per entry in ascending key order: u16 LE key length, key,
/// u32 LE value length, value.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Dict {
    map: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// Why [`Dict::set`] refused an entry. The dict is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DictError {
    /// Keys must be non-empty.
    #[error("dict keys must not be empty")]
    EmptyKey,
    /// The key length does not fit the u16 length prefix.
    #[error("dict key of {len} bytes is longer than {max}")]
    KeyTooLong {
        /// Length of the key.
        len: usize,
        /// The longest key allowed, [`MAX_KEY_LEN`].
        max: usize,
    },
    /// The value length does not fit the u32 length prefix.
    #[error("dict value of {len} bytes does not fit a u32 length")]
    ValueTooLong {
        /// Length of the value.
        len: usize,
    },
}

/// Checks that `key` can be encoded.
fn check_key(key: &[u8]) -> Result<(), DictError> {
    if key.is_empty() {
        Err(DictError::EmptyKey)
    } else if key.len() > MAX_KEY_LEN {
        Err(DictError::KeyTooLong {
            len: key.len(),
            max: MAX_KEY_LEN,
        })
    } else {
        Ok(())
    }
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// The value under `key`.
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.map.get(key).map(Vec::as_slice)
    }

    /// Sets `key` to `value`, replacing any previous value. Refuses keys and values the encoding cannot
    /// carry.
    pub fn set(
        &mut self,
        key: impl Into<Vec<u8>>,
        value: impl Into<Vec<u8>>,
    ) -> Result<(), DictError> {
        let key = key.into();
        let value = value.into();
        check_key(&key)?;
        if u32::try_from(value.len()).is_err() {
            return Err(DictError::ValueTooLong { len: value.len() });
        }
        self.map.insert(key, value);
        Ok(())
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &[u8]) -> Option<Vec<u8>> {
        self.map.remove(key)
    }

    /// True when `key` is present.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.map.contains_key(key)
    }

    /// The entries in ascending bytewise key order (the encoding order).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&[u8], &[u8])> + DoubleEndedIterator + '_ {
        self.map.iter().map(|(k, v)| (k.as_slice(), v.as_slice()))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Decodes the value under `key` as a `T`: `Ok(None)` when absent, an error when present but malformed.
    pub fn get_as<T: Codec>(&self, key: &[u8]) -> Result<Option<T>, DecodeError> {
        self.get(key).map(T::decode).transpose()
    }

    /// Sets `key` to the encoding of `value`.
    pub fn set_as<T: Codec + ?Sized>(
        &mut self,
        key: impl Into<Vec<u8>>,
        value: &T,
    ) -> Result<(), DictError> {
        self.set(key, value.encode())
    }

    /// The length of [`Dict::encode`]'s output, without encoding (for charging gas per byte up front).
    pub fn encoded_len(&self) -> usize {
        self.map
            .iter()
            .fold(4, |n, (k, v)| n + 2 + k.len() + 4 + v.len())
    }

    /// The binary form.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        // A count past u32::MAX would need hundreds of GiB of entries in memory; it cannot be reached.
        out.extend_from_slice(&(self.map.len() as u32).to_le_bytes());
        for (key, value) in &self.map {
            // Both casts are exact: `set` and `decode` only admit keys up to u16::MAX and values up to
            // u32::MAX bytes.
            out.extend_from_slice(&(key.len() as u16).to_le_bytes());
            out.extend_from_slice(key);
            out.extend_from_slice(&(value.len() as u32).to_le_bytes());
            out.extend_from_slice(value);
        }
        out
    }

    /// Parses the binary form. Rejects truncated input, lengths past the end, trailing bytes, keys out of
    /// order, repeated or empty, and counts the input cannot hold: only what [`Dict::encode`] produces is
    /// accepted.
    pub fn decode(bytes: &[u8]) -> Result<Dict, DecodeError> {
        const WHAT: &str = "dict";
        let mut r = Reader::new(bytes);
        let count = r.count(WHAT, MIN_ENTRY_LEN)?;
        let mut map = BTreeMap::new();
        let mut prev: Option<&[u8]> = None;
        for index in 0..count as usize {
            let key = r.bytes_u16("dict key")?;
            if key.is_empty() {
                return Err(DecodeError::EmptyKey { what: WHAT, index });
            }
            match prev.map(|p| key.cmp(p)) {
                Some(Ordering::Less) => return Err(DecodeError::Unsorted { what: WHAT, index }),
                Some(Ordering::Equal) => {
                    return Err(DecodeError::DuplicateKey { what: WHAT, index })
                }
                Some(Ordering::Greater) | None => {}
            }
            let value = r.bytes_u32("dict value")?;
            map.insert(key.to_vec(), value.to_vec());
            prev = Some(key);
        }
        r.finish(WHAT)?;
        Ok(Dict { map })
    }
}

impl Codec for Dict {
    fn encode(&self) -> Vec<u8> {
        Dict::encode(self)
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Dict::decode(bytes)
    }
}

/// Shows keys and values as text when they are printable ASCII, as hex otherwise.
struct Printable<'a>(&'a [u8]);

impl fmt::Debug for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.iter().all(|b| (0x20..0x7f).contains(b)) {
            if let Ok(text) = core::str::from_utf8(self.0) {
                return write!(f, "{text:?}");
            }
        }
        f.write_str("0x")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Dict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(k, v)| (Printable(k), Printable(v))))
            .finish()
    }
}

impl<'a> IntoIterator for &'a Dict {
    type Item = (&'a Vec<u8>, &'a Vec<u8>);
    type IntoIter = alloc::collections::btree_map::Iter<'a, Vec<u8>, Vec<u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::any_dict;
    use crate::{Address, AgentId, Balances, Color, Hname};
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;
    use proptest::prelude::*;

    /// Builds an encoding by hand, entries in the order given (so tests can misorder them).
    fn raw(count: u32, entries: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut v = count.to_le_bytes().to_vec();
        for (k, val) in entries {
            v.extend_from_slice(&(k.len() as u16).to_le_bytes());
            v.extend_from_slice(k);
            v.extend_from_slice(&(val.len() as u32).to_le_bytes());
            v.extend_from_slice(val);
        }
        v
    }

    proptest! {
        #[test]
        fn round_trip(d in any_dict()) {
            let bytes = d.encode();
            prop_assert_eq!(bytes.len(), d.encoded_len());
            prop_assert_eq!(Dict::decode(&bytes), Ok(d.clone()));
            prop_assert_eq!(<Dict as Codec>::decode(&Codec::encode(&d)), Ok(d));
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Dict::decode(&bytes);
        }

        #[test]
        fn every_cut_of_a_valid_encoding_is_rejected(d in any_dict()) {
            let bytes = d.encode();
            for cut in 0..bytes.len() {
                prop_assert!(Dict::decode(&bytes[..cut]).is_err());
            }
        }
    }

    #[test]
    fn design_layout() {
        let mut d = Dict::new();
        d.set(b"b".as_slice(), b"xyz".as_slice()).expect("set");
        d.set("a", vec![7u8]).expect("set");
        d.set(b"ab", b"").expect("set");
        let want = [
            &[3, 0, 0, 0][..],
            &[1, 0, b'a', 1, 0, 0, 0, 7],
            &[2, 0, b'a', b'b', 0, 0, 0, 0],
            &[1, 0, b'b', 3, 0, 0, 0, b'x', b'y', b'z'],
        ]
        .concat();
        assert_eq!(d.encode(), want);
        assert_eq!(Dict::new().encode(), [0, 0, 0, 0]);
        assert_eq!(format!("{d:?}"), r#"{"a": 0x07, "ab": "", "b": "xyz"}"#);
    }

    #[test]
    fn map_operations() {
        let mut d = Dict::new();
        assert!(d.is_empty());
        d.set("k", "v1").expect("set");
        d.set("k", "v2").expect("replace");
        assert_eq!(d.len(), 1);
        assert_eq!(d.get(b"k"), Some(&b"v2"[..]));
        assert!(d.contains(b"k") && !d.contains(b"x"));
        assert_eq!(d.get(b"x"), None);
        assert_eq!(d.remove(b"k"), Some(b"v2".to_vec()));
        assert_eq!(d.remove(b"k"), None);
        assert!(d.is_empty());
    }

    #[test]
    fn set_refuses_unencodable_keys() {
        let mut d = Dict::new();
        assert_eq!(d.set(Vec::new(), "v"), Err(DictError::EmptyKey));
        assert_eq!(
            d.set(vec![b'k'; MAX_KEY_LEN + 1], "v"),
            Err(DictError::KeyTooLong {
                len: MAX_KEY_LEN + 1,
                max: MAX_KEY_LEN
            })
        );
        assert!(d.is_empty());
        d.set(vec![b'k'; MAX_KEY_LEN], "v")
            .expect("the longest key fits");
        assert_eq!(Dict::decode(&d.encode()), Ok(d));
    }

    #[test]
    fn typed_helpers() {
        let mut d = Dict::new();
        let agent = AgentId::address(Address([3; 32]));
        d.set_as("n", &42u64).expect("set");
        d.set_as("s", "hello").expect("set str");
        d.set_as("b", &true).expect("set");
        d.set_as("a", &agent).expect("set");
        d.set_as("h", &Hname::new("root")).expect("set");
        d.set_as("t", &Balances::single(Color::BASE, 5))
            .expect("set");
        assert_eq!(d.get_as::<u64>(b"n"), Ok(Some(42)));
        assert_eq!(d.get_as::<String>(b"s"), Ok(Some(String::from("hello"))));
        assert_eq!(d.get_as::<bool>(b"b"), Ok(Some(true)));
        assert_eq!(d.get_as::<AgentId>(b"a"), Ok(Some(agent)));
        assert_eq!(d.get_as::<Hname>(b"h"), Ok(Some(Hname::new("root"))));
        assert_eq!(
            d.get_as::<Balances>(b"t"),
            Ok(Some(Balances::single(Color::BASE, 5)))
        );
        assert_eq!(d.get_as::<u64>(b"missing"), Ok(None));
        assert_eq!(
            d.get_as::<u32>(b"n"),
            Err(DecodeError::BadLength {
                what: "u32",
                expected: 4,
                actual: 8
            })
        );
        assert_eq!(d.set_as("", &1u8), Err(DictError::EmptyKey));
        // Nested dicts.
        let inner = d.clone();
        d.set_as("d", &inner).expect("set");
        assert_eq!(d.get_as::<Dict>(b"d"), Ok(Some(inner)));
    }

    #[test]
    fn decode_rejects_malformed() {
        let what = "dict";
        let ok = raw(2, &[(b"a", b"1"), (b"b", b"22")]);
        assert!(Dict::decode(&ok).is_ok());
        // Truncated count.
        assert_eq!(
            Dict::decode(&[2, 0]),
            Err(DecodeError::Truncated {
                what: "dict",
                needed: 4,
                available: 2
            })
        );
        // Truncated inside the last value.
        assert_eq!(
            Dict::decode(&ok[..ok.len() - 1]),
            Err(DecodeError::Truncated {
                what: "dict value",
                needed: 2,
                available: 1
            })
        );
        // Trailing bytes.
        let mut trailing = ok.clone();
        trailing.extend_from_slice(&[0, 0]);
        assert_eq!(
            Dict::decode(&trailing),
            Err(DecodeError::TrailingBytes { what, count: 2 })
        );
        // Unsorted and duplicate keys; a prefix sorts before its extensions.
        assert_eq!(
            Dict::decode(&raw(2, &[(b"b", b""), (b"a", b"")])),
            Err(DecodeError::Unsorted { what, index: 1 })
        );
        assert_eq!(
            Dict::decode(&raw(2, &[(b"ab", b""), (b"a", b"")])),
            Err(DecodeError::Unsorted { what, index: 1 })
        );
        assert_eq!(
            Dict::decode(&raw(3, &[(b"a", b""), (b"b", b"1"), (b"b", b"2")])),
            Err(DecodeError::DuplicateKey { what, index: 2 })
        );
        // Empty key, even first.
        assert_eq!(
            Dict::decode(&raw(1, &[(b"", b"v")])),
            Err(DecodeError::EmptyKey { what, index: 0 })
        );
        // Key length past the end.
        let mut key_past_end = raw(1, &[]);
        key_past_end.extend_from_slice(&[0xff, 0xff, b'k', 0, 0, 0, 0]);
        assert_eq!(
            Dict::decode(&key_past_end),
            Err(DecodeError::Truncated {
                what: "dict key",
                needed: 0xffff,
                available: 5
            })
        );
        // Value length past the end.
        let mut value_past_end = raw(1, &[]);
        value_past_end.extend_from_slice(&[1, 0, b'k', 0xff, 0xff, 0xff, 0xff, b'v']);
        assert_eq!(
            Dict::decode(&value_past_end),
            Err(DecodeError::Truncated {
                what: "dict value",
                needed: u32::MAX as usize,
                available: 1
            })
        );
        // A huge count with a few bytes fails up front.
        assert_eq!(
            Dict::decode(&raw(u32::MAX, &[(b"a", b"")])),
            Err(DecodeError::CountTooLarge {
                what,
                count: u32::MAX,
                min_bytes: u64::from(u32::MAX) * 7,
                available: 7
            })
        );
        // A count that fits the minimum but not the entries present is truncation.
        assert!(matches!(
            Dict::decode(&raw(2, &[(b"abcdefgh", b"")])),
            Err(DecodeError::Truncated { .. })
        ));
        // Count smaller than the entries: the rest is trailing.
        assert_eq!(
            Dict::decode(&raw(1, &[(b"a", b""), (b"b", b"")])),
            Err(DecodeError::TrailingBytes { what, count: 7 })
        );
    }
}
