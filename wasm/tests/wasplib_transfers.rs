//! Tokens a Pollen-era contract sends where the tags differ. Transfers to L1 addresses: v0.1.0's
//! host dropped the zero amounts of a transfer and sent what was left, so a transfer of nothing
//! succeeded and moved nothing (Wasp's fairauction v0.1.0 sends `deposit - fee`, which is 0 when
//! nobody bid); v0.2.0's refused an empty transfer (`failed to send to`). Posts: v0.2.0's host sent a
//! post as tokens to the chain, so a post whose transfer object holds only zero amounts failed like
//! one without a transfer object.

use isc_abi::{AgentId, Dict, Hname};
use isc_env::fixture::*;

/// A v0.1.0 module whose funcs send the base tokens of one new map to the address 01 ‖ 11..11:
/// `sendZero` an amount of 0, `sendOne` 1, `sendZeroTwice` 0 and then (the same map: v0.1.0 made
/// one new map per call) 1.
const V01_SEND: &str = r#"
(module
  (import "wasplib" "hostGetKeyId" (func $key (param i32 i32) (result i32)))
  (import "wasplib" "hostGetObjectId" (func $obj (param i32 i32 i32) (result i32)))
  (import "wasplib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasplib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  ;; 0: the version string; 64: the base colour (32 zero bytes); 128: the address (33 bytes);
  ;; 192: amount 0; 200: amount 1; 208: scratch for the map id.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  (data (i32.const 128) "\01\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11")
  (data (i32.const 200) "\01")
  (data (i32.const 1024) "sendZero")
  (data (i32.const 1032) "sendOne")
  (data (i32.const 1039) "sendZeroTwice")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -18) (i32.const 0x2c)))
    (call $set (local.get $exp) (i32.const -41) (i32.const 12) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0) (i32.const 12) (i32.const 1024) (i32.const 8))
    (call $set (local.get $exp) (i32.const 1) (i32.const 12) (i32.const 1032) (i32.const 7))
    (call $set (local.get $exp) (i32.const 2) (i32.const 12) (i32.const 1039) (i32.const 13)))

  ;; Sends the base tokens at `amount` (an i64) to the address, through map 0 of `maps` and
  ;; transfer 0 of `transfers`.
  (func $send (param $amount i32)
    (local $map i32) (local $info i32)
    (local.set $map
      (call $obj (call $obj (i32.const 1) (i32.const -25) (i32.const 0x2a)) (i32.const 0) (i32.const 10)))
    (call $set (local.get $map) (call $key (i32.const 64) (i32.const -33)) (i32.const 9)
      (local.get $amount) (i32.const 8))
    (local.set $info
      (call $obj (call $obj (i32.const 1) (i32.const -38) (i32.const 0x2a)) (i32.const 0) (i32.const 10)))
    (call $set (local.get $info) (i32.const -1) (i32.const 1) (i32.const 128) (i32.const 33))
    (i64.store (i32.const 208) (i64.extend_i32_s (local.get $map)))
    (call $set (local.get $info) (i32.const -2) (i32.const 9) (i32.const 208) (i32.const 8)))

  (func (export "on_call_entrypoint") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 0)) (then (call $send (i32.const 192))))
    (if (i32.eq (local.get $i) (i32.const 1)) (then (call $send (i32.const 200))))
    (if (i32.eq (local.get $i) (i32.const 2))
      (then (call $send (i32.const 192)) (call $send (i32.const 200))))))
"#;

#[test]
fn v01_a_transfer_of_nothing_succeeds_and_moves_nothing() {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("sender", V01_SEND.as_bytes(), Dict::new()),
        None
    );
    let contract = AgentId::contract(env.chain.id(), Hname::new("sender"));
    let rc = env.call("alice", "sender", "sendOne", Dict::new(), base(5));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(&contract), base(4));

    let rc = env.call(
        "alice",
        "sender",
        "sendZero",
        Dict::new(),
        Default::default(),
    );
    assert!(rc.error.is_none(), "a transfer of 0 succeeds: {rc:?}");
    assert_eq!(env.balance(&contract), base(4));

    // The second transfer of the call reuses the first one's map (amount now 1) and sends it.
    let rc = env.call(
        "alice",
        "sender",
        "sendZeroTwice",
        Dict::new(),
        Default::default(),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(&contract), base(3));
    env.check_invariant();
}

