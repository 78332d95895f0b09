//! One function's pass: the operators it feeds Cranelift around the function's own (see the module
//! documentation for the rules).

use wasmer::sys::{FunctionMiddleware, MiddlewareError, MiddlewareReaderState};
use wasmer::wasmparser::{BlockType, Operator};

use super::{Globals, StackCosts, FRAME_OVERHEAD_SLOTS};
use crate::costs::operator_cost;

/// The middleware of one function.
#[derive(Debug)]
pub(super) struct FunctionInstrument {
    costs: StackCosts,
    globals: Globals,
    /// Gas of the operators fed since the last charge.
    pending: u64,
    /// Blocks, loops and ifs open (0: the function's own body).
    open_blocks: u32,
}

impl FunctionInstrument {
    pub(super) fn new(costs: StackCosts, globals: Globals) -> Self {
        FunctionInstrument {
            costs,
            globals,
            pending: 0,
            open_blocks: 0,
        }
    }

    /// Subtracts the gas of the run that ends here from the remaining-gas global, unchecked.
    fn charge<'a>(&mut self, state: &mut MiddlewareReaderState<'a>) {
        if self.pending == 0 {
            return;
        }
        let amount = Operator::I64Const {
            value: self.pending as i64,
        };
        update(state, self.globals.remaining, amount, Operator::I64Sub);
        self.pending = 0;
    }

    /// Traps if the remaining gas is below zero.
    fn check<'a>(&self, state: &mut MiddlewareReaderState<'a>) {
        state.extend([
            Operator::GlobalGet {
                global_index: self.globals.remaining,
            },
            Operator::I64Const { value: 0 },
            Operator::I64LtS,
            Operator::If {
                blockty: BlockType::Empty,
            },
            Operator::Unreachable,
            Operator::End,
        ]);
    }

    /// Before a call whose frame costs `cost` slots: the depth grows by it, and the call traps if the
    /// depth is past the limit or the remaining gas below zero (one branch for both; the stack flag
    /// is set either way, and the host asks about gas first).
    fn enter<'a>(&self, cost: u32, state: &mut MiddlewareReaderState<'a>) {
        let g = self.globals;
        let slots = Operator::I32Const { value: cost as i32 };
        update(state, g.depth, slots, Operator::I32Add);
        state.extend([
            Operator::GlobalGet {
                global_index: g.depth,
            },
            Operator::I32Const {
                value: self.costs.limit as i32,
            },
            Operator::I32GtU,
            Operator::GlobalGet {
                global_index: g.remaining,
            },
            Operator::I64Const { value: 0 },
            Operator::I64LtS,
            Operator::I32Or,
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

    /// After a call returned: its frame off the depth.
    fn leave<'a>(&self, cost: u32, state: &mut MiddlewareReaderState<'a>) {
        let slots = Operator::I32Const { value: cost as i32 };
        update(state, self.globals.depth, slots, Operator::I32Sub);
    }

    /// A call wrapped in the stack bookkeeping, after the gas up to it is charged.
    fn call<'a>(
        &mut self,
        cost: u32,
        operator: Operator<'a>,
        state: &mut MiddlewareReaderState<'a>,
    ) {
        self.charge(state);
        self.enter(cost, state);
        state.push_operator(operator);
        self.leave(cost, state);
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

    /// Charges `per_unit` gas per unit of the scratch global: checked against the remaining gas
    /// first (out of gas before any work: the exhausted flag, then a trap), then subtracted. The
    /// comparison is signed: a remainder already below zero is out of gas too.
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
            Operator::I64LtS,
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

/// `global = global <op> amount`.
fn update<'a>(
    state: &mut MiddlewareReaderState<'a>,
    global: u32,
    amount: Operator<'a>,
    op: Operator<'a>,
) {
    state.extend([
        Operator::GlobalGet {
            global_index: global,
        },
        amount,
        op,
        Operator::GlobalSet {
            global_index: global,
        },
    ]);
}

/// A refusal of an operator the middleware cannot bound (validation refuses them first).
fn refused(what: &str) -> MiddlewareError {
    MiddlewareError::new("isc instrument", format!("{what} are not allowed"))
}

impl<'a> FunctionMiddleware<'a> for FunctionInstrument {
    fn feed(
        &mut self,
        operator: Operator<'a>,
        state: &mut MiddlewareReaderState<'a>,
    ) -> Result<(), MiddlewareError> {
        // The operator's own cost is part of the run it ends, as under `Metering`.
        self.pending = self.pending.saturating_add(operator_cost(&operator));
        match operator {
            Operator::Call { function_index } => {
                let cost = self.costs.call_cost(function_index);
                self.call(cost, operator, state);
            }
            Operator::CallIndirect { .. } => {
                let cost = self
                    .costs
                    .indirect_cost
                    .saturating_add(FRAME_OVERHEAD_SLOTS);
                self.call(cost, operator, state);
            }
            Operator::Loop { .. } => {
                self.charge(state);
                self.open_blocks += 1;
                state.push_operator(operator);
                self.check(state);
            }
            Operator::Block { .. } => {
                self.open_blocks += 1;
                state.push_operator(operator);
            }
            Operator::If { .. } => {
                self.charge(state);
                self.open_blocks += 1;
                state.push_operator(operator);
            }
            Operator::End if self.open_blocks == 0 => {
                self.charge(state);
                self.check(state);
                state.push_operator(operator);
            }
            Operator::End => {
                self.charge(state);
                self.open_blocks -= 1;
                state.push_operator(operator);
            }
            Operator::Return => {
                self.charge(state);
                self.check(state);
                state.push_operator(operator);
            }
            Operator::Else
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. } => {
                self.charge(state);
                state.push_operator(operator);
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
            | Operator::ReturnCallRef { .. } => return Err(refused("tail calls")),
            Operator::Try { .. }
            | Operator::TryTable { .. }
            | Operator::Catch { .. }
            | Operator::CatchAll
            | Operator::Throw { .. }
            | Operator::ThrowRef
            | Operator::Rethrow { .. }
            | Operator::Delegate { .. } => return Err(refused("exceptions")),
            Operator::CallRef { .. }
            | Operator::BrOnNull { .. }
            | Operator::BrOnNonNull { .. }
            | Operator::BrOnCast { .. }
            | Operator::BrOnCastFail { .. } => return Err(refused("typed function references")),
            other => state.push_operator(other),
        }
        Ok(())
    }
}
