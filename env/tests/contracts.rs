//! The example contracts (Rust, built for wasm32 from contracts/) through the test environment for
//! contract authors ([`TestEnv`]): every test ends with every token accounted for.

use std::path::PathBuf;

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_env::TestEnv;

/// Tokens a caller deposits into its account on the chain for the fees of its requests.
const FEES: u64 = 50_000_000;

/// The built example contract `name` (run scripts/build-contracts.sh when it is missing).
fn wasm(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../contracts/wasm/{name}.wasm"))
}

fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone()).unwrap();
    }
    d
}

fn base(n: u64) -> Balances {
    Balances::single(Color::BASE, n)
}

fn get<T: Codec>(d: &Dict, key: &str) -> T {
    T::decode(
        d.get(key.as_bytes())
            .unwrap_or_else(|| panic!("no `{key}` in {d:?}")),
    )
    .unwrap()
}

/// A test environment with one chain `c` and wallet "alice", who has a deposit on it for fees.
fn setup() -> (TestEnv, ChainId, Address) {
    let mut env = TestEnv::new();
    let chain = env.new_chain("c").unwrap();
    let alice = env.wallet("alice").unwrap();
    env.deposit(&alice, chain, FEES).unwrap();
    (env, chain, alice)
}

/// Deploys the built example contract `file` on `chain` as `name`, as the chain owner.
fn deploy(env: &TestEnv, chain: ChainId, name: &str, file: &str, init: Dict) {
    let hname = env
        .deploy_wasm_file(chain, name, wasm(file), init)
        .unwrap_or_else(|e| {
            panic!("deploying {file} as {name}: {e} (run scripts/build-contracts.sh)")
        });
    assert_eq!(hname, Hname::new(name));
}

fn counter(env: &TestEnv, chain: ChainId) -> i64 {
    get(
        &env.view(chain, "inccounter", "getCounter", Dict::new())
            .unwrap(),
        "counter",
    )
}

/// Deploys the token as "token" with a supply of `supply`, minted to the chain owner.
fn deploy_token(env: &TestEnv, chain: ChainId, supply: u64) {
    deploy(
        env,
        chain,
        "token",
        "token",
        dict(&[("supply", supply.encode())]),
    );
}

/// The token balance of `who`.
fn token_balance(env: &TestEnv, chain: ChainId, who: &AgentId) -> u64 {
    get(
        &env.view(chain, "token", "balance", dict(&[("agent", who.encode())]))
            .unwrap(),
        "amount",
    )
}

/// The token's total supply.
fn token_supply(env: &TestEnv, chain: ChainId) -> u64 {
    get(
        &env.view(chain, "token", "totalSupply", Dict::new())
            .unwrap(),
        "supply",
    )
}

fn contract(chain: ChainId, name: &str) -> AgentId {
    AgentId::contract(chain, Hname::new(name))
}

/// Every token is accounted for: on L1, in the chains' accounts, backlogs and outboxes.
fn audit(env: &TestEnv) {
    env.audit().unwrap().check().unwrap();
}

#[test]
fn inccounter_increments_calls_and_posts_to_itself() {
    let (env, chain, alice) = setup();
    deploy(
        &env,
        chain,
        "inccounter",
        "inccounter",
        dict(&[("counter", 40i64.encode())]),
    );
    assert_eq!(counter(&env, chain), 40);
    let call = |entry: &str, params: Dict| {
        env.call(&alice, chain, "inccounter", entry, params, base(0))
            .unwrap()
    };
    let rc = call("increment", Dict::new());
    assert!(rc.error.is_none(), "{rc:?}");
    let rc = call("incrementBy", dict(&[("n", 5i64.encode())]));
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env, chain), 46);
    let rc = call("callIncrement", Dict::new());
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env, chain), 47);
    let events = env.events(chain, "inccounter").unwrap();
    assert!(
        events.iter().any(|e| e == "inccounter: counter = 47"),
        "{events:?}"
    );

    // Posting to itself: the request runs in a later block, paying its gas from the contract's account.
    let inc_agent = contract(chain, "inccounter");
    let rc = env
        .call(
            &alice,
            chain,
            "accounts",
            "deposit",
            dict(&[("a", inc_agent.encode())]),
            base(1_000_000),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    let req = env
        .post(
            &alice,
            chain,
            "inccounter",
            "postIncrement",
            Dict::new(),
            base(0),
        )
        .unwrap();
    // One round: postIncrement's block runs, and delivery puts the posted request in the backlog.
    let first = env.env().run_round(env.tick(), usize::MAX).unwrap();
    assert_eq!(first.len(), 1);
    let (ran_on, block) = &first[0];
    assert_eq!(*ran_on, chain);
    assert_eq!(block.receipts.len(), 1, "{:?}", block.receipts);
    let rc = &block.receipts[0];
    assert_eq!(rc.request_id, req.id);
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env, chain), 47);
    assert_eq!(env.env().chain(&chain).unwrap().backlog_len().unwrap(), 1);
    // The posted request runs in the next round of `run`.
    let later = env.run().unwrap();
    assert_eq!(later.len(), 1, "{later:?}");
    let (ran_on, block) = &later[0];
    assert_eq!(*ran_on, chain);
    assert_eq!(block.receipts.len(), 1, "{:?}", block.receipts);
    let rc = &block.receipts[0];
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(rc.contract, Hname::new("inccounter"));
    assert_eq!(rc.entry_point, Hname::new("increment"));
    assert_eq!(counter(&env, chain), 48);
    assert_eq!(env.env().chain(&chain).unwrap().backlog_len().unwrap(), 0);

    // Missing param: a clear receipt error, nothing changes.
    let rc = call("incrementBy", Dict::new());
    assert!(
        rc.error.as_deref().unwrap().contains("missing param `n`"),
        "{rc:?}"
    );
    assert_eq!(counter(&env, chain), 48);
    audit(&env);
}

