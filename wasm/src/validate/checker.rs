//! The checker: what validation remembers while it walks a module's sections, and the final verdict.
//!
//! The walk is driven by [`validate`](super::validate): for every payload the checker first applies its
//! named rules ([`Checker::before`]), then wasmparser's validator judges the payload, then the checker
//! records what it needs from the now known-valid payload ([`Checker::after`]). Function bodies go
//! through [`Checker::function`] (in `code.rs`), and [`Checker::finish`] applies the whole-module rules
//! and builds the report.

use std::collections::{BTreeMap, BTreeSet};

use isc_abi::Hname;
use wasmparser::{FuncType, FuncValidatorAllocations, Payload};

use super::{EntryPointInfo, ModuleReport, Rule, ValidationError};
use crate::limits::WasmLimits;
use crate::Abi;

/// The state of one validation run. Everything in it is bounded by the limits: the lists grow only
/// after the count they belong to has been checked.
pub(super) struct Checker<'l> {
    /// The limits of this run.
    pub(super) limits: &'l WasmLimits,
    /// The ABI, from the first import (`isc` for a module with none).
    pub(super) abi: Abi,
    /// Whether a Pollen-era module exports `on_load`.
    pub(super) load_export: bool,
    /// Whether a Pollen-era module exports its call export.
    pub(super) call_export: bool,
    /// Size of the module binary.
    pub(super) size: usize,
    /// The type section: `Some` for function types (the only kind accepted), by type index.
    pub(super) types: Vec<Option<FuncType>>,
    /// The type index of every function, imports first (the module's function index space).
    pub(super) func_types: Vec<u32>,
    /// Number of imported functions.
    pub(super) imported_functions: u32,
    /// Imported host function names, in order.
    pub(super) imports: Vec<String>,
    /// Number of memories defined.
    pub(super) memories: u32,
    /// Initial pages of the memory.
    pub(super) memory_initial: u32,
    /// Declared maximum pages of the memory.
    pub(super) memory_maximum: Option<u64>,
    /// Bytes of the data segments.
    pub(super) data_size: u64,
    /// Whether memory 0 is exported as `memory`.
    pub(super) memory_exported: bool,
    /// Entry points in export order.
    pub(super) entry_points: Vec<EntryPointInfo>,
    /// Export name of each entry point's hname, to name both sides of a collision.
    pub(super) hnames: BTreeMap<Hname, String>,
    /// Functions that can end up in a table: named by element segments, exports or globals' `ref.func`.
    pub(super) indirect: BTreeSet<u32>,
    /// Index of the next code section entry (defined function).
    pub(super) code_index: u32,
    /// Locals declared so far over all functions.
    pub(super) total_locals: u64,
    /// Frame cost of every defined function validated so far.
    pub(super) frame_costs: Vec<u32>,
    /// Reused allocations of wasmparser's function validator.
    pub(super) allocs: FuncValidatorAllocations,
}

