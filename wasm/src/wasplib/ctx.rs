//! What a frame of the Pollen-era ABI runs against: the sandbox of a func or a view, or nothing (while
//! `on_load` runs, when the module only registers its entry points).

use isc_sandbox::{Sandbox, SandboxView, VmError};

/// The sandbox of the call a frame serves.
pub enum Ctx<'a> {
    /// `on_load`: no chain context.
    Load,
    /// A view: reads only.
    View(&'a mut dyn SandboxView),
    /// A func.
    Func(&'a mut dyn Sandbox),
}

impl<'a> Ctx<'a> {
    /// The read-only sandbox; `what` names the object for the error `on_load` gets.
    pub fn view(&mut self, what: &str) -> Result<&mut dyn SandboxView, VmError> {
        match self {
            Ctx::Load => Err(VmError::Panic(format!("{what}.missing context"))),
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

    /// Whether the frame serves a func.
    pub fn is_func(&self) -> bool {
        matches!(self, Ctx::Func(_))
    }

    /// Whether the frame serves `on_load`.
    pub fn is_load(&self) -> bool {
        matches!(self, Ctx::Load)
    }
}
