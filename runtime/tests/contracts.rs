//! The example contracts (Rust, built for wasm32 from contracts/) through the block executor.

mod common;

use common::*;
use isc_abi::{AgentId, Codec, Color, Dict, Hname};

fn wasm(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../contracts/wasm/{name}.wasm",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/build-contracts.sh)"))
}

fn get<T: Codec>(d: &Dict, key: &str) -> T {
    T::decode(
        d.get(key.as_bytes())
            .unwrap_or_else(|| panic!("no `{key}` in {d:?}")),
    )
    .unwrap()
}

fn counter(env: &Env) -> i64 {
    get(
        &env.view("inccounter", "getCounter", Dict::new()),
        "counter",
    )
}

#[test]
fn inccounter_increments_calls_and_posts_to_itself() {
    let mut env = wasm_env();
    assert_eq!(
        env.deploy_wasm(
            "inccounter",
            &wasm("inccounter"),
            dict(&[("counter", 40i64.encode())])
        ),
        None
    );
    assert_eq!(counter(&env), 40);
    let rc = env.call("alice", "inccounter", "increment", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    let rc = env.call(
        "alice",
        "inccounter",
        "incrementBy",
        dict(&[("n", 5i64.encode())]),
        base(0),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env), 46);
    let rc = env.call("alice", "inccounter", "callIncrement", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env), 47);
    // Posting to itself: the request runs in the next block, paying its gas from the contract's account.
    let inc_agent = AgentId::contract(env.chain.id(), Hname::new("inccounter"));
    env.call(
        "alice",
        "accounts",
        "deposit",
        dict(&[("a", inc_agent.encode())]),
        base(1_000_000),
    );
    let rc = env.call("alice", "inccounter", "postIncrement", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env), 47);
    assert_eq!(env.chain.backlog_len().unwrap(), 1);
    let res = env.run().unwrap();
    assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
    assert_eq!(res.receipts[0].entry_point, Hname::new("increment"));
    assert_eq!(counter(&env), 48);
    // Missing param: a clear receipt error, nothing changes.
    let rc = env.call("alice", "inccounter", "incrementBy", Dict::new(), base(0));
    assert!(
        rc.error.as_deref().unwrap().contains("missing param `n`"),
        "{rc:?}"
    );
    assert_eq!(counter(&env), 48);
}

