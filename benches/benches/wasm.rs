//! Wasm speed: a no-op entry point of a compiled contract with instantiation (target <= 5 µs; also
//! with instance reuse off, when every call instantiates), a host-call round trip reading 32 bytes of
//! state (target <= 100 ns), metering overhead on a CPU-bound kernel against the same module
//! unmetered (target <= 10%), and compile speed: each example contract through iscvm's compile beside
//! a raw Cranelift compile of it with the same settings (target: within 1.3x), the module cache.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use isc_abi::Dict;
use isc_benches::{call_once, contract_wasm, deployed_chain, EXAMPLE_CONTRACTS};
use isc_env::fixture::ChainFixture;
use isc_runtime::ProcessorRegistry;
use isc_sandbox::VirtualState;
use isc_wasm::limits::WasmLimits;
use isc_wasm::raw::RawModule;
use isc_wasm::{compile, WasmVm};

const CONTRACT: &str = r#"
(module
  (import "isc" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (func (export "fn:noop"))
  (func (export "fn:init") (call $set (i32.const 0) (i32.const 1) (i32.const 100) (i32.const 32)))
  (func (export "fn:reads") (local $i i32)
    (loop $l
      (drop (call $get (i32.const 0) (i32.const 1) (i32.const 200) (i32.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10000)))))
  (func (export "fn:kernel") (local $i i32) (local $h i64)
    (local.set $h (i64.const 1469598103934665603))
    (loop $l
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $i))) (i64.const 1099511628211)))
      (local.set $h (i64.rotl (local.get $h) (i64.const 13)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (i64.store (i32.const 300) (local.get $h)))
)
"#;

/// A chain with the contract deployed as "c"; returns the chain and its registry.
fn deployed() -> (ChainFixture, Arc<ProcessorRegistry>) {
    deployed_on(WasmVm::default())
}

/// [`deployed`] with this VM.
fn deployed_on(vm: WasmVm) -> (ChainFixture, Arc<ProcessorRegistry>) {
    let registry = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(vm)));
    let wasm = wat::parse_str(CONTRACT).expect("wat");
    let chain = deployed_chain(registry.clone(), isc_wasm::VM_TYPE, wasm, "c", Dict::new());
    (chain, registry)
}

fn calls(c: &mut Criterion) {
    let (chain, registry) = deployed();
    let state = VirtualState::new(chain.chain.store().clone()).expect("state");
    let (fresh_chain, fresh_registry) = deployed_on(WasmVm::default().with_instance_reuse(false));
    let fresh_state = VirtualState::new(fresh_chain.chain.store().clone()).expect("state");
    let mut group = c.benchmark_group("wasm");
    group.bench_function("no-op entry point (instantiation included)", |b| {
        b.iter(|| call_once(&chain, &registry, &state, "c", "noop"))
    });
    group.bench_function(
        "no-op entry point, instance reuse off (a fresh instance every call)",
        |b| b.iter(|| call_once(&fresh_chain, &fresh_registry, &fresh_state, "c", "noop")),
    );
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("host call: 10k state reads of 32 bytes", |b| {
        b.iter(|| call_once(&chain, &registry, &state, "c", "reads"))
    });
    group.finish();
}

fn metering_overhead(c: &mut Criterion) {
    let wasm = wat::parse_str(CONTRACT).expect("wat");
    // Unmetered: the same engine settings without iscvm's middlewares, stub imports, no host.
    let plain = RawModule::compile(&wasm, &WasmLimits::DEFAULT).expect("compile");
    let mut group = c.benchmark_group("metering");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("kernel unmetered (1M iterations)", |b| {
        let mut instance = plain.instantiate().expect("instance");
        b.iter(|| instance.call("fn:kernel").expect("call"))
    });
    let (chain, registry) = deployed();
    let state = VirtualState::new(chain.chain.store().clone()).expect("state");
    group.bench_function("kernel metered (1M iterations)", |b| {
        b.iter(|| call_once(&chain, &registry, &state, "c", "kernel"))
    });
    group.finish();
}

