//! The engine's bounds on inline WAT: gas for sized instructions, the deterministic stack limit, the
//! memory cap, host pointer checks, NaN canonicalisation.

use isc_abi::{Codec, Dict};
use isc_env::fixture::*;

const BOUNDS: &str = r#"
(module
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (import "isc" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "isc" "results" (func $results (param i32 i32)))
  (import "isc" "state_prefix" (func $prefix (param i32 i32 i32 i32) (result i32)))
  (import "isc" "output" (func $output (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table 2 funcref)
  (elem (i32.const 0) $rec_indirect $recurse)
  (type $t (func))
  ;; results dict {"r": 8 bytes} at 64
  (data (i32.const 64) "\01\00\00\00\01\00r\08\00\00\00")
  ;; for fn:outputs: key "o", value "xyz" (a zero after it, so 4-byte loads compare it), absent key "q"
  (data (i32.const 200) "oxyz\00q")
  (func (export "fn:fill4g")
    (memory.fill (i32.const 0) (i32.const 0) (i32.const -1)))
  (func $recurse (export "fn:recurse") (call $recurse))
  (func $rec_indirect (export "fn:recurseIndirect") (call_indirect (type $t) (i32.const 0)))
  (func (export "fn:grow")
    ;; grow to the cap of 256 pages: returns the old size, 1
    (i64.store (i32.const 75)
      (i64.extend_i32_s (memory.grow (i32.const 255))))
    (call $results (i32.const 64) (i32.const 19)))
  (func (export "fn:growPast")
    ;; at the cap, one page more returns -1
    (drop (memory.grow (i32.const 255)))
    (i64.store (i32.const 75) (i64.extend_i32_s (memory.grow (i32.const 1))))
    (call $results (i32.const 64) (i32.const 19)))
  (func (export "fn:growHuge")
    ;; a request past the cap returns -1 and costs no per-page gas; traps if it returns anything else
    (if (i32.ne (memory.grow (i32.const 1000000)) (i32.const -1)) (then unreachable)))
  (func (export "fn:badPointer")
    (call $set (i32.const 65000) (i32.const 1000) (i32.const 0) (i32.const 1)))
  (func (export "fn:badLength")
    (drop (call $get (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 8))))
  (func (export "fn:setEmpty")
    (call $set (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "fn:listAll")
    ;; every key of the contract, as a dict; traps if the host cannot list them
    (drop (call $prefix (i32.const 0) (i32.const 0) (i32.const 1024) (i32.const 4096))))
  (func (export "fn:pastLength")
    ;; a key just past the current length (the mapping behind it is there: the host must not see it)
    (call $set (i32.const 65536) (i32.const 1) (i32.const 0) (i32.const 1)))
  (func (export "fn:growThenRead")
    ;; after growing, the host reads and writes the new page: key "g" at 65536, value read back at
    ;; 70000 and compared
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 65536) (i32.const 103))
    (i32.store8 (i32.const 65537) (i32.const 42))
    (call $set (i32.const 65536) (i32.const 1) (i32.const 65537) (i32.const 1))
    (if (i32.ne (call $get (i32.const 65536) (i32.const 1) (i32.const 70000) (i32.const 1)) (i32.const 1))
      (then unreachable))
    (if (i32.ne (i32.load8_u (i32.const 70000)) (i32.const 42)) (then unreachable))
    ;; the end of the grown memory is the new bound
    (drop (call $get (i32.const 65536) (i32.const 1) (i32.const 131072) (i32.const 1))))
  (func (export "fn:outputs")
    ;; "o" = "xyz": a read with room for 1 byte returns 3 and copies "x"; `output` fetches all of it,
    ;; also after a read of an absent key ("q"), which returns -1 and keeps the last output
    (call $set (i32.const 200) (i32.const 1) (i32.const 201) (i32.const 3))
    (if (i32.ne (call $get (i32.const 200) (i32.const 1) (i32.const 300) (i32.const 1)) (i32.const 3))
      (then unreachable))
    (if (i32.ne (i32.load8_u (i32.const 300)) (i32.const 120)) (then unreachable))
    (if (i32.ne (i32.load8_u (i32.const 301)) (i32.const 0)) (then unreachable))
    (if (i32.ne (call $output (i32.const 400) (i32.const 8)) (i32.const 3)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 400)) (i32.load (i32.const 201))) (then unreachable))
    (if (i32.ne (call $get (i32.const 205) (i32.const 1) (i32.const 300) (i32.const 8)) (i32.const -1))
      (then unreachable))
    (if (i32.ne (call $output (i32.const 500) (i32.const 8)) (i32.const 3)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 500)) (i32.load (i32.const 201))) (then unreachable)))
  (func (export "fn:unreachable") unreachable)
  (func (export "fn:noop"))
  (func (export "fn:divZero") (drop (i32.div_u (i32.const 1) (i32.const 0))))
  (func (export "fn:nan")
    ;; 0/0 in f64 and f32 and sqrt(-1): store the bits, return them
    (f64.store (i32.const 75) (f64.div (f64.const 0) (f64.const 0)))
    (call $set (i32.const 75) (i32.const 8) (i32.const 75) (i32.const 8))
    (call $results (i32.const 64) (i32.const 19)))
)
"#;

fn deploy() -> ChainFixture {
    let mut env = ChainFixture::wasm();
    assert_eq!(env.deploy_wasm("b", BOUNDS.as_bytes(), Dict::new()), None);
    env
}

