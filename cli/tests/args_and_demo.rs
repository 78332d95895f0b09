//! End-to-end tests of argument handling, help, and the demo.

mod common;

use common::{is_hash, iscvm, Chain};
use serde_json::Value;

#[test]
fn wrong_arguments_fail_with_a_message() {
    let chain = Chain::initialized();
    let db = chain.db();
    for args in [
        vec!["verify"],
        vec!["block", "run"],
        vec!["accounts", "list"],
        vec![
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "deposit",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "-p",
            "n=u64:abc",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "-p",
            "novalue",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "-p",
            "a=agent:A/bad",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "--transfer",
            "base",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "--transfer",
            "base:-5",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "a",
            "--contract",
            "accounts",
            "--func",
            "f",
            "--transfer",
            "nocolor0:5",
        ],
        vec![
            "--db",
            db,
            "request",
            "--sender",
            "A/xyz",
            "--contract",
            "accounts",
            "--func",
            "f",
        ],
        vec![
            "--db",
            db,
            "request",
            "--contract",
            "accounts",
            "--func",
            "f",
        ],
        vec!["--db", db, "no-such-command"],
        vec!["--db", db, "block", "fly"],
        vec!["--db", db, "deploy", "--program", "12", "--name", "x"],
        vec!["--db", db, "blob", "store", "/no/such/file.wasm"],
        vec!["--db", db, "accounts", "balance", "C/bad"],
        vec!["--db", db, "events", "--max", "0"],
    ] {
        let (code, out, err) = iscvm(&args);
        assert_eq!(code, 1, "{args:?}: {out} {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("error"), "{args:?}: {err}");
    }
    let (_, _, err) = iscvm(&["verify"]);
    assert!(err.contains("--db"), "{err}");
    let missing = chain.path.with_file_name("missing.redb");
    let (code, _, err) = iscvm(&["--db", missing.to_str().unwrap(), "verify"]);
    assert_eq!(code, 1);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.exists(), "a read command must not create the file");
    // A redb file without a chain.
    let empty = chain.path.with_file_name("empty.redb");
    drop(isc_sandbox::RedbStore::create_database(&empty).unwrap());
    let (code, _, err) = iscvm(&["--db", empty.to_str().unwrap(), "block", "run"]);
    assert_eq!(code, 1);
    assert!(err.contains("holds no chain"), "{err}");
    // A file that is not a database.
    let junk = chain.path.with_file_name("junk.redb");
    std::fs::write(&junk, b"not a database").unwrap();
    let (code, _, err) = iscvm(&["--db", junk.to_str().unwrap(), "verify"]);
    assert_eq!(code, 1);
    assert!(err.contains("junk.redb"), "{err}");
}

#[test]
fn help_on_every_command() {
    for args in [
        &["chain", "--help"][..],
        &["chain", "init", "--help"],
        &["chain", "info", "--help"],
        &["request", "--help"],
        &["blob", "--help"],
        &["blob", "store", "--help"],
        &["blob", "list", "--help"],
        &["blob", "info", "--help"],
        &["deploy", "--help"],
        &["block", "--help"],
        &["block", "run", "--help"],
        &["block", "show", "--help"],
        &["view", "--help"],
        &["accounts", "--help"],
        &["accounts", "balance", "--help"],
        &["accounts", "list", "--help"],
        &["accounts", "total", "--help"],
        &["receipts", "--help"],
        &["events", "--help"],
        &["verify", "--help"],
        &["demo", "--help"],
    ] {
        let (code, out, _) = iscvm(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("Usage"), "{args:?}");
    }
}

