//! [`Env`], the multi-chain environment: several chains, each with its own store and committee-free block
//! production, on one simulated L1 ledger ([`crate::l1`]), in one process.
//!
//! Blocks of different chains run in parallel threads ([`Env::run_round`]). After every block the
//! environment delivers what it sent ([`Env::deliver`]): the block is anchored on L1 once (its L1
//! transfers leave the chain's address, its requests carry their tokens to the target chain's address),
//! then each request waiting at a chain's address enters that chain's backlog. Delivery is exactly once:
//! anchoring is recorded on L1 in the same commit as its token moves, a request leaves L1's pending set
//! only once its target holds it (in the backlog or processed), and a chain skips a request id it has
//! already processed. A request to a chain that is not in the environment stays pending on L1 with its
//! tokens at that chain's address.
//!
//! The environment lives in memory ([`Env::in_memory`]) or in one redb file ([`Env::open`]: namespace
//! `l1` for the ledger and the chain catalogue, one namespace per chain).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use isc_abi::{Address, AgentId, ChainId};
use isc_gas::Limits;
use isc_sandbox::{MemStore, RedbStore, Store};
use parking_lot::Mutex;

use isc_runtime::{
    BlockInput, BlockResult, Chain, ProcessorRegistry, Refusal, Request, RuntimeError,
};

use crate::l1::{L1Ledger, PendingRequest, RequestSpec};

use crate::audit::{self, Audit};
use crate::catalogue::{self, MAIN_CHAIN};
use crate::delivery::{self, Delivery};

/// Namespace of the L1 ledger in a store file.
pub const L1_NAMESPACE: &str = "l1";

enum Backing {
    Memory,
    File(Arc<RedbStore>),
}

/// Many chains and the L1 ledger between them.
pub struct Env {
    l1: Arc<dyn Store>,
    backing: Backing,
    registry: Arc<ProcessorRegistry>,
    limits: Limits,
    gas_reports: bool,
    chains: BTreeMap<ChainId, Arc<Chain>>,
    names: BTreeMap<String, ChainId>,
    /// Serialises writes to the ledger (request transactions, anchoring, delivery).
    l1_lock: Mutex<()>,
}

impl Env {
    /// An empty environment in memory.
    pub fn in_memory(registry: ProcessorRegistry) -> Env {
        Env::with_backing(
            Arc::new(MemStore::new()),
            Backing::Memory,
            Arc::new(registry),
        )
    }

    /// The environment kept in the redb file at `path` (created if needed), with all of its chains.
    pub fn open(path: impl AsRef<Path>, registry: ProcessorRegistry) -> Result<Env, RuntimeError> {
        let db = RedbStore::create_database(path)?;
        let l1 = Arc::new(RedbStore::open_namespace(db, L1_NAMESPACE)?);
        let mut env = Env::with_backing(l1.clone(), Backing::File(l1), Arc::new(registry));
        env.load()?;
        Ok(env)
    }

    fn with_backing(l1: Arc<dyn Store>, backing: Backing, registry: Arc<ProcessorRegistry>) -> Env {
        Env {
            l1,
            backing,
            registry,
            limits: Limits::DEFAULT,
            gas_reports: false,
            chains: BTreeMap::new(),
            names: BTreeMap::new(),
            l1_lock: Mutex::new(()),
        }
    }

