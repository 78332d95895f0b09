//! From validated bytes to a compiled module: Cranelift with NaN canonicalisation, the instrumentation
//! middleware (per-instruction gas from `isc-gas`, the stack limit, sized instructions, exported
//! globals), and tunables that cap memory. A compiled module carries the pool
//! of its idle instances.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use isc_abi::Hname;
use isc_gas::WasmCosts;
use isc_sandbox::{EntryKind, VmError};
use wasmer::sys::{CompilerConfig, Cranelift, NativeEngineExt};
use wasmer::{Engine, Module};

use super::entry::{Entry, WasplibModule};
use super::instance::{ContractInstance, ModuleParts};
use super::instrument::{Instrument, StackCosts, FRAME_OVERHEAD_SLOTS};
use super::limits::WasmLimits;
use super::pool::InstancePool;
use super::reuse::{marked_resettable, resettable_code, reuse_plan};
use super::tunables::LimitingTunables;
use super::validate::{validate, ModuleReport};

/// A validated, compiled module with its engine (the engine carries this module's middlewares).
pub struct CompiledModule {
    /// The engine it was compiled with; stores for its instances are created from it.
    pub engine: Engine,
    /// The compiled module.
    pub module: Module,
    /// What validation found.
    pub report: ModuleReport,
    /// Entry points by hname.
    pub entries: BTreeMap<Hname, Entry>,
    /// Gas to charge for each instantiation (also when a call reuses an instance).
    pub instantiate_cost: u64,
    /// For a Pollen-era module, what its `on_load` established.
    pub wasplib: Option<WasplibModule>,
    /// Idle instances, reset to their initial state.
    pub(crate) pool: InstancePool,
    /// Most entry points a Pollen-era module's `on_load` may register (the limits' `max_exports`).
    max_exports: usize,
    /// How often a Pollen-era module's `on_load` has run.
    on_load_runs: AtomicU64,
}

impl CompiledModule {
    /// Idle instances of this module the calling thread keeps for later calls: at most
    /// [`MAX_IDLE_PER_KIND`](super::MAX_IDLE_PER_KIND) for funcs and as many for views.
    pub fn idle_instances(&self) -> usize {
        self.pool.idle_here()
    }

    /// How often a Pollen-era module's `on_load` has run: once when it was compiled, and never again
    /// where fresh instances start from the state it left (see `on_load`); 0 for an `isc` module.
    pub fn on_load_runs(&self) -> u64 {
        self.on_load_runs.load(Ordering::Relaxed)
    }

    /// What an instance of this module is made from.
    pub(crate) fn parts(&self) -> ModuleParts<'_> {
        ModuleParts {
            engine: &self.engine,
            module: &self.module,
            report: &self.report,
            reset_globals: self.pool.plan().map_or(&[], |plan| &plan.globals),
            entries: self.entries.len(),
            wasplib: self.wasplib.as_ref(),
            max_exports: self.max_exports,
            on_load_runs: &self.on_load_runs,
        }
    }
}

/// Validates and compiles `binary`; a rejection names the rule it broke. Cranelift compiles the
/// module's functions on as many threads as the machine has cores.
pub fn compile(binary: &[u8], limits: &WasmLimits) -> Result<CompiledModule, VmError> {
    compile_on_threads(binary, limits, None)
}

/// [`compile`] with Cranelift's functions compiled on `threads` threads (`None`: one per core).
/// The machine code, and so everything a chain sees, is the same for any number.
pub fn compile_on_threads(
    binary: &[u8],
    limits: &WasmLimits,
    threads: Option<NonZeroUsize>,
) -> Result<CompiledModule, VmError> {
    let report = validate(binary, limits).map_err(|e| VmError::Program(e.to_string()))?;
    let engine = engine_for(&report, limits, resettable_code(binary), threads);
    let module = Module::new(&engine, binary)
        .map_err(|e| VmError::Program(format!("compilation failed: {e}")))?;
    assemble(engine, module, report, limits)
}

