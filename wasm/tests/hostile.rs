//! Hostile contracts (contracts/hostile/*.wat), each deployed and run in a block between two honest
//! requests: a clear receipt error with the right gas, no state left behind, the honest requests
//! succeed, and the same block run on a second, identical chain gives identical receipts, gas and
//! state hash.

use isc_abi::{Codec, Dict, Hname};
use isc_env::fixture::*;
use isc_native_contracts::blocklog::Receipt;

fn fixture(name: &str) -> Vec<u8> {
    hostile_wat(name)
}

fn inccounter() -> Vec<u8> {
    example_wasm("inccounter")
}

struct Outcome {
    receipt: Receipt,
    all: Vec<Receipt>,
    state_hash: isc_abi::Hash,
    hostile_state_before: Vec<(Vec<u8>, Vec<u8>)>,
    hostile_state_after: Vec<(Vec<u8>, Vec<u8>)>,
}

/// A fresh chain with inccounter and the fixture deployed (plus `peer`, if given, under its name).
fn setup(name: &str, peer: Option<(&str, &str)>) -> ChainFixture {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("inccounter", &inccounter(), Dict::new()),
        None
    );
    assert_eq!(
        env.deploy_wasm("hostile", &fixture(name), Dict::new()),
        None,
        "{name}"
    );
    if let Some((peer_name, peer_fixture)) = peer {
        assert_eq!(
            env.deploy_wasm(peer_name, &fixture(peer_fixture), Dict::new()),
            None
        );
    }
    env
}

fn sandwich(env: &mut ChainFixture, func: &str, params: Dict, gas: u64) -> Outcome {
    let before = env.partition("hostile");
    let a = env.post("alice", "inccounter", "increment", Dict::new(), base(0), 0);
    let bad = env.post("alice", "hostile", func, params, base(0), gas);
    let b = env.post("bob", "inccounter", "increment", Dict::new(), base(0), 0);
    let res = env.run().expect("a block");
    let ids: Vec<_> = res.receipts.iter().map(|r| r.request_id).collect();
    assert_eq!(ids, vec![a.id, bad.id, b.id]);
    assert!(
        res.receipts[0].error.is_none(),
        "honest before: {:?}",
        res.receipts[0]
    );
    assert!(
        res.receipts[2].error.is_none(),
        "honest after: {:?}",
        res.receipts[2]
    );
    Outcome {
        receipt: res.receipts[1].clone(),
        all: res.receipts.clone(),
        state_hash: res.state_hash,
        hostile_state_before: before,
        hostile_state_after: env.partition("hostile"),
    }
}

/// Runs the attack on two identical chains; checks determinism and rollback; returns the receipt.
fn attack(name: &str, func: &str, params: Dict, gas: u64) -> Receipt {
    attack_with(name, None, func, params, gas)
}

fn attack_with(
    name: &str,
    peer: Option<(&str, &str)>,
    func: &str,
    params: Dict,
    gas: u64,
) -> Receipt {
    let one = sandwich(&mut setup(name, peer), func, params.clone(), gas);
    let two = sandwich(&mut setup(name, peer), func, params, gas);
    assert_eq!(
        one.all, two.all,
        "{name}.{func}: receipts differ between runs"
    );
    assert_eq!(
        one.state_hash, two.state_hash,
        "{name}.{func}: state hash differs"
    );
    if one.receipt.error.is_some() {
        assert_eq!(
            one.hostile_state_before, one.hostile_state_after,
            "{name}.{func} left state behind"
        );
    }
    one.receipt
}

/// On a fresh chain, runs `func` of the fixture (it must succeed) and returns what it stored under
/// `key` in its partition.
fn stored_after(name: &str, func: &str, key: &[u8]) -> Vec<u8> {
    let mut env = setup(name, None);
    let rc = env.call("alice", "hostile", func, Dict::new(), base(0));
    assert!(rc.error.is_none(), "{name}.{func}: {rc:?}");
    env.chain
        .store()
        .get(&[Hname::new("hostile").to_bytes().as_slice(), key].concat())
        .unwrap()
        .unwrap_or_else(|| panic!("{name}.{func} stored nothing under {key:?}"))
}

fn error(rc: &Receipt) -> &str {
    rc.error
        .as_deref()
        .unwrap_or_else(|| panic!("expected a failure: {rc:?}"))
}

