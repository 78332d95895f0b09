//! The behaviour every [`Store`] backend must show, written once and run against each backend.

use isc_abi::blake2b256;

use crate::store::{CommitBatch, Store, StoredBlock};
use crate::{Mutation, StoreError};

/// A block record with a made-up payload and a state hash derived from it.
pub(crate) fn stored_block(index: u32, timestamp: i64, bytes: &[u8]) -> StoredBlock {
    StoredBlock {
        index,
        timestamp,
        bytes: bytes.to_vec(),
        state_hash: blake2b256(bytes),
    }
}

/// A set mutation from string literals.
pub(crate) fn set(k: &str, v: &str) -> Mutation {
    Mutation::Set {
        key: k.as_bytes().to_vec(),
        value: v.as_bytes().to_vec(),
    }
}

/// A batch with no aux changes.
fn batch(block: StoredBlock, mutations: Vec<Mutation>) -> CommitBatch {
    CommitBatch {
        mutations,
        block,
        aux: vec![],
    }
}

/// Collects a prefix walk, stopping after `limit` entries.
pub(crate) fn collect(
    walk: impl FnOnce(&mut dyn FnMut(&[u8], &[u8]) -> bool) -> Result<(), StoreError>,
    limit: usize,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    walk(&mut |k, v| {
        out.push((k.to_vec(), v.to_vec()));
        out.len() < limit
    })
    .expect("walk");
    out
}

pub(crate) fn commit_read_and_refuse_out_of_order(store: &dyn Store) {
    assert_eq!(store.head().expect("head"), None);
    assert_eq!(store.block(0).expect("block"), None);

    let err = store.commit(&batch(stored_block(1, 10, b"one"), vec![set("a", "1")]));
    assert!(matches!(
        err,
        Err(StoreError::IndexOutOfOrder { head: None, got: 1 })
    ));
    assert_eq!(store.get(b"a").expect("get"), None);

    let b0 = stored_block(0, 10, b"zero");
    store
        .commit(&batch(b0.clone(), vec![set("a", "1"), set("b", "2")]))
        .expect("commit 0");
    assert_eq!(store.head().expect("head"), Some(b0.head()));
    assert_eq!(store.block(0).expect("block"), Some(b0.clone()));
    assert_eq!(store.get(b"a").expect("get"), Some(b"1".to_vec()));

    let again = store.commit(&batch(stored_block(0, 11, b"x"), vec![set("a", "9")]));
    assert!(matches!(
        again,
        Err(StoreError::IndexOutOfOrder {
            head: Some(0),
            got: 0
        })
    ));
    assert_eq!(store.get(b"a").expect("get"), Some(b"1".to_vec()));
    assert_eq!(store.head().expect("head"), Some(b0.head()));

    let b1 = stored_block(1, 20, b"one");
    let muts = vec![Mutation::Delete { key: b"a".to_vec() }, set("c", "3")];
    store.commit(&batch(b1.clone(), muts)).expect("commit 1");
    assert_eq!(store.get(b"a").expect("get"), None);
    assert_eq!(store.get(b"c").expect("get"), Some(b"3".to_vec()));
    assert_eq!(store.head().expect("head"), Some(b1.head()));
    assert_eq!(store.block(1).expect("block"), Some(b1));
    assert_eq!(store.block(2).expect("block"), None);

    let skip = store.commit(&batch(stored_block(3, 30, b"three"), vec![]));
    assert!(matches!(
        skip,
        Err(StoreError::IndexOutOfOrder {
            head: Some(1),
            got: 3
        })
    ));
}

pub(crate) fn aux_space_is_separate(store: &dyn Store) {
    store
        .aux_commit(&[(b"k".to_vec(), Some(b"aux".to_vec()))])
        .expect("aux commit");
    assert_eq!(store.get(b"k").expect("get"), None);
    assert_eq!(store.aux_get(b"k").expect("aux get"), Some(b"aux".to_vec()));

    let mut b = batch(stored_block(0, 1, b"b"), vec![set("k", "state")]);
    b.aux = vec![(b"k".to_vec(), None), (b"q".to_vec(), Some(b"1".to_vec()))];
    store.commit(&b).expect("commit");
    assert_eq!(store.get(b"k").expect("get"), Some(b"state".to_vec()));
    assert_eq!(store.aux_get(b"k").expect("aux get"), None);
    assert_eq!(store.aux_get(b"q").expect("aux get"), Some(b"1".to_vec()));
    let all = collect(|f| store.aux_iterate_prefix(b"", f), usize::MAX);
    assert_eq!(all, vec![(b"q".to_vec(), b"1".to_vec())]);
}

pub(crate) fn prefix_walk_stops_and_orders(store: &dyn Store) {
    let keys: [&[u8]; 6] = [b"b", b"abc", b"a", b"a\x00", &[0xff], b"ab"];
    let mut muts: Vec<Mutation> = keys
        .iter()
        .map(|k| Mutation::Set {
            key: k.to_vec(),
            value: k.to_vec(),
        })
        .collect();
    muts.sort_by(|x, y| x.key().cmp(y.key()));
    store
        .commit(&batch(stored_block(0, 1, b"b"), muts))
        .expect("commit");

    let under_a: Vec<Vec<u8>> = collect(|f| store.iterate_prefix(b"a", f), usize::MAX)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        under_a,
        vec![
            b"a".to_vec(),
            b"a\x00".to_vec(),
            b"ab".to_vec(),
            b"abc".to_vec()
        ]
    );
    assert_eq!(collect(|f| store.iterate_prefix(b"a", f), 2).len(), 2);
    let all = collect(|f| store.iterate_prefix(b"", f), usize::MAX);
    assert_eq!(all.len(), 6);
    assert_eq!(all.last().map(|(k, _)| k.clone()), Some(vec![0xff]));
    assert!(collect(|f| store.iterate_prefix(b"zz", f), usize::MAX).is_empty());
}
