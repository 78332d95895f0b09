//! Tests of the virtual state: merged reads, staging and sealing, timestamps, commits on both backends.

use super::*;
use crate::{MemStore, RedbStore};

fn mem() -> Arc<dyn Store> {
    Arc::new(MemStore::new())
}

fn get(vs: &VirtualState, key: &str) -> Option<String> {
    vs.get(key.as_bytes())
        .expect("get")
        .map(|v| String::from_utf8(v).expect("utf8"))
}

fn walk(kv: &dyn KvRead, prefix: &str, limit: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    kv.iterate_prefix(prefix.as_bytes(), &mut |k, v| {
        out.push((
            String::from_utf8_lossy(k).into_owned(),
            String::from_utf8_lossy(v).into_owned(),
        ));
        out.len() < limit
    })
    .expect("walk");
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Commits block 0 holding a=1, b=2, c=3, x=9 at timestamp 100.
fn seeded() -> VirtualState {
    let mut vs = VirtualState::new(mem()).expect("new");
    for (k, v) in [("a", "1"), ("b", "2"), ("c", "3"), ("x", "9")] {
        vs.set(k.as_bytes(), v.as_bytes());
    }
    vs.end_update(100).expect("end");
    vs.commit_block().expect("commit");
    vs
}

#[test]
fn reads_merge_pending_changes_with_the_store() {
    let mut vs = seeded();
    vs.set(b"b", b"20");
    vs.delete(b"c");
    vs.set(b"d", b"4");
    vs.delete(b"a");
    vs.set(b"a", b"10"); // re-set after delete
    vs.delete(b"e"); // absent key

    assert_eq!(get(&vs, "a").as_deref(), Some("10"));
    assert_eq!(get(&vs, "b").as_deref(), Some("20"));
    assert_eq!(get(&vs, "c"), None);
    assert_eq!(get(&vs, "d").as_deref(), Some("4"));
    assert_eq!(get(&vs, "x").as_deref(), Some("9"));
    assert!(vs.has(b"a").expect("has") && vs.has(b"x").expect("has"));
    assert!(!vs.has(b"c").expect("has") && !vs.has(b"e").expect("has"));

    let all = pairs(&[("a", "10"), ("b", "20"), ("d", "4"), ("x", "9")]);
    assert_eq!(walk(&vs, "", usize::MAX), all);
    assert_eq!(walk(&vs, "", 2), all[..2].to_vec());
    assert_eq!(walk(&vs, "c", usize::MAX), vec![]);
    assert_eq!(walk(&vs, "x", usize::MAX), pairs(&[("x", "9")]));

    // Sealing does not change what reads see; committing makes it the store's view.
    vs.end_update(200).expect("end");
    assert_eq!(walk(&vs, "", usize::MAX), all);
    vs.commit_block().expect("commit");
    let fresh = VirtualState::new(vs.store().clone()).expect("fresh view");
    assert_eq!(walk(&fresh, "", usize::MAX), all);
}

#[test]
fn end_update_sorts_and_keeps_the_last_write() {
    let mut vs = VirtualState::new(mem()).expect("new");
    vs.set(b"b", b"1");
    vs.set(b"a", b"1");
    vs.set(b"b", b"2");
    vs.delete(b"c");
    assert!(vs.has_open_update());
    vs.end_update(1).expect("end");
    assert!(!vs.has_open_update());
    assert_eq!(
        vs.updates()[0].mutations,
        vec![
            Mutation::Set {
                key: b"a".to_vec(),
                value: b"1".to_vec()
            },
            Mutation::Set {
                key: b"b".to_vec(),
                value: b"2".to_vec()
            },
            Mutation::Delete { key: b"c".to_vec() },
        ]
    );
}

#[test]
fn timestamps_must_strictly_increase() {
    let mut vs = VirtualState::new(mem()).expect("new");
    assert_eq!(vs.timestamp(), ORIGIN_TIMESTAMP);
    let refused = |r: Result<(), StateError>, previous, got| {
        assert!(
            matches!(r, Err(StateError::TimestampNotIncreasing { previous: p, got: g }) if p == previous && g == got),
            "{r:?}"
        )
    };
    refused(
        vs.end_update(ORIGIN_TIMESTAMP),
        ORIGIN_TIMESTAMP,
        ORIGIN_TIMESTAMP,
    );
    vs.end_update(5).expect("5");
    refused(vs.end_update(5), 5, 5);
    refused(vs.end_update(4), 5, 4);
    vs.end_update(6).expect("6");
    let commit = vs.commit_block().expect("commit");
    assert_eq!(commit.block.timestamp, 6);
    assert_eq!(vs.timestamp(), 6);
    refused(vs.end_update(6), 6, 6);
    refused(vs.apply_update(StateUpdate::new(6, vec![])), 6, 6);
    vs.apply_update(StateUpdate::new(7, vec![])).expect("7");
}

#[test]
fn apply_update_checks_its_input() {
    let mut vs = VirtualState::new(mem()).expect("new");
    vs.set(b"k", b"v");
    assert!(matches!(
        vs.apply_update(StateUpdate::new(1, vec![])),
        Err(StateError::UpdateOpen)
    ));
    vs.end_update(1).expect("end");
    let unsorted = StateUpdate::new(
        2,
        vec![
            Mutation::Delete { key: b"b".to_vec() },
            Mutation::Delete { key: b"a".to_vec() },
        ],
    );
    assert!(matches!(
        vs.apply_update(unsorted),
        Err(StateError::InvalidUpdate(_))
    ));
    assert_eq!(vs.updates().len(), 1);
    let ok = StateUpdate::new(
        3,
        vec![
            Mutation::Delete { key: b"k".to_vec() },
            Mutation::Set {
                key: b"z".to_vec(),
                value: b"1".to_vec(),
            },
        ],
    );
    vs.apply_update(ok).expect("apply");
    assert_eq!(get(&vs, "k"), None);
    assert_eq!(get(&vs, "z").as_deref(), Some("1"));
    let commit = vs.commit_block().expect("commit");
    assert_eq!(commit.block.updates.len(), 2);
}

#[test]
fn commit_needs_sealed_updates() {
    let mut vs = VirtualState::new(mem()).expect("new");
    assert!(matches!(vs.commit_block(), Err(StateError::NoUpdates)));
    vs.set(b"k", b"v");
    assert!(matches!(vs.commit_block(), Err(StateError::UpdateOpen)));
    vs.discard();
    assert!(!vs.has_open_update());
    assert_eq!(get(&vs, "k"), None);
    assert!(matches!(vs.commit_block(), Err(StateError::NoUpdates)));
}

#[test]
fn a_refused_commit_changes_nothing() {
    let store = mem();
    let mut first = VirtualState::new(store.clone()).expect("new");
    let mut second = VirtualState::new(store.clone()).expect("new");
    first.set(b"a", b"1");
    first.end_update(10).expect("end");
    second.set(b"b", b"2");
    second.end_update(10).expect("end");
    second.commit_block().expect("second wins block 0");

    let err = first.commit_block();
    assert!(matches!(
        err,
        Err(StateError::Store(StoreError::IndexOutOfOrder {
            head: Some(0),
            got: 0
        }))
    ));
    assert_eq!(first.block_index(), None);
    assert_eq!(first.state_hash(), origin_state_hash());
    assert_eq!(first.updates().len(), 1);
    assert_eq!(get(&first, "a").as_deref(), Some("1"));
    assert_eq!(store.get(b"a").expect("get"), None);
}

/// Builds three blocks on `store` and checks every committed fact against a manual computation.
fn build_history(store: Arc<dyn Store>) -> Vec<BlockCommit> {
    let mut vs = VirtualState::new(store).expect("new");
    assert_eq!(vs.block_index(), None);
    let mut commits = Vec::new();
    let mut expected_hash = origin_state_hash();
    for (i, ts) in [(0u32, 1_000i64), (1, 2_000), (2, 3_000)] {
        vs.set(format!("key-{i}").as_bytes(), b"v");
        vs.delete(b"key-0");
        vs.end_update(ts).expect("end");
        vs.set(b"counter", &i.to_le_bytes());
        vs.end_update(ts + 1).expect("end");
        let aux = vec![(format!("aux-{i}").into_bytes(), Some(vec![1]))];
        let commit = vs.commit_block_with_aux(aux).expect("commit");
        expected_hash = next_state_hash(&expected_hash, &commit.block.hash());
        assert_eq!(commit.block.index, i);
        assert_eq!(commit.block.timestamp, ts + 1);
        assert_eq!(commit.block_hash, commit.block.hash());
        assert_eq!(commit.state_hash, expected_hash);
        assert_eq!(vs.block_index(), Some(i));
        assert_eq!(vs.state_hash(), expected_hash);
        assert!(vs.updates().is_empty());
        commits.push(commit);
    }
    commits
}

/// Checks that a state reopened on `store` continues exactly after `commits`.
fn check_reopened(store: Arc<dyn Store>, commits: &[BlockCommit]) {
    let last = commits.last().expect("commits");
    let vs = VirtualState::new(store.clone()).expect("reopen");
    assert_eq!(vs.block_index(), Some(last.block.index));
    assert_eq!(vs.timestamp(), last.block.timestamp);
    assert_eq!(vs.state_hash(), last.state_hash);
    assert_eq!(
        walk(&vs, "", usize::MAX),
        pairs(&[("counter", "\u{2}\0\0\0"), ("key-1", "v"), ("key-2", "v")])
    );
    for c in commits {
        let stored = store.block(c.block.index).expect("block").expect("present");
        assert_eq!(Block::decode(&stored.bytes).as_ref(), Ok(&c.block));
        assert_eq!(stored.state_hash, c.state_hash);
        let aux_key = format!("aux-{}", c.block.index);
        assert_eq!(
            store.aux_get(aux_key.as_bytes()).expect("aux"),
            Some(vec![1])
        );
    }
}

#[test]
fn commit_and_reopen_on_mem_store() {
    let store = mem();
    let commits = build_history(store.clone());
    check_reopened(store, &commits);
}

#[test]
fn commit_and_reopen_on_redb_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("chain.redb");
    let commits = build_history(Arc::new(RedbStore::open(&path).expect("open")));
    // The first store is dropped: the file is closed and opened afresh.
    check_reopened(Arc::new(RedbStore::open(&path).expect("reopen")), &commits);
}

