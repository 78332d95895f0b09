//! What Wasm execution costs: the per-instruction table the metering middleware charges, and the
//! per-size costs of the instructions whose work depends on their operands.
//!
//! The unit is the schedule's: one plain instruction is 1 gas, about a nanosecond on the reference
//! machine. Classes, not instructions, are priced here so that this crate stays engine-agnostic; the
//! runtime maps each operator to its class.

/// The cost class of a Wasm instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmOpClass {
    /// Block structure without work of its own (`block`, `loop`, `end`, `else`, `nop`).
    Structure,
    /// Everything else that runs in a few cycles.
    Plain,
    /// Integer division and remainder, float square root and division.
    Divide,
    /// A direct call.
    Call,
    /// A call through a table (signature check, bounds check).
    CallIndirect,
    /// `memory.grow`: the fixed part; pages are charged per page.
    MemoryGrow,
    /// `memory.copy`, `memory.fill`, `memory.init`, `table.copy`, `table.init`: the fixed part; bytes
    /// (elements) are charged per unit.
    Bulk,
}

/// Gas per class, plus the per-unit costs charged before a sized instruction runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmCosts {
    /// [`WasmOpClass::Structure`].
    pub structure: u64,
    /// [`WasmOpClass::Plain`].
    pub plain: u64,
    /// [`WasmOpClass::Divide`].
    pub divide: u64,
    /// [`WasmOpClass::Call`].
    pub call: u64,
    /// [`WasmOpClass::CallIndirect`].
    pub call_indirect: u64,
    /// [`WasmOpClass::MemoryGrow`].
    pub memory_grow: u64,
    /// Per 64 KiB page added by `memory.grow`.
    pub memory_grow_per_page: u64,
    /// [`WasmOpClass::Bulk`].
    pub bulk: u64,
    /// Per byte copied or filled by bulk memory instructions (per element for table ones): charged
    /// before the instruction runs, so a 1 GiB fill costs 1 GiB worth of gas up front.
    pub bulk_per_byte: u64,
    /// Creating an instance of a module for one call.
    pub instantiate: u64,
    /// Per byte of data segments copied into a new instance's memory.
    pub instantiate_per_data_byte: u64,
}

impl WasmCosts {
    /// The costs every node uses.
    pub const DEFAULT: WasmCosts = WasmCosts {
        // Validated away by the compiler or free at run time.
        structure: 0,
        // A few cycles.
        plain: 1,
        // Hardware division takes 20-90 cycles.
        divide: 8,
        // Frame setup, stack-limit instrumentation, argument moves.
        call: 10,
        // Plus table bounds and signature checks.
        call_indirect: 20,
        // A host call into the memory allocator.
        memory_grow: 1_000,
        // New pages are zeroed on first touch: 64 KiB at ~8 bytes/ns.
        memory_grow_per_page: 8_192,
        // A libcall.
        bulk: 50,
        // memcpy runs at ~8 bytes/ns; charging 1 per byte errs on the safe side.
        bulk_per_byte: 1,
        // Store, instance, memory and import setup: ~21 µs measured by `iscvm bench --calibrate`,
        // priced at ~4.7 gas/ns (plain Wasm runs at ~12 gas/ns; the rule is within 3x).
        instantiate: 100_000,
        // A memcpy of the data segment.
        instantiate_per_data_byte: 1,
    };

    /// The cost of one instruction of `class` (the fixed part for sized instructions).
    pub fn of(&self, class: WasmOpClass) -> u64 {
        match class {
            WasmOpClass::Structure => self.structure,
            WasmOpClass::Plain => self.plain,
            WasmOpClass::Divide => self.divide,
            WasmOpClass::Call => self.call,
            WasmOpClass::CallIndirect => self.call_indirect,
            WasmOpClass::MemoryGrow => self.memory_grow,
            WasmOpClass::Bulk => self.bulk,
        }
    }
}

impl Default for WasmCosts {
    fn default() -> Self {
        WasmCosts::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_instructions_cost_at_least_their_bytes() {
        let c = WasmCosts::DEFAULT;
        assert!(
            c.bulk_per_byte >= 1,
            "a 1 GiB fill must cost at least 1 GiB of gas"
        );
        assert!(c.memory_grow_per_page >= 65_536 / 8);
        assert_eq!(c.of(WasmOpClass::Plain), 1);
        assert!(c.of(WasmOpClass::CallIndirect) >= c.of(WasmOpClass::Call));
    }
}
