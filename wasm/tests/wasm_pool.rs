//! Instance reuse: every call starts from the module's initial state whether its instance is fresh or
//! reused, calls that fail never hand their instance on, and a block gives the same receipts, gas and
//! state hash with reuse on and off, on one thread or several.

use std::sync::Arc;

use isc_abi::{Codec, Dict};
use isc_env::fixture::*;
use isc_gas::Limits;
use isc_native_contracts::blocklog::Receipt;
use isc_runtime::ProcessorRegistry;
use isc_wasm::{cache::fingerprint, limits::WasmLimits, CompiledModule, ModuleCache, WasmVm};

/// Checks that it sees the module's initial state (else traps), then changes everything it can:
/// memory (data segment, plain pages, last initial page), both mutable globals, and the memory size
/// (the grown pages must read as zero). The failing entry points do the same before failing.
const PROBE: &str = r#"
(module
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 7))
  (global $h (mut i64) (i64.const 99))
  (data (i32.const 16) "image")
  (func $initial
    (if (i32.ne (memory.size) (i32.const 1)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 16)) (i32.const 0x67616d69)) (then unreachable))
    (if (i32.ne (i32.load8_u (i32.const 20)) (i32.const 0x65)) (then unreachable))
    (if (i64.ne (i64.load (i32.const 1000)) (i64.const 0)) (then unreachable))
    (if (i64.ne (i64.load (i32.const 65528)) (i64.const 0)) (then unreachable))
    (if (i32.ne (global.get $g) (i32.const 7)) (then unreachable))
    (if (i64.ne (global.get $h) (i64.const 99)) (then unreachable)))
  (func $mutate
    (i32.store (i32.const 16) (i32.const -1))
    (i64.store (i32.const 1000) (i64.const -1))
    (i64.store (i32.const 65528) (i64.const -1))
    (global.set $g (i32.const 8))
    (global.set $h (i64.const 100))
    (if (i32.ne (memory.grow (i32.const 2)) (i32.const 1)) (then unreachable))
    (if (i64.ne (i64.load (i32.const 65536)) (i64.const 0)) (then unreachable))
    (if (i64.ne (i64.load (i32.const 196600)) (i64.const 0)) (then unreachable))
    (i64.store (i32.const 65536) (i64.const -1))
    (i64.store (i32.const 196600) (i64.const -1))
    (memory.fill (i32.const 70000) (i32.const 0xab) (i32.const 50000)))
  (func $deep (call $deep))
  (func (export "fn:check") (call $initial) (call $mutate))
  (func (export "view:look") (call $initial) (call $mutate))
  (func (export "fn:wide")
    (call $initial) (call $mutate)
    ;; more than the pool rewrites page by page: the whole memory is discarded instead
    (if (i32.ne (memory.grow (i32.const 8)) (i32.const 3)) (then unreachable))
    (memory.fill (i32.const 0) (i32.const 0xcd) (i32.const 720896)))
  (func (export "fn:trap") (call $initial) (call $mutate) unreachable)
  (func (export "fn:burn") (call $initial) (call $mutate) (loop $l (br $l)))
  (func (export "fn:deep") (call $initial) (call $mutate) (call $deep))
  (func (export "fn:oob") (call $initial) (drop (i32.load (i32.const 65536))))
  ;; the bounds check covers the access's size and static offset, not only its address
  (func (export "fn:straddle") (call $initial) (drop (i64.load (i32.const 65532))))
  (func (export "fn:offset") (call $initial) (drop (i32.load offset=65536 (i32.const 0))))
  (func (export "fn:fillPast") (call $initial) (memory.fill (i32.const 65000) (i32.const 1) (i32.const 537)))
)
"#;

/// A module that can change its table: its instances are never reused, even though it carries a
/// custom section named like the host's mark of reusable modules.
const TABLE_WRITER: &str = r#"
(module
  (@custom "isc.instance_reuse" "\01")
  (memory (export "memory") 1)
  (type $t (func (result i32)))
  (table 1 funcref)
  (func $one (result i32) (i32.const 1))
  (elem (i32.const 0) $one)
  (func (export "fn:clear") (table.set 0 (i32.const 0) (ref.null func)))
  (func (export "fn:use")
    (if (i32.ne (call_indirect (type $t) (i32.const 0)) (i32.const 1)) (then unreachable)))
)
"#;

