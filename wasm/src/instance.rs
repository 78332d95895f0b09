//! One instance of a compiled module, with what its calls need looked up once: its own store, the
//! host environment and imports (only those the module imports; funcs or view stubs), and the
//! handles of its memory, instrumentation globals and entry points.
//!
//! An instance serves one call at a time. After a successful call it can be put back into its initial
//! state ([`ContractInstance::reset`]) and serve another; after a failed one it is dropped.

use std::sync::atomic::{AtomicU64, Ordering};

use isc_abi::Dict;
use isc_sandbox::VmError;
use wasmer::{
    Engine, FunctionEnv, Global, Instance, InstantiationError, Memory, Module, RuntimeError, Store,
    TypedFunction, Value,
};

use super::entry::{Entry, WasplibModule};
use super::host::{self, HostEnv, SandboxRef};
use super::instrument::{DEPTH_GLOBAL, EXHAUSTED_GLOBAL, REMAINING_GLOBAL, STACK_EXCEEDED_GLOBAL};
use super::memory_image::MemoryImage;
use super::on_load::{self, LoadSnapshot};
use super::trap::trap_error;
use super::validate::ModuleReport;

/// The parts of a compiled module an instance is made from (`CompiledModule::parts`).
pub struct ModuleParts<'a> {
    /// The engine the module was compiled with.
    pub engine: &'a Engine,
    /// The compiled module.
    pub module: &'a Module,
    /// What validation found (imports, ABI, frame costs).
    pub report: &'a ModuleReport,
    /// The export names of the mutable globals a reset restores (empty if instances are not reused).
    pub reset_globals: &'a [String],
    /// How many entry points the module has.
    pub entries: usize,
    /// For a Pollen-era module, what its `on_load` established.
    pub wasplib: Option<&'a WasplibModule>,
    /// Most entry points a Pollen-era module's `on_load` may register.
    pub max_exports: usize,
    /// Counts the runs of a Pollen-era module's `on_load`.
    pub on_load_runs: &'a AtomicU64,
}

/// An instance with its store and handles.
pub struct ContractInstance {
    store: Store,
    env: FunctionEnv<HostEnv>,
    instance: Instance,
    memory: Memory,
    remaining: Global,
    exhausted: Global,
    depth: Global,
    exceeded: Global,
    /// Every mutable global with its value after instantiation (empty if the module is not reused).
    initial: Vec<(Global, Value)>,
    /// Entry functions by [`Entry::index`], looked up on first use.
    entries: Vec<Option<TypedFunction<(), ()>>>,
    /// A Pollen-era module's call export (every entry point goes through it), looked up on first use.
    call_export: Option<TypedFunction<i32, ()>>,
    /// What a Pollen-era module's `on_load` established; each call's frame starts from it.
    wasplib: Option<WasplibModule>,
    /// Whether the imports are a view's (func-only imports trap).
    view: bool,
}

/// What one call did.
pub struct CallOutcome {
    /// The Wasm call's result.
    pub result: Result<(), RuntimeError>,
    /// Gas Wasm burned since the last host call, not charged to the meter yet (`gas::settle`
    /// charges it).
    pub lag: u64,
    /// Results set by `isc.results`.
    pub results: Option<Dict>,
}

fn global(instance: &Instance, name: &str) -> Result<Global, VmError> {
    instance
        .exports
        .get_global(name)
        .cloned()
        .map_err(|_| VmError::Program(format!("instrumentation global `{name}` missing")))
}

/// Whether an instance ran out of gas inside Wasm (see `instrument`), and by how much: its
/// remaining-gas global below zero (`Some` of how far below: the gas its code ran past the budget
/// before a check caught it), or its exhausted flag set by a sized instruction that could not be
/// paid (`Some(0)`: it stopped before the work).
pub(crate) fn out_of_gas(store: &mut Store, remaining: &Global, exhausted: &Global) -> Option<u64> {
    match remaining.get(store) {
        Value::I64(v) if v < 0 => Some(v.unsigned_abs()),
        _ if read_i32(store, exhausted) != 0 => Some(0),
        _ => None,
    }
}

fn read_i32(store: &mut Store, g: &Global) -> i32 {
    match g.get(store) {
        Value::I32(v) => v,
        _ => 0,
    }
}

