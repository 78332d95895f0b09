//! The host functions of module `isc` (see `isc_abi::host_abi` for the ABI): the only way a Wasm
//! contract reaches the chain.
//!
//! Each import runs through [`with_host`], which runs the operation against the sandbox, with every
//! guest range bounds-checked, inside the gas handshake of `gas::host_call` (the Wasm gas burned
//! since the last host call charged to the request's meter before, the meter's remainder written
//! back into the metering global after). Failures are returned as [`VmError`]s, which abort the Wasm
//! call; the processor recovers them by downcasting, so the receipt carries the precise error.

mod env;
mod funcs;
mod raw;
mod views;

use isc_abi::host_abi;
use isc_sandbox::VmError;
use wasmer::{Function, FunctionEnv, FunctionEnvMut, Imports, Store};

pub(crate) use env::Host;
pub use env::{HostEnv, SandboxRef};
pub use raw::RawAccess;

/// Runs one import inside the gas handshake ([`gas::host_call`](crate::gas::host_call)).
#[inline]
pub(crate) fn with_host<R>(
    mut env: FunctionEnvMut<'_, HostEnv>,
    op: impl FnOnce(&mut Host<'_>) -> Result<R, VmError>,
) -> Result<R, VmError> {
    crate::gas::host_call(&mut Host::new(env.data_mut()), op)
}

/// The imports of module `isc` that `wanted` names (the module's own imports: creating a host function
/// costs an allocation and a signature lookup on every call, so only those are made). For a view, the
/// func-only imports trap with a clear message.
pub fn imports(
    store: &mut Store,
    env: &FunctionEnv<HostEnv>,
    view: bool,
    wanted: &[String],
) -> Imports {
    let mut imports = Imports::new();
    let mut sink = Sink {
        imports: &mut imports,
        wanted,
    };
    views::define_all(store, env, &mut sink);
    if view {
        funcs::define_view_stubs(store, env, &mut sink);
    } else {
        funcs::define_all(store, env, &mut sink);
    }
    imports
}

/// Where host functions go: only the wanted ones are kept.
pub struct Sink<'a> {
    imports: &'a mut Imports,
    wanted: &'a [String],
}

impl Sink<'_> {
    /// Whether the module imports `name`.
    fn wants(&self, name: &str) -> bool {
        self.wanted.iter().any(|w| w == name)
    }
}

/// Defines `name` with the function `make` builds, if the module imports it.
fn define(
    sink: &mut Sink<'_>,
    store: &mut Store,
    name: &str,
    make: impl FnOnce(&mut Store) -> Function,
) {
    if sink.wants(name) {
        let f = make(store);
        sink.imports.define(host_abi::MODULE, name, f);
    }
}
