//! panicker: fails on purpose, to test how failures reach the receipt.
//!
//! - `panic`: a Rust `panic!`, reported to the host by the SDK's panic hook (message and location);
//! - `divideByZero`: an integer division by param `d` (i64, pass 0): Rust's "attempt to divide by
//!   zero" panic, the same path;
//! - `overflow`: `i64::MAX + n` with overflow checks on (the workspace's release profile);
//! - `hostPanic`: the SDK's `panic`, straight to the host without Rust's panic machinery;
//! - `requireMissing`: `ctx.require` of an absent param (fails with "missing param `absent`");
//! - `panicView`: a view that panics.
//!
//! Every one of them sets state first, which the host must discard.

use isc_abi::guest::prelude::*;

/// Written before failing; must never be found in state.
const TOUCHED: &str = "touched";

isc_abi::entry_points! {
    /// Panics with param `msg` (string, default "panicker: deliberate panic").
    func panic(ctx: &mut FuncCtx) {
        ctx.set(TOUCHED, &true);
        let msg: String = ctx.param("msg").unwrap_or_else(|| "panicker: deliberate panic".into());
        panic!("{msg}");
    }

    /// Returns `100 / d` as result `q` (i64); with `d` = 0 the division panics.
    func divideByZero(ctx: &mut FuncCtx) -> Results {
        ctx.set(TOUCHED, &true);
        let d: i64 = ctx.param("d").unwrap_or(0);
        Results::new().set("q", &(100 / d))
    }

    /// Returns `i64::MAX + n` as result `sum` (i64); overflows for any positive param `n` (default 1).
    func overflow(ctx: &mut FuncCtx) -> Results {
        ctx.set(TOUCHED, &true);
        let n: i64 = ctx.param("n").unwrap_or(1);
        Results::new().set("sum", &(core::hint::black_box(i64::MAX) + n))
    }

    /// Fails through the SDK's `panic` (the host import) with "panicker: host panic".
    func hostPanic(ctx: &mut FuncCtx) {
        ctx.set(TOUCHED, &true);
        isc_abi::guest::panic("panicker: host panic");
    }

    /// Requires param `absent`.
    func requireMissing(ctx: &mut FuncCtx) {
        ctx.set(TOUCHED, &true);
        let _: i64 = ctx.require("absent");
    }

    /// A view that panics with "panicker: view panic".
    view panicView(_ctx: &ViewCtx) {
        panic!("panicker: view panic");
    }
}
