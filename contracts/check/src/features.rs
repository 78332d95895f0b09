//! The proposals a contract may use: check's copy of the runtime's
//! `isc_wasm::validate::accepted_features`, the authority.
//!
//! The contracts workspace cannot depend on the runtime (it is built apart, and its `check` crate
//! is an independent restatement of the validator), so the set is written out again here. This file
//! uses nothing but wasmparser so that the runtime's tests can include it as it is
//! (`wasm/tests/check_features.rs`) and assert that the two sets are equal: they cannot drift.

use wasmparser::WasmFeatures;

/// The proposals a contract may use: MVP with floats, mutable globals, saturating float-to-int,
/// sign extension, multi-value, bulk memory, reference types and extended constant expressions
/// (see the runtime's `accepted_features` for why each is in and everything else is out).
pub fn accepted_features() -> WasmFeatures {
    WasmFeatures::FLOATS
        | WasmFeatures::GC_TYPES
        | WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::REFERENCE_TYPES
        | WasmFeatures::EXTENDED_CONST
}
