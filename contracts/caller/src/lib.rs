//! caller: calls other contracts on the same chain, the way a contract composes with others.
//!
//! Every param besides the ones named below is passed on to the callee unchanged.

use isc_abi::guest::prelude::*;

isc_abi::entry_points! {
    /// Calls func param `func` (name) of contract param `contract` (hname), moving param `amount` (u64,
    /// default 0) base tokens from this contract's account to the callee's. Returns the callee's results.
    func callFunc(ctx: &mut FuncCtx) -> Dict {
        let contract: Hname = ctx.require("contract");
        let func: String = ctx.require("func");
        let amount: u64 = ctx.param("amount").unwrap_or(0);
        let params = forwarded(ctx, &["contract", "func", "amount"]);
        let entry = ctx.hname(&func);
        ctx.call(contract, entry, &params, &Balances::single(Color::BASE, amount))
    }

    /// Calls view param `view` (name) of contract param `contract` (hname). Returns its results.
    view callView(ctx: &ViewCtx) -> Dict {
        let contract: Hname = ctx.require("contract");
        let view: String = ctx.require("view");
        let params = forwarded(ctx, &["contract", "view"]);
        ctx.call_view(contract, ctx.hname(&view), &params)
    }

    /// Calls `increment` of the inccounter deployed as param `contract` (hname, default the hname of
    /// "inccounter").
    func callIncrement(ctx: &mut FuncCtx) {
        let contract = ctx.param("contract").unwrap_or_else(|| ctx.hname("inccounter"));
        let increment = ctx.hname("increment");
        ctx.call(contract, increment, &Dict::new(), &Balances::new());
    }
}

/// This call's params without the keys `own` that are meant for this contract.
fn forwarded(ctx: &ViewCtx, own: &[&str]) -> Dict {
    let mut params = ctx.params().clone();
    for key in own {
        params.remove(key.as_bytes());
    }
    params
}