#[test]
fn token_mints_transfers_and_refuses_overdrafts() {
    let (env, chain, alice_l1) = setup();
    // The chain owner deploys the token, so init mints the supply to the owner.
    let owner_l1 = env.owner(chain).unwrap();
    let owner = AgentId::address(owner_l1);
    let alice = AgentId::address(alice_l1);
    deploy_token(&env, chain, 1_000);
    let balance = |who: &AgentId| token_balance(&env, chain, who);
    assert_eq!(balance(&owner), 1_000);
    env.deposit(&owner_l1, chain, 10_000_000).unwrap();
    let rc = env
        .call(
            &owner_l1,
            chain,
            "token",
            "transfer",
            dict(&[("to", alice.encode()), ("amount", 300u64.encode())]),
            base(0),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(balance(&owner), 700);
    assert_eq!(balance(&alice), 300);
    let rc = env
        .call(
            &alice_l1,
            chain,
            "token",
            "transfer",
            dict(&[("to", owner.encode()), ("amount", 301u64.encode())]),
            base(0),
        )
        .unwrap();
    assert!(
        rc.error
            .as_deref()
            .unwrap()
            .contains("insufficient balance"),
        "{rc:?}"
    );
    assert_eq!(balance(&alice), 300);
    assert_eq!(token_supply(&env, chain), 1_000);
    let events = env.events(chain, "token").unwrap();
    assert!(events.len() >= 2, "{events:?}");
    assert!(
        events
            .iter()
            .any(|e| e.contains("token: transfer 300 from")),
        "{events:?}"
    );
    audit(&env);
}

/// `init` runs once, when root deploys the contract: neither a request nor another contract can run
/// it again (the token's init would otherwise mint a fresh supply for whoever called it).
#[test]
fn init_runs_only_at_deployment() {
    let (env, chain, alice_l1) = setup();
    let alice = AgentId::address(alice_l1);
    deploy_token(&env, chain, 1_000);
    deploy(&env, chain, "caller", "caller", Dict::new());
    let rc = env
        .call(
            &alice_l1,
            chain,
            "token",
            "init",
            dict(&[("supply", u64::MAX.encode())]),
            base(0),
        )
        .unwrap();
    let token = Hname::new("token");
    assert_eq!(
        rc.error.as_deref(),
        Some(
            format!("repeating init call: init of contract {token} runs only when root deploys it")
                .as_str()
        ),
        "{rc:?}"
    );
    // Through another contract: refused the same way, the caller's whole request fails.
    let params = dict(&[
        ("contract", token.encode()),
        ("func", b"init".to_vec()),
        ("supply", u64::MAX.encode()),
    ]);
    let rc = env
        .call(&alice_l1, chain, "caller", "callFunc", params, base(0))
        .unwrap();
    assert!(
        rc.error
            .as_deref()
            .is_some_and(|e| e.contains("repeating init call")),
        "{rc:?}"
    );
    assert_eq!(
        (
            token_supply(&env, chain),
            token_balance(&env, chain, &alice)
        ),
        (1_000, 0)
    );
    audit(&env);
}

#[test]
fn donations_are_credited_logged_and_withdrawn_by_the_owner() {
    let (env, chain, alice) = setup();
    deploy(&env, chain, "donate", "donatewithfeedback", Dict::new());
    let donate_agent = contract(chain, "donate");
    let rc = env
        .call(
            &alice,
            chain,
            "donate",
            "donate",
            dict(&[("feedback", b"great".to_vec())]),
            base(5_000),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(chain, &donate_agent).unwrap(), base(5_000));
    let d = env.view(chain, "donate", "donations", Dict::new()).unwrap();
    assert!(
        format!("{d:?}").contains("great")
            || d.iter().any(|(_, v)| v.windows(5).any(|w| w == b"great"))
    );
    let events = env.events(chain, "donate").unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.contains("donatewithfeedback: 5000 from")),
        "{events:?}"
    );
    // Only the owner (the chain owner, who deployed it) withdraws; the tokens leave to its L1 address.
    let rc = env
        .call(
            &alice,
            chain,
            "donate",
            "withdraw",
            dict(&[("amount", 1_000u64.encode())]),
            base(0),
        )
        .unwrap();
    assert!(
        rc.error
            .as_deref()
            .unwrap()
            .contains("only the owner may withdraw"),
        "{rc:?}"
    );
    assert_eq!(env.balance(chain, &donate_agent).unwrap(), base(5_000));
    let owner = env.owner(chain).unwrap();
    env.deposit(&owner, chain, 10_000_000).unwrap();
    let owner_l1 = env.l1_balance(&owner).unwrap().get(&Color::BASE);
    let rc = env
        .call(
            &owner,
            chain,
            "donate",
            "withdraw",
            dict(&[("amount", 1_000u64.encode())]),
            base(0),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(chain, &donate_agent).unwrap(), base(4_000));
    assert_eq!(
        env.l1_balance(&owner).unwrap().get(&Color::BASE),
        owner_l1 + 1_000
    );
    audit(&env);
}