#[test]
fn demo_runs_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    let (code, out, err) = iscvm(&[
        "demo",
        "--requests",
        "200",
        "--json",
        "--db",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["transfers"]["requests"], 200);
    assert_eq!(v["transfers"]["ok"], 200);
    assert_eq!(v["transfers"]["failed"], 0);
    assert!(v["transfers"]["requests_per_second"].as_f64().unwrap() > 0.0);
    // The inccounter deployment succeeds; the one failure is the deliberate call without `n`.
    assert!(v["deploy_error"].is_null(), "{}", v["deploy_error"]);
    assert_eq!(v["receipts"]["failed"], 1);
    assert_eq!(v["verify"]["ok"], true);
    assert_eq!(v["total_assets"], v["held_on_l1"]);
    assert_eq!(
        v["withdrawal"]["l1_after"].as_u64().unwrap()
            - v["withdrawal"]["l1_before"].as_u64().unwrap(),
        1_000_000
    );
    assert!(is_hash(&v["state_hash"]));
    // Two chains exchanged a ping with tokens: main -> second -> main, every token accounted for.
    let x = &v["cross_chain"];
    assert_eq!(x["pings"], serde_json::json!([2, 1]), "{x}");
    assert_eq!(x["blocks"].as_array().unwrap().len(), 3, "{x}");
    assert_eq!(x["audit_ok"], true);
    let holding = |place: &str, holder: &str| {
        x["holdings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["place"] == place && h["holder"] == holder)
            .unwrap()
            .clone()
    };
    let alice_l1 = holding("L1", "alice");
    assert_eq!(
        alice_l1["before"].as_u64().unwrap() - alice_l1["after"].as_u64().unwrap(),
        5_000
    );
    let pp = holding("main", "pingpong@main");
    assert_eq!(
        pp["after"].as_u64().unwrap() - pp["before"].as_u64().unwrap(),
        5_000
    );
    let list = serde_json::from_str::<Value>(
        &iscvm(&["--db", path.to_str().unwrap(), "--json", "chain", "list"]).1,
    )
    .unwrap();
    assert_eq!(list["chains"].as_array().unwrap().len(), 2, "{list}");
    let (code, out, _) = iscvm(&[
        "--db",
        path.to_str().unwrap(),
        "--chain",
        "second",
        "verify",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ok"));
    // The file it leaves is a normal chain file.
    let (code, out, _) = iscvm(&["--db", path.to_str().unwrap(), "verify"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ok"));
    // A second demo on the same file is refused, saying what to do instead; the file is intact.
    let (code, _, err) = iscvm(&["demo", "--requests", "1", "--db", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("already holds chain `main`"), "{err}");
    assert!(err.contains("give `--db` a new path"), "{err}");
    let (code, out, _) = iscvm(&["--db", path.to_str().unwrap(), "verify"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ok"));
}

#[test]
fn bench_reports_figures_and_calibration() {
    let (code, out, err) = iscvm(&["bench", "--calibrate", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let figures = v["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 10);
    for name in [
        "module load from disk (node restart)",
        "compile of a 300-function module, Cranelift on 1 thread",
        "compile of a 300-function module, Cranelift on 2 threads",
    ] {
        assert!(
            figures
                .iter()
                .any(|f| f["name"] == name && f["unit"] == "ms"),
            "{name}: {v}"
        );
    }
    assert!(
        figures.iter().all(|f| f["value"].as_f64().unwrap() > 0.0),
        "{v}"
    );
    let ops: Vec<&str> = v["calibration"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["op"].as_str().unwrap())
        .collect();
    for op in ["plain", "get", "set", "blake2b", "noop"] {
        assert!(ops.contains(&op), "{op} missing: {ops:?}");
    }
    assert!(v["calibration"][0]["gas_per_op"].as_f64().unwrap() > 0.0);
}

#[test]
fn bench_json_reports_the_ratios_beside_the_figures() {
    let (code, out, err) = iscvm(&["bench", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let ratios = v["ratios"]
        .as_object()
        .unwrap_or_else(|| panic!("no ratios: {v}"));
    let names = [
        "metering_overhead",
        "wasm_vs_native_token",
        "two_chain_scaling",
        "compile_vs_raw_cranelift",
    ];
    let mut keys: Vec<&str> = ratios.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = names.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    for name in names {
        // JSON has no NaN or infinity: serde_json writes them as null, which as_f64 refuses.
        let value = ratios[name]
            .as_f64()
            .unwrap_or_else(|| panic!("{name} is not a number: {v}"));
        assert!(value.is_finite() && value > 0.0, "{name} = {value}");
    }
    let figures = v["figures"].as_array().unwrap();
    assert!(
        figures
            .iter()
            .any(|f| f["name"] == "block of Wasm token transfers" && f["unit"] == "req/s"),
        "{v}"
    );
    assert!(v.get("calibration").is_none(), "{v}");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_iscvm"))
        .args(["hname"])
        .args(std::iter::repeat_n("root", 20_000))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 9];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"cebf5908\n");
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
}
