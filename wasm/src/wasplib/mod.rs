//! The second host ABI: contracts built for Wasp v0.1.0 (`wasplib`) and v0.2.0 (`WasmLib`), run
//! unmodified.
//!
//! Those contracts reach the chain through four imports over an object model the host keeps: key ids
//! for the bytes of keys ([`Frame::key_id`]), object ids for maps and arrays under a parent
//! ([`Frame::object_id`]), and reading and writing the bytes of a key of an object (`hostGetBytes`,
//! `hostSetBytes`). Object 1 is the root: the call's context values, the contract's state, params,
//! results, the results of the last call (`return`), balances, the tokens that came with the call,
//! new maps, transfers to L1, a utility object, and the keys whose writes are commands (call, post,
//! deploy, log, event, panic). The tags share the model and number its keys and types differently
//! ([`tags`]).
//!
//! A module exports `memory`, `on_load` and `on_call_entrypoint(i32)` (v0.1.0) or `on_call(i32)`
//! (v0.2.0). `on_load` registers the entry points (funcs, and views with bit 0x8000 of the index);
//! they are found at deployment under `hname(name)`, and a call runs the call export with the
//! entry point's index. Every call starts from the memory `on_load` left, as the original host
//! restored it before each call, so nothing a call leaves in memory reaches the next.

mod codec;
mod commands;
mod ctx;
mod dict;
mod exports;
mod frame;
mod host;
mod keys;
mod root;
pub mod tags;
mod utility;

pub use codec::{address_out, agent_in, agent_out, leb_decode, leb_encode, LebError};
pub use ctx::Ctx;
pub use frame::Frame;
pub use host::imports;
pub use keys::KeyTable;
pub use tags::Tag;

/// Gas `on_load` may burn (Wasm instructions only: it has no chain context). A Rust contract's
/// `on_load` registers a few dozen names and key ids in well under 100 000 instructions; the bound
/// only stops a module whose `on_load` never returns.
pub const ON_LOAD_GAS: u64 = 10_000_000;

/// The view v0.1.0's host gave every contract: all of the contract's state, as a dict. It runs no
/// Wasm; a contract cannot register the name itself.
pub const COPY_ALL_STATE: &str = "copy_all_state";

/// The index v0.1.0's host registered [`COPY_ALL_STATE`] under.
pub const COPY_ALL_STATE_INDEX: i32 = 0x8fff;

/// Runs [`COPY_ALL_STATE`]: every key and value of the contract's partition (iteration charged as the
/// sandbox charges it).
pub fn copy_all_state(
    view: &mut dyn isc_sandbox::SandboxView,
) -> Result<isc_abi::Dict, isc_sandbox::VmError> {
    let mut out = isc_abi::Dict::new();
    let mut bad = None;
    view.iterate_prefix(b"", &mut |k, v| match out.set(k, v) {
        Ok(()) => true,
        Err(e) => {
            bad = Some(e);
            false
        }
    })?;
    match bad {
        Some(e) => Err(isc_sandbox::VmError::Panic(format!("copy_all_state: {e}"))),
        None => Ok(out),
    }
}
