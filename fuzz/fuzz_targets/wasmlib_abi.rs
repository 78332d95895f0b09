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

use isc_fuzz::{assert_agree, guests_template, run_script, split_input, Template};
use libfuzzer_sys::fuzz_target;

/// The guest, as WAT text (WasmLib; assembled once per tag).
const GUEST: &str = include_str!("../guests/wasmlib_abi.wat");

/// The contract names of the guest built for v0.2.0 and for v0.1.0.
const V02: &str = "guest";
const V01: &str = "guest1";

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
    FIXTURE.get_or_init(|| guests_template(&[(V02, GUEST), (V01, &v01_guest())]))
}

fuzz_target!(|data: &[u8]| {
    let Some((gas, byte, script)) = split_input(data) else {
        return;
    };
    let guest = if byte & 0x80 != 0 { V01 } else { V02 };
    let tokens = u64::from(byte & 0x7f) * 1_000;
    assert_agree(|| run_script(fixture(), guest, gas, tokens, script));
});
