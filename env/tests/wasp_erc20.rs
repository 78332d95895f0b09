//! The Solo tests of Wasp's erc20 (`contracts/rust/erc20/test/{init_test,fun_test}.go` at v0.1.0,
//! `{init_test,erc20_test}.go` at v0.2.0), ported to iscvm with the unmodified binaries of both tags.
//! (The registry check of all four fixtures on one chain is in `wasp_fairroulette.rs`.)
//!
//! v0.1.0's erc20 init logs its creator with `ScAgentId::to_string` (set utility `base58Bytes`, read
//! `base58String`): these tests caught the host decoding there instead of encoding.
//!
//! Every Solo scenario of both tags is ported. The token amounts inside the contract are Wasp's
//! exactly: the supply is Solo's `Saldo` of the tag (1337 at v0.1.0, 1,000,000 at v0.2.0) although
//! iscvm's faucet gives 1,000,000,000, and the init tests deploy a supply of 1,000,000 at both tags.
//! Registry counts are relative to iscvm's core contracts (`CORE_CONTRACTS`; Wasp had 4 at v0.1.0 and
//! 6 at v0.2.0, so Solo checked 4/5 and 6/7 records). Requests carry no tokens at v0.1.0 and 1 at
//! v0.2.0, as in Solo; no Solo erc20 test checks base-token balances. Failures are checked by the
//! contract's `require` message, which Solo only checked to be an error.

mod wasp_common;

use isc_abi::{Address, Dict};
use isc_native_contracts::blocklog::Receipt;
use isc_native_contracts::CORE_CONTRACTS;
use isc_wasm::wasplib::Tag;
use wasp_common::*;

const NAME: &str = "erc20";

/// Solo's `Saldo` of the tag: the supply the fun tests deploy.
fn saldo(tag: &str) -> i64 {
    match tag_of(tag) {
        Tag::V01 => 1337,
        Tag::V02 => 1_000_000,
    }
}

/// The supply the init tests deploy (1000000 at v0.1.0; `Saldo` = 1,000,000 at v0.2.0).
const INIT_SUPPLY: i64 = 1_000_000;

fn int(n: i64) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

/// Init params: `s` supply and `c` creator, each when given.
fn init(w: &Wasp, supply: Option<i64>, creator: Option<&Address>) -> Dict {
    let mut d = Dict::new();
    if let Some(s) = supply {
        d.set("s", int(s)).unwrap();
    }
    if let Some(c) = creator {
        d.set("c", w.agent(c)).unwrap();
    }
    d
}

/// Solo's setup: a chain and a creator wallet that is not the chain owner.
fn chain(tag: &str) -> (Wasp, Address) {
    let w = Wasp::new(tag);
    assert_eq!(w.records(), CORE_CONTRACTS.len());
    let creator = w.user("creator");
    (w, creator)
}

/// An erc20 of supply `Saldo` owned by `creator`, deployed by the chain owner, with the checks of
/// Solo's `deployErc20` / `setupErc20`.
struct Erc20 {
    w: Wasp,
    creator: Address,
    saldo: i64,
}

impl Erc20 {
    fn new(tag: &str, wasm: &[u8]) -> Erc20 {
        let (w, creator) = chain(tag);
        let saldo = saldo(tag);
        w.deploy(NAME, wasm, init(&w, Some(saldo), Some(&creator)));
        assert_eq!(w.records(), CORE_CONTRACTS.len() + 1);
        let supply = w.view(NAME, "totalSupply", Dict::new());
        assert_eq!(must_int64(&supply, "s"), saldo);
        let e = Erc20 { w, creator, saldo };
        assert_eq!(e.balance(&e.creator), saldo);
        e
    }

    /// View balanceOf: `am`, which must be there.
    fn balance(&self, who: &Address) -> i64 {
        let params = dict(&[("ac", self.w.agent(who))]);
        must_int64(&self.w.view(NAME, "balanceOf", params), "am")
    }

    /// View allowance of `delegate` over `owner`'s tokens: `am`, which must be there.
    fn allowance(&self, owner: &Address, delegate: &Address) -> i64 {
        let params = dict(&[("ac", self.w.agent(owner)), ("d", self.w.agent(delegate))]);
        must_int64(&self.w.view(NAME, "allowance", params), "am")
    }

    /// A request signed by `from`, with the tokens Solo attached (none at v0.1.0, 1 at v0.2.0).
    fn send(&self, from: &Address, entry: &str, params: Dict) -> Receipt {
        let n = match self.w.tag {
            Tag::V01 => 0,
            Tag::V02 => 1,
        };
        self.w.call(from, NAME, entry, params, n)
    }

    fn transfer(&self, from: &Address, to: &Address, n: i64) -> Receipt {
        self.send(
            from,
            "transfer",
            dict(&[("ac", self.w.agent(to)), ("am", int(n))]),
        )
    }

