//! A chain on a node: its store, its backlog, and block production on top of the executor.

use std::sync::Arc;

use isc_abi::{blake2b256, AgentId, Balances, ChainId, Codec, Dict, Hash, Hname, RequestId, TxId};
use isc_gas::{GasMeter, Limits};
use isc_native_contracts::blocklog::{self, Receipt};
use isc_native_contracts::root;
use isc_sandbox::{KvWrite, Overlay, Partition, PartitionMut, StateUpdate, Store, VirtualState};
use parking_lot::Mutex;

use crate::backlog;
use crate::context::{CallContext, ChainEnv, EntryFilter};
use crate::error::RuntimeError;
use crate::executor::{execute_block, BlockInput, BlockResult};
use crate::outbox::{self, OutboxEntry};
use crate::refusal::Refusal;
use crate::registry::ProcessorRegistry;
use crate::request::Request;

/// Aux key of the chain id.
const CHAIN_ID_KEY: &[u8] = b"chain-id";

/// One chain: a store, a backlog, and the block being built.
pub struct Chain {
    id: ChainId,
    store: Arc<dyn Store>,
    registry: Arc<ProcessorRegistry>,
    limits: Limits,
    state: Mutex<VirtualState>,
    gas_reports: bool,
}

impl Chain {
    /// Creates a chain on an empty store: commits the origin block (index 0, recording the chain id at
    /// `timestamp`) and puts root's `init` request from `owner` into the backlog; the first block runs it.
    pub fn create(
        store: Arc<dyn Store>,
        registry: Arc<ProcessorRegistry>,
        chain_id: ChainId,
        owner: AgentId,
        timestamp: i64,
        description: &str,
    ) -> Result<Chain, RuntimeError> {
        if store.head()?.is_some() || store.aux_get(CHAIN_ID_KEY)?.is_some() {
            return Err(RuntimeError::ChainExists);
        }
        let mut state = VirtualState::new(store.clone())?;
        let mut origin = Overlay::new(&state);
        PartitionMut::new(&mut origin, root::CONTRACT.hname())
            .set(root::state::CHAIN_ID, chain_id.as_bytes());
        let mutations = origin.into_mutations();
        state.apply_update(StateUpdate {
            timestamp,
            mutations,
        })?;
        state.commit_block_with_aux(vec![(CHAIN_ID_KEY.to_vec(), Some(chain_id.encode()))])?;
        let chain = Chain {
            id: chain_id,
            store,
            registry,
            limits: Limits::DEFAULT,
            state: Mutex::new(state),
            gas_reports: false,
        };
        let mut params = Dict::new();
        params
            .set(root::keys::DESCRIPTION.as_bytes(), description.as_bytes())
            .map_err(Refusal::Field)?;
        let init_tx = TxId(blake2b256(&[b"init".as_slice(), chain_id.as_bytes()].concat()).0);
        chain.post(Request {
            id: RequestId::new(init_tx, 0),
            sender: owner,
            contract: root::CONTRACT.hname(),
            entry_point: Hname::new(root::names::INIT),
            params,
            transfer: Balances::new(),
            gas_budget: 0,
            timelock: 0,
        })?;
        Ok(chain)
    }

    /// Opens the chain kept in `store`.
    pub fn open(
        store: Arc<dyn Store>,
        registry: Arc<ProcessorRegistry>,
    ) -> Result<Chain, RuntimeError> {
        let id = match store.aux_get(CHAIN_ID_KEY)? {
            Some(b) => ChainId::decode(&b).map_err(|e| RuntimeError::Corrupt {
                record: "chain id",
                reason: e.to_string(),
            })?,
            None => return Err(RuntimeError::NoChain),
        };
        let state = VirtualState::new(store.clone())?;
        Ok(Chain {
            id,
            store,
            registry,
            limits: Limits::DEFAULT,
            state: Mutex::new(state),
            gas_reports: false,
        })
    }

    /// Replaces the chain's limits (every node of a chain must use the same ones).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Keeps a burn log for every request and returns gas reports in block results.
    pub fn with_gas_reports(mut self, on: bool) -> Self {
        self.gas_reports = on;
        self
    }

    /// The chain's id.
    pub fn id(&self) -> ChainId {
        self.id
    }

