//! Why a module was rejected: the rule it broke and where.

use core::fmt;

/// A rule of contract validation. Every rejection names exactly one, so that a contract author (and a
/// test) can tell which limit or restriction a module hit; [`Rule::name`] is the stable text form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The input is neither binary Wasm nor WAT text.
    NotWasm,
    /// The input looks like WAT text but does not parse.
    Wat,
    /// The binary does not decode (truncated, bad encoding, unknown section).
    Malformed,
    /// The module decodes but is not valid Wasm (type errors, bad indices, ...).
    Invalid,
    /// The module is larger than [`max_module_size`](crate::limits::WasmLimits::max_module_size).
    ModuleSize,
    /// SIMD or relaxed SIMD: results differ across hardware.
    Simd,
    /// Threads, atomics or shared memory: no concurrency inside a contract.
    Threads,
    /// Exception handling (legacy or new).
    Exceptions,
    /// Garbage collection (struct, array, i31, subtyping, rec groups).
    Gc,
    /// Typed function references.
    FunctionReferences,
    /// Tail calls: they would bypass the deterministic stack accounting.
    TailCall,
    /// 64-bit memories or tables.
    Memory64,
    /// More than one memory.
    MultiMemory,
    /// Memories with a page size other than 64 KiB.
    CustomPageSizes,
    /// Wide arithmetic (128-bit operations).
    WideArithmetic,
    /// Stack switching (continuations).
    StackSwitching,
    /// A component instead of a core module.
    ComponentModel,
    /// Any other proposal the host does not accept.
    Feature,
    /// `table.grow` or `table.fill`: the table's size is fixed at instantiation.
    TableGrow,
    /// A start function: it would run at instantiation, outside any entry point's gas budget.
    StartFunction,
    /// An import the host does not provide, or with the wrong kind or signature.
    Import,
    /// An export that is neither `memory` nor an entry point, or an entry point of the wrong type.
    Export,
    /// Two entry points with the same hname.
    DuplicateEntryPoint,
    /// The memory is missing, imported, or not exported as `memory`.
    Memory,
    /// The initial memory is above the limit.
    MemoryPages,
    /// Too many types.
    Types,
    /// Too many parameters in a function type.
    Params,
    /// Too many results in a function type.
    Results,
    /// Too many defined functions.
    Functions,
    /// Too many locals in one function.
    Locals,
    /// Too many locals in the whole module.
    TotalLocals,
    /// A function body above the size limit.
    BodySize,
    /// Too many globals.
    Globals,
    /// Too many tables.
    Tables,
    /// A table larger than the limit (initial or declared maximum).
    TableSize,
    /// Too many element segments or element items.
    Elements,
    /// Too many data segments.
    DataSegments,
    /// Too much data in the data segments.
    DataSize,
    /// Too many imports.
    ImportCount,
    /// Too many exports.
    ExportCount,
    /// A function whose frame (params, locals, operand stack) is above the limit.
    FrameCost,
}

impl Rule {
    /// The stable name of the rule, as printed in errors and matched by tests and tools.
    pub fn name(self) -> &'static str {
        match self {
            Rule::NotWasm => "not_wasm",
            Rule::Wat => "wat",
            Rule::Malformed => "malformed",
            Rule::Invalid => "invalid",
            Rule::ModuleSize => "module_size",
            Rule::Simd => "simd",
            Rule::Threads => "threads",
            Rule::Exceptions => "exceptions",
            Rule::Gc => "gc",
            Rule::FunctionReferences => "function_references",
            Rule::TailCall => "tail_call",
            Rule::Memory64 => "memory64",
            Rule::MultiMemory => "multi_memory",
            Rule::CustomPageSizes => "custom_page_sizes",
            Rule::WideArithmetic => "wide_arithmetic",
            Rule::StackSwitching => "stack_switching",
            Rule::ComponentModel => "component_model",
            Rule::Feature => "feature",
            Rule::TableGrow => "table_grow",
            Rule::StartFunction => "start_function",
            Rule::Import => "import",
            Rule::Export => "export",
            Rule::DuplicateEntryPoint => "duplicate_entry_point",
            Rule::Memory => "memory",
            Rule::MemoryPages => "memory_pages",
            Rule::Types => "types",
            Rule::Params => "params",
            Rule::Results => "results",
            Rule::Functions => "functions",
            Rule::Locals => "locals",
            Rule::TotalLocals => "total_locals",
            Rule::BodySize => "body_size",
            Rule::Globals => "globals",
            Rule::Tables => "tables",
            Rule::TableSize => "table_size",
            Rule::Elements => "elements",
            Rule::DataSegments => "data_segments",
            Rule::DataSize => "data_size",
            Rule::ImportCount => "import_count",
            Rule::ExportCount => "export_count",
            Rule::FrameCost => "frame_cost",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rejected module: the rule it broke, where, and the details (actual value and limit, or the
/// offending name or instruction).
///
/// Displayed as "rejected by rule `simd` at function 3, offset 0x1f2: SIMD instruction v128.const".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rejected by rule `{}`{}: {}", .rule.name(), Location(.function, .offset), .message)]
pub struct ValidationError {
    /// The rule the module broke.
    pub rule: Rule,
    /// The function concerned, as an index in the module's function index space (imports first), when
    /// the rule applies to one function.
    pub function: Option<u32>,
    /// The byte offset in the module binary, when known.
    pub offset: Option<usize>,
    /// What exactly was found, with the actual value and the limit where there is one.
    pub message: String,
}

impl ValidationError {
    /// A rejection by `rule`, not tied to a place.
    pub fn new(rule: Rule, message: impl Into<String>) -> ValidationError {
        ValidationError {
            rule,
            function: None,
            offset: None,
            message: message.into(),
        }
    }

    /// The same rejection, located at byte `offset` of the module.
    pub fn at(mut self, offset: u64) -> ValidationError {
        self.offset = usize::try_from(offset).ok();
        self
    }

    /// The same rejection, located in function `index` (module function index space).
    pub fn in_function(mut self, index: u32) -> ValidationError {
        self.function = Some(index);
        self
    }

    /// A wasmparser error, under `rule` unless it names a disabled proposal, in which case the rule of
    /// that proposal is more precise.
    pub(crate) fn from_wasmparser(
        rule: Rule,
        err: &wasmparser::BinaryReaderError,
    ) -> ValidationError {
        let rule = err
            .missing_wasm_feature()
            .and_then(super::proposals::rule_of_features)
            .unwrap_or(rule);
        ValidationError::new(rule, err.message()).at(err.offset())
    }
}

/// The " at function N, offset 0x..." part of the message.
struct Location<'a>(&'a Option<u32>, &'a Option<usize>);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(func), Some(offset)) => write!(f, " at function {func}, offset {offset:#x}"),
            (Some(func), None) => write!(f, " at function {func}"),
            (None, Some(offset)) => write!(f, " at offset {offset:#x}"),
            (None, None) => Ok(()),
        }
    }
}
