//! The scenarios of `common::scenario` through the Rust API and through the C API over each store
//! kind: every path gives the same transcript (receipts, events, state hashes, views), and that
//! transcript is the one pinned in `ffi/tests/vectors/NAME.txt`, which the Go tests assert too.
//!
//! A consensus change (gas, fees, encodings, the example contracts' bytes) changes the transcript on
//! purpose; then rerun with `ISCVM_BLESS=1 cargo test -p isc-ffi --test vectors` and commit the new
//! vector files with the change.

mod common;

use std::sync::Arc;

use common::kv::NodeKv;
use common::scenario::{self, FfiNode, LazyFfiNode, Node, RustNode};
use isc_ffi::{ISC_STORE_CALLBACKS, ISC_STORE_MEMORY};
use isc_sandbox::MemStore;

fn vector_path(name: &str) -> String {
    format!("{}/tests/vectors/{name}.txt", env!("CARGO_MANIFEST_DIR"))
}

/// The transcript lines of a vector file (comments dropped).
fn pinned(name: &str) -> Option<String> {
    let text = std::fs::read_to_string(vector_path(name)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect(),
    )
}

/// Asserts `transcript` is the pinned one, or writes it with `ISCVM_BLESS=1`.
fn check_pinned(name: &str, transcript: &str) {
    if std::env::var("ISCVM_BLESS").as_deref() == Ok("1") {
        let header = format!(
            "# iscvm FFI test vector `{name}`: the transcript of ffi/tests/common/scenario.rs::{name} (block: index, state hash;\n\
             # receipt: request id, gas burned, fee, ok or err; event: contract, text; view: contract.entry hex key=hex value).\n\
             # Asserted by ffi/tests/vectors.rs and go/vectors_test.go. Regenerate: ISCVM_BLESS=1 cargo test -p isc-ffi --test vectors\n"
        );
        std::fs::create_dir_all(format!("{}/tests/vectors", env!("CARGO_MANIFEST_DIR")))
            .expect("vectors dir");
        std::fs::write(vector_path(name), format!("{header}{transcript}")).expect("write vector");
        return;
    }
    let expected = pinned(name)
        .unwrap_or_else(|| panic!("no vector {}: run with ISCVM_BLESS=1", vector_path(name)));
    assert_eq!(
        transcript, expected,
        "the `{name}` transcript changed; if that is intended (a consensus change), rerun with \
         ISCVM_BLESS=1 cargo test -p isc-ffi --test vectors and commit ffi/tests/vectors/{name}.txt"
    );
}

/// The scenario through every path: Rust API on a memory store, C API on memory, callbacks and redb,
/// and the C API's lazy block results on memory and callbacks.
fn every_path(name: &str, run: fn(&mut dyn Node) -> String) {
    let rust = run(&mut RustNode::new(Arc::new(MemStore::new())));
    let engine = common::engine();
    let owner = scenario::owner();
    let on_with = |config: &isc_ffi::IscStoreConfig, lazy: bool| {
        let chain = common::create(engine, config, scenario::CHAIN_ID, owner, scenario::T0)
            .expect("create");
        let transcript = if lazy {
            run(&mut LazyFfiNode(chain))
        } else {
            run(&mut FfiNode(chain))
        };
        common::close(chain).expect("close");
        transcript
    };
    let on = |config: &isc_ffi::IscStoreConfig| on_with(config, false);
    assert_eq!(on(&common::config(ISC_STORE_MEMORY)), rust, "memory store");
    let lazy = on_with(&common::config(ISC_STORE_MEMORY), true);
    assert_eq!(lazy, rust, "memory store, lazy results");
    let kv = NodeKv::default();
    let callbacks = isc_ffi::IscStoreConfig {
        callbacks: kv.callbacks(),
        ..common::config(ISC_STORE_CALLBACKS)
    };
    assert_eq!(on(&callbacks), rust, "callback store");
    let kv = NodeKv::default();
    let callbacks = isc_ffi::IscStoreConfig {
        callbacks: kv.callbacks(),
        ..common::config(ISC_STORE_CALLBACKS)
    };
    assert_eq!(
        on_with(&callbacks, true),
        rust,
        "callback store, lazy results"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("chain.redb");
    let path = path.to_str().expect("UTF-8 path");
    assert_eq!(on(&common::redb_config(path, "")), rust, "redb store");
    check_pinned(name, &rust);
}

#[test]
fn native_transfers_agree_on_every_path_and_with_the_vector() {
    every_path("transfers", scenario::transfers);
}

#[test]
fn wasm_inccounter_agrees_on_every_path_and_with_the_vector() {
    every_path("inccounter", scenario::inccounter);
}
