//! A block of 10,000 increments of Wasp v0.2.0's inccounter (the Pollen-era WasmLib ABI, the binary
//! from `../shared/wasp/`) beside the same block of this project's `isc` inccounter (target: within
//! 1.5x of it). Execution only, on memory stores, as `throughput` measures blocks. Skipped when the
//! Wasp binaries are not beside the repository (see `isc_env::wasp_dir`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use isc_abi::{Balances, Dict, Hname, RequestId, TxId};
use std::sync::Arc;

use isc_env::fixture::{base, ChainFixture};
use isc_gas::Limits;
use isc_runtime::{execute_block, BlockInput, ChainEnv, ProcessorRegistry, Request};
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
    env.call(
        "alice",
        "accounts",
        "deposit",
        Dict::new(),
        base(1_000_000_000),
    );
    env.call(
        "owner",
        "accounts",
        "deposit",
        Dict::new(),
        base(1_000_000_000),
    );
    assert_eq!(env.deploy_wasm("inccounter", wasm, Dict::new()), None);
    let sender = env.agent("alice");
    let requests = (0..N)
        .map(|i| {
            let mut tx = [0x5a; 32];
            tx[..4].copy_from_slice(&i.to_le_bytes());
            Request {
                id: RequestId::new(TxId(tx), 0),
                sender,
                contract: Hname::new("inccounter"),
                entry_point: Hname::new("increment"),
                params: Dict::new(),
                transfer: Balances::new(),
                gas_budget: 0,
                timelock: 0,
            }
        })
        .collect();
    let (_, ts, _) = env.chain.head().expect("head");
    let input = env
        .chain
        .next_block_input(requests, ts + 1_000)
        .expect("input");
    (env, ProcessorRegistry::new().with_vm(vm), input)
}

fn run(env: &ChainFixture, registry: &ProcessorRegistry, input: &BlockInput) {
    let limits = env.chain.limits().clone();
    let config = ChainEnv {
        chain_id: env.chain.id(),
        limits: &limits,
        registry,
        gas_reports: false,
    };
    let mut state = VirtualState::new(env.chain.store().clone()).expect("state");
    let out = execute_block(config, &mut state, input).expect("execute");
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
