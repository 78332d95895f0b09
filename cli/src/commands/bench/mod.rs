//! `iscvm bench`: a quick run of the headline figures (criterion suites in `benches/` give the careful
//! ones) and of the ratios a user compares on a noisy machine (`ratios`), and with `--calibrate`, gas
//! per microsecond of every host operation beside plain Wasm.

mod fixture;
mod probe;
mod ratios;

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use isc_abi::Dict;
use isc_runtime::execute_block;
use isc_sandbox::{Block, Mutation, StateUpdate, VirtualState};
use serde::Serialize;

use crate::args::Cli;
use crate::commands::demo::program::INCCOUNTER_WASM;
use crate::error::CliError;
use crate::output::print_json;
use fixture::Fixture;
use probe::{OPS, PROBE};
use ratios::{Compiles, Ratios, TokenBlocks};

#[derive(Serialize)]
struct Figure {
    name: &'static str,
    value: f64,
    unit: &'static str,
    target: &'static str,
}

#[derive(Serialize)]
struct Calibration {
    op: &'static str,
    what: &'static str,
    micros_per_op: f64,
    gas_per_op: f64,
    gas_per_micro: f64,
    time_per_gas_vs_plain_wasm: f64,
}

#[derive(Serialize)]
struct Out {
    figures: Vec<Figure>,
    ratios: Ratios,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    calibration: Vec<Calibration>,
}

