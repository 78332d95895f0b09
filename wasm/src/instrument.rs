//! The instrumentation middleware: a deterministic stack limit, and gas for sized instructions.
//!
//! **Stack.** Every call site is wrapped: before the call, the callee's frame cost (slots, from
//! validation) plus a fixed overhead is added to a depth global and checked against the limit; after it
//! returns, it is subtracted. Branches and returns need no care because the caller does the bookkeeping.
//! The limit is in slots of at most 16 bytes of native stack, set well below wasmer's own stack, so the
//! same contract fails at the same depth with the same gas on every machine, and never reaches the
//! native guard page.
//!
//! **Sized instructions.** `memory.fill`, `memory.copy`, `memory.init`, `table.copy`, `table.init` and
//! `memory.grow` do work proportional to an operand. Before each, the operand is saved in a scratch
//! global, its cost is checked against and subtracted from the metering middleware's remaining-points
//! global, and the operand is pushed back: the gas is paid before the work starts. A `memory.grow` that
//! cannot succeed (past the memory's maximum) does no work and returns -1, so it is not charged per page.
//!
//! **Reuse.** Every mutable global the module does not export already (the module's own, such as a
//! compiler's stack pointer, and the scratch global) is exported as `isc_global_<index>`, so that the
//! host can put a used instance back into its initial state (see `pool`). Contracts cannot see these
//! exports: nothing imports a contract's exports. Whether the module's code lets it be reset at all
//! (decided from the binary before compiling, see `reuse`) is recorded in the compiled module as the
//! custom section [`REUSE_SECTION`], which serialized artifacts keep; a section of that name in the
//! binary is removed first, so a contract cannot claim it.
//!
//! The middleware must come after `wasmer_middlewares::Metering` in the chain: it finds Metering's
//! globals through their exports.

use std::sync::Mutex;

use wasmer::sys::{FunctionMiddleware, MiddlewareError, MiddlewareReaderState, ModuleMiddleware};
use wasmer::wasmparser::{BlockType, Operator};
use wasmer::{
    ExportIndex, GlobalInit, GlobalType, LocalFunctionIndex, ModuleInfo, Mutability, Type,
};

/// Export name of the depth global (the host sets it to the entry point's frame cost).
pub const DEPTH_GLOBAL: &str = "isc_stack_depth";
/// Export name of the flag set when the stack limit tripped.
pub const STACK_EXCEEDED_GLOBAL: &str = "isc_stack_exceeded";
/// Metering's remaining-points global.
pub const REMAINING_GLOBAL: &str = "wasmer_metering_remaining_points";
/// Metering's exhausted flag.
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

