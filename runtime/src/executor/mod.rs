//! The block executor: ordered requests in, one committed block out.
//!
//! ```text
//! for each request, in order:
//!     skip if already processed (exactly once) / keep if time-locked past T
//!     run it (see `request_run`): its state update, receipt and eventlog line
//!     if the block's gas would pass the limit: drop it, it waits for the next block
//! close the block with its blocklog info, hash it, commit it with the backlog changes
//! ```

mod request_run;

use isc_abi::{blake2b256, Address, Balances, Hash, Hname, RequestId};
use isc_native_contracts::blocklog::{self, BlockInfo, Receipt};
use isc_sandbox::{Block, Overlay, Partition, PartitionMut, StateUpdate, VirtualState, VmError};
use rustc_hash::FxHashSet;

use crate::context::ChainEnv;
use crate::error::RuntimeError;
use crate::request::{OutgoingRequest, Request};

pub use request_run::RequestOutcome;

/// What consensus agreed on for one block.
#[derive(Debug, Clone)]
pub struct BlockInput {
    /// Requests in execution order.
    pub requests: Vec<Request>,
    /// Block timestamp T (Unix ns): request i runs at T + i; T must be later than the state's timestamp.
    pub timestamp: i64,
    /// Shared randomness of the block.
    pub entropy: Hash,
    /// Anchor transaction id of the previous block, recorded in this block's blocklog info.
    pub previous_anchor: Hash,
}

/// Why a request of the input did not run in this block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRun {
    /// Already processed, in an earlier block or earlier in this one: dropped from the backlog.
    AlreadyProcessed(RequestId),
    /// Time-locked past the block's timestamp: stays in the backlog.
    TimeLocked(RequestId),
    /// Would pass the block's gas limit: stays in the backlog for the next block.
    BlockGasLimit(RequestId),
    /// Would pass the most outgoing requests a block can carry (their ids are `[u16]anchor`): stays
    /// in the backlog for the next block.
    BlockOutputLimit(RequestId),
}

/// Most requests one block can post: each gets the id `[index]anchor` with a u16 index.
pub const MAX_OUTGOING_PER_BLOCK: usize = 1 << 16;

/// One event of the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The emitting contract.
    pub contract: Hname,
    /// Unix ns.
    pub timestamp: i64,
    /// The text.
    pub text: String,
}

/// Everything a block did, ready for the node to anchor.
#[derive(Debug, Clone)]
pub struct BlockResult {
    /// The block (its updates are what was hashed).
    pub block: Block,
    /// State hash after the block.
    pub state_hash: Hash,
    /// One receipt per processed request, in order.
    pub receipts: Vec<Receipt>,
    /// Events of the successful requests, and one `[req]` line per request.
    pub events: Vec<Event>,
    /// Requests posted to other chains.
    pub outgoing: Vec<OutgoingRequest>,
    /// Tokens sent to L1 addresses.
    pub transfers: Vec<(Address, Balances)>,
    /// Requests of the input that did not run, and why.
    pub not_run: Vec<NotRun>,
    /// The blocklog info of the block.
    pub info: BlockInfo,
    /// Gas report per request, when the chain keeps burn logs.
    pub gas_reports: Vec<(RequestId, String)>,
}

impl BlockResult {
    /// The block's outgoing requests as their targets receive them: ids `[i]anchor` where `anchor`
    /// is this block's anchor transaction id on chain `chain`.
    pub fn delivered_requests(&self, chain: &isc_abi::ChainId) -> Vec<(isc_abi::ChainId, Request)> {
        let anchor = crate::anchor::anchor_id(chain, self.block.index, &self.state_hash);
        self.outgoing
            .iter()
            .enumerate()
            .map(|(i, out)| {
                // At most MAX_OUTGOING_PER_BLOCK outgoing requests per block: the index fits.
                let index = u16::try_from(i).unwrap_or(u16::MAX);
                (
                    out.target.chain,
                    out.to_request(isc_abi::TxId(anchor.0), index),
                )
            })
            .collect()
    }
}

/// A block executed but not yet committed: the state holds its updates.
pub struct ExecutedBlock {
    /// The result, whose `block` and `state_hash` are filled in at commit.
    pub receipts: Vec<Receipt>,
    /// See [`BlockResult::events`].
    pub events: Vec<Event>,
    /// See [`BlockResult::outgoing`].
    pub outgoing: Vec<OutgoingRequest>,
    /// See [`BlockResult::transfers`].
    pub transfers: Vec<(Address, Balances)>,
    /// See [`BlockResult::not_run`].
    pub not_run: Vec<NotRun>,
    /// See [`BlockResult::info`].
    pub info: BlockInfo,
    /// See [`BlockResult::gas_reports`].
    pub gas_reports: Vec<(RequestId, String)>,
}

