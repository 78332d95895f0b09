//! root: init, deployment (and every refusal), permissions, ownership, fee policy, views.

use std::sync::Arc;

mod test_vm;
use isc_abi::{blob_hash, AgentId, Codec, Color, Dict, Hash, Hname};
use isc_env::fixture::*;
use isc_gas::Limits;
use isc_native_contracts::root::ContractRecord;
use isc_runtime::ProcessorRegistry;
use test_vm::TestVm;

fn test_env() -> ChainFixture {
    ChainFixture::with(
        ProcessorRegistry::new().with_vm(Arc::new(TestVm)),
        Limits::DEFAULT,
    )
}

/// Stores a blob from `from` and returns its hash.
fn store_blob(env: &mut ChainFixture, from: &str, vm: &str, program: &[u8]) -> Hash {
    let fields = dict(&[("v", vm.as_bytes().to_vec()), ("p", program.to_vec())]);
    let hash = blob_hash(&fields);
    let rc = env.call(from, "blob", "storeBlob", fields, base(100_000));
    assert!(rc.error.is_none(), "{rc:?}");
    hash
}

fn deploy(env: &mut ChainFixture, from: &str, program: Hash, name: &str) -> Option<String> {
    let params = dict(&[
        ("ph", program.encode()),
        ("nm", name.as_bytes().to_vec()),
        ("ds", b"a test contract".to_vec()),
        ("start", 41u64.encode()),
    ]);
    env.call(from, "root", "deployContract", params, base(1_000_000))
        .error
}

#[test]
fn init_makes_the_sender_owner_and_records_the_core_contracts() {
    let env = ChainFixture::new();
    let info = env.view("root", "getChainInfo", Dict::new());
    let owner = AgentId::decode(info.get(b"o").unwrap()).unwrap();
    assert_eq!(owner, env.agent("owner"));
    assert_eq!(info.get(b"ds"), Some(b"test chain".as_slice()));
    assert_eq!(u32::decode(info.get(b"n").unwrap()).unwrap(), 5);
    let records = env.view("root", "getContractRecords", Dict::new());
    for name in ["root", "accounts", "blob", "eventlog", "blocklog"] {
        let rec =
            ContractRecord::decode(records.get(&Hname::new(name).to_bytes()).unwrap()).unwrap();
        assert_eq!(rec.name, name);
        assert_eq!(rec.program_hash, isc_abi::blake2b256(name.as_bytes()));
    }
}

#[test]
fn second_init_is_refused() {
    let mut env = ChainFixture::new();
    let rc = env.call("mallory", "root", "init", Dict::new(), base(1_000));
    assert!(rc.error.unwrap().contains("already initialized"));
    let info = env.view("root", "getChainInfo", Dict::new());
    assert_eq!(
        AgentId::decode(info.get(b"o").unwrap()).unwrap(),
        env.agent("owner")
    );
}

#[test]
fn requests_queued_behind_init_run_after_it_in_the_same_block() {
    let mut env = ChainFixture::bare();
    env.post(
        "alice",
        "blob",
        "storeBlob",
        dict(&[("x", vec![1])]),
        base(100_000),
        0,
    );
    let res = env.run().unwrap();
    assert!(
        res.receipts[0].error.is_none(),
        "init: {:?}",
        res.receipts[0]
    );
    assert!(res.receipts[1].error.is_none(), "{:?}", res.receipts[1]);
}

