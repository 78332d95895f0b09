//! What a frame of the Pollen-era ABI runs against: the sandbox of a func or a view, or, while
//! `on_load` runs (when the module only registers its entry points), the meter of its own bound.

use isc_sandbox::{Sandbox, SandboxView, VmError};

use crate::gas::LoadMeter;

/// The label of the ABI's host work in the burn log.
const LABEL: &str = "wasmlib";

/// The sandbox of the call a frame serves.
pub enum Ctx<'a> {
    /// `on_load`: no chain context; its host work is charged to its own bound.
    Load(&'a mut LoadMeter),
    /// A view: reads only.
    View(&'a mut dyn SandboxView),
    /// A func.
    Func(&'a mut dyn Sandbox),
}

impl<'a> Ctx<'a> {
    /// The read-only sandbox; `what` names the object for the error `on_load` gets.
    pub fn view(&mut self, what: &str) -> Result<&mut dyn SandboxView, VmError> {
        match self {
            Ctx::Load(_) => Err(VmError::Panic(format!("{what}.missing context"))),
            Ctx::View(v) => Ok(&mut **v),
            Ctx::Func(f) => Ok(&mut **f as &mut dyn SandboxView),
        }
    }

    /// The func sandbox; `what` is the error a view or `on_load` gets.
    pub fn func(&mut self, what: impl FnOnce() -> String) -> Result<&mut dyn Sandbox, VmError> {
        match self {
            Ctx::Func(f) => Ok(&mut **f),
            _ => Err(VmError::Panic(what())),
        }
    }

    /// Charges `gas` of host work to the request, or to `on_load`'s bound.
    pub fn charge(&mut self, gas: u64) -> Result<(), VmError> {
        match self {
            Ctx::Load(meter) => meter.charge(LABEL, gas),
            Ctx::View(v) => v.charge_gas(LABEL, gas),
            Ctx::Func(f) => f.charge_gas(LABEL, gas),
        }
    }

    /// Whether the frame serves a func.
    pub fn is_func(&self) -> bool {
        matches!(self, Ctx::Func(_))
    }

    /// Whether the frame serves `on_load`.
    pub fn is_load(&self) -> bool {
        matches!(self, Ctx::Load(_))
    }
}