/// A v0.2.0 module whose funcs post to its own `ok` with a transfer object of one amount of base
/// tokens: `postZero` 0, `postNone` no transfer object at all. The function hname at 552 is patched in.
const V02_POST: &str = r#"
(module
  (import "WasmLib" "hostGetKeyID" (func $key (param i32 i32) (result i32)))
  (import "WasmLib" "hostGetObjectID" (func $obj (param i32 i32 i32) (result i32)))
  (import "WasmLib" "hostGetBytes" (func $get (param i32 i32 i32 i32 i32) (result i32)))
  (import "WasmLib" "hostSetBytes" (func $set (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  ;; 0: the version string; 64: the base colour (32 zero bytes); 192: amount 0.
  (data (i32.const 0) "Rust:KEY_ZZZZZZZ")
  ;; 512: post: chain id (513, read from root), contract (547, read from root), function `ok`
  ;; (552), params 0, transfer (557, the map's id), delay 0 (47 bytes).
  (data (i32.const 512) "!")
  (data (i32.const 546) "\04")
  (data (i32.const 551) "\04HNAME\00\00\00")
  (data (i32.const 1024) "ok")
  (data (i32.const 1026) "postZero")
  (data (i32.const 1034) "postNone")

  (func (export "on_load")
    (local $exp i32)
    (local.set $exp (call $obj (i32.const 1) (i32.const -20) (i32.const 0x2d)))
    (call $set (local.get $exp) (i32.const -43) (i32.const 13) (i32.const 0) (i32.const 16))
    (call $set (local.get $exp) (i32.const 0) (i32.const 13) (i32.const 1024) (i32.const 2))
    (call $set (local.get $exp) (i32.const 1) (i32.const 13) (i32.const 1026) (i32.const 8))
    (call $set (local.get $exp) (i32.const 2) (i32.const 13) (i32.const 1034) (i32.const 8)))

  ;; Posts to own `ok` with transfer object `transfer` (0: none).
  (func $post (param $transfer i32)
    (drop (call $get (i32.const 1) (i32.const -11) (i32.const 4) (i32.const 513) (i32.const 33)))
    (drop (call $get (i32.const 1) (i32.const -14) (i32.const 7) (i32.const 547) (i32.const 4)))
    (i32.store8 (i32.const 557) (local.get $transfer))
    (call $set (i32.const 1) (i32.const -32) (i32.const 3) (i32.const 512) (i32.const 47)))

  ;; A new map holding 0 base tokens: its id.
  (func $zero (result i32)
    (local $map i32)
    (local.set $map
      (call $obj (call $obj (i32.const 1) (i32.const -27) (i32.const 0x2b)) (i32.const 0) (i32.const 11)))
    (call $set (local.get $map) (call $key (i32.const 64) (i32.const -33)) (i32.const 10)
      (i32.const 192) (i32.const 8))
    (local.get $map))

  (func (export "on_call") (param $i i32)
    (if (i32.eq (local.get $i) (i32.const 1)) (then (call $post (call $zero))))
    (if (i32.eq (local.get $i) (i32.const 2)) (then (call $post (i32.const 0))))))
"#;

#[test]
fn v02_a_post_must_carry_tokens() {
    let hname = Hname::new("ok").0.to_le_bytes();
    let escaped: String = hname.iter().map(|b| format!("\\{b:02x}")).collect();
    let wat = V02_POST.replace("HNAME", &escaped);
    let mut env = ChainFixture::wasm();
    assert_eq!(env.deploy_wasm("poster", wat.as_bytes(), Dict::new()), None);
    let rc = env.call("alice", "poster", "ok", Dict::new(), Default::default());
    assert!(rc.error.is_none(), "{rc:?}");
    let rc = env.call("alice", "poster", "postZero", Dict::new(), base(5));
    let error = rc.error.unwrap_or_default();
    assert!(
        error.contains("root.failed to send to") && error.contains("the transfer is empty"),
        "{error}"
    );
    let rc = env.call("alice", "poster", "postNone", Dict::new(), base(5));
    let error = rc.error.unwrap_or_default();
    assert!(
        error.contains("root.transfer is required for post"),
        "{error}"
    );
    // Nothing was posted.
    assert!(env.run().is_none_or(|b| b.receipts.is_empty()));
    env.check_invariant();
}
