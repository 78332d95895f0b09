//! Compile-time bound: the worst modules validation accepts (deep nesting, a huge `br_table`, many
//! locals, a maximal body, many functions) must each compile within the budget of 250 ms on the
//! reference machine (2 cores). Measured worst: 9,000 small functions, ~190 ms (BENCHMARKS.md).

// Links the fixtures crate for its global allocator (mimalloc), as the other suites do.
extern crate isc_benches as _;

use criterion::{criterion_group, criterion_main, Criterion};
use isc_wasm::compile;
use isc_wasm::limits::WasmLimits;

fn module(body: &str, locals: &str) -> Vec<u8> {
    let wat =
        format!("(module (memory (export \"memory\") 1) (func (export \"fn:x\") {locals} {body}))");
    wat::parse_str(&wat).expect("wat")
}

/// Worst cases near the default limits.
pub fn worst_modules() -> Vec<(&'static str, Vec<u8>)> {
    let limits = WasmLimits::DEFAULT;
    let mut out = Vec::new();
    // Deep nesting: blocks inside blocks until the body limit.
    let depth = 20_000;
    out.push((
        "nested blocks x20k",
        module(
            &format!("{}{}", "(block ".repeat(depth), ")".repeat(depth)),
            "",
        ),
    ));
    // A huge br_table.
    let targets = "0 ".repeat(60_000);
    out.push((
        "br_table x60k",
        module(&format!("(block (br_table {targets} 0 (i32.const 0)))"), ""),
    ));
    // Many locals, all live.
    let n = limits.max_locals as usize;
    let locals = format!("(local {})", "i64 ".repeat(n));
    let uses: String = (0..n)
        .map(|i| format!("(local.set {i} (i64.add (local.get {i}) (i64.const 1)))"))
        .collect();
    out.push(("4096 live locals", module(&uses, &locals)));
    // A maximal body of arithmetic (under the body size limit).
    let ops = "(drop (i64.mul (i64.const 3) (i64.const 5)))".repeat(20_000);
    out.push(("~240 KiB body of arithmetic", module(&ops, "")));
    // Many small functions.
    let funcs: String = (0..9_000)
        .map(|_| "(func (drop (i32.add (i32.const 1) (i32.const 2))))")
        .collect();
    let wat = format!("(module (memory (export \"memory\") 1) (func (export \"fn:x\")) {funcs})");
    out.push(("9,000 functions", wat::parse_str(&wat).expect("wat")));
    out
}

fn bound(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile_bound");
    group.sample_size(10);
    for (name, wasm) in worst_modules() {
        // Accepted by validation (otherwise it is not a worst *accepted* case).
        compile(&wasm, &WasmLimits::DEFAULT).unwrap_or_else(|e| panic!("{name}: {e}"));
        group.bench_function(format!("{name} ({} KB)", wasm.len() / 1024), |b| {
            b.iter(|| compile(&wasm, &WasmLimits::DEFAULT).expect("compile"))
        });
    }
    group.finish();
}

criterion_group!(benches, bound);
criterion_main!(benches);