    /// Opens every catalogued chain. A catalogue entry whose namespace holds no chain (a creation that
    /// stopped half way) is forgotten; a file written before the catalogue existed has its one chain
    /// in namespace `chain`, which becomes [`MAIN_CHAIN`].
    fn load(&mut self) -> Result<(), RuntimeError> {
        let mut listed = catalogue::list(self.l1.as_ref())?;
        if listed.is_empty() {
            let store = self.open_store(MAIN_CHAIN)?;
            if let Ok(chain) = Chain::open(store, self.registry.clone()) {
                catalogue::add(self.l1.as_ref(), MAIN_CHAIN, &chain.id())?;
                listed.push((MAIN_CHAIN.to_string(), chain.id()));
            }
        }
        for (name, id) in listed {
            let store = self.open_store(&name)?;
            match Chain::open(store, self.registry.clone()) {
                Ok(chain) if chain.id() == id => {
                    self.insert(name, chain);
                }
                Ok(chain) => {
                    return Err(RuntimeError::Corrupt {
                        record: "chain catalogue",
                        reason: format!(
                            "chain `{name}` is catalogued as {id} but its store holds {}",
                            chain.id()
                        ),
                    })
                }
                Err(RuntimeError::NoChain) => catalogue::remove(self.l1.as_ref(), &name)?,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn open_store(&self, name: &str) -> Result<Arc<dyn Store>, RuntimeError> {
        Ok(match &self.backing {
            Backing::Memory => Arc::new(MemStore::new()),
            Backing::File(l1) => Arc::new(RedbStore::open_namespace(
                l1.database().clone(),
                &catalogue::namespace(name),
            )?),
        })
    }

    fn insert(&mut self, name: String, chain: Chain) {
        let chain = chain
            .with_limits(self.limits.clone())
            .with_gas_reports(self.gas_reports);
        self.names.insert(name, chain.id());
        self.chains.insert(chain.id(), Arc::new(chain));
    }

    /// Rebuilds every chain handle (over the same stores) with the current settings.
    fn reopen(&mut self) -> Result<(), RuntimeError> {
        let names = std::mem::take(&mut self.names);
        let mut chains = std::mem::take(&mut self.chains);
        for (name, id) in names {
            let Some(old) = chains.remove(&id) else {
                continue;
            };
            let chain = Chain::open(old.store().clone(), self.registry.clone())?;
            self.insert(name, chain);
        }
        Ok(())
    }

    /// Uses `limits` on every chain, present and future (every node of a chain must use the same).
    pub fn with_limits(mut self, limits: Limits) -> Result<Env, RuntimeError> {
        self.set_limits(limits)?;
        Ok(self)
    }

    /// Uses `limits` on every chain from now on.
    pub fn set_limits(&mut self, limits: Limits) -> Result<(), RuntimeError> {
        self.limits = limits;
        self.reopen()
    }

    /// Keeps a burn log for every request, so block results carry gas reports.
    pub fn with_gas_reports(mut self, on: bool) -> Result<Env, RuntimeError> {
        self.gas_reports = on;
        self.reopen()?;
        Ok(self)
    }

    /// The processors chains run.
    pub fn registry(&self) -> &Arc<ProcessorRegistry> {
        &self.registry
    }

    /// The L1 ledger.
    pub fn l1(&self) -> L1Ledger<'_> {
        L1Ledger::new(self.l1.as_ref())
    }

    /// The L1 store (the ledger and the chain catalogue).
    pub fn l1_store(&self) -> &Arc<dyn Store> {
        &self.l1
    }

    /// Test wallet `name`'s address, funded by the faucet on first use.
    pub fn wallet(&self, name: &str) -> Result<Address, RuntimeError> {
        let _guard = self.l1_lock.lock();
        self.l1().wallet(name)
    }

    /// Creates chain `name` owned by `owner`: commits its origin block at `timestamp` and leaves root's
    /// init in its backlog (the next block runs it). Refuses a name or an id already taken.
    pub fn create_chain(
        &mut self,
        name: &str,
        owner: &Address,
        description: &str,
        timestamp: i64,
    ) -> Result<ChainId, RuntimeError> {
        catalogue::check_name(name)?;
        if let Some(id) = self.names.get(name) {
            return Err(Refusal::ChainNameTaken {
                name: name.to_string(),
                id: *id,
            }
            .into());
        }
        let id = catalogue::chain_id(owner, name, timestamp);
        if self.chains.contains_key(&id) {
            return Err(Refusal::ChainIdTaken(id).into());
        }
        let store = self.open_store(name)?;
        if store.head()?.is_some() {
            return Err(Refusal::StoreNotEmpty(name.to_string()).into());
        }
        // Catalogue first: a creation that stops half way leaves an entry that `load` forgets.
        catalogue::add(self.l1.as_ref(), name, &id)?;
        let chain = Chain::create(
            store,
            self.registry.clone(),
            id,
            AgentId::address(*owner),
            timestamp,
            description,
        );
        match chain {
            Ok(chain) => {
                self.insert(name.to_string(), chain);
                Ok(id)
            }
            Err(e) => {
                catalogue::remove(self.l1.as_ref(), name)?;
                Err(e)
            }
        }
    }

    /// Chain `id`.
    pub fn chain(&self, id: &ChainId) -> Result<&Arc<Chain>, RuntimeError> {
        self.chains.get(id).ok_or(RuntimeError::UnknownChain(*id))
    }

    /// The chain named `name`.
    pub fn chain_named(&self, name: &str) -> Result<&Arc<Chain>, RuntimeError> {
        let id = self
            .names
            .get(name)
            .ok_or_else(|| RuntimeError::UnknownChainName(name.to_string()))?;
        self.chain(id)
    }

    /// Every chain as (name, id), by name.
    pub fn chains(&self) -> Vec<(String, ChainId)> {
        self.names.iter().map(|(n, id)| (n.clone(), *id)).collect()
    }

    /// The local name of chain `id`.
    pub fn name_of(&self, id: &ChainId) -> Option<&str> {
        self.names
            .iter()
            .find(|(_, c)| *c == id)
            .map(|(n, _)| n.as_str())
    }

    /// Sends a request transaction from `sender` to a chain of this environment, all or nothing: the
    /// tokens move to the chain's address only when the request enters its backlog. Refuses a chain
    /// that is not here (nothing moves) and tokens the sender lacks.
    pub fn send(&self, sender: &Address, spec: &RequestSpec) -> Result<Request, RuntimeError> {
        let chain = self.chain(&spec.chain)?;
        let _guard = self.l1_lock.lock();
        self.l1().send_to_chain(sender, spec, chain)
    }

    /// Runs up to `max` requests of chain `id`'s backlog as one block at `timestamp`, then delivers what
    /// it sent (delivery also runs before, to finish what a stopped node left). `None` when nothing ran.
    pub fn run_backlog(
        &self,
        id: &ChainId,
        timestamp: i64,
        max: usize,
    ) -> Result<Option<BlockResult>, RuntimeError> {
        let chain = self.chain(id)?;
        // Finish what a stopped node left half delivered, so that it runs in this block.
        self.deliver()?;
        let result = chain.run_backlog(timestamp, max);
        self.deliver()?;
        result
    }

    /// Runs and commits `input` on chain `id` (requests consensus ordered, without the backlog), then
    /// delivers what the block sent. `None` when nothing ran.
    pub fn commit_block(
        &self,
        id: &ChainId,
        input: &BlockInput,
    ) -> Result<Option<BlockResult>, RuntimeError> {
        let result = self.chain(id)?.commit_block(input);
        self.deliver()?;
        result
    }

    /// One block on every chain with waiting requests, in parallel threads, each at `timestamp` or just
    /// after its head when that is later; then delivery. Returns the blocks that ran, by chain id.
    pub fn run_round(
        &self,
        timestamp: i64,
        max: usize,
    ) -> Result<Vec<(ChainId, BlockResult)>, RuntimeError> {
        self.deliver()?;
        let mut busy = Vec::new();
        for (id, chain) in &self.chains {
            if chain.backlog_len()? > 0 {
                let (_, head_ts, _) = chain.head()?;
                busy.push((*id, chain.clone(), timestamp.max(head_ts.saturating_add(1))));
            }
        }
        let outcomes: Vec<_> = if busy.len() <= 1 {
            busy.iter()
                .map(|(id, chain, ts)| (*id, chain.run_backlog(*ts, max)))
                .collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = busy
                    .iter()
                    .map(|(id, chain, ts)| (*id, s.spawn(move || chain.run_backlog(*ts, max))))
                    .collect();
                handles
                    .into_iter()
                    .map(|(id, h)| {
                        let outcome = h.join().unwrap_or_else(|_| {
                            Err(RuntimeError::Internal(format!(
                                "the block of chain {id} panicked"
                            )))
                        });
                        (id, outcome)
                    })
                    .collect()
            })
        };
        // Blocks that committed are delivered even when another chain's block failed.
        self.deliver()?;
        let mut ran = Vec::new();
        for (id, outcome) in outcomes {
            if let Some(result) = outcome? {
                ran.push((id, result));
            }
        }
        Ok(ran)
    }

    /// Anchors every committed block that is not anchored yet and moves every pending request whose
    /// target is here into its backlog (see the module docs).
    pub fn deliver(&self) -> Result<Delivery, RuntimeError> {
        let _guard = self.l1_lock.lock();
        delivery::deliver(self.l1(), &self.chains)
    }

    /// Requests waiting on L1 for their target chain: to chains not in this
    /// environment, or refused by a full backlog (they are retried at every delivery).
    pub fn pending(&self) -> Result<Vec<PendingRequest>, RuntimeError> {
        self.l1().pending()
    }

    /// Accounts for every token: on L1, in every chain's accounts, backlog and outbox, and in requests
    /// pending between chains. [`Audit::check`] says whether the books balance.
    pub fn audit(&self) -> Result<Audit, RuntimeError> {
        audit::audit(self.l1(), &self.chains)
    }
}