    /// The chain's limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    fn env(&self) -> ChainEnv<'_> {
        ChainEnv {
            chain_id: self.id,
            limits: &self.limits,
            registry: &self.registry,
            gas_reports: self.gas_reports,
        }
    }

    /// Index, timestamp and state hash of the last committed block.
    pub fn head(&self) -> Result<(u32, i64, Hash), RuntimeError> {
        let head = self.store.head()?.ok_or(RuntimeError::NoBlock)?;
        Ok((head.index, head.timestamp, head.state_hash))
    }

    /// Whether [`Chain::post`] would take `req`: params within the limit, room in the backlog, not a
    /// duplicate. Lets a sender move tokens only for a request the chain takes.
    pub fn check_post(&self, req: &Request) -> Result<(), RuntimeError> {
        self.check_params(req)?;
        backlog::check(self.store.as_ref(), req, self.limits.max_backlog)
    }

    /// Puts a request into the backlog; it runs in a later block. Refuses oversized params, a duplicate
    /// and a full backlog (each rule checked once, the backlog's where it is written).
    pub fn post(&self, req: Request) -> Result<(), RuntimeError> {
        self.check_params(&req)?;
        backlog::push(self.store.as_ref(), &req, self.limits.max_backlog)
    }

    fn check_params(&self, req: &Request) -> Result<(), RuntimeError> {
        let size = req.params.encoded_len();
        if size > self.limits.max_params_size as usize {
            return Err(Refusal::ParamsTooLarge {
                size,
                limit: self.limits.max_params_size,
            }
            .into());
        }
        Ok(())
    }

    /// Number of waiting requests.
    pub fn backlog_len(&self) -> Result<usize, RuntimeError> {
        backlog::len(self.store.as_ref())
    }

    /// Whether a request with this id waits in the backlog.
    pub fn in_backlog(&self, id: &RequestId) -> Result<bool, RuntimeError> {
        backlog::contains(self.store.as_ref(), id)
    }

    /// The waiting requests, oldest first.
    pub fn backlog(&self) -> Result<Vec<Request>, RuntimeError> {
        backlog::list(self.store.as_ref(), usize::MAX)
    }

    /// The input of the next block: `requests` at `timestamp` after the committed head (see
    /// [`BlockInput::after_head`]).
    pub fn next_block_input(
        &self,
        requests: Vec<Request>,
        timestamp: i64,
    ) -> Result<BlockInput, RuntimeError> {
        let (index, _, state_hash) = self.head()?;
        Ok(BlockInput::after_head(
            &self.id,
            index,
            &state_hash,
            requests,
            timestamp,
        ))
    }

    /// Takes up to `max` requests from the backlog, runs them as the next block at `timestamp` and
    /// commits it ([`Chain::commit_block`]). `None` when nothing ran (empty backlog, or everything
    /// time-locked).
    pub fn run_backlog(
        &self,
        timestamp: i64,
        max: usize,
    ) -> Result<Option<BlockResult>, RuntimeError> {
        let requests = backlog::list(self.store.as_ref(), max)?;
        let input = self.next_block_input(requests, timestamp)?;
        self.commit_block(&input)
    }

    /// Runs `input` ([`execute_block`]) and commits the block atomically with the removal of its
    /// requests from the backlog and its outbox entry. `None` when no request ran; requests already
    /// processed are still removed from the backlog.
    pub fn commit_block(&self, input: &BlockInput) -> Result<Option<BlockResult>, RuntimeError> {
        let mut state = self.state.lock();
        let executed = match execute_block(self.env(), &mut state, input) {
            Ok(e) => e,
            Err(e) => {
                state.discard();
                return Err(e);
            }
        };
        let mut aux = backlog::removals(self.store.as_ref(), &executed.consumed())?;
        if executed.is_empty() {
            state.discard();
            if !aux.is_empty() {
                self.store.aux_commit(&aux)?;
            }
            return Ok(None);
        }
        // What the block sends out is kept until it is anchored on L1 (see `outbox`).
        let index = self.head()?.0 + 1;
        aux.extend(outbox::record(
            index,
            &executed.outgoing,
            &executed.transfers,
        ));
        let commit = match state.commit_block_with_aux(aux) {
            Ok(c) => c,
            Err(e) => {
                state.discard();
                return Err(e.into());
            }
        };
        Ok(Some(BlockResult {
            block: commit.block,
            state_hash: commit.state_hash,
            receipts: executed.receipts,
            events: executed.events,
            outgoing: executed.outgoing,
            transfers: executed.transfers,
            not_run: executed.not_run,
            info: executed.info,
            gas_reports: executed.gas_reports,
        }))
    }

    /// What committed blocks sent out and L1 has not anchored yet, oldest block first. Entries stay
    /// until [`Chain::clear_outbox`] removes them, so a restarted node still delivers them.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, RuntimeError> {
        outbox::list(self.store.as_ref(), &self.id)
    }

    /// Forgets block `index`'s outbox entry, once L1 holds its effects.
    pub fn clear_outbox(&self, index: u32) -> Result<(), RuntimeError> {
        outbox::clear(self.store.as_ref(), index)
    }

    /// Whether request `id` ran in a committed block.
    pub fn is_processed(&self, id: &RequestId) -> Result<bool, RuntimeError> {
        let state = VirtualState::new(self.store.clone())?;
        blocklog::is_processed(&mut Partition::new(&state, blocklog::CONTRACT.hname()), id)
            .map_err(RuntimeError::from)
    }

    /// The receipt of request `id`, if it ran in a committed block.
    pub fn receipt(&self, id: &RequestId) -> Result<Option<Receipt>, RuntimeError> {
        let state = VirtualState::new(self.store.clone())?;
        blocklog::receipt(&mut Partition::new(&state, blocklog::CONTRACT.hname()), id)
            .map_err(RuntimeError::from)
    }

    /// Calls a view on the committed state, with the chain's view gas budget.
    pub fn call_view(
        &self,
        contract: Hname,
        entry: Hname,
        params: Dict,
    ) -> Result<Dict, RuntimeError> {
        let (_, timestamp, _) = self.head()?;
        let state = VirtualState::new(self.store.clone())?;
        let mut scratch = Overlay::new(&state);
        let mut ctx = CallContext::new(
            self.env(),
            &mut scratch,
            GasMeter::new(self.limits.view_gas_budget),
            None,
            timestamp,
        );
        let caller = AgentId::contract(self.id, Hname::NIL);
        ctx.call_entry(
            caller,
            contract,
            entry,
            params,
            Balances::new(),
            EntryFilter::ViewOnly,
        )
        .map_err(RuntimeError::View)
    }
}
