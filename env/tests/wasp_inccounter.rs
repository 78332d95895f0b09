//! The Solo tests of Wasp's inccounter (`contracts/rust/inccounter/test/inccounter_test.go` at v0.1.0
//! and v0.2.0), ported to iscvm: the unmodified binaries of both tags, deployed as `inccounter` by the
//! chain owner without init params, every request sent by the chain owner (Solo's originator).
//!
//! Every Solo scenario of both tags is ported. Where iscvm's rules replace Wasp's:
//! - the requests that post to the contract itself (repeatMany, postIncrement, localStatePost) run
//!   their posted requests with the gas paid from the contract's own account, so the owner deposits
//!   [`CONTRACT_GAS`] there first (Wasp charged nothing and recycled the posts' 1-iota request token);
//!   Solo's `WaitForEmptyBacklog`/`WaitForPendingRequests(n)` is "exactly n posted requests ran, each
//!   successfully";
//! - v0.2.0's TestLoop (an endless loop cut by a 1 s wall-clock timeout, error "interrupt") is out of
//!   gas here;
//! - Solo's GoDebug variants (expecting 2 and 3 from the localState tests) do not apply: they ran the
//!   Go version of the contract, not the Wasm binary.

mod wasp_common;

use isc_abi::{Dict, Hname};
use isc_wasm::wasplib::Tag;
use wasp_common::*;

const NAME: &str = "inccounter";

/// A chain with the inccounter of `tag` deployed, and nothing else.
fn setup(tag: &str, wasm: &[u8]) -> Wasp {
    Wasp::with(tag, NAME, wasm)
}

/// View getCounter: `None` when the result has no `counter` (Solo's `checkStateCounter(nil)`).
fn counter(w: &Wasp) -> Option<i64> {
    int64(&w.view(NAME, "getCounter", Dict::new()), "counter")
}

/// The tokens the Solo test attaches to a plain request: none at v0.1.0 (`PostRequestSync` without a
/// transfer), 1 at v0.2.0 (`TransferIotas(1)`: an on-ledger request there cannot be empty).
fn plain(w: &Wasp) -> u64 {
    match w.tag {
        Tag::V01 => 0,
        Tag::V02 => 1,
    }
}

/// A request from the owner to `entry` with `n` tokens, which must succeed.
fn send_ok(w: &Wasp, entry: &str, params: Dict, n: u64) {
    ok(&w.call(&w.owner, NAME, entry, params, n));
}

/// A request that posts to the contract itself: the owner funds the contract's gas, sends `entry` with
/// `n` tokens, and expects it and exactly `posted` requests to `posted_entry` it caused to succeed.
/// The tokens cycle: the contract's account ends with the deposit and the `n` tokens less the fees of
/// the posted requests (Wasp: the 1-iota request token came back to the contract with each post).
fn send_posting(w: &Wasp, entry: &str, params: Dict, n: u64, posted_entry: &str, posted: usize) {
    w.fund_contract(NAME, CONTRACT_GAS);
    let (rc, later) = w.call_all(&w.owner, NAME, entry, params, n);
    ok(&rc);
    assert_eq!(later.len(), posted, "posted requests: {later:?}");
    for p in &later {
        ok(p);
        assert_eq!(p.contract, Hname::new(NAME), "{p:?}");
        assert_eq!(p.entry_point, Hname::new(posted_entry), "{p:?}");
    }
    let fees: u64 = later.iter().map(|p| p.fee).sum();
    assert_eq!(w.on_chain(&w.contract(NAME)), CONTRACT_GAS + n - fees);
}

fn deploy(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    assert!(w.exists(NAME));
    assert!(!w.exists("inccounter2"));
    w.audit();
}

fn state_after_deploy(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    assert_eq!(counter(&w), None);
}

fn increment_once(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "increment", Dict::new(), plain(&w));
    assert_eq!(counter(&w), Some(1));
    w.audit();
}

fn increment_twice(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "increment", Dict::new(), plain(&w));
    send_ok(&w, "increment", Dict::new(), plain(&w));
    assert_eq!(counter(&w), Some(2));
    w.audit();
}

fn increment_repeat_thrice(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    let params = dict(&[("numRepeats", 3i64.to_le_bytes().to_vec())]);
    // Wasp: 1 iota for the posts' request tokens, then WaitForEmptyBacklog / WaitForPendingRequests(3).
    send_posting(&w, "repeatMany", params, 1, "repeatMany", 3);
    assert_eq!(counter(&w), Some(4));
    w.audit();
}

fn increment_call_increment(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "callIncrement", Dict::new(), plain(&w));
    assert_eq!(counter(&w), Some(2));
}

fn increment_call_increment_recurse5x(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "callIncrementRecurse5x", Dict::new(), plain(&w));
    assert_eq!(counter(&w), Some(6));
}