/// What `iscvm check` reports of `binary`: validation's report, with a Pollen-era module's entry
/// points filled in by compiling it and running its `on_load` (which is how a deployment finds them).
pub fn inspect(binary: &[u8], limits: &WasmLimits) -> Result<ModuleReport, VmError> {
    let report = validate(binary, limits).map_err(|e| VmError::Program(e.to_string()))?;
    if report.abi.tag().is_none() {
        return Ok(report);
    }
    Ok(compile(binary, limits)?.report)
}

/// Rebuilds a compiled module from a serialized artifact of `binary` (from the module cache, which
/// has checked the artifact's hash). `binary` is validated again: cheap, and it gives the report.
pub fn from_artifact(
    binary: &[u8],
    artifact: &[u8],
    limits: &WasmLimits,
) -> Result<CompiledModule, VmError> {
    let report = validate(binary, limits).map_err(|e| VmError::Program(e.to_string()))?;
    from_artifact_with_report(report, artifact, limits)
}

/// Rebuilds a compiled module from a serialized artifact and the report validation gave when it was
/// compiled (both from the module cache, which checked their hash: the module is not validated again).
pub fn from_artifact_with_report(
    report: ModuleReport,
    artifact: &[u8],
    limits: &WasmLimits,
) -> Result<CompiledModule, VmError> {
    // Middlewares do not run on an artifact: whether it is reusable is recorded in it.
    let engine = engine_for(&report, limits, false, None);
    // SAFETY: the artifact was produced by `Module::serialize` of this wasmer version for this
    // fingerprint, and its hash was checked by the cache before it got here.
    let module = unsafe { Module::deserialize(&engine, artifact.to_vec()) }
        .map_err(|e| VmError::Program(format!("artifact rejected: {e}")))?;
    assemble(engine, module, report, limits)
}

fn stack_costs(report: &ModuleReport, limits: &WasmLimits) -> StackCosts {
    let costs = WasmCosts::DEFAULT;
    StackCosts {
        imported_functions: report.imported_functions,
        frame_costs: report.frame_costs.clone(),
        indirect_cost: report.max_indirect_cost,
        limit: limits.max_stack_cost,
        bulk_per_byte: costs.bulk_per_byte,
        grow_per_page: costs.memory_grow_per_page,
        // The smaller of the declared maximum and the hard limit: no more than a u32.
        max_pages: report
            .memory_maximum_pages
            .map_or(limits.max_memory_pages, |max| {
                max.min(u64::from(limits.max_memory_pages)) as u32
            }),
    }
}

/// The engine of one module: its middlewares are per module. `reusable`: whether the module's code
/// lets its instances be reset (recorded in the compiled module); `threads`: Cranelift's (`None`:
/// its default, one per core).
fn engine_for(
    report: &ModuleReport,
    limits: &WasmLimits,
    reusable: bool,
    threads: Option<NonZeroUsize>,
) -> Engine {
    let mut cranelift = Cranelift::new();
    if let Some(threads) = threads {
        cranelift.num_threads(threads);
    }
    cranelift.canonicalize_nans(true);
    cranelift.push_middleware(Arc::new(Instrument::new(
        stack_costs(report, limits),
        reusable,
    )));
    let mut engine: Engine = cranelift.into();
    engine.set_tunables(LimitingTunables::new(limits.max_memory_pages));
    engine
}

