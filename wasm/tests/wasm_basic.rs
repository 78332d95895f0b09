//! The Wasm processor end to end on small inline WAT contracts.

use isc_abi::{Codec, Dict};
use isc_env::fixture::*;

const COUNTER: &str = r#"
(module
  (import "isc" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (import "isc" "results" (func $results (param i32 i32)))
  (import "isc" "event" (func $event (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "n")
  ;; results dict {"n": u64} encoded at 64: count=1, keylen=1, "n", vlen=8, value
  (data (i32.const 64) "\01\00\00\00\01\00n\08\00\00\00")
  (data (i32.const 200) "incremented")
  (func (export "fn:increment")
    (if (i32.lt_s (call $get (i32.const 0) (i32.const 1) (i32.const 16) (i32.const 8)) (i32.const 0))
      (then (i64.store (i32.const 16) (i64.const 0))))
    (i64.store (i32.const 16) (i64.add (i64.load (i32.const 16)) (i64.const 1)))
    (call $set (i32.const 0) (i32.const 1) (i32.const 16) (i32.const 8))
    (call $event (i32.const 200) (i32.const 11)))
  (func (export "view:get")
    (drop (call $get (i32.const 0) (i32.const 1) (i32.const 75) (i32.const 8)))
    (call $results (i32.const 64) (i32.const 19)))
  (func (export "fn:loop") (loop $l (br $l)))
)
"#;

fn counter(env: &ChainFixture) -> u64 {
    let d = env.view("counter", "get", Dict::new());
    u64::decode(d.get(b"n").unwrap()).unwrap()
}

#[test]
fn a_wat_contract_deploys_runs_and_keeps_state() {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("counter", COUNTER.as_bytes(), Dict::new()),
        None
    );
    for _ in 0..3 {
        let rc = env.call("alice", "counter", "increment", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{rc:?}");
    }
    assert_eq!(counter(&env), 3);
}

#[test]
fn an_infinite_loop_runs_out_of_gas_between_honest_requests() {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("counter", COUNTER.as_bytes(), Dict::new()),
        None
    );
    env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let bad = env.post("alice", "counter", "loop", Dict::new(), base(0), 1_000_000);
    env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let res = env.run().unwrap();
    assert!(res.receipts[0].error.is_none());
    let rc = &res.receipts[1];
    assert_eq!(rc.request_id, bad.id);
    assert!(
        rc.error.as_deref().unwrap().starts_with("out of gas"),
        "{rc:?}"
    );
    assert_eq!(rc.gas_burned, 1_000_000);
    assert!(res.receipts[2].error.is_none());
    assert_eq!(counter(&env), 2);
}

/// Views of a module that also has funcs: every func-only import it calls from a view traps with a
/// message naming the import, whether the view is called from outside or by a func, and nothing is
/// written.
const VIEW_WRITES: &str = r#"
(module
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (import "isc" "event" (func $event (param i32 i32)))
  (import "isc" "call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "isc" "call_view" (func $call_view (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "isc" "contract" (func $me (result i32)))
  (import "isc" "hname" (func $hname (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; an empty dict at 0 (params and transfer); names at 100
  (data (i32.const 0) "\00\00\00\00")
  (data (i32.const 100) "set")
  (data (i32.const 110) "write")
  (func (export "fn:write") (call $set (i32.const 100) (i32.const 3) (i32.const 100) (i32.const 3)))
  (func (export "view:set") (call $set (i32.const 100) (i32.const 3) (i32.const 100) (i32.const 3)))
  (func (export "view:event") (call $event (i32.const 100) (i32.const 3)))
  (func (export "view:call")
    ;; calls this contract's fn:write
    (drop (call $call (call $me) (call $hname (i32.const 110) (i32.const 5))
      (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 0))))
  (func (export "fn:viaView")
    ;; a func calling this contract's view:set
    (drop (call $call_view (call $me) (call $hname (i32.const 100) (i32.const 3))
      (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 0))))
)
"#;

#[test]
fn a_view_cannot_write_emit_or_call_a_func() {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("v", VIEW_WRITES.as_bytes(), Dict::new()),
        None
    );
    for (view, import) in [("set", "state_set"), ("event", "event"), ("call", "call")] {
        let err = env
            .try_view("v", view, Dict::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(&format!(
                "wasm trap: host: isc.{import} is not available in a view"
            )),
            "{view}: {err}"
        );
    }
    let rc = env.call("alice", "v", "viaView", Dict::new(), base(0));
    assert_eq!(
        rc.error.as_deref(),
        Some("wasm trap: host: isc.state_set is not available in a view")
    );
    let key = [isc_abi::Hname::new("v").to_bytes().as_slice(), b"set"].concat();
    assert_eq!(env.chain.store().get(&key).unwrap(), None);
    // The same import works in the func.
    let rc = env.call("alice", "v", "write", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.chain.store().get(&key).unwrap(), Some(b"set".to_vec()));
}
