//! Contract validation rules, one inline WAT snippet per rule: what a module may contain (proposals,
//! imports, exports, entry points), what validation reports, and the limits on counts and sizes.
//! Raw bytes (hand-built binaries, garbage, truncation, mutation) are in `wasm_validate_bytes.rs`.

mod validate_common;

use isc_abi::Hname;
use isc_sandbox::EntryKind;
use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, Rule};
use validate_common::{check, check_with, contract, reject, rejected, wasm, MINIMAL};

/// The default limits changed by `change`.
fn limits(change: impl FnOnce(&mut WasmLimits)) -> WasmLimits {
    let mut limits = WasmLimits::DEFAULT;
    change(&mut limits);
    limits
}

/// A contract whose defined function 0 (module index 1, after one import) has `body`.
fn with_body(body: &str) -> String {
    format!(
        r#"(module
  (import "isc" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1 1)
  (func (export "fn:run") {body}))"#
    )
}

#[test]
fn minimal_contract_is_accepted() {
    let report = check(MINIMAL).unwrap();
    let ep = &report.entry_points[..];
    assert_eq!(ep.len(), 1);
    assert_eq!(
        (ep[0].name.as_str(), ep[0].export.as_str()),
        ("init", "fn:init")
    );
    assert_eq!(
        (ep[0].kind, ep[0].hname.to_string()),
        (EntryKind::Func, "1f44d644".into())
    );
    assert_eq!(
        (report.frame_costs, report.size),
        (vec![1], wasm(MINIMAL).len())
    );
    assert_eq!(
        (report.imported_functions, report.defined_functions),
        (0, 1)
    );
    assert_eq!(
        (report.memory_initial_pages, report.memory_maximum_pages),
        (1, None)
    );
    assert!(report.imports.is_empty());
}

#[test]
fn report_has_entry_points_imports_and_frame_costs() {
    let text = r#"(module
      (import "isc" "log" (func $log (param i32 i32)))
      (import "isc" "timestamp" (func $ts (result i64)))
      (memory (export "memory") 2 16)
      (func (export "fn:init"))
      (func (export "view:get") (local i32)
        i32.const 1 i32.const 2 i32.add drop))"#;
    let report = check(text).unwrap();
    assert_eq!(
        report.imports,
        vec!["log".to_string(), "timestamp".to_string()]
    );
    assert_eq!(report.imported_functions, 2);
    // fn:init: 1 + 0 params + 0 locals + 0 stack; view:get: 1 + 0 + 1 local + 2 stack.
    assert_eq!(report.frame_costs, vec![1, 4]);
    assert_eq!(report.frame_cost(2), Some(1));
    assert_eq!(report.frame_cost(3), Some(4));
    assert_eq!(report.frame_cost(0), None);
    let view = report.entry_point(Hname::new("get")).unwrap();
    assert_eq!(
        (view.kind, view.export.as_str()),
        (EntryKind::View, "view:get")
    );
    assert_eq!(
        (report.memory_initial_pages, report.memory_maximum_pages),
        (2, Some(16))
    );
    let summary = report.summary();
    assert!(summary.contains("1f44d644 func init"), "{summary}");
    assert!(summary.contains("log, timestamp"), "{summary}");
    // Validation is deterministic.
    assert_eq!(check(text).unwrap(), report);
}

