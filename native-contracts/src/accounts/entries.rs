//! The accounts entry points.

use isc_abi::{AgentId, Balances, Codec, Color, ContractId, Dict};
use isc_sandbox::{Sandbox, SandboxView, VmError};

use super::{keys, ledger, names};
use crate::kv::{FuncState, ViewState};
use crate::params::{optional, required};

fn balances_dict(balances: &Balances) -> Dict {
    let mut out = Dict::new();
    for (color, amount) in balances.iter() {
        let _ = out.set(color.as_bytes(), amount.encode());
    }
    out
}

/// The tokens a withdrawal or transfer names: amount `n` of colour `c` (default base).
///
/// The amount is explicit (as an allowance is): the request's fee is paid from the same account after the
/// call, so "everything" would never leave room for it.
fn requested_tokens(ctx: &mut dyn Sandbox) -> Result<Balances, VmError> {
    let params = ctx.params()?;
    let color: Color = optional(params, keys::COLOR)?.unwrap_or(Color::BASE);
    let amount: u64 = required(params, keys::AMOUNT)?;
    if amount == 0 {
        return Err(VmError::bad_params("amount `n` must be positive"));
    }
    Ok(Balances::single(color, amount))
}

/// The accounts contract's own agent on this chain (its account is a transit for tokens leaving).
fn own_agent(ctx: &dyn SandboxView) -> AgentId {
    AgentId::contract(ctx.chain_id(), ctx.contract())
}

/// deposit: the request's tokens are already in the sender's account; with `a`, they move on to agent `a`.
pub fn deposit(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let target: Option<AgentId> = optional(ctx.params()?, keys::AGENT)?;
    if let Some(target) = target {
        let caller = ctx.caller();
        let tokens = ctx.incoming().clone();
        ledger::move_tokens(&mut FuncState(ctx), &caller, &target, &tokens)?;
    }
    Ok(Dict::new())
}

/// withdrawToAddress: sends `n` tokens of colour `c` of the caller, an L1 address, to that address.
pub fn withdraw_to_address(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let caller = ctx.caller();
    let address = caller.as_address().ok_or_else(|| {
        VmError::Unauthorized("withdrawToAddress: the caller is not an L1 address".into())
    })?;
    let tokens = requested_tokens(ctx)?;
    let own = own_agent(ctx);
    ledger::move_tokens(&mut FuncState(ctx), &caller, &own, &tokens)?;
    ctx.send_to_address(address, tokens)?;
    Ok(Dict::new())
}

/// withdrawToChain: sends `n` tokens of colour `c` of the caller, a contract of another chain, to
/// its account on its own chain (a `deposit` request to that chain's accounts contract).
pub fn withdraw_to_chain(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let caller = ctx.caller();
    let home = caller
        .contract_id()
        .filter(|id| id.chain != ctx.chain_id())
        .ok_or_else(|| {
            VmError::Unauthorized(
                "withdrawToChain: the caller is not a contract of another chain".into(),
            )
        })?;
    let tokens = requested_tokens(ctx)?;
    let own = own_agent(ctx);
    ledger::move_tokens(&mut FuncState(ctx), &caller, &own, &tokens)?;
    let mut params = Dict::new();
    let _ = params.set(keys::AGENT.as_bytes(), caller.encode());
    let target = ContractId::new(home.chain, super::CONTRACT.hname());
    ctx.post_request(target, isc_abi::Hname::new(names::DEPOSIT), params, tokens)?;
    Ok(Dict::new())
}

/// transfer: moves `n` tokens of colour `c` of the caller to agent `a` on this chain.
pub fn transfer(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let target: AgentId = required(ctx.params()?, keys::AGENT)?;
    let caller = ctx.caller();
    let tokens = requested_tokens(ctx)?;
    ledger::move_tokens(&mut FuncState(ctx), &caller, &target, &tokens)?;
    Ok(Dict::new())
}

/// balance: the balances of agent `a`, colour → amount (u64).
pub fn balance(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let agent: AgentId = required(ctx.params()?, keys::AGENT)?;
    let balances = ledger::balances(&mut ViewState(ctx), &agent)?;
    Ok(balances_dict(&balances))
}

/// accounts: every agent with a non-empty account, agent id → its encoded balances.
pub fn accounts(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let mut out = Dict::new();
    for (agent, balances) in ledger::accounts(&mut ViewState(ctx))? {
        let _ = out.set(agent.as_bytes(), balances.encode());
    }
    Ok(out)
}

/// totalAssets: the chain's total assets, colour → amount (u64).
pub fn total_assets(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let total = ledger::total_assets(&mut ViewState(ctx))?;
    Ok(balances_dict(&total))
}