fn increment_post_increment(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    // v0.1.0 posts postIncrement again (it stops at the old value 1); v0.2.0 posts increment.
    let posted = match w.tag {
        Tag::V01 => "postIncrement",
        Tag::V02 => "increment",
    };
    send_posting(&w, "postIncrement", Dict::new(), 1, posted, 1);
    assert_eq!(counter(&w), Some(2));
    w.audit();
}

fn increment_local_state_internal_call(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "localStateInternalCall", Dict::new(), plain(&w));
    assert_eq!(counter(&w), Some(2));
}

fn increment_local_state_sandbox_call(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    send_ok(&w, "localStateSandboxCall", Dict::new(), plain(&w));
    // Each nested call starts from the memory on_load left: the static flag is false there.
    assert_eq!(counter(&w), None);
}

fn increment_local_state_post(tag: &str, wasm: &[u8]) {
    let w = setup(tag, wasm);
    // Wasp v0.1.0 sent 1 iota, enough for the request token of one of the three posts (the other two
    // were dropped); iscvm has no request token and v0.1.0's posts carry no tokens, so all three run.
    // Wasp v0.2.0 sent 3 iotas, one for each post's transfer.
    let n = match w.tag {
        Tag::V01 => 1,
        Tag::V02 => 3,
    };
    send_posting(&w, "localStatePost", Dict::new(), n, "whenMustIncrement", 3);
    // Each posted request starts from the memory on_load left: the static flag is false there.
    assert_eq!(counter(&w), None);
    w.audit();
}

#[test]
fn v01_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    deploy("v0.1.0", &wasm);
}

#[test]
fn v01_state_after_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    state_after_deploy("v0.1.0", &wasm);
}

#[test]
fn v01_increment_once() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_once("v0.1.0", &wasm);
}

#[test]
fn v01_increment_twice() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_twice("v0.1.0", &wasm);
}

#[test]
fn v01_increment_repeat_thrice() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_repeat_thrice("v0.1.0", &wasm);
}

#[test]
fn v01_increment_call_increment() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_call_increment("v0.1.0", &wasm);
}

#[test]
fn v01_increment_call_increment_recurse5x() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_call_increment_recurse5x("v0.1.0", &wasm);
}

#[test]
fn v01_increment_post_increment() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_post_increment("v0.1.0", &wasm);
}

#[test]
fn v01_increment_local_state_internal_call() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_local_state_internal_call("v0.1.0", &wasm);
}

#[test]
fn v01_increment_local_state_sandbox_call() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_local_state_sandbox_call("v0.1.0", &wasm);
}

#[test]
fn v01_increment_local_state_post() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    increment_local_state_post("v0.1.0", &wasm);
}

#[test]
fn v02_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    deploy("v0.2.0", &wasm);
}

#[test]
fn v02_state_after_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    state_after_deploy("v0.2.0", &wasm);
}

#[test]
fn v02_increment_once() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_once("v0.2.0", &wasm);
}

#[test]
fn v02_increment_twice() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_twice("v0.2.0", &wasm);
}

#[test]
fn v02_increment_repeat_thrice() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_repeat_thrice("v0.2.0", &wasm);
}

#[test]
fn v02_increment_call_increment() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_call_increment("v0.2.0", &wasm);
}

#[test]
fn v02_increment_call_increment_recurse5x() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_call_increment_recurse5x("v0.2.0", &wasm);
}

#[test]
fn v02_increment_post_increment() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_post_increment("v0.2.0", &wasm);
}

#[test]
fn v02_increment_local_state_internal_call() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_local_state_internal_call("v0.2.0", &wasm);
}

#[test]
fn v02_increment_local_state_sandbox_call() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_local_state_sandbox_call("v0.2.0", &wasm);
}

#[test]
fn v02_increment_local_state_post() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    increment_local_state_post("v0.2.0", &wasm);
}

#[test]
fn v02_leb128() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    let w = setup("v0.2.0", &wasm);
    // testLeb128 writes and reads back LEB128 values, logging only a mismatch: it must not fail.
    send_ok(&w, "testLeb128", Dict::new(), 1);
    w.audit();
}

#[test]
fn v02_loop() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    let w = setup("v0.2.0", &wasm);
    let before = w.account(&w.owner);
    // Wasp: a one-time 1 s wasm timeout interrupted the endless loop ("interrupt"); here the gas does.
    let rc = w.call(&w.owner, NAME, "endlessLoop", Dict::new(), 1);
    fails(&rc, "out of gas");
    assert_eq!(rc.gas_burned, rc.gas_budget, "{rc:?}");
    // The failed request changed nothing; its token stays in the sender's account (the owner's fee
    // goes to the owner).
    assert_eq!(counter(&w), None);
    assert_eq!(w.account(&w.owner), before + 1);
    assert_eq!(w.on_chain(&w.contract(NAME)), 0);
    // The module is usable after the loop, from the memory on_load left.
    send_ok(&w, "increment", Dict::new(), 1);
    assert_eq!(counter(&w), Some(1));
    w.audit();
}
