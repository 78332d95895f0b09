//! A Pollen-era module's `on_load`: run once when the module is compiled, to learn the entry points
//! and key ids it registers, and the state it leaves, which every call starts from.
//!
//! `on_load` runs with no request: against a [`LoadMeter`](crate::gas::LoadMeter) of
//! [`ON_LOAD_GAS`](crate::wasplib::ON_LOAD_GAS), which its Wasm and its host calls are charged to
//! by the same handshake as a call's, so that what it makes the host do and keep (key ids, entry
//! points) is bounded like its instructions.
//!
//! The original host ran `on_load` once and restored the memory it left before every call. iscvm
//! does the same with a [`LoadSnapshot`]: the memory image and mutable globals after `on_load`,
//! taken when the module is compiled and written into every fresh instance instead of running
//! `on_load` again, so that no call makes the host run it (a failed call's instance is dropped, and
//! a nested call of the same contract needs an instance of its own). A snapshot needs a module
//! whose instances can be reset (`reuse`) on a platform that restores memories; elsewhere a fresh
//! instance runs `on_load` again, and a module whose code rules out resetting pays its `on_load`'s
//! gas on every call (see `compile`).

use isc_sandbox::VmError;
use wasmer::{FunctionEnv, Global, Instance, Memory, Store, Value};

use super::host::HostEnv;
use super::memory_image::MemoryImage;
use super::trap::trap_error;
use crate::wasplib::{Frame, KeyTable, Tag, ON_LOAD_GAS};

/// What `on_load` registered and what it cost.
pub struct Loaded {
    /// The entry points: index (bit 0x8000 for a view) and name.
    pub exports: Vec<(i32, String)>,
    /// The key ids it obtained.
    pub keys: KeyTable,
    /// Gas it burned (Wasm and host calls).
    pub gas: u64,
}

/// The globals of an instance `on_load` runs in, which it must leave as it found them or read.
pub struct Globals<'a> {
    /// The stack depth counter (set to `depth_start` before `on_load`).
    pub depth: &'a Global,
    /// The remaining-gas global.
    pub remaining: &'a Global,
    /// The exhausted flag of sized instructions.
    pub exhausted: &'a Global,
    /// The stack limit's flag.
    pub exceeded: &'a Global,
}

/// Runs `on_load` of an instance of a module built for `tag`, registering at most `max_exports`
/// entry points.
pub fn run(
    store: &mut Store,
    env: &FunctionEnv<HostEnv>,
    instance: &Instance,
    globals: Globals<'_>,
    depth_start: u32,
    tag: Tag,
    max_exports: usize,
) -> Result<Loaded, VmError> {
    let failed = |why: String| VmError::Program(format!("on_load failed: {why}"));
    globals
        .depth
        .set(store, Value::I32(depth_start as i32))
        .map_err(|e| VmError::Program(format!("instrumentation global: {e}")))?;
    let frame = Frame::for_load(tag, max_exports).map_err(|e| failed(e.to_string()))?;
    let env_mut = env.as_mut(store);
    env_mut.begin_load(ON_LOAD_GAS);
    env_mut.frame = Some(Box::new(frame));
    let on_load = instance
        .exports
        .get_typed_function::<(), ()>(store, "on_load")
        .map_err(|_| VmError::Program("export `on_load` missing".into()))?;
    let ran = on_load.call(store);
    let env_mut = env.as_mut(store);
    let frame = env_mut.frame.take();
    let meter = env_mut.end_load();
    let spent = meter.as_ref().is_none_or(|m| m.burned() >= ON_LOAD_GAS);
    if let Err(trap) = ran {
        let why = if spent
            || crate::instance::out_of_gas(store, globals.remaining, globals.exhausted).is_some()
        {
            format!("ran out of its {ON_LOAD_GAS} gas")
        } else if flag(store, globals.exceeded) {
            "hit the stack limit".to_string()
        } else {
            match trap.downcast::<VmError>() {
                Ok(vm) => vm.to_string(),
                Err(trap) => trap_error(trap).to_string(),
            }
        };
        return Err(failed(why));
    }
    let (exports, keys) = frame
        .map(|f| f.into_load_result())
        .ok_or_else(|| failed("its frame is gone".into()))?;
    Ok(Loaded {
        exports,
        keys,
        gas: meter.map_or(ON_LOAD_GAS, |m| m.burned()),
    })
}

fn flag(store: &mut Store, g: &Global) -> bool {
    matches!(g.get(store), Value::I32(v) if v != 0)
}

/// A mutable global's value (the number types: a module with reference-typed mutable globals gets
/// no snapshot).
#[derive(Debug, Clone, Copy)]
enum Scalar {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
}

impl Scalar {
    fn of(v: &Value) -> Option<Self> {
        Some(match v {
            Value::I32(x) => Scalar::I32(*x),
            Value::I64(x) => Scalar::I64(*x),
            Value::F32(x) => Scalar::F32(x.to_bits()),
            Value::F64(x) => Scalar::F64(x.to_bits()),
            _ => return None,
        })
    }

    fn value(self) -> Value {
        match self {
            Scalar::I32(x) => Value::I32(x),
            Scalar::I64(x) => Value::I64(x),
            Scalar::F32(x) => Value::F32(f32::from_bits(x)),
            Scalar::F64(x) => Value::F64(f64::from_bits(x)),
        }
    }
}

/// The state `on_load` left in an instance: its memory and every mutable global.
#[derive(Debug)]
pub struct LoadSnapshot {
    image: MemoryImage,
    globals: Vec<(String, Scalar)>,
}

impl LoadSnapshot {
    /// The state of `instance` after `on_load`; `globals` names every mutable global (the reuse
    /// plan's). `None` if the memory cannot be read or a global is not a number.
    pub fn capture(
        store: &mut Store,
        memory: &Memory,
        instance: &Instance,
        globals: &[String],
    ) -> Option<Self> {
        let image = MemoryImage::capture(store, memory)?;
        let mut values = Vec::with_capacity(globals.len());
        for name in globals {
            let g = instance.exports.get_global(name).ok()?;
            values.push((name.clone(), Scalar::of(&g.get(store))?));
        }
        Some(LoadSnapshot {
            image,
            globals: values,
        })
    }

    /// Puts a fresh `instance` (not run yet) into this state.
    pub fn install(
        &self,
        store: &mut Store,
        memory: &Memory,
        instance: &Instance,
    ) -> Result<(), VmError> {
        let failed = || VmError::Program("the state on_load left could not be restored".into());
        if !self.image.install(store, memory) {
            return Err(failed());
        }
        for (name, value) in &self.globals {
            let g = instance.exports.get_global(name).map_err(|_| failed())?;
            g.set(store, value.value()).map_err(|_| failed())?;
        }
        Ok(())
    }
}
