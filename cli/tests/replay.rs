//! `block run --timestamp`: a block replayed on copies of one store file prints the same bytes.

mod common;

use std::path::Path;

use common::{all_ok, iscvm, Chain, INCCOUNTER_WASM};
use serde_json::Value;

/// Copies the store file `from` to `to`, and its module cache (`<file>.modules/`) when `modules`.
fn copy_store(from: &Path, to: &Path, modules: bool) {
    std::fs::copy(from, to).unwrap();
    if !modules {
        return;
    }
    let dir = |p: &Path| {
        let mut d = p.as_os_str().to_owned();
        d.push(".modules");
        std::path::PathBuf::from(d)
    };
    std::fs::create_dir_all(dir(to)).unwrap();
    for entry in std::fs::read_dir(dir(from)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir(to).join(entry.file_name())).unwrap();
    }
}

/// A chain with inccounter deployed and a backlog of a Wasm call and native requests.
fn chain_with_a_backlog() -> Chain {
    let chain = Chain::initialized();
    chain.deposit("alice", 1_000_000);
    let hash = chain.store_blob(INCCOUNTER_WASM);
    all_ok(&chain.block());
    chain.deploy(&hash, "inccounter", &["counter=i64:5"]);
    all_ok(&chain.block());
    for func in ["increment", "increment"] {
        chain.call("alice", "inccounter", func, &[]);
    }
    chain.call(
        "alice",
        "accounts",
        "transfer",
        &["-p", "a=agent:bob", "-p", "n=u64:1000"],
    );
    chain.call("bob", "accounts", "deposit", &["--transfer", "base:50000"]);
    chain
}

#[test]
fn the_same_backlog_at_the_same_timestamp_prints_the_same_bytes() {
    let chain = chain_with_a_backlog();
    let head = chain.json(&["chain", "info"])["head"]["timestamp"]
        .as_i64()
        .unwrap();
    let t = (head + 1_000_000_000).to_string();
    // One copy keeps the compiled module, the other compiles it again: the output must not tell.
    let (a, b) = (
        chain.path.with_file_name("a.redb"),
        chain.path.with_file_name("b.redb"),
    );
    copy_store(&chain.path, &a, true);
    copy_store(&chain.path, &b, false);
    let run = |db: &Path| {
        let (code, out, err) = iscvm(&[
            "--db",
            db.to_str().unwrap(),
            "--json",
            "block",
            "run",
            "--timestamp",
            &t,
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let (out_a, out_b) = (run(&a), run(&b));
    assert_eq!(out_a, out_b);
    let v: Value = serde_json::from_str(&out_a).unwrap();
    // Request i runs at T + i, the block's closing update at T + 4: the state's new timestamp.
    assert_eq!(v["timestamp"], head + 1_000_000_000 + 4);
    assert_eq!(v["receipts"].as_array().unwrap().len(), 4, "{v}");
    assert_eq!(v["receipts"][0]["func"], "increment");
    all_ok(&v);
    assert!(
        v.get("module_cache").is_none(),
        "the cache report depends on the machine: {v}"
    );
    // The original, run by the clock, reports its cache and reaches another state hash (its timestamp
    // differs), which is why a replay names the timestamp.
    let clock = chain.block();
    assert!(clock.get("module_cache").is_some(), "{clock}");
    assert_ne!(clock["state_hash"], v["state_hash"]);

    // The text output is the same too.
    let (c, d) = (
        chain.path.with_file_name("c.redb"),
        chain.path.with_file_name("d.redb"),
    );
    copy_store(&a, &c, false);
    copy_store(&a, &d, true);
    for db in [&c, &d] {
        let db = db.to_str().unwrap();
        iscvm(&[
            "--db",
            db,
            "request",
            "--sender",
            "alice",
            "--contract",
            "inccounter",
            "--func",
            "increment",
        ]);
    }
    let later = (head + 2_000_000_000).to_string();
    let text = |db: &Path| {
        iscvm(&[
            "--db",
            db.to_str().unwrap(),
            "block",
            "run",
            "--timestamp",
            &later,
        ])
        .1
    };
    let (text_c, text_d) = (text(&c), text(&d));
    assert_eq!(text_c, text_d);
    assert!(!text_c.contains("module cache"), "{text_c}");
    for db in [&a, &b, &c, &d] {
        assert_eq!(iscvm(&["--db", db.to_str().unwrap(), "verify"]).0, 0);
    }
}

#[test]
fn a_timestamp_not_after_the_head_is_refused_with_both() {
    let chain = chain_with_a_backlog();
    let head = chain.json(&["chain", "info"])["head"]["timestamp"]
        .as_i64()
        .unwrap();
    for t in [head, head - 1, -5] {
        let err = chain.fails(&["block", "run", "--timestamp", &t.to_string()]);
        assert!(
            err.contains(&format!("--timestamp {t} "))
                && err.contains(&format!("head's timestamp {head} "))
                && err.contains("block 4)"),
            "{err}"
        );
    }
    // Nothing ran: the backlog waits, and the next timestamp works.
    assert_eq!(chain.json(&["chain", "info"])["backlog"], 4);
    let v = chain.json(&["block", "run", "--timestamp", &(head + 1).to_string()]);
    assert_eq!(v["timestamp"], head + 1 + 4);
    assert_eq!(v["block_index"], 5);
}
