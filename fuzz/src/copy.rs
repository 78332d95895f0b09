//! A copy of a memory store: its state, its whole block history and its auxiliary space.

use isc_sandbox::{CommitBatch, MemStore, Mutation, Store};

/// A new store holding what `from` holds: every block of its history, the same head, the same state
/// and the same auxiliary keys. `verify` passes on the copy when it passes on `from`.
pub fn copy_store(from: &MemStore) -> MemStore {
    let to = MemStore::new();
    let mut state = Vec::new();
    from.iterate_prefix(b"", &mut |k, v| {
        state.push(Mutation::Set {
            key: k.to_vec(),
            value: v.to_vec(),
        });
        true
    })
    .expect("a memory store reads");
    let mut aux = Vec::new();
    from.aux_iterate_prefix(b"", &mut |k, v| {
        aux.push((k.to_vec(), Some(v.to_vec())));
        true
    })
    .expect("a memory store reads");
    match from.head().expect("a memory store reads") {
        None => {
            assert!(state.is_empty(), "a store without blocks holds no state");
            to.aux_commit(&aux).expect("a memory store writes");
        }
        Some(head) => {
            // The history block by block; the state and the auxiliary keys with the last block, since
            // they are what all the blocks amount to.
            for index in 0..=head.index {
                let block = from
                    .block(index)
                    .expect("a memory store reads")
                    .expect("a memory store keeps every block below its head");
                let last = index == head.index;
                to.commit(&CommitBatch {
                    mutations: if last {
                        std::mem::take(&mut state)
                    } else {
                        Vec::new()
                    },
                    block,
                    aux: if last {
                        std::mem::take(&mut aux)
                    } else {
                        Vec::new()
                    },
                })
                .expect("blocks follow each other");
            }
        }
    }
    to
}
