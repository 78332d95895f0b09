//! The Wasm [`Processor`]: one compiled module; each call runs against the caller's sandbox in an
//! instance in the module's initial state: an idle one from the module's pool, reset after its last
//! call, or a fresh one (see `pool`).

use std::sync::Arc;

use isc_abi::{Dict, Hash, Hname};
use isc_sandbox::{EntryKind, Processor, Sandbox, SandboxView, VmError};

use super::cache::{fingerprint, ModuleCache};
use super::compile::CompiledModule;
use super::entry::Entry;
use super::gas::{settle, Settled};
use super::host::SandboxRef;
use super::instance::ContractInstance;
use super::limits::WasmLimits;
use super::trap::trap_error;
use isc_sandbox::VmFactory;

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
    reuse: bool,
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
            reuse: true,
        }
    }

    /// This VM with instance reuse on (the default) or off. Off, every call instantiates its module;
    /// receipts, gas and state are the same either way, only slower.
    pub fn with_instance_reuse(mut self, reuse: bool) -> Self {
        self.reuse = reuse;
        self
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
        Some(Arc::new(WasmProcessor {
            compiled,
            reuse: self.reuse,
        }))
    }

    fn load(&self, program_hash: &Hash, binary: &[u8]) -> Result<Arc<dyn Processor>, VmError> {
        let compiled =
            self.cache
                .get_or_compile(program_hash, binary, &self.limits, &self.fingerprint)?;
        Ok(Arc::new(WasmProcessor {
            compiled,
            reuse: self.reuse,
        }))
    }
}

/// A compiled Wasm program.
pub struct WasmProcessor {
    compiled: Arc<CompiledModule>,
    /// Whether calls take instances from the module's pool and give them back.
    reuse: bool,
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

impl WasmProcessor {
    /// A processor for a compiled module, reusing its instances.
    pub fn new(compiled: CompiledModule) -> Self {
        WasmProcessor {
            compiled: Arc::new(compiled),
            reuse: true,
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

    /// Runs `entry` against `sandbox` in an idle instance of the module's pool (reset to its initial
    /// state) or a fresh one; gives a successful call's instance back to the pool.
    fn run(&self, entry: &Entry, sandbox: SandboxRef) -> Result<Dict, VmError> {
        let view = matches!(sandbox, SandboxRef::View(_));
        let meter_ptr = ptr_view(&sandbox);
        // Every use of the sandbox, here and in the imports, goes through the one raw pointer, and never
        // two at a time: this function touches it only before and after the Wasm call.
        // SAFETY: the pointer comes from the `&mut` the processor was called with (see `SandboxRef`).
        let meter = || unsafe { &mut *meter_ptr };
        if entry.arg == Some(crate::wasplib::COPY_ALL_STATE_INDEX) {
            return crate::wasplib::copy_all_state(meter());
        }
        // Charged whether or not the call reuses an instance: gas does not depend on the pool.
        meter().charge_gas("instantiate", self.compiled.instantiate_cost)?;
        let pool = &self.compiled.pool;
        let idle = if self.reuse { pool.take(view) } else { None };
        let mut instance = match idle {
            Some(instance) => instance,
            None => {
                let fresh = ContractInstance::new(&self.compiled.parts(), view)?;
                if self.reuse {
                    pool.observe(&fresh);
                }
                fresh
            }
        };
        let call = instance.call(entry, sandbox)?;
        // A failed call may leave the instance in any state: it is dropped, never reused.
        match settle(meter(), call.lag, call.result, || instance.out_of_gas()) {
            Settled::Returned(charged) => {
                if self.reuse {
                    pool.put(instance);
                }
                charged?;
                Ok(call.results.unwrap_or_default())
            }
            Settled::Failed(err) => Err(err),
            Settled::Trapped(_) if instance.stack_exceeded() => Err(VmError::StackLimit),
            Settled::Trapped(err) => Err(trap_error(err)),
        }
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