#[test]
fn deploy_runs_init_and_the_contract_works() {
    let mut env = test_env();
    let program = store_blob(&mut env, "owner", "test", b"counter v1");
    assert_eq!(deploy(&mut env, "owner", program, "counter"), None);
    let rec = env.view(
        "root",
        "findContract",
        dict(&[("hn", Hname::new("counter").encode())]),
    );
    let rec = ContractRecord::decode(rec.get(b"dt").unwrap()).unwrap();
    assert_eq!(rec.program_hash, program);
    assert_eq!(rec.vm_type, "test");
    assert_eq!(rec.creator, env.agent("owner"));
    // Tokens sent to a user contract move to it, so the fee comes from an earlier deposit.
    let rc = env.call("alice", "counter", "increment", Dict::new(), base(10_000));
    assert!(
        rc.error.unwrap().contains("out of gas"),
        "nothing left for the fee"
    );
    assert_eq!(
        env.balance(&env.agent("alice")),
        base(10_000),
        "the tokens stay with the sender"
    );
    let rc = env.call("alice", "counter", "increment", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    let v = env.view("counter", "getCounter", Dict::new());
    assert_eq!(u64::decode(v.get(b"counter").unwrap()).unwrap(), 42);
}

#[test]
fn deploy_refusals() {
    let mut env = test_env();
    let program = store_blob(&mut env, "owner", "test", b"counter v1");
    // No permission.
    let err = deploy(&mut env, "alice", program, "counter").unwrap();
    assert!(err.contains("unauthorized"), "{err}");
    // Unknown program.
    let err = deploy(&mut env, "owner", Hash([9; 32]), "counter").unwrap();
    assert!(err.contains("not found in the blob registry"), "{err}");
    // Unsupported VM type.
    let other = store_blob(&mut env, "owner", "evm", b"whatever");
    let err = deploy(&mut env, "owner", other, "evmthing").unwrap();
    assert!(err.contains("VM type `evm` is not supported"), "{err}");
    // A program the VM rejects.
    let bad = store_blob(&mut env, "owner", "test", b"not a counter");
    let err = deploy(&mut env, "owner", bad, "bad").unwrap();
    assert!(err.contains("not a counter program"), "{err}");
    // A core program cannot be deployed again.
    let err = deploy(
        &mut env,
        "owner",
        isc_abi::blake2b256(b"accounts"),
        "accounts2",
    )
    .unwrap();
    assert!(err.contains("core program"), "{err}");
    // Taken names: a core contract's and a deployed one's.
    let err = deploy(&mut env, "owner", program, "accounts").unwrap();
    assert!(err.contains("taken"), "{err}");
    assert_eq!(deploy(&mut env, "owner", program, "counter"), None);
    let err = deploy(&mut env, "owner", program, "counter").unwrap();
    assert!(err.contains("taken"), "{err}");
    // Missing params.
    let rc = env.call("owner", "root", "deployContract", Dict::new(), base(1_000));
    assert!(rc.error.unwrap().contains("missing param `ph`"));
    // None of the refused names exist.
    for name in ["evmthing", "bad", "accounts2"] {
        assert!(env
            .try_view(
                "root",
                "findContract",
                dict(&[("hn", Hname::new(name).encode())])
            )
            .is_err());
    }
}

#[test]
fn deploy_permission_grant_and_revoke() {
    let mut env = test_env();
    let program = store_blob(&mut env, "owner", "test", b"counter");
    let alice = env.agent("alice");
    let rc = env.call(
        "alice",
        "root",
        "grantDeployPermission",
        dict(&[("dp", alice.encode())]),
        base(1_000),
    );
    assert!(rc.error.unwrap().contains("only the chain owner"));
    let rc = env.call(
        "owner",
        "root",
        "grantDeployPermission",
        dict(&[("dp", alice.encode())]),
        base(1_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert_eq!(deploy(&mut env, "alice", program, "c1"), None);
    let rc = env.call(
        "owner",
        "root",
        "revokeDeployPermission",
        dict(&[("dp", alice.encode())]),
        base(1_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    assert!(deploy(&mut env, "alice", program, "c2")
        .unwrap()
        .contains("unauthorized"));
}

#[test]
fn ownership_is_delegated_then_claimed() {
    let mut env = ChainFixture::new();
    let bob = env.agent("bob");
    let rc = env.call(
        "alice",
        "root",
        "delegateChainOwnership",
        dict(&[("oi", bob.encode())]),
        base(1_000),
    );
    assert!(rc.error.is_some());
    let rc = env.call(
        "owner",
        "root",
        "delegateChainOwnership",
        dict(&[("oi", bob.encode())]),
        base(1_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    let rc = env.call(
        "alice",
        "root",
        "claimChainOwnership",
        Dict::new(),
        base(1_000),
    );
    assert!(rc.error.unwrap().contains("not the delegated owner"));
    let rc = env.call(
        "bob",
        "root",
        "claimChainOwnership",
        Dict::new(),
        base(1_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    let info = env.view("root", "getChainInfo", Dict::new());
    assert_eq!(AgentId::decode(info.get(b"o").unwrap()).unwrap(), bob);
    // The old owner lost its rights.
    let rc = env.call(
        "owner",
        "root",
        "setFeePolicy",
        dict(&[("gt", 0u64.encode())]),
        base(1_000),
    );
    assert!(rc.error.is_some());
}

#[test]
fn fee_policy_sets_fees_and_goes_to_the_owner() {
    let mut env = ChainFixture::new();
    let owner = env.agent("owner");
    let alice = env.agent("alice");
    let rc = env.call("alice", "accounts", "deposit", Dict::new(), base(100_000));
    let fee = rc.fee;
    assert_eq!(
        fee,
        rc.gas_burned.div_ceil(1_000),
        "default policy: 1 token per 1,000 gas"
    );
    assert_eq!(env.balance(&alice), base(100_000 - fee));
    let owner_before = env.balance(&owner).get(&Color::BASE);
    assert_eq!(owner_before, fee);
    // Only the owner may change it; the failed attempt still pays its fee.
    let rc = env.call(
        "alice",
        "root",
        "setFeePolicy",
        dict(&[("gt", 0u64.encode())]),
        base(0),
    );
    assert!(rc.error.is_some());
    assert!(rc.fee > 0);
    let fee = fee + rc.fee;
    let rc = env.call(
        "owner",
        "root",
        "setFeePolicy",
        dict(&[("gt", 0u64.encode())]),
        base(10_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    let info = env.view("root", "getChainInfo", Dict::new());
    assert_eq!(u64::decode(info.get(b"gt").unwrap()).unwrap(), 0);
    let rc = env.call("alice", "accounts", "deposit", Dict::new(), base(5));
    assert_eq!(rc.fee, 0);
    assert!(rc.error.is_none());
    assert_eq!(env.balance(&alice), base(100_000 - fee + 5));
}

#[test]
fn find_contract_of_unknown_hname_fails() {
    let env = ChainFixture::new();
    let err = env
        .try_view(
            "root",
            "findContract",
            dict(&[("hn", Hname(0x1234_5678).encode())]),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("contract 12345678 not found"),
        "{err}"
    );
}
