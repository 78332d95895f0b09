//! `iscvm deploy` without `--gas`: a program that costs more than the chain's default budget to
//! validate and compile asks for that cost and a margin (`Limits::deploy_budget`), read from the
//! blob's size on the chain; a small one keeps the default (0).

mod common;

use common::{all_ok, Chain, INCCOUNTER_WASM};
use isc_gas::Limits;

/// A WAT contract of about `len` bytes of Wasm: one entry point `noop` and a data segment.
fn big_module(len: usize) -> String {
    let data: String = (0..len).map(|i| format!("\\{:02x}", i % 251)).collect();
    format!(
        "(module (memory (export \"memory\") 2) (data (i32.const 0) \"{data}\") (func (export \"fn:noop\")))"
    )
}

#[test]
fn a_large_program_deploys_with_the_budget_it_needs() {
    let chain = Chain::initialized();
    chain.deposit("owner", 200_000_000);
    chain.deposit("alice", 10_000_000);
    let file = chain.path.with_file_name("big.wat");
    std::fs::write(&file, big_module(60_000)).unwrap();
    let stored = chain.json(&["blob", "store", file.to_str().unwrap()]);
    let size = stored["size"].as_u64().expect("size");
    all_ok(&chain.block());

    let posted = chain.deploy(stored["hash"].as_str().unwrap(), "big", &[]);
    let budget = posted["gas_budget"].as_u64().unwrap();
    let limits = Limits::DEFAULT;
    assert!(budget > limits.default_gas_budget, "{posted}");
    assert_eq!(budget, limits.deploy_budget(size), "{posted}");
    all_ok(&chain.block());

    chain.call("alice", "big", "noop", &[]);
    all_ok(&chain.block());

    // A program of the usual size keeps the chain's default.
    let hash = chain.store_blob(INCCOUNTER_WASM);
    all_ok(&chain.block());
    let posted = chain.deploy(&hash, "inccounter", &[]);
    assert_eq!(posted["gas_budget"], 0, "{posted}");
    all_ok(&chain.block());
}
