//! The books of an environment: every token is on L1, and every token a chain's address holds is in
//! one of its accounts, in a request waiting in its backlog, in a request pending for it on L1, or in
//! what a committed block sends out and L1 has not anchored yet.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use isc_abi::{Balances, ChainId};
use isc_native_contracts::accounts;
use isc_sandbox::{Partition, VirtualState};

use crate::l1::{chain_address, L1Ledger};
use isc_runtime::Chain;
use isc_runtime::RuntimeError;

/// One chain's books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainAudit {
    /// The chain.
    pub chain: ChainId,
    /// Tokens at the chain's L1 address.
    pub held_on_l1: Balances,
    /// The accounts contract's total assets.
    pub total_assets: Balances,
    /// The sum of every account.
    pub sum_of_accounts: Balances,
    /// Tokens of requests waiting in the backlog.
    pub in_backlog: Balances,
    /// Tokens of requests pending for this chain on L1.
    pub pending: Balances,
    /// Tokens committed blocks send out that L1 has not anchored yet.
    pub in_outbox: Balances,
}

/// Every token of an environment, accounted for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// Tokens ever minted on L1, per colour: the supply.
    pub minted: Balances,
    /// The sum of every L1 address's balances.
    pub on_l1: Balances,
    /// Each chain's books, by chain id.
    pub chains: Vec<ChainAudit>,
    /// Tokens pending on L1 for chains that are not in the environment.
    pub pending_elsewhere: Balances,
    /// Every way the books do not balance; empty when they do.
    pub problems: Vec<String>,
}

impl Audit {
    /// `Ok` when the books balance, else an error listing every discrepancy.
    pub fn check(&self) -> Result<(), RuntimeError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(RuntimeError::Books(self.problems.clone()))
    }
}

fn sum<'a>(parts: impl IntoIterator<Item = &'a Balances>) -> Result<Balances, RuntimeError> {
    let mut total = Balances::new();
    for b in parts {
        total
            .add_all(b)
            .map_err(|e| RuntimeError::Books(vec![format!("summing balances: {e}")]))?;
    }
    Ok(total)
}

/// See [`crate::Env::audit`].
pub(super) fn audit(
    l1: L1Ledger<'_>,
    chains: &BTreeMap<ChainId, Arc<Chain>>,
) -> Result<Audit, RuntimeError> {
    let minted = l1.minted()?;
    let addresses = l1.addresses()?;
    let on_l1 = sum(addresses.iter().map(|(_, b)| b))?;
    let mut problems = Vec::new();
    if on_l1 != minted {
        problems.push(format!("L1 holds {on_l1:?} but {minted:?} were minted"));
    }
    let mut pending: BTreeMap<ChainId, Balances> = BTreeMap::new();
    for p in l1.pending()? {
        let entry = pending.entry(p.target).or_default();
        *entry = sum([&*entry, &p.request.transfer])?;
    }
    let mut books = Vec::new();
    for (id, chain) in chains {
        let state = VirtualState::new(chain.store().clone())?;
        let mut part = Partition::new(&state, accounts::CONTRACT.hname());
        let total_assets = accounts::ledger::total_assets(&mut part)?;
        let list = accounts::ledger::accounts(&mut part)?;
        let sum_of_accounts = sum(list.iter().map(|(_, b)| b))?;
        let backlog = chain.backlog()?;
        let in_backlog = sum(backlog.iter().map(|r| &r.transfer))?;
        let outbox = chain.outbox()?;
        let mut in_outbox = Balances::new();
        for entry in &outbox {
            in_outbox = sum([&in_outbox, &entry.total()?])?;
        }
        let waiting = pending.remove(id).unwrap_or_default();
        let held_on_l1 = l1.balance(&chain_address(id))?;
        let expected = sum([&total_assets, &in_backlog, &waiting, &in_outbox])?;
        let mut line = String::new();
        if total_assets != sum_of_accounts {
            let _ = write!(
                line,
                "chain {id}: total assets {total_assets:?} != sum of accounts {sum_of_accounts:?}"
            );
        }
        if held_on_l1 != expected {
            if !line.is_empty() {
                line.push_str("; ");
            }
            let _ = write!(
                line,
                "chain {id}: its address holds {held_on_l1:?} but accounts, backlog, pending and \
                 outbox come to {expected:?}"
            );
        }
        if !line.is_empty() {
            problems.push(line);
        }
        books.push(ChainAudit {
            chain: *id,
            held_on_l1,
            total_assets,
            sum_of_accounts,
            in_backlog,
            pending: waiting,
            in_outbox,
        });
    }
    let pending_elsewhere = sum(pending.values())?;
    Ok(Audit {
        minted,
        on_l1,
        chains: books,
        pending_elsewhere,
        problems,
    })
}
