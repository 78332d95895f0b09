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

use isc_fuzz::{assert_agree, guests_template, run_script, split_input, Template};
use libfuzzer_sys::fuzz_target;

/// The guest, as WAT text (assembled once).
const GUEST: &str = include_str!("../guests/host_abi.wat");

/// The guest's contract name.
const NAME: &str = "guest";

fn fixture() -> &'static Template {
    static FIXTURE: OnceLock<Template> = OnceLock::new();
    FIXTURE.get_or_init(|| guests_template(&[(NAME, GUEST)]))
}

fuzz_target!(|data: &[u8]| {
    let Some((gas, tokens, script)) = split_input(data) else {
        return;
    };
    let tokens = u64::from(tokens) * 1_000;
    assert_agree(|| run_script(fixture(), NAME, gas, tokens, script));
});
