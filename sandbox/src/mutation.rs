//! One change to one key: the unit of every state update, block and commit.

use isc_abi::{DecodeError, Reader};

use crate::codec::Sink;

/// Op byte of a set in the block encoding.
const OP_SET: u8 = 0;
/// Op byte of a delete in the block encoding.
const OP_DELETE: u8 = 1;

/// Smallest encoding of a mutation (a delete of the empty key: op ‖ key length). Decoders use it to refuse
/// counts that the remaining bytes could not hold.
pub(crate) const MIN_ENCODED_LEN: usize = 1 + 4;

/// A change to one key of the state.
///
/// A delete is recorded explicitly (not as "set to empty") because an empty value is a legitimate value
/// and because the block hash must commit to removals too.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mutation {
    /// `key` now holds `value`.
    Set {
        /// The full state key (partition prefix included).
        key: Vec<u8>,
        /// The new value.
        value: Vec<u8>,
    },
    /// `key` no longer exists.
    Delete {
        /// The full state key (partition prefix included).
        key: Vec<u8>,
    },
}

impl Mutation {
    /// The key changed, whatever the kind of change: what updates are sorted by.
    pub fn key(&self) -> &[u8] {
        match self {
            Mutation::Set { key, .. } | Mutation::Delete { key } => key,
        }
    }

    /// The new value, or `None` for a delete: the shape the pending maps use.
    pub fn value(&self) -> Option<&[u8]> {
        match self {
            Mutation::Set { value, .. } => Some(value),
            Mutation::Delete { .. } => None,
        }
    }

    /// Builds a mutation from the pending-map shape (`None` = deleted), so callers can turn a map of
    /// staged writes into mutations without matching by hand.
    pub fn from_entry(key: Vec<u8>, value: Option<Vec<u8>>) -> Mutation {
        match value {
            Some(value) => Mutation::Set { key, value },
            None => Mutation::Delete { key },
        }
    }

    /// The inverse of [`Mutation::from_entry`], moving the bytes out.
    pub fn into_entry(self) -> (Vec<u8>, Option<Vec<u8>>) {
        match self {
            Mutation::Set { key, value } => (key, Some(value)),
            Mutation::Delete { key } => (key, None),
        }
    }

    /// Length of this mutation in the block encoding, computed without encoding it.
    pub fn encoded_len(&self) -> usize {
        match self {
            Mutation::Set { key, value } => 1 + 4 + key.len() + 4 + value.len(),
            Mutation::Delete { key } => 1 + 4 + key.len(),
        }
    }

    /// Writes op ‖ key length ‖ key ‖ (set) value length ‖ value.
    pub(crate) fn write_to(&self, sink: &mut impl Sink) {
        match self {
            Mutation::Set { key, value } => {
                sink.put(&[OP_SET]);
                sink.put_len(key.len());
                sink.put(key);
                sink.put_len(value.len());
                sink.put(value);
            }
            Mutation::Delete { key } => {
                sink.put(&[OP_DELETE]);
                sink.put_len(key.len());
                sink.put(key);
            }
        }
    }

    /// Reads one mutation; an op byte other than 0 or 1 is refused.
    pub(crate) fn read_from(r: &mut Reader<'_>) -> Result<Mutation, DecodeError> {
        let op = r.u8("mutation op")?;
        if op != OP_SET && op != OP_DELETE {
            return Err(DecodeError::Invalid {
                what: "mutation op",
                reason: "must be 0 (set) or 1 (delete)",
            });
        }
        let key = r.bytes_u32("mutation key")?.to_vec();
        if op == OP_DELETE {
            return Ok(Mutation::Delete { key });
        }
        let value = r.bytes_u32("mutation value")?.to_vec();
        Ok(Mutation::Set { key, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_round_trip() {
        let set = Mutation::from_entry(b"k".to_vec(), Some(b"v".to_vec()));
        assert_eq!(set.key(), b"k");
        assert_eq!(set.value(), Some(&b"v"[..]));
        assert_eq!(
            set.clone().into_entry(),
            (b"k".to_vec(), Some(b"v".to_vec()))
        );
        let del = Mutation::from_entry(b"k".to_vec(), None);
        assert_eq!(del.value(), None);
        assert_eq!(del.into_entry(), (b"k".to_vec(), None));
    }

    #[test]
    fn encoding_and_length_agree() {
        for m in [
            Mutation::Set {
                key: b"ab".to_vec(),
                value: b"xyz".to_vec(),
            },
            Mutation::Delete {
                key: b"ab".to_vec(),
            },
            Mutation::Set {
                key: vec![],
                value: vec![],
            },
        ] {
            let mut out = Vec::new();
            m.write_to(&mut out);
            assert_eq!(out.len(), m.encoded_len());
            let mut r = Reader::new(&out);
            assert_eq!(Mutation::read_from(&mut r), Ok(m));
            assert_eq!(r.finish("mutation"), Ok(()));
        }
    }

    #[test]
    fn unknown_op_is_refused() {
        let bytes = [2u8];
        assert!(matches!(
            Mutation::read_from(&mut Reader::new(&bytes)),
            Err(DecodeError::Invalid {
                what: "mutation op",
                ..
            })
        ));
    }
}
