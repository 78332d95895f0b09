//! One request, from attached tokens to receipt.
//!
//! 1. the attached tokens are credited to the sender's account (kept even if the call fails);
//! 2. the gas budget is clamped to the limits and to what the sender can pay (after reserving the
//!    tokens the call itself moves), so the fee for any gas burned is always payable from the state
//!    before the call;
//! 3. the entry point runs in its own buffer; the buffer is dropped if the call fails, or if it succeeds
//!    but leaves the sender unable to pay the fee;
//! 4. the fee for the gas burned moves from the sender to the chain owner;
//! 5. the receipt and the eventlog line are written.
//!
//! Steps 1, 2, 4 and 5 always land, so a failing request changes no state but still pays its fee.

use std::borrow::Cow;

use isc_abi::{Balances, Hash};
use isc_gas::{FeePolicy, GasMeter, GasOp};
use isc_native_contracts::blocklog::{self, Receipt};
use isc_native_contracts::{accounts, eventlog, root};
use isc_sandbox::{apply_mutations, Overlay, Partition, PartitionMut, StateUpdate, VirtualState};

use super::Event;
use crate::context::{CallContext, ChainEnv, Effects, EntryFilter, RequestInfo};
use crate::error::RuntimeError;
use crate::request::Request;

/// What one request produced, not yet applied to the block.
pub struct RequestOutcome {
    /// Its state update (timestamp = the request's).
    pub update: StateUpdate,
    /// Its receipt.
    pub receipt: Receipt,
    /// Events emitted (only if it succeeded) and its `[req]` line.
    pub events: Vec<Event>,
    /// Posted requests and L1 transfers (empty if it failed).
    pub effects: Effects,
    /// The gas report, when the chain keeps burn logs.
    pub gas_report: Option<String>,
}

/// Who is paid and how: the chain owner and the fee policy, as root's state says.
#[derive(Debug, Clone, Copy)]
pub(super) struct FeeTerms {
    pub policy: FeePolicy,
    pub owner: Option<isc_abi::AgentId>,
}

impl FeeTerms {
    /// Reads the terms from root's state; free until root's init ran.
    pub fn read(state: &dyn isc_sandbox::KvRead) -> Result<FeeTerms, RuntimeError> {
        let mut root_state = Partition::new(state, root::CONTRACT.hname());
        let owner = root::state::owner(&mut root_state)?;
        let policy = match owner {
            Some(_) => root::state::fee_policy(&mut root_state)?,
            None => FeePolicy::FREE,
        };
        Ok(FeeTerms { policy, owner })
    }
}

/// Whether `req` is the second half of a `withdrawToChain`: another chain's accounts contract
/// depositing tokens on this chain. It pays no fee, because its sender has no account here to pay from
/// (the tokens it carries all belong to the agent it deposits for); its gas is still bounded by the
/// chain's limits, and `deposit` is all it may call for free.
fn is_protocol_transfer(env: ChainEnv<'_>, req: &Request) -> bool {
    let accounts_h = accounts::CONTRACT.hname();
    req.sender
        .contract_id()
        .is_some_and(|c| c.hname == accounts_h && c.chain != env.chain_id)
        && req.contract == accounts_h
        && req.entry_point == isc_abi::Hname::new(accounts::names::DEPOSIT)
}

