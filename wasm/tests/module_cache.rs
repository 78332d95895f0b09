//! The module cache: memory hits, loading after a restart from disk, corrupt, truncated and foreign
//! artifacts discarded and recompiled, eviction under the memory and disk byte bounds, concurrent use.

use std::sync::Arc;

use isc_abi::{blake2b256, Codec, Dict, Hash};
use isc_env::fixture::*;
use isc_gas::Limits;
use isc_runtime::ProcessorRegistry;
use isc_wasm::cache::fingerprint;
use isc_wasm::limits::WasmLimits;
use isc_wasm::{ModuleCache, WasmVm};

fn program(name: &str) -> (Hash, Vec<u8>) {
    let bytes = isc_env::fixture::example_wasm(name);
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
        // The body is `report length ‖ report ‖ artifact` behind a 104-byte header: a damaged
        // report under a hash that matches (rewritten with it) is refused too.
        ("malformed report under a matching hash", {
            let mut b = good.clone();
            b[104..108].copy_from_slice(&u32::MAX.to_le_bytes());
            let hash = blake3::hash(&b[104..]);
            b[72..104].copy_from_slice(hash.as_bytes());
            b
        }),
        ("a report of another binary under a matching hash", {
            let mut b = good.clone();
            b[108] ^= 1; // the binary's size, the report's first field
            let hash = blake3::hash(&b[104..]);
            b[72..104].copy_from_slice(hash.as_bytes());
            b
        }),
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
    let mut env = ChainFixture::with(
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

/// A distinct small program per `n` (WAT, assembled), with its hash.
fn numbered(n: u32) -> (Hash, Vec<u8>) {
    let wat = format!(
        r#"(module
             (memory (export "memory") 1)
             (func (export "fn:f") (drop (i32.add (i32.const {n}) (i32.const 1)))))"#
    );
    let bytes = isc_wasm::validate::wasm_bytes(wat.as_bytes()).unwrap();
    (blake2b256(&bytes), bytes)
}

fn load_numbered(cache: &ModuleCache, n: u32) {
    let limits = WasmLimits::DEFAULT;
    let (hash, bytes) = numbered(n);
    let module = cache
        .get_or_compile(&hash, &bytes, &limits, &fingerprint(&limits))
        .unwrap();
    assert_eq!(module.entries.len(), 1);
}

/// Bytes and count of the artifacts actually in `dir`.
fn dir_use(dir: &std::path::Path) -> (u64, u64) {
    let mut bytes = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "module") {
            bytes += std::fs::metadata(&path).unwrap().len();
            files += 1;
        }
    }
    (bytes, files)
}

/// The size of one artifact file of a numbered program.
fn artifact_bytes() -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let probe = ModuleCache::with_disk(dir.path(), 1 << 30).unwrap();
    load_numbered(&probe, 0);
    let m = probe.metrics();
    assert_eq!(m.disk_artifacts, 1);
    assert_eq!(dir_use(dir.path()), (m.disk_bytes, 1));
    m.disk_bytes
}

#[test]
fn disk_stays_under_its_byte_bound_after_many_distinct_programs() {
    let one = artifact_bytes();
    // Room for three artifacts and a half (numbered artifacts differ by a few bytes at most).
    let bound = one * 3 + one / 2;
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap();
    for n in 0..20 {
        load_numbered(&cache, n);
        let m = cache.metrics();
        assert!(m.disk_bytes <= bound, "{m:?}");
        assert_eq!(
            dir_use(dir.path()),
            (m.disk_bytes, m.disk_artifacts),
            "{m:?}"
        );
    }
    let m = cache.metrics();
    assert_eq!(m.disk_artifacts, 3, "{m:?}");
    assert_eq!(m.disk_evictions, 17, "{m:?}");
    assert_eq!(m.compiles, 20);
    // The newest three are the ones kept: a restarted node loads them from disk.
    let restarted = ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap();
    for n in 17..20 {
        load_numbered(&restarted, n);
    }
    let m = restarted.metrics();
    assert_eq!((m.disk_hits, m.compiles), (3, 0), "{m:?}");
}

#[test]
fn a_use_in_memory_keeps_an_artifact_on_disk() {
    let one = artifact_bytes();
    let bound = one * 2 + one / 2;
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap();
    load_numbered(&cache, 0);
    load_numbered(&cache, 1);
    // 0 is used again (a memory hit), so 1 is the least recently used when 2 arrives.
    load_numbered(&cache, 0);
    load_numbered(&cache, 2);
    assert_eq!(cache.metrics().disk_evictions, 1);
    let restarted = ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap();
    load_numbered(&restarted, 0);
    load_numbered(&restarted, 2);
    let m = restarted.metrics();
    assert_eq!((m.disk_hits, m.compiles), (2, 0), "{m:?}");
    load_numbered(&restarted, 1);
    let m = restarted.metrics();
    assert_eq!((m.disk_hits, m.compiles), (2, 1), "1 was evicted: {m:?}");
}

