//! Block throughput: a block of 10,000 native token transfers between on-chain accounts, executed on
//! one core without the commit (target: >= 200,000 requests/s), and the same block committed to redb.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use isc_benches::{funded_chain, mem_chain, transfer_block};
use isc_runtime::{execute_block, ProcessorRegistry};
use isc_sandbox::{RedbStore, Store, VirtualState};

const N: u32 = 10_000;

fn execute_transfers(c: &mut Criterion) {
    let fixture = mem_chain();
    let input = transfer_block(&fixture, N);
    let chain = &fixture.chain;
    let registry = ProcessorRegistry::new();
    let env = fixture.chain_env(&registry);
    let mut group = c.benchmark_group("block");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(N)));
    group.bench_function("execute 10k native transfers", |b| {
        b.iter_batched(
            || VirtualState::new(chain.store().clone()).expect("state"),
            |mut state| {
                let out = execute_block(env, &mut state, &input).expect("execute");
                assert_eq!(out.receipts.len(), N as usize);
                state
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn commit_transfers_to_redb(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = RedbStore::create_database(dir.path().join("bench.redb")).expect("db");
    let mut group = c.benchmark_group("block");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("execute + commit 10k native transfers to redb", |b| {
        b.iter_batched(
            || {
                n += 1;
                let store: Arc<dyn Store> =
                    Arc::new(RedbStore::open_namespace(db.clone(), &format!("c{n}")).expect("ns"));
                let fixture = funded_chain(store, 1_000_000_000);
                let input = transfer_block(&fixture, N);
                (fixture.chain, input)
            },
            |(chain, input)| {
                let res = chain
                    .commit_block(&input)
                    .expect("execute")
                    .expect("a block");
                assert_eq!(res.receipts.len(), N as usize);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, execute_transfers, commit_transfers_to_redb);
criterion_main!(benches);
