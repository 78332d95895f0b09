//! The instrumentation middleware: gas per instruction, a deterministic stack limit, gas for sized
//! instructions, and the globals a used instance is reset from. One pass over each function does all
//! of it (see `function`), so Cranelift sees the least extra code that keeps these rules.
//!
//! **Gas.** Every operator has a fixed cost (`costs`). The cost of a straight-line run of code is
//! summed at compile time and subtracted from the remaining-gas global at the run's end (before the
//! operator that may branch, at a branch target, at a call), exactly where `wasmer-middlewares`'
//! `Metering` would charge it, so every executed run is charged once and the same amounts as that
//! middleware's. Unlike it, the subtraction is not guarded by a branch of its own: the global is a
//! signed count that may go below zero, and it is *checked* (negative: trap) only where control could
//! otherwise go on for long or leave the Wasm code: at each loop header (every iteration), before
//! each call (fused with the stack check below), at `return` and at the function's end. Between two
//! checks runs only loop-free, call-free code of one function, so a guest overruns its budget by at
//! most one such run, and whatever it did there is discarded with the trap. A trap of any kind with
//! the global below zero is out of gas (the host reads the global), so a call that ran out of gas
//! ends as out of gas with the whole budget burned, as under `Metering`; one that did not is charged
//! exactly the same gas. The host never writes more than `i64::MAX` into the global.
//!
//! **Stack.** Every call site is wrapped: before the call, the callee's frame cost (slots, from
//! validation) plus a fixed overhead is added to a depth global and checked against the limit; after it
//! returns, it is subtracted. Branches and returns need no care because the caller does the bookkeeping.
//! The limit is in slots of at most 16 bytes of native stack, set well below wasmer's own stack, so the
//! same contract fails at the same depth with the same gas on every machine, and never reaches the
//! native guard page. The gas check of a call and its stack check share one branch; which of the two
//! tripped is read by the host afterwards, gas first.
//!
//! **Sized instructions.** `memory.fill`, `memory.copy`, `memory.init`, `table.copy`, `table.init` and
//! `memory.grow` do work proportional to an operand. Before each, the operand is saved in a scratch
//! global, its cost is checked against and subtracted from the remaining-gas global, and the operand
//! is pushed back: the gas is paid before the work starts. A `memory.grow` that cannot succeed (past
//! the memory's maximum) does no work and returns -1, so it is not charged per page.
//!
//! **Reuse.** Every mutable global the module does not export already (the module's own, such as a
//! compiler's stack pointer, and the scratch global) is exported as `isc_global_<index>`, so that the
//! host can put a used instance back into its initial state (see `pool`). Contracts cannot see these
//! exports: nothing imports a contract's exports. Whether the module's code lets it be reset at all
//! (decided from the binary before compiling, see `reuse`) is recorded in the compiled module as the
//! custom section [`REUSE_SECTION`], which serialized artifacts keep; a section of that name in the
//! binary is removed first, so a contract cannot claim it.

mod function;

use std::sync::Mutex;

use wasmer::sys::{FunctionMiddleware, MiddlewareError, ModuleMiddleware};
use wasmer::{
    ExportIndex, GlobalInit, GlobalType, LocalFunctionIndex, ModuleInfo, Mutability, Type,
};

/// Export name of the depth global (the host sets it to the entry point's frame cost).
pub const DEPTH_GLOBAL: &str = "isc_stack_depth";
/// Export name of the flag set when the stack limit tripped.
pub const STACK_EXCEEDED_GLOBAL: &str = "isc_stack_exceeded";
/// The remaining-gas global (an `i64`; below zero: out of gas). Named as `Metering` names its own.
pub const REMAINING_GLOBAL: &str = "wasmer_metering_remaining_points";
/// The flag a sized instruction sets when its cost exceeds the remaining gas.
pub const EXHAUSTED_GLOBAL: &str = "wasmer_metering_points_exhausted";
/// Prefix of the exports the middleware adds for the other mutable globals (`isc_global_<index>`).
pub const GLOBAL_EXPORT_PREFIX: &str = "isc_global_";
/// Custom section marking a compiled module whose instances may be reset and reused.
pub const REUSE_SECTION: &str = "isc.instance_reuse";

/// Slots added to every frame for return address, saved registers and frame pointer.
pub use super::limits::FRAME_OVERHEAD_SLOTS;
/// Slots reserved for a call to a host function (its native frames run on the Wasm stack).
pub const HOST_CALL_SLOTS: u32 = 2_048;

