//! A fixed guest (`fuzz/guests/host_abi.wat`) that calls every host function with arguments the fuzzer
//! chooses: pointers, lengths, keys, values, ids, dicts, nested calls of itself. Deployed through root
//! on a chain once; every input runs as a request (`fn:run`) in blocks and as a view (`view:look`) on
//! two fresh copies of that chain. Every call either works or traps cleanly: no panic, every error a
//! clean `VmError`, the accounts invariant after every block, `verify` at the end, and both copies give
//! the same receipts, gas, events, views and state hashes.
//!
//! Input: two bytes of gas selector, one byte of tokens sent, then the guest's script (see the WAT).
//! With `ISC_FUZZ_TRACE` set, each input's trace is printed (to see what a corpus entry does).
#![no_main]

use std::sync::OnceLock;

use isc_abi::{Dict, Hname};
use isc_fuzz::{wasm_registry, Template, Trace, World};
use isc_gas::Limits;
use libfuzzer_sys::fuzz_target;

/// The guest, as WAT text (assembled once).
const GUEST: &str = include_str!("../guests/host_abi.wat");

/// The guest's contract name.
const NAME: &str = "guest";

/// Longest script run: enough for hundreds of ops, and keeps one input's work small.
const MAX_SCRIPT: usize = 16 * 1024;

/// Gas of a view (the chain's view budget): views are free to call, so they get a small bound.
const VIEW_GAS: u64 = 2_000_000;

/// Blocks run per input: the request's, and those of the requests the guest posts to itself.
const MAX_BLOCKS: usize = 3;

fn fixture() -> &'static Template {
    static FIXTURE: OnceLock<Template> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let limits = Limits {
            view_gas_budget: VIEW_GAS,
            ..Limits::DEFAULT
        };
        let mut world = World::new(wasm_registry(), limits);
        let wasm =
            isc_wasm::validate::wasm_bytes(GUEST.as_bytes()).expect("the guest assembles");
        world.send_deploy(NAME, &wasm, 0);
        world.settled("deploying the guest")
    })
}

fn run(gas: u64, tokens: u64, script: &[u8]) -> Trace {
    let mut world = World::from_template(fixture());
    let mut params = Dict::new();
    params.set(b"s".to_vec(), script.to_vec()).expect("a key");
    let guest = Hname::new(NAME);
    world.send(
        "alice",
        guest,
        Hname::new("run"),
        params.clone(),
        tokens,
        gas,
    );
    world.run_blocks(MAX_BLOCKS);
    let _ = world.view(guest, Hname::new("look"), params);
    world.finish()
}

fuzz_target!(|data: &[u8]| {
    let Some((header, script)) = data.split_first_chunk::<3>() else {
        return;
    };
    let gas = 20_000 + u64::from(u16::from_le_bytes([header[0], header[1]])) * 200;
    let tokens = u64::from(header[2]) * 1_000;
    let script = &script[..script.len().min(MAX_SCRIPT)];
    let first = run(gas, tokens, script);
    let second = run(gas, tokens, script);
    assert_eq!(first, second, "two fresh chains disagree");
    if std::env::var_os("ISC_FUZZ_TRACE").is_some() {
        eprintln!("{first:#?}");
    }
});
