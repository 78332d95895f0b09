//! A contract's slice of the state: every key it uses lives under its hname.

use isc_abi::Hname;

use crate::{KvRead, KvWrite, StoreError};

/// `hname ‖ key`: the only way partitions build a state key.
fn full_key(prefix: &[u8; Hname::LEN], key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(Hname::LEN + key.len());
    out.extend_from_slice(prefix);
    out.extend_from_slice(key);
    out
}

/// Longest full key [`with_full_key`] builds on the stack.
const STACK_KEY: usize = 128;

/// Calls `f` with `hname ‖ key`, built on the stack when it is short (reads are the hot path: no
/// allocation for the key).
fn with_full_key<T>(prefix: &[u8; Hname::LEN], key: &[u8], f: impl FnOnce(&[u8]) -> T) -> T {
    let len = Hname::LEN + key.len();
    if len <= STACK_KEY {
        let mut buf = [0u8; STACK_KEY];
        buf[..Hname::LEN].copy_from_slice(prefix);
        buf[Hname::LEN..len].copy_from_slice(key);
        f(&buf[..len])
    } else {
        f(&full_key(prefix, key))
    }
}

/// Walks `kv` under `prefix ‖ sub_prefix`, handing `f` keys without the partition prefix.
fn iterate_stripped(
    kv: &dyn KvRead,
    prefix: &[u8; Hname::LEN],
    sub_prefix: &[u8],
    f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
) -> Result<(), StoreError> {
    kv.iterate_prefix(&full_key(prefix, sub_prefix), &mut |k, v| {
        // Every key the walk yields starts with the prefix; one that did not would be skipped rather
        // than shown, so a faulty layer below still cannot leak another partition.
        match k.strip_prefix(prefix.as_slice()) {
            Some(stripped) => f(stripped, v),
            None => true,
        }
    })
}

/// Read-only view of one contract's state (for views).
///
/// Every key is prefixed with the contract's hname (4 bytes LE) on the way in and stripped on the way
/// out, iteration included. Since the prefix is always added and never chosen by the caller, no key a
/// contract can pass reaches outside its partition: `hname ‖ anything` always starts with `hname`.
pub struct Partition<'a> {
    kv: &'a dyn KvRead,
    prefix: [u8; Hname::LEN],
}

impl<'a> Partition<'a> {
    /// The partition of `contract` in `kv`.
    pub fn new(kv: &'a dyn KvRead, contract: Hname) -> Self {
        Partition {
            kv,
            prefix: contract.to_bytes(),
        }
    }
}

impl KvRead for Partition<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.get(k))
    }

    fn get_with(&self, key: &[u8], f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.get_with(k, f))
    }

    fn has(&self, key: &[u8]) -> Result<bool, StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.has(k))
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        iterate_stripped(self.kv, &self.prefix, prefix, f)
    }
}

/// Writable view of one contract's state (for funcs), with the same prefixing and the same guarantee
/// as [`Partition`].
pub struct PartitionMut<'a> {
    kv: &'a mut dyn KvWrite,
    prefix: [u8; Hname::LEN],
}

impl<'a> PartitionMut<'a> {
    /// The partition of `contract` in `kv`.
    pub fn new(kv: &'a mut dyn KvWrite, contract: Hname) -> Self {
        PartitionMut {
            kv,
            prefix: contract.to_bytes(),
        }
    }
}

impl KvRead for PartitionMut<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.get(k))
    }

    fn get_with(&self, key: &[u8], f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.get_with(k, f))
    }

    fn has(&self, key: &[u8]) -> Result<bool, StoreError> {
        with_full_key(&self.prefix, key, |k| self.kv.has(k))
    }

    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        iterate_stripped(&*self.kv, &self.prefix, prefix, f)
    }
}

impl KvWrite for PartitionMut<'_> {
    fn set(&mut self, key: &[u8], value: &[u8]) {
        let kv = &mut self.kv;
        with_full_key(&self.prefix, key, |k| kv.set(k, value));
    }

    fn delete(&mut self, key: &[u8]) {
        let kv = &mut self.kv;
        with_full_key(&self.prefix, key, |k| kv.delete(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MemStore, VirtualState};
    use std::sync::Arc;

    fn walk(kv: &dyn KvRead, prefix: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        kv.iterate_prefix(prefix, &mut |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            true
        })
        .expect("walk");
        out
    }

    #[test]
    fn contracts_cannot_see_each_other() {
        let root = Hname::new("root");
        let blob = Hname::new("blob");
        let mut vs = VirtualState::new(Arc::new(MemStore::new())).expect("new");
        {
            let mut p = PartitionMut::new(&mut vs, root);
            p.set(b"owner", b"alice");
            p.set(b"k2", b"v2");
        }
        {
            let mut p = PartitionMut::new(&mut vs, blob);
            p.set(b"owner", b"bob");
            // A key that looks like another contract's full key still lands in this partition.
            let mut forged = root.to_bytes().to_vec();
            forged.extend_from_slice(b"owner");
            p.set(&forged, b"mallory");
            assert_eq!(p.get(b"owner").expect("get"), Some(b"bob".to_vec()));
            p.delete(b"k2"); // not blob's key: deleting it must not touch root's
        }

        let r = Partition::new(&vs, root);
        assert_eq!(r.get(b"owner").expect("get"), Some(b"alice".to_vec()));
        assert!(r.has(b"k2").expect("has"));
        assert_eq!(
            walk(&r, b""),
            vec![
                (b"k2".to_vec(), b"v2".to_vec()),
                (b"owner".to_vec(), b"alice".to_vec())
            ]
        );

        let b = Partition::new(&vs, blob);
        let mut forged = root.to_bytes().to_vec();
        forged.extend_from_slice(b"owner");
        assert_eq!(
            walk(&b, b""),
            vec![
                (forged, b"mallory".to_vec()),
                (b"owner".to_vec(), b"bob".to_vec())
            ]
        );
        assert_eq!(walk(&b, b"ow"), vec![(b"owner".to_vec(), b"bob".to_vec())]);

        // The raw state holds every key with its owner's prefix.
        let raw = walk(&vs, b"");
        assert_eq!(raw.len(), 4); // root: k2, owner; blob: forged, owner (its delete of k2 is hidden)
        assert!(raw
            .iter()
            .all(|(k, _)| k.starts_with(&root.to_bytes()) || k.starts_with(&blob.to_bytes())));
    }

    #[test]
    fn partition_mut_reads_back_stripped_keys() {
        let mut vs = VirtualState::new(Arc::new(MemStore::new())).expect("new");
        let mut p = PartitionMut::new(&mut vs, Hname(7));
        p.set(b"a", b"1");
        p.set(b"", b"empty key");
        assert_eq!(
            walk(&p, b""),
            vec![
                (b"".to_vec(), b"empty key".to_vec()),
                (b"a".to_vec(), b"1".to_vec())
            ]
        );
        assert!(p.has(b"").expect("has"));
    }
}
