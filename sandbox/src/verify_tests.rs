//! Tests of `verify`: a good history passes, every kind of tampering is reported at the right block.

use std::sync::Arc;

use super::*;
use crate::{CommitBatch, KvWrite, MemStore, RedbStore, StateUpdate, StoredBlock, VirtualState};

/// Block 0 sets a, b, c; block 1 sets b, deletes c, sets d; block 2 sets e.
fn history(store: Arc<dyn Store>) {
    let mut vs = VirtualState::new(store).expect("new");
    let steps: [&[(&str, Option<&str>)]; 3] = [
        &[("a", Some("1")), ("b", Some("2")), ("c", Some("3"))],
        &[("b", Some("20")), ("c", None), ("d", Some("4"))],
        &[("e", Some("5"))],
    ];
    for (i, step) in steps.iter().enumerate() {
        for (k, v) in step.iter() {
            match v {
                Some(v) => vs.set(k.as_bytes(), v.as_bytes()),
                None => vs.delete(k.as_bytes()),
            }
        }
        vs.end_update(10 * (i as i64 + 1)).expect("end");
        vs.commit_block().expect("commit");
    }
}

fn mem_history() -> Arc<MemStore> {
    let store = Arc::new(MemStore::new());
    history(store.clone());
    store
}

fn redb_history() -> (tempfile::TempDir, Arc<RedbStore>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(RedbStore::open(dir.path().join("chain.redb")).expect("open"));
    history(store.clone());
    (dir, store)
}

fn state_mismatch(r: Result<VerifyReport, VerifyError>) -> (String, MismatchKind, Option<u32>) {
    match r {
        Err(VerifyError::StateMismatch {
            key,
            kind,
            last_written_in_block,
        }) => (key, kind, last_written_in_block),
        other => panic!("expected a state mismatch, got {other:?}"),
    }
}

#[test]
fn good_histories_verify() {
    assert_eq!(
        verify(&MemStore::new()).expect("empty"),
        VerifyReport {
            blocks: 0,
            state_hash: origin_state_hash(),
            keys: 0
        }
    );
    let mem = mem_history();
    let report = verify(mem.as_ref()).expect("mem");
    assert_eq!(report.blocks, 3);
    assert_eq!(report.keys, 4);
    assert_eq!(
        Some(report.state_hash),
        mem.head().expect("head").map(|h| h.state_hash)
    );
    let (_dir, redb) = redb_history();
    assert_eq!(verify(redb.as_ref()).expect("redb"), report);
}

#[test]
fn tampered_state_names_the_last_block_that_wrote_the_key() {
    let s = mem_history();
    s.write_state_unchecked(b"b", Some(b"evil"));
    assert_eq!(
        state_mismatch(verify(s.as_ref())),
        ("62".into(), MismatchKind::ValueDiffers, Some(1))
    );

    let s = mem_history();
    s.write_state_unchecked(b"c", Some(b"back"));
    assert_eq!(
        state_mismatch(verify(s.as_ref())),
        ("63".into(), MismatchKind::Unexpected, Some(1))
    );

    let s = mem_history();
    s.write_state_unchecked(b"a", None);
    assert_eq!(
        state_mismatch(verify(s.as_ref())),
        ("61".into(), MismatchKind::Missing, Some(0))
    );

    let s = mem_history();
    s.write_state_unchecked(b"zz", Some(b"new"));
    assert_eq!(
        state_mismatch(verify(s.as_ref())),
        ("7a7a".into(), MismatchKind::Unexpected, None)
    );

    let s = mem_history();
    s.write_state_unchecked(b"e", None);
    assert_eq!(
        state_mismatch(verify(s.as_ref())),
        ("65".into(), MismatchKind::Missing, Some(2))
    );
}

#[test]
fn tampered_redb_state_table_is_reported() {
    let (_dir, store) = redb_history();
    let txn = store.database().begin_write().expect("txn");
    txn.open_table(store.state_def())
        .expect("state")
        .insert(&b"d"[..], &b"evil"[..])
        .expect("insert");
    txn.commit().expect("commit");
    assert_eq!(
        state_mismatch(verify(store.as_ref())),
        ("64".into(), MismatchKind::ValueDiffers, Some(1))
    );
}

#[test]
fn tampered_block_bytes_are_reported_at_their_index() {
    let s = mem_history();
    let mut b1 = s.block(1).expect("read").expect("block 1");
    let last = b1.bytes.len() - 1;
    b1.bytes[last] ^= 1; // the value of the last mutation
    assert!(s.write_block_unchecked(b1.clone()));
    assert!(matches!(
        verify(s.as_ref()),
        Err(VerifyError::HashMismatch { index: 1, .. })
    ));

    b1.bytes[28] = 9; // the first op byte
    assert!(s.write_block_unchecked(b1));
    assert!(matches!(
        verify(s.as_ref()),
        Err(VerifyError::BlockCorrupt { index: 1, .. })
    ));
}

#[test]
fn tampered_redb_block_records_are_reported() {
    let (_dir, store) = redb_history();
    let mut record = store.block(2).expect("read").expect("block 2");
    let last = record.bytes.len() - 1;
    record.bytes[last] ^= 0x20;
    let mut raw = record.timestamp.to_le_bytes().to_vec();
    raw.extend_from_slice(record.state_hash.as_bytes());
    raw.extend_from_slice(&record.bytes);
    let txn = store.database().begin_write().expect("txn");
    txn.open_table(store.blocks_def())
        .expect("blocks")
        .insert(2u32, raw.as_slice())
        .expect("insert");
    txn.commit().expect("commit");
    assert!(matches!(
        verify(store.as_ref()),
        Err(VerifyError::HashMismatch { index: 2, .. })
    ));

    let txn = store.database().begin_write().expect("txn");
    txn.open_table(store.blocks_def())
        .expect("blocks")
        .remove(1u32)
        .expect("remove");
    txn.commit().expect("commit");
    assert!(matches!(
        verify(store.as_ref()),
        Err(VerifyError::MissingBlock { index: 1 })
    ));
}

#[test]
fn inconsistent_timestamps_are_reported() {
    // A block whose own timestamp is not its last update's, committed with a correct hash.
    let block = Block {
        index: 0,
        timestamp: 4,
        updates: vec![StateUpdate::new(5, vec![])],
    };
    let bytes = block.encode();
    let store = MemStore::new();
    let batch = CommitBatch {
        mutations: vec![],
        block: StoredBlock {
            index: 0,
            timestamp: 4,
            state_hash: next_state_hash(&origin_state_hash(), &blake2b256(&bytes)),
            bytes,
        },
        aux: vec![],
    };
    store.commit(&batch).expect("commit");
    assert!(matches!(
        verify(&store),
        Err(VerifyError::TimestampInconsistent { index: 0, .. })
    ));
}
