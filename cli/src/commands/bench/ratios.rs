//! The ratios of `iscvm bench`: figures a user compares on a noisy machine, each the quotient of two
//! timings taken side by side in the same run (best of several, interleaved), so that a load that
//! slows both sides cancels out.

use std::sync::Arc;
use std::time::{Duration, Instant};

use isc_env::fixture::native_token::NativeTokenVm;
use isc_runtime::{execute_block, BlockInput};
use isc_sandbox::VirtualState;
use isc_wasm::limits::WasmLimits;
use isc_wasm::raw::RawModule;
use serde::Serialize;

use super::fixture::Fixture;
use super::probe::PROBE;
use crate::error::CliError;

/// contracts/wasm/token.wasm: the Wasm side of [`TokenBlocks`].
const TOKEN_WASM: &[u8] = include_bytes!("../../../../contracts/wasm/token.wasm");

/// Requests in each token block, and in each chain's block of [`two_chain_scaling`].
const TOKEN_BLOCK: u32 = 5_000;
const CHAIN_BLOCK: u32 = 10_000;

/// The ratios, as `iscvm bench --json` gives them (object `ratios`).
#[derive(Serialize)]
pub struct Ratios {
    /// A CPU-bound Wasm kernel metered / the same module compiled unmetered.
    pub metering_overhead: f64,
    /// A block of token transfers through the Wasm token / through the native token.
    pub wasm_vs_native_token: f64,
    /// Throughput of 2 chains on 2 threads at once / of 1 chain.
    pub two_chain_scaling: f64,
    /// iscvm's compile of a real contract / a raw Cranelift compile of it, same engine settings.
    pub compile_vs_raw_cranelift: f64,
}

impl Ratios {
    /// Name, value and target of each ratio, for the text output.
    pub fn rows(&self) -> [(&'static str, f64, &'static str); 4] {
        [
            ("metering_overhead", self.metering_overhead, "<= 1.10"),
            ("wasm_vs_native_token", self.wasm_vs_native_token, "report"),
            (
                "two_chain_scaling",
                self.two_chain_scaling,
                ">= 1.8 on 2 cores",
            ),
            (
                "compile_vs_raw_cranelift",
                self.compile_vs_raw_cranelift,
                "<= 1.3",
            ),
        ]
    }
}

/// The fastest of `runs` timings of `a` and of `b`, run in turn (a, b, a, b, ...). Each closure
/// returns the time of what it measures.
fn interleaved(
    runs: usize,
    mut a: impl FnMut() -> Result<Duration, CliError>,
    mut b: impl FnMut() -> Result<Duration, CliError>,
) -> Result<(Duration, Duration), CliError> {
    let (mut best_a, mut best_b) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        best_a = best_a.min(a()?);
        best_b = best_b.min(b()?);
    }
    Ok((best_a, best_b))
}

/// Times `f` (not the drop of what it returns).
fn timed<T>(f: impl FnOnce() -> Result<T, CliError>) -> Result<Duration, CliError> {
    let started = Instant::now();
    let out = std::hint::black_box(f()?);
    let elapsed = started.elapsed();
    drop(out);
    Ok(elapsed)
}

/// Executes `input` on a fresh virtual state of `fixture`'s chain (nothing is committed); every
/// request must succeed, or the timing would be of failures.
fn run_block(fixture: &Fixture, input: &BlockInput) -> Result<VirtualState, CliError> {
    let mut state = VirtualState::new(fixture.chain().store().clone())
        .map_err(|e| CliError::Demo(format!("bench: state: {e}")))?;
    let out = execute_block(fixture.env(), &mut state, input)
        .map_err(CliError::runtime("bench: a block"))?;
    match out.receipts.iter().find_map(|r| r.error.as_ref()) {
        Some(error) => Err(CliError::Demo(format!("bench: a request failed: {error}"))),
        None => Ok(state),
    }
}

