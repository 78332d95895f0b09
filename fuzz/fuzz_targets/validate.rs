//! Arbitrary bytes and wasm-smith modules through validation and, when accepted, compilation and
//! execution: no panic, no hang, and the same verdict (and frame costs) on every run.
//!
//! Three modules per input: the bytes themselves, a wasm-smith module from them with any imports and
//! exports (mostly rejected: the validator's rules get exercised), and a contract-shaped wasm-smith
//! module (imports from the host, `memory` and entry points exported, only accepted proposals), which
//! is mostly accepted. An accepted module is deployed through root on a fresh chain, each `fn:` entry
//! point is sent as a request and each `view:` called as a view, all under small gas budgets; this runs
//! twice on fresh chains and both runs must agree on every receipt (success or error message), every
//! gas figure, the views' results and the state hashes. Every error must be clean, the accounts
//! invariant must hold and `verify` must pass. With `ISC_FUZZ_TRACE` set, each module's verdict and
//! trace are printed.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Unstructured;
use isc_abi::{host_abi, Dict};
use isc_fuzz::{wasm_registry, Template, Trace, World};
use isc_gas::Limits;
use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, wasm_bytes, ModuleReport};
use isc_sandbox::EntryKind;
use libfuzzer_sys::fuzz_target;

/// Gas of each entry point's request, and of each view.
const CALL_GAS: u64 = 500_000;

/// Gas of the deployment beyond what validation and compilation are charged: `fn:init`'s share.
const INIT_GAS: u64 = 1_000_000;

/// Most entry points of each kind that are called.
const MAX_CALLS: usize = 16;

struct Fixture {
    template: Template,
    /// A module importing every host function: what contract-shaped modules may import.
    imports: Vec<u8>,
    /// Export sets of contract-shaped modules.
    exports: Vec<Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let limits = Limits {
            view_gas_budget: CALL_GAS,
            ..Limits::DEFAULT
        };
        let world = World::new(wasm_registry(), limits);
        let mut imports = String::from("(module\n");
        for name in host_abi::VIEW_IMPORTS.iter().chain(host_abi::FUNC_IMPORTS) {
            let (params, results) = host_abi::signature(name).expect("every import has one");
            let ty = |c: char| if c == 'I' { " i64" } else { " i32" };
            let params: String = params.chars().map(ty).collect();
            let results: String = results.chars().map(ty).collect();
            imports.push_str(&format!(
                "  (import \"isc\" \"{name}\" (func (param{params}) (result{results})))\n"
            ));
        }
        imports.push(')');
        let exports = [
            r#"(module (memory (export "memory") 1) (func (export "fn:a")))"#,
            r#"(module (memory (export "memory") 1 16)
                 (func (export "fn:a")) (func (export "fn:b")) (func (export "view:c")))"#,
            r#"(module (memory (export "memory") 1)
                 (func (export "fn:init")) (func (export "fn:a")) (func (export "view:b")))"#,
        ];
        Fixture {
            template: world.template(),
            imports: wasm_bytes(imports.as_bytes()).expect("the imports module assembles"),
            exports: exports
                .iter()
                .map(|e| wasm_bytes(e.as_bytes()).expect("an exports module assembles"))
                .collect(),
        }
    })
}

/// Deploys `bytes` on a fresh chain, sends each func entry point as a request, calls each view.
fn execute(bytes: &[u8], report: &ModuleReport) -> Trace {
    let mut world = World::from_template(&fixture().template);
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let schedule = isc_gas::GasSchedule::DEFAULT;
    let deploy_gas = schedule
        .validate
        .of(size)
        .saturating_add(schedule.deploy.of(size))
        .saturating_add(INIT_GAS);
    world.send_deploy("subject", bytes, deploy_gas);
    let contract = isc_abi::Hname::new("subject");
    let entries = |kind: EntryKind| {
        report
            .entry_points
            .iter()
            .filter(move |e| e.kind == kind)
            .take(MAX_CALLS)
    };
    for entry in entries(EntryKind::Func) {
        world.send("alice", contract, entry.hname, Dict::new(), 0, CALL_GAS);
    }
    world.run_block();
    for entry in entries(EntryKind::View) {
        let _ = world.view(contract, entry.hname, Dict::new());
    }
    world.finish()
}

fn check(bytes: &[u8]) {
    let limits = WasmLimits::DEFAULT;
    let first = validate(bytes, &limits);
    let second = validate(bytes, &limits);
    match (&first, &second) {
        (Ok(a), Ok(b)) => assert_eq!(a.frame_costs, b.frame_costs),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("validation is not deterministic"),
    }
    let tracing = std::env::var_os("ISC_FUZZ_TRACE").is_some();
    match first {
        Ok(report) => {
            isc_wasm::compile(bytes, &limits).expect("a validated module compiles");
            let one = execute(bytes, &report);
            let two = execute(bytes, &report);
            assert_eq!(one, two, "two fresh chains disagree about the module");
            if tracing {
                eprintln!("accepted ({} bytes): {one:#?}", bytes.len());
            }
        }
        Err(e) if tracing => eprintln!("rejected ({} bytes): {e}", bytes.len()),
        Err(_) => {}
    }
}

fn contract_shaped(u: &mut Unstructured<'_>) -> Option<Vec<u8>> {
    let fixture = fixture();
    let config = wasm_smith::Config {
        available_imports: Some(fixture.imports.clone()),
        exports: Some(u.choose(&fixture.exports).ok()?.clone()),
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        exceptions_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        memory64_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        custom_page_sizes_enabled: false,
        allow_start_export: false,
        max_memories: 1,
        max_memory32_bytes: 1 << 20,
        max_tables: 1,
        max_table_elements: 1_000,
        ..wasm_smith::Config::default()
    };
    wasm_smith::Module::new(config, u)
        .ok()
        .map(|m| m.to_bytes())
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut u = Unstructured::new(data);
    let config = wasm_smith::Config {
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        exceptions_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        memory64_enabled: false,
        max_memories: 1,
        max_memory32_bytes: 1 << 20,
        ..wasm_smith::Config::default()
    };
    if let Ok(module) = wasm_smith::Module::new(config, &mut u) {
        check(&module.to_bytes());
    }
    let mut u = Unstructured::new(data);
    if let Some(module) = contract_shaped(&mut u) {
        check(&module);
    }
});
