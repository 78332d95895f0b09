//! The contract SDK (feature `guest`): safe wrappers over the host imports of [`crate::host_abi`] and
//! the [`entry_points!`](crate::entry_points) macro that exports plain Rust functions.
//!
//! A contract is a `cdylib` crate built for `wasm32-unknown-unknown`:
//!
//! ```ignore
//! use isc_abi::guest::prelude::*;
//!
//! const COUNTER: &str = "counter";
//!
//! isc_abi::entry_points! {
//!     /// Starts the counter at the optional param `counter`.
//!     func init(ctx: &mut FuncCtx) {
//!         let start: i64 = ctx.param(COUNTER).unwrap_or(0);
//!         ctx.set(COUNTER, &start);
//!     }
//!
//!     /// Adds param `n` to the counter.
//!     func incrementBy(ctx: &mut FuncCtx) {
//!         let n: i64 = ctx.require("n");
//!         let value = ctx.get::<i64>(COUNTER).unwrap_or(0) + n;
//!         ctx.set(COUNTER, &value);
//!         ctx.event(&format!("counter = {value}"));
//!     }
//!
//!     /// The counter, as result `counter`.
//!     view getCounter(ctx: &ViewCtx) -> Results {
//!         Results::new().set(COUNTER, &ctx.get::<i64>(COUNTER).unwrap_or(0))
//!     }
//! }
//! ```
//!
//! # The two contexts
//!
//! A func gets a [`FuncCtx`], a view a [`ViewCtx`]. `ViewCtx` has only the read-only operations
//! (params, state reads, views of other contracts, chain facts, hashing, log); `FuncCtx` dereferences
//! to it and adds state writes, calls, requests, token sends, events and the request's facts (caller,
//! sender, request id, incoming tokens, entropy). So a view cannot reach a func-only import by type.
//!
//! Values are typed through [`Codec`](crate::Codec): `ctx.param::<u64>("n")`, `ctx.get::<AgentId>(key)`,
//! `ctx.set(key, &value)`. Results are what the entry point returns: `()`, a [`Dict`](crate::Dict),
//! or a [`Results`] builder.
//!
//! # Failures
//!
//! Every method returns a plain value: anything that cannot go on (a missing or malformed param, a
//! malformed state value, a failed nested call, out of gas) ends the call with a message through the
//! host's `panic` import, which traps; the host discards the call's state changes and writes the
//! message into the receipt. [`panic()`] does the same for the contract's own checks.
//!
//! # Panics
//!
//! Contracts use `std` (its allocator, and `panic = "abort"` in the release profile). A Rust panic
//! (`unwrap`, an index out of bounds, an overflow with overflow checks on, `panic!`) would otherwise be
//! a bare `unreachable` trap: the first entry point that runs in an instance installs a
//! `std::panic::set_hook` hook (expanded into the contract by the macro, as this crate is `no_std`)
//! that passes the message and location to the host's `panic`: the receipt then says
//! `attempt to divide by zero at panicker/src/lib.rs:20:5`. `no_std` contracts are not supported by
//! the macro.
//!
//! # Output buffers
//!
//! Variable-length outputs (params, state values, results of calls, balances) are first read into a
//! 256-byte buffer; when the host reports a longer output, one call to the `output` import copies all
//! of it (the host keeps the last output, so the operation is not repeated and charged twice).
//!
//! # On the host
//!
//! The imports exist only on `wasm32`. On other targets the SDK still builds (docs, clippy, unit tests
//! of a contract's pure helpers), but every host call panics with "isc guest SDK: host functions only
//! exist inside the iscvm Wasm runtime": contracts run only inside the runtime.

mod entry;
mod func_ctx;
mod output;
mod results;
mod sys;
mod view_ctx;

pub use entry::{__first_entry, __panic_hook};
pub use func_ctx::FuncCtx;
pub use results::{__set_results, IntoResults, Results};
pub use view_ctx::ViewCtx;

/// Fails the running call with `msg`: the host traps, discards the call's changes and puts `msg` in
/// the receipt. Never returns.
pub fn panic(msg: &str) -> ! {
    // Cannot use `output::len`: it reports an oversized length through this function.
    let len = i32::try_from(msg.len()).unwrap_or(i32::MAX);
    // SAFETY: `msg` is readable for `len <= msg.len()` bytes.
    unsafe { sys::panic(msg.as_ptr(), len) }
}

/// What a contract usually needs: `use isc_abi::guest::prelude::*;`.
pub mod prelude {
    pub use super::{panic, FuncCtx, IntoResults, Results, ViewCtx};
    pub use crate::{
        Address, AgentId, Balances, ChainId, Codec, Color, ContractId, Dict, Hash, Hname, RequestId,
    };
}
