//! The net changes of the block being built: read by key on every state access, walked in key order
//! by prefix iteration and at commit.
//!
//! A `BTreeMap` alone answers both, but a block of 10,000 requests holds tens of thousands of keys,
//! and every read, rewrite and new key paid a tree search of byte-string comparisons: a third of a
//! block of native transfers. Here a hash index answers reads and rewrites; keys are put in order
//! only when something walks them (a prefix walk inserts the keys that are new since the last walk
//! into an ordered map) and at commit (one sort).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Bound;

use rustc_hash::FxHashMap;

use crate::Mutation;

/// Key -> value (`None`: deleted in this block), with point lookups by hash and walks in key order.
#[derive(Debug, Default)]
pub(crate) struct BlockChanges {
    /// The values, by slot (slots are given out in the order keys first appear).
    values: Vec<Option<Vec<u8>>>,
    /// The keys, by slot.
    keys: Vec<Box<[u8]>>,
    /// Key -> slot, for reads and rewrites.
    index: FxHashMap<Box<[u8]>, usize>,
    /// The keys walks have needed so far, in order.
    ordered: RefCell<Ordered>,
}

/// An ordered map of the first `upto` slots' keys.
#[derive(Debug, Default)]
struct Ordered {
    map: BTreeMap<Box<[u8]>, usize>,
    upto: usize,
}

impl BlockChanges {
    /// No changes.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The change to `key`: `Some(Some(v))` set, `Some(None)` deleted, `None` untouched.
    pub(crate) fn get(&self, key: &[u8]) -> Option<Option<&[u8]>> {
        // Nothing changed yet (a view, a block's first reads): no key to hash.
        if self.values.is_empty() {
            return None;
        }
        self.index
            .get(key)
            .map(|&slot| self.values[slot].as_deref())
    }

    /// Records that `key` is now `value` (`None`: deleted). A key written again (a balance, a
    /// counter) keeps its slot and, when it fits, its buffer.
    pub(crate) fn set(&mut self, key: &[u8], value: Option<&[u8]>) {
        if let Some(&slot) = self.index.get(key) {
            match (&mut self.values[slot], value) {
                (Some(buf), Some(v)) => {
                    buf.clear();
                    buf.extend_from_slice(v);
                }
                (old, v) => *old = v.map(<[u8]>::to_vec),
            }
            return;
        }
        let slot = self.values.len();
        self.values.push(value.map(<[u8]>::to_vec));
        self.keys.push(key.into());
        self.index.insert(key.into(), slot);
    }

    /// Runs `f` on the changes to keys under `prefix`, in ascending key order.
    pub(crate) fn walk<R>(
        &self,
        prefix: &[u8],
        f: impl for<'a> FnOnce(&mut dyn Iterator<Item = (&'a [u8], Option<&'a [u8]>)>) -> R,
    ) -> R {
        let mut ordered = self.ordered.borrow_mut();
        for slot in ordered.upto..self.keys.len() {
            ordered.map.insert(self.keys[slot].clone(), slot);
        }
        ordered.upto = self.keys.len();
        let mut changes = ordered
            .map
            .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, &slot)| (&**k, self.values[slot].as_deref()));
        f(&mut changes)
    }

    /// Every change as a mutation, in key order, leaving none.
    pub(crate) fn take_sorted(&mut self) -> Vec<Mutation> {
        let keys = std::mem::take(&mut self.keys);
        let values = std::mem::take(&mut self.values);
        self.clear();
        let mut entries: Vec<_> = keys.into_iter().zip(values).collect();
        // Keys are unique, so an unstable sort gives the one order.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries
            .into_iter()
            .map(|(key, value)| Mutation::from_entry(key.into_vec(), value))
            .collect()
    }

    /// The changes `mutations` describe (what [`take_sorted`](Self::take_sorted) gave).
    pub(crate) fn from_mutations(mutations: Vec<Mutation>) -> Self {
        let mut out = Self::new();
        for m in mutations {
            out.set(m.key(), m.value());
        }
        out
    }

    /// Forgets every change.
    pub(crate) fn clear(&mut self) {
        self.values.clear();
        self.keys.clear();
        self.index.clear();
        *self.ordered.get_mut() = Ordered::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any sequence of sets and deletes reads, walks and drains exactly as a `BTreeMap` of the
        /// last write per key.
        #[test]
        fn behaves_as_an_ordered_map(
            writes in proptest::collection::vec(
                (proptest::collection::vec(0u8..4, 0..4), proptest::option::of(proptest::collection::vec(any::<u8>(), 0..3))),
                0..40,
            ),
            prefix in proptest::collection::vec(0u8..4, 0..2),
        ) {
            let mut changes = BlockChanges::new();
            let mut model: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
            for (key, value) in &writes {
                changes.set(key, value.as_deref());
                model.insert(key.clone(), value.clone());
            }
            prop_assert_eq!(changes.walk(&[], |it| it.count()), model.len());
            for key in model.keys().chain(std::iter::once(&vec![9u8])) {
                prop_assert_eq!(changes.get(key), model.get(key).map(|v| v.as_deref()));
            }
            let walked: Vec<_> = changes.walk(&prefix, |it| it.map(|(k, v)| (k.to_vec(), v.map(<[u8]>::to_vec))).collect());
            let expected: Vec<_> = model.iter().filter(|(k, _)| k.starts_with(&prefix)).map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(walked, expected);
            let drained = changes.take_sorted();
            prop_assert_eq!(changes.walk(&[], |it| it.count()), 0);
            prop_assert_eq!(changes.get(&[0]), None);
            let again = BlockChanges::from_mutations(drained.clone());
            let expected: Vec<_> = model.into_iter().map(|(k, v)| Mutation::from_entry(k, v)).collect();
            prop_assert_eq!(&drained, &expected);
            let mut again = again;
            prop_assert_eq!(again.take_sorted(), expected);
        }
    }
}
