//! The Wasp binaries (`../shared/wasp/`) pass validation and are recognised by their ABI; modules that
//! mix or misuse the Pollen-era imports and exports are refused with the rule they broke.

use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, Rule};
use isc_wasm::wasplib::Tag;
use isc_wasm::Abi;

const NAMES: [&str; 4] = ["inccounter", "erc20", "donatewithfeedback", "fairroulette"];

#[test]
fn every_wasp_binary_validates_with_its_abi() {
    for (tag, abi) in [
        ("v0.1.0", Abi::Wasplib(Tag::V01)),
        ("v0.2.0", Abi::Wasplib(Tag::V02)),
    ] {
        for name in NAMES {
            let Some(wasm) = isc_env::wasp_binary(tag, name) else {
                return;
            };
            let report = validate(&wasm, &WasmLimits::DEFAULT)
                .unwrap_or_else(|e| panic!("{tag}/{name}: {e}"));
            assert_eq!(report.abi, abi, "{tag}/{name}");
            assert!(
                report.entry_points.is_empty(),
                "found by on_load, not exports"
            );
            assert_eq!(report.imports.len(), 4);
        }
    }
}

fn rejected(wat: &str) -> (Rule, String) {
    let wasm = wat::parse_str(wat).expect("wat");
    let e = validate(&wasm, &WasmLimits::DEFAULT).expect_err("rejected");
    (e.rule, e.to_string())
}

#[test]
fn mixed_modules_and_bad_exports_are_refused() {
    let (rule, msg) = rejected(
        r#"(module
            (import "WasmLib" "hostGetKeyID" (func (param i32 i32) (result i32)))
            (import "isc" "state_has" (func (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "on_load")) (func (export "on_call") (param i32)))"#,
    );
    assert_eq!(rule, Rule::Import, "{msg}");
    assert!(msg.contains("one module only"), "{msg}");
    let (rule, msg) = rejected(
        r#"(module
            (import "wasplib" "hostGetKeyID" (func (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "on_load")) (func (export "on_call_entrypoint") (param i32)))"#,
    );
    assert_eq!(
        rule,
        Rule::Import,
        "v0.2.0 spelling in a v0.1.0 module: {msg}"
    );
    let (rule, msg) = rejected(
        r#"(module
            (import "WasmLib" "hostGetBytes" (func (param i32 i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "on_load")) (func (export "on_call") (param i32)))"#,
    );
    assert_eq!(rule, Rule::Import, "wrong signature: {msg}");
    let (rule, msg) = rejected(
        r#"(module
            (import "WasmLib" "hostGetKeyID" (func (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "on_load")))"#,
    );
    assert_eq!(rule, Rule::Export, "{msg}");
    assert!(msg.contains("on_call"), "{msg}");
    let (rule, msg) = rejected(
        r#"(module
            (import "WasmLib" "hostGetKeyID" (func (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "on_load")) (func (export "on_call")))"#,
    );
    assert_eq!(rule, Rule::Export, "on_call without its argument: {msg}");
}

#[test]
fn a_helloworld_style_module_with_three_imports_validates() {
    let wasm = wat::parse_str(
        r#"(module
            (import "wasplib" "hostGetKeyId" (func (param i32 i32) (result i32)))
            (import "wasplib" "hostGetObjectId" (func (param i32 i32 i32) (result i32)))
            (import "wasplib" "hostSetBytes" (func (param i32 i32 i32 i32 i32)))
            (memory (export "memory") 1)
            (func (export "on_load")) (func (export "on_call_entrypoint") (param i32)))"#,
    )
    .unwrap();
    let report = validate(&wasm, &WasmLimits::DEFAULT).unwrap();
    assert_eq!(report.abi, Abi::Wasplib(Tag::V01));
    assert!(report.to_string().starts_with("abi: wasplib-v0.1\n"));
}
