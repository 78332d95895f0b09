//! token: a fungible token kept in the contract's own state (not the chain's coloured tokens).
//!
//! State: `supply` (u64), and the balance of each agent under `b` ‖ agent id (36 bytes), u64.

use isc_abi::guest::prelude::*;

/// State key and result name of the total supply.
const SUPPLY: &str = "supply";

isc_abi::entry_points! {
    /// Mints param `supply` (u64) to the request's sender.
    func init(ctx: &mut FuncCtx) {
        let supply: u64 = ctx.require(SUPPLY);
        let owner = ctx.sender();
        ctx.set(SUPPLY, &supply);
        ctx.set(balance_key(&owner), &supply);
    }

    /// Moves param `amount` (u64, positive) from the caller to param `to` (agent id). Fails when the
    /// caller's balance is short.
    func transfer(ctx: &mut FuncCtx) {
        let to: AgentId = ctx.require("to");
        let amount: u64 = ctx.require("amount");
        if amount == 0 {
            panic("transfer: `amount` must be positive");
        }
        let from = ctx.caller();
        let have = balance_of(ctx, &from);
        if have < amount {
            panic(&format!("transfer: insufficient balance: have {have}, need {amount}"));
        }
        // Debit first: when `to == from` the credit then reads the debited balance.
        ctx.set(balance_key(&from), &(have - amount));
        let credited = balance_of(ctx, &to) + amount;
        ctx.set(balance_key(&to), &credited);
        ctx.event(&format!("token: transfer {amount} from {from} to {to}"));
    }

    /// Result `amount` (u64): the balance of param `agent` (agent id).
    view balance(ctx: &ViewCtx) -> Results {
        let agent: AgentId = ctx.require("agent");
        Results::new().set("amount", &balance_of(ctx, &agent))
    }

    /// Result `supply` (u64).
    view totalSupply(ctx: &ViewCtx) -> Results {
        Results::new().set(SUPPLY, &ctx.get::<u64>(SUPPLY).unwrap_or(0))
    }
}

/// The state key of `agent`'s balance.
fn balance_key(agent: &AgentId) -> Vec<u8> {
    [&b"b"[..], agent.as_bytes()].concat()
}

/// `agent`'s balance (0 when it never held any).
fn balance_of(ctx: &ViewCtx, agent: &AgentId) -> u64 {
    ctx.get(balance_key(agent)).unwrap_or(0)
}
