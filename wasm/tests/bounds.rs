//! Resource bounds: the backlog refuses requests past its limit, params, events and event counts have
//! maximum sizes, so nothing a request does can grow the node's memory without bound.

use isc_abi::{Dict, Hname};
use isc_env::fixture::*;
use isc_env::l1::RequestSpec;
use isc_gas::Limits;
use isc_runtime::ProcessorRegistry;

fn spec(env: &ChainFixture, params: Dict) -> RequestSpec {
    RequestSpec {
        chain: env.chain.id(),
        contract: Hname::new("accounts"),
        entry_point: Hname::new("deposit"),
        params,
        transfer: base(1),
        gas_budget: 0,
        timelock: 0,
    }
}

#[test]
fn the_backlog_refuses_requests_past_its_limit() {
    let limits = Limits {
        max_backlog: 3,
        ..Limits::DEFAULT
    };
    let mut env = ChainFixture::bare_with(ProcessorRegistry::new(), limits);
    // root's init is the first waiting request.
    let alice = env.wallet("alice");
    for _ in 0..2 {
        env.l1()
            .send_to_chain(&alice, &spec(&env, Dict::new()), &env.chain)
            .unwrap();
    }
    let before = env.l1().balance(&alice).unwrap();
    let err = env
        .l1()
        .send_to_chain(&alice, &spec(&env, Dict::new()), &env.chain)
        .unwrap_err();
    assert!(
        err.to_string().contains("the backlog is full (3 requests)"),
        "{err}"
    );
    assert_eq!(env.chain.backlog_len().unwrap(), 3);
    assert_eq!(
        env.l1().balance(&alice).unwrap(),
        before,
        "a refused request moves no tokens"
    );
    env.run().unwrap();
    env.l1()
        .send_to_chain(&alice, &spec(&env, Dict::new()), &env.chain)
        .unwrap();
    env.run().unwrap();
}

#[test]
fn oversized_params_are_refused_before_the_backlog() {
    let limits = Limits {
        max_params_size: 1_000,
        ..Limits::DEFAULT
    };
    let env = ChainFixture::with(ProcessorRegistry::new(), limits);
    let alice = env.wallet("alice");
    let err = env
        .l1()
        .send_to_chain(
            &alice,
            &spec(&env, dict(&[("x", vec![0; 2_000])])),
            &env.chain,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("exceed the limit of 1000"),
        "{err}"
    );
    assert_eq!(env.chain.backlog_len().unwrap(), 0);
}

const EVENTS: &str = r#"
(module
  (import "isc" "event" (func $event (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "fn:big") (call $event (i32.const 0) (i32.const 5000)))
  (func (export "fn:many") (local $i i32)
    (loop $l
      (call $event (i32.const 0) (i32.const 8))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 300)))))
)
"#;

#[test]
fn events_have_a_maximum_size_and_count() {
    let mut env = ChainFixture::wasm();
    assert_eq!(env.deploy_wasm("ev", EVENTS.as_bytes(), Dict::new()), None);
    let rc = env.call("alice", "ev", "big", Dict::new(), base(0));
    assert_eq!(
        rc.error.as_deref(),
        Some("event of 5000 exceeds the limit of 4096")
    );
    let rc = env.call("alice", "ev", "many", Dict::new(), base(0));
    assert_eq!(
        rc.error.as_deref(),
        Some("events of 257 exceeds the limit of 256")
    );
    let n = env.view(
        "eventlog",
        "getNumRecords",
        dict(&[("contractHname", isc_abi::Codec::encode(&Hname::new("ev")))]),
    );
    // Only the two `[req]` lines: the failed requests' events were dropped.
    assert_eq!(n.get(b"numRecords"), Some(2u32.to_le_bytes().as_slice()));
}