/// The fastest of five loads of the inccounter contract by a fresh module cache over a directory that
/// holds its artifact, as after a node restart (read, hash check, deserialization).
fn load_from_disk() -> Result<Duration, CliError> {
    use isc_wasm::{cache::fingerprint, limits::WasmLimits, ModuleCache};
    let fail = |e: &dyn std::fmt::Display| CliError::Demo(format!("module load bench: {e}"));
    let dir = std::env::temp_dir().join(format!("iscvm-bench-cache-{}", std::process::id()));
    let limits = WasmLimits::DEFAULT;
    let fp = fingerprint(&limits);
    let hash = isc_abi::blake2b256(INCCOUNTER_WASM);
    let result = (|| {
        ModuleCache::with_disk(&dir, 1 << 30)
            .map_err(|e| fail(&e))?
            .get_or_compile(&hash, INCCOUNTER_WASM, &limits, &fp)
            .map_err(|e| fail(&e))?;
        let mut fastest = Duration::MAX;
        for _ in 0..5 {
            let cold = ModuleCache::with_disk(&dir, 1 << 30).map_err(|e| fail(&e))?;
            let started = Instant::now();
            cold.get_or_compile(&hash, INCCOUNTER_WASM, &limits, &fp)
                .map_err(|e| fail(&e))?;
            fastest = fastest.min(started.elapsed());
            if cold.metrics().disk_hits != 1 {
                return Err(fail(&"the artifact was not loaded from disk"));
            }
        }
        Ok(fastest)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The fastest of `runs` timings of `f` (each run gets a fresh input from `setup`).
fn best<S, T>(runs: usize, mut setup: impl FnMut() -> S, mut f: impl FnMut(S) -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let input = setup();
            let started = Instant::now();
            std::hint::black_box(f(input));
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn progress(cli: &Cli, len: u64) -> ProgressBar {
    if cli.json || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Calls `func` of contract "p" in the probe fixture; returns (time, gas burned).
fn call(f: &Fixture, state: &VirtualState, func: &str) -> Result<(Duration, u64), CliError> {
    let started = Instant::now();
    let call = f
        .call_outside_block(state, ("p", func), u64::MAX / 4)
        .map_err(|e| CliError::Demo(format!("bench: probe {func}: {e}")))?;
    Ok((started.elapsed(), call.gas_burned))
}

/// Runs `iscvm bench [--calibrate]`.
pub fn run(cli: &Cli, calibrate: bool) -> Result<(), CliError> {
    let steps = 10 + if calibrate { OPS.len() as u64 } else { 0 };
    let bar = progress(cli, steps);
    let mut figures = Vec::new();

    bar.set_message("native transfers");
    let mut native = Fixture::new()?;
    let n = 10_000u32;
    let transfers = native.transfers(n);
    let input = native.input(transfers)?;
    let t = best(
        3,
        || VirtualState::new(native.chain().store().clone()),
        |state| state.map(|mut s| execute_block(native.env(), &mut s, &input).map(|_| s)),
    );
    figures.push(Figure {
        name: "block of 10,000 native transfers",
        value: f64::from(n) / t.as_secs_f64(),
        unit: "req/s",
        target: ">= 200,000",
    });
    bar.inc(1);

    bar.set_message("wasm calls");
    let mut probe_fixture = Fixture::new()?;
    probe_fixture.deploy("p", PROBE.as_bytes(), Dict::new())?;
    let state = VirtualState::new(probe_fixture.chain().store().clone())
        .map_err(|e| CliError::Demo(e.to_string()))?;
    let calls = 2_000;
    let started = Instant::now();
    for _ in 0..calls {
        call(&probe_fixture, &state, "noop")?;
    }
    figures.push(Figure {
        name: "no-op Wasm call, instantiation included",
        value: started.elapsed().as_secs_f64() * 1e6 / f64::from(calls),
        unit: "µs",
        target: "<= 5",
    });
    bar.inc(1);
    // The fastest of several calls, like the block figures: one call is only 1,000 reads.
    let mut t = Duration::MAX;
    for _ in 0..20 {
        t = t.min(call(&probe_fixture, &state, "get")?.0);
    }
    figures.push(Figure {
        name: "host call: state read of 32 bytes",
        value: t.as_secs_f64() * 1e9 / f64::from(probe::LOOPS),
        unit: "ns",
        target: "<= 60",
    });
    bar.inc(1);

    bar.set_message("wasm blocks");
    let mut inc = Fixture::new()?;
    inc.deploy("inccounter", INCCOUNTER_WASM, Dict::new())?;
    let m = 2_000u32;
    let increments = inc.calls(m, "inccounter", "increment");
    let input = inc.input(increments)?;
    let t = best(
        2,
        || VirtualState::new(inc.chain().store().clone()),
        |state| state.map(|mut s| execute_block(inc.env(), &mut s, &input).map(|_| s)),
    );
    figures.push(Figure {
        name: "block of Wasm inccounter increments",
        value: f64::from(m) / t.as_secs_f64(),
        unit: "req/s",
        target: ">= 200,000",
    });
    bar.inc(1);

    bar.set_message("wasm and native token blocks");
    let tokens = TokenBlocks::measure()?;
    figures.push(Figure {
        name: "block of Wasm token transfers",
        value: tokens.wasm_throughput(),
        unit: "req/s",
        target: ">= 150,000",
    });
    bar.inc(1);

    bar.set_message("compile, and raw Cranelift");
    let compiles = Compiles::measure(INCCOUNTER_WASM)?;
    figures.push(Figure {
        name: "validation + Cranelift compilation",
        value: compiles.ms_per_kb(),
        unit: "ms/KB",
        target: "report",
    });
    figures.push(Figure {
        name: "compile of a 300-function module, Cranelift on 1 thread",
        value: compiles.one_thread.as_secs_f64() * 1e3,
        unit: "ms",
        target: "report",
    });
    figures.push(Figure {
        name: "compile of a 300-function module, Cranelift on 2 threads",
        value: compiles.two_threads.as_secs_f64() * 1e3,
        unit: "ms",
        target: "report",
    });
    bar.inc(1);

    bar.set_message("module load from disk");
    figures.push(Figure {
        name: "module load from disk (node restart)",
        value: load_from_disk()?.as_secs_f64() * 1e3,
        unit: "ms",
        target: "<= 2 (for 100 KB)",
    });
    bar.inc(1);

    bar.set_message("state hash");
    let mut keys: Vec<Vec<u8>> = (0..10_000u32)
        .map(|i| isc_abi::blake2b256(&i.to_le_bytes()).0.to_vec())
        .collect();
    keys.sort();
    let block = Block {
        index: 1,
        timestamp: 2,
        updates: vec![StateUpdate {
            timestamp: 2,
            mutations: keys
                .into_iter()
                .map(|key| Mutation::Set {
                    key,
                    value: vec![7; 100],
                })
                .collect(),
        }],
    };
    let t = best(5, || (), |()| block.hash());
    figures.push(Figure {
        name: "state hash of a 10,000-mutation block",
        value: block.encoded_len() as f64 / t.as_secs_f64() / 1e6,
        unit: "MB/s",
        target: ">= 500",
    });
    bar.inc(1);

    bar.set_message("metering overhead");
    let metering_overhead =
        ratios::metering_overhead(|| Ok(call(&probe_fixture, &state, "plain")?.0))?;
    bar.inc(1);
    bar.set_message("two chains");
    let two_chain_scaling = ratios::two_chain_scaling()?;
    bar.inc(1);
    let ratios = Ratios {
        metering_overhead,
        wasm_vs_native_token: tokens.ratio(),
        two_chain_scaling,
        compile_vs_raw_cranelift: compiles.ratio(),
    };

    let mut calibration = Vec::new();
    if calibrate {
        let plain_ns_per_gas = {
            let (t, gas) = call(&probe_fixture, &state, "plain")?;
            t.as_secs_f64() * 1e9 / gas as f64
        };
        for (op, what, iterations) in OPS {
            bar.set_message(format!("calibrate {op}"));
            let (t, gas) = call(&probe_fixture, &state, op)?;
            let micros = t.as_secs_f64() * 1e6;
            calibration.push(Calibration {
                op,
                what,
                micros_per_op: micros / f64::from(*iterations),
                gas_per_op: gas as f64 / f64::from(*iterations),
                gas_per_micro: gas as f64 / micros,
                time_per_gas_vs_plain_wasm: t.as_secs_f64() * 1e9 / gas as f64 / plain_ns_per_gas,
            });
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let out = Out {
        figures,
        ratios,
        calibration,
    };
    if cli.json {
        return print_json(&out);
    }
    println!("{:<45} {:>14} {:<6} target", "figure", "measured", "unit");
    for f in &out.figures {
        println!(
            "{:<45} {:>14.1} {:<6} {}",
            f.name, f.value, f.unit, f.target
        );
    }
    println!();
    println!(
        "{:<45} {:>14} {:<6} target",
        "ratio (same run)", "measured", ""
    );
    for (name, value, target) in out.ratios.rows() {
        println!("{name:<45} {value:>14.2} {:<6} {target}", "");
    }
    if !out.calibration.is_empty() {
        println!();
        println!(
            "{:<11} {:>10} {:>12} {:>10} {:>14}  what",
            "op", "µs/op", "gas/op", "gas/µs", "time/gas ×plain"
        );
        for c in &out.calibration {
            let flag = if c.time_per_gas_vs_plain_wasm > 3.0 {
                "  UNDERPRICED"
            } else {
                ""
            };
            println!(
                "{:<11} {:>10.3} {:>12.0} {:>10.0} {:>14.2}  {}{flag}",
                c.op,
                c.micros_per_op,
                c.gas_per_op,
                c.gas_per_micro,
                c.time_per_gas_vs_plain_wasm,
                c.what
            );
        }
        println!("(an operation above 3x the time per gas of plain Wasm would be a denial-of-service hole)");
    }
    Ok(())
}
