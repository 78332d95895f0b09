//! The VM abstraction: a program loaded into its VM is a [`Processor`], native or Wasm alike.

use isc_abi::{Dict, Hname};

use crate::{Sandbox, SandboxView, VmError};

/// Whether an entry point may write (func) or only read (view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Full entry point: writes state, moves tokens, calls funcs and views, posts requests.
    Func,
    /// Read-only entry point: reads state and calls views.
    View,
}

/// A program ready to run. Looked up by program hash; one processor serves every contract deployed from
/// that program and every chain, so it holds no per-call state.
pub trait Processor: Send + Sync {
    /// The kind of entry point `code`, or `None` when the program has no such entry point.
    fn entry_point(&self, code: Hname) -> Option<EntryKind>;
    /// Runs func `code`.
    fn call(&self, code: Hname, ctx: &mut dyn Sandbox) -> Result<Dict, VmError>;
    /// Runs view `code`.
    fn call_view(&self, code: Hname, ctx: &mut dyn SandboxView) -> Result<Dict, VmError>;
}
