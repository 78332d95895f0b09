//! The state changes of one request, stamped with the time it ran at.

use isc_abi::{DecodeError, Reader};

use crate::codec::Sink;
use crate::mutation::{self, Mutation};

/// Smallest encoding of a state update (timestamp ‖ mutation count, no mutations).
pub(crate) const MIN_ENCODED_LEN: usize = 8 + 4;

/// The mutations one request made, with the timestamp it ran at (Unix nanoseconds).
///
/// Mutations are sorted by key, one per key ("canonical"): the same set of changes must encode, and so
/// hash, the same on every node, whatever order the contract wrote in. [`StateUpdate::from_unsorted`]
/// builds that form; decoders and `VirtualState::apply_update` refuse anything else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateUpdate {
    /// When the request ran, in Unix nanoseconds.
    pub timestamp: i64,
    /// The changes, sorted by key, at most one per key.
    pub mutations: Vec<Mutation>,
}

impl StateUpdate {
    /// An update from mutations already in canonical order (not checked: see
    /// [`StateUpdate::check_canonical`]).
    pub fn new(timestamp: i64, mutations: Vec<Mutation>) -> Self {
        StateUpdate {
            timestamp,
            mutations,
        }
    }

    /// An update from mutations in write order: sorts by key and keeps the last write of each key, which
    /// is what the state holds after replaying them in order.
    pub fn from_unsorted(timestamp: i64, mut mutations: Vec<Mutation>) -> Self {
        // Reverse, then a stable sort: within one key the last write comes first, and dedup keeps firsts.
        mutations.reverse();
        mutations.sort_by(|a, b| a.key().cmp(b.key()));
        mutations.dedup_by(|later, earlier| later.key() == earlier.key());
        StateUpdate {
            timestamp,
            mutations,
        }
    }

    /// Checks the canonical form: keys strictly ascending. Names the first offending mutation.
    pub fn check_canonical(&self) -> Result<(), DecodeError> {
        for (index, pair) in self.mutations.windows(2).enumerate() {
            match pair[0].key().cmp(pair[1].key()) {
                core::cmp::Ordering::Less => {}
                core::cmp::Ordering::Equal => {
                    return Err(DecodeError::DuplicateKey {
                        what: "state update mutations",
                        index: index + 1,
                    })
                }
                core::cmp::Ordering::Greater => {
                    return Err(DecodeError::Unsorted {
                        what: "state update mutations",
                        index: index + 1,
                    })
                }
            }
        }
        Ok(())
    }

    /// Length of this update in the block encoding, computed without encoding it.
    pub fn encoded_len(&self) -> usize {
        MIN_ENCODED_LEN
            + self
                .mutations
                .iter()
                .map(Mutation::encoded_len)
                .sum::<usize>()
    }

    /// Writes timestamp ‖ mutation count ‖ mutations.
    pub(crate) fn write_to(&self, sink: &mut impl Sink) {
        sink.put_i64(self.timestamp);
        sink.put_len(self.mutations.len());
        for m in &self.mutations {
            m.write_to(sink);
        }
    }

    /// Reads one update and checks its canonical form.
    ///
    /// The mutation count comes from untrusted bytes: it is checked against what the remaining input could
    /// hold before the loop, and the vector grows with what is actually decoded, never with the count.
    pub(crate) fn read_from(r: &mut Reader<'_>) -> Result<StateUpdate, DecodeError> {
        let timestamp = r.i64("state update timestamp")?;
        let count = r.u32("mutation count")? as usize;
        if count > r.remaining() / mutation::MIN_ENCODED_LEN {
            return Err(DecodeError::Invalid {
                what: "mutation count",
                reason: "more mutations than the remaining bytes could hold",
            });
        }
        let mut mutations = Vec::new();
        for _ in 0..count {
            mutations.push(Mutation::read_from(r)?);
        }
        let update = StateUpdate {
            timestamp,
            mutations,
        };
        update.check_canonical()?;
        Ok(update)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(k: &str, v: &str) -> Mutation {
        Mutation::Set {
            key: k.as_bytes().to_vec(),
            value: v.as_bytes().to_vec(),
        }
    }

    fn del(k: &str) -> Mutation {
        Mutation::Delete {
            key: k.as_bytes().to_vec(),
        }
    }

    #[test]
    fn from_unsorted_sorts_and_keeps_last_write() {
        let u = StateUpdate::from_unsorted(
            5,
            vec![
                set("b", "1"),
                del("a"),
                set("b", "2"),
                set("a", "3"),
                del("c"),
            ],
        );
        assert_eq!(u.mutations, vec![set("a", "3"), set("b", "2"), del("c")]);
        assert_eq!(u.check_canonical(), Ok(()));
    }

    #[test]
    fn canonical_check_names_the_entry() {
        let unsorted = StateUpdate::new(1, vec![set("b", ""), set("a", "")]);
        assert!(matches!(
            unsorted.check_canonical(),
            Err(DecodeError::Unsorted { index: 1, .. })
        ));
        let dup = StateUpdate::new(1, vec![set("a", ""), del("b"), del("b")]);
        assert!(matches!(
            dup.check_canonical(),
            Err(DecodeError::DuplicateKey { index: 2, .. })
        ));
    }

    #[test]
    fn count_beyond_input_is_refused_before_reading() {
        // timestamp 0, count u32::MAX, then nothing.
        let mut bytes = vec![0u8; 8];
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            StateUpdate::read_from(&mut Reader::new(&bytes)),
            Err(DecodeError::Invalid {
                what: "mutation count",
                ..
            })
        ));
    }
}
