//! The limits of a Wasm contract: one table, one reason per value.
//!
//! Every node must accept and reject exactly the same modules and stop a runaway contract at exactly the
//! same point, so the limits are part of consensus: changing a default changes which programs a chain
//! accepts. They are a plain value ([`WasmLimits`]) rather than constants so that tests and benchmarks can
//! tighten them, and so that a chain could one day carry them in its governance state.
//!
//! The defaults are chosen so that real Rust contracts (tens to a few hundred KiB, a few hundred functions,
//! a few dozen locals per function) pass with a wide margin, while a hostile module is bounded in the three
//! resources a node cares about: compilation work, per-call instantiation work (memory, tables, data copied
//! in) and native stack.
//!
//! # The stack figures
//!
//! The deterministic stack limit counts *slots*, not bytes: a function's frame cost is
//! `1 + params + locals + max operand stack height` (see
//! [`validate`](crate::validate::validate)), and a call fails deterministically when the slots on
//! the Wasm call stack would exceed [`WasmLimits::max_stack_cost`]. A slot holds one Wasm value, at most
//! 8 bytes (i64, f64, a reference; SIMD is rejected), which Cranelift may spill to a 16-byte aligned
//! slot: [`SLOT_BYTES`] is therefore an upper bound. Each native frame also carries a fixed overhead
//! (return address, frame pointer, the vmctx pointer, callee-saved registers, the temporaries of bounds
//! checks), bounded by [`FRAME_OVERHEAD_BYTES`]; the engine charges it as [`FRAME_OVERHEAD_SLOTS`] extra
//! slots per call. A budget of `n` slots then needs at most `n * SLOT_BYTES` bytes of native stack
//! ([`WasmLimits::native_stack_bytes`]: 1 MiB by default). The engine runs guest code on a native stack
//! well above that (host functions need room too), so the deterministic limit, the same on every node,
//! always fires before the native guard page could.

/// Upper bound on the native stack bytes one Wasm value (one slot of frame cost) can occupy.
///
/// Values are at most 8 bytes (SIMD is rejected); Cranelift spill slots are at most 16-byte aligned.
pub const SLOT_BYTES: u64 = 16;

/// Upper bound on the fixed native overhead of one Wasm frame, independent of its values.
///
/// Return address, frame pointer, the vmctx argument, callee-saved registers and the scratch of bounds
/// checks; measured Cranelift frames of trivial functions stay well below this on x86-64 and aarch64.
pub const FRAME_OVERHEAD_BYTES: u64 = 128;

/// [`FRAME_OVERHEAD_BYTES`] in slots: what the engine adds to a function's frame cost for each call.
pub const FRAME_OVERHEAD_SLOTS: u32 = (FRAME_OVERHEAD_BYTES / SLOT_BYTES) as u32;

/// Bytes in a Wasm page, fixed by the spec (custom page sizes are rejected).
pub const WASM_PAGE_BYTES: u64 = 64 * 1024;

