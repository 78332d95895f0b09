//! cosmwasm-vm beside iscvm, timed in one process: a contract call with its instantiation included,
//! and a compile, each side through its own public API, best of several rounds taken in turn.
//!
//! No module runs on both (the host ABIs differ), so each side runs a contract of its own: for
//! cosmwasm-vm the `cyberpunk` test contract its crate ships (testdata/; it has a no-op entry point,
//! `execute {"noop":{}}`, and cosmwasm-vm cannot call a bare export from outside), for iscvm a no-op module and the example contracts of
//! contracts/wasm. The same bytes are compiled by both only where iscvm's checks are left out: the
//! last row compiles cyberpunk.wasm with iscvm's Cranelift settings without its middlewares.

mod cosmwasm;
mod iscvm;
mod timing;

use std::time::Duration;

use isc_benches::contract_wasm;
use isc_wasm::limits::WasmLimits;
use isc_wasm::raw::RawModule;
use isc_wasm::WasmVm;

use cosmwasm::CosmWasm;
use iscvm::Iscvm;
use timing::{best_per_run, Contestant};

/// What the functions of this binary fail with.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// cosmwasm-vm's test contract with a no-op entry point.
const CYBERPUNK: &[u8] = include_bytes!(concat!(env!("COSMWASM_VM_TESTDATA"), "/cyberpunk.wasm"));

/// Rounds and calls per round of the call timings; rounds of the compile timings (one compile each).
const CALL_ROUNDS: u32 = 10;
const CALLS_PER_ROUND: u32 = 200;
const COMPILE_ROUNDS: u32 = 5;

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

fn main() -> Result<()> {
    let cw = CosmWasm::new(CYBERPUNK)?;
    let noop = Iscvm::new(WasmVm::default(), iscvm::NOOP.as_bytes(), "c")?;
    let fresh = Iscvm::new(
        WasmVm::default().with_instance_reuse(false),
        iscvm::NOOP.as_bytes(),
        "c",
    )?;
    let inccounter = Iscvm::new(
        WasmVm::default(),
        &contract_wasm("inccounter"),
        "inccounter",
    )?;

    let (hits_before, _) = cw.memory_hits_and_misses();
    let mut calls: Vec<Contestant<'_>> = vec![
        Box::new(|| cw.instantiate_and_execute(cosmwasm::NOOP)),
        Box::new(|| cw.instantiate()),
        Box::new(|| noop.call("c", "noop")),
        Box::new(|| fresh.call("c", "noop")),
        Box::new(|| inccounter.call("inccounter", "getCounter")),
    ];
    let call = best_per_run(CALL_ROUNDS, CALLS_PER_ROUND, &mut calls)?;
    drop(calls);
    let (hits_after, misses) = cw.memory_hits_and_misses();
    let instances = 2 * CALL_ROUNDS * CALLS_PER_ROUND;
    if hits_after - hits_before != instances || misses != 0 {
        return Err(format!(
            "cosmwasm-vm's instances did not all come from its memory cache: {} hits for {instances} instances, {misses} misses",
            hits_after - hits_before
        )
        .into());
    }

    let donate = contract_wasm("donatewithfeedback");
    let limits = WasmLimits::DEFAULT;
    let mut compiles: Vec<Contestant<'_>> = vec![
        Box::new(|| cw.compile(CYBERPUNK)),
        Box::new(|| {
            isc_wasm::compile(&donate, &limits)?;
            Ok(())
        }),
        Box::new(|| {
            RawModule::compile(CYBERPUNK, &limits)?;
            Ok(())
        }),
    ];
    let compile = best_per_run(COMPILE_ROUNDS, 1, &mut compiles)?;
    drop(compiles);

    let version = env!("COSMWASM_VM_VERSION");
    println!("cosmwasm-vm {version} beside iscvm, in one process: best of {CALL_ROUNDS} rounds of {CALLS_PER_ROUND} calls, best of {COMPILE_ROUNDS} compiles, the sides taking turns.");
    println!("Modules: cosmwasm-vm runs its test contract cyberpunk.wasm ({:.0} KB, from its crate's testdata/); iscvm its own (the ABIs differ: no module runs on both).", kb(CYBERPUNK.len()));
    println!(
        "cosmwasm-vm's instances all came from its in-memory cache ({instances} hits, 0 misses)."
    );
    println!();
    println!("| comparison | cosmwasm-vm | iscvm | iscvm / cosmwasm-vm |");
    println!("| --- | --- | --- | --- |");
    let row = |what: &str, theirs: String, t: Duration, ours: String, o: Duration| {
        println!(
            "| {what} | {theirs} | {ours} | {:.3} |",
            o.as_secs_f64() / t.as_secs_f64()
        );
    };
    let cw_call = format!(
        "instance from the memory cache + `execute {{\"noop\":{{}}}}`: {:.2} µs",
        micros(call[0])
    );
    row(
        "instantiation + a no-op call",
        cw_call.clone(),
        call[0],
        format!(
            "no-op entry point, instance from the pool: {:.2} µs",
            micros(call[2])
        ),
        call[2],
    );
    row(
        "the same, a fresh instance every call",
        cw_call.clone(),
        call[0],
        format!(
            "no-op entry point, instance reuse off: {:.2} µs",
            micros(call[3])
        ),
        call[3],
    );
    row(
        "instantiation + the cheapest call of a real contract",
        cw_call,
        call[0],
        format!(
            "inccounter `getCounter` (a state read, results): {:.2} µs",
            micros(call[4])
        ),
        call[4],
    );
    println!(
        "| instantiation alone | instance from the memory cache: {:.2} µs | (no separate step: a call takes an idle instance) | |",
        micros(call[1])
    );
    row(
        "checks + compile, per KB",
        format!(
            "cyberpunk {:.0} KB, Singlepass: {:.1} ms = {:.2} ms/KB",
            kb(CYBERPUNK.len()),
            millis(compile[0]),
            millis(compile[0]) / kb(CYBERPUNK.len())
        ),
        compile[0] / CYBERPUNK.len() as u32,
        format!(
            "donatewithfeedback {:.0} KB, Cranelift: {:.1} ms = {:.2} ms/KB",
            kb(donate.len()),
            millis(compile[1]),
            millis(compile[1]) / kb(donate.len())
        ),
        compile[1] / donate.len() as u32,
    );
    row(
        "compile of the same module, cyberpunk.wasm",
        format!("checks + Singlepass: {:.1} ms", millis(compile[0])),
        compile[0],
        format!(
            "raw Cranelift, iscvm's settings without checks or middlewares: {:.1} ms",
            millis(compile[2])
        ),
        compile[2],
    );
    Ok(())
}