fn contract(name: &str) -> Vec<u8> {
    isc_env::fixture::example_wasm(name)
}

/// An initialized chain using `vm`, where "alice" and "bob" have deposits for fees.
fn env_with(vm: Arc<WasmVm>) -> ChainFixture {
    let mut env = ChainFixture::with(ProcessorRegistry::new().with_vm(vm), Limits::DEFAULT);
    for who in ["alice", "bob"] {
        let rc = env.call(who, "accounts", "deposit", Dict::new(), base(50_000_000));
        assert!(rc.error.is_none(), "{rc:?}");
    }
    env
}

/// The compiled module of `wasm` (binary or WAT) in `vm`'s cache.
fn compiled(vm: &WasmVm, wasm: &[u8]) -> Arc<CompiledModule> {
    let wasm = isc_wasm::validate::wasm_bytes(wasm).unwrap();
    let hash = isc_abi::blob_hash(&dict(&[("v", b"wasmer".to_vec()), ("p", wasm)]));
    vm.cache()
        .cached(&hash, &fingerprint(&WasmLimits::default()))
        .expect("the module is cached")
}

fn deploy(env: &mut ChainFixture, name: &str, wasm: &[u8], init: Dict) {
    assert_eq!(env.deploy_wasm(name, wasm, init), None, "{name}");
}

fn error(rc: &Receipt) -> &str {
    rc.error.as_deref().unwrap_or("")
}

#[test]
fn every_call_sees_the_initial_state_even_after_failed_calls() {
    let vm = Arc::new(WasmVm::default());
    let mut env = env_with(vm.clone());
    deploy(&mut env, "probe", PROBE.as_bytes(), Dict::new());
    let module = compiled(&vm, PROBE.as_bytes());
    for round in 0..4 {
        let mut posted = Vec::new();
        for i in 0..12 {
            let (func, gas) = match i % 6 {
                1 => ("trap", 0),
                2 => ("burn", 2_000_000),
                3 => ("deep", 0),
                4 => ("wide", 0),
                _ => ("check", 0),
            };
            posted.push((
                func,
                env.post("alice", "probe", func, Dict::new(), base(0), gas),
            ));
        }
        let res = env.run().expect("a block");
        for ((func, req), rc) in posted.iter().zip(&res.receipts) {
            assert_eq!(rc.request_id, req.id);
            match *func {
                "check" | "wide" => assert!(rc.error.is_none(), "round {round} {func}: {rc:?}"),
                "trap" => assert!(error(rc).contains("unreachable"), "{rc:?}"),
                "burn" => assert!(error(rc).contains("gas"), "{rc:?}"),
                _ => assert!(error(rc).contains("stack"), "{rc:?}"),
            }
        }
        // Views have instances of their own.
        for _ in 0..3 {
            env.view("probe", "look", Dict::new());
        }
        assert!(
            module.idle_instances() > 0,
            "round {round}: no instance was kept"
        );
    }
}

