//! inccounter: a counter, and the smallest tour of the SDK (state, params, results, events, calling and
//! posting to itself).
//!
//! State: `counter` (i64).

use isc_abi::guest::prelude::*;

/// State key and param/result name of the counter.
const COUNTER: &str = "counter";

isc_abi::entry_points! {
    /// Sets the counter to the optional param `counter` (i64, default 0).
    func init(ctx: &mut FuncCtx) {
        let start: i64 = ctx.param(COUNTER).unwrap_or(0);
        ctx.set(COUNTER, &start);
    }

    /// Adds one to the counter.
    func increment(ctx: &mut FuncCtx) {
        add(ctx, 1);
    }

    /// Adds param `n` (i64) to the counter.
    func incrementBy(ctx: &mut FuncCtx) {
        let n: i64 = ctx.require("n");
        add(ctx, n);
    }

    /// Result `counter` (i64).
    view getCounter(ctx: &ViewCtx) -> Results {
        Results::new().set(COUNTER, &counter(ctx))
    }

    /// Calls this contract's own `increment` through the host (a nested call in the same request).
    func callIncrement(ctx: &mut FuncCtx) {
        let me = ctx.contract();
        let increment = ctx.hname("increment");
        ctx.call(me, increment, &Dict::new(), &Balances::new());
    }

    /// Posts a request to this contract's own `increment` on this chain: it runs in a later block.
    func postIncrement(ctx: &mut FuncCtx) {
        let me = ctx.contract_id();
        let increment = ctx.hname("increment");
        ctx.post(&me, increment, &Dict::new(), &Balances::new());
    }
}

/// The counter (0 before `init`).
fn counter(ctx: &ViewCtx) -> i64 {
    ctx.get(COUNTER).unwrap_or(0)
}

/// Adds `n` to the counter (an overflow fails the call) and emits an event with the new value.
fn add(ctx: &mut FuncCtx, n: i64) {
    let value = counter(ctx)
        .checked_add(n)
        .unwrap_or_else(|| panic("counter overflow"));
    ctx.set(COUNTER, &value);
    ctx.event(&format!("inccounter: counter = {value}"));
}
