//! accounts: deposits, transfers, withdrawals to L1 and to another chain, views, and every refusal.

use isc_abi::{AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId, TxId};
use isc_env::fixture::*;
use isc_env::l1::chain_address;
use isc_runtime::Request;

#[test]
fn deposit_credits_the_sender_or_a_named_agent() {
    let mut env = ChainFixture::new();
    let alice = env.agent("alice");
    let bob = env.agent("bob");
    let rc = env.call("alice", "accounts", "deposit", Dict::new(), base(50_000));
    assert!(rc.error.is_none());
    assert_eq!(env.balance(&alice), base(50_000 - rc.fee));
    let rc2 = env.call(
        "alice",
        "accounts",
        "deposit",
        dict(&[("a", bob.encode())]),
        base(7),
    );
    assert!(rc2.error.is_none(), "{rc2:?}");
    assert_eq!(env.balance(&bob), base(7));
    assert_eq!(env.balance(&alice), base(50_000 - rc.fee - rc2.fee));
}

#[test]
fn transfer_between_accounts_and_refusals() {
    let mut env = ChainFixture::new();
    let alice = env.agent("alice");
    let bob = env.agent("bob");
    let f0 = env
        .call("alice", "accounts", "deposit", Dict::new(), base(100_000))
        .fee;
    let rc = env.call(
        "alice",
        "accounts",
        "transfer",
        dict(&[("a", bob.encode()), ("n", 1_000u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(&bob), base(1_000));
    // Short balance: fails, changes nothing but the fee.
    let before = env.balance(&alice).get(&Color::BASE);
    let rc2 = env.call(
        "alice",
        "accounts",
        "transfer",
        dict(&[("a", bob.encode()), ("n", 10_000_000u64.encode())]),
        base(0),
    );
    assert!(
        rc2.error.as_deref().unwrap().contains("insufficient funds"),
        "{rc2:?}"
    );
    assert_eq!(env.balance(&alice).get(&Color::BASE), before - rc2.fee);
    assert_eq!(env.balance(&bob), base(1_000));
    // Missing and malformed params.
    let rc3 = env.call(
        "alice",
        "accounts",
        "transfer",
        dict(&[("n", 5u64.encode())]),
        base(0),
    );
    assert!(rc3.error.as_deref().unwrap().contains("missing param `a`"));
    let rc4 = env.call(
        "alice",
        "accounts",
        "transfer",
        dict(&[("a", vec![1, 2, 3]), ("n", 5u64.encode())]),
        base(0),
    );
    assert!(rc4.error.as_deref().unwrap().contains("param `a`"));
    let rc5 = env.call(
        "alice",
        "accounts",
        "transfer",
        dict(&[("a", bob.encode()), ("n", 0u64.encode())]),
        base(0),
    );
    assert!(rc5.error.as_deref().unwrap().contains("must be positive"));
    let spent = f0 + rc.fee + rc2.fee + 1_000;
    let later_fees: u64 = [&rc3, &rc4, &rc5].iter().map(|r| r.fee).sum();
    assert_eq!(env.balance(&alice), base(100_000 - spent - later_fees));
}

#[test]
fn withdraw_to_address_becomes_an_l1_transfer() {
    let mut env = ChainFixture::new();
    let alice_addr = env.wallet("alice");
    let alice = env.agent("alice");
    env.call("alice", "accounts", "deposit", Dict::new(), base(100_000));
    let l1_before = env.l1().balance(&alice_addr).unwrap().get(&Color::BASE);
    let req = env.post(
        "alice",
        "accounts",
        "withdrawToAddress",
        dict(&[("n", 40_000u64.encode())]),
        base(0),
        0,
    );
    let res = env.run().unwrap();
    let rc = &res.receipts[0];
    assert_eq!(rc.request_id, req.id);
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(res.transfers, vec![(alice_addr, base(40_000))]);
    assert_eq!(
        env.l1().balance(&alice_addr).unwrap().get(&Color::BASE),
        l1_before + 40_000
    );
    // More than the account holds.
    let rc = env.call(
        "alice",
        "accounts",
        "withdrawToAddress",
        dict(&[("n", 1_000_000u64.encode())]),
        base(0),
    );
    assert!(rc.error.unwrap().contains("insufficient funds"));
    assert!(env.balance(&alice).get(&Color::BASE) < 60_000);
}

#[test]
fn withdraw_to_chain_posts_a_deposit_to_the_callers_chain() {
    let mut env = ChainFixture::new();
    let other = ChainId([9; 32]);
    let contract = AgentId::contract(other, Hname::new("donor"));
    // A request from a contract of another chain, carrying tokens (as the L1 ledger would deliver it).
    let tokens = base(50_000);
    env.l1()
        .mint(&chain_address(&env.chain.id()), &tokens)
        .unwrap();
    env.post_raw(Request {
        id: RequestId::new(TxId([3; 32]), 0),
        sender: contract,
        contract: Hname::new("accounts"),
        entry_point: Hname::new("deposit"),
        params: Dict::new(),
        transfer: tokens,
        gas_budget: 0,
        timelock: 0,
    });
    let res = env.run().unwrap();
    assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
    let have = env.balance(&contract).get(&Color::BASE);
    env.post_raw(Request {
        id: RequestId::new(TxId([3; 32]), 1),
        sender: contract,
        contract: Hname::new("accounts"),
        entry_point: Hname::new("withdrawToChain"),
        params: dict(&[("n", 10_000u64.encode())]),
        transfer: Balances::new(),
        gas_budget: 0,
        timelock: 0,
    });
    let res = env.run().unwrap();
    let rc = &res.receipts[0];
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(res.outgoing.len(), 1);
    let out = &res.outgoing[0];
    assert_eq!(out.target.chain, other);
    assert_eq!(out.target.hname, Hname::new("accounts"));
    assert_eq!(out.entry_point, Hname::new("deposit"));
    assert_eq!(out.transfer, base(10_000));
    assert_eq!(
        AgentId::decode(out.params.get(b"a").unwrap()).unwrap(),
        contract
    );
    assert_eq!(
        out.sender,
        AgentId::contract(env.chain.id(), Hname::new("accounts"))
    );
    assert_eq!(
        env.balance(&contract).get(&Color::BASE),
        have - 10_000 - rc.fee
    );
    // The tokens left with the request (the harness moved them on L1 and checked the invariant).
    assert_eq!(
        env.l1().balance(&chain_address(&other)).unwrap(),
        base(10_000)
    );
}

#[test]
fn withdraw_to_chain_from_an_address_is_refused() {
    let mut env = ChainFixture::new();
    env.call("alice", "accounts", "deposit", Dict::new(), base(100_000));
    let rc = env.call(
        "alice",
        "accounts",
        "withdrawToChain",
        dict(&[("n", 10u64.encode())]),
        base(0),
    );
    assert!(rc
        .error
        .unwrap()
        .contains("not a contract of another chain"));
}

#[test]
fn views_list_accounts_and_total() {
    let mut env = ChainFixture::new();
    env.call("alice", "accounts", "deposit", Dict::new(), base(30_000));
    env.call("bob", "accounts", "deposit", Dict::new(), base(20_000));
    let list = env.view("accounts", "accounts", Dict::new());
    let agents: Vec<AgentId> = list
        .iter()
        .map(|(k, _)| AgentId::from_slice(k).unwrap())
        .collect();
    for name in ["alice", "bob", "owner"] {
        assert!(agents.contains(&env.agent(name)), "{name}");
    }
    let total = env.view("accounts", "totalAssets", Dict::new());
    assert_eq!(
        u64::decode(total.get(Color::BASE.as_bytes()).unwrap()).unwrap(),
        50_000
    );
    // balance of an agent without an account: empty.
    assert!(env.balance(&env.agent("nobody")).is_empty());
    // balance without `a`: the view fails with a clear message.
    let err = env
        .try_view("accounts", "balance", Dict::new())
        .unwrap_err();
    assert!(err.to_string().contains("missing param `a`"), "{err}");
}

#[test]
fn a_view_cannot_be_posted_as_a_request() {
    let mut env = ChainFixture::new();
    let rc = env.call(
        "alice",
        "accounts",
        "totalAssets",
        Dict::new(),
        base(10_000),
    );
    assert!(rc.error.unwrap().contains("is not a func"));
}