/// Runs `req` at timestamp `ts` on top of `state`, paying fees on `terms` (read from `state`).
#[allow(clippy::too_many_arguments)]
pub(super) fn run_request(
    env: ChainEnv<'_>,
    state: &VirtualState,
    terms: &FeeTerms,
    req: &Request,
    ts: i64,
    entropy: Hash,
    block_index: u32,
    request_index: u16,
) -> Result<RequestOutcome, RuntimeError> {
    let accounts_h = accounts::CONTRACT.hname();
    let mut base = Overlay::new(state);

    // 1. Attached tokens arrive in the sender's account.
    accounts::ledger::credit(
        &mut PartitionMut::new(&mut base, accounts_h),
        &req.sender,
        &req.transfer,
    )
    .map_err(RuntimeError::from)?;

    // 2. Budget.
    let FeeTerms { policy, owner } = if is_protocol_transfer(env, req) {
        FeeTerms {
            policy: FeePolicy::FREE,
            owner: None,
        }
    } else {
        *terms
    };
    let balance = accounts::ledger::balances(&mut Partition::new(&base, accounts_h), &req.sender)?
        .get(&policy.color);
    let reserve = if isc_native_contracts::is_core_contract(req.contract) {
        0
    } else {
        req.transfer.get(&policy.color)
    };
    let requested = match req.gas_budget {
        0 => env.limits.default_gas_budget,
        b => b,
    };
    let budget = requested
        .min(env.limits.max_gas_per_request)
        .min(policy.affordable_gas(balance.saturating_sub(reserve)));

    // 3. The call, in its own buffer.
    let mut layer = Overlay::new(&base);
    let info = RequestInfo {
        id: req.id,
        sender: req.sender,
        entropy,
    };
    let meter = if env.gas_reports {
        GasMeter::new(budget).with_log()
    } else {
        GasMeter::new(budget)
    };
    let mut ctx = CallContext::new(env, &mut layer, meter, Some(info), ts);
    let result = ctx.charge(GasOp::Request, 0).and_then(|()| {
        ctx.call_entry_with(
            req.sender,
            req.contract,
            req.entry_point,
            Cow::Borrowed(&req.params),
            req.transfer.clone(),
            EntryFilter::FuncOnly,
        )
    });
    let (meter, effects) = ctx.finish();
    let burned = meter.burned();
    let fee = if owner.is_some() {
        policy.fee_for(burned)
    } else {
        0
    };
    let result = result.and_then(|_| {
        let have =
            accounts::ledger::balances(&mut Partition::new(&layer, accounts_h), &req.sender)?
                .get(&policy.color);
        if have < fee {
            return Err(isc_sandbox::VmError::FeeUnpaid { have, need: fee });
        }
        Ok(())
    });
    let (error, effects) = match result {
        Ok(()) => {
            // The layer borrows `base`: its mutations are taken out before they land there.
            let mutations = layer.into_mutations();
            apply_mutations(&mut base, &mutations);
            (None, effects)
        }
        Err(e) if e.is_fatal() => return Err(RuntimeError::from(e)),
        Err(e) => (Some(e.to_string()), Effects::default()),
    };

    // 4. The fee, from the sender to the owner (payable by construction of the budget).
    if let Some(owner) = owner {
        accounts::ledger::move_tokens(
            &mut PartitionMut::new(&mut base, accounts_h),
            &req.sender,
            &owner,
            &Balances::single(policy.color, fee),
        )
        .map_err(RuntimeError::from)?;
    }

    // 5. Events, the request line, the receipt.
    let mut events: Vec<Event> = effects
        .events
        .iter()
        .map(|(contract, text)| Event {
            contract: *contract,
            timestamp: ts,
            text: text.clone(),
        })
        .collect();
    events.push(Event {
        contract: req.contract,
        timestamp: ts,
        text: format!("[req] {}: {}", req.id, error.as_deref().unwrap_or("Ok")),
    });
    {
        let mut log = PartitionMut::new(&mut base, eventlog::CONTRACT.hname());
        for ev in &events {
            eventlog::append(&mut log, ev.contract, ev.timestamp, &ev.text)?;
        }
    }
    let receipt = Receipt {
        request_id: req.id,
        block_index,
        request_index,
        contract: req.contract,
        entry_point: req.entry_point,
        gas_budget: budget,
        gas_burned: burned,
        fee,
        error,
    };
    blocklog::store_receipt(
        &mut PartitionMut::new(&mut base, blocklog::CONTRACT.hname()),
        &receipt,
    )?;
    Ok(RequestOutcome {
        update: StateUpdate {
            timestamp: ts,
            mutations: base.into_mutations(),
        },
        receipt,
        events,
        effects,
        gas_report: meter.log().map(|_| meter.report()),
    })
}
