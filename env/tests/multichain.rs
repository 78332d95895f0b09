//! Several chains on one L1 ledger through the test environment: requests and tokens between chains,
//! exactly-once delivery, and every token accounted for at the end of each test.

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_env::l1::{chain_address, RequestSpec};
use isc_env::{Env, TestEnv};
use isc_runtime::ProcessorRegistry;

fn pingpong() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contracts/wasm/pingpong.wasm")
}

fn base(n: u64) -> Balances {
    Balances::single(Color::BASE, n)
}

fn params(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone()).unwrap();
    }
    d
}

fn agent(chain: ChainId, name: &str) -> AgentId {
    AgentId::contract(chain, Hname::new(name))
}

/// The books balance and the supply is what the faucet minted.
fn audit(env: &TestEnv) {
    let audit = env.audit().unwrap();
    audit.check().unwrap();
    assert_eq!(audit.on_l1, audit.minted);
}

/// Two chains with pingpong deployed on both, each contract's account on the other chain funded for
/// fees, and alice with a deposit on both.
struct Two {
    env: TestEnv,
    a: ChainId,
    b: ChainId,
    alice: Address,
}

fn two_chains() -> Two {
    let mut env = TestEnv::new();
    let a = env.new_chain("a").unwrap();
    let b = env.new_chain("b").unwrap();
    let alice = env.wallet("alice").unwrap();
    for chain in [a, b] {
        env.deposit(&alice, chain, 10_000_000).unwrap();
        env.deploy_wasm_file(chain, "pingpong", pingpong(), Dict::new())
            .unwrap();
    }
    // pingpong of `a` pays its fees on `b` from its account there, and the other way round: alice
    // funds both accounts with deposits for another agent.
    for (home, other) in [(a, b), (b, a)] {
        let rc = env
            .call(
                &alice,
                other,
                "accounts",
                "deposit",
                params(&[("a", agent(home, "pingpong").encode())]),
                base(5_000_000),
            )
            .unwrap();
        assert!(rc.error.is_none(), "{rc:?}");
    }
    audit(&env);
    Two { env, a, b, alice }
}

fn count(env: &TestEnv, chain: ChainId) -> u64 {
    let d = env
        .view(chain, "pingpong", "getCount", Dict::new())
        .unwrap();
    u64::decode(d.get(b"count").unwrap()).unwrap()
}

