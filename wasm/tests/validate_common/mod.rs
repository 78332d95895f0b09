//! What the validation tests share (`wasm_validate.rs`, `wasm_validate_bytes.rs`): WAT snippets
//! validated under given limits, and the check that a rule rejected one.
#![allow(dead_code)]

use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, ModuleReport, Rule, ValidationError};

/// The smallest contract: a memory and one func entry point.
pub const MINIMAL: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "fn:init")))"#;

/// The binary of WAT `text`.
pub fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("test WAT parses")
}

/// Validates WAT `text` under the default limits.
pub fn check(text: &str) -> Result<ModuleReport, ValidationError> {
    validate(&wasm(text), &WasmLimits::DEFAULT)
}

/// Validates WAT `text` under `limits`.
pub fn check_with(text: &str, limits: WasmLimits) -> Result<ModuleReport, ValidationError> {
    validate(&wasm(text), &limits)
}

/// The error of `result`, which must be a rejection by `rule`.
#[track_caller]
pub fn rejected(result: Result<ModuleReport, ValidationError>, rule: Rule) -> ValidationError {
    match result {
        Ok(report) => panic!("expected rule `{rule}`, module accepted:\n{report}"),
        Err(err) => {
            assert_eq!(err.rule, rule, "{err}");
            err
        }
    }
}

/// `text` must be rejected by `rule` under the default limits; returns the error.
#[track_caller]
pub fn reject(rule: Rule, text: &str) -> ValidationError {
    rejected(check(text), rule)
}

/// A module with the `memory` export and `items`.
pub fn contract(items: &str) -> String {
    format!(r#"(module (memory (export "memory") 1) {items})"#)
}