impl<'l> Checker<'l> {
    /// A checker for a module of `size` bytes.
    pub(super) fn new(limits: &'l WasmLimits, size: usize) -> Checker<'l> {
        Checker {
            limits,
            abi: Abi::Isc,
            load_export: false,
            call_export: false,
            size,
            types: Vec::new(),
            func_types: Vec::new(),
            imported_functions: 0,
            imports: Vec::new(),
            memories: 0,
            memory_initial: 0,
            memory_maximum: None,
            data_size: 0,
            memory_exported: false,
            entry_points: Vec::new(),
            hnames: BTreeMap::new(),
            indirect: BTreeSet::new(),
            code_index: 0,
            total_locals: 0,
            frame_costs: Vec::new(),
            allocs: FuncValidatorAllocations::default(),
        }
    }

    /// The named rules of a payload, applied before wasmparser's validator sees it.
    pub(super) fn before(&mut self, payload: &Payload<'_>) -> Result<(), ValidationError> {
        match payload {
            Payload::Version {
                encoding, range, ..
            } => {
                if *encoding != wasmparser::Encoding::Module {
                    return Err(ValidationError::new(
                        Rule::ComponentModel,
                        "a component, not a core module",
                    )
                    .at(range.start));
                }
                Ok(())
            }
            Payload::TypeSection(s) => self.type_section(s),
            Payload::ImportSection(s) => self.import_section(s),
            Payload::FunctionSection(s) => self.function_section(s),
            Payload::TableSection(s) => self.table_section(s),
            Payload::MemorySection(s) => self.memory_section(s),
            Payload::TagSection(s) => Err(ValidationError::new(
                Rule::Exceptions,
                "a tag section (exception handling)",
            )
            .at(s.range().start)),
            Payload::GlobalSection(s) => self.global_section(s),
            Payload::ExportSection(s) => self.export_section(s),
            Payload::StartSection { func, range } => Err(ValidationError::new(
                Rule::StartFunction,
                format!(
                    "start function {func}: a start function would run at instantiation, \
                     outside any entry point's gas budget"
                ),
            )
            .in_function(*func)
            .at(range.start)),
            Payload::ElementSection(s) => self.element_section(s),
            Payload::DataSection(s) => self.data_section(s),
            Payload::CodeSectionEntry(body) => self.body_size(body),
            Payload::UnknownSection { id, range, .. } => Err(ValidationError::new(
                Rule::Malformed,
                format!("unknown section id {id}"),
            )
            .at(range.start)),
            // Custom sections carry names and producers; component payloads cannot follow a module
            // header. Everything else is left to the validator.
            _ => Ok(()),
        }
    }

    /// Records what later rules need from a payload the validator accepted.
    pub(super) fn after(&mut self, payload: &Payload<'_>) -> Result<(), ValidationError> {
        match payload {
            Payload::FunctionSection(s) => self.record_functions(s),
            Payload::GlobalSection(s) => self.record_global_refs(s),
            Payload::ElementSection(s) => self.record_element_refs(s),
            _ => Ok(()),
        }
    }

    /// The whole-module rules, once the validator has accepted the end of the module.
    pub(super) fn finish(self) -> Result<ModuleReport, ValidationError> {
        if self.memories == 0 {
            return Err(ValidationError::new(
                Rule::Memory,
                "the module defines no memory; a contract exports its memory as `memory`",
            ));
        }
        if !self.memory_exported {
            return Err(ValidationError::new(
                Rule::Memory,
                "the memory is not exported as `memory`",
            ));
        }
        if let Some(tag) = self.abi.tag() {
            if !self.load_export || !self.call_export {
                return Err(ValidationError::new(
                    Rule::Export,
                    format!(
                        "a {} module exports `on_load` and `{}`",
                        self.abi.name(),
                        tag.call_export()
                    ),
                ));
            }
        } else if self.entry_points.is_empty() {
            return Err(ValidationError::new(
                Rule::Export,
                "no entry point: export at least one `fn:NAME` or `view:NAME` function",
            ));
        }
        let max_indirect_cost = self
            .indirect
            .iter()
            .filter_map(|&index| index.checked_sub(self.imported_functions))
            .filter_map(|defined| self.frame_costs.get(usize::try_from(defined).ok()?))
            .copied()
            .max()
            .unwrap_or(0);
        Ok(ModuleReport {
            abi: self.abi,
            size: self.size,
            entry_points: self.entry_points,
            imports: self.imports,
            imported_functions: self.imported_functions,
            defined_functions: self.code_index,
            frame_costs: self.frame_costs,
            max_indirect_cost,
            memory_initial_pages: self.memory_initial,
            memory_maximum_pages: self.memory_maximum,
            data_size: self.data_size,
        })
    }

    /// The function type of function `index` (module index space), if both indices are in range.
    pub(super) fn func_type(&self, index: u32) -> Option<&FuncType> {
        let ty = *self.func_types.get(usize::try_from(index).ok()?)?;
        self.types.get(usize::try_from(ty).ok()?)?.as_ref()
    }
}

/// `actual > limit` as a rejection by `rule`: "{what}: {actual}, limit {limit}".
pub(super) fn check_limit(
    rule: Rule,
    what: &str,
    actual: u64,
    limit: u64,
) -> Result<(), ValidationError> {
    if actual > limit {
        return Err(ValidationError::new(
            rule,
            format!("{what}: {actual}, limit {limit}"),
        ));
    }
    Ok(())
}

/// A wasmparser decoding error inside a section the checker reads itself.
pub(super) fn malformed(err: wasmparser::BinaryReaderError) -> ValidationError {
    ValidationError::from_wasmparser(Rule::Malformed, &err)
}
