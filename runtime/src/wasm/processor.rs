//! The Wasm [`Processor`]: one compiled module; each call runs in a fresh instance (every call starts
//! from the module's initial state), against the caller's sandbox.

use std::sync::Arc;

use isc_abi::{Dict, Hash, Hname};
use isc_sandbox::{EntryKind, Processor, Sandbox, SandboxView, VmError};
use wasmer::{FunctionEnv, Global, Instance, InstantiationError, Store, Value};

use super::cache::{fingerprint, ModuleCache};
use super::compile::{CompiledModule, Entry};
use super::host::{self, HostEnv, SandboxRef};
use super::instrument::{DEPTH_GLOBAL, EXHAUSTED_GLOBAL, REMAINING_GLOBAL, STACK_EXCEEDED_GLOBAL};
use super::limits::WasmLimits;
use super::trap::trap_error;
use crate::registry::VmFactory;

/// The VM type name blobs carry for Wasm programs.
pub const VM_TYPE: &str = "wasmer";

/// Memory the default module cache may use.
pub const DEFAULT_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// The `wasmer` VM type: validates and compiles programs into [`WasmProcessor`]s, through a
/// [`ModuleCache`].
#[derive(Clone)]
pub struct WasmVm {
    limits: WasmLimits,
    cache: Arc<ModuleCache>,
    fingerprint: Hash,
}

impl Default for WasmVm {
    fn default() -> Self {
        WasmVm::new(WasmLimits::default())
    }
}

impl WasmVm {
    /// A VM with these limits (every node of a chain must use the same) and a memory-only cache.
    pub fn new(limits: WasmLimits) -> Self {
        WasmVm::with_cache(
            limits,
            Arc::new(ModuleCache::in_memory(DEFAULT_CACHE_BYTES)),
        )
    }

    /// A VM using `cache` (which may keep artifacts on disk and be shared by several VMs).
    pub fn with_cache(limits: WasmLimits, cache: Arc<ModuleCache>) -> Self {
        let fingerprint = fingerprint(&limits);
        WasmVm {
            limits,
            cache,
            fingerprint,
        }
    }

    /// The module cache.
    pub fn cache(&self) -> &Arc<ModuleCache> {
        &self.cache
    }
}

impl VmFactory for WasmVm {
    fn vm_type(&self) -> &'static str {
        VM_TYPE
    }

    fn validate(&self, binary: &[u8]) -> Result<(), VmError> {
        super::validate::validate(binary, &self.limits)
            .map(|_| ())
            .map_err(|e| VmError::Program(e.to_string()))
    }

    fn cached(&self, program_hash: &Hash) -> Option<Arc<dyn Processor>> {
        let compiled = self.cache.cached(program_hash, &self.fingerprint)?;
        Some(Arc::new(WasmProcessor { compiled }))
    }

    fn load(&self, program_hash: &Hash, binary: &[u8]) -> Result<Arc<dyn Processor>, VmError> {
        let compiled =
            self.cache
                .get_or_compile(program_hash, binary, &self.limits, &self.fingerprint)?;
        Ok(Arc::new(WasmProcessor { compiled }))
    }
}

/// A compiled Wasm program.
pub struct WasmProcessor {
    compiled: Arc<CompiledModule>,
}