    fn approve(&self, from: &Address, to: &Address, n: i64) -> Receipt {
        self.send(
            from,
            "approve",
            dict(&[("d", self.w.agent(to)), ("am", int(n))]),
        )
    }

    /// transferFrom(ac = from, r = to, am = n), signed by `from` as in both tags' tests.
    fn transfer_from(&self, from: &Address, to: &Address, n: i64) -> Receipt {
        let params = dict(&[
            ("ac", self.w.agent(from)),
            ("r", self.w.agent(to)),
            ("am", int(n)),
        ]);
        self.send(from, "transferFrom", params)
    }

    fn balances(&self, user: &Address) -> (i64, i64) {
        (self.balance(&self.creator), self.balance(user))
    }
}

fn initial(tag: &str, wasm: &[u8]) {
    Erc20::new(tag, wasm).w.audit();
}

fn transfer_ok1(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    ok(&e.transfer(&e.creator, &user, 42));
    // v0.1.0: 1295 and 42; v0.2.0: 999958 and 42.
    assert_eq!(e.balances(&user), (e.saldo - 42, 42));
    e.w.audit();
}

fn transfer_ok2(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    ok(&e.transfer(&e.creator, &user, 42));
    assert_eq!(e.balances(&user), (e.saldo - 42, 42));
    ok(&e.transfer(&user, &e.creator, 42));
    assert_eq!(e.balances(&user), (e.saldo, 0));
    e.w.audit();
}

fn transfer_not_enough_funds1(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    assert_eq!(e.balances(&user), (e.saldo, 0));
    fails(
        &e.transfer(&e.creator, &user, e.saldo + 1),
        "erc20.transfer.fail: not enough funds",
    );
    assert_eq!(e.balances(&user), (e.saldo, 0));
    e.w.audit();
}

fn transfer_not_enough_funds2(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    assert_eq!(e.balances(&user), (e.saldo, 0));
    // v0.1.0 asks for 1338, v0.2.0 for 1, of a user who has none.
    let n = match e.w.tag {
        Tag::V01 => e.saldo + 1,
        Tag::V02 => 1,
    };
    fails(
        &e.transfer(&user, &e.creator, n),
        "erc20.transfer.fail: not enough funds",
    );
    assert_eq!(e.balances(&user), (e.saldo, 0));
    e.w.audit();
}

fn no_allowance(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    assert_eq!(e.allowance(&e.creator, &user), 0);
}

fn approve(tag: &str, wasm: &[u8]) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    ok(&e.approve(&e.creator, &user, 100));
    assert_eq!(e.allowance(&e.creator, &user), 100);
    assert_eq!(e.balances(&user), (e.saldo, 0));
    e.w.audit();
}

/// Solo's transferFrom scenarios: approve 100 for a user, then transferFrom `n` of the creator's
/// tokens to the user, which succeeds, or fails with `error` and moves nothing.
fn transfer_from(tag: &str, wasm: &[u8], n: i64, error: Option<&str>) {
    let e = Erc20::new(tag, wasm);
    let user = e.w.user("user");
    ok(&e.approve(&e.creator, &user, 100));
    assert_eq!(e.allowance(&e.creator, &user), 100);
    assert_eq!(e.balances(&user), (e.saldo, 0));
    let rc = e.transfer_from(&e.creator, &user, n);
    let moved = match error {
        None => {
            ok(&rc);
            n
        }
        Some(error) => {
            fails(&rc, error);
            0
        }
    };
    assert_eq!(e.allowance(&e.creator, &user), 100 - moved);
    assert_eq!(e.balances(&user), (e.saldo - moved, moved));
    e.w.audit();
}

fn transfer_from_ok1(tag: &str, wasm: &[u8]) {
    // Allowance 50 left; v0.1.0: 1287 and 50; v0.2.0: 999950 and 50.
    transfer_from(tag, wasm, 50, None);
}

fn transfer_from_ok2(tag: &str, wasm: &[u8]) {
    // Allowance 0 left; v0.1.0: 1237 and 100; v0.2.0: 999900 and 100.
    transfer_from(tag, wasm, 100, None);
}

fn transfer_from_fail(tag: &str, wasm: &[u8]) {
    // Allowance 100 left, balances as they were.
    transfer_from(
        tag,
        wasm,
        101,
        Some("erc20.transfer_from.fail: not enough allowance"),
    );
}

fn deploy_erc20(tag: &str, wasm: &[u8]) {
    let (w, creator) = chain(tag);
    w.deploy(NAME, wasm, init(&w, Some(INIT_SUPPLY), Some(&creator)));
    assert_eq!(w.records(), CORE_CONTRACTS.len() + 1);
    assert!(w.exists(NAME));
    // The same name again: refused, nothing registered.
    let again = w.try_deploy(NAME, wasm, init(&w, Some(INIT_SUPPLY), Some(&creator)));
    assert!(
        again.as_ref().is_err_and(|e| e.contains("taken")),
        "{again:?}"
    );
    assert_eq!(w.records(), CORE_CONTRACTS.len() + 1);
    w.audit();
}