fn add_global(info: &mut ModuleInfo, export: Option<&str>) -> u32 {
    let index = info
        .globals
        .push(GlobalType::new(Type::I32, Mutability::Var));
    info.global_initializers.push(GlobalInit::I32Const(0));
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

fn exported_global(info: &ModuleInfo, name: &str) -> Result<u32, MiddlewareError> {
    match info.exports.get(name) {
        Some(ExportIndex::Global(g)) => Ok(g.as_u32()),
        _ => Err(MiddlewareError::new(
            "isc instrument",
            format!("global `{name}` not found: the metering middleware must come first"),
        )),
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
        Box::new(FunctionInstrument {
            costs: self.costs.clone(),
            globals,
        })
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
        let remaining = exported_global(info, REMAINING_GLOBAL)?;
        let exhausted = exported_global(info, EXHAUSTED_GLOBAL)?;
        let depth = add_global(info, Some(DEPTH_GLOBAL));
        let exceeded = add_global(info, Some(STACK_EXCEEDED_GLOBAL));
        let scratch = add_global(info, None);
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

#[derive(Debug)]
struct FunctionInstrument {
    costs: StackCosts,
    globals: Globals,
}

impl FunctionInstrument {
    fn enter<'a>(&self, cost: u32, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        state.extend([
            Operator::GlobalGet {
                global_index: g.depth,
            },
            Operator::I32Const { value: cost as i32 },
            Operator::I32Add,
            Operator::GlobalSet {
                global_index: g.depth,
            },
            Operator::GlobalGet {
                global_index: g.depth,
            },
            Operator::I32Const {
                value: self.costs.limit as i32,
            },
            Operator::I32GtU,
            Operator::If {
                blockty: BlockType::Empty,
            },
            Operator::I32Const { value: 1 },
            Operator::GlobalSet {
                global_index: g.exceeded,
            },
            Operator::Unreachable,
            Operator::End,
        ]);
    }

    fn leave<'a>(&self, cost: u32, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        state.extend([
            Operator::GlobalGet {
                global_index: g.depth,
            },
            Operator::I32Const { value: cost as i32 },
            Operator::I32Sub,
            Operator::GlobalSet {
                global_index: g.depth,
            },
        ]);
    }

    /// Charges `per_unit` gas per unit of the i32 operand on top of the stack, leaving it in place.
    fn charge_operand<'a>(&self, per_unit: u64, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        state.push_operator(Operator::GlobalSet {
            global_index: g.scratch,
        });
        self.charge_scratch(per_unit, state);
        state.push_operator(Operator::GlobalGet {
            global_index: g.scratch,
        });
    }

    /// Charges for the pages `memory.grow` asks for (the i32 operand on top of the stack, left in
    /// place), but only when the grow can succeed: a grow past [`StackCosts::max_pages`] returns -1
    /// without doing any work, as Wasm says, so it costs only the instruction itself.
    fn charge_grow<'a>(&self, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        state.extend([
            Operator::GlobalSet {
                global_index: g.scratch,
            },
            Operator::MemorySize { mem: 0 },
            Operator::I64ExtendI32U,
            Operator::GlobalGet {
                global_index: g.scratch,
            },
            Operator::I64ExtendI32U,
            Operator::I64Add,
            Operator::I64Const {
                value: i64::from(self.costs.max_pages),
            },
            Operator::I64LeU,
            Operator::If {
                blockty: BlockType::Empty,
            },
        ]);
        self.charge_scratch(self.costs.grow_per_page, state);
        state.extend([
            Operator::End,
            Operator::GlobalGet {
                global_index: g.scratch,
            },
        ]);
    }

    /// Charges `per_unit` gas per unit of the scratch global: checked against the remaining points
    /// first (out of gas before any work), then subtracted.
    fn charge_scratch<'a>(&self, per_unit: u64, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        let cost = |state: &mut MiddlewareReaderState<'a>| {
            state.extend([
                Operator::GlobalGet {
                    global_index: g.scratch,
                },
                Operator::I64ExtendI32U,
                Operator::I64Const {
                    value: per_unit as i64,
                },
                Operator::I64Mul,
            ]);
        };
        state.push_operator(Operator::GlobalGet {
            global_index: g.remaining,
        });
        cost(state);
        state.extend([
            Operator::I64LtU,
            Operator::If {
                blockty: BlockType::Empty,
            },
            Operator::I32Const { value: 1 },
            Operator::GlobalSet {
                global_index: g.exhausted,
            },
            Operator::Unreachable,
            Operator::End,
            Operator::GlobalGet {
                global_index: g.remaining,
            },
        ]);
        cost(state);
        state.extend([
            Operator::I64Sub,
            Operator::GlobalSet {
                global_index: g.remaining,
            },
        ]);
    }
}

impl<'a> FunctionMiddleware<'a> for FunctionInstrument {
    fn feed(
        &mut self,
        operator: Operator<'a>,
        state: &mut MiddlewareReaderState<'a>,
    ) -> Result<(), MiddlewareError> {
        match operator {
            Operator::Call { function_index } => {
                let cost = self.costs.call_cost(function_index);
                self.enter(cost, state);
                state.push_operator(operator);
                self.leave(cost, state);
            }
            Operator::CallIndirect { .. } => {
                let cost = self
                    .costs
                    .indirect_cost
                    .saturating_add(FRAME_OVERHEAD_SLOTS);
                self.enter(cost, state);
                state.push_operator(operator);
                self.leave(cost, state);
            }
            Operator::MemoryFill { .. }
            | Operator::MemoryCopy { .. }
            | Operator::MemoryInit { .. }
            | Operator::TableCopy { .. }
            | Operator::TableInit { .. } => {
                self.charge_operand(self.costs.bulk_per_byte, state);
                state.push_operator(operator);
            }
            Operator::MemoryGrow { .. } => {
                self.charge_grow(state);
                state.push_operator(operator);
            }
            Operator::ReturnCall { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::ReturnCallRef { .. } => {
                return Err(MiddlewareError::new(
                    "isc instrument",
                    "tail calls are not allowed",
                ));
            }
            other => state.push_operator(other),
        }
        Ok(())
    }
}
