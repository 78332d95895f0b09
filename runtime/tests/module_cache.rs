//! The module cache: memory hits, loading after a restart from disk, corrupt, truncated and foreign
//! artifacts discarded and recompiled, eviction under the byte bound, concurrent use.

mod common;

use std::sync::Arc;

use common::*;
use isc_abi::{blake2b256, Codec, Dict, Hash};
use isc_gas::Limits;
use isc_runtime::wasm::cache::fingerprint;
use isc_runtime::wasm::limits::WasmLimits;
use isc_runtime::wasm::{ModuleCache, WasmVm};
use isc_runtime::ProcessorRegistry;

fn program(name: &str) -> (Hash, Vec<u8>) {
    let bytes = std::fs::read(format!(
        "{}/../contracts/wasm/{name}.wasm",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    (blake2b256(&bytes), bytes)
}

fn load(cache: &ModuleCache, name: &str) {
    let limits = WasmLimits::DEFAULT;
    let (hash, bytes) = program(name);
    let module = cache
        .get_or_compile(&hash, &bytes, &limits, &fingerprint(&limits))
        .unwrap();
    assert!(!module.entries.is_empty());
}

fn artifact(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "module"))
        .expect("an artifact")
}

#[test]
fn compiles_once_then_serves_from_memory() {
    let cache = ModuleCache::in_memory(1 << 30);
    load(&cache, "inccounter");
    load(&cache, "inccounter");
    let m = cache.metrics();
    assert_eq!((m.compiles, m.memory_hits, m.disk_hits), (1, 1, 0));
    assert_eq!(m.memory_modules, 1);
    assert!(m.memory_bytes > 0);
}

#[test]
fn a_restarted_node_loads_from_disk_instead_of_compiling() {
    let dir = tempfile::tempdir().unwrap();
    load(
        &ModuleCache::with_disk(dir.path(), 1 << 30).unwrap(),
        "token",
    );
    let restarted = ModuleCache::with_disk(dir.path(), 1 << 30).unwrap();
    load(&restarted, "token");
    let m = restarted.metrics();
    assert_eq!((m.compiles, m.disk_hits, m.rejected_artifacts), (0, 1, 0));
}

#[test]
fn corrupt_truncated_and_foreign_artifacts_are_discarded_and_recompiled() {
    let dir = tempfile::tempdir().unwrap();
    load(
        &ModuleCache::with_disk(dir.path(), 1 << 30).unwrap(),
        "caller",
    );
    let path = artifact(dir.path());
    let good = std::fs::read(&path).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("flipped byte in the artifact", {
            let mut b = good.clone();
            let i = b.len() - 100;
            b[i] ^= 0xff;
            b
        }),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("foreign fingerprint", {
            let mut b = good.clone();
            b[8] ^= 1;
            b
        }),
        ("not an artifact", b"hello".to_vec()),
    ];
    for (what, bytes) in cases {
        std::fs::write(&path, &bytes).unwrap();
        let cache = ModuleCache::with_disk(dir.path(), 1 << 30).unwrap();
        load(&cache, "caller");
        let m = cache.metrics();
        assert_eq!(
            (m.rejected_artifacts, m.compiles, m.disk_hits),
            (1, 1, 0),
            "{what}"
        );
        // The recompiled artifact replaced the bad one.
        assert_eq!(std::fs::read(&path).unwrap(), good, "{what}");
    }
}

#[test]
fn other_limits_are_another_key() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::with_disk(dir.path(), 1 << 30).unwrap();
    let (hash, bytes) = program("inccounter");
    let a = WasmLimits::DEFAULT;
    let b = WasmLimits {
        max_memory_pages: 128,
        ..WasmLimits::DEFAULT
    };
    assert_ne!(fingerprint(&a), fingerprint(&b));
    cache
        .get_or_compile(&hash, &bytes, &a, &fingerprint(&a))
        .unwrap();
    cache
        .get_or_compile(&hash, &bytes, &b, &fingerprint(&b))
        .unwrap();
    assert_eq!(cache.metrics().compiles, 2);
}

#[test]
fn memory_stays_under_its_byte_bound() {
    let probe = ModuleCache::in_memory(1 << 30);
    load(&probe, "inccounter");
    let one = probe.metrics().memory_bytes;
    let bound = one * 2 + one / 2;
    let cache = ModuleCache::in_memory(bound);
    for name in [
        "inccounter",
        "token",
        "caller",
        "panicker",
        "donatewithfeedback",
    ] {
        load(&cache, name);
        assert!(cache.metrics().memory_bytes <= bound);
    }
    let m = cache.metrics();
    assert!(m.evictions >= 2, "{m:?}");
    assert!(m.memory_modules <= 2, "{m:?}");
    // The most recent one is still there.
    load(&cache, "donatewithfeedback");
    assert_eq!(cache.metrics().memory_hits, 1);
}

#[test]
fn concurrent_use_from_several_threads() {
    let cache = Arc::new(ModuleCache::in_memory(1 << 30));
    let names = ["inccounter", "token", "caller", "panicker"];
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let cache = cache.clone();
            std::thread::spawn(move || load(&cache, names[i % names.len()]))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let m = cache.metrics();
    assert_eq!(m.memory_modules, 4);
    assert_eq!(m.compiles + m.memory_hits, 8);
}

#[test]
fn a_restarted_chain_runs_contracts_without_compiling() {
    let dir = tempfile::tempdir().unwrap();
    let vm = |dir: &std::path::Path| {
        let cache = Arc::new(ModuleCache::with_disk(dir, 1 << 30).unwrap());
        (
            cache.clone(),
            WasmVm::with_cache(WasmLimits::DEFAULT, cache),
        )
    };
    let (first_cache, first_vm) = vm(dir.path());
    let mut env = Env::with(
        ProcessorRegistry::new().with_vm(Arc::new(first_vm)),
        Limits::DEFAULT,
    );
    env.call(
        "alice",
        "accounts",
        "deposit",
        Dict::new(),
        base(50_000_000),
    );
    let (_, inc) = program("inccounter");
    assert_eq!(env.deploy_wasm("inccounter", &inc, Dict::new()), None);
    assert_eq!(first_cache.metrics().compiles, 1, "compiled at deployment");
    let rc = env.call("alice", "inccounter", "increment", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(first_cache.metrics().compiles, 1, "the first call is warm");
    // A new node process: same chain store, a fresh VM over the same cache directory.
    let (second_cache, second_vm) = vm(dir.path());
    let registry = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(second_vm)));
    let chain = isc_runtime::Chain::open(env.chain.store().clone(), registry).unwrap();
    let v = chain
        .call_view(
            isc_abi::Hname::new("inccounter"),
            isc_abi::Hname::new("getCounter"),
            Dict::new(),
        )
        .unwrap();
    assert_eq!(i64::decode(v.get(b"counter").unwrap()).unwrap(), 1);
    let m = second_cache.metrics();
    assert_eq!((m.compiles, m.disk_hits), (0, 1));
}