#[test]
fn infinite_loop() {
    let rc = attack("infinite_loop", "run", Dict::new(), 2_000_000);
    assert!(error(&rc).starts_with("out of gas"), "{rc:?}");
    assert_eq!(rc.gas_burned, 2_000_000);
}

#[test]
fn start_function_loop_is_rejected_at_deployment() {
    let mut env = ChainFixture::wasm();
    let err = env
        .deploy_wasm("hostile", &fixture("start_loop"), Dict::new())
        .unwrap();
    assert!(err.contains("start_function"), "{err}");
}

#[test]
fn memory_grow_to_and_past_the_limit() {
    let rc = attack("memory_grow", "toLimit", Dict::new(), 50_000_000);
    assert!(rc.error.is_none(), "{rc:?}");
    let pages = stored_after("memory_grow", "toLimit", b"pages");
    assert_eq!(u32::from_le_bytes(pages[..4].try_into().unwrap()), 256);
    // A grow past the limit returns -1 (never traps, never allocates) and costs no per-page gas.
    let rc = attack("memory_grow", "pastLimit", Dict::new(), 1_000_000);
    assert!(rc.error.is_none(), "{rc:?}");
    let results = Dict::decode(&stored_after("memory_grow", "pastLimit", b"past")).unwrap();
    let int = |key: &str| i32::decode(results.get(key.as_bytes()).expect(key)).unwrap();
    assert_eq!((int("a"), int("b"), int("size")), (-1, -1, 1));
    let rc = attack("memory_grow", "growOrTrap", Dict::new(), 1_000_000);
    assert_eq!(error(&rc), "wasm trap: unreachable", "{rc:?}");
}

#[test]
fn memory_fill_of_4gib_costs_its_gas_up_front() {
    for func in ["run", "copy"] {
        let rc = attack("memory_fill_4g", func, Dict::new(), 10_000_000);
        assert!(error(&rc).starts_with("out of gas"), "{func}: {rc:?}");
        assert_eq!(rc.gas_burned, 10_000_000);
    }
}

#[test]
fn recursion_direct_and_indirect_hits_the_stack_limit() {
    for (fixture_name, func) in [
        ("recursion", "run"),
        ("recursion", "heavy"),
        ("recursion_indirect", "run"),
    ] {
        let rc = attack(fixture_name, func, Dict::new(), 90_000_000);
        assert_eq!(
            error(&rc),
            "wasm stack limit exceeded",
            "{fixture_name}.{func}"
        );
    }
}

#[test]
fn mutual_recursion_through_the_host_stops_at_the_call_depth() {
    let params = dict(&[("peer", Hname::new("peer").encode())]);
    let rc = attack_with(
        "mutual_a",
        Some(("peer", "mutual_b")),
        "ping",
        params,
        90_000_000,
    );
    let e = error(&rc);
    assert!(
        e.contains("call depth limit") || e.starts_with("out of gas"),
        "{e}"
    );
}

#[test]
fn huge_values_are_bounded_and_rolled_back() {
    let rc = attack("huge_values", "run", Dict::new(), 90_000_000);
    assert!(error(&rc).starts_with("out of gas"), "{rc:?}");
    let rc = attack("huge_values", "overValueLimit", Dict::new(), 90_000_000);
    let e = error(&rc);
    assert!(
        e.contains("state value") || e.starts_with("out of gas"),
        "{e}"
    );
}

#[test]
fn out_of_bounds_pointers_to_every_host_function_trap_cleanly() {
    let funcs = [
        "params",
        "output",
        "stateGet",
        "stateGetWrap",
        "stateGetBuf",
        "stateHas",
        "statePrefix",
        "stateSet",
        "stateSetNegLen",
        "stateDelete",
        "callView",
        "call",
        "chainId",
        "chainOwner",
        "balances",
        "balance",
        "blake2b",
        "blake2bOut",
        "hname",
        "log",
        "results",
        "panic",
        "post",
        "send",
        "event",
        "caller",
        "sender",
        "requestId",
        "incoming",
        "entropy",
    ];
    for func in funcs {
        let rc = attack("bad_pointers", func, Dict::new(), 5_000_000);
        let e = error(&rc);
        assert!(
            e.contains("out of bounds")
                || e.contains("malformed")
                || e.contains("exceeds the limit"),
            "{func}: {e}"
        );
    }
    let rc = attack("bad_pointers", "inBoundsEdges", Dict::new(), 5_000_000);
    assert!(rc.error.is_none(), "{rc:?}");
}

