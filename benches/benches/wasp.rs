//! A block of 10,000 increments of Wasp v0.2.0's inccounter (the Pollen-era WasmLib ABI, the binary
//! from `../shared/wasp/`) beside the same block of this project's `isc` inccounter (target: within
//! 1.5x of it). Execution only, on memory stores, as `throughput` measures blocks. Skipped when the
//! Wasp binaries are not beside the repository (see `isc_env::wasp_dir`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use isc_abi::{Balances, Dict};
use std::sync::Arc;

use isc_env::fixture::{ChainFixture, RequestIds};
use isc_gas::Limits;
use isc_runtime::{execute_block, BlockInput, ProcessorRegistry};
use isc_sandbox::VirtualState;
use isc_wasm::WasmVm;

// The suites share the fixtures crate's allocator.
use isc_benches as _;

const N: u32 = 10_000;

/// A chain with `wasm` deployed as `inccounter`, its processors (the same Wasm VM, so the same
/// module cache) and the input of a block of `N` increments.
fn setup(wasm: &[u8]) -> (ChainFixture, ProcessorRegistry, BlockInput) {
    let vm = Arc::new(WasmVm::default());
    let mut env = ChainFixture::with(
        ProcessorRegistry::new().with_vm(vm.clone()),
        Limits::DEFAULT,
    );
    // The owner pays the deployment's fees from the tokens it attaches (`deploy_wasm`).
    env.try_deposit(&["alice"], 1_000_000_000)
        .expect("alice's deposit");
    assert_eq!(env.deploy_wasm("inccounter", wasm, Dict::new()), None);
    let sender = env.agent("alice");
    let mut ids = RequestIds::new(0x5a);
    let requests = (0..N)
        .map(|_| {
            ids.request(
                sender,
                "inccounter",
                "increment",
                Dict::new(),
                Balances::new(),
            )
        })
        .collect();
    let input = env.next_input(requests);
    (env, ProcessorRegistry::new().with_vm(vm), input)
}

fn run(env: &ChainFixture, registry: &ProcessorRegistry, input: &BlockInput) {
    let mut state = VirtualState::new(env.chain.store().clone()).expect("state");
    let out = execute_block(env.chain_env(registry), &mut state, input).expect("execute");
    assert!(
        out.receipts.iter().all(|r| r.error.is_none()),
        "{:?}",
        out.receipts[0]
    );
}

fn wasp(c: &mut Criterion) {
    let isc = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../contracts/wasm/inccounter.wasm"
    ))
    .expect("contracts/wasm/inccounter.wasm");
    let Some(wasmlib) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    let mut g = c.benchmark_group("wasp");
    g.throughput(Throughput::Elements(u64::from(N)));
    g.sample_size(10);
    for (name, wasm) in [
        ("isc inccounter 10k", isc),
        ("wasmlib-v0.2 inccounter 10k", wasmlib),
    ] {
        let (env, registry, input) = setup(&wasm);
        g.bench_function(name, |b| b.iter(|| run(&env, &registry, &input)));
    }
    g.finish();
}

criterion_group!(benches, wasp);
criterion_main!(benches);
