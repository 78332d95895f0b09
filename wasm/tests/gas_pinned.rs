//! Gas pinned across changes of the instrumentation: every entry point of every hostile fixture,
//! example contract and Wasp binary is called on a fresh chain with a large and a small budget, and
//! each call's gas, error and the chain's state hash must equal `gas_pinned.txt`, written by the
//! code before the change. A change that moves gas must change the module-cache fingerprint, say why
//! in BENCHMARKS.md, and rewrite the file (`ISC_WRITE_PINNED=1 cargo test -p isc-wasm --test
//! gas_pinned`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use isc_abi::Dict;
use isc_env::fixture::*;
use isc_sandbox::EntryKind;
use isc_wasm::limits::WasmLimits;
use isc_wasm::WasmVm;

/// The budget each entry point is called with first: enough for any of them. Then it is called with
/// less than that call burned: one unit less, 99 %, 90 % and 75 % of it, so that calls run out of gas
/// at different points inside Wasm (instantiation alone costs about 100,000).
const BUDGET: u64 = 5_000_000;

/// The smaller budgets, from the gas `full` the first call burned.
fn budgets(full: u64) -> [u64; 4] {
    [full - 1, full * 99 / 100, full * 9 / 10, full * 3 / 4]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The binaries: (label, bytes), in a fixed order.
fn programs() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let dirs = [
        root().join("contracts/hostile"),
        root().join("contracts/hostile/wasplib"),
        root().join("contracts/wasm"),
        root().join("../shared/wasp/v0.1.0"),
        root().join("../shared/wasp/v0.2.0"),
    ];
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wat" | "wasm")))
            .collect();
        files.sort();
        for path in files {
            let label = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            out.push((label, std::fs::read(&path).expect("a fixture")));
        }
    }
    out
}

/// One line per call: label, entry point, budget, gas burned, error (cut short), state hash.
fn transcript() -> String {
    let mut out = String::new();
    // One VM for all chains: a module is compiled once, as on a node.
    let vm = Arc::new(WasmVm::default());
    for (label, bytes) in programs() {
        let Ok(binary) = isc_wasm::validate::wasm_bytes(&bytes) else {
            writeln!(out, "{label}: not wasm").unwrap();
            continue;
        };
        let report = match isc_wasm::inspect(&binary, &WasmLimits::default()) {
            Ok(report) => report,
            Err(e) => {
                writeln!(out, "{label}: refused: {e}").unwrap();
                continue;
            }
        };
        for ep in &report.entry_points {
            if ep.kind != EntryKind::Func || ep.name == "init" {
                continue;
            }
            let mut queue = vec![BUDGET];
            while let Some(budget) = queue.pop() {
                let mut env = ChainFixture::wasm_on(vm.clone());
                if let Some(e) = env.deploy_wasm("subject", &bytes, Dict::new()) {
                    writeln!(out, "{label}: deploy: {e}").unwrap();
                    break;
                }
                let req = env.post("alice", "subject", &ep.name, Dict::new(), base(0), budget);
                let res = env.run().expect("a block");
                let rc = res
                    .receipts
                    .iter()
                    .find(|r| r.request_id == req.id)
                    .expect("a receipt");
                let error: String = rc
                    .error
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(60)
                    .collect();
                writeln!(
                    out,
                    "{label} {} {budget}: gas {} error {error:?} state {}",
                    ep.name, rc.gas_burned, res.state_hash
                )
                .unwrap();
                if budget == BUDGET {
                    queue = budgets(rc.gas_burned).into_iter().rev().collect();
                }
            }
        }
    }
    out
}

#[test]
fn gas_of_every_fixture_is_as_pinned() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gas_pinned.txt");
    let now = transcript();
    if std::env::var_os("ISC_WRITE_PINNED").is_some() {
        std::fs::write(&path, &now).expect("writing the pinned file");
        return;
    }
    let pinned = std::fs::read_to_string(&path).expect("tests/gas_pinned.txt");
    for (line, (a, b)) in pinned.lines().zip(now.lines()).enumerate() {
        assert_eq!(a, b, "line {} of gas_pinned.txt", line + 1);
    }
    assert_eq!(
        pinned.lines().count(),
        now.lines().count(),
        "number of calls"
    );
}