#[test]
fn token_mints_transfers_and_refuses_overdrafts() {
    let mut env = wasm_env();
    let owner = env.agent("owner");
    let alice = env.agent("alice");
    assert_eq!(
        env.deploy_wasm(
            "token",
            &wasm("token"),
            dict(&[("supply", 1_000u64.encode())])
        ),
        None
    );
    let balance = |env: &Env, who: &AgentId| -> u64 {
        get(
            &env.view("token", "balance", dict(&[("agent", who.encode())])),
            "amount",
        )
    };
    assert_eq!(balance(&env, &owner), 1_000);
    env.call(
        "owner",
        "accounts",
        "deposit",
        Dict::new(),
        base(10_000_000),
    );
    let rc = env.call(
        "owner",
        "token",
        "transfer",
        dict(&[("to", alice.encode()), ("amount", 300u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(balance(&env, &owner), 700);
    assert_eq!(balance(&env, &alice), 300);
    let rc = env.call(
        "alice",
        "token",
        "transfer",
        dict(&[("to", owner.encode()), ("amount", 301u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_some());
    assert_eq!(balance(&env, &alice), 300);
    let total: u64 = get(&env.view("token", "totalSupply", Dict::new()), "supply");
    assert_eq!(total, 1_000);
    let events = env.view(
        "eventlog",
        "getRecords",
        dict(&[("contractHname", Hname::new("token").encode())]),
    );
    let n: u32 = get(&events, "numRecords");
    assert!(n >= 2);
}

#[test]
fn donations_are_credited_logged_and_withdrawn_by_the_owner() {
    let mut env = wasm_env();
    assert_eq!(
        env.deploy_wasm("donate", &wasm("donatewithfeedback"), Dict::new()),
        None
    );
    let donate_agent = AgentId::contract(env.chain.id(), Hname::new("donate"));
    let rc = env.call(
        "alice",
        "donate",
        "donate",
        dict(&[("feedback", b"great".to_vec())]),
        base(5_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(&donate_agent), base(5_000));
    let d = env.view("donate", "donations", Dict::new());
    assert!(
        format!("{d:?}").contains("great")
            || d.iter().any(|(_, v)| v.windows(5).any(|w| w == b"great"))
    );
    // Only the owner withdraws; the tokens leave to the owner's L1 address.
    let rc = env.call(
        "alice",
        "donate",
        "withdraw",
        dict(&[("amount", 1_000u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_some());
    env.call(
        "owner",
        "accounts",
        "deposit",
        Dict::new(),
        base(10_000_000),
    );
    let owner_l1 = env
        .l1()
        .balance(&env.wallet("owner"))
        .unwrap()
        .get(&Color::BASE);
    let rc = env.call(
        "owner",
        "donate",
        "withdraw",
        dict(&[("amount", 1_000u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(&donate_agent), base(4_000));
    assert_eq!(
        env.l1()
            .balance(&env.wallet("owner"))
            .unwrap()
            .get(&Color::BASE),
        owner_l1 + 1_000
    );
}

#[test]
fn caller_calls_a_func_with_a_transfer_and_a_view() {
    let mut env = wasm_env();
    assert_eq!(
        env.deploy_wasm("inccounter", &wasm("inccounter"), Dict::new()),
        None
    );
    assert_eq!(
        env.deploy_wasm("caller", &wasm("caller"), Dict::new()),
        None
    );
    // Fund the caller contract's account, then let it call inccounter.incrementBy with 10 tokens.
    let caller_agent = AgentId::contract(env.chain.id(), Hname::new("caller"));
    env.call(
        "alice",
        "accounts",
        "deposit",
        dict(&[("a", caller_agent.encode())]),
        base(1_000),
    );
    assert_eq!(env.balance(&caller_agent), base(1_000));
    let params = dict(&[
        ("contract", Hname::new("inccounter").encode()),
        ("func", b"incrementBy".to_vec()),
        ("amount", 10u64.encode()),
        ("n", 3i64.encode()),
    ]);
    let rc = env.call("alice", "caller", "callFunc", params, base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env), 3);
    assert_eq!(env.balance(&caller_agent), base(990));
    let inc_agent = AgentId::contract(env.chain.id(), Hname::new("inccounter"));
    assert_eq!(env.balance(&inc_agent), base(10));
    // Through a view.
    let v = env.view(
        "caller",
        "callView",
        dict(&[
            ("contract", Hname::new("inccounter").encode()),
            ("view", b"getCounter".to_vec()),
        ]),
    );
    assert_eq!(get::<i64>(&v, "counter"), 3);
    // Short balance: the nested transfer fails the whole request.
    let params = dict(&[
        ("contract", Hname::new("inccounter").encode()),
        ("func", b"increment".to_vec()),
        ("amount", 5_000u64.encode()),
    ]);
    let rc = env.call("alice", "caller", "callFunc", params, base(0));
    assert!(
        rc.error.as_deref().unwrap().contains("insufficient funds"),
        "{rc:?}"
    );
    assert_eq!(counter(&env), 3);
}

#[test]
fn a_rust_panic_reaches_the_receipt_with_its_message() {
    let mut env = wasm_env();
    assert_eq!(
        env.deploy_wasm("panicker", &wasm("panicker"), Dict::new()),
        None
    );
    let rc = env.call("alice", "panicker", "panic", Dict::new(), base(0));
    let e = rc.error.unwrap();
    assert!(e.starts_with("panic: "), "{e}");
    let rc2 = env.call("alice", "panicker", "panic", Dict::new(), base(0));
    assert_eq!(Some(e), rc2.error, "deterministic");
}