#[test]
fn ping_pong_between_two_chains_carries_tokens_both_ways() {
    let Two { env, a, b, alice } = two_chains();
    let rc = env
        .call(
            &alice,
            a,
            "pingpong",
            "ping",
            params(&[("c", b.encode()), ("n", 5u64.encode())]),
            base(1_000),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    // n = 5, 4, 3 run on a; 4, 2, 0 ... : six pings in all, three on each chain.
    assert_eq!(count(&env, a), 3);
    assert_eq!(count(&env, b), 3);
    // The last ping (n = 0) ran on b: the 1,000 tokens stayed with pingpong there.
    assert_eq!(
        env.balance(b, &agent(b, "pingpong"))
            .unwrap()
            .get(&Color::BASE),
        1_000
    );
    assert!(env.balance(a, &agent(a, "pingpong")).unwrap().is_empty());
    let last = env.view(b, "pingpong", "getCount", Dict::new()).unwrap();
    assert_eq!(
        AgentId::decode(last.get(b"last").unwrap()).unwrap(),
        agent(a, "pingpong")
    );
    let events = env.events(b, "pingpong").unwrap();
    assert!(
        events.iter().any(|e| e.contains("ping 3 from")),
        "{events:?}"
    );
    assert!(env.env().pending().unwrap().is_empty());
    audit(&env);
}

#[test]
fn a_contract_account_on_another_chain_is_withdrawn_home() {
    let Two { env, a, b, .. } = two_chains();
    let owner = env.owner(a).unwrap();
    let remote = env
        .balance(b, &agent(a, "pingpong"))
        .unwrap()
        .get(&Color::BASE);
    let home = env
        .balance(a, &agent(a, "pingpong"))
        .unwrap()
        .get(&Color::BASE);
    // The owner of pingpong on `a` (the chain owner deployed it) pays its request's fee on `a`.
    env.deposit(&owner, a, 1_000_000).unwrap();
    let rc = env
        .call(
            &owner,
            a,
            "pingpong",
            "withdrawFrom",
            params(&[("c", b.encode()), ("n", 300_000u64.encode())]),
            Balances::new(),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    // b's accounts sent 300,000 back as a deposit to pingpong's account on a (a protocol transfer:
    // no fee); the withdrawal request on b paid its fee from pingpong's account there.
    let remote_after = env
        .balance(b, &agent(a, "pingpong"))
        .unwrap()
        .get(&Color::BASE);
    let home_after = env
        .balance(a, &agent(a, "pingpong"))
        .unwrap()
        .get(&Color::BASE);
    assert_eq!(home_after, home + 300_000);
    assert!(
        remote_after < remote - 300_000,
        "{remote} -> {remote_after}"
    );
    audit(&env);
    // Only the owner may ask.
    let alice = env.wallet("alice").unwrap();
    let rc = env
        .call(
            &alice,
            a,
            "pingpong",
            "withdrawFrom",
            params(&[("c", b.encode()), ("n", 1u64.encode())]),
            Balances::new(),
        )
        .unwrap();
    assert!(rc.error.unwrap().contains("only the owner"));
    audit(&env);
}

#[test]
fn a_request_to_a_chain_that_does_not_exist_is_refused_and_moves_nothing() {
    let mut env = TestEnv::new();
    env.new_chain("a").unwrap();
    let alice = env.wallet("alice").unwrap();
    let before = env.l1_balance(&alice).unwrap();
    let err = env
        .post(
            &alice,
            ChainId([9; 32]),
            "accounts",
            "deposit",
            Dict::new(),
            base(500),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no chain"), "{err}");
    assert_eq!(env.l1_balance(&alice).unwrap(), before);
    assert!(env
        .l1_balance(&chain_address(&ChainId([9; 32])))
        .unwrap()
        .is_empty());
    audit(&env);
}

#[test]
fn a_contract_posting_to_a_missing_chain_leaves_the_tokens_pending_on_l1() {
    let Two { env, a, alice, .. } = two_chains();
    let nowhere = ChainId([9; 32]);
    let rc = env
        .call(
            &alice,
            a,
            "pingpong",
            "ping",
            params(&[("c", nowhere.encode()), ("n", 1u64.encode())]),
            base(700),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    let pending = env.env().pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].target, nowhere);
    assert_eq!(pending[0].request.transfer, base(700));
    assert_eq!(pending[0].request.sender, agent(a, "pingpong"));
    assert_eq!(env.l1_balance(&chain_address(&nowhere)).unwrap(), base(700));
    let audit = env.audit().unwrap();
    audit.check().unwrap();
    assert_eq!(audit.pending_elsewhere, base(700));
    // Delivery leaves it where it is.
    let delivery = env.env().deliver().unwrap();
    assert!(delivery.delivered.is_empty() && delivery.waiting.is_empty());
    assert_eq!(env.env().pending().unwrap().len(), 1);
}

#[test]
fn a_request_to_a_contract_that_does_not_exist_fails_and_keeps_the_tokens_on_that_chain() {
    let Two { env, b, alice, .. } = two_chains();
    let before = env
        .balance(b, &AgentId::address(alice))
        .unwrap()
        .get(&Color::BASE);
    let rc = env
        .call(
            &alice,
            b,
            "nosuchcontract",
            "ping",
            Dict::new(),
            base(2_000),
        )
        .unwrap();
    let err = rc.error.clone().unwrap();
    assert!(
        err.contains("not found") || err.contains("no contract"),
        "{err}"
    );
    // The attached tokens arrived in alice's account on b, minus the fee.
    let after = env
        .balance(b, &AgentId::address(alice))
        .unwrap()
        .get(&Color::BASE);
    assert_eq!(after, before + 2_000 - rc.fee);
    audit(&env);
}

#[test]
fn tokens_the_sender_lacks_are_refused_on_l1_and_on_chain() {
    let Two { env, a, b, .. } = two_chains();
    let poor = env.wallet("poor").unwrap();
    let all = env.l1_balance(&poor).unwrap().get(&Color::BASE);
    let err = env
        .post(&poor, a, "accounts", "deposit", Dict::new(), base(all + 1))
        .unwrap_err();
    assert!(err.to_string().contains("L1 transfer"), "{err}");
    assert_eq!(env.l1_balance(&poor).unwrap().get(&Color::BASE), all);
    let err = env
        .post(
            &poor,
            a,
            "accounts",
            "deposit",
            Dict::new(),
            Balances::single(Color([5; 32]), 1),
        )
        .unwrap_err();
    assert!(err.to_string().contains("L1 transfer"), "{err}");
    // On chain: withdrawing more than the account holds fails the request and sends nothing out.
    env.deposit(&poor, a, 10_000).unwrap();
    let rc = env
        .call(
            &poor,
            a,
            "accounts",
            "withdrawToAddress",
            params(&[("n", 1_000_000u64.encode())]),
            Balances::new(),
        )
        .unwrap();
    assert!(rc.error.is_some());
    let _ = b;
    audit(&env);
}

#[test]
fn a_full_backlog_delays_cross_chain_requests_without_losing_them() {
    let Two {
        mut env,
        a,
        b,
        alice,
    } = two_chains();
    for _ in 0..3 {
        env.post(
            &alice,
            a,
            "pingpong",
            "ping",
            params(&[("c", b.encode()), ("n", 1u64.encode())]),
            base(10),
        )
        .unwrap();
    }
    // From here on a backlog holds one request at most.
    env.env_mut()
        .set_limits(isc_gas::Limits {
            max_backlog: 1,
            ..isc_gas::Limits::DEFAULT
        })
        .unwrap();
    // One block of a runs the three pings: three requests for b, whose backlog takes one.
    let ran = env.env().run_round(env.tick(), usize::MAX).unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!(ran[0].1.outgoing.len(), 3);
    let pending = env.env().pending().unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending.iter().all(|p| p.target == b));
    // Offered again at every delivery, refused while the backlog is full.
    let delivery = env.env().deliver().unwrap();
    assert_eq!(delivery.waiting.len(), 2);
    assert!(
        delivery.waiting[0]
            .2
            .to_string()
            .contains("backlog is full"),
        "{delivery:?}"
    );
    audit(&env);
    env.run().unwrap();
    assert!(env.env().pending().unwrap().is_empty());
    assert_eq!(count(&env, a), 3);
    assert_eq!(count(&env, b), 3);
    audit(&env);
}

#[test]
fn parallel_rounds_give_the_same_chains_as_one_chain_at_a_time() {
    fn scenario(parallel: bool) -> Vec<isc_abi::Hash> {
        let Two { env, a, b, alice } = two_chains();
        for (chain, peer) in [(a, b), (b, a)] {
            env.deposit(&alice, chain, 1_000_000).unwrap();
            env.post(
                &alice,
                chain,
                "pingpong",
                "ping",
                params(&[("c", peer.encode()), ("n", 4u64.encode())]),
                base(50),
            )
            .unwrap();
        }
        if parallel {
            env.run().unwrap();
        } else {
            // The same rounds, one chain after the other at the same timestamps.
            loop {
                let ts = env.tick();
                let mut ran = false;
                for chain in [a, b] {
                    let c = env.env().chain(&chain).unwrap();
                    if c.backlog_len().unwrap() > 0 {
                        let (_, head, _) = c.head().unwrap();
                        ran |= c
                            .run_backlog(ts.max(head + 1), usize::MAX)
                            .unwrap()
                            .is_some();
                    }
                }
                env.env().deliver().unwrap();
                if !ran {
                    break;
                }
            }
        }
        audit(&env);
        [a, b]
            .iter()
            .map(|c| env.env().chain(c).unwrap().head().unwrap().2)
            .collect()
    }
    assert_eq!(scenario(true), scenario(false));
}

#[test]
fn a_store_file_keeps_several_chains_and_delivers_after_a_restart() {
    let dir = std::env::temp_dir().join(format!("iscvm-multichain-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("chains.db");
    let registry = ProcessorRegistry::new;
    let (a, b, alice) = {
        let mut env = Env::open(&path, registry()).unwrap();
        let owner = env.wallet("owner").unwrap();
        let a = env.create_chain("main", &owner, "a", 10).unwrap();
        let b = env.create_chain("second", &owner, "b", 10).unwrap();
        env.run_round(1_000, usize::MAX).unwrap();
        let alice = env.wallet("alice").unwrap();
        env.send(
            &alice,
            &RequestSpec {
                chain: a,
                contract: Hname::new("accounts"),
                entry_point: Hname::new("deposit"),
                params: Dict::new(),
                transfer: base(1_000_000),
                gas_budget: 0,
                timelock: 0,
            },
        )
        .unwrap();
        env.run_round(2_000, usize::MAX).unwrap();
        // alice's contract-free withdrawal to b is not possible (she is no contract); a withdrawal
        // to her L1 address is: the block runs, but the node "stops" before delivery.
        env.send(
            &alice,
            &RequestSpec {
                chain: a,
                contract: Hname::new("accounts"),
                entry_point: Hname::new("withdrawToAddress"),
                params: params(&[("n", 400_000u64.encode())]),
                transfer: Balances::new(),
                gas_budget: 0,
                timelock: 0,
            },
        )
        .unwrap();
        let res = env
            .chain(&a)
            .unwrap()
            .run_backlog(3_000, usize::MAX)
            .unwrap()
            .unwrap();
        assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
        assert_eq!(env.chain(&a).unwrap().outbox().unwrap().len(), 1);
        (a, b, alice)
    };
    let env = Env::open(&path, registry()).unwrap();
    assert_eq!(
        env.chains(),
        vec![("main".to_string(), a), ("second".to_string(), b)]
    );
    let before = env.l1().balance(&alice).unwrap().get(&Color::BASE);
    // The audit sees the tokens in the outbox; delivery anchors them once, however often it runs.
    env.audit().unwrap().check().unwrap();
    let first = env.deliver().unwrap();
    assert_eq!(first.anchored.len(), 1);
    assert!(env.deliver().unwrap().anchored.is_empty());
    assert_eq!(
        env.l1().balance(&alice).unwrap().get(&Color::BASE),
        before + 400_000
    );
    env.audit().unwrap().check().unwrap();
    drop(env);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_audit_notices_tokens_nobody_accounts_for() {
    let mut env = TestEnv::new();
    let a = env.new_chain("a").unwrap();
    audit(&env);
    // Tokens appear at the chain's address without a request: the chain's books no longer match L1.
    env.env().l1().mint(&chain_address(&a), &base(5)).unwrap();
    let audit = env.audit().unwrap();
    assert_eq!(audit.problems.len(), 1, "{:?}", audit.problems);
    let err = audit.check().unwrap_err().to_string();
    assert!(err.contains("its address holds"), "{err}");
}
