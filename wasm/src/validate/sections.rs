//! The named rules of the declaration sections: types, imports, functions, tables, memory, globals,
//! element and data segments.
//!
//! Each check runs before wasmparser's validator sees the section (see `checker.rs`), so it reads the
//! section defensively: an index it cannot resolve is left for the validator to reject.

use isc_abi::host_abi;
use wasmparser::{
    CompositeInnerType, ConstExpr, DataSectionReader, ElementItems, ElementSectionReader,
    FunctionSectionReader, GlobalSectionReader, ImportSectionReader, Imports, MemorySectionReader,
    Operator, TableInit, TableSectionReader, TypeRef, TypeSectionReader, ValType,
};

use super::checker::{check_limit, malformed, Checker};
use super::proposals::{forbidden_ref_type, forbidden_val_type};
use super::{Rule, ValidationError};
use crate::Abi;

impl Checker<'_> {
    /// Types: only plain function types (no GC, no rec groups), with bounded params and results.
    pub(super) fn type_section(
        &mut self,
        s: &TypeSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        let limits = self.limits;
        check_limit(
            Rule::Types,
            "types",
            u64::from(s.count()),
            u64::from(limits.max_types),
        )
        .map_err(|e| e.at(s.range().start))?;
        for group in s.clone().into_iter_with_offsets() {
            let (offset, group) = group.map_err(malformed)?;
            let at = |rule: Rule, message: String| ValidationError::new(rule, message).at(offset);
            if group.is_explicit_rec_group() {
                return Err(at(Rule::Gc, "a recursion group (GC)".into()));
            }
            for sub in group.into_types() {
                if !sub.is_final || !sub.supertype_idxs.is_empty() {
                    return Err(at(Rule::Gc, "a subtype declaration (GC)".into()));
                }
                let composite = sub.composite_type;
                if composite.shared {
                    return Err(at(Rule::Threads, "a shared type".into()));
                }
                if composite.descriptor_idx.is_some() || composite.describes_idx.is_some() {
                    return Err(at(
                        Rule::Gc,
                        "a type descriptor (custom descriptors)".into(),
                    ));
                }
                let func = match composite.inner {
                    CompositeInnerType::Func(func) => func,
                    CompositeInnerType::Array(_) => {
                        return Err(at(Rule::Gc, "an array type".into()))
                    }
                    CompositeInnerType::Struct(_) => {
                        return Err(at(Rule::Gc, "a struct type".into()))
                    }
                    CompositeInnerType::Cont(_) => {
                        return Err(at(Rule::StackSwitching, "a continuation type".into()))
                    }
                };
                let index = self.types.len();
                let params = u64::try_from(func.params().len()).unwrap_or(u64::MAX);
                let results = u64::try_from(func.results().len()).unwrap_or(u64::MAX);
                check_limit(
                    Rule::Params,
                    &format!("parameters of type {index}"),
                    params,
                    u64::from(limits.max_params),
                )
                .map_err(|e| e.at(offset))?;
                check_limit(
                    Rule::Results,
                    &format!("results of type {index}"),
                    results,
                    u64::from(limits.max_results),
                )
                .map_err(|e| e.at(offset))?;
                for &ty in func.params().iter().chain(func.results()) {
                    if let Some((rule, message)) = forbidden_val_type(ty) {
                        return Err(at(rule, format!("{message} in type {index}")));
                    }
                }
                self.types.push(Some(func));
            }
        }
        Ok(())
    }

    /// Imports: only functions of module `isc` that the host defines, with exactly its signature.
    pub(super) fn import_section(
        &mut self,
        s: &ImportSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        // wasmparser gates the compact encodings only when reading, and the parser reads with every
        // feature on; older engines cannot read them, so they are refused here.
        for group in s.clone().into_iter_with_offsets() {
            let (offset, group) = group.map_err(malformed)?;
            if !matches!(group, Imports::Single(..)) {
                return Err(ValidationError::new(
                    Rule::Feature,
                    "compact import encoding (compact-imports proposal)",
                )
                .at(offset));
            }
        }
        let max = u64::from(self.limits.max_imports);
        let mut count: u64 = 0;
        for import in s.clone().into_imports_with_offsets() {
            let (offset, import) = import.map_err(malformed)?;
            count += 1;
            check_limit(Rule::ImportCount, "imports", count, max).map_err(|e| e.at(offset))?;
            let full = format!("{}.{}", import.module, import.name);
            let reject = |message: String| ValidationError::new(Rule::Import, message).at(offset);
            // The first import decides the ABI; every other must come from the same module.
            let abi = match (count, Abi::of_module(import.module)) {
                (1, Some(abi)) => abi,
                (_, Some(abi)) if abi == self.abi => abi,
                _ if count == 1 => {
                    return Err(reject(format!(
                        "import `{full}`: imports come only from module `{}` (or, for contracts \
                         built for Wasp, `wasplib` or `WasmLib`)",
                        host_abi::MODULE
                    )))
                }
                _ => {
                    return Err(reject(format!(
                        "import `{full}`: the module's imports come from `{}`, one module only",
                        self.abi.name()
                    )))
                }
            };
            self.abi = abi;
            let type_index = match import.ty {
                TypeRef::Func(type_index) => type_index,
                TypeRef::Memory(_) => {
                    return Err(reject(format!(
                        "import `{full}` is a memory: the contract defines and exports its own"
                    )))
                }
                TypeRef::Table(_) => return Err(reject(format!("import `{full}` is a table"))),
                TypeRef::Global(_) => return Err(reject(format!("import `{full}` is a global"))),
                TypeRef::Tag(_) => return Err(reject(format!("import `{full}` is a tag"))),
                TypeRef::FuncExact(_) => {
                    return Err(reject(format!(
                        "import `{full}` is an exact function import"
                    )))
                }
            };
            let signature = match abi.tag() {
                None => host_abi::signature(import.name),
                Some(tag) => tag
                    .import_signature(import.name)
                    .map(|(p, r)| (&"iiiii"[..p], &"i"[..r])),
            };
            let Some((params, results)) = signature else {
                return Err(reject(format!(
                    "import `{full}`: the host defines no function `{}`",
                    import.name
                )));
            };
            // An out-of-range type index is the validator's to reject.
            if let Some(Some(ty)) = usize::try_from(type_index)
                .ok()
                .and_then(|i| self.types.get(i))
            {
                if !matches_signature(ty.params(), params)
                    || !matches_signature(ty.results(), results)
                {
                    return Err(reject(format!(
                        "import `{full}` has type {ty}, the host's is {}",
                        signature_text(params, results)
                    )));
                }
            }
            self.func_types.push(type_index);
            self.imported_functions += 1;
            self.imports.push(import.name.to_string());
        }
        Ok(())
    }

    /// Functions: a bounded count.
    pub(super) fn function_section(
        &mut self,
        s: &FunctionSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        check_limit(
            Rule::Functions,
            "defined functions",
            u64::from(s.count()),
            u64::from(self.limits.max_functions),
        )
        .map_err(|e| e.at(s.range().start))
    }

    /// Records the type of every defined function (after the validator accepted the section).
    pub(super) fn record_functions(
        &mut self,
        s: &FunctionSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        for ty in s.clone() {
            self.func_types.push(ty.map_err(malformed)?);
        }
        Ok(())
    }

    /// Tables: at most `max_tables`, 32-bit, unshared, `funcref`/`externref`, bounded size.
    pub(super) fn table_section(
        &mut self,
        s: &TableSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        let limits = self.limits;
        check_limit(
            Rule::Tables,
            "tables",
            u64::from(s.count()),
            u64::from(limits.max_tables),
        )
        .map_err(|e| e.at(s.range().start))?;
        let max = u64::from(limits.max_table_entries);
        for (index, table) in s.clone().into_iter_with_offsets().enumerate() {
            let (offset, table) = table.map_err(malformed)?;
            let ty = table.ty;
            let at = |rule: Rule, message: String| ValidationError::new(rule, message).at(offset);
            if ty.table64 {
                return Err(at(Rule::Memory64, format!("table {index} is 64-bit")));
            }
            if ty.shared {
                return Err(at(Rule::Threads, format!("table {index} is shared")));
            }
            if let Some((rule, message)) = forbidden_ref_type(ty.element_type) {
                return Err(at(rule, format!("{message} in table {index}")));
            }
            if let TableInit::Expr(_) = table.init {
                return Err(at(
                    Rule::FunctionReferences,
                    format!("table {index} has an initializer expression"),
                ));
            }
            check_limit(
                Rule::TableSize,
                &format!("initial entries of table {index}"),
                ty.initial,
                max,
            )
            .map_err(|e| e.at(offset))?;
            if let Some(maximum) = ty.maximum {
                check_limit(
                    Rule::TableSize,
                    &format!("maximum entries of table {index}"),
                    maximum,
                    max,
                )
                .map_err(|e| e.at(offset))?;
            }
        }
        Ok(())
    }

    /// Memory: exactly one (imports are rejected), 32-bit, unshared, 64 KiB pages, bounded initial size.
    pub(super) fn memory_section(
        &mut self,
        s: &MemorySectionReader<'_>,
    ) -> Result<(), ValidationError> {
        let limits = self.limits;
        if s.count() > 1 {
            return Err(ValidationError::new(
                Rule::MultiMemory,
                format!("{} memories, a contract has exactly one", s.count()),
            )
            .at(s.range().start));
        }
        for memory in s.clone().into_iter_with_offsets() {
            let (offset, memory) = memory.map_err(malformed)?;
            let at = |rule: Rule, message: &str| ValidationError::new(rule, message).at(offset);
            if memory.memory64 {
                return Err(at(Rule::Memory64, "the memory is 64-bit"));
            }
            if memory.shared {
                return Err(at(Rule::Threads, "the memory is shared"));
            }
            if memory.page_size_log2.is_some() {
                return Err(at(
                    Rule::CustomPageSizes,
                    "the memory has a custom page size",
                ));
            }
            let limit = limits.max_memory_initial_pages.min(limits.max_memory_pages);
            check_limit(
                Rule::MemoryPages,
                "initial memory pages",
                memory.initial,
                u64::from(limit),
            )
            .map_err(|e| e.at(offset))?;
            self.memories += 1;
            self.memory_initial = u32::try_from(memory.initial).unwrap_or(u32::MAX);
            self.memory_maximum = memory.maximum;
        }
        Ok(())
    }

    /// Globals: a bounded count of unshared globals of accepted types.
    pub(super) fn global_section(
        &mut self,
        s: &GlobalSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        check_limit(
            Rule::Globals,
            "globals",
            u64::from(s.count()),
            u64::from(self.limits.max_globals),
        )
        .map_err(|e| e.at(s.range().start))?;
        for (index, global) in s.clone().into_iter_with_offsets().enumerate() {
            let (offset, global) = global.map_err(malformed)?;
            if global.ty.shared {
                return Err(ValidationError::new(
                    Rule::Threads,
                    format!("global {index} is shared"),
                )
                .at(offset));
            }
            if let Some((rule, message)) = forbidden_val_type(global.ty.content_type) {
                return Err(
                    ValidationError::new(rule, format!("{message} in global {index}")).at(offset),
                );
            }
        }
        Ok(())
    }

    /// Records the functions global initializers name with `ref.func`: they can reach a table.
    pub(super) fn record_global_refs(
        &mut self,
        s: &GlobalSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        for global in s.clone() {
            let global = global.map_err(malformed)?;
            self.record_ref_funcs(&global.init_expr)?;
        }
        Ok(())
    }

    /// Element segments: a bounded count of segments and of items, of accepted reference types.
    pub(super) fn element_section(
        &mut self,
        s: &ElementSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        let limits = self.limits;
        check_limit(
            Rule::Elements,
            "element segments",
            u64::from(s.count()),
            u64::from(limits.max_element_segments),
        )
        .map_err(|e| e.at(s.range().start))?;
        let mut items: u64 = 0;
        for (index, element) in s.clone().into_iter_with_offsets().enumerate() {
            let (offset, element) = element.map_err(malformed)?;
            let count = match &element.items {
                ElementItems::Functions(r) => r.count(),
                ElementItems::Expressions(rt, r) => {
                    if let Some((rule, message)) = forbidden_ref_type(*rt) {
                        return Err(ValidationError::new(
                            rule,
                            format!("{message} in element segment {index}"),
                        )
                        .at(offset));
                    }
                    r.count()
                }
            };
            items += u64::from(count);
            check_limit(
                Rule::Elements,
                "element items",
                items,
                u64::from(limits.max_element_items),
            )
            .map_err(|e| e.at(offset))?;
        }
        Ok(())
    }

    /// Records every function the element segments name: the candidates of `call_indirect`.
    pub(super) fn record_element_refs(
        &mut self,
        s: &ElementSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        for element in s.clone() {
            match element.map_err(malformed)?.items {
                ElementItems::Functions(r) => {
                    for index in r {
                        self.indirect.insert(index.map_err(malformed)?);
                    }
                }
                ElementItems::Expressions(_, r) => {
                    for expr in r {
                        self.record_ref_funcs(&expr.map_err(malformed)?)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds the functions a constant expression names with `ref.func` to the indirect candidates.
    fn record_ref_funcs(&mut self, expr: &ConstExpr<'_>) -> Result<(), ValidationError> {
        let mut ops = expr.get_operators_reader();
        while !ops.eof() {
            if let Operator::RefFunc { function_index } = ops.read().map_err(malformed)? {
                self.indirect.insert(function_index);
            }
        }
        Ok(())
    }

    /// Data segments: a bounded count and total size.
    pub(super) fn data_section(
        &mut self,
        s: &DataSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        let limits = self.limits;
        check_limit(
            Rule::DataSegments,
            "data segments",
            u64::from(s.count()),
            u64::from(limits.max_data_segments),
        )
        .map_err(|e| e.at(s.range().start))?;
        let mut total: u64 = 0;
        for data in s.clone().into_iter_with_offsets() {
            let (offset, data) = data.map_err(malformed)?;
            total = total.saturating_add(u64::try_from(data.data.len()).unwrap_or(u64::MAX));
            check_limit(Rule::DataSize, "data bytes", total, limits.max_data_size)
                .map_err(|e| e.at(offset))?;
        }
        self.data_size = total;
        Ok(())
    }
}

/// Whether wasmparser value types match a host signature string (`'i'` i32, `'I'` i64).
fn matches_signature(types: &[ValType], expected: &str) -> bool {
    types.len() == expected.len()
        && types
            .iter()
            .zip(expected.bytes())
            .all(|(ty, c)| matches!((ty, c), (ValType::I32, b'i') | (ValType::I64, b'I')))
}

/// A host signature in the same form as wasmparser prints function types.
fn signature_text(params: &str, results: &str) -> String {
    let names = |s: &str| -> String {
        s.bytes()
            .map(|c| if c == b'I' { " i64" } else { " i32" })
            .collect()
    };
    let mut text = String::from("(func");
    if !params.is_empty() {
        text.push_str(&format!(" (param{})", names(params)));
    }
    if !results.is_empty() {
        text.push_str(&format!(" (result{})", names(results)));
    }
    text.push(')');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_compare_and_print_like_wasmparser() {
        assert!(matches_signature(&[ValType::I32, ValType::I64], "iI"));
        assert!(!matches_signature(&[ValType::I32], "I"));
        assert!(!matches_signature(&[ValType::I32], "ii"));
        assert!(matches_signature(&[], ""));
        assert_eq!(
            signature_text("ii", "I"),
            "(func (param i32 i32) (result i64))"
        );
        assert_eq!(signature_text("", ""), "(func)");
    }
}
