//! What validation learned about an accepted module: entry points, imports, memory, frame costs.

use core::fmt;

use isc_abi::Hname;
use isc_sandbox::EntryKind;

use crate::Abi;

/// An entry point of an accepted module: one `fn:NAME` or `view:NAME` export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPointInfo {
    /// `NAME`, without the prefix: what callers hash to address the entry point.
    pub name: String,
    /// Func (`fn:`) or view (`view:`).
    pub kind: EntryKind,
    /// `hname(NAME)`, the code callers use; unique within the module.
    pub hname: Hname,
    /// The full export name (`fn:NAME`), which the engine looks up in the instance.
    pub export: String,
}

/// Everything about an accepted module that the engine and `iscvm check` need, computed once during
/// validation so that nothing has to parse the module again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleReport {
    /// The host ABI the module is built for (by the module name of its imports).
    pub abi: Abi,
    /// Size of the module binary in bytes.
    pub size: usize,
    /// The entry points, in export order. Empty after validation for a Pollen-era module, whose
    /// entry points are what its `on_load` registers ([`crate::inspect`] fills them in).
    pub entry_points: Vec<EntryPointInfo>,
    /// The names of the imported host functions, in import order.
    pub imports: Vec<String>,
    /// Number of imported functions: defined function `i` has index `imported_functions + i`.
    pub imported_functions: u32,
    /// Number of defined functions.
    pub defined_functions: u32,
    /// Frame cost in slots (`1 + params + locals + max operand stack height`) of each defined function,
    /// in order: what the deterministic stack limit charges for a call.
    pub frame_costs: Vec<u32>,
    /// The largest frame cost of a function that can be reached through `call_indirect` (named by an
    /// element segment, an export or a global's `ref.func`); 0 if none. An indirect call is charged this,
    /// since its target is only known at run time.
    pub max_indirect_cost: u32,
    /// Initial memory size in 64 KiB pages.
    pub memory_initial_pages: u32,
    /// The memory's declared maximum in pages, if any (the engine caps growth at its own hard limit).
    pub memory_maximum_pages: Option<u64>,
    /// Bytes of all data segments: copied into memory at every instantiation, so the engine charges
    /// instantiation per data byte.
    pub data_size: u64,
}

impl ModuleReport {
    /// The entry point with this hname, if the module has one.
    pub fn entry_point(&self, hname: Hname) -> Option<&EntryPointInfo> {
        self.entry_points.iter().find(|e| e.hname == hname)
    }

    /// The frame cost of function `index` in the module's function index space, or `None` for an
    /// imported (host) function or an index out of range.
    pub fn frame_cost(&self, index: u32) -> Option<u32> {
        let defined = index.checked_sub(self.imported_functions)?;
        self.frame_costs
            .get(usize::try_from(defined).ok()?)
            .copied()
    }

    /// The largest frame cost of any defined function; 0 if there is none.
    pub fn max_frame_cost(&self) -> u32 {
        self.frame_costs.iter().copied().max().unwrap_or(0)
    }

    /// A multi-line human summary for `iscvm check`; the same as the `Display` form.
    pub fn summary(&self) -> String {
        self.to_string()
    }
}

/// The printed kind of an entry point.
fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Func => "func",
        EntryKind::View => "view",
    }
}

impl fmt::Display for ModuleReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "abi: {}", self.abi.name())?;
        writeln!(
            f,
            "module: {} bytes, {} defined functions, {} imported, {} data bytes",
            self.size, self.defined_functions, self.imported_functions, self.data_size
        )?;
        match self.memory_maximum_pages {
            Some(max) => writeln!(
                f,
                "memory: {} pages initial, {max} maximum",
                self.memory_initial_pages
            )?,
            None => writeln!(
                f,
                "memory: {} pages initial, no maximum",
                self.memory_initial_pages
            )?,
        }
        writeln!(f, "entry points ({}):", self.entry_points.len())?;
        for e in &self.entry_points {
            writeln!(f, "  {} {:<4} {}", e.hname, kind_name(e.kind), e.name)?;
        }
        if self.imports.is_empty() {
            writeln!(f, "imports: none")?;
        } else {
            writeln!(
                f,
                "imports ({}): {}",
                self.imports.len(),
                self.imports.join(", ")
            )?;
        }
        write!(
            f,
            "stack: largest frame {} slots, largest indirect target {} slots",
            self.max_frame_cost(),
            self.max_indirect_cost
        )
    }
}