#[test]
fn caller_calls_a_func_with_a_transfer_and_a_view() {
    let (env, chain, alice) = setup();
    deploy(&env, chain, "inccounter", "inccounter", Dict::new());
    deploy(&env, chain, "caller", "caller", Dict::new());
    // Fund the caller contract's account, then let it call inccounter.incrementBy with 10 tokens.
    let caller_agent = contract(chain, "caller");
    let rc = env
        .call(
            &alice,
            chain,
            "accounts",
            "deposit",
            dict(&[("a", caller_agent.encode())]),
            base(1_000),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(env.balance(chain, &caller_agent).unwrap(), base(1_000));
    let params = dict(&[
        ("contract", Hname::new("inccounter").encode()),
        ("func", b"incrementBy".to_vec()),
        ("amount", 10u64.encode()),
        ("n", 3i64.encode()),
    ]);
    let rc = env
        .call(&alice, chain, "caller", "callFunc", params, base(0))
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(counter(&env, chain), 3);
    assert_eq!(env.balance(chain, &caller_agent).unwrap(), base(990));
    let inc_agent = contract(chain, "inccounter");
    assert_eq!(env.balance(chain, &inc_agent).unwrap(), base(10));
    // Through a view.
    let v = env
        .view(
            chain,
            "caller",
            "callView",
            dict(&[
                ("contract", Hname::new("inccounter").encode()),
                ("view", b"getCounter".to_vec()),
            ]),
        )
        .unwrap();
    assert_eq!(get::<i64>(&v, "counter"), 3);
    // Short balance: the nested transfer fails the whole request.
    let params = dict(&[
        ("contract", Hname::new("inccounter").encode()),
        ("func", b"increment".to_vec()),
        ("amount", 5_000u64.encode()),
    ]);
    let rc = env
        .call(&alice, chain, "caller", "callFunc", params, base(0))
        .unwrap();
    assert!(
        rc.error.as_deref().unwrap().contains("insufficient funds"),
        "{rc:?}"
    );
    assert_eq!(counter(&env, chain), 3);
    assert_eq!(env.balance(chain, &caller_agent).unwrap(), base(990));
    assert_eq!(env.balance(chain, &inc_agent).unwrap(), base(10));
    audit(&env);
}

#[test]
fn a_rust_panic_reaches_the_receipt_with_its_message() {
    let (env, chain, alice) = setup();
    deploy(&env, chain, "panicker", "panicker", Dict::new());
    let rc = env
        .call(&alice, chain, "panicker", "panic", Dict::new(), base(0))
        .unwrap();
    let e = rc.error.unwrap();
    assert!(e.starts_with("panic: "), "{e}");
    let rc2 = env
        .call(&alice, chain, "panicker", "panic", Dict::new(), base(0))
        .unwrap();
    assert_eq!(Some(e), rc2.error, "deterministic");
    audit(&env);
}