/// What the middleware needs to know about the module (from validation).
#[derive(Debug, Clone)]
pub struct StackCosts {
    /// Number of imported functions (they come first in the function index space).
    pub imported_functions: u32,
    /// Frame cost of each defined function, in slots.
    pub frame_costs: Vec<u32>,
    /// Frame cost charged for `call_indirect` (the most any table entry can cost).
    pub indirect_cost: u32,
    /// The limit, in slots.
    pub limit: u32,
    /// Gas per byte (element) of sized bulk instructions.
    pub bulk_per_byte: u64,
    /// Gas per page of `memory.grow`.
    pub grow_per_page: u64,
    /// Most pages the memory can have (its declared maximum capped by the hard limit): a grow past it
    /// fails, and is not charged per page.
    pub max_pages: u32,
}

impl StackCosts {
    /// Slots charged while function `index` (in the module's function index space) runs.
    pub fn call_cost(&self, index: u32) -> u32 {
        if index < self.imported_functions {
            return HOST_CALL_SLOTS;
        }
        let local = (index - self.imported_functions) as usize;
        self.frame_costs
            .get(local)
            .copied()
            .unwrap_or(self.limit)
            .saturating_add(FRAME_OVERHEAD_SLOTS)
    }
}

/// The indexes of the globals the middleware adds.
#[derive(Debug, Clone, Copy)]
struct Globals {
    depth: u32,
    exceeded: u32,
    scratch: u32,
    remaining: u32,
    exhausted: u32,
}

/// The module-level middleware; one per compiled module.
#[derive(Debug)]
pub struct Instrument {
    costs: StackCosts,
    /// Whether to mark the module as reusable ([`REUSE_SECTION`]).
    reusable: bool,
    globals: Mutex<Option<Globals>>,
}

impl Instrument {
    /// A middleware for one module, whose instances may be reused if `reusable`.
    pub fn new(costs: StackCosts, reusable: bool) -> Self {
        Instrument {
            costs,
            reusable,
            globals: Mutex::new(None),
        }
    }
}

/// Marks the module as reusable or not: removes any section named [`REUSE_SECTION`], then adds one
/// if `reusable`.
fn mark_reuse(info: &mut ModuleInfo, reusable: bool) {
    info.custom_sections.shift_remove(REUSE_SECTION);
    if reusable {
        let index = info.custom_sections_data.push(Box::new([1]));
        info.custom_sections
            .insert(REUSE_SECTION.to_string(), index);
    }
}

fn add_global(info: &mut ModuleInfo, ty: Type, export: Option<&str>) -> u32 {
    let index = info.globals.push(GlobalType::new(ty, Mutability::Var));
    let init = match ty {
        Type::I64 => GlobalInit::I64Const(0),
        _ => GlobalInit::I32Const(0),
    };
    info.global_initializers.push(init);
    if let Some(name) = export {
        info.exports
            .insert(name.to_string(), ExportIndex::Global(index));
    }
    index.as_u32()
}

/// Exports every mutable global that has no export yet, as `isc_global_<index>`.
fn export_mutable_globals(info: &mut ModuleInfo) {
    let exported: Vec<_> = info
        .exports
        .values()
        .filter_map(|e| match e {
            ExportIndex::Global(g) => Some(*g),
            _ => None,
        })
        .collect();
    let hidden: Vec<_> = info
        .globals
        .iter()
        .filter(|(index, ty)| ty.mutability == Mutability::Var && !exported.contains(index))
        .map(|(index, _)| index)
        .collect();
    for index in hidden {
        info.exports.insert(
            format!("{GLOBAL_EXPORT_PREFIX}{}", index.as_u32()),
            ExportIndex::Global(index),
        );
    }
}

impl ModuleMiddleware for Instrument {
    fn generate_function_middleware<'a>(
        &self,
        _: LocalFunctionIndex,
    ) -> Box<dyn FunctionMiddleware<'a> + 'a> {
        let globals = self
            .globals
            .lock()
            .ok()
            .and_then(|g| *g)
            .expect("transform_module_info runs before functions are generated");
        Box::new(function::FunctionInstrument::new(
            self.costs.clone(),
            globals,
        ))
    }

    fn transform_module_info(&self, info: &mut ModuleInfo) -> Result<(), MiddlewareError> {
        let mut slot = self
            .globals
            .lock()
            .map_err(|_| MiddlewareError::new("isc instrument", "poisoned lock"))?;
        if slot.is_some() {
            return Err(MiddlewareError::new(
                "isc instrument",
                "one instance per module",
            ));
        }
        // In the order `Metering` and the former stack middleware added theirs.
        let remaining = add_global(info, Type::I64, Some(REMAINING_GLOBAL));
        let exhausted = add_global(info, Type::I32, Some(EXHAUSTED_GLOBAL));
        let depth = add_global(info, Type::I32, Some(DEPTH_GLOBAL));
        let exceeded = add_global(info, Type::I32, Some(STACK_EXCEEDED_GLOBAL));
        let scratch = add_global(info, Type::I32, None);
        export_mutable_globals(info);
        mark_reuse(info, self.reusable);
        *slot = Some(Globals {
            depth,
            exceeded,
            scratch,
            remaining,
            exhausted,
        });
        Ok(())
    }
}
