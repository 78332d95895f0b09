//! Plain Cranelift: the engine settings [`compile`](crate::compile) uses (NaN canonicalisation, the
//! memory cap and bounds-checked memories of the tunables, the Wasm stack size) without iscvm's
//! validation and middlewares (metering, the deterministic stack limit, gas for sized instructions).
//!
//! It exists to measure what those cost, side by side in one run: a compile of the same module
//! beside iscvm's, and a CPU-bound kernel run unmetered beside the same module metered (`iscvm bench`
//! and the `wasm` criterion suite). Nothing a chain runs goes through here: code compiled by it burns
//! no gas, has no stack limit, and its host functions do nothing.

use isc_sandbox::VmError;
use wasmer::sys::{Cranelift, NativeEngineExt};
use wasmer::{Engine, ExternType, Function, Imports, Instance, Module, Store, Type, Value};

use super::limits::WasmLimits;
use super::tunables::LimitingTunables;

/// A module compiled by plain Cranelift, with the engine that compiled it.
pub struct RawModule {
    engine: Engine,
    module: Module,
}

/// The engine of [`RawModule::compile`]: Cranelift with NaN canonicalisation and iscvm's tunables
/// (memories capped at `limits.max_memory_pages`, bounds checked by the code), no middlewares.
fn engine(limits: &WasmLimits) -> Engine {
    let mut cranelift = Cranelift::new();
    cranelift.canonicalize_nans(true);
    let mut engine: Engine = cranelift.into();
    engine.set_tunables(LimitingTunables::new(limits.max_memory_pages));
    engine
}

impl RawModule {
    /// Compiles `binary` with a fresh engine of these settings, as [`compile`](crate::compile) makes a fresh engine
    /// for each module; wasmer's own checks of the binary are the only validation.
    pub fn compile(binary: &[u8], limits: &WasmLimits) -> Result<RawModule, VmError> {
        let engine = engine(limits);
        let module = Module::new(&engine, binary)
            .map_err(|e| VmError::Program(format!("compilation failed: {e}")))?;
        Ok(RawModule { engine, module })
    }

    /// An instance in a store of its own, each imported function a stub that returns zeros. Imports
    /// other than functions are refused.
    pub fn instantiate(&self) -> Result<RawInstance, VmError> {
        let mut store = Store::new(self.engine.clone());
        let mut imports = Imports::new();
        for import in self.module.imports() {
            let ExternType::Function(ty) = import.ty() else {
                return Err(VmError::Program(format!(
                    "raw instance: import {}.{} is not a function",
                    import.module(),
                    import.name()
                )));
            };
            let results = ty
                .results()
                .iter()
                .map(zero)
                .collect::<Result<Vec<_>, _>>()?;
            let stub = Function::new(&mut store, ty.clone(), move |_| Ok(results.clone()));
            imports.define(import.module(), import.name(), stub);
        }
        let instance = Instance::new(&mut store, &self.module, &imports)
            .map_err(|e| VmError::Program(format!("instantiation failed: {e}")))?;
        Ok(RawInstance { store, instance })
    }
}

/// The zero of a numeric type (what the stub imports return).
fn zero(ty: &Type) -> Result<Value, VmError> {
    Ok(match ty {
        Type::I32 => Value::I32(0),
        Type::I64 => Value::I64(0),
        Type::F32 => Value::F32(0.0),
        Type::F64 => Value::F64(0.0),
        Type::V128 => Value::V128(0),
        other => {
            return Err(VmError::Program(format!(
                "raw instance: no stub returns a {other:?}"
            )))
        }
    })
}

/// An instance of a [`RawModule`].
pub struct RawInstance {
    store: Store,
    instance: Instance,
}

impl RawInstance {
    /// Calls export `name`, a function without params; its results are dropped.
    pub fn call(&mut self, name: &str) -> Result<(), VmError> {
        let f = self
            .instance
            .exports
            .get_function(name)
            .map_err(|e| VmError::Program(format!("export {name}: {e}")))?;
        f.call(&mut self.store, &[])
            .map(drop)
            .map_err(|e| VmError::Trap(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KERNEL: &str = r#"
        (module
          (import "isc" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "run") (local $i i32)
            (loop $l
              (drop (call $get (i32.const 0) (i32.const 1) (i32.const 8) (i32.const 8)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
          (func (export "trap") unreachable))
    "#;

    #[test]
    fn a_raw_module_runs_with_stub_imports_and_no_metering() {
        let wasm = wat::parse_str(KERNEL).unwrap();
        let raw = RawModule::compile(&wasm, &WasmLimits::DEFAULT).unwrap();
        // No middleware ran: no metering or stack globals were added.
        assert!(raw
            .module
            .exports()
            .all(|e| !e.name().starts_with("wasmer_metering") && !e.name().starts_with("isc_")));
        let mut instance = raw.instantiate().unwrap();
        instance.call("run").unwrap();
        assert!(matches!(instance.call("trap"), Err(VmError::Trap(_))));
        assert!(matches!(instance.call("missing"), Err(VmError::Program(_))));
    }

    #[test]
    fn imports_other_than_functions_are_refused() {
        let wasm = wat::parse_str(r#"(module (import "isc" "g" (global i32)))"#).unwrap();
        let raw = RawModule::compile(&wasm, &WasmLimits::DEFAULT).unwrap();
        let err = raw.instantiate().err().unwrap();
        assert!(err.to_string().contains("isc.g is not a function"), "{err}");
    }

    #[test]
    fn memories_are_capped_as_for_contracts() {
        let wasm = wat::parse_str(r#"(module (memory (export "memory") 1))"#).unwrap();
        let limits = WasmLimits {
            max_memory_pages: 3,
            ..WasmLimits::DEFAULT
        };
        let raw = RawModule::compile(&wasm, &limits).unwrap();
        let instance = raw.instantiate().unwrap();
        let memory = instance.instance.exports.get_memory("memory").unwrap();
        assert_eq!(memory.ty(&instance.store).maximum, Some(wasmer::Pages(3)));
    }
}
