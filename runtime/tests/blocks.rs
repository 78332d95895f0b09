//! The block executor's rules: exactly once, rollback, time locks, gas limits, call depth, timestamps,
//! determinism, persistence and parallel chains.

use std::sync::Arc;

mod test_vm;
use isc_abi::{blob_hash, AgentId, ChainId, Codec, Dict, Hash, Hname};
use isc_env::fixture::*;
use isc_gas::Limits;
use isc_native_contracts::eventlog::Record;
use isc_runtime::{BlockInput, Chain, NotRun, ProcessorRegistry};
use isc_sandbox::{verify, RedbStore, Store};
use test_vm::TestVm;

fn counter_env(limits: Limits) -> ChainFixture {
    let mut env = ChainFixture::with(ProcessorRegistry::new().with_vm(Arc::new(TestVm)), limits);
    let fields = dict(&[("v", b"test".to_vec()), ("p", b"counter".to_vec())]);
    env.call(
        "owner",
        "blob",
        "storeBlob",
        fields.clone(),
        base(1_000_000),
    );
    let rc = env.call(
        "owner",
        "root",
        "deployContract",
        dict(&[
            ("ph", blob_hash(&fields).encode()),
            ("nm", b"counter".to_vec()),
        ]),
        base(1_000_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    env.call(
        "alice",
        "accounts",
        "deposit",
        Dict::new(),
        base(10_000_000),
    );
    env
}

fn counter(env: &ChainFixture) -> u64 {
    let v = env.view("counter", "getCounter", Dict::new());
    u64::decode(v.get(b"counter").unwrap()).unwrap()
}

#[test]
fn a_processed_request_is_never_run_again() {
    let mut env = counter_env(Limits::DEFAULT);
    let req = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    env.run().unwrap();
    assert_eq!(counter(&env), 1);
    // Delivered again later: skipped, reported, dropped from the backlog.
    env.chain.post(req.clone()).unwrap();
    assert!(env.run().is_none());
    assert_eq!(counter(&env), 1);
    assert_eq!(env.chain.backlog_len().unwrap(), 0);
    // Twice in one block input: the second is skipped.
    let req2 = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let (_, ts, hash) = env.chain.head().unwrap();
    let input = BlockInput {
        requests: vec![req2.clone(), req2.clone(), req.clone()],
        timestamp: ts + 1_000,
        entropy: Hash([1; 32]),
        previous_anchor: hash,
    };
    let res = env.chain.commit_block(&input).unwrap().unwrap();
    assert_eq!(res.receipts.len(), 1);
    assert_eq!(
        res.not_run,
        vec![
            NotRun::AlreadyProcessed(req2.id),
            NotRun::AlreadyProcessed(req.id)
        ]
    );
    assert_eq!(counter(&env), 2);
    env.check_invariant();
}

#[test]
fn a_failing_request_changes_nothing_but_pays_and_is_logged() {
    let mut env = counter_env(Limits::DEFAULT);
    let alice = env.agent("alice");
    let before = env.balance(&alice);
    let r1 = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let r2 = env.post(
        "alice",
        "counter",
        "failAfterWrite",
        Dict::new(),
        base(0),
        0,
    );
    let r3 = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let res = env.run().unwrap();
    let ids: Vec<_> = res.receipts.iter().map(|r| r.request_id).collect();
    assert_eq!(ids, vec![r1.id, r2.id, r3.id]);
    let failed = &res.receipts[1];
    assert_eq!(failed.error.as_deref(), Some("panic: deliberate failure"));
    assert!(failed.fee > 0);
    assert!(res.receipts[0].error.is_none() && res.receipts[2].error.is_none());
    assert_eq!(
        counter(&env),
        2,
        "the failed write of 999 is gone, the next request ran"
    );
    let fees: u64 = res.receipts.iter().map(|r| r.fee).sum();
    assert_eq!(
        env.balance(&alice),
        base(before.get(&isc_abi::Color::BASE) - fees)
    );
    assert!(!res
        .events
        .iter()
        .any(|e| e.text.contains("must not survive")));
    let line = format!("[req] {}: panic: deliberate failure", r2.id);
    assert!(
        res.events.iter().any(|e| e.text == line),
        "{:?}",
        res.events
    );
    let counter_h = Hname::new("counter");
    let recs = env.view(
        "eventlog",
        "getRecords",
        dict(&[("contractHname", counter_h.encode())]),
    );
    let texts: Vec<String> = (0..u32::decode(recs.get(b"numRecords").unwrap()).unwrap())
        .map(|i| {
            Record::decode(recs.get(&i.to_be_bytes()).unwrap())
                .unwrap()
                .text
        })
        .collect();
    assert!(texts.contains(&line), "{texts:?}");
}

#[test]
fn requests_run_at_consecutive_nanoseconds() {
    let env = counter_env(Limits::DEFAULT);
    for _ in 0..3 {
        env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    }
    let (_, ts, _) = env.chain.head().unwrap();
    let t = ts + 5_000;
    let res = env.chain.run_backlog(t, usize::MAX).unwrap().unwrap();
    let stamps: Vec<i64> = res.block.updates.iter().map(|u| u.timestamp).collect();
    assert_eq!(
        stamps,
        vec![t, t + 1, t + 2, t + 3],
        "three requests and the closing update"
    );
    assert_eq!(res.block.timestamp, t + 3);
    assert_eq!(res.info.timestamp, t);
    // A block may not go back in time.
    let err = env.chain.run_backlog(t, usize::MAX);
    assert!(err.is_err() || err.unwrap().is_none());
    env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    assert!(env.chain.run_backlog(t + 3, usize::MAX).is_err());
}

#[test]
fn time_locked_requests_wait_in_the_backlog() {
    let mut env = counter_env(Limits::DEFAULT);
    let (_, ts, _) = env.chain.head().unwrap();
    let unlock_s = (ts / 1_000_000_000 + 100) as u32;
    let mut req = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    // Replace the backlog entry with a time-locked copy of it (same sender, new id).
    let backlog = env.chain.backlog().unwrap();
    assert_eq!(backlog.len(), 1);
    env.run();
    req.id = isc_abi::RequestId::new(isc_abi::TxId([0xaa; 32]), 0);
    req.timelock = unlock_s;
    env.chain.post(req.clone()).unwrap();
    let (_, ts, _) = env.chain.head().unwrap();
    assert!(env
        .chain
        .run_backlog(ts + 1_000, usize::MAX)
        .unwrap()
        .is_none());
    assert_eq!(env.chain.backlog_len().unwrap(), 1);
    assert_eq!(counter(&env), 1);
    let later = i64::from(unlock_s) * 1_000_000_000;
    let res = env.chain.run_backlog(later, usize::MAX).unwrap().unwrap();
    assert!(res.receipts[0].error.is_none());
    assert_eq!(counter(&env), 2);
    assert_eq!(env.chain.backlog_len().unwrap(), 0);
}

#[test]
fn out_of_gas_burns_exactly_the_budget() {
    let mut env = counter_env(Limits::DEFAULT);
    let req = env.post("alice", "counter", "burn", Dict::new(), base(0), 200_000);
    let res = env.run().unwrap();
    let rc = &res.receipts[0];
    assert_eq!(rc.request_id, req.id);
    assert!(
        rc.error.as_deref().unwrap().starts_with("out of gas"),
        "{rc:?}"
    );
    assert_eq!(rc.gas_budget, 200_000);
    assert_eq!(rc.gas_burned, 200_000);
    assert_eq!(rc.fee, 200);
    // A budget above the per-request limit is clamped to it.
    let req = env.post("alice", "counter", "burn", Dict::new(), base(0), u64::MAX);
    let res = env.run().unwrap();
    assert_eq!(res.receipts[0].request_id, req.id);
    assert_eq!(
        res.receipts[0].gas_budget,
        Limits::DEFAULT.max_gas_per_request.min(10_000_000 * 1000)
    );
}

#[test]
fn requests_past_the_block_gas_limit_wait_for_the_next_block() {
    let limits = Limits {
        max_gas_per_block: 500_000,
        max_gas_per_request: 400_000,
        default_gas_budget: 300_000,
        ..Limits::DEFAULT
    };
    let mut env = counter_env(limits);
    let a = env.post("alice", "counter", "burn", Dict::new(), base(0), 300_000);
    let b = env.post("alice", "counter", "burn", Dict::new(), base(0), 300_000);
    let c = env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
    let res = env.run().unwrap();
    let ran: Vec<_> = res.receipts.iter().map(|r| r.request_id).collect();
    assert_eq!(ran, vec![a.id, c.id]);
    assert_eq!(res.not_run, vec![NotRun::BlockGasLimit(b.id)]);
    assert!(res.info.gas_burned <= 500_000);
    let res = env.run().unwrap();
    assert_eq!(res.receipts[0].request_id, b.id);
    assert_eq!(env.chain.backlog_len().unwrap(), 0);
}

#[test]
fn recursion_stops_at_the_call_depth_limit() {
    let mut env = counter_env(Limits::DEFAULT);
    let rc = env.call("alice", "counter", "recurse", Dict::new(), base(0));
    assert_eq!(rc.error.as_deref(), Some("call depth limit of 64 exceeded"));
    let rc = env.call("alice", "counter", "callOwnView", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
}

/// The same requests on two fresh chains give the same blocks, receipts and state hashes.
#[test]
fn execution_is_deterministic() {
    let run = || {
        let mut env = counter_env(Limits::DEFAULT);
        for f in ["increment", "failAfterWrite", "burn", "increment"] {
            env.post("alice", "counter", f, Dict::new(), base(0), 100_000);
        }
        let res = env.run().unwrap();
        (res.state_hash, res.receipts, res.block.encode())
    };
    assert_eq!(run(), run());
}

#[test]
fn a_chain_on_redb_survives_reopening_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.redb");
    let owner = AgentId::address(isc_env::l1::test_address("owner"));
    let registry = Arc::new(ProcessorRegistry::new());
    let hash_after = {
        let db = RedbStore::create_database(&path).unwrap();
        let store: Arc<dyn Store> = Arc::new(RedbStore::open_namespace(db, "chain").unwrap());
        let chain =
            Chain::create(store, registry.clone(), ChainId([1; 32]), owner, T0, "redb").unwrap();
        let res = chain.run_backlog(T0 + 1_000, 10).unwrap().unwrap();
        assert!(res.receipts[0].error.is_none());
        res.state_hash
    };
    let db = RedbStore::create_database(&path).unwrap();
    let store: Arc<dyn Store> = Arc::new(RedbStore::open_namespace(db, "chain").unwrap());
    let chain = Chain::open(store.clone(), registry).unwrap();
    assert_eq!(chain.head().unwrap().2, hash_after);
    assert_eq!(chain.head().unwrap().0, 1);
    let report = verify(store.as_ref()).unwrap();
    assert_eq!(report.blocks, 2);
    assert_eq!(report.state_hash, hash_after);
    let info = chain
        .call_view(Hname::new("root"), Hname::new("getChainInfo"), Dict::new())
        .unwrap();
    assert_eq!(AgentId::decode(info.get(b"o").unwrap()).unwrap(), owner);
}

#[test]
fn chains_run_in_parallel_threads() {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                let mut env = counter_env(Limits::DEFAULT);
                for _ in 0..20 {
                    env.post("alice", "counter", "increment", Dict::new(), base(0), 0);
                }
                env.run().unwrap();
                (counter(&env), env.chain.head().unwrap().2)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(results.iter().all(|r| r.0 == 20));
    assert!(
        results.windows(2).all(|w| w[0] == w[1]),
        "same inputs, same state hash"
    );
}

#[test]
fn gas_reports_list_what_a_request_burned() {
    let registry = ProcessorRegistry::new();
    let mut env = ChainFixture::with(registry, Limits::DEFAULT);
    let placeholder = Chain::create(
        Arc::new(isc_sandbox::MemStore::new()),
        Arc::new(ProcessorRegistry::new()),
        ChainId([2; 32]),
        env.agent("owner"),
        T0,
        "x",
    )
    .unwrap();
    let chain = std::mem::replace(&mut env.chain, placeholder);
    env.chain = chain.with_gas_reports(true);
    let req = env.post("alice", "accounts", "deposit", Dict::new(), base(50_000), 0);
    let res = env.run().unwrap();
    let (id, report) = &res.gas_reports[0];
    assert_eq!(*id, req.id);
    assert!(report.contains("request"), "{report}");
    assert!(report.contains("transfer"), "{report}");
    let total_line = report.lines().last().unwrap();
    assert!(
        total_line.contains(&res.receipts[0].gas_burned.to_string()),
        "{report}"
    );
}