#[test]
fn indirect_cost_covers_table_functions_only() {
    let text = r#"(module
      (type $t (func (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (table 2 funcref)
      (elem (i32.const 0) $add $quiet)
      (func $add (type $t) local.get 0 local.get 1 i32.add)
      (func $quiet (type $t) (local i64 i64 i64) i32.const 0)
      (func $big (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32))
      (func (export "fn:run")
        (drop (call_indirect (type $t) (i32.const 1) (i32.const 2) (i32.const 0)))))"#;
    let report = check(text).unwrap();
    // $add 1+2+0+2, $quiet 1+2+3+1, $big 1+0+10+0, fn:run 1+0+0+3.
    assert_eq!(report.frame_costs, vec![5, 7, 11, 4]);
    assert_eq!(report.max_indirect_cost, 7);
    assert_eq!(report.max_frame_cost(), 11);
    assert_eq!(
        check(MINIMAL).unwrap().max_indirect_cost,
        1,
        "exports count as ref.func targets"
    );
}

#[test]
fn linker_globals_are_tolerated() {
    let report = check(
        r#"(module
      (memory (export "memory") 17)
      (global $sp (mut i32) (i32.const 1048576))
      (global (export "__data_end") i32 (i32.const 1048576))
      (global (export "__heap_base") i32 (i32.const 1048576))
      (func (export "fn:init")))"#,
    );
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn accepted_proposals_pass() {
    let body = r#"(local f64)
      i32.const 0 i32.const 0 i32.const 0 memory.copy
      i32.const 0 i32.const 0 i32.const 0 memory.fill
      f64.const 1.5 f64.const 2 f64.mul local.set 0
      local.get 0 i32.trunc_sat_f64_s i32.extend8_s drop
      i32.const 1 i32.const 2 i32.const 0 select drop
      ref.null func ref.is_null drop"#;
    let report = check(&with_body(body));
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn simd_is_rejected_with_function_and_offset() {
    let bytes = wasm(&with_body("v128.const i64x2 0 0 drop"));
    let err = rejected(validate(&bytes, &WasmLimits::DEFAULT), Rule::Simd);
    assert_eq!(err.function, Some(1));
    let offset = err.offset.unwrap();
    assert_eq!(bytes[offset], 0xfd, "the offset points at the SIMD prefix");
    assert!(err.message.contains("v128.const"), "{err}");
    assert_eq!(
        err.to_string(),
        format!("rejected by rule `simd` at function 1, offset {offset:#x}: SIMD instruction v128.const")
    );
}

/// A module with `items` and an entry point `fn:x`, but no memory of its own.
fn bare(items: &str) -> String {
    format!(r#"(module {items} (func (export "fn:x")))"#)
}

/// One snippet per rule that needs no more than its verdict checked.
#[test]
#[rustfmt::skip]
fn each_rule_rejects_its_snippet() {
    let mem = r#"(memory (export "memory") 1)"#;
    let cases: &[(Rule, String)] = &[
        (Rule::Simd, with_body("(local v128)")),
        (Rule::Simd, contract(r#"(func (export "fn:x") (param v128))"#)),
        (Rule::Threads, bare(r#"(memory (export "memory") 1 1 shared)"#)),
        (Rule::Threads, with_body("atomic.fence")),
        (Rule::Exceptions, contract(r#"(tag $e) (func (export "fn:x") (throw $e))"#)),
        (Rule::Memory64, bare(r#"(memory (export "memory") i64 1)"#)),
        (Rule::MultiMemory, bare(&format!("{mem} (memory 1)"))),
        (Rule::CustomPageSizes, bare(r#"(memory (export "memory") 1 (pagesize 1))"#)),
        (Rule::Gc, contract(r#"(type (struct)) (func (export "fn:x"))"#)),
        (Rule::ComponentModel, "(component)".into()),
        (Rule::Import, bare(&format!(r#"(import "env" "log" (func (param i32 i32))) {mem}"#))),
        (Rule::Import, bare(&format!(r#"(import "isc" "timestamp" (func (result i32))) {mem}"#))),
        (Rule::Import, bare(&format!(r#"(import "isc" "g" (global i32)) {mem}"#))),
        (Rule::Import, bare(&format!(r#"(import "isc" "t" (table 1 funcref)) {mem}"#))),
        (Rule::Import, bare(r#"(import "isc" "memory" (memory 1)) (export "memory" (memory 0))"#)),
        (Rule::Memory, bare("")),
        (Rule::Memory, bare("(memory 1)")),
        (Rule::Export, bare(r#"(memory (export "mem") 1)"#)),
        (Rule::Export, contract(r#"(func (export "fn:"))"#)),
        (Rule::Export, contract(r#"(func (export "call:x"))"#)),
        (Rule::Export, contract(r#"(func (export "view:get") (result i32) i32.const 0)"#)),
        (Rule::Export, contract(r#"(func (export "fn:x")) (table (export "t") 1 funcref)"#)),
        (Rule::Export, bare(&format!(r#"{mem} (global (export "g") i32 (i32.const 0))"#))),
        (Rule::Export, contract("(func)")),
    ];
    for (rule, text) in cases {
        match check(text) {
            Ok(_) => panic!("expected rule `{rule}`, accepted: {text}"),
            Err(err) => assert_eq!(err.rule, *rule, "{text}: {err}"),
        }
    }
}

#[test]
fn atomics_and_exceptions_name_the_function() {
    let err = reject(
        Rule::Threads,
        &with_body("i32.const 0 i32.atomic.load drop"),
    );
    assert_eq!(err.function, Some(1));
    let err = reject(
        Rule::Exceptions,
        &with_body("(block $b (try_table (catch_all $b)))"),
    );
    assert_eq!(err.function, Some(1));
}

#[test]
fn tail_calls_are_rejected() {
    let bytes = wasm(&contract(r#"(func $f (export "fn:loop") return_call $f)"#));
    let err = rejected(validate(&bytes, &WasmLimits::DEFAULT), Rule::TailCall);
    assert_eq!(err.function, Some(0));
    assert_eq!(bytes[err.offset.unwrap()], 0x12);
}

#[test]
fn start_function_is_rejected() {
    let err = reject(
        Rule::StartFunction,
        &contract(r#"(func $s) (start $s) (func (export "fn:x"))"#),
    );
    assert_eq!(err.function, Some(0));
}

#[test]
fn imports_name_the_import_and_the_host_signature() {
    let module = |import: &str| bare(&format!(r#"{import} (memory (export "memory") 1)"#));
    let err = reject(Rule::Import, &module(r#"(import "isc" "nonsense" (func))"#));
    assert!(err.message.contains("isc.nonsense"), "{err}");
    let err = reject(
        Rule::Import,
        &module(r#"(import "isc" "log" (func (param i32)))"#),
    );
    assert!(err.message.contains("(func (param i32 i32))"), "{err}");
    let call =
        r#"(import "isc" "call" (func (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))"#;
    assert!(check(&module(call)).is_ok());
}

#[test]
fn exports_name_the_function() {
    let err = reject(Rule::Export, &contract(r#"(func (export "main"))"#));
    assert_eq!(err.function, Some(0));
    let wrong_type = r#"(func (export "fn:ok")) (func (export "fn:add") (param i32))"#;
    let err = reject(Rule::Export, &contract(wrong_type));
    assert_eq!(err.function, Some(1));
}

#[test]
fn init_must_be_a_func() {
    let err = reject(Rule::Export, &contract(r#"(func (export "view:init"))"#));
    assert!(err.message.contains("must be a func (`fn:init`)"), "{err}");
    check(&contract(
        r#"(func (export "fn:init")) (func (export "view:initial"))"#,
    ))
    .unwrap();
}

#[test]
fn duplicate_hnames_are_rejected() {
    let err = reject(
        Rule::DuplicateEntryPoint,
        &contract(r#"(func (export "fn:x")) (func (export "view:x"))"#),
    );
    assert!(err.message.contains("`fn:x` and `view:x`"), "{err}");
}

#[test]
fn too_many_functions() {
    let text = contract(r#"(func) (func) (func (export "fn:x"))"#);
    let err = rejected(
        check_with(&text, limits(|l| l.max_functions = 2)),
        Rule::Functions,
    );
    assert!(err.message.contains("3, limit 2"), "{err}");
}

#[test]
fn too_many_locals() {
    let two = limits(|l| l.max_locals = 2);
    assert!(check_with(&with_body("(local i32 i64)"), two).is_ok());
    let err = rejected(
        check_with(&with_body("(local i32 i64 f32)"), two),
        Rule::Locals,
    );
    assert_eq!(err.function, Some(1));
    let text = contract(r#"(func (local i32 i32)) (func (export "fn:x") (local i32 i32))"#);
    let err = rejected(
        check_with(&text, limits(|l| l.max_total_locals = 3)),
        Rule::TotalLocals,
    );
    assert_eq!(err.function, Some(1));
}

#[test]
fn body_over_the_size_limit() {
    let small = limits(|l| l.max_body_size = 16);
    assert!(check_with(&with_body("nop nop"), small).is_ok());
    let err = rejected(
        check_with(&with_body(&"nop ".repeat(20)), small),
        Rule::BodySize,
    );
    assert_eq!(err.function, Some(1));
}

#[test]
fn frame_cost_over_the_limit() {
    let four = limits(|l| l.max_frame_cost = 4);
    let fits = with_body("(local i32) i32.const 1 i32.const 2 drop drop");
    assert!(check_with(&fits, four).is_ok());
    let over = with_body("(local i32 i32) i32.const 1 i32.const 2 drop drop");
    let err = rejected(check_with(&over, four), Rule::FrameCost);
    assert_eq!(err.function, Some(1));
}

#[test]
fn module_over_the_size_limit() {
    rejected(
        check_with(MINIMAL, limits(|l| l.max_module_size = 16)),
        Rule::ModuleSize,
    );
}

#[test]
fn initial_memory_over_the_limit() {
    let text = |memory: &str| {
        format!(r#"(module (memory (export "memory") {memory}) (func (export "fn:x")))"#)
    };
    let max = WasmLimits::DEFAULT.max_memory_initial_pages;
    assert!(check(&text(&max.to_string())).is_ok());
    let err = reject(Rule::MemoryPages, &text(&(max + 1).to_string()));
    assert!(err.message.contains("65, limit 64"), "{err}");
    // A large declared maximum is fine: the engine caps growth.
    assert!(check(&text("1 65536")).is_ok());
}

#[test]
fn too_many_table_entries() {
    let ten = limits(|l| l.max_table_entries = 10);
    let text = |table: &str| contract(&format!(r#"{table} (func (export "fn:x"))"#));
    assert!(check_with(&text("(table 10 funcref)"), ten).is_ok());
    rejected(
        check_with(&text("(table 11 funcref)"), ten),
        Rule::TableSize,
    );
    rejected(
        check_with(&text("(table 1 11 funcref)"), ten),
        Rule::TableSize,
    );
    reject(Rule::Tables, &text("(table 1 funcref) (table 1 funcref)"));
}

#[test]
fn data_over_the_limit() {
    let five = limits(|l| l.max_data_size = 5);
    let text = |data: &str| {
        contract(&format!(
            r#"(data (i32.const 0) "{data}") (func (export "fn:x"))"#
        ))
    };
    assert_eq!(check_with(&text("01234"), five).unwrap().data_size, 5);
    let err = rejected(check_with(&text("012345"), five), Rule::DataSize);
    assert!(err.message.contains("6, limit 5"), "{err}");
}

#[test]
fn table_grow_and_fill_are_rejected() {
    let module = |body: &str| {
        contract(&format!(
            r#"(table 1 funcref) (func (export "fn:x") {body})"#
        ))
    };
    let bytes = wasm(&module("ref.null func i32.const 1 table.grow 0 drop"));
    let err = rejected(validate(&bytes, &WasmLimits::DEFAULT), Rule::TableGrow);
    assert_eq!(err.function, Some(0));
    assert_eq!(bytes[err.offset.unwrap()], 0xfc);
    reject(
        Rule::TableGrow,
        &module("i32.const 0 ref.null func i32.const 1 table.fill 0"),
    );
    // Reading and writing the table stays allowed.
    let body =
        "i32.const 0 table.get 0 drop table.size 0 drop i32.const 0 ref.null func table.set 0";
    assert!(check(&module(body)).is_ok());
}
