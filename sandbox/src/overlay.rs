//! A write buffer over any readable layer: how a request's changes stay revocable until it succeeds.

use crate::merge::{self, Pending};
use crate::{KvRead, KvWrite, Mutation, StoreError};

/// Buffers writes over a read-only `base`; reads see the buffer merged with the base.
///
/// A request runs against an overlay of the virtual state. If it fails, the overlay is dropped and
/// nothing it wrote exists anywhere; if it succeeds, [`Overlay::into_mutations`] hands its net
/// changes to the layer below (see [`crate::apply_mutations`]). Overlays stack, so a nested call
/// can get its own.
pub struct Overlay<'a> {
    base: &'a dyn KvRead,
    writes: Pending,
}

impl<'a> Overlay<'a> {
    /// An empty buffer over `base`.
    pub fn new(base: &'a dyn KvRead) -> Self {
        Overlay {
            base,
            writes: Pending::new(),
        }
    }

    /// Whether nothing has been written: lets callers skip applying an empty buffer.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Number of distinct keys written.
    pub fn len(&self) -> usize {
        self.writes.len()
    }

    /// The net changes, sorted by key, one per key (the last write of each), ending the borrow of the
    /// base so they can be applied to it.
    pub fn into_mutations(self) -> Vec<Mutation> {
        self.writes
            .into_iter()
            .map(|(k, v)| Mutation::from_entry(k, v))
            .collect()
    }
}

impl KvRead for Overlay<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match merge::lookup(&self.writes, key) {
            Some(v) => Ok(v.map(<[u8]>::to_vec)),
            None => self.base.get(key),
        }
    }

    fn get_with(&self, key: &[u8], f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StoreError> {
        match merge::lookup(&self.writes, key) {
            Some(v) => {
                f(v);
                Ok(())
            }
            None => self.base.get_with(key, f),
        }
    }

    fn has(&self, key: &[u8]) -> Result<bool, StoreError> {
        match merge::lookup(&self.writes, key) {
            Some(v) => Ok(v.is_some()),
            None => self.base.has(key),
        }
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        merge::iterate_merged(
            merge::range(&self.writes, prefix),
            |g| self.base.iterate_prefix(prefix, g),
            f,
        )
    }
}

impl KvWrite for Overlay<'_> {
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.writes.insert(key.to_vec(), Some(value.to_vec()));
    }

    fn delete(&mut self, key: &[u8]) {
        self.writes.insert(key.to_vec(), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply_mutations, MemStore, VirtualState};
    use std::sync::Arc;

    fn keys(kv: &dyn KvRead) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        kv.iterate_prefix(b"", &mut |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            true
        })
        .expect("walk");
        out
    }

    fn state() -> VirtualState {
        let mut vs = VirtualState::new(Arc::new(MemStore::new())).expect("new");
        vs.set(b"a", b"1");
        vs.set(b"b", b"2");
        vs
    }

    fn get_with(kv: &dyn KvRead, key: &[u8]) -> Option<Vec<u8>> {
        let mut seen = None;
        kv.get_with(key, &mut |v| seen = Some(v.map(<[u8]>::to_vec)))
            .expect("get_with");
        seen.expect("get_with calls back once")
    }

    #[test]
    fn get_with_sees_what_get_sees_through_every_layer() {
        use crate::{PartitionMut, Store};
        use isc_abi::Hname;
        let store = Arc::new(MemStore::new());
        let mut vs = VirtualState::new(store.clone()).expect("new");
        vs.set(b"stored", b"s");
        vs.set(b"gone", b"g");
        vs.end_update(1).expect("update");
        vs.commit_block().expect("commit");
        let mut vs = VirtualState::new(store as Arc<dyn Store>).expect("reopen");
        vs.set(b"pending", b"p");
        vs.delete(b"gone");
        let mut o = Overlay::new(&vs);
        o.set(b"over", b"o");
        o.delete(b"stored");
        let mut part = PartitionMut::new(&mut o, Hname(7));
        part.set(b"k", b"v");
        for key in [&b"stored"[..], b"gone", b"pending", b"over", b"none"] {
            assert_eq!(get_with(&vs, key), vs.get(key).expect("get"), "{key:?}");
            assert_eq!(get_with(&o, key), o.get(key).expect("get"), "{key:?}");
        }
        let part = PartitionMut::new(&mut o, Hname(7));
        assert_eq!(get_with(&part, b"k"), Some(b"v".to_vec()));
        assert_eq!(get_with(&part, b"over"), None);
    }

    #[test]
    fn dropped_overlay_rolls_back() {
        let vs = state();
        let before = keys(&vs);
        {
            let mut o = Overlay::new(&vs);
            o.set(b"a", b"changed");
            o.delete(b"b");
            o.set(b"c", b"new");
            assert_eq!(o.get(b"a").expect("get"), Some(b"changed".to_vec()));
            assert!(!o.has(b"b").expect("has"));
            assert_eq!(
                keys(&o),
                vec![
                    (b"a".to_vec(), b"changed".to_vec()),
                    (b"c".to_vec(), b"new".to_vec())
                ]
            );
        }
        assert_eq!(keys(&vs), before);
    }

    #[test]
    fn kept_overlay_applies_its_net_changes() {
        let mut vs = state();
        let mutations = {
            let mut o = Overlay::new(&vs);
            assert!(o.is_empty());
            o.set(b"c", b"x");
            o.delete(b"a");
            o.set(b"c", b"3");
            {
                // A nested call's buffer, dropped: its write never reaches the outer overlay.
                let mut inner = Overlay::new(&o);
                inner.set(b"z", b"lost");
                assert!(inner.has(b"c").expect("has"));
            }
            assert_eq!(o.len(), 2);
            o.into_mutations()
        };
        assert_eq!(
            mutations,
            vec![
                Mutation::Delete { key: b"a".to_vec() },
                Mutation::Set {
                    key: b"c".to_vec(),
                    value: b"3".to_vec()
                },
            ]
        );
        apply_mutations(&mut vs, &mutations);
        assert_eq!(
            keys(&vs),
            vec![
                (b"b".to_vec(), b"2".to_vec()),
                (b"c".to_vec(), b"3".to_vec())
            ]
        );
    }
}