/// Validation and execution limits of Wasm contracts.
///
/// Validation ([`validate`](crate::validate::validate)) enforces everything except
/// [`max_memory_pages`](Self::max_memory_pages) and [`max_stack_cost`](Self::max_stack_cost), which the
/// engine enforces while the contract runs. Each field's documentation gives the default and its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WasmLimits {
    /// Largest accepted module, in bytes. Default 2 MiB.
    ///
    /// A program travels as the `p` field of a blob, and the chain limits a blob to 4 MiB: 2 MiB leaves
    /// room for the other fields and keeps compilation time (roughly linear in size) well bounded. Real
    /// Rust contracts are 20–300 KiB after `wasm-opt`, tens of KiB more without it.
    pub max_module_size: usize,
    /// Most entries in the type section. Default 4096.
    ///
    /// Rust contracts declare 50–400 function types; types are cheap, the bound only stops a module from
    /// spending its whole size budget on type-checking work.
    pub max_types: u32,
    /// Most parameters of one function type. Default 64.
    ///
    /// Rust passes aggregates by pointer, so even generated code rarely exceeds 20 parameters. Parameters
    /// count towards every frame cost of that type, so the bound also keeps single frames small.
    pub max_params: u32,
    /// Most results of one function type. Default 16.
    ///
    /// Without multi-value a function has at most one result; with it, Rust returns small tuples. A call
    /// pushes all results at once, so this bounds how far one instruction can raise the operand stack.
    pub max_results: u32,
    /// Most defined (not imported) functions. Default 10 000.
    ///
    /// A large Rust contract with `core::fmt` has 300–2000 functions. Every function is compiled, so the
    /// count bounds compilation work together with [`max_body_size`](Self::max_body_size).
    pub max_functions: u32,
    /// Most locals declared by one function, parameters excluded. Default 4096.
    ///
    /// Optimised Rust functions declare a few dozen locals, very large unoptimised ones a few thousand.
    /// The sum of a body's local declarations is checked before anything is allocated, so a declaration
    /// of four billion locals costs nothing to reject. Locals count towards the frame cost.
    pub max_locals: u32,
    /// Most locals over all defined functions. Default 262 144.
    ///
    /// Bounds the register allocator's total work: 10 000 functions with 26 locals each would fit.
    pub max_total_locals: u64,
    /// Largest function body, in bytes (locals declarations included). Default 256 KiB.
    ///
    /// Parts of Cranelift (register allocation) are superlinear in the size of one function; the largest
    /// bodies of real Rust contracts (big `match`es, inlined serializers) stay below 100 KiB.
    pub max_body_size: u32,
    /// Most globals (defined; imported globals are rejected). Default 1024.
    ///
    /// Rust uses one (`__stack_pointer`) plus two constants; every global lives in each instance.
    pub max_globals: u32,
    /// Most tables. Default 1.
    ///
    /// Compilers emit one table (`__indirect_function_table`) for `call_indirect`; more tables would only
    /// cost instance memory and complicate the indirect-call stack accounting.
    pub max_tables: u32,
    /// Most entries of the table, initial and declared maximum alike. Default 16 384.
    ///
    /// The table holds every function whose address is taken (trait objects, function pointers): at most
    /// one entry per function, so this is above [`max_functions`](Self::max_functions). It is allocated
    /// and filled at every instantiation, i.e. every call. `table.grow` is rejected, so the initial size
    /// is the size; a missing maximum is allowed.
    pub max_table_entries: u32,
    /// Most element segments. Default 128.
    ///
    /// LLVM emits one active segment for the table; each segment is applied at every instantiation.
    pub max_element_segments: u32,
    /// Most items over all element segments. Default 16 384 (as many as table entries).
    ///
    /// Active items all end up in the table, so more items than table entries can only trap or be
    /// wasted; passive segments are rare in contracts.
    pub max_element_items: u32,
    /// Most data segments. Default 256.
    ///
    /// `wasm-ld` emits one segment per output section (`.rodata`, `.data`, ...), a handful in total.
    pub max_data_segments: u32,
    /// Largest sum of the data segments' sizes, in bytes. Default 1 MiB.
    ///
    /// Data is copied into memory at every instantiation, i.e. on every call; contracts carry a few KiB
    /// to a few hundred KiB of constants.
    pub max_data_size: u64,
    /// Largest initial memory, in 64 KiB pages. Default 64 (4 MiB).
    ///
    /// A Rust contract starts with its 1 MiB shadow stack plus data: about 17 pages. Initial memory is
    /// free for the contract, memory beyond it is bought with `memory.grow` gas, so the initial size is
    /// kept modest. Must not exceed [`max_memory_pages`](Self::max_memory_pages).
    pub max_memory_initial_pages: u32,
    /// The hard page limit of a running instance: `memory.grow` past it returns -1. Default 256 (16 MiB).
    ///
    /// Bounds the host memory of one call (nested calls each have their instance). A module's declared
    /// maximum may be absent or larger: the engine caps growth here, as the Wasm spec allows.
    pub max_memory_pages: u32,
    /// Most imports. Default 64.
    ///
    /// The host defines fewer than 32 functions ([`isc_abi::host_abi`]); a module needs each once.
    pub max_imports: u32,
    /// Most exports. Default 256.
    ///
    /// `memory`, one export per entry point, and the linker's two data globals; a contract with more
    /// than 250 entry points should be split.
    pub max_exports: u32,
    /// The deterministic stack budget, in slots: the most the Wasm call stack may hold, frame costs plus
    /// [`FRAME_OVERHEAD_SLOTS`] per frame. Default 65 536.
    ///
    /// That is at most 1 MiB of native stack ([`native_stack_bytes`](Self::native_stack_bytes)). Typical
    /// Rust frames cost 20–70 slots with the overhead, so recursion reaches depth 1000–3000, far beyond
    /// what contracts use.
    pub max_stack_cost: u32,
    /// Largest frame cost of one function, in slots. Default 8192.
    ///
    /// `1 + max_params + max_locals` plus room for the operand stack; an eighth of the budget, so that
    /// any accepted function can be called at least eight frames deep.
    pub max_frame_cost: u32,
}

