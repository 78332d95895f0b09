//! Arbitrary bytes and wasm-smith modules through validation and, when accepted, compilation: no
//! panic, no hang, and the same verdict (and frame costs) on every run.
#![no_main]

use arbitrary::Unstructured;
use isc_runtime::wasm::limits::WasmLimits;
use isc_runtime::wasm::validate::validate;
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    let limits = WasmLimits::DEFAULT;
    let first = validate(bytes, &limits);
    let second = validate(bytes, &limits);
    match (&first, &second) {
        (Ok(a), Ok(b)) => assert_eq!(a.frame_costs, b.frame_costs),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("validation is not deterministic"),
    }
    if first.is_ok() {
        isc_runtime::wasm::compile(bytes, &limits).expect("a validated module compiles");
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut u = Unstructured::new(data);
    let mut config = wasm_smith::Config::default();
    config.simd_enabled = false;
    config.relaxed_simd_enabled = false;
    config.threads_enabled = false;
    config.exceptions_enabled = false;
    config.tail_call_enabled = false;
    config.gc_enabled = false;
    config.memory64_enabled = false;
    config.max_memories = 1;
    config.max_memory32_bytes = 1 << 20;
    if let Ok(module) = wasm_smith::Module::new(config, &mut u) {
        check(&module.to_bytes());
    }
});
