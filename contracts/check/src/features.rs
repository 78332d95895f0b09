//! The proposals a contract may use, written once for the runtime and for `check`.
//!
//! The contracts workspace cannot depend on the runtime (it is built apart, and its `check` crate is
//! an independent restatement of the validator), so the runtime compiles this very file as its
//! `isc_wasm::validate::accepted_features` (a `#[path]` module in `wasm/src/validate/proposals.rs`),
//! and `check` compiles it as its own. It uses nothing but wasmparser so that both can;
//! `wasm/tests/check_features.rs` asserts that the two sets are equal.

use wasmparser::WasmFeatures;

/// The proposals a contract may use.
///
/// MVP with floats (NaN canonicalisation makes them deterministic), mutable globals, saturating
/// float-to-int, sign extension, multi-value, bulk memory, reference types (recent Rust emits the
/// over-long `call_indirect` encoding it brings), `externref` with it, and extended constant expressions.
/// Everything else — SIMD, threads, exceptions, GC, function references, tail calls, memory64,
/// multi-memory, custom page sizes, wide arithmetic, stack switching, components, compact imports — is
/// rejected, because it is nondeterministic, escapes the metering or stack accounting, or is simply not
/// something the host has reasons to support.
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
