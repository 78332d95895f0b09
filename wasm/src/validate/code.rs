//! Function bodies: size and locals limits, forbidden instructions, and the frame cost.
//!
//! A body is validated operator by operator with wasmparser's `FuncValidator`, which lets the checker
//! name a forbidden instruction with its offset before the validator sees it, and read the operand stack
//! height after every operator. The frame cost of a function is what the deterministic stack limit
//! charges for a call to it:
//!
//! `frame_cost = 1 + params + locals + max operand stack height` (slots)
//!
//! which bounds the native frame (see [`crate::limits`]) independently of the machine.

use wasmparser::{FuncToValidate, FunctionBody, OperatorsReader, ValType, ValidatorResources};

use super::checker::{check_limit, Checker};
use super::proposals::{forbidden_operator, forbidden_val_type};
use super::{Rule, ValidationError};

impl Checker<'_> {
    /// The body size rule, before the validator sees the body.
    pub(super) fn body_size(&mut self, body: &FunctionBody<'_>) -> Result<(), ValidationError> {
        let range = body.range();
        let index = self.imported_functions.saturating_add(self.code_index);
        check_limit(
            Rule::BodySize,
            "function body bytes",
            range.end.saturating_sub(range.start),
            u64::from(self.limits.max_body_size),
        )
        .map_err(|e| e.in_function(index).at(range.start))?;
        self.code_index = self.code_index.saturating_add(1);
        Ok(())
    }

    /// Validates one function body and records its frame cost.
    pub(super) fn function(
        &mut self,
        func: FuncToValidate<ValidatorResources>,
        body: &FunctionBody<'_>,
    ) -> Result<(), ValidationError> {
        let index = func.index;
        let params = usize::try_from(func.ty)
            .ok()
            .and_then(|ty| self.types.get(ty))
            .and_then(Option::as_ref)
            .map_or(0, |ty| ty.params().len());
        let params = u64::try_from(params).unwrap_or(u64::MAX);
        let in_function = |rule: Rule, err: wasmparser::BinaryReaderError| {
            ValidationError::from_wasmparser(rule, &err).in_function(index)
        };

        let mut validator = func.into_validator(std::mem::take(&mut self.allocs));
        let mut reader = body.get_binary_reader();

        // Locals: the declared counts are summed and bounded before the validator defines anything.
        let declarations = reader
            .read_var_u32()
            .map_err(|e| in_function(Rule::Malformed, e))?;
        let mut locals: u64 = 0;
        for _ in 0..declarations {
            let offset = reader.original_position();
            let count = reader
                .read_var_u32()
                .map_err(|e| in_function(Rule::Malformed, e))?;
            locals += u64::from(count);
            check_limit(
                Rule::Locals,
                &format!("locals of function {index}"),
                locals,
                u64::from(self.limits.max_locals),
            )
            .map_err(|e| e.in_function(index).at(offset))?;
            let ty: ValType = reader.read().map_err(|e| in_function(Rule::Malformed, e))?;
            if let Some((rule, message)) = forbidden_val_type(ty) {
                return Err(ValidationError::new(rule, format!("{message} in a local"))
                    .in_function(index)
                    .at(offset));
            }
            validator
                .define_locals(offset, count, ty)
                .map_err(|e| in_function(Rule::Invalid, e))?;
        }
        self.total_locals = self.total_locals.saturating_add(locals);
        check_limit(
            Rule::TotalLocals,
            "locals in the module",
            self.total_locals,
            self.limits.max_total_locals,
        )
        .map_err(|e| e.in_function(index).at(body.range().start))?;

        // Operators: forbidden ones are named first, then the validator judges; track the stack.
        let mut ops = OperatorsReader::new(reader);
        let mut max_height: u32 = 0;
        while !ops.eof() {
            let (op, offset) = ops
                .read_with_offset()
                .map_err(|e| in_function(Rule::Malformed, e))?;
            if let Some((rule, message)) = forbidden_operator(&op) {
                return Err(ValidationError::new(rule, message)
                    .in_function(index)
                    .at(offset));
            }
            validator
                .op(offset, &op)
                .map_err(|e| in_function(Rule::Invalid, e))?;
            max_height = max_height.max(validator.operand_stack_height());
        }
        ops.finish().map_err(|e| in_function(Rule::Invalid, e))?;

        let cost = 1 + params + locals + u64::from(max_height);
        check_limit(
            Rule::FrameCost,
            &format!(
                "frame cost of function {index} (1 + {params} params + {locals} locals + \
                 {max_height} operand stack)"
            ),
            cost,
            u64::from(self.limits.max_frame_cost),
        )
        .map_err(|e| e.in_function(index).at(body.range().start))?;
        // Bounded by max_frame_cost, a u32.
        self.frame_costs
            .push(u32::try_from(cost).unwrap_or(u32::MAX));
        self.allocs = validator.into_allocations();
        Ok(())
    }
}
