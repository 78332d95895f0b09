//! What the targets that drive a scripted guest share (`host_abi`, `wasmlib_abi`): the input's
//! layout, the chain the guests are deployed on, one run of a script on a fresh copy of it, and the
//! check that two fresh chains agree on an input.

use isc_abi::{Dict, Hname};
use isc_gas::Limits;

use crate::trace::Trace;
use crate::world::{wasm_registry, Template, World};

/// Longest script run: enough for hundreds of ops, and keeps one input's work small.
pub const MAX_SCRIPT: usize = 16 * 1024;

/// Gas of a view (the chain's view budget): views are free to call, so they get a small bound.
pub const VIEW_GAS: u64 = 2_000_000;

/// Blocks run per input: the request's, and those of the requests the guest posts to itself.
pub const MAX_BLOCKS: usize = 3;

/// A script target's input: two bytes of gas selector, one byte the target reads (the tokens sent,
/// say), then the guest's script. Returns the gas budget, that byte and the script (cut to
/// [`MAX_SCRIPT`]); `None` for an input shorter than the header.
pub fn split_input(data: &[u8]) -> Option<(u64, u8, &[u8])> {
    let (header, script) = data.split_first_chunk::<3>()?;
    let gas = 20_000 + u64::from(u16::from_le_bytes([header[0], header[1]])) * 200;
    Some((gas, header[2], &script[..script.len().min(MAX_SCRIPT)]))
}

/// A chain with the view budget [`VIEW_GAS`] and the WAT `guests` (contract name, text) deployed.
pub fn guests_template(guests: &[(&str, &str)]) -> Template {
    let limits = Limits {
        view_gas_budget: VIEW_GAS,
        ..Limits::DEFAULT
    };
    let mut world = World::new(wasm_registry(), limits);
    for (name, text) in guests {
        let wasm = isc_wasm::validate::wasm_bytes(text.as_bytes()).expect("the guest assembles");
        world.send_deploy(name, &wasm, 0);
    }
    world.settled("deploying the guests")
}

/// Runs `script` on a fresh copy of `template`: as a request from alice to `guest`'s `run` (with
/// `tokens` base tokens and a budget of `gas`), up to [`MAX_BLOCKS`] blocks, then as the view `look`.
pub fn run_script(template: &Template, guest: &str, gas: u64, tokens: u64, script: &[u8]) -> Trace {
    let mut world = World::from_template(template);
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

/// Runs an input twice with `run` (each on a fresh chain) and panics unless both traces are equal;
/// with `ISC_FUZZ_TRACE` set, prints the trace.
pub fn assert_agree(run: impl Fn() -> Trace) {
    let first = run();
    let second = run();
    assert_eq!(first, second, "two fresh chains disagree");
    if std::env::var_os("ISC_FUZZ_TRACE").is_some() {
        eprintln!("{first:#?}");
    }
}
