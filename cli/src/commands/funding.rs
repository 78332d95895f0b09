//! Paying for gas: a request's fee comes from the sender's on-chain account, and its gas budget is cut to
//! what that account can pay. Commands that need much gas (`blob store`, `deploy`) therefore first post a
//! deposit from the sender's L1 wallet when its committed on-chain balance cannot pay for the budget.

use isc_abi::{AgentId, Balances, Codec, Dict, Hname, RequestId};
use isc_env::l1::test_address;
use isc_native_contracts::accounts;

use crate::commands::chain::fee_policy;
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::output::balances_from_dict;
use crate::session::Session;

/// Tokens deposited beyond the fee of the budget: the deposit request pays its own (small) fee from them.
const DEPOSIT_MARGIN_GAS: u64 = 1_000_000;

/// A deposit posted to pay for gas.
pub struct Deposit {
    /// Its request id.
    pub request_id: RequestId,
    /// Tokens deposited.
    pub tokens: Balances,
}

/// The committed on-chain balances of `agent` (empty before root's init ran).
pub fn on_chain_balance(session: &Session, agent: &AgentId) -> Result<Balances, CliError> {
    let (index, _, _) = session.head()?;
    if index == 0 {
        return Ok(Balances::new());
    }
    let dict = session.view(
        accounts::CONTRACT.hname(),
        Hname::new(accounts::names::BALANCE),
        dict_of(&[(accounts::keys::AGENT, agent.encode())]),
    )?;
    balances_from_dict(&dict)
}

/// Posts an `accounts.deposit` from wallet `sender` when its committed on-chain account cannot pay the
/// fee of `gas_budget` gas; returns it, or `None` when the account suffices or fees are off.
pub fn ensure_fee_funds(
    session: &Session,
    sender: &str,
    gas_budget: u64,
) -> Result<Option<Deposit>, CliError> {
    let policy = fee_policy(session)?;
    let need = policy.fee_for(gas_budget);
    if need == 0 {
        return Ok(None);
    }
    let agent = AgentId::address(test_address(sender));
    let have = on_chain_balance(session, &agent)?.get(&policy.color);
    if have >= need {
        return Ok(None);
    }
    let amount = need - have + policy.fee_for(DEPOSIT_MARGIN_GAS);
    let tokens = Balances::single(policy.color, amount);
    let request = session.send(
        sender,
        accounts::CONTRACT.hname(),
        Hname::new(accounts::names::DEPOSIT),
        Dict::new(),
        tokens.clone(),
        0,
    )?;
    Ok(Some(Deposit {
        request_id: request.id,
        tokens,
    }))
}