#[test]
fn memory_past_the_initial_size_traps_after_a_call_that_grew_it() {
    let vm = Arc::new(WasmVm::default());
    let mut env = env_with(vm.clone());
    deploy(&mut env, "probe", PROBE.as_bytes(), Dict::new());
    let module = compiled(&vm, PROBE.as_bytes());
    for _ in 0..3 {
        let rc = env.call("alice", "probe", "check", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{rc:?}");
        // The next call gets the instance that grew, shrunk back.
        assert!(module.idle_instances() > 0);
        for func in ["oob", "straddle", "offset", "fillPast"] {
            let rc = env.call("alice", "probe", "check", Dict::new(), base(0));
            assert!(rc.error.is_none(), "{rc:?}");
            let rc = env.call("alice", "probe", func, Dict::new(), base(0));
            assert!(
                error(&rc).contains("out of bounds memory access"),
                "{func}: {rc:?}"
            );
        }
    }
}

#[test]
fn a_module_that_writes_its_table_gets_a_fresh_instance_every_call() {
    let vm = Arc::new(WasmVm::default());
    let mut env = env_with(vm.clone());
    deploy(&mut env, "tables", TABLE_WRITER.as_bytes(), Dict::new());
    for _ in 0..3 {
        let rc = env.call("alice", "tables", "clear", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{rc:?}");
        let rc = env.call("alice", "tables", "use", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{rc:?}");
    }
    assert_eq!(compiled(&vm, TABLE_WRITER.as_bytes()).idle_instances(), 0);
}

#[test]
fn instances_of_a_module_loaded_from_disk_are_reused() {
    let dir = tempfile::tempdir().unwrap();
    let vm_on = |dir: &std::path::Path| {
        let cache = ModuleCache::with_disk(dir, 1 << 30).unwrap();
        Arc::new(WasmVm::with_cache(WasmLimits::default(), Arc::new(cache)))
    };
    let first = vm_on(dir.path());
    deploy(
        &mut env_with(first.clone()),
        "probe",
        PROBE.as_bytes(),
        Dict::new(),
    );
    assert_eq!(first.cache().metrics().compiles, 1);
    // A restarted node: a new cache over the same directory loads the artifact.
    let restarted = vm_on(dir.path());
    let mut env = env_with(restarted.clone());
    deploy(&mut env, "probe", PROBE.as_bytes(), Dict::new());
    let metrics = restarted.cache().metrics();
    assert_eq!((metrics.compiles, metrics.disk_hits), (0, 1));
    for _ in 0..3 {
        let rc = env.call("alice", "probe", "check", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{rc:?}");
    }
    assert!(compiled(&restarted, PROBE.as_bytes()).idle_instances() > 0);
}

/// Receipts and state hashes of a mixed block (Rust contracts, the probe, failures, fees), run twice
/// after deployment.
fn mixed_blocks(vm: Arc<WasmVm>) -> Vec<(Vec<Receipt>, isc_abi::Hash)> {
    let mut env = env_with(vm);
    deploy(&mut env, "inccounter", &contract("inccounter"), Dict::new());
    let mut init = Dict::new();
    init.set(b"supply".to_vec(), 1_000_000u64.encode()).unwrap();
    deploy(&mut env, "token", &contract("token"), init);
    deploy(&mut env, "probe", PROBE.as_bytes(), Dict::new());
    let bob = env.agent("bob");
    let mut out = Vec::new();
    for _ in 0..2 {
        for i in 0..30 {
            match i % 10 {
                0 | 5 => {
                    let mut p = Dict::new();
                    p.set(b"to".to_vec(), bob.encode()).unwrap();
                    p.set(b"amount".to_vec(), (i as u64 + 1).encode()).unwrap();
                    env.post("owner", "token", "transfer", p, base(0), 0);
                }
                1 => {
                    env.post("alice", "probe", "trap", Dict::new(), base(0), 0);
                }
                2 => {
                    env.post("alice", "probe", "burn", Dict::new(), base(0), 3_000_000);
                }
                3 => {
                    env.post("bob", "probe", "check", Dict::new(), base(0), 0);
                }
                4 => {
                    env.post("bob", "probe", "deep", Dict::new(), base(0), 0);
                }
                6 => {
                    env.post("alice", "probe", "wide", Dict::new(), base(0), 0);
                }
                _ => {
                    env.post("alice", "inccounter", "increment", Dict::new(), base(0), 0);
                }
            }
        }
        let res = env.run().expect("a block");
        assert!(res.receipts.iter().any(|r| r.error.is_none()));
        assert!(res.receipts.iter().any(|r| r.error.is_some()));
        out.push((res.receipts, res.state_hash));
    }
    out
}

#[test]
fn reused_and_fresh_instances_give_the_same_receipts_gas_and_state() {
    let pooled = mixed_blocks(Arc::new(WasmVm::default()));
    let fresh = mixed_blocks(Arc::new(WasmVm::default().with_instance_reuse(false)));
    assert_eq!(pooled, fresh);
}

#[test]
fn chains_on_several_threads_share_one_processor() {
    let vm = Arc::new(WasmVm::default());
    let expected = mixed_blocks(Arc::new(WasmVm::default().with_instance_reuse(false)));
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let vm = vm.clone();
                s.spawn(move || {
                    let out = mixed_blocks(vm.clone());
                    let kept = compiled(&vm, &contract("inccounter")).idle_instances();
                    (out, kept)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (out, kept) in results {
        assert_eq!(out, expected);
        assert!(kept > 0, "a thread kept no instance");
    }
}