fn set(store: &mut Store, g: &Global, v: Value) -> Result<(), VmError> {
    g.set(store, v)
        .map_err(|e| VmError::Program(format!("instrumentation global: {e}")))
}

impl ContractInstance {
    /// A fresh instance of `compiled` in a store of its own, with a view's imports if `view`. A
    /// Pollen-era module's instance starts in the state its `on_load` left (its snapshot, or
    /// `on_load` run again where there is none).
    pub fn new(compiled: &ModuleParts<'_>, view: bool) -> Result<Self, VmError> {
        Self::instantiate(compiled, view).map(|(instance, _)| instance)
    }

    /// Instantiates a Pollen-era module and runs its `on_load`: what it registered and cost, the
    /// bytes of memory it left (see `MemoryImage::nonzero_bytes`) and, if the module's instances
    /// can be reset, the state it left.
    pub fn run_on_load(
        compiled: &ModuleParts<'_>,
        tag: crate::wasplib::Tag,
    ) -> Result<(on_load::Loaded, u64, Option<LoadSnapshot>), VmError> {
        let (mut instance, loaded) = Self::instantiate(compiled, false)?;
        let loaded = loaded.ok_or_else(|| {
            VmError::Program(format!("{} module without on_load", tag.abi_name()))
        })?;
        let bytes = MemoryImage::nonzero_bytes(&instance.store, &instance.memory);
        let snapshot = if compiled.reset_globals.is_empty() {
            None
        } else {
            LoadSnapshot::capture(
                &mut instance.store,
                &instance.memory,
                &instance.instance,
                compiled.reset_globals,
            )
        };
        Ok((loaded, bytes, snapshot))
    }

    fn instantiate(
        compiled: &ModuleParts<'_>,
        view: bool,
    ) -> Result<(Self, Option<on_load::Loaded>), VmError> {
        let mut store = Store::new(compiled.engine.clone());
        let env = FunctionEnv::new(&mut store, HostEnv::new());
        let tag = compiled.report.abi.tag();
        let imports = match tag {
            None => host::imports(&mut store, &env, view, &compiled.report.imports),
            Some(tag) => crate::wasplib::imports(&mut store, &env, tag),
        };
        let instance =
            Instance::new(&mut store, compiled.module, &imports).map_err(instantiation_error)?;
        let memory = instance
            .exports
            .get_memory(isc_abi::host_abi::MEMORY)
            .cloned()
            .map_err(|_| VmError::Program("the module exports no memory".into()))?;
        let remaining = global(&instance, REMAINING_GLOBAL)?;
        let exhausted = global(&instance, EXHAUSTED_GLOBAL)?;
        let depth = global(&instance, DEPTH_GLOBAL)?;
        let exceeded = global(&instance, STACK_EXCEEDED_GLOBAL)?;
        {
            // SAFETY: the environment lives in this instance's store and is dropped with it; the
            // instance serves one call at a time on one thread.
            let raw = unsafe { host::RawAccess::new(&mut store, &memory, &remaining)? };
            env.as_mut(&mut store).raw = Some(raw);
        }
        let loaded = match (tag, compiled.wasplib.and_then(|w| w.snapshot.as_deref())) {
            (None, _) => None,
            (Some(_), Some(snapshot)) => {
                snapshot.install(&mut store, &memory, &instance)?;
                None
            }
            (Some(tag), None) => {
                let depth_start = compiled
                    .report
                    .max_frame_cost()
                    .saturating_add(super::instrument::FRAME_OVERHEAD_SLOTS);
                let globals = on_load::Globals {
                    depth: &depth,
                    remaining: &remaining,
                    exhausted: &exhausted,
                    exceeded: &exceeded,
                };
                compiled.on_load_runs.fetch_add(1, Ordering::Relaxed);
                Some(on_load::run(
                    &mut store,
                    &env,
                    &instance,
                    globals,
                    depth_start,
                    tag,
                    compiled.max_exports,
                )?)
            }
        };
        let mut initial = Vec::new();
        for name in compiled.reset_globals {
            let g = global(&instance, name)?;
            let value = g.get(&mut store);
            initial.push((g, value));
        }
        let instance = ContractInstance {
            store,
            env,
            instance,
            memory,
            remaining,
            exhausted,
            depth,
            exceeded,
            initial,
            entries: vec![None; compiled.entries],
            call_export: None,
            wasplib: compiled.wasplib.cloned(),
            view,
        };
        Ok((instance, loaded))
    }