#[test]
fn unreachable_discards_the_write() {
    let rc = attack("unreachable", "run", Dict::new(), 1_000_000);
    assert_eq!(error(&rc), "wasm trap: unreachable");
}

#[test]
fn nans_are_canonical_and_pinned() {
    let rc = attack("nan", "run", Dict::new(), 5_000_000);
    assert!(rc.error.is_none(), "{rc:?}");
    let bits = stored_after("nan", "run", b"nan");
    let d = Dict::decode(&bits).unwrap();
    for (k, v) in d.iter() {
        let key = String::from_utf8_lossy(k);
        if v.len() == 4 && key.starts_with("f32") {
            let x = u32::from_le_bytes(v.try_into().unwrap());
            if f32::from_bits(x).is_nan()
                && !key.contains("neg")
                && !key.contains("copysign")
                && !key.contains("reinterpret")
            {
                assert_eq!(x, 0x7fc0_0000, "{key}");
            }
        }
        if v.len() == 8 && key.starts_with("f64") {
            let x = u64::from_le_bytes(v.try_into().unwrap());
            if f64::from_bits(x).is_nan()
                && !key.contains("neg")
                && !key.contains("copysign")
                && !key.contains("reinterpret")
            {
                assert_eq!(x, 0x7ff8_0000_0000_0000, "{key}");
            }
        }
    }
    assert_eq!(
        isc_abi::blake2b256(&bits).to_string(),
        NAN_RESULTS_HASH,
        "{d:?}"
    );
    let rc = attack("nan", "truncNan", Dict::new(), 1_000_000);
    assert_eq!(error(&rc), "wasm trap: invalid conversion to integer");
}

/// blake2b-256 of the NaN fixture's results on the reference machine; every node must agree.
const NAN_RESULTS_HASH: &str = "9e775f76e8f8677057489a5f0cc86dccb84647c8399a94966509e67026fe2b4a";

#[test]
fn rust_panic_reaches_the_receipt() {
    let mut env = ChainFixture::wasm();
    let panicker = example_wasm("panicker");
    assert_eq!(env.deploy_wasm("panicker", &panicker, Dict::new()), None);
    let rc = env.call("alice", "panicker", "panic", Dict::new(), base(0));
    assert!(error(&rc).starts_with("panic: "), "{rc:?}");
}

#[test]
fn forbidden_features_are_rejected_at_deployment() {
    for (name, rule) in [
        ("simd", "simd"),
        ("atomics", "threads"),
        ("shared_memory", "threads"),
        ("unknown_import", "import"),
        ("import_wrong_module", "import"),
        ("import_wrong_signature", "import"),
    ] {
        let mut env = ChainFixture::wasm();
        let err = env
            .deploy_wasm("hostile", &fixture(name), Dict::new())
            .unwrap();
        assert!(err.contains(&format!("rule `{rule}`")), "{name}: {err}");
    }
}

#[test]
fn generated_modules_over_the_limits_are_rejected_at_deployment() {
    // Too many functions.
    let mut wat = String::from("(module (memory (export \"memory\") 1) (func (export \"fn:x\"))");
    for _ in 0..10_001 {
        wat.push_str("(func)");
    }
    wat.push(')');
    let mut env = ChainFixture::wasm();
    let err = env
        .deploy_wasm("many", wat.as_bytes(), Dict::new())
        .unwrap();
    assert!(err.contains("rule `functions`"), "{err}");
    // Too many locals.
    let wat = format!(
        "(module (memory (export \"memory\") 1) (func (export \"fn:x\")) (func {}))",
        "(local i64)".repeat(5_000)
    );
    let err = env
        .deploy_wasm("locals", wat.as_bytes(), Dict::new())
        .unwrap();
    assert!(err.contains("rule `locals`"), "{err}");
    // A body over the size limit (256 KiB): nops.
    let wat = format!(
        "(module (memory (export \"memory\") 1) (func (export \"fn:x\") {}))",
        "nop ".repeat(300_000)
    );
    let err = env.deploy_wasm("big", wat.as_bytes(), Dict::new()).unwrap();
    assert!(err.contains("rule `body_size`"), "{err}");
}