#[test]
fn cached_store_reads_never_go_stale() {
    let mut vs = seeded();
    // Read from the store (and cached): present, absent, and through `has`.
    assert_eq!(get(&vs, "a").as_deref(), Some("1"));
    assert_eq!(get(&vs, "new"), None);
    assert!(vs.has(b"b").expect("has"));
    // Changed and committed: the next block reads the committed values, not the cached ones.
    vs.set(b"a", b"2");
    vs.set(b"new", b"n");
    vs.delete(b"b");
    vs.end_update(200).expect("end");
    vs.commit_block().expect("commit");
    assert_eq!(get(&vs, "a").as_deref(), Some("2"));
    assert_eq!(get(&vs, "new").as_deref(), Some("n"));
    assert!(!vs.has(b"b").expect("has"));
    // Discarded changes leave the committed (cached) values visible again.
    vs.set(b"a", b"3");
    vs.delete(b"new");
    assert_eq!(get(&vs, "a").as_deref(), Some("3"));
    vs.discard();
    assert_eq!(get(&vs, "a").as_deref(), Some("2"));
    assert_eq!(get(&vs, "new").as_deref(), Some("n"));
    // Another state on the same store sees what this one committed.
    let other = VirtualState::new(vs.store().clone()).expect("new");
    assert_eq!(get(&other, "a").as_deref(), Some("2"));
}