    /// Whether the instance has a view's imports.
    pub fn is_view(&self) -> bool {
        self.view
    }

    /// The image of this instance's memory; only meaningful before its first call.
    pub fn memory_image(&self) -> Option<MemoryImage> {
        MemoryImage::capture(&self.store, &self.memory)
    }

    fn function(&mut self, entry: &Entry) -> Result<TypedFunction<(), ()>, VmError> {
        if let Some(Some(f)) = self.entries.get(entry.index) {
            return Ok(f.clone());
        }
        let f = self
            .instance
            .exports
            .get_typed_function::<(), ()>(&self.store, &entry.export)
            .map_err(|_| VmError::Program(format!("export `{}` missing", entry.export)))?;
        if let Some(slot) = self.entries.get_mut(entry.index) {
            *slot = Some(f.clone());
        }
        Ok(f)
    }

    /// Runs `entry` against `sandbox`, whose meter's remaining gas is the guest's budget (see
    /// `gas`). The sandbox is attached to the environment for the Wasm call only.
    pub fn call(&mut self, entry: &Entry, sandbox: SandboxRef) -> Result<CallOutcome, VmError> {
        set(
            &mut self.store,
            &self.depth,
            Value::I32(entry.frame_cost as i32),
        )?;
        let mut result = match entry.arg {
            None => {
                let func = self.function(entry)?;
                self.env.as_mut(&mut self.store).begin(sandbox);
                func.call(&mut self.store)
            }
            Some(arg) => {
                let func = self.call_export(entry)?;
                let frame = self
                    .wasplib
                    .as_ref()
                    .map(|w| Box::new(crate::wasplib::Frame::new(w.tag, w.keys.clone())));
                let env = self.env.as_mut(&mut self.store);
                env.begin(sandbox);
                env.frame = frame;
                func.call(&mut self.store, arg)
            }
        };
        let env = self.env.as_mut(&mut self.store);
        let lag = env.lag();
        let mut results = env.end();
        if let Some(frame) = env.frame.take() {
            if result.is_ok() {
                // Results that cannot be returned fail the call like a trap would: after the Wasm
                // it ran is charged (returning here would skip that charge).
                match frame.results() {
                    Ok(r) => results = Some(r),
                    Err(e) => result = Err(RuntimeError::user(Box::new(e))),
                }
            }
        }
        Ok(CallOutcome {
            result,
            lag,
            results,
        })
    }

    fn call_export(&mut self, entry: &Entry) -> Result<TypedFunction<i32, ()>, VmError> {
        if let Some(f) = &self.call_export {
            return Ok(f.clone());
        }
        let f = self
            .instance
            .exports
            .get_typed_function::<i32, ()>(&self.store, &entry.export)
            .map_err(|_| VmError::Program(format!("export `{}` missing", entry.export)))?;
        self.call_export = Some(f.clone());
        Ok(f)
    }

    /// Whether the last call ran out of gas inside Wasm, and by how much ([`out_of_gas`]).
    pub fn out_of_gas(&mut self) -> Option<u64> {
        out_of_gas(&mut self.store, &self.remaining, &self.exhausted)
    }

    /// Whether the last call hit the stack limit.
    pub fn stack_exceeded(&mut self) -> bool {
        read_i32(&mut self.store, &self.exceeded) != 0
    }

    /// Puts the instance back into its state after instantiation: memory as in `image`, every
    /// mutable global at its initial value (the environment forgot the call when it ended). Only for
    /// an instance of a module with a reuse plan whose last call succeeded. `false` if that failed:
    /// the instance must then be dropped.
    pub fn reset(&mut self, image: &MemoryImage) -> bool {
        if !image.restore(&mut self.store, &self.memory) {
            return false;
        }
        self.initial
            .iter()
            .all(|(g, value)| g.set(&mut self.store, value.clone()).is_ok())
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