fn compile_speed(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    // Each example contract twice: plain Cranelift with the same settings, and iscvm's compile
    // (validation, NaN canonicalisation, metering and instrumentation middlewares).
    for name in EXAMPLE_CONTRACTS {
        let wasm = contract_wasm(name);
        let kb = wasm.len() / 1024;
        group.throughput(Throughput::Bytes(wasm.len() as u64));
        group.bench_function(format!("raw cranelift {name} {kb} KB"), |b| {
            b.iter(|| RawModule::compile(&wasm, &WasmLimits::DEFAULT).expect("compile"))
        });
        group.bench_function(format!("validate + compile {name} {kb} KB"), |b| {
            b.iter(|| compile(&wasm, &Default::default()).expect("compile"))
        });
    }
    // The module cache: a hit in memory, and a load from disk as after a node restart (a fresh cache
    // over a directory holding the artifact: read, hash check, validation, deserialization).
    let wasm = contract_wasm("donatewithfeedback");
    let limits = WasmLimits::DEFAULT;
    let fp = isc_wasm::cache::fingerprint(&limits);
    let hash = isc_abi::blake2b256(&wasm);
    let dir = tempfile::tempdir().expect("tempdir");
    let warm = isc_wasm::ModuleCache::with_disk(dir.path(), 1 << 30).expect("cache");
    warm.get_or_compile(&hash, &wasm, &limits, &fp)
        .expect("compile");
    group.throughput(Throughput::Elements(1));
    group.bench_function("module cache hit in memory", |b| {
        b.iter(|| {
            warm.get_or_compile(&hash, &wasm, &limits, &fp)
                .expect("hit")
        })
    });
    // A fresh cache over the directory, as a restarted node has, loading one module from disk.
    let load_cold = |hash: &isc_abi::Hash, wasm: &[u8]| {
        let cold = isc_wasm::ModuleCache::with_disk(dir.path(), 1 << 30).expect("cache");
        let m = cold.get_or_compile(hash, wasm, &limits, &fp).expect("load");
        assert_eq!(cold.metrics().disk_hits, 1);
        m
    };
    group.bench_function("module cache load from disk (node restart)", |b| {
        b.iter(|| load_cold(&hash, &wasm))
    });
    // The issue's size: a 100 KB contract (generated: the example contracts are 30-45 KB).
    let big = synthetic_contract(100 * 1024);
    let big_hash = isc_abi::blake2b256(&big);
    warm.get_or_compile(&big_hash, &big, &limits, &fp)
        .expect("compile");
    group.bench_function(
        format!(
            "module cache load from disk (node restart), {} KB",
            big.len() / 1024
        ),
        |b| b.iter(|| load_cold(&big_hash, &big)),
    );
    group.finish();
}

/// A contract of at least `size` bytes: one entry point and as many functions of integer arithmetic
/// and memory accesses as it takes (about 200 bytes each, the shape of a compiled Rust contract's).
fn synthetic_contract(size: usize) -> Vec<u8> {
    let mut functions = 64;
    loop {
        let mut wat = String::from("(module (memory (export \"memory\") 17)\n");
        for f in 0..functions {
            wat.push_str(&format!(
                "(func $f{f} (param i32) (result i32) (local i32)\n"
            ));
            for k in 0..12 {
                wat.push_str(&format!(
                    "(local.set 1 (i32.add (i32.load offset={} (local.get 0)) (i32.const {})))\n\
                     (i32.store offset={} (local.get 0) (i32.mul (local.get 1) (i32.const {})))\n",
                    k * 4,
                    f * 31 + k,
                    k * 8,
                    f + k + 3
                ));
            }
            wat.push_str("(local.get 1))\n");
        }
        wat.push_str("(func (export \"fn:run\") (drop (call $f0 (i32.const 64)))))");
        let wasm = wat::parse_str(&wat).expect("synthetic contract");
        if wasm.len() >= size {
            return wasm;
        }
        functions = functions * size / wasm.len() + 1;
    }
}

criterion_group!(benches, calls, metering_overhead, compile_speed);
criterion_main!(benches);
