//! A fixed guest of the Pollen-era ABI (`fuzz/guests/wasmlib_abi.wat`, importing the four WasmLib
//! functions) runs a script of host calls whose object ids, key ids, type ids, pointers, lengths and
//! payload bytes the fuzzer chooses: maps and arrays of the state, params, results and new maps, the
//! utility's functions, call, post and deploy payloads, transfers, nested calls of itself. The same
//! guest is deployed twice through root on a chain once: as a WasmLib (v0.2.0) contract and, with its
//! import names and four tag constants replaced, as a wasplib (v0.1.0) one. Every input runs as a
//! request (`run`) in blocks and as a view (`look`) on two fresh copies of that chain. Every call
//! either works or fails cleanly: no panic, every error a clean `VmError`, the accounts invariant after
//! every block, `verify` at the end, and both copies give the same receipts, gas, events, views and
//! state hashes.
//!
//! Input: two bytes of gas selector, one byte whose top bit picks the tag (set: v0.1.0) and whose low
//! 7 bits are the tokens sent (in thousands), then the guest's script (see the WAT). With
//! `ISC_FUZZ_TRACE` set, each input's trace is printed (to see what a corpus entry does).
#![no_main]

use std::sync::OnceLock;

use isc_abi::{Dict, Hname};
use isc_fuzz::{wasm_registry, Template, Trace, World};
use isc_gas::Limits;
use libfuzzer_sys::fuzz_target;

/// The guest, as WAT text (WasmLib; assembled once per tag).
const GUEST: &str = include_str!("../guests/wasmlib_abi.wat");

/// The contract names of the guest built for v0.2.0 and for v0.1.0.
const V02: &str = "guest";
const V01: &str = "guest1";

/// Longest script run: enough for hundreds of ops, and keeps one input's work small.
const MAX_SCRIPT: usize = 16 * 1024;

/// Gas of a view (the chain's view budget): views are free to call, so they get a small bound.
const VIEW_GAS: u64 = 2_000_000;

/// Blocks run per input: the request's, and those of the requests the guest posts to itself.
const MAX_BLOCKS: usize = 3;

/// The guest built for wasplib (v0.1.0): the import module and names, the call export and the
/// tag's key and type ids.
fn v01_guest() -> String {
    let mut text = GUEST.to_string();
    for (from, to) in [
        ("\"WasmLib\"", "\"wasplib\""),
        ("\"hostGetKeyID\"", "\"hostGetKeyId\""),
        ("\"hostGetObjectID\"", "\"hostGetObjectId\""),
        ("(export \"on_call\")", "(export \"on_call_entrypoint\")"),
        (
            "$KEY_EXPORTS i32 (i32.const -20)",
            "$KEY_EXPORTS i32 (i32.const -18)",
        ),
        (
            "$KEY_VERSION i32 (i32.const -43)",
            "$KEY_VERSION i32 (i32.const -41)",
        ),
        (
            "$KEY_PARAMS i32 (i32.const -31)",
            "$KEY_PARAMS i32 (i32.const -29)",
        ),
        (
            "$TYPE_STRING i32 (i32.const 13)",
            "$TYPE_STRING i32 (i32.const 12)",
        ),
        (
            "$TYPE_MAP i32 (i32.const 11)",
            "$TYPE_MAP i32 (i32.const 10)",
        ),
    ] {
        assert!(text.contains(from), "the guest has `{from}`");
        text = text.replace(from, to);
    }
    text
}

fn fixture() -> &'static Template {
    static FIXTURE: OnceLock<Template> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let limits = Limits {
            view_gas_budget: VIEW_GAS,
            ..Limits::DEFAULT
        };
        let mut world = World::new(wasm_registry(), limits);
        for (name, text) in [(V02, GUEST.to_string()), (V01, v01_guest())] {
            let wasm =
                isc_wasm::validate::wasm_bytes(text.as_bytes()).expect("the guest assembles");
            world.send_deploy(name, &wasm, 0);
        }
        world.settled("deploying the guests")
    })
}

fn run(guest: &str, gas: u64, tokens: u64, script: &[u8]) -> Trace {
    let mut world = World::from_template(fixture());
    let mut params = Dict::new();
    params.set(b"s".to_vec(), script.to_vec()).expect("a key");
    let guest = Hname::new(guest);
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
    let guest = if header[2] & 0x80 != 0 { V01 } else { V02 };
    let tokens = u64::from(header[2] & 0x7f) * 1_000;
    let script = &script[..script.len().min(MAX_SCRIPT)];
    let first = run(guest, gas, tokens, script);
    let second = run(guest, gas, tokens, script);
    assert_eq!(first, second, "two fresh chains disagree");
    if std::env::var_os("ISC_FUZZ_TRACE").is_some() {
        eprintln!("{first:#?}");
    }
});
