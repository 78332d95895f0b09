//! Gas pinned across changes of the instrumentation: every entry point of every hostile fixture,
//! example contract and Wasp binary is called on a fresh chain with a large and a small budget, and
//! each call's gas, error and the chain's state hash must equal `gas_pinned/FOLDER.txt`, written by the
//! code before the change. A change that moves gas must change the module-cache fingerprint, say why
//! in BENCHMARKS.md, and rewrite the files (`ISC_WRITE_PINNED=1 cargo test -p isc-wasm --test
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

/// The binaries of `dir` (`.wat` and `.wasm`, not below it): (label, bytes), in name order; the label
/// is `prefix` followed by the file's name.
fn programs(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wat" | "wasm")))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy();
            let label = format!("{prefix}{name}");
            (label, std::fs::read(&path).expect("a fixture"))
        })
        .collect()
}

/// One line per call: label, entry point, budget, gas burned, error (cut short), state hash.
fn transcript(programs: Vec<(String, Vec<u8>)>) -> String {
    let mut out = String::new();
    // One VM for all chains: a module is compiled once, as on a node.
    let vm = Arc::new(WasmVm::default());
    for (label, bytes) in programs {
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

/// The calls of every binary of `dir` must be as pinned in `gas_pinned/NAME.txt` (one file per
/// folder; `ISC_WRITE_PINNED=1` rewrites it).
fn check(dir: &Path, prefix: &str, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/gas_pinned/{name}.txt"));
    let now = transcript(programs(dir, prefix));
    if std::env::var_os("ISC_WRITE_PINNED").is_some() {
        std::fs::write(&path, &now).expect("writing the pinned file");
        return;
    }
    let pinned =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (line, (a, b)) in pinned.lines().zip(now.lines()).enumerate() {
        assert_eq!(a, b, "line {} of gas_pinned/{name}.txt", line + 1);
    }
    assert_eq!(
        pinned.lines().count(),
        now.lines().count(),
        "number of calls in gas_pinned/{name}.txt"
    );
}

#[test]
fn gas_of_the_hostile_fixtures_is_as_pinned() {
    check(
        &root().join("contracts/hostile"),
        "contracts/hostile/",
        "hostile",
    );
}

#[test]
fn gas_of_the_pollen_era_hostile_fixtures_is_as_pinned() {
    check(
        &root().join("contracts/hostile/wasplib"),
        "contracts/hostile/wasplib/",
        "hostile_wasplib",
    );
}

#[test]
fn gas_of_the_example_contracts_is_as_pinned() {
    check(
        &root().join("contracts/wasm"),
        "contracts/wasm/",
        "examples",
    );
}

#[test]
fn gas_of_the_wasp_binaries_is_as_pinned() {
    // Beside the repository (../shared/wasp); skipped, saying so, on a clone without them.
    let Some(wasp) = isc_env::wasp_dir() else {
        assert!(
            std::env::var("ISCVM_REQUIRE_WASP").as_deref() != Ok("1"),
            "the Wasp binaries are required (ISCVM_REQUIRE_WASP=1) but not found"
        );
        eprintln!("skipped: the Wasp binaries are not here (set ISCVM_WASP_DIR)");
        return;
    };
    for tag in ["v0.1.0", "v0.2.0"] {
        check(
            &wasp.join(tag),
            &format!("wasp/{tag}/"),
            &format!("wasp_{tag}"),
        );
    }
}
