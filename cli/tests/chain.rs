//! End-to-end tests of the chain commands: run the built `iscvm` binary on a fresh redb file.

mod common;

use common::{field_sizes, is_hash, iscvm, Chain};
use serde_json::Value;

#[test]
fn init_prints_the_chain_and_refuses_a_second_init() {
    let chain = Chain::created();
    let (code, _, err) = chain.run(&["chain", "init"]);
    assert_eq!(code, 1);
    assert!(err.contains("already holds chain"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.redb");
    let (code, out, _) = iscvm(&[
        "--db",
        path.to_str().unwrap(),
        "--json",
        "chain",
        "init",
        "--owner",
        "carol",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["chain_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["owner"].as_str().unwrap().starts_with("A/"));
    assert!(is_hash(&v["origin_state_hash"]));
    assert_eq!(v["backlog"], 1);
    let info = serde_json::from_str::<Value>(
        &iscvm(&["--db", path.to_str().unwrap(), "--json", "chain", "info"]).1,
    )
    .unwrap();
    assert_eq!(info["head"]["index"], 0);
    assert!(info["owner"].is_null(), "no owner before root.init ran");
}

#[test]
fn request_and_block_run_json() {
    let chain = Chain::initialized();
    let id = chain.call(
        "alice",
        "accounts",
        "deposit",
        &["--transfer", "base:100000"],
    );
    let v = chain.block();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in ["block_index", "state_hash", "receipts"] {
        assert!(keys.contains(&&k.to_string()), "missing {k}: {v}");
    }
    assert_eq!(v["block_index"], 2);
    assert!(is_hash(&v["state_hash"]));
    let receipts = v["receipts"].as_array().unwrap();
    assert_eq!(receipts.len(), 1);
    let r = &receipts[0];
    for k in [
        "request_id",
        "contract",
        "func",
        "error",
        "gas_burned",
        "fee",
    ] {
        assert!(r.get(k).is_some(), "receipt lacks {k}: {r}");
    }
    assert_eq!(r["request_id"], id.as_str());
    assert_eq!(r["contract"], "accounts");
    assert_eq!(r["func"], "deposit");
    assert!(r["error"].is_null());
    assert!(r["gas_burned"].as_u64().unwrap() > 0);
    assert!(r["fee"].as_u64().unwrap() > 0);

    // The head moved: an empty backlog runs nothing and says so.
    let v = chain.block();
    assert!(v["block_index"].is_null());
    assert!(v["message"].as_str().unwrap().contains("empty"));
    assert!(chain.ok(&["block", "run"]).contains("empty"));
}

#[test]
fn deposit_then_balance() {
    let chain = Chain::initialized();
    chain.call(
        "alice",
        "accounts",
        "deposit",
        &["--transfer", "base:100000"],
    );
    let fee = chain.block()["receipts"][0]["fee"].as_u64().unwrap();
    let v = chain.json(&["accounts", "balance", "alice"]);
    assert_eq!(v["balances"]["base"].as_u64(), Some(100_000 - fee));
    assert_eq!(v["l1"]["base"].as_u64(), Some(1_000_000_000 - 100_000));
    // The same account by agent id.
    let agent = v["agent"].as_str().unwrap().to_string();
    let again = chain.json(&["accounts", "balance", &agent]);
    assert_eq!(again["balances"], v["balances"]);
    // Transfers move it; list and total agree.
    chain.call(
        "alice",
        "accounts",
        "transfer",
        &["-p", "a=agent:bob", "-p", "n=u64:1000"],
    );
    assert!(chain.block()["receipts"][0]["error"].is_null());
    assert_eq!(
        chain.json(&["accounts", "balance", "bob"])["balances"]["base"],
        1000
    );
    let total = chain.json(&["accounts", "total"]);
    assert_eq!(total["balances"], total["held_on_l1"]);
    let list = chain.json(&["accounts", "list"]);
    let sum: u64 = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["balances"]["base"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(Some(sum), total["balances"]["base"].as_u64());
}

#[test]
fn failing_requests_get_receipt_errors() {
    let chain = Chain::initialized();
    chain.deposit("alice", 100_000);
    chain.call("alice", "nosuchcontract", "foo", &["-p", "x=u64:1"]);
    chain.call("alice", "accounts", "noSuchFunc", &[]);
    chain.call("alice", "3c4b5e02", "transfer", &["-p", "a=agent:bob"]);
    let (code, out, _) = chain.run(&["--json", "block", "run"]);
    assert_eq!(code, 0, "a failing request is not a failing command");
    let v: Value = serde_json::from_str(&out).unwrap();
    let r = v["receipts"].as_array().unwrap();
    assert_eq!(r.len(), 3);
    let unknown = r[0]["error"].as_str().unwrap();
    assert!(unknown.contains("not found"), "{unknown}");
    assert_eq!(
        r[0]["contract"],
        isc_abi::Hname::new("nosuchcontract").to_string()
    );
    let no_entry = r[1]["error"].as_str().unwrap();
    assert!(no_entry.contains("entry point"), "{no_entry}");
    assert_eq!(r[1]["contract"], "accounts");
    assert_eq!(r[1]["func"], isc_abi::Hname::new("noSuchFunc").to_string());
    let missing = r[2]["error"].as_str().unwrap();
    assert!(missing.contains("missing param `n`"), "{missing}");
    assert_eq!(r[2]["func"], "transfer");
    for rc in r {
        assert!(
            rc["fee"].as_u64().unwrap() > 0,
            "a failed request still pays: {rc}"
        );
    }
}

#[test]
fn blob_store_list_info_and_unsupported_deploy() {
    let chain = Chain::initialized();
    let file = chain.path.with_file_name("prog.wat");
    std::fs::write(&file, b"(module (memory (export \"memory\") 1))").unwrap();
    let file = file.to_str().unwrap();
    let v = chain.json(&["blob", "store", file, "--description", "tiny"]);
    let hash = v["hash"].as_str().unwrap().to_string();
    assert!(v["request_id"].is_string());
    assert!(
        v["deposit_request_id"].is_string(),
        "owner had nothing to pay with: {v}"
    );
    // The same hash as the stateless command, over the assembled binary (WAT is converted before it
    // reaches the chain): magic, version, memory section, export section.
    let binary = "0061736d010000000503010001070a01066d656d6f72790200";
    let expected = iscvm(&[
        "blob-hash",
        &format!("p=hex:{binary}"),
        "v=wasmer",
        "d=tiny",
    ])
    .1;
    assert_eq!(hash, expected.trim());
    // Not stored before the block runs.
    assert_eq!(chain.json(&["blob", "list"]).as_array().unwrap().len(), 0);
    let b = chain.block();
    assert_eq!(b["receipts"].as_array().unwrap().len(), 2);
    assert!(b["receipts"][1]["error"].is_null(), "{b}");
    assert_eq!(b["receipts"][1]["func"], "storeBlob");

    let list = chain.json(&["blob", "list"]);
    assert_eq!(list[0]["hash"], hash.as_str());
    assert_eq!(list[0]["vm_type"], "wasmer");
    let info = chain.json(&["blob", "info", &hash]);
    assert_eq!(
        field_sizes(&info),
        vec![("d".into(), 4), ("p".into(), 25), ("v".into(), 6)]
    );
    assert!(chain.ok(&["blob", "info", &hash]).contains("wasmer"));
    chain.fails(&["blob", "info", "xyz"]);
    chain.fails(&["blob", "info", &"00".repeat(32)]);

    // A program of a VM type this chain cannot run: storing works, deploying fails in the receipt.
    let evm = chain.json(&["blob", "store", file, "--vm", "evm"]);
    let evm_hash = evm["hash"].as_str().unwrap().to_string();
    assert!(
        evm["deposit_request_id"].is_null(),
        "owner can pay now: {evm}"
    );
    let b = chain.block();
    assert!(b["receipts"][0]["error"].is_null(), "{b}");
    assert_eq!(chain.json(&["blob", "list"]).as_array().unwrap().len(), 2);
    let d = chain.json(&[
        "deploy",
        "--program",
        &evm_hash,
        "--name",
        "tiny",
        "-p",
        "start=u64:1",
    ]);
    assert_eq!(d["hname"], isc_abi::Hname::new("tiny").to_string());
    let b = chain.block();
    let rc = b["receipts"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(rc["contract"], "root");
    assert_eq!(rc["func"], "deployContract");
    let err = rc["error"].as_str().unwrap();
    assert!(err.contains("VM type `evm` is not supported"), "{err}");
    assert!(rc["fee"].as_u64().unwrap() > 0);
    // Nothing was deployed.
    let (code, _, err) = chain.run(&[
        "view",
        "--contract",
        "root",
        "--func",
        "findContract",
        "-p",
        "hn=hname:tiny",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn views_receipts_and_events() {
    let chain = Chain::initialized();
    chain.deposit("alice", 50_000);
    let v = chain.json(&[
        "view",
        "--contract",
        "accounts",
        "--func",
        "balance",
        "-p",
        "a=agent:alice",
    ]);
    let row = &v[0];
    assert_eq!(row["key_hex"], "00".repeat(32));
    let amount = u64::from_le_bytes(
        hex::decode(row["value_hex"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap(),
    );
    assert!(amount > 49_000 && amount < 50_000, "{amount}");
    assert_eq!(row["u64"].as_u64(), Some(amount));
    let info = chain.json(&["view", "--contract", "cebf5908", "--func", "getChainInfo"]);
    let keys: Vec<&str> = info
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    for k in ["c", "o", "gt"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    assert!(chain
        .ok(&["view", "--contract", "root", "--func", "getChainInfo"])
        .contains("gt = "));
    // A func is not a view.
    let err = chain.fails(&["view", "--contract", "accounts", "--func", "deposit"]);
    assert!(err.contains("view"), "{err}");

    let r = chain.json(&["receipts", "2"]);
    assert_eq!(r["block_index"], 2);
    assert_eq!(r["receipts"][0]["func"], "deposit");
    assert!(r["receipts"][0]["error"].is_null());
    assert!(chain.ok(&["receipts", "1"]).contains("root.init"));
    let err = chain.fails(&["receipts", "99"]);
    assert!(err.contains("does not exist"), "{err}");

    let events = chain.json(&["events"]);
    let events = events.as_array().unwrap();
    assert!(events
        .iter()
        .any(|e| e["text"].as_str().unwrap().starts_with("[init]")));
    let ts: Vec<i64> = events
        .iter()
        .map(|e| e["timestamp"].as_i64().unwrap())
        .collect();
    assert!(ts.windows(2).all(|w| w[0] >= w[1]), "newest first: {ts:?}");
    let accounts = chain.json(&["events", "--contract", "accounts"]);
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0]["contract"], "accounts");
    assert!(accounts[0]["text"].as_str().unwrap().ends_with(": Ok"));
}

#[test]
fn block_run_prints_gas_reports() {
    let chain = Chain::initialized();
    chain.json(&[
        "request",
        "--sender",
        "alice",
        "--contract",
        "accounts",
        "--func",
        "deposit",
        "--transfer",
        "base:100000",
    ]);
    let v = chain.json(&["block", "run", "--gas-report"]);
    let report = v["gas_reports"][0]["report"].as_str().unwrap();
    assert!(report.contains("total"), "{report}");
    assert!(report.contains("request"), "{report}");
    assert_eq!(
        v["gas_reports"][0]["request_id"],
        v["receipts"][0]["request_id"]
    );
    let burned = v["receipts"][0]["gas_burned"].as_u64().unwrap();
    assert!(report.contains(&burned.to_string()), "{report}");
}

/// `view` JSON: the u64 under `key`.
fn view_u64(v: &Value, key: &str) -> Option<u64> {
    v.as_array()?
        .iter()
        .find(|e| e["key"] == key)
        .and_then(|e| e["u64"].as_u64())
}

#[test]
fn one_file_holds_several_chains_that_exchange_requests() {
    let chain = Chain::created();
    let pingpong = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../contracts/wasm/pingpong.wasm"
    );
    // A second chain in the same file; a taken or malformed name is refused.
    let b = chain.json(&["chain", "init", "--name", "b"]);
    assert_eq!(b["name"], "b");
    let b_id = b["chain_id"].as_str().unwrap().to_string();
    let err = chain.fails(&["chain", "init", "--name", "b"]);
    assert!(err.contains("already holds chain `b`"), "{err}");
    let err = chain.fails(&["chain", "init", "--name", "no/slash"]);
    assert!(err.contains("not allowed"), "{err}");
    let err = chain.fails(&["--chain", "nope", "chain", "info"]);
    assert!(
        err.contains("no chain named `nope`") && err.contains("b, main"),
        "{err}"
    );
    let main_id = chain.json(&["chain", "info"])["chain_id"]
        .as_str()
        .unwrap()
        .to_string();
    for name in ["main", "b"] {
        let v = chain.json(&["--chain", name, "block", "run"]);
        assert_eq!(v["block_index"], 1, "{v}");
        let stored = chain.json(&["--chain", name, "blob", "store", pingpong]);
        chain.json(&["--chain", name, "block", "run"]);
        let hash = stored["hash"].as_str().unwrap();
        chain.json(&[
            "--chain",
            name,
            "deploy",
            "--program",
            hash,
            "--name",
            "pingpong",
        ]);
        let v = chain.json(&["--chain", name, "block", "run"]);
        let last = v["receipts"].as_array().unwrap().last().unwrap().clone();
        assert!(last["error"].is_null(), "{v}");
    }
    // alice pays her fees on both chains; pingpong of main pays its fees on b from its account there.
    for name in ["main", "b"] {
        chain.ok(&[
            "--chain",
            name,
            "request",
            "--sender",
            "alice",
            "--contract",
            "accounts",
            "--func",
            "deposit",
            "--transfer",
            "base:1000000",
        ]);
    }
    let pingpong_of_main = format!("agent:C/{main_id}::{}", "de8aced9");
    chain.ok(&[
        "--chain",
        "b",
        "request",
        "--sender",
        "alice",
        "--contract",
        "accounts",
        "--func",
        "deposit",
        "-p",
        &format!("a={pingpong_of_main}"),
        "--transfer",
        "base:1000000",
    ]);
    for name in ["main", "b"] {
        chain.json(&["--chain", name, "block", "run"]);
    }
    // A ping with tokens from main to b: main's block sends it, b's backlog receives it.
    chain.ok(&[
        "request",
        "--sender",
        "alice",
        "--contract",
        "pingpong",
        "--func",
        "ping",
        "-p",
        &format!("c=chain:{b_id}"),
        "-p",
        "n=u64:1",
        "--transfer",
        "base:700",
    ]);
    let v = chain.json(&["block", "run"]);
    assert_eq!(v["outgoing"][0]["chain"], "b", "{v}");
    assert_eq!(v["outgoing"][0]["chain_id"], b_id.as_str());
    assert_eq!(v["outgoing"][0]["func"], "ping");
    assert_eq!(v["outgoing"][0]["tokens"]["base"], 700, "{v}");
    let list = chain.json(&["chain", "list"]);
    let chains = list["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 2);
    let listed_b = chains.iter().find(|c| c["name"] == "b").unwrap();
    assert_eq!(listed_b["chain_id"], b_id.as_str());
    assert_eq!(listed_b["backlog"], 1, "{list}");
    assert!(list["pending"].as_array().unwrap().is_empty());
    let v = chain.json(&["--chain", "b", "block", "run"]);
    assert!(v["receipts"][0]["error"].is_null(), "{v}");
    let count = chain.json(&[
        "--chain",
        "b",
        "view",
        "--contract",
        "pingpong",
        "--func",
        "getCount",
    ]);
    assert_eq!(view_u64(&count, "count"), Some(1), "{count}");
    let held = chain.json(&[
        "--chain",
        "b",
        "accounts",
        "balance",
        &format!("C/{b_id}::de8aced9"),
    ]);
    assert!(held.to_string().contains("700"), "{held}");
    for name in ["main", "b"] {
        assert!(chain.ok(&["--chain", name, "verify"]).starts_with("ok"));
    }
    let audit = chain.json(&["audit"]);
    assert_eq!(audit["ok"], true, "{audit}");
    assert_eq!(audit["chains"].as_array().unwrap().len(), 2);
    assert_eq!(audit["minted"], audit["on_l1"]);
}

#[test]
fn chain_info_shows_roots_owner_description_and_fee_policy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.redb");
    let db = path.to_str().unwrap();
    let (code, _, err) = iscvm(&["--db", db, "chain", "init", "--description", "test chain"]);
    assert_eq!(code, 0, "{err}");
    let info = |args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        iscvm(&all).1
    };
    let v: Value = serde_json::from_str(&info(&["--json", "chain", "info"])).unwrap();
    assert!(
        v["owner"].is_null() && v["fee"].is_null(),
        "before init: {v}"
    );
    assert_eq!(v["description"], "", "root's init records it");
    iscvm(&["--db", db, "block", "run"]);
    let v: Value = serde_json::from_str(&info(&["--json", "chain", "info"])).unwrap();
    assert!(v["owner"].as_str().unwrap().starts_with("A/"), "{v}");
    assert_eq!(v["fee"]["color"], "base");
    assert_eq!(v["fee"]["gas_per_token"], 1000);
    assert_eq!(v["description"], "test chain");
    assert!(info(&["chain", "info"]).contains("fees         1 base token per 1000 gas"));
    // The owner changes the policy; chain info follows.
    for (contract, func, option, value) in [
        ("accounts", "deposit", "--transfer", "base:1000000"),
        ("root", "setFeePolicy", "-p", "gt=u64:250"),
    ] {
        let request = ["--contract", contract, "--func", func, option, value];
        let mut all = vec!["--db", db, "request", "--sender", "owner"];
        all.extend_from_slice(&request);
        assert_eq!(iscvm(&all).0, 0);
        let b: Value = serde_json::from_str(&info(&["--json", "block", "run"])).unwrap();
        assert!(b["receipts"][0]["error"].is_null(), "{b}");
    }
    let v: Value = serde_json::from_str(&info(&["--json", "chain", "info"])).unwrap();
    assert_eq!(v["fee"]["gas_per_token"], 250);
    assert_eq!(v["description"], "test chain");
}
