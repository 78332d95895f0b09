//! Block throughput: 10,000 Wasm inccounter requests (target >= 100,000/s), 10,000 Wasm token
//! transfers (target >= 50,000/s), both also with instance reuse off (every call instantiates), the
//! same token contract as a native processor (target: Wasm within 3x of it), and
//! 10,000 native transfers on 1, 2 and 4 chains in parallel (target: 2 chains on 2 cores >= 1.8x
//! one), and 10,000 Wasm inccounter requests on 1 and 2 chains sharing one registry. Execution only,
//! on memory stores; one thread per chain.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use isc_abi::Dict;
use isc_benches::native_token::{self, NativeTokenVm};
use isc_benches::{
    call_block, mem_chain, native_token_chain, token_transfer_block, transfer_block, wallet,
    wasm_chain,
};
use isc_env::fixture::ChainFixture;
use isc_runtime::{execute_block, BlockInput, ProcessorRegistry};
use isc_sandbox::VirtualState;

const N: u32 = 10_000;

fn run(fixture: &ChainFixture, registry: &ProcessorRegistry, input: &BlockInput) {
    let env = fixture.chain_env(registry);
    let mut state = VirtualState::new(fixture.chain.store().clone()).expect("state");
    let out = execute_block(env, &mut state, input).expect("execute");
    assert_eq!(out.receipts.len(), input.requests.len());
    assert!(
        out.receipts.iter().all(|r| r.error.is_none()),
        "{:?}",
        out.receipts[0]
    );
}

fn wasm_blocks(c: &mut Criterion) {
    // One registry per chain: the VM (and its module cache) must be the one the chain deployed with.
    let registry =
        Arc::new(ProcessorRegistry::new().with_vm(Arc::new(isc_wasm::WasmVm::default())));
    // The same with instance reuse off: every call instantiates its module.
    let fresh = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(
        isc_wasm::WasmVm::default().with_instance_reuse(false),
    )));
    let mut group = c.benchmark_group("throughput");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(N)));

    let inc = wasm_chain("inccounter", Dict::new());
    let inc_input = call_block(
        &inc,
        N,
        "inccounter",
        "increment",
        |_| wallet(1),
        |_| Dict::new(),
    );
    group.bench_function("10k wasm inccounter increments", |b| {
        b.iter(|| run(&inc, &registry, &inc_input))
    });
    group.bench_function("10k wasm inccounter increments, instance reuse off", |b| {
        b.iter(|| run(&inc, &fresh, &inc_input))
    });

    let init = native_token::init_params(1_000_000);
    let token = wasm_chain("token", init.clone());
    let token_input = token_transfer_block(&token, N);
    group.bench_function("10k wasm token transfers", |b| {
        b.iter(|| run(&token, &registry, &token_input))
    });
    group.bench_function("10k wasm token transfers, instance reuse off", |b| {
        b.iter(|| run(&token, &fresh, &token_input))
    });

    // The same contract as a native processor: what the Wasm version costs over native code.
    let native_registry = ProcessorRegistry::new().with_vm(Arc::new(NativeTokenVm));
    let native = native_token_chain(init);
    let native_input = token_transfer_block(&native, N);
    group.bench_function(
        "10k native token transfers (the token contract, native)",
        |b| b.iter(|| run(&native, &native_registry, &native_input)),
    );
    group.finish();
}

fn parallel_chains(c: &mut Criterion) {
    let mut group = c.benchmark_group("throughput");
    group.sample_size(10);
    for chains in [1usize, 2, 4] {
        let fixtures: Vec<_> = (0..chains)
            .map(|_| {
                let chain = mem_chain();
                let input = transfer_block(&chain, N);
                (chain, input)
            })
            .collect();
        let name = format!("10k native transfers on each of {chains} chains in parallel");
        in_parallel(&mut group, &name, &ProcessorRegistry::new(), &fixtures);
    }
    // The same for Wasm: one node's registry (and module cache) shared by the chains, as a node runs.
    let registry = ProcessorRegistry::new().with_vm(Arc::new(isc_wasm::WasmVm::default()));
    for chains in [1usize, 2] {
        let fixtures: Vec<_> = (0..chains)
            .map(|_| {
                let chain = wasm_chain("inccounter", Dict::new());
                let input = call_block(
                    &chain,
                    N,
                    "inccounter",
                    "increment",
                    |_| wallet(1),
                    |_| Dict::new(),
                );
                (chain, input)
            })
            .collect();
        let name = format!("10k wasm inccounter increments on each of {chains} chains in parallel");
        in_parallel(&mut group, &name, &registry, &fixtures);
    }
    group.finish();
}

/// Benchmarks one block per chain, each on a thread of its own.
fn in_parallel(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    registry: &ProcessorRegistry,
    fixtures: &[(ChainFixture, BlockInput)],
) {
    group.throughput(Throughput::Elements(u64::from(N) * fixtures.len() as u64));
    group.bench_function(name, |b| {
        b.iter_batched(
            || (),
            |()| {
                std::thread::scope(|s| {
                    for (chain, input) in fixtures {
                        s.spawn(move || run(chain, registry, input));
                    }
                })
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, wasm_blocks, parallel_chains);
criterion_main!(benches);