fn err(env: &mut ChainFixture, func: &str, gas: u64) -> (String, u64) {
    let req = env.post("alice", "b", func, Dict::new(), base(0), gas);
    let res = env.run().unwrap();
    let rc = res
        .receipts
        .into_iter()
        .find(|r| r.request_id == req.id)
        .unwrap();
    (rc.error.unwrap_or_default(), rc.gas_burned)
}

#[test]
fn a_4gib_fill_fails_before_it_runs() {
    let mut env = deploy();
    let (e, burned) = err(&mut env, "fill4g", 5_000_000);
    assert!(e.starts_with("out of gas"), "{e}");
    assert_eq!(burned, 5_000_000);
}

#[test]
fn recursion_hits_the_deterministic_stack_limit() {
    let mut env = deploy();
    let (e1, g1) = err(&mut env, "recurse", 50_000_000);
    assert_eq!(e1, "wasm stack limit exceeded");
    let (e2, g2) = err(&mut env, "recurse", 50_000_000);
    assert_eq!((e1, g1), (e2, g2), "same depth, same gas");
    let (e3, _) = err(&mut env, "recurseIndirect", 50_000_000);
    assert_eq!(e3, "wasm stack limit exceeded");
}

#[test]
fn memory_growth_stops_at_the_cap() {
    let mut env = deploy();
    let gas = |env: &mut ChainFixture, func: &str| {
        let (e, burned) = err(env, func, 10_000_000);
        assert_eq!(e, "", "{func}");
        burned
    };
    let per_page = isc_gas::WasmCosts::DEFAULT.memory_grow_per_page;
    let nothing = gas(&mut env, "noop");
    let to_cap = gas(&mut env, "grow");
    assert!(to_cap >= nothing + 255 * per_page, "255 pages are charged");
    // At the cap, one page more returns -1: it adds nothing, so it is not charged per page.
    let past = gas(&mut env, "growPast");
    assert!(
        past > to_cap && past < to_cap + per_page,
        "{past} vs {to_cap}"
    );
    let huge = gas(&mut env, "growHuge");
    assert!(huge < nothing + per_page, "{huge} vs {nothing}");
}

#[test]
fn traps_have_deterministic_messages() {
    let mut env = deploy();
    assert_eq!(
        err(&mut env, "unreachable", 1_000_000).0,
        "wasm trap: unreachable"
    );
    assert_eq!(
        err(&mut env, "divZero", 1_000_000).0,
        "wasm trap: integer division by zero"
    );
    let (e, _) = err(&mut env, "badPointer", 1_000_000);
    assert_eq!(
        e,
        "wasm trap: host: memory range 65000+1000 is out of bounds"
    );
    let (e, _) = err(&mut env, "badLength", 1_000_000);
    assert!(e.contains("out of bounds"), "{e}");
}

#[test]
fn host_access_follows_the_current_memory_length() {
    let mut env = deploy();
    let (e, _) = err(&mut env, "pastLength", 1_000_000);
    assert_eq!(e, "wasm trap: host: memory range 65536+1 is out of bounds");
    // Grown by a page: the host reads and writes it, and the new end is the bound.
    let (e, _) = err(&mut env, "growThenRead", 1_000_000);
    assert_eq!(e, "wasm trap: host: memory range 131072+1 is out of bounds");
    // The failed request left nothing; each call starts from one page again.
    let (e, _) = err(&mut env, "pastLength", 1_000_000);
    assert_eq!(e, "wasm trap: host: memory range 65536+1 is out of bounds");
}

#[test]
fn output_fetches_the_last_variable_length_output() {
    let mut env = deploy();
    let rc = env.call("alice", "b", "outputs", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
}

#[test]
fn an_empty_state_key_is_refused_so_the_partition_stays_listable() {
    let mut env = deploy();
    let (e, _) = err(&mut env, "setEmpty", 1_000_000);
    assert_eq!(e, "state key must not be empty");
    let rc = env.call("alice", "b", "nan", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    let (e, burned) = err(&mut env, "listAll", 1_000_000);
    assert_eq!(e, "", "listing the partition after the refused write");
    assert!(burned > 0);
}

#[test]
fn nans_are_canonical() {
    let mut env = deploy();
    let rc = env.call("alice", "b", "nan", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    let _ = u64::decode(&[0; 8]);
}

/// Segments that do not fit fail the instantiation of every call, cleanly: a deterministic trap in the
/// receipt, block after block.
#[test]
fn segments_past_the_end_trap_at_instantiation() {
    let mut env = ChainFixture::wasm();
    let data = r#"(module (memory (export "memory") 1)
        (data (i32.const 0) "ok") (data (i32.const 65535) "too long")
        (func (export "fn:run")))"#;
    let elem = r#"(module (memory (export "memory") 1) (table 1 funcref)
        (elem (i32.const 5) func 0)
        (func (export "fn:run")))"#;
    assert_eq!(env.deploy_wasm("data", data.as_bytes(), Dict::new()), None);
    assert_eq!(env.deploy_wasm("elem", elem.as_bytes(), Dict::new()), None);
    for _ in 0..2 {
        let d = env.post("alice", "data", "run", Dict::new(), base(0), 1_000_000);
        let e = env.post("alice", "elem", "run", Dict::new(), base(0), 1_000_000);
        let res = env.run().unwrap();
        let error = |id| {
            res.receipts
                .iter()
                .find(|r| r.request_id == id)
                .and_then(|r| r.error.clone())
        };
        assert_eq!(
            error(d.id).as_deref(),
            Some("wasm trap: out of bounds memory access")
        );
        assert_eq!(
            error(e.id).as_deref(),
            Some("wasm trap: out of bounds table access")
        );
    }
}