fn assemble(
    engine: Engine,
    module: Module,
    report: ModuleReport,
    limits: &WasmLimits,
) -> Result<CompiledModule, VmError> {
    let stack = stack_costs(&report, limits);
    let costs = WasmCosts::DEFAULT;
    let mut entries = BTreeMap::new();
    // A Pollen-era module's entry points are what its `on_load` registers (`load_wasplib`).
    let exported = if report.abi.tag().is_none() {
        &report.entry_points[..]
    } else {
        &[]
    };
    for (position, ep) in exported.iter().enumerate() {
        let index = module_function_index(&module, &ep.export);
        let frame_cost = index
            .map(|i| stack.call_cost(i))
            .unwrap_or(limits.max_stack_cost)
            .max(FRAME_OVERHEAD_SLOTS);
        entries.insert(
            ep.hname,
            Entry {
                export: ep.export.clone(),
                kind: ep.kind,
                frame_cost,
                index: position,
                arg: None,
            },
        );
    }
    let instantiate_cost = costs.instantiate.saturating_add(
        report
            .data_size
            .saturating_mul(costs.instantiate_per_data_byte),
    );
    let pool = InstancePool::new(reuse_plan(&module));
    let mut compiled = CompiledModule {
        engine,
        module,
        report,
        entries,
        instantiate_cost,
        wasplib: None,
        pool,
        max_exports: limits.max_exports as usize,
        on_load_runs: AtomicU64::new(0),
    };
    if let Some(tag) = compiled.report.abi.tag() {
        load_wasplib(&mut compiled, tag, &stack, limits)?;
    }
    Ok(compiled)
}

/// Runs a Pollen-era module's `on_load` once to learn its entry points (found under the hname of
/// each registered name), the key ids it obtained and the state it left (see `on_load`).
///
/// Every call of such a module pays for putting an instance into that state: the instantiation
/// charge counts the bytes `on_load` left in memory where they exceed the data segments, and a
/// module whose code rules out resetting its instances (`reuse`), whose fresh instances must run
/// `on_load` again, also pays `on_load`'s gas. Both figures come from the module alone, so the
/// charge is the same on every node.
fn load_wasplib(
    compiled: &mut CompiledModule,
    tag: crate::wasplib::Tag,
    stack: &StackCosts,
    limits: &WasmLimits,
) -> Result<(), VmError> {
    let (loaded, memory_bytes, snapshot) = ContractInstance::run_on_load(&compiled.parts(), tag)?;
    let export = tag.call_export();
    let frame_cost = module_function_index(&compiled.module, export)
        .map(|i| stack.call_cost(i))
        .unwrap_or(limits.max_stack_cost)
        .max(FRAME_OVERHEAD_SLOTS);
    let mut infos = Vec::with_capacity(loaded.exports.len());
    for (position, (index, name)) in loaded.exports.into_iter().enumerate() {
        let kind = if index & crate::wasplib::tags::VIEW_FLAG != 0 {
            EntryKind::View
        } else {
            EntryKind::Func
        };
        let hname = Hname::new(&name);
        compiled.entries.insert(
            hname,
            Entry {
                export: export.to_string(),
                kind,
                frame_cost,
                index: position,
                arg: Some(index),
            },
        );
        infos.push(super::validate::EntryPointInfo {
            name,
            kind,
            hname,
            export: export.to_string(),
        });
    }
    compiled.report.entry_points = infos;
    let costs = WasmCosts::DEFAULT;
    let extra_bytes = memory_bytes.saturating_sub(compiled.report.data_size);
    compiled.instantiate_cost = compiled
        .instantiate_cost
        .saturating_add(extra_bytes.saturating_mul(costs.instantiate_per_data_byte));
    if !marked_resettable(&compiled.module) {
        compiled.instantiate_cost = compiled.instantiate_cost.saturating_add(loaded.gas);
    }
    compiled.wasplib = Some(WasplibModule {
        tag,
        keys: Arc::new(loaded.keys),
        on_load_gas: loaded.gas,
        snapshot: snapshot.map(Arc::new),
    });
    Ok(())
}

/// The function index of export `name`.
fn module_function_index(module: &Module, name: &str) -> Option<u32> {
    let info = module.info();
    match info.exports.get(name) {
        Some(wasmer::ExportIndex::Function(f)) => Some(f.as_u32()),
        _ => None,
    }
}
