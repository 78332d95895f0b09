//! The Solo tests of Wasp's donatewithfeedback (`contracts/rust/donatewithfeedback/test/
//! donatewithfeedback_test.go` at v0.1.0 and v0.2.0), ported to iscvm with the unmodified binaries of
//! both tags, deployed by the chain owner without init params; each donor is a new wallet.
//!
//! Every Solo scenario of both tags is ported. The donation figures (count, max, total, the contract's
//! account) are Wasp's exactly. The wallet balances follow iscvm's rules (no request token, a
//! faucet of [`FAUCET`], fees paid from the donor's on-chain account after its deposit of [`FEES`]);
//! each such assertion names Wasp's figure. Beyond Solo, the tests read the donation back (v0.1.0:
//! the `donations` array of the view, v0.2.0: view `donation`), as the contract stored it.
//!
//! v0.1.0's view `donations` writes each donator with `ScAgentId::to_string` (set utility
//! `base58Bytes`, read `base58String`): these tests caught the host decoding there instead of encoding.

mod wasp_common;

use isc_abi::{Address, Dict};
use isc_wasm::wasplib::Tag;
use wasp_common::*;

const NAME: &str = "donatewithfeedback";

/// What the info view says: (count, maxDonation, totalDonation). v0.1.0's view `donations` has no
/// count but the length of its `donations` array.
fn info(w: &Wasp) -> (i64, i64, i64) {
    match w.tag {
        Tag::V01 => {
            let d = w.view(NAME, "donations", Dict::new());
            let count = int64(&d, "donations").unwrap_or(0);
            (
                count,
                must_int64(&d, "maxDonation"),
                must_int64(&d, "totalDonation"),
            )
        }
        Tag::V02 => {
            let d = w.view(NAME, "donationInfo", Dict::new());
            (
                must_int64(&d, "count"),
                must_int64(&d, "maxDonation"),
                must_int64(&d, "totalDonation"),
            )
        }
    }
}

/// Donation `nr` as the contract stored it: the amount, the feedback and the error; and, at v0.2.0,
/// that the donator is `donor` and the timestamp is the logical clock's.
fn check_donation(w: &Wasp, nr: i64, donor: &Address, amount: i64, feedback: &str) {
    let (got_amount, got_feedback, error) = match w.tag {
        Tag::V01 => {
            let d = w.view(NAME, "donations", Dict::new());
            let field = |f: &str| format!("donations.{nr}.{f}");
            let text = |f: &str| d.get(field(f).as_bytes()).unwrap_or_default().to_vec();
            (
                must_int64(&d, &field("amount")),
                text("feedback"),
                text("error"),
            )
        }
        Tag::V02 => {
            let d = w.view(NAME, "donation", dict(&[("nr", nr.to_le_bytes().to_vec())]));
            assert_eq!(d.get(b"donator"), Some(&w.agent(donor)[..]), "{d:?}");
            assert!(must_int64(&d, "timestamp") >= isc_env::TEST_EPOCH, "{d:?}");
            let text = |f: &str| d.get(f.as_bytes()).unwrap_or_default().to_vec();
            (must_int64(&d, "amount"), text("feedback"), text("error"))
        }
    };
    assert_eq!(got_amount, amount);
    assert_eq!(String::from_utf8(got_feedback).unwrap(), feedback);
    assert_eq!(error, b"");
}

/// `donor` donates `n` base tokens with `feedback`: the request succeeds, the donor's L1 wallet loses
/// exactly `n` (after its deposit), and its on-chain account only the request's fee (the tokens are
/// credited there and moved to the contract by the call).
fn donate(w: &Wasp, donor: &Address, n: u64, feedback: &str) {
    let account = w.account(donor);
    let rc = w.call(
        donor,
        NAME,
        "donate",
        dict(&[("feedback", feedback.into())]),
        n,
    );
    ok(&rc);
    // Wasp v0.1.0: 1337 - n - 1 (the request token); v0.2.0: 1,000,000 - n.
    assert_eq!(w.l1(donor), FAUCET - FEES - n);
    // Wasp v0.1.0: 1 (the request token, credited to the donor); v0.2.0: not asserted.
    assert_eq!(w.account(donor), account - rc.fee);
}

fn deploy(tag: &str, wasm: &[u8]) {
    let w = Wasp::with(tag, NAME, wasm);
    assert!(w.exists(NAME));
    w.audit();
}

fn state_after_deploy(tag: &str, wasm: &[u8]) {
    let w = Wasp::with(tag, NAME, wasm);
    assert_eq!(info(&w), (0, 0, 0));
}

fn donate_once(tag: &str, wasm: &[u8]) {
    let w = Wasp::with(tag, NAME, wasm);
    let donator1 = w.user("donator1");
    donate(&w, &donator1, 42, "Nice work!");
    assert_eq!(info(&w), (1, 42, 42));
    // Wasp: 42 in the contract's account.
    assert_eq!(w.on_chain(&w.contract(NAME)), 42);
    check_donation(&w, 0, &donator1, 42, "Nice work!");
    w.audit();
}

fn donate_twice(tag: &str, wasm: &[u8]) {
    let w = Wasp::with(tag, NAME, wasm);
    let donator1 = w.user("donator1");
    donate(&w, &donator1, 42, "Nice work!");
    let donator2 = w.user("donator2");
    donate(&w, &donator2, 69, "Exactly what I needed!");
    assert_eq!(info(&w), (2, 69, 42 + 69));
    // Wasp v0.1.0: 1294 and 1267 on L1; v0.2.0: 999958 and 999931.
    assert_eq!(w.l1(&donator1), FAUCET - FEES - 42);
    assert_eq!(w.l1(&donator2), FAUCET - FEES - 69);
    // Wasp: 111 in the contract's account.
    assert_eq!(w.on_chain(&w.contract(NAME)), 42 + 69);
    check_donation(&w, 0, &donator1, 42, "Nice work!");
    check_donation(&w, 1, &donator2, 69, "Exactly what I needed!");
    w.audit();
}

#[test]
fn v01_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "donatewithfeedback") else {
        return;
    };
    deploy("v0.1.0", &wasm);
}

#[test]
fn v01_state_after_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "donatewithfeedback") else {
        return;
    };
    state_after_deploy("v0.1.0", &wasm);
}

#[test]
fn v01_donate_once() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "donatewithfeedback") else {
        return;
    };
    donate_once("v0.1.0", &wasm);
}

#[test]
fn v01_donate_twice() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "donatewithfeedback") else {
        return;
    };
    donate_twice("v0.1.0", &wasm);
}

#[test]
fn v02_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "donatewithfeedback") else {
        return;
    };
    deploy("v0.2.0", &wasm);
}

#[test]
fn v02_state_after_deploy() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "donatewithfeedback") else {
        return;
    };
    state_after_deploy("v0.2.0", &wasm);
}

#[test]
fn v02_donate_once() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "donatewithfeedback") else {
        return;
    };
    donate_once("v0.2.0", &wasm);
}

#[test]
fn v02_donate_twice() {
    let Some(wasm) = isc_env::wasp_binary("v0.2.0", "donatewithfeedback") else {
        return;
    };
    donate_twice("v0.2.0", &wasm);
}