/// The kernel of `iscvm bench --calibrate`'s plain Wasm (1M iterations of an FNV step), called
/// through the Wasm VM as a request would, against the same module compiled by plain Cranelift and
/// called directly. `metered` calls it through the VM and returns the call's time.
pub fn metering_overhead(
    mut metered: impl FnMut() -> Result<Duration, CliError>,
) -> Result<f64, CliError> {
    let fail = |e: isc_sandbox::VmError| CliError::Demo(format!("bench: unmetered kernel: {e}"));
    let wasm = isc_wasm::validate::wasm_bytes(PROBE.as_bytes())
        .map_err(|e| CliError::Demo(format!("bench: probe: {e}")))?;
    let mut plain = RawModule::compile(&wasm, &WasmLimits::DEFAULT)
        .and_then(|m| m.instantiate())
        .map_err(fail)?;
    let (metered, unmetered) = interleaved(5, &mut metered, || {
        timed(|| plain.call("fn:plain").map_err(fail))
    })?;
    Ok(metered.as_secs_f64() / unmetered.as_secs_f64())
}

/// The same block of token transfers through the Wasm token contract and through its native twin.
pub struct TokenBlocks {
    /// Requests in the block.
    pub requests: u32,
    /// The fastest run of the Wasm token's block.
    pub wasm: Duration,
    /// The fastest run of the native token's block.
    pub native: Duration,
}

impl TokenBlocks {
    /// Runs both blocks three times each, in turn.
    pub fn measure() -> Result<TokenBlocks, CliError> {
        let mut wasm = Fixture::new()?;
        wasm.deploy_token(Some(TOKEN_WASM))?;
        let mut native = Fixture::with_vm(Arc::new(NativeTokenVm))?;
        native.deploy_token(None)?;
        let wasm_requests = wasm.token_transfers(TOKEN_BLOCK);
        let wasm_input = wasm.input(wasm_requests)?;
        let native_requests = native.token_transfers(TOKEN_BLOCK);
        let native_input = native.input(native_requests)?;
        let (wasm_time, native_time) = interleaved(
            3,
            || timed(|| run_block(&wasm, &wasm_input)),
            || timed(|| run_block(&native, &native_input)),
        )?;
        Ok(TokenBlocks {
            requests: TOKEN_BLOCK,
            wasm: wasm_time,
            native: native_time,
        })
    }

    /// Requests per second of the Wasm token's block.
    pub fn wasm_throughput(&self) -> f64 {
        f64::from(self.requests) / self.wasm.as_secs_f64()
    }

    /// How many times longer the Wasm block takes.
    pub fn ratio(&self) -> f64 {
        self.wasm.as_secs_f64() / self.native.as_secs_f64()
    }
}

/// Runs one block of native transfers on each chain, each on a thread of its own.
fn in_parallel(chains: &[(Fixture, BlockInput)]) -> Result<(), CliError> {
    std::thread::scope(|s| {
        let handles: Vec<_> = chains
            .iter()
            .map(|(fixture, input)| s.spawn(move || run_block(fixture, input).map(drop)))
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err(CliError::Demo("bench: a chain's thread panicked".into())))
        })
    })
}

/// Throughput of two chains running a block of native transfers each on two threads at once, over
/// that of one chain running the same block (on a thread too): 2 when they do not slow each other.
pub fn two_chain_scaling() -> Result<f64, CliError> {
    let chain = || -> Result<(Fixture, BlockInput), CliError> {
        let mut fixture = Fixture::new()?;
        let transfers = fixture.transfers(CHAIN_BLOCK);
        let input = fixture.input(transfers)?;
        Ok((fixture, input))
    };
    let one = [chain()?];
    let two = [chain()?, chain()?];
    let (t1, t2) = interleaved(
        3,
        || timed(|| in_parallel(&one)),
        || timed(|| in_parallel(&two)),
    )?;
    Ok(2.0 * t1.as_secs_f64() / t2.as_secs_f64())
}

/// iscvm's compile of one contract against a raw Cranelift compile of it with the same settings.
pub struct Compiles {
    /// The contract's size in bytes.
    pub bytes: usize,
    /// The fastest of iscvm's compiles (validation, NaN canonicalisation, metering, instrumentation).
    pub ours: Duration,
    /// The fastest raw compile.
    pub raw: Duration,
    /// The fastest of iscvm's compiles of [`large_module`] with Cranelift on one thread.
    pub one_thread: Duration,
    /// The fastest of iscvm's compiles of [`large_module`] with Cranelift on two threads.
    pub two_threads: Duration,
}