#[test]
fn a_smaller_bound_trims_an_existing_directory_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let one = artifact_bytes();
    {
        let cache = ModuleCache::with_disk(dir.path(), 1 << 30).unwrap();
        for n in 0..5 {
            load_numbered(&cache, n);
            // Distinct modification times, so that the order after a restart is the order of use.
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(cache.metrics().disk_artifacts, 5);
    }
    let bound = one * 2 + one / 2;
    let cache = ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap();
    let m = cache.metrics();
    assert_eq!((m.disk_artifacts, m.disk_evictions), (2, 3), "{m:?}");
    assert!(m.disk_bytes <= bound);
    assert_eq!(dir_use(dir.path()), (m.disk_bytes, 2));
    load_numbered(&cache, 3);
    load_numbered(&cache, 4);
    assert_eq!(cache.metrics().disk_hits, 2);
}

#[test]
fn memory_and_disk_bounds_hold_together() {
    let one = artifact_bytes();
    let memory_bound = {
        let probe = ModuleCache::in_memory(1 << 30);
        load_numbered(&probe, 0);
        probe.metrics().memory_bytes * 2 + 1
    };
    let disk_bound = one * 4;
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::with_disk_bound(dir.path(), memory_bound, disk_bound).unwrap();
    for n in 0..12 {
        load_numbered(&cache, n);
        let m = cache.metrics();
        assert!(m.memory_bytes <= memory_bound, "{m:?}");
        assert!(m.memory_modules <= 2, "{m:?}");
        assert!(m.disk_bytes <= disk_bound, "{m:?}");
    }
    // Evicted from memory but still on disk: loaded, not compiled.
    load_numbered(&cache, 9);
    let m = cache.metrics();
    assert_eq!((m.compiles, m.disk_hits), (12, 1), "{m:?}");
}

#[test]
fn concurrent_use_keeps_the_disk_bound() {
    let one = artifact_bytes();
    let bound = one * 5 + one / 2;
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(ModuleCache::with_disk_bound(dir.path(), 1 << 30, bound).unwrap());
    let handles: Vec<_> = (0..4u32)
        .map(|t| {
            let cache = cache.clone();
            std::thread::spawn(move || {
                for n in 0..8 {
                    // Overlapping programs: threads 0 and 2, 1 and 3 load the same ones.
                    load_numbered(&cache, (t % 2) * 100 + n);
                    assert!(cache.metrics().disk_bytes <= bound);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let m = cache.metrics();
    assert!(m.disk_bytes <= bound, "{m:?}");
    assert_eq!(m.disk_artifacts, 5, "{m:?}");
    assert_eq!(dir_use(dir.path()), (m.disk_bytes, m.disk_artifacts));
    assert_eq!(m.compiles + m.memory_hits + m.disk_hits, 32, "{m:?}");
}

#[test]
fn a_program_evicted_from_both_layers_recompiles_and_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let one = artifact_bytes();
    let inc_bytes = {
        let probe_dir = tempfile::tempdir().unwrap();
        let probe = ModuleCache::with_disk(probe_dir.path(), 1 << 30).unwrap();
        load(&probe, "inccounter");
        probe.metrics().disk_bytes
    };
    assert!(inc_bytes > one * 2, "inccounter {inc_bytes}, one {one}");
    // Memory for nothing; disk for inccounter's artifact, but not with a small one beside it: the
    // first small program deployed after it pushes it out.
    let bound = inc_bytes + one / 2;
    let vm = |dir: &std::path::Path| {
        let cache = Arc::new(ModuleCache::with_disk_bound(dir, 1, bound).unwrap());
        (
            cache.clone(),
            WasmVm::with_cache(WasmLimits::DEFAULT, cache),
        )
    };
    let (cache, first_vm) = vm(dir.path());
    let mut env = ChainFixture::with(
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
    let (inc_hash, inc) = program("inccounter");
    assert_eq!(env.deploy_wasm("inccounter", &inc, Dict::new()), None);
    let m = cache.metrics();
    assert_eq!((m.disk_artifacts, m.disk_bytes), (1, inc_bytes), "{m:?}");
    for n in 0..3 {
        let (_, other) = numbered(n);
        assert_eq!(env.deploy_wasm(&format!("n{n}"), &other, Dict::new()), None);
    }
    let m = cache.metrics();
    assert_eq!(m.memory_modules, 0, "{m:?}");
    assert!(m.disk_bytes <= bound, "{m:?}");
    assert!(m.disk_evictions >= 1, "{m:?}");
    let key = isc_abi::Hash::of_parts(&[
        inc_hash.as_bytes(),
        fingerprint(&WasmLimits::DEFAULT).as_bytes(),
    ]);
    assert!(
        !dir.path().join(format!("{key}.module")).exists(),
        "inccounter's artifact was evicted"
    );
    let compiles = m.compiles;
    let rc = env.call("alice", "inccounter", "increment", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(cache.metrics().compiles, compiles + 1, "recompiled");
    // After a restart as well: a fresh VM over the same directory.
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
    // The recompiled artifact went back to disk (pushing out the small one): a restart loads it.
    let m = second_cache.metrics();
    assert_eq!((m.compiles, m.disk_hits), (0, 1), "{m:?}");
    assert!(m.disk_bytes <= bound, "{m:?}");
}