fn erase_func<'a>(s: &'a mut (dyn Sandbox + 'a)) -> *mut (dyn Sandbox + 'static) {
    let p: *mut (dyn Sandbox + 'a) = s;
    // SAFETY: only the lifetime is erased; see `SandboxRef` for why the pointer never outlives `s`.
    unsafe { std::mem::transmute::<*mut (dyn Sandbox + 'a), *mut (dyn Sandbox + 'static)>(p) }
}

fn erase_view<'a>(s: &'a mut (dyn SandboxView + 'a)) -> *mut (dyn SandboxView + 'static) {
    let p: *mut (dyn SandboxView + 'a) = s;
    // SAFETY: as in `erase_func`.
    unsafe {
        std::mem::transmute::<*mut (dyn SandboxView + 'a), *mut (dyn SandboxView + 'static)>(p)
    }
}

fn global(instance: &Instance, name: &str) -> Result<Global, VmError> {
    instance
        .exports
        .get_global(name)
        .cloned()
        .map_err(|_| VmError::Program(format!("instrumentation global `{name}` missing")))
}

fn read_i32(store: &mut Store, g: &Global) -> i32 {
    match g.get(store) {
        Value::I32(v) => v,
        _ => 0,
    }
}

impl WasmProcessor {
    /// A processor for a compiled module.
    pub fn new(compiled: CompiledModule) -> Self {
        WasmProcessor {
            compiled: Arc::new(compiled),
        }
    }

    /// The module's compiled form and report.
    pub fn compiled(&self) -> &CompiledModule {
        &self.compiled
    }

    fn entry(&self, code: Hname) -> Result<&Entry, VmError> {
        self.compiled
            .entries
            .get(&code)
            .ok_or(VmError::EntryPointNotFound {
                contract: Hname::NIL,
                entry: code,
            })
    }

    /// Runs `entry` in a fresh instance against `sandbox`.
    fn run(&self, entry: &Entry, sandbox: SandboxRef) -> Result<Dict, VmError> {
        let view = matches!(sandbox, SandboxRef::View(_));
        let meter_ptr = ptr_view(&sandbox);
        // Every use of the sandbox, here and in the imports, goes through the one raw pointer, and never
        // two at a time: this function touches it only before and after the Wasm call.
        // SAFETY: the pointer comes from the `&mut` the processor was called with (see `SandboxRef`).
        let meter = || unsafe { &mut *meter_ptr };
        meter().charge_gas("instantiate", self.compiled.instantiate_cost)?;
        let mut store = Store::new(self.compiled.engine.clone());
        let env = FunctionEnv::new(&mut store, HostEnv::new(sandbox));
        let imports = host::imports(&mut store, &env, view, &self.compiled.report.imports);
        let instance = Instance::new(&mut store, &self.compiled.module, &imports)
            .map_err(instantiation_error)?;
        let memory = instance
            .exports
            .get_memory(isc_abi::host_abi::MEMORY)
            .cloned()
            .map_err(|_| VmError::Program("the module exports no memory".into()))?;
        let remaining = global(&instance, REMAINING_GLOBAL)?;
        let exhausted = global(&instance, EXHAUSTED_GLOBAL)?;
        let depth = global(&instance, DEPTH_GLOBAL)?;
        let exceeded = global(&instance, STACK_EXCEEDED_GLOBAL)?;
        let budget = meter().gas_remaining();
        let set = |store: &mut Store, g: &Global, v: Value| {
            g.set(store, v)
                .map_err(|e| VmError::Program(format!("instrumentation global: {e}")))
        };
        set(&mut store, &depth, Value::I32(entry.frame_cost as i32))?;
        set(&mut store, &remaining, Value::I64(budget as i64))?;
        {
            let e = env.as_mut(&mut store);
            e.memory = Some(memory);
            e.remaining = Some(remaining.clone());
            e.synced = budget;
        }
        let func = instance
            .exports
            .get_function(&entry.export)
            .map_err(|_| VmError::Program(format!("export `{}` missing", entry.export)))?
            .clone();
        let outcome = func.call(&mut store, &[]);
        // Charge what Wasm burned since the last host call.
        let now = match remaining.get(&mut store) {
            Value::I64(v) => v as u64,
            _ => 0,
        };
        let used = env.as_ref(&store).synced.saturating_sub(now);
        let charged = meter().charge_gas("wasm", used);
        match outcome {
            Ok(_) => {
                charged?;
                Ok(env.as_mut(&mut store).results.take().unwrap_or_default())
            }
            Err(err) => {
                let err = match err.downcast::<VmError>() {
                    Ok(vm) => return Err(vm),
                    Err(err) => err,
                };
                charged?;
                if read_i32(&mut store, &exhausted) != 0 {
                    // Out of gas inside Wasm: burn the rest of the budget, as every node does.
                    let rest = meter().gas_remaining();
                    return Err(match meter().charge_gas("wasm", rest.saturating_add(1)) {
                        Err(out_of_gas) => out_of_gas,
                        Ok(()) => VmError::Trap("out of gas".into()),
                    });
                }
                if read_i32(&mut store, &exceeded) != 0 {
                    return Err(VmError::StackLimit);
                }
                Err(trap_error(err))
            }
        }
    }
}

fn instantiation_error(err: InstantiationError) -> VmError {
    match err {
        InstantiationError::Start(trap) => match trap.downcast::<VmError>() {
            Ok(vm) => vm,
            Err(trap) => trap_error(trap),
        },
        InstantiationError::Link(e) => VmError::Program(format!("link: {e}")),
        // Creating the instance's memory or tables failed: the limits. The engine's own message may
        // differ between machines, so only the kind is kept.
        _ => VmError::MemoryLimit,
    }
}

impl Processor for WasmProcessor {
    fn entry_point(&self, code: Hname) -> Option<EntryKind> {
        self.compiled.entries.get(&code).map(|e| e.kind)
    }

    fn call(&self, code: Hname, ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
        let entry = self.entry(code)?;
        match entry.kind {
            EntryKind::Func => self.run(entry, SandboxRef::Func(erase_func(ctx))),
            EntryKind::View => self.call_view(code, ctx),
        }
    }

    fn call_view(&self, code: Hname, ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
        let entry = self.entry(code)?;
        if entry.kind != EntryKind::View {
            return Err(VmError::WrongEntryKind {
                contract: Hname::NIL,
                entry: code,
                expected: "view",
            });
        }
        self.run(entry, SandboxRef::View(erase_view(ctx)))
    }
}

fn ptr_view(r: &SandboxRef) -> *mut (dyn SandboxView + 'static) {
    match *r {
        SandboxRef::Func(p) => p as *mut (dyn SandboxView + 'static),
        SandboxRef::View(p) => p,
    }
}
