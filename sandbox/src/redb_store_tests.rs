//! Tests of the redb backend: the shared store contract, persistence, namespaces, damaged files.

use super::*;
use crate::store_tests::{self, collect, set, stored_block};
use crate::Mutation;

fn temp_path() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("chain.redb");
    (dir, path)
}

fn fresh() -> (tempfile::TempDir, RedbStore) {
    let (dir, path) = temp_path();
    let store = RedbStore::open(&path).expect("open");
    (dir, store)
}

#[test]
fn store_contract() {
    store_tests::commit_read_and_refuse_out_of_order(&fresh().1);
    store_tests::aux_space_is_separate(&fresh().1);
    store_tests::prefix_walk_stops_and_orders(&fresh().1);
}

#[test]
fn reopened_file_holds_the_last_committed_block() {
    let (_dir, path) = temp_path();
    let b0 = stored_block(0, 10, b"zero");
    let b1 = stored_block(1, 20, b"one");
    {
        let store = RedbStore::open(&path).expect("open");
        let batch = |block: StoredBlock, mutations| CommitBatch {
            mutations,
            block,
            aux: vec![],
        };
        store
            .commit(&batch(b0.clone(), vec![set("a", "1"), set("b", "2")]))
            .expect("commit 0");
        store
            .commit(&batch(
                b1.clone(),
                vec![Mutation::Delete { key: b"a".to_vec() }],
            ))
            .expect("commit 1");
        // A refused commit leaves nothing behind either.
        assert!(store
            .commit(&batch(stored_block(5, 30, b"five"), vec![set("z", "9")]))
            .is_err());
    }
    let store = RedbStore::open(&path).expect("reopen");
    assert_eq!(store.head().expect("head"), Some(b1.head()));
    assert_eq!(store.block(0).expect("block 0"), Some(b0));
    assert_eq!(store.block(1).expect("block 1"), Some(b1));
    assert_eq!(store.block(2).expect("block 2"), None);
    let state = collect(|f| store.iterate_prefix(b"", f), usize::MAX);
    assert_eq!(state, vec![(b"b".to_vec(), b"2".to_vec())]);
}

#[test]
fn namespaces_in_one_file_stay_separate() {
    let (_dir, path) = temp_path();
    {
        let db = RedbStore::create_database(&path).expect("db");
        let a = RedbStore::open_namespace(db.clone(), "chain-a").expect("a");
        let b = RedbStore::open_namespace(a.database().clone(), "chain-b").expect("b");
        assert_eq!(b.namespace(), "chain-b");
        let batch = |i, k: &str| CommitBatch {
            mutations: vec![set(k, k)],
            block: stored_block(i, 1, k.as_bytes()),
            aux: vec![(k.as_bytes().to_vec(), Some(b"aux".to_vec()))],
        };
        a.commit(&batch(0, "only-a")).expect("a0");
        b.commit(&batch(0, "only-b")).expect("b0");
        b.commit(&batch(1, "b-again")).expect("b1");
        assert_eq!(a.get(b"only-b").expect("get"), None);
        assert_eq!(b.get(b"only-a").expect("get"), None);
        assert_eq!(a.aux_get(b"only-b").expect("aux"), None);
    }
    let db = RedbStore::create_database(&path).expect("reopen");
    let a = RedbStore::open_namespace(db.clone(), "chain-a").expect("a");
    let b = RedbStore::open_namespace(db, "chain-b").expect("b");
    assert_eq!(a.head().expect("head").map(|h| h.index), Some(0));
    assert_eq!(b.head().expect("head").map(|h| h.index), Some(1));
    assert_eq!(a.get(b"only-a").expect("get"), Some(b"only-a".to_vec()));
    assert_eq!(collect(|f| a.iterate_prefix(b"", f), usize::MAX).len(), 1);
    assert_eq!(collect(|f| b.iterate_prefix(b"", f), usize::MAX).len(), 2);
}

#[test]
fn empty_namespace_is_refused() {
    let (_dir, path) = temp_path();
    let db = RedbStore::create_database(&path).expect("db");
    assert!(matches!(
        RedbStore::open_namespace(db, ""),
        Err(StoreError::InvalidNamespace { .. })
    ));
}

#[test]
fn a_new_file_is_created_whole_under_a_temporary_name() {
    let (dir, path) = temp_path();
    // What a creation killed before its link leaves: a temporary file, here half-written.
    let stale = dir.path().join(".chain.redb.creating-1");
    std::fs::write(&stale, b"redb\x1a\x0a\xa9\x0d\x0a").expect("write");
    let store = RedbStore::open(&path).expect("open");
    assert_eq!(store.head().expect("head"), None);
    drop(store);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Our own temporary file is gone; a dead process's stays, unread.
    assert_eq!(names, vec![".chain.redb.creating-1", "chain.redb"]);
    // The file reopens, and an existing file is opened in place, not created again.
    let store = RedbStore::open(&path).expect("reopen");
    assert_eq!(store.head().expect("head"), None);
}

#[test]
fn a_file_that_is_not_a_database_is_an_error() {
    let (_dir, path) = temp_path();
    std::fs::write(
        &path,
        b"this is certainly not a redb database, just some text. ".repeat(200),
    )
    .expect("write");
    assert!(matches!(
        RedbStore::open(&path),
        Err(StoreError::Open { .. })
    ));
}

#[test]
fn a_damaged_database_is_an_error() {
    let (_dir, path) = temp_path();
    {
        let store = RedbStore::open(&path).expect("open");
        for i in 0..20u32 {
            let key = format!("key-{i:04}");
            let batch = CommitBatch {
                mutations: vec![set(&key, &"v".repeat(500))],
                block: stored_block(i, i64::from(i) + 1, key.as_bytes()),
                aux: vec![],
            };
            store.commit(&batch).expect("commit");
        }
    }
    let mut bytes = std::fs::read(&path).expect("read");
    let len = bytes.len();
    // Damage every page after the header region.
    for chunk in bytes[4096..len].chunks_mut(4096) {
        chunk[100..200].fill(0x5a);
    }
    std::fs::write(&path, &bytes).expect("write");
    match RedbStore::open(&path) {
        Err(StoreError::Open { .. })
        | Err(StoreError::Backend { .. })
        | Err(StoreError::Corrupt { .. }) => {}
        Err(e) => panic!("unexpected error kind: {e}"),
        Ok(_) => panic!("a damaged file opened without error"),
    }
}

#[test]
fn a_damaged_head_record_is_reported() {
    let (_dir, path) = temp_path();
    let store = RedbStore::open(&path).expect("open");
    let txn = store.db.begin_write().expect("txn");
    txn.open_table(store.meta_def())
        .expect("meta")
        .insert(HEAD_KEY, &b"short"[..])
        .expect("insert");
    txn.commit().expect("commit");
    assert!(matches!(store.head(), Err(StoreError::Corrupt { .. })));
}
