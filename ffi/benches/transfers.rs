//! A block of 10,000 native transfers (`accounts.transfer` of 1 token, alternating wallet 1 → 2 and
//! 2 → 1) on a funded chain in memory, measured through the Rust API (`Chain::commit_block`; with
//! and without dropping the input and the result in the timing), and through the C API called from
//! Rust (the input encoded, the call, the result decoded), and through the lazy call
//! (`isc_chain_commit_block_lazy`: the input encoded, the call, the summary read, the result kept).
//! `go test -bench Transfers10k` in `go/` measures the same block driven from Go (both calls); the
//! difference between them is what the boundary costs.
//!
//! Each iteration gets a fresh chain (created and funded outside the timing) and the chain is dropped
//! outside the timing too, so only the block is measured.
//!
//! `cargo bench -p isc-ffi --bench transfers`

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use common::scenario::{self, input, transfer, wallet, RustNode};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use isc_ffi::envelope::{decode_block_result, encode_block_input};
use isc_runtime::BlockInput;
use isc_sandbox::MemStore;

/// Requests in the measured block.
const N: u32 = 10_000;

/// The measured block: after the scenario's funding block (block 1), so it is block 2.
fn block() -> BlockInput {
    let requests = (0..N)
        .map(|i| {
            let (from, to) = if i % 2 == 0 { (1, 2) } else { (2, 1) };
            transfer(i, wallet(from), wallet(to), 1)
        })
        .collect();
    input(2, requests)
}

fn rust_chain() -> RustNode {
    let node = RustNode::new(Arc::new(MemStore::new()));
    let backlog = node.0.backlog().expect("backlog");
    node.0
        .commit_block(&scenario::funding_input(backlog, &[1, 2]))
        .expect("funding block");
    node
}

/// A chain handle, closed when dropped (outside the timing).
struct Handle(u64);

impl Drop for Handle {
    fn drop(&mut self) {
        common::close(self.0).expect("close");
    }
}

fn ffi_chain(engine: u64) -> Handle {
    Handle(common::funded_chain(engine))
}

fn transfers(c: &mut Criterion) {
    let mut group = c.benchmark_group("transfers_10k");
    group.sample_size(20);
    group.throughput(Throughput::Elements(u64::from(N)));
    group.bench_function("rust_api", |b| {
        b.iter_batched(
            || (rust_chain(), block()),
            |(node, input)| {
                let res = node.0.commit_block(&input).expect("block").expect("ran");
                assert_eq!(res.receipts.len(), N as usize);
                (node, res)
            },
            BatchSize::PerIteration,
        )
    });
    // As a node runs it: the input and the result are dropped in the timing too (the C API call
    // drops both before it returns; rust_api leaves them to criterion, outside the timing).
    group.bench_function("rust_api_with_drop", |b| {
        b.iter_batched(
            || (rust_chain(), block()),
            |(node, input)| {
                let res = node.0.commit_block(&input).expect("block").expect("ran");
                assert_eq!(res.receipts.len(), N as usize);
                drop((input, res));
                node
            },
            BatchSize::PerIteration,
        )
    });
    let engine = common::engine();
    group.bench_function("c_api_from_rust", |b| {
        b.iter_batched(
            || (ffi_chain(engine), block()),
            |(chain, input)| {
                let bytes =
                    common::commit_bytes(chain.0, &encode_block_input(&input)).expect("block");
                let res = decode_block_result(&bytes).expect("decodes").expect("ran");
                assert_eq!(res.receipts.len(), N as usize);
                (chain, res)
            },
            BatchSize::PerIteration,
        )
    });
    // The lazy call: the input encoded, the call, the summary read; the result handle is freed
    // when criterion drops it, outside the timing (as rust_api's result).
    group.bench_function("c_api_lazy_from_rust", |b| {
        b.iter_batched(
            || (ffi_chain(engine), block()),
            |(chain, input)| {
                let (summary, result) =
                    common::commit_lazy_bytes(chain.0, &encode_block_input(&input)).expect("block");
                assert_eq!(summary.receipts, N);
                (chain, Kept(result))
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A kept block result, freed when dropped (outside the timing).
struct Kept(u64);

impl Drop for Kept {
    fn drop(&mut self) {
        common::free_result(self.0).expect("free");
    }
}

criterion_group!(benches, transfers);
criterion_main!(benches);
