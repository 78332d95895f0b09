//! One instance of a compiled module, with what its calls need looked up once: its own store, the
//! host environment and imports (only those the module imports; funcs or view stubs), and the
//! handles of its memory, instrumentation globals and entry points.
//!
//! An instance serves one call at a time. After a successful call it can be put back into its initial
//! state ([`ContractInstance::reset`]) and serve another; after a failed one it is dropped.

use isc_abi::Dict;
use isc_sandbox::VmError;
use wasmer::{
    FunctionEnv, Global, Instance, InstantiationError, Memory, RuntimeError, Store, TypedFunction,
    Value,
};

use super::compile::{CompiledModule, Entry};
use super::host::{self, HostEnv, SandboxRef};
use super::instrument::{DEPTH_GLOBAL, EXHAUSTED_GLOBAL, REMAINING_GLOBAL, STACK_EXCEEDED_GLOBAL};
use super::memory_image::MemoryImage;
use super::trap::trap_error;

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
    /// Whether the imports are a view's (func-only imports trap).
    view: bool,
}

/// What one call did.
pub struct CallOutcome {
    /// The Wasm call's result.
    pub result: Result<(), RuntimeError>,
    /// Gas Wasm burned since the last host call (not yet charged to the meter).
    pub used: u64,
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
    /// A fresh instance of `compiled` in a store of its own, with a view's imports if `view`.
    pub fn new(compiled: &CompiledModule, view: bool) -> Result<Self, VmError> {
        let mut store = Store::new(compiled.engine.clone());
        let env = FunctionEnv::new(&mut store, HostEnv::new());
        let imports = host::imports(&mut store, &env, view, &compiled.report.imports);
        let instance =
            Instance::new(&mut store, &compiled.module, &imports).map_err(instantiation_error)?;
        let memory = instance
            .exports
            .get_memory(isc_abi::host_abi::MEMORY)
            .cloned()
            .map_err(|_| VmError::Program("the module exports no memory".into()))?;
        let remaining = global(&instance, REMAINING_GLOBAL)?;
        let exhausted = global(&instance, EXHAUSTED_GLOBAL)?;
        let depth = global(&instance, DEPTH_GLOBAL)?;
        let exceeded = global(&instance, STACK_EXCEEDED_GLOBAL)?;
        let mut initial = Vec::new();
        if let Some(plan) = compiled.pool.plan() {
            for name in &plan.globals {
                let g = global(&instance, name)?;
                let value = g.get(&mut store);
                initial.push((g, value));
            }
        }
        {
            // SAFETY: the environment lives in this instance's store and is dropped with it; the
            // instance serves one call at a time on one thread.
            let raw = unsafe { host::RawAccess::new(&mut store, &memory, &remaining)? };
            env.as_mut(&mut store).raw = Some(raw);
        }
        Ok(ContractInstance {
            store,
            env,
            instance,
            memory,
            remaining,
            exhausted,
            depth,
            exceeded,
            initial,
            entries: vec![None; compiled.entries.len()],
            view,
        })
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

    /// Runs `entry` against `sandbox`, whose meter has `budget` gas left. The sandbox is attached to
    /// the environment for the Wasm call only.
    pub fn call(
        &mut self,
        entry: &Entry,
        sandbox: SandboxRef,
        budget: u64,
    ) -> Result<CallOutcome, VmError> {
        set(
            &mut self.store,
            &self.depth,
            Value::I32(entry.frame_cost as i32),
        )?;
        set(&mut self.store, &self.remaining, Value::I64(budget as i64))?;
        let func = self.function(entry)?;
        self.env.as_mut(&mut self.store).begin(sandbox, budget);
        let result = func.call(&mut self.store);
        let now = match self.remaining.get(&mut self.store) {
            Value::I64(v) => v as u64,
            _ => 0,
        };
        let env = self.env.as_mut(&mut self.store);
        let used = env.synced.saturating_sub(now);
        let results = env.end();
        Ok(CallOutcome {
            result,
            used,
            results,
        })
    }

    /// Whether the last call ran out of gas inside Wasm.
    pub fn out_of_gas(&mut self) -> bool {
        read_i32(&mut self.store, &self.exhausted) != 0
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
