//! End-to-end tests of the history: `block show` lets anyone recompute the hash chain, and `verify`
//! catches a store changed behind the history's back.

mod common;

use std::path::Path;

use common::{all_ok, Chain, INCCOUNTER_WASM};
use isc_abi::{blake2b256, Hash};
use serde_json::Value;

/// Encodes a block from `block show --json` as DESIGN.md says, independently of the sandbox.
fn encode_block(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(v["index"].as_u64().unwrap() as u32).to_le_bytes());
    out.extend_from_slice(&v["timestamp"].as_i64().unwrap().to_le_bytes());
    let updates = v["updates"].as_array().unwrap();
    out.extend_from_slice(&(updates.len() as u32).to_le_bytes());
    for u in updates {
        out.extend_from_slice(&u["timestamp"].as_i64().unwrap().to_le_bytes());
        let muts = u["mutations"].as_array().unwrap();
        out.extend_from_slice(&(muts.len() as u32).to_le_bytes());
        for m in muts {
            let key = hex::decode(m["key"].as_str().unwrap()).unwrap();
            match m["op"].as_str().unwrap() {
                "set" => {
                    out.push(0);
                    out.extend_from_slice(&(key.len() as u32).to_le_bytes());
                    out.extend_from_slice(&key);
                    let value = hex::decode(m["value"].as_str().unwrap()).unwrap();
                    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
                    out.extend_from_slice(&value);
                }
                "delete" => {
                    assert!(m.get("value").is_none_or(Value::is_null));
                    out.push(1);
                    out.extend_from_slice(&(key.len() as u32).to_le_bytes());
                    out.extend_from_slice(&key);
                }
                op => panic!("unknown op {op}"),
            }
        }
    }
    out
}

#[test]
fn block_show_lets_anyone_recompute_the_state_hash() {
    let chain = Chain::initialized();
    let origin = chain.json(&["block", "show", "0"]);
    assert_eq!(origin["previous_state_hash"], blake2b256(b"").to_string());
    let mut previous = None;
    for n in ["0", "1"] {
        let v = chain.json(&["block", "show", n]);
        if let Some(p) = &previous {
            assert_eq!(&v["previous_state_hash"], p);
        }
        let bytes = encode_block(&v);
        assert_eq!(
            blake2b256(&bytes).to_string(),
            v["block_hash"].as_str().unwrap()
        );
        let prev = Hash::from_hex(v["previous_state_hash"].as_str().unwrap()).unwrap();
        let block_hash = Hash::from_hex(v["block_hash"].as_str().unwrap()).unwrap();
        let mut input = prev.0.to_vec();
        input.extend_from_slice(&block_hash.0);
        assert_eq!(
            blake2b256(&input).to_string(),
            v["state_hash"].as_str().unwrap()
        );
        // The block decodes into the same updates with the sandbox's decoder.
        let decoded = isc_sandbox::Block::decode(&bytes).expect("decodes");
        assert_eq!(
            decoded.updates.len(),
            v["updates"].as_array().unwrap().len()
        );
        previous = Some(v["state_hash"].clone());
    }
    let head = chain.json(&["chain", "info"]);
    assert_eq!(head["head"]["state_hash"], previous.unwrap());
    assert!(chain.ok(&["block", "show", "1"]).contains("root/o"));
    let err = chain.fails(&["block", "show", "7"]);
    assert!(err.contains("block 7 does not exist"), "{err}");
}

/// Writes a value into the chain's state behind the history's back: a commit whose state mutations
/// differ from what its block records (the state key is changed, the block says something else).
fn tamper(path: &Path) {
    use isc_sandbox::{
        next_state_hash, Block, CommitBatch, Mutation, RedbStore, StateUpdate, Store, StoredBlock,
    };
    let db = RedbStore::create_database(path).expect("open the file");
    let store = RedbStore::open_namespace(db, "chain").expect("chain namespace");
    let head = store.head().unwrap().expect("a head");
    let mut victim = None;
    store
        .iterate_prefix(&[], &mut |k, _| {
            victim = Some(k.to_vec());
            false
        })
        .unwrap();
    let victim = victim.expect("a state key");
    let honest = Mutation::Set {
        key: b"zz-harmless".to_vec(),
        value: vec![1],
    };
    let ts = head.timestamp + 1;
    let block = Block {
        index: head.index + 1,
        timestamp: ts,
        updates: vec![StateUpdate::new(ts, vec![honest.clone()])],
    };
    let bytes = block.encode();
    let state_hash = next_state_hash(&head.state_hash, &blake2b256(&bytes));
    store
        .commit(&CommitBatch {
            mutations: vec![
                Mutation::Set {
                    key: victim,
                    value: b"forged".to_vec(),
                },
                honest,
            ],
            block: StoredBlock {
                index: head.index + 1,
                timestamp: ts,
                bytes,
                state_hash,
            },
            aux: Vec::new(),
        })
        .expect("commit the forged batch");
}

#[test]
fn verify_passes_then_catches_tampering() {
    let chain = Chain::initialized();
    chain.deposit("alice", 10_000);
    let v = chain.json(&["verify"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["blocks"], 3);
    assert!(chain.ok(&["verify"]).starts_with("ok"));
    tamper(&chain.path);
    let err = chain.fails(&["verify"]);
    assert!(err.contains("block"), "the error names a block: {err}");
    assert!(err.contains("differs from the history"), "{err}");
    let (code, out, _) = chain.run(&["--json", "verify"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
}

#[test]
fn a_wasm_contract_deploys_and_later_commands_load_it_from_the_module_cache() {
    let chain = Chain::initialized();
    chain.deposit("alice", 1_000_000);
    let hash = chain.store_blob(INCCOUNTER_WASM);
    all_ok(&chain.block());
    chain.deploy(&hash, "inccounter", &["counter=i64:41"]);
    let b = chain.block();
    all_ok(&b);
    assert_eq!(
        b["module_cache"]["compiles"], 1,
        "compiled at deployment: {b}"
    );
    chain.call("alice", "inccounter", "increment", &[]);
    let b = chain.block();
    assert!(b["receipts"][0]["error"].is_null(), "{b}");
    assert_eq!(b["receipts"][0]["func"], "increment");
    // A new process: the module comes from disk, nothing is compiled.
    assert_eq!(b["module_cache"]["compiles"], 0, "{b}");
    assert_eq!(b["module_cache"]["disk_hits"], 1, "{b}");
    let v = chain.json(&["view", "--contract", "inccounter", "--func", "getCounter"]);
    assert_eq!(v[0]["value_hex"], "2a00000000000000", "{v}");
}
