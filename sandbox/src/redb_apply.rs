//! Writing a block's sorted mutations into a redb table, as fast as the table's shape allows.
//!
//! `Table::insert` descends the tree once per key. When many new keys fall into the same gap between
//! existing keys (a first block, a bulk load, a new contract's state), a cursor parked at that gap can
//! take the whole run in one descent, which redb documents as about 3x faster. When the table is much
//! larger than the batch, runs are one key long and the cursor's extra peek makes it slower than a
//! plain insert, so the choice is made per batch from the table's size.

use std::ops::Bound;

use redb::{ReadableTableMetadata, Table};

use crate::redb_store::be;
use crate::{Mutation, StoreError};

/// How many times more mutations than table entries make cursor runs worth it. With `n` random keys
/// into a table of `len` entries a cursor seeks about `len * (1 - e^(-n/len))` times; a seek with its
/// peek costs about 1.7 plain inserts (measured with 32-byte random keys), so the runs win once `n` is
/// a few times `len`.
const RUN_RATIO: u64 = 4;

/// A redb table of byte keys and byte values.
type BytesTable<'t> = Table<'t, &'static [u8], &'static [u8]>;

/// Applies `mutations` (sorted by key, one per key) to `table`, choosing the faster strategy.
///
/// Cursor runs pay off when the batch holds at least [`RUN_RATIO`] times as many keys as the table;
/// below that, most runs are a single key and plain inserts win.
pub(crate) fn apply_sorted(
    table: &mut BytesTable<'_>,
    mutations: &[Mutation],
) -> Result<(), StoreError> {
    let len = table.len().map_err(be("read the state table length"))?;
    if len.saturating_mul(RUN_RATIO) <= mutations.len() as u64 {
        apply_in_runs(table, mutations)
    } else {
        apply_one_by_one(table, mutations)
    }
}

/// One tree descent per mutation.
pub(crate) fn apply_one_by_one(
    table: &mut BytesTable<'_>,
    mutations: &[Mutation],
) -> Result<(), StoreError> {
    for m in mutations {
        match m {
            Mutation::Set { key, value } => {
                table
                    .insert(key.as_slice(), value.as_slice())
                    .map_err(be("write a state key"))?;
            }
            Mutation::Delete { key } => {
                table
                    .remove(key.as_slice())
                    .map_err(be("delete a state key"))?;
            }
        }
    }
    Ok(())
}

/// One tree descent per run of mutations that fall into the same gap between existing keys.
///
/// Invariant while a cursor is open: every existing key before the gap is smaller than the current
/// mutation's key (true after the seek, and kept because mutations ascend), and `next` is the existing
/// key after the gap. Keys below `next` go into the gap; a key equal to `next` replaces or removes that
/// entry; a key above it needs a new seek.
pub(crate) fn apply_in_runs(
    table: &mut BytesTable<'_>,
    mutations: &[Mutation],
) -> Result<(), StoreError> {
    let mut rest = mutations;
    while let Some(first) = rest.first() {
        let mut cursor = table
            .lower_bound_mut(Bound::Included(first.key()))
            .map_err(be("seek in the state table"))?;
        loop {
            let next: Option<Vec<u8>> = cursor
                .peek_next()
                .map_err(be("read the state table"))?
                .map(|(k, _)| k.value().to_vec());
            while let Some((m, tail)) = rest
                .split_first()
                .filter(|(m, _)| next.as_deref().is_none_or(|n| m.key() < n))
            {
                if let Mutation::Set { key, value } = m {
                    cursor
                        .insert_before(key.as_slice(), value.as_slice())
                        .map_err(be("write a state key"))?;
                }
                rest = tail;
            }
            match rest.split_first() {
                Some((m, tail)) if next.as_deref() == Some(m.key()) => {
                    cursor.remove_next().map_err(be("delete a state key"))?;
                    if let Mutation::Set { key, value } = m {
                        cursor
                            .insert_before(key.as_slice(), value.as_slice())
                            .map_err(be("write a state key"))?;
                    }
                    rest = tail;
                }
                _ => break,
            }
        }
        cursor.close().map_err(be("write a run of state keys"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use redb::{Database, ReadableTable, TableDefinition};
    use std::collections::BTreeMap;

    const TABLE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("t");

    type Apply = fn(&mut BytesTable<'_>, &[Mutation]) -> Result<(), StoreError>;

    /// Runs `initial` then `batch` through `apply` on a fresh database; returns the table's content.
    fn run(apply: Apply, initial: &[Mutation], batch: &[Mutation]) -> BTreeMap<Vec<u8>, Vec<u8>> {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Database::create(dir.path().join("t.redb")).expect("db");
        let txn = db.begin_write().expect("txn");
        {
            let mut t = txn.open_table(TABLE).expect("table");
            apply_one_by_one(&mut t, initial).expect("initial");
            apply(&mut t, batch).expect("batch");
        }
        txn.commit().expect("commit");
        let txn = db.begin_write().expect("txn");
        let t = txn.open_table(TABLE).expect("table");
        t.iter()
            .expect("iter")
            .map(|e| {
                let (k, v) = e.expect("entry");
                (k.value().to_vec(), v.value().to_vec())
            })
            .collect()
    }

    fn arb_sorted() -> impl Strategy<Value = Vec<Mutation>> {
        proptest::collection::btree_map(
            proptest::collection::vec(0u8..6, 0..3),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..3)),
            0..30,
        )
        .prop_map(|m| {
            m.into_iter()
                .map(|(k, v)| Mutation::from_entry(k, v))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Both strategies give the state a BTreeMap model gives.
        #[test]
        fn strategies_agree_with_a_model(initial in arb_sorted(), batch in arb_sorted()) {
            let mut model = BTreeMap::new();
            for m in initial.iter().chain(&batch) {
                match m {
                    Mutation::Set { key, value } => model.insert(key.clone(), value.clone()),
                    Mutation::Delete { key } => model.remove(key),
                };
            }
            prop_assert_eq!(&run(apply_in_runs, &initial, &batch), &model);
            prop_assert_eq!(&run(apply_one_by_one, &initial, &batch), &model);
            prop_assert_eq!(&run(apply_sorted, &initial, &batch), &model);
        }
    }
}
