//! Turning a failed Wasm call into a deterministic [`VmError`]: no addresses, no backtraces, no
//! engine-specific wording in what reaches a receipt.

use isc_sandbox::VmError;
use wasmer::sys::vm::TrapCode;
use wasmer::RuntimeError;

/// The error kind of a trap that no host function, metering or stack check explains.
pub fn trap_error(err: RuntimeError) -> VmError {
    match err.to_trap() {
        Some(code) => code_error(code),
        None => VmError::Trap("engine error".into()),
    }
}

fn code_error(code: TrapCode) -> VmError {
    let name = match code {
        // The deterministic stack limit trips long before the native one; if the native one ever trips,
        // report it as the stack limit rather than with a machine-dependent message.
        TrapCode::StackOverflow => return VmError::StackLimit,
        TrapCode::HeapAccessOutOfBounds => "out of bounds memory access",
        TrapCode::HeapMisaligned => "misaligned memory access",
        TrapCode::TableAccessOutOfBounds => "out of bounds table access",
        TrapCode::IndirectCallToNull => "indirect call to null",
        TrapCode::BadSignature => "indirect call signature mismatch",
        TrapCode::IntegerOverflow => "integer overflow",
        TrapCode::IntegerDivisionByZero => "integer division by zero",
        TrapCode::BadConversionToInteger => "invalid conversion to integer",
        TrapCode::UnreachableCodeReached => "unreachable",
        _ => "trap",
    };
    VmError::Trap(name.into())
}