impl WasmLimits {
    /// The defaults, with the reasons given on each field.
    pub const DEFAULT: WasmLimits = WasmLimits {
        max_module_size: 2 * 1024 * 1024,
        max_types: 4096,
        max_params: 64,
        max_results: 16,
        max_functions: 10_000,
        max_locals: 4096,
        max_total_locals: 256 * 1024,
        max_body_size: 256 * 1024,
        max_globals: 1024,
        max_tables: 1,
        max_table_entries: 16 * 1024,
        max_element_segments: 128,
        max_element_items: 16 * 1024,
        max_data_segments: 256,
        max_data_size: 1024 * 1024,
        max_memory_initial_pages: 64,
        max_memory_pages: 256,
        max_imports: 64,
        max_exports: 256,
        max_stack_cost: 64 * 1024,
        max_frame_cost: 8 * 1024,
    };

    /// Native stack bytes that a full deterministic stack budget can need at most:
    /// `max_stack_cost * SLOT_BYTES`, given that every call is charged its frame cost plus
    /// [`FRAME_OVERHEAD_SLOTS`].
    ///
    /// The engine sizes the native stack of guest code above this (plus room for host functions), so that
    /// the deterministic limit, the same on every node, always fires before the native one could.
    pub const fn native_stack_bytes(&self) -> u64 {
        self.max_stack_cost as u64 * SLOT_BYTES
    }

    /// The hard memory limit of an instance in bytes: [`max_memory_pages`](Self::max_memory_pages) pages.
    pub const fn max_memory_bytes(&self) -> u64 {
        self.max_memory_pages as u64 * WASM_PAGE_BYTES
    }
}

impl Default for WasmLimits {
    /// [`WasmLimits::DEFAULT`].
    fn default() -> WasmLimits {
        WasmLimits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults must be consistent with each other and with the chain's 4 MiB blob limit.
    #[test]
    fn defaults_are_consistent() {
        let l = WasmLimits::default();
        assert_eq!(l, WasmLimits::DEFAULT);
        assert!(l.max_module_size < 4 * 1024 * 1024);
        assert!(l.max_memory_initial_pages <= l.max_memory_pages);
        assert!(l.max_frame_cost <= l.max_stack_cost);
        assert!(
            u64::from(l.max_frame_cost) > 1 + u64::from(l.max_params) + u64::from(l.max_locals)
        );
        assert!(l.max_table_entries >= l.max_functions);
        assert!(l.max_body_size as usize <= l.max_module_size);
        assert_eq!(l.native_stack_bytes(), 1024 * 1024);
        assert_eq!(
            u64::from(FRAME_OVERHEAD_SLOTS) * SLOT_BYTES,
            FRAME_OVERHEAD_BYTES
        );
        assert_eq!(l.max_memory_bytes(), 16 * 1024 * 1024);
    }
}
