//! Delivery between chains: anchoring committed blocks on L1, then moving pending requests into their
//! target chains' backlogs, exactly once.

use std::collections::BTreeMap;
use std::sync::Arc;

use isc_abi::{ChainId, RequestId};

use crate::l1::L1Ledger;
use isc_runtime::Chain;
use isc_runtime::{Refusal, RuntimeError};

/// What one delivery did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Blocks anchored on L1 (chain, block index).
    pub anchored: Vec<(ChainId, u32)>,
    /// Requests that entered a backlog (target chain, request id).
    pub delivered: Vec<(ChainId, RequestId)>,
    /// Requests for chains of the environment that refused them for now, e.g. with a full backlog
    /// (target chain, request id, why); they are offered again at the next delivery.
    pub waiting: Vec<(ChainId, RequestId, Refusal)>,
}

/// See [`crate::Env::deliver`]. The caller serialises access to the ledger.
pub(super) fn deliver(
    l1: L1Ledger<'_>,
    chains: &BTreeMap<ChainId, Arc<Chain>>,
) -> Result<Delivery, RuntimeError> {
    let mut out = Delivery::default();
    for (id, chain) in chains {
        for entry in chain.outbox()? {
            // A block anchored before a crash is not anchored again: its entry is only cleared.
            l1.anchor(&entry)?;
            chain.clear_outbox(entry.block_index)?;
            out.anchored.push((*id, entry.block_index));
        }
    }
    // Only requests for chains that are here: those for other chains wait on L1 without costing a
    // delivery anything.
    for (target, chain) in chains {
        for pending in l1.pending_for(target)? {
            let req = &pending.request;
            // Taken already (a delivery that stopped before forgetting it): forget it now.
            if chain.in_backlog(&req.id)? || chain.is_processed(&req.id)? {
                l1.remove_pending(&pending)?;
                continue;
            }
            match chain.post(req.clone()) {
                Ok(()) => {
                    l1.remove_pending(&pending)?;
                    out.delivered.push((*target, req.id));
                }
                Err(RuntimeError::Refused(why)) => out.waiting.push((*target, req.id, why)),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(out)
}
