//! The Solo tests of Wasp's fairroulette (`contracts/rust/fairroulette/test/fairroulette_test.go` at
//! v0.1.0 and v0.2.0), ported to iscvm with the unmodified binaries of both tags, deployed by the
//! chain owner without init params.
//!
//! Every Solo scenario of both tags is ported: TestDeploy (both tags) and TestBets (v0.2.0 only; v0.1.0
//! has no other test). TestBets asserts nothing beyond the bets succeeding and the time-locked
//! payWinners running after `AdvanceClockBy(1201 s)`; the port also checks what the note says
//! payWinners does with the 250 tokens (all to the betters when 3 wins, else all to the contract
//! creator's L1 address), the round views and the events. iscvm's rules: the contract's own account
//! pays the gas of the payWinners request it posts, so the owner deposits [`CONTRACT_GAS`] there first
//! (Wasp charged nothing; the posted request's 1 iota came back to the contract).
//!
//! Also here, per tag: the registry check of the four fixture contracts deployed on one chain (Solo's
//! erc20 tests counted 4/5 records at v0.1.0 and 6/7 at v0.2.0, Wasp's core contracts and one more;
//! iscvm's core contracts are `CORE_CONTRACTS`).

mod wasp_common;

use isc_abi::{Dict, Hname};
use isc_native_contracts::CORE_CONTRACTS;
use wasp_common::*;

const NAME: &str = "fairroulette";

/// An Int16/Int32/int64 view result of fairroulette, as i64 (the widths differ by field).
fn field(w: &Wasp, view: &str, key: &str, width: usize) -> i64 {
    let d = w.view(NAME, view, Dict::new());
    let v = d
        .get(key.as_bytes())
        .unwrap_or_else(|| panic!("no `{key}` in {d:?}"));
    assert_eq!(v.len(), width, "`{key}` in {d:?}");
    let mut b = [0u8; 8];
    b[..width].copy_from_slice(v);
    let shift = 64 - 8 * width as u32;
    (i64::from_le_bytes(b) << shift) >> shift
}

fn deploy(tag: &str, wasm: &[u8]) {
    let w = Wasp::with(tag, NAME, wasm);
    assert!(w.exists(NAME));
    w.audit();
}

#[test]
fn v01_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "fairroulette") else {
        return;
    };
    deploy("v0.1.0", &wasm);
}

#[test]
fn v02_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "fairroulette") else {
        return;
    };
    deploy("v0.2.0", &wasm);
}

#[test]
fn v02_bets() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "fairroulette") else {
        return;
    };
    let w = Wasp::with("v0.2.0", NAME, &wasm);
    w.fund_contract(NAME, CONTRACT_GAS);
    let contract = w.contract(NAME);
    let creator_l1 = w.l1(&w.owner);

    // Ten betters each bet 25 on 3 (Wasp: `TransferIotas(25)`); the first bet opens the round and
    // posts payWinners with a 60 s time lock and 1 token, which must not run yet.
    let betters: Vec<_> = (0..10).map(|i| w.user(&format!("better{i}"))).collect();
    for better in &betters {
        let params = dict(&[("number", 3i64.to_le_bytes().to_vec())]);
        let (rc, later) = w.call_all(better, NAME, "placeBet", params, 25);
        ok(&rc);
        assert!(later.is_empty(), "ran before its time lock: {later:?}");
        assert_eq!(w.l1(better), FAUCET - FEES - 25);
    }
    let backlog = w.env.env().chain(&w.chain).unwrap().backlog_len().unwrap();
    assert_eq!(backlog, 1, "the time-locked payWinners waits");
    assert_eq!(field(&w, "roundStatus", "roundStatus", 2), 1);
    assert_eq!(field(&w, "roundNumber", "roundNumber", 8), 1);
    assert_eq!(w.on_chain(&contract), CONTRACT_GAS + 250 - 1);
    let events = w.env.events(w.chain, NAME).unwrap();
    let placed = events
        .iter()
        .filter(|e| e.contains("fairroulette.bet.placed"))
        .count();
    assert_eq!(placed, 10, "{events:?}");

    // Wasp: AdvanceClockBy(1201 s), then WaitForPendingRequests(1) is true.
    w.env.advance(1_201_000_000_000);
    let later = w.run();
    assert_eq!(later.len(), 1, "{later:?}");
    let pay = &later[0];
    ok(pay);
    assert_eq!(pay.entry_point, Hname::new("payWinners"));

    // 1..7 wins (random(7) + 1); the 250 bet tokens go to the winners' or the creator's address.
    let winning = field(&w, "lastWinningNumber", "lastWinningNumber", 8);
    assert!((1..=7).contains(&winning), "{winning}");
    let (betters_get, creator_gets) = if winning == 3 { (25, 0) } else { (0, 250) };
    for better in &betters {
        assert_eq!(w.l1(better), FAUCET - FEES - 25 + betters_get);
    }
    assert_eq!(w.l1(&w.owner), creator_l1 + creator_gets);
    // The posted token came back to the contract, which keeps its deposit less payWinners' fee.
    assert_eq!(w.on_chain(&contract), CONTRACT_GAS - pay.fee);
    assert_eq!(field(&w, "roundStatus", "roundStatus", 2), 0);
    let events = w.env.events(w.chain, NAME).unwrap();
    let announced = format!("fairroulette.round.winning_number {winning}");
    assert!(events.iter().any(|e| e.contains(&announced)), "{events:?}");
    w.audit();
}

/// The four fixtures of `tag` on one chain: a failed erc20 init (no params) registers nothing, each
/// deployment adds one record.
fn registry(tag: &str) {
    let names = ["inccounter", "erc20", "donatewithfeedback", "fairroulette"];
    let found: Option<Vec<_>> = names.iter().map(|n| isc_env::wasp_binary(tag, n)).collect();
    let Some(binaries) = found else { return };
    let w = Wasp::new(tag);
    let creator = w.user("creator");
    let core = CORE_CONTRACTS.len();
    assert_eq!(w.records(), core);
    for c in CORE_CONTRACTS {
        assert!(w.exists(c.name), "{}", c.name);
    }
    let failed = w.try_deploy("erc20", &binaries[1], Dict::new());
    let missing = "missing mandatory creator";
    assert!(
        failed.as_ref().is_err_and(|e| e.contains(missing)),
        "{failed:?}"
    );
    assert_eq!(w.records(), core);
    assert!(!w.exists("erc20"));
    for (i, (name, wasm)) in names.iter().zip(&binaries).enumerate() {
        let init = match *name {
            "erc20" => dict(&[
                ("s", 1_000_000i64.to_le_bytes().to_vec()),
                ("c", w.agent(&creator)),
            ]),
            _ => Dict::new(),
        };
        // Each deployment takes its fees from the owner's L1 wallet; give it back what is left over.
        w.owner_withdraws_surplus();
        w.deploy(name, wasm, init);
        assert_eq!(w.records(), core + i + 1, "after {name}");
        assert!(w.exists(name));
    }
    w.audit();
}

#[test]
fn v01_registry_counts_each_deployment() {
    registry("v0.1.0");
}

#[test]
fn v02_registry_counts_each_deployment() {
    registry("v0.2.0");
}
