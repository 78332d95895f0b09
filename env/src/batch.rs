//! [`Env::send_batch`]: one L1 request transaction that carries many requests to one chain, as a
//! wallet sends a burst of calls (the demo's thousands of transfers) without a ledger write per call.
//!
//! The ledger mints the transaction id from the first request ([`Env::send`]: sender, ledger nonce,
//! request); request `i` of the transaction is `[i]txid`, the index being the u16 of
//! `RequestId = txid ‖ index`. That numbering is the ledger's rule, so it lives here and not in callers.

use isc_abi::{Address, Balances, ChainId, Dict, Hname, RequestId};
use isc_runtime::{Request, RuntimeError};

use crate::fixture::request_spec;
use crate::Env;

/// The most requests one transaction carries: indexes 0 to `u16::MAX`.
pub const MAX_BATCH: usize = u16::MAX as usize + 1;

/// Why a batch was not sent.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// More requests than a transaction's u16 index numbers.
    #[error("{requests} requests do not fit one transaction (at most {limit})")]
    TooManyRequests {
        /// Requests asked for.
        requests: usize,
        /// [`MAX_BATCH`].
        limit: usize,
    },
    /// The ledger or the chain refused the transaction.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
}

impl Env {
    /// Sends `calls` (contract, entry point, params; no tokens, the chain's default gas budget) from
    /// `sender` to chain `chain` as ONE L1 transaction: request `i` gets the id `[i]txid`.
    ///
    /// The transaction is sent as [`Env::send`] sends one (checked by the chain, all or nothing), with
    /// the first call as its request, which therefore enters the chain's backlog; the others exist
    /// only in the returned list. Run them all as one block with [`Env::commit_block`], which also
    /// takes the first out of the backlog. Nothing is sent for an empty list or one past [`MAX_BATCH`].
    pub fn send_batch(
        &self,
        sender: &Address,
        chain: &ChainId,
        calls: Vec<(Hname, Hname, Dict)>,
    ) -> Result<Vec<Request>, BatchError> {
        if calls.len() > MAX_BATCH {
            return Err(BatchError::TooManyRequests {
                requests: calls.len(),
                limit: MAX_BATCH,
            });
        }
        let mut calls = calls.into_iter();
        let Some((contract, entry_point, params)) = calls.next() else {
            return Ok(Vec::new());
        };
        let spec = request_spec(*chain, contract, entry_point, params, Balances::new(), 0);
        let first = self.send(sender, &spec)?;
        let (tx, from) = (first.id.tx, first.sender);
        let mut out = Vec::with_capacity(calls.len() + 1);
        out.push(first);
        // The length was checked: every later call has an index in 1..=u16::MAX.
        for (index, (contract, entry_point, params)) in (1..=u16::MAX).zip(calls) {
            out.push(Request {
                id: RequestId::new(tx, index),
                sender: from,
                contract,
                entry_point,
                params,
                transfer: Balances::new(),
                gas_budget: 0,
                timelock: 0,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::AgentId;
    use isc_native_contracts::accounts;
    use isc_runtime::ProcessorRegistry;

    fn env_with_chain() -> (Env, ChainId, Address) {
        let mut env = Env::in_memory(ProcessorRegistry::new());
        let owner = env.wallet("owner").unwrap();
        let id = env.create_chain("a", &owner, "", 1_000).unwrap();
        let alice = env.wallet("alice").unwrap();
        (env, id, alice)
    }

    fn calls(n: usize) -> Vec<(Hname, Hname, Dict)> {
        let call = (
            accounts::CONTRACT.hname(),
            Hname::new(accounts::names::DEPOSIT),
            Dict::new(),
        );
        vec![call; n]
    }

    #[test]
    fn one_transaction_numbers_its_requests() {
        let (env, chain, alice) = env_with_chain();
        let backlog = env.chain(&chain).unwrap().backlog_len().unwrap();
        let batch = env.send_batch(&alice, &chain, calls(3)).unwrap();
        assert_eq!(batch.len(), 3);
        let tx = batch[0].id.tx;
        for (i, req) in batch.iter().enumerate() {
            assert_eq!(req.id, RequestId::new(tx, i as u16));
            assert_eq!(req.sender, AgentId::address(alice));
        }
        // The transaction's first request is delivered as a sent one is; the others are not.
        let c = env.chain(&chain).unwrap();
        assert_eq!(c.backlog_len().unwrap(), backlog + 1);
        assert!(c.in_backlog(&batch[0].id).unwrap());
        assert!(!c.in_backlog(&batch[1].id).unwrap());
        // A second batch is another transaction.
        let again = env.send_batch(&alice, &chain, calls(1)).unwrap();
        assert_ne!(again[0].id.tx, tx);
    }

    #[test]
    fn empty_and_oversized_batches_send_nothing() {
        let (env, chain, alice) = env_with_chain();
        let backlog = env.chain(&chain).unwrap().backlog_len().unwrap();
        assert!(env
            .send_batch(&alice, &chain, Vec::new())
            .unwrap()
            .is_empty());
        let err = env
            .send_batch(&alice, &chain, calls(MAX_BATCH + 1))
            .unwrap_err();
        assert!(matches!(
            err,
            BatchError::TooManyRequests { requests, limit: MAX_BATCH } if requests == MAX_BATCH + 1
        ));
        assert_eq!(env.chain(&chain).unwrap().backlog_len().unwrap(), backlog);
        let full = env.send_batch(&alice, &chain, calls(MAX_BATCH)).unwrap();
        assert_eq!(full.last().unwrap().id.index, u16::MAX);
    }
}
