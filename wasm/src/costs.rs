//! Operator → gas: maps each Wasm operator to its cost class in `isc-gas`.

use isc_gas::{WasmCosts, WasmOpClass};
use wasmer::wasmparser::Operator;

/// The class of `op`.
pub fn class(op: &Operator) -> WasmOpClass {
    use Operator::*;
    match op {
        Block { .. } | Loop { .. } | End | Else | Nop => WasmOpClass::Structure,
        Call { .. } => WasmOpClass::Call,
        CallIndirect { .. } => WasmOpClass::CallIndirect,
        MemoryGrow { .. } => WasmOpClass::MemoryGrow,
        MemoryCopy { .. }
        | MemoryFill { .. }
        | MemoryInit { .. }
        | TableCopy { .. }
        | TableInit { .. } => WasmOpClass::Bulk,
        I32DivS | I32DivU | I32RemS | I32RemU | I64DivS | I64DivU | I64RemS | I64RemU | F32Div
        | F64Div | F32Sqrt | F64Sqrt => WasmOpClass::Divide,
        _ => WasmOpClass::Plain,
    }
}

/// The fixed cost of `op`, which the instrumentation middleware sums per straight-line run.
pub fn operator_cost(op: &Operator) -> u64 {
    WasmCosts::DEFAULT.of(class(op))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class(&Operator::I32Add), WasmOpClass::Plain);
        assert_eq!(class(&Operator::I64DivU), WasmOpClass::Divide);
        assert_eq!(
            class(&Operator::Call { function_index: 0 }),
            WasmOpClass::Call
        );
        assert_eq!(class(&Operator::MemoryFill { mem: 0 }), WasmOpClass::Bulk);
        assert_eq!(operator_cost(&Operator::Nop), 0);
    }
}