/// Functions of [`large_module`].
const LARGE_FUNCTIONS: usize = 300;

/// A module of [`LARGE_FUNCTIONS`] functions, about 110 KB of code: wasmer hands Cranelift's
/// threads buckets of about 33 KB of function bodies, so a contract of the usual size (every example
/// and Wasp contract has less code than that) compiles on one thread however many there are; this
/// one shows what a second thread gives.
pub fn large_module() -> Result<Vec<u8>, CliError> {
    let mut wat = String::from("(module (memory (export \"memory\") 1)\n");
    for i in 0..LARGE_FUNCTIONS {
        wat.push_str(&format!(
            "(func $f{i} (param $x i32) (result i32) (local $i i32)\n"
        ));
        wat.push_str("  (loop $l\n");
        for k in 0..12 {
            wat.push_str(&format!(
                "    (local.set $x (i32.xor (i32.mul (local.get $x) (i32.const {})) \
                 (i32.load offset={} (i32.and (local.get $x) (i32.const 1020)))))\n",
                2 * k + 3,
                4 * k
            ));
            wat.push_str(&format!(
                "    (if (i32.gt_u (local.get $x) (i32.const {})) (then (i32.store (i32.const {}) \
                 (local.get $x))))\n",
                1000 * (k + 1),
                8 * k
            ));
        }
        wat.push_str("    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n");
        wat.push_str("    (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))\n");
        match i.checked_sub(1) {
            Some(prev) => wat.push_str(&format!("  (call $f{prev} (local.get $x)))\n")),
            None => wat.push_str("  (local.get $x))\n"),
        }
    }
    wat.push_str(&format!(
        "(func (export \"fn:run\") (drop (call $f{} (i32.const 7)))))",
        LARGE_FUNCTIONS - 1
    ));
    isc_wasm::validate::wasm_bytes(wat.as_bytes())
        .map_err(|e| CliError::Demo(format!("bench: the large module: {e}")))
}

impl Compiles {
    /// Compiles `wasm` five times each way, in turn: iscvm's and raw, then iscvm's on one and on
    /// two threads.
    pub fn measure(wasm: &[u8]) -> Result<Compiles, CliError> {
        let fail = |e: isc_sandbox::VmError| CliError::Demo(format!("bench: compile: {e}"));
        let limits = WasmLimits::DEFAULT;
        let (ours, raw) = interleaved(
            5,
            || timed(|| isc_wasm::compile(wasm, &limits).map_err(fail)),
            || timed(|| RawModule::compile(wasm, &limits).map_err(fail)),
        )?;
        let large = large_module()?;
        let on = |n: usize| {
            let threads = std::num::NonZeroUsize::new(n);
            timed(|| isc_wasm::compile_on_threads(&large, &limits, threads).map_err(fail))
        };
        let (one_thread, two_threads) = interleaved(3, || on(1), || on(2))?;
        Ok(Compiles {
            bytes: wasm.len(),
            ours,
            raw,
            one_thread,
            two_threads,
        })
    }

    /// Milliseconds per KB of iscvm's compile.
    pub fn ms_per_kb(&self) -> f64 {
        self.ours.as_secs_f64() * 1e3 / (self.bytes as f64 / 1024.0)
    }

    /// How many times longer iscvm's compile takes.
    pub fn ratio(&self) -> f64 {
        self.ours.as_secs_f64() / self.raw.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_module_spans_several_of_wasmers_compile_buckets() {
        let wasm = large_module().expect("the large module");
        // Buckets hold about 33 KB of function bodies: three or more can go to two threads.
        assert!(wasm.len() > 3 * 33 * 1024, "{} bytes", wasm.len());
        isc_wasm::validate::validate(&wasm, &WasmLimits::DEFAULT).expect("valid");
    }
}