impl ExecutedBlock {
    /// True when no request ran: there is no block to commit.
    pub fn is_empty(&self) -> bool {
        self.receipts.is_empty()
    }

    /// The requests the backlog must drop: processed ones and duplicates.
    pub fn consumed(&self) -> Vec<RequestId> {
        let mut ids: Vec<RequestId> = self.receipts.iter().map(|r| r.request_id).collect();
        ids.extend(self.not_run.iter().filter_map(|n| match n {
            NotRun::AlreadyProcessed(id) => Some(*id),
            _ => None,
        }));
        ids
    }
}

/// Executes `input` on `state` (which must have no pending updates), leaving the block's updates
/// pending in `state`. The caller commits (`VirtualState::commit_block_with_aux`) or discards.
pub fn execute_block(
    env: ChainEnv<'_>,
    state: &mut VirtualState,
    input: &BlockInput,
) -> Result<ExecutedBlock, RuntimeError> {
    if input.timestamp <= state.timestamp() && state.block_index().is_some() {
        return Err(RuntimeError::TimestampNotAfterState {
            block: input.timestamp,
            state: state.timestamp(),
        });
    }
    let block_index = state.block_index().map_or(0, |i| i + 1);
    let mut out = ExecutedBlock {
        receipts: Vec::new(),
        events: Vec::new(),
        outgoing: Vec::new(),
        transfers: Vec::new(),
        not_run: Vec::new(),
        gas_reports: Vec::new(),
        info: BlockInfo {
            index: block_index,
            timestamp: input.timestamp,
            total_requests: 0,
            successful_requests: 0,
            gas_burned: 0,
            fees: 0,
            previous_anchor: input.previous_anchor,
        },
    };
    // Membership only, never iterated: a hash set cannot make the block depend on its order.
    let mut seen = FxHashSet::default();
    // Root's owner and fee policy change rarely: read them once, again only after root's state changed.
    let mut terms = request_run::FeeTerms::read(state)?;
    let root_prefix = isc_native_contracts::root::CONTRACT.hname().to_bytes();
    for req in &input.requests {
        let ts = input
            .timestamp
            .saturating_add(i64::from(out.info.total_requests));
        if !seen.insert(req.id) || is_processed(state, &req.id)? {
            out.not_run.push(NotRun::AlreadyProcessed(req.id));
            continue;
        }
        if !req.is_unlocked_at(ts) {
            out.not_run.push(NotRun::TimeLocked(req.id));
            continue;
        }
        let Ok(request_index) = u16::try_from(out.info.total_requests) else {
            out.not_run.push(NotRun::BlockGasLimit(req.id));
            continue;
        };
        let mut entropy_input = input.entropy.0.to_vec();
        entropy_input.extend_from_slice(&req.id.to_bytes());
        let run = request_run::run_request(
            env,
            state,
            &terms,
            req,
            ts,
            blake2b256(&entropy_input),
            block_index,
            request_index,
        )?;
        if out.info.gas_burned.saturating_add(run.receipt.gas_burned) > env.limits.max_gas_per_block
        {
            out.not_run.push(NotRun::BlockGasLimit(req.id));
            seen.remove(&req.id);
            continue;
        }
        if out.outgoing.len() + run.effects.posted.len() > MAX_OUTGOING_PER_BLOCK {
            out.not_run.push(NotRun::BlockOutputLimit(req.id));
            seen.remove(&req.id);
            continue;
        }
        let touches_root = run
            .update
            .mutations
            .iter()
            .any(|m| m.key().starts_with(&root_prefix));
        state.apply_update(run.update)?;
        if touches_root {
            terms = request_run::FeeTerms::read(state)?;
        }
        out.info.total_requests += 1;
        if run.receipt.error.is_none() {
            out.info.successful_requests += 1;
        }
        out.info.gas_burned += run.receipt.gas_burned;
        out.info.fees += run.receipt.fee;
        out.events.extend(run.events);
        out.outgoing.extend(run.effects.posted);
        out.transfers.extend(run.effects.sent);
        if let Some(report) = run.gas_report {
            out.gas_reports.push((req.id, report));
        }
        out.receipts.push(run.receipt);
    }
    if !out.is_empty() {
        let ts = input
            .timestamp
            .saturating_add(i64::from(out.info.total_requests));
        let mut closing = Overlay::new(&*state);
        blocklog::store_block_info(
            &mut PartitionMut::new(&mut closing, blocklog::CONTRACT.hname()),
            &out.info,
        )?;
        state.apply_update(StateUpdate {
            timestamp: ts,
            mutations: closing.into_mutations(),
        })?;
    }
    Ok(out)
}

fn is_processed(state: &VirtualState, id: &RequestId) -> Result<bool, VmError> {
    blocklog::is_processed(&mut Partition::new(state, blocklog::CONTRACT.hname()), id)
}
