//! The committed contract binaries (`wasm/*.wasm`, built by `scripts/build-contracts.sh`) load as far
//! as imports and exports go, and offer exactly the entry points their sources declare.

use std::collections::BTreeSet;
use std::path::PathBuf;

use check::inspect;
use isc_abi::host_abi;

/// Each contract and its `(funcs, views)`.
const CONTRACTS: &[(&str, &[&str], &[&str])] = &[
    (
        "inccounter",
        &[
            "init",
            "increment",
            "incrementBy",
            "callIncrement",
            "postIncrement",
        ],
        &["getCounter"],
    ),
    ("token", &["init", "transfer"], &["balance", "totalSupply"]),
    (
        "donatewithfeedback",
        &["init", "donate", "withdraw"],
        &["donations", "donationInfo"],
    ),
    ("caller", &["callFunc", "callIncrement"], &["callView"]),
    (
        "panicker",
        &[
            "panic",
            "divideByZero",
            "overflow",
            "hostPanic",
            "requireMissing",
        ],
        &["panicView"],
    ),
    ("pingpong", &["init", "ping", "withdrawFrom"], &["getCount"]),
];

fn wasm_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../wasm")
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_contract_binary_matches_the_host_abi_and_its_source() {
    for (name, funcs, views) in CONTRACTS {
        let path = wasm_dir().join(format!("{name}.wasm"));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build-contracts.sh)", path.display()));
        let info = inspect(&bytes).unwrap_or_else(|p| panic!("{name}: {p}"));
        assert_eq!(info.funcs, set(funcs), "{name}: funcs");
        assert_eq!(info.views, set(views), "{name}: views");
        // A binary without a way to fail with a message would report panics as bare traps.
        assert!(info.imports.contains(host_abi::PANIC), "{name}: imports");
    }
}

#[test]
fn every_binary_in_wasm_is_a_known_contract() {
    let known = CONTRACTS
        .iter()
        .map(|(name, _, _)| format!("{name}.wasm"))
        .collect::<BTreeSet<_>>();
    for entry in std::fs::read_dir(wasm_dir()).expect("contracts/wasm exists") {
        let file = entry.expect("readable dir entry").file_name();
        let file = file.to_string_lossy();
        if file.ends_with(".wasm") {
            assert!(known.contains(file.as_ref()), "unexpected {file}");
        }
    }
}

#[test]
fn the_workspace_members_are_the_contracts_and_check() {
    let manifest =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
            .expect("contracts/Cargo.toml");
    for (name, _, _) in CONTRACTS {
        assert!(
            manifest.contains(&format!("\"{name}\"")),
            "{name} is a member"
        );
    }
}