/// Solo's setup, then a deployment with the init params `params` makes (given the chain and the
/// creator) whose init fails with `error`: nothing is registered. Returns the chain and the creator.
fn deploy_fails(
    tag: &str,
    wasm: &[u8],
    params: impl FnOnce(&Wasp, &Address) -> Dict,
    error: &str,
) -> (Wasp, Address) {
    let (w, creator) = chain(tag);
    let result = w.try_deploy(NAME, wasm, params(&w, &creator));
    assert!(
        result.as_ref().is_err_and(|e| e.contains(error)),
        "expected `{error}`: {result:?}"
    );
    assert_eq!(w.records(), CORE_CONTRACTS.len());
    assert!(!w.exists(NAME));
    (w, creator)
}

fn deploy_erc20_fail1(tag: &str, wasm: &[u8]) {
    let (w, _) = deploy_fails(tag, wasm, |_, _| Dict::new(), "missing mandatory creator");
    w.audit();
}

fn deploy_erc20_fail2(tag: &str, wasm: &[u8]) {
    let supply = |w: &Wasp, _: &Address| init(w, Some(INIT_SUPPLY), None);
    let (w, _) = deploy_fails(tag, wasm, supply, "missing mandatory creator");
    w.audit();
}

fn deploy_erc20_fail3(tag: &str, wasm: &[u8]) {
    let creator = |w: &Wasp, c: &Address| init(w, None, Some(c));
    let (w, _) = deploy_fails(tag, wasm, creator, "missing mandatory supply");
    w.audit();
}

fn deploy_erc20_fail3_repeat(tag: &str, wasm: &[u8]) {
    let creator_only = |w: &Wasp, c: &Address| init(w, None, Some(c));
    let (w, creator) = deploy_fails(tag, wasm, creator_only, "missing mandatory supply");
    // Repeat after the failure, with both params.
    w.deploy(NAME, wasm, init(&w, Some(INIT_SUPPLY), Some(&creator)));
    assert_eq!(w.records(), CORE_CONTRACTS.len() + 1);
    assert!(w.exists(NAME));
    w.audit();
}

#[test]
fn v01_initial() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    initial("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_ok1() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_ok1("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_ok2() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_ok2("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_not_enough_funds1() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_not_enough_funds1("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_not_enough_funds2() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_not_enough_funds2("v0.1.0", &wasm);
}

#[test]
fn v01_no_allowance() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    no_allowance("v0.1.0", &wasm);
}

#[test]
fn v01_approve() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    approve("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_from_ok1() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_from_ok1("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_from_ok2() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_from_ok2("v0.1.0", &wasm);
}

#[test]
fn v01_transfer_from_fail() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    transfer_from_fail("v0.1.0", &wasm);
}

#[test]
fn v01_deploy_erc20() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    deploy_erc20("v0.1.0", &wasm);
}

#[test]
fn v01_deploy_erc20_fail1() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    deploy_erc20_fail1("v0.1.0", &wasm);
}

#[test]
fn v01_deploy_erc20_fail2() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    deploy_erc20_fail2("v0.1.0", &wasm);
}

#[test]
fn v01_deploy_erc20_fail3() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    deploy_erc20_fail3("v0.1.0", &wasm);
}

#[test]
fn v01_deploy_erc20_fail3_repeat() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "erc20") else {
        return;
    };
    deploy_erc20_fail3_repeat("v0.1.0", &wasm);
}

#[test]
fn v02_initial() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    initial("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_ok1() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_ok1("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_ok2() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_ok2("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_not_enough_funds1() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_not_enough_funds1("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_not_enough_funds2() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_not_enough_funds2("v0.2.0", &wasm);
}

#[test]
fn v02_no_allowance() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    no_allowance("v0.2.0", &wasm);
}

#[test]
fn v02_approve() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    approve("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_from_ok1() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_from_ok1("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_from_ok2() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_from_ok2("v0.2.0", &wasm);
}

#[test]
fn v02_transfer_from_fail() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    transfer_from_fail("v0.2.0", &wasm);
}

#[test]
fn v02_deploy_erc20() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    deploy_erc20("v0.2.0", &wasm);
}

#[test]
fn v02_deploy_erc20_fail1() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    deploy_erc20_fail1("v0.2.0", &wasm);
}

#[test]
fn v02_deploy_erc20_fail2() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    deploy_erc20_fail2("v0.2.0", &wasm);
}

#[test]
fn v02_deploy_erc20_fail3() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    deploy_erc20_fail3("v0.2.0", &wasm);
}

#[test]
fn v02_deploy_erc20_fail3_repeat() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "erc20") else {
        return;
    };
    deploy_erc20_fail3_repeat("v0.2.0", &wasm);
}
