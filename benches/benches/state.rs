//! State-layer benchmarks: the virtual state's read/write path, a block commit to redb, and the
//! block-hash + state-hash chain computation.
//!
//! Targets: set+get >= 2,000,000 ops/s on a MemStore; a 10,000-mutation block (32-byte random keys,
//! 100-byte values) committed to redb in <= 20 ms; hashing that block at >= 500 MB/s. The commit is
//! measured twice: into an empty store, and into one already holding 100,000 keys, because with random
//! keys the pages a commit must write back (and fsync) grow with the state.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

// Links the fixtures crate for its global allocator (mimalloc), as the other suites do.
extern crate isc_benches as _;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use isc_abi::blake2b256;
use isc_sandbox::{
    next_state_hash, origin_state_hash, KvRead, KvWrite, MemStore, RedbStore, Store, VirtualState,
};

/// Mutations per benchmarked block.
const BLOCK_MUTATIONS: usize = 10_000;
/// Value size of the benchmarked block.
const VALUE_LEN: usize = 100;
/// Blocks committed before the "growing state" commit benchmark: 10 x 10,000 = 100,000 keys.
const PREFILL_BLOCKS: u64 = 10;

/// `count` distinct pseudo-random 32-byte keys, different for each `seed`: random keys are the
/// realistic (and worst) insertion pattern for a B-tree.
fn keys(seed: u64, count: usize) -> Vec<[u8; 32]> {
    (0..count as u64)
        .map(|i| blake2b256(&[seed.to_le_bytes(), i.to_le_bytes()].concat()).0)
        .collect()
}

/// A virtual state on `store` with one sealed update of [`BLOCK_MUTATIONS`] sets.
fn staged_block(store: Arc<dyn Store>, seed: u64) -> VirtualState {
    let mut vs = VirtualState::new(store).expect("virtual state");
    let value = [0xabu8; VALUE_LEN];
    for key in keys(seed, BLOCK_MUTATIONS) {
        vs.set(&key, &value);
    }
    let timestamp = vs.timestamp() + 1;
    vs.end_update(timestamp).expect("end update");
    vs
}

fn set_get(c: &mut Criterion) {
    const N: usize = 10_000;
    let keys = keys(0, N);
    let value = [0x5au8; VALUE_LEN];
    let mut group = c.benchmark_group("virtual_state");
    group.throughput(Throughput::Elements(2 * N as u64));
    group.bench_function("set_then_get_10k_mem", |b| {
        b.iter_batched(
            || VirtualState::new(Arc::new(MemStore::new())).expect("virtual state"),
            |mut vs| {
                for k in &keys {
                    vs.set(k, &value);
                }
                for k in &keys {
                    black_box(vs.get(k).expect("get"));
                }
                vs
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// A fresh redb file in its own temporary directory.
fn fresh_redb() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = RedbStore::open(dir.path().join("bench.redb")).expect("open");
    (dir, Arc::new(store))
}

/// Times `commit_block` of one staged 10k-mutation block per iteration, on a store made by `setup`
/// (outside the timed region).
fn time_commits(iters: u64, setup: impl Fn() -> (tempfile::TempDir, Arc<dyn Store>)) -> Duration {
    let mut total = Duration::ZERO;
    for i in 0..iters {
        let (_dir, store) = setup();
        let mut vs = staged_block(store, 1_000 + i);
        let start = Instant::now();
        let commit = vs.commit_block().expect("commit");
        total += start.elapsed();
        drop(black_box(commit));
    }
    total
}

fn commit_redb(c: &mut Criterion) {
    let mut group = c.benchmark_group("commit");
    group.throughput(Throughput::Elements(BLOCK_MUTATIONS as u64));
    group.sample_size(10);
    group.bench_function("redb_10k_mutations_into_empty_store", |b| {
        b.iter_custom(|iters| time_commits(iters, fresh_redb))
    });

    // A store already holding PREFILL_BLOCKS blocks of random keys, built once and copied per iteration:
    // random new keys then dirty most leaf pages, so this measures the write-back a growing state costs.
    let template = tempfile::tempdir().expect("tempdir");
    let template_file = template.path().join("template.redb");
    {
        let store: Arc<dyn Store> = Arc::new(RedbStore::open(&template_file).expect("open"));
        for seed in 0..PREFILL_BLOCKS {
            staged_block(store.clone(), seed)
                .commit_block()
                .expect("prefill");
        }
    }
    let prefilled = || {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bench.redb");
        std::fs::copy(&template_file, &path).expect("copy template");
        let store: Arc<dyn Store> = Arc::new(RedbStore::open(&path).expect("open"));
        (dir, store)
    };
    group.bench_function("redb_10k_mutations_into_100k_key_store", |b| {
        b.iter_custom(|iters| time_commits(iters, prefilled))
    });
    group.finish();
}

fn state_hash(c: &mut Criterion) {
    let mut vs = staged_block(Arc::new(MemStore::new()), 1);
    let block = vs.commit_block().expect("commit").block;
    let prev = origin_state_hash();
    let mut group = c.benchmark_group("state_hash");
    group.throughput(Throughput::Bytes(block.encoded_len() as u64));
    group.bench_function("block_10k_mutations", |b| {
        b.iter(|| next_state_hash(black_box(&prev), &black_box(&block).hash()))
    });
    group.finish();
}

criterion_group!(benches, set_get, commit_redb, state_hash);
criterion_main!(benches);
