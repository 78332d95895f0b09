//! One chain and its simulated L1 ledger on memory stores, run the way a node runs it: an
//! [`isc_env::fixture::ChainFixture`] whose stores can be copied, recording a [`Trace`].

use std::sync::Arc;

use isc_abi::{Balances, ChainId, Color, Dict, Hname, RequestId};
use isc_env::fixture::{request_spec, BlockRun, ChainFixture, ChainSetup, Deployment};
use isc_env::l1::L1Ledger;
use isc_gas::Limits;
use isc_runtime::{BlockResult, Chain, ProcessorRegistry};
use isc_sandbox::{MemStore, Store};
use isc_wasm::limits::WasmLimits;
use isc_wasm::{ModuleCache, WasmVm};

use crate::copy::copy_store;
use crate::trace::Trace;

pub use isc_env::fixture::WALLETS;

/// Base tokens each wallet deposits on the chain when the world is made.
const DEPOSIT: u64 = 400_000_000;

/// Base tokens sent with a blob to pay its storage fee.
const BLOB_FEE_TOKENS: u64 = 100_000_000;

/// Bytes of compiled modules the targets' cache keeps in memory: a few inputs' worth, since most
/// modules an input brings are never seen again.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Processors for a world: the core contracts and the `wasmer` VM with default limits and an
/// in-memory module cache of its own.
pub fn wasm_registry() -> Arc<ProcessorRegistry> {
    let cache = Arc::new(ModuleCache::in_memory(CACHE_BYTES));
    let vm = WasmVm::with_cache(WasmLimits::DEFAULT, cache);
    Arc::new(ProcessorRegistry::new().with_vm(Arc::new(vm)))
}

/// A prepared world, kept as its two stores and its processors: every [`World::from_template`]
/// starts from a copy.
pub struct Template {
    registry: Arc<ProcessorRegistry>,
    store: MemStore,
    l1: MemStore,
    limits: Limits,
    now: i64,
}

/// A chain with its L1 ledger and a clock, recording a [`Trace`].
pub struct World {
    fixture: ChainFixture,
    registry: Arc<ProcessorRegistry>,
    /// The chain's store, as the memory store it is (the chain holds it as a `dyn Store`).
    store: Arc<MemStore>,
    trace: Trace,
}

impl World {
    /// A chain owned by wallet "owner" with these processors and limits, root's init run and a deposit
    /// of every wallet of [`WALLETS`] made.
    pub fn new(registry: Arc<ProcessorRegistry>, limits: Limits) -> World {
        let store = Arc::new(MemStore::new());
        let mut fixture = ChainSetup::new()
            .registry(registry.clone())
            .limits(limits)
            .store(store.clone())
            .id(ChainId([7; 32]))
            .description("fuzz")
            .init()
            .unwrap_or_else(|e| panic!("setting up: {e}"));
        fixture
            .try_deposit(&WALLETS, DEPOSIT)
            .unwrap_or_else(|e| panic!("setting up: {e}"));
        World {
            fixture,
            registry,
            store,
            trace: Trace::default(),
        }
    }

    /// A copy of this world's stores and clock.
    pub fn template(&self) -> Template {
        Template {
            registry: self.registry.clone(),
            store: copy_store(&self.store),
            l1: copy_store(&self.fixture.l1_store),
            limits: self.fixture.chain.limits().clone(),
            now: self.fixture.now,
        }
    }

    /// Runs the block of what was sent (deployments, say), checks that every request of it succeeded
    /// and that the chain verifies, and keeps the result as a template; `what` names it in a failure.
    pub fn settled(mut self, what: &str) -> Template {
        self.run_block().expect("a block of what was sent");
        for rc in &self.trace.receipts {
            assert!(rc.error.is_none(), "{what}: {rc:?}");
        }
        self.verify();
        self.template()
    }

    /// A fresh world from a copy of `template`.
    pub fn from_template(template: &Template) -> World {
        let store = Arc::new(copy_store(&template.store));
        let chain = Chain::open(store.clone() as Arc<dyn Store>, template.registry.clone())
            .expect("the template holds a chain")
            .with_limits(template.limits.clone());
        World {
            fixture: ChainFixture {
                chain,
                l1_store: Arc::new(copy_store(&template.l1)),
                now: template.now,
            },
            registry: template.registry.clone(),
            store,
            trace: Trace::default(),
        }
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.fixture.chain
    }

    /// The L1 ledger.
    pub fn l1(&self) -> L1Ledger<'_> {
        self.fixture.l1()
    }

    /// Sends a request from wallet `from` with `transfer` base tokens and a gas budget (0: the
    /// chain's default). A request the chain refuses is recorded in the trace.
    pub fn send(
        &mut self,
        from: &str,
        contract: Hname,
        entry: Hname,
        params: Dict,
        transfer: u64,
        gas: u64,
    ) -> Option<RequestId> {
        let transfer = Balances::single(Color::BASE, transfer);
        let spec = request_spec(self.chain().id(), contract, entry, params, transfer, gas);
        self.send_spec(from, &spec)
    }

    fn send_spec(&mut self, from: &str, spec: &isc_env::l1::RequestSpec) -> Option<RequestId> {
        match self.fixture.try_send(from, spec) {
            Ok(req) => {
                self.trace.sent.push(req.id);
                Some(req.id)
            }
            Err(e) => {
                let at = self.trace.sent.len();
                self.trace.refused.push((at, e.to_string()));
                None
            }
        }
    }

    /// Sends the two requests that store `wasm` as a `wasmer` blob and deploy it as `name` (from the
    /// owner, the deployment with gas budget `gas`); both run in the next block.
    pub fn send_deploy(&mut self, name: &str, wasm: &[u8], gas: u64) {
        self.send_deploy_with(name, wasm, Dict::new(), gas);
    }

    /// [`World::send_deploy`] with params for the contract's `init`.
    pub fn send_deploy_with(&mut self, name: &str, wasm: &[u8], init: Dict, gas: u64) {
        // The bytes go as they are: a module the validator rejects is what `validate` sends.
        let deployment = Deployment::new(isc_wasm::VM_TYPE, wasm.to_vec(), name, init)
            .expect("a blob and deploy params");
        let chain = self.chain().id();
        self.send_spec("owner", &deployment.store_blob(chain, BLOB_FEE_TOKENS));
        self.send_spec("owner", &deployment.deploy(chain, 0, gas));
    }

    /// Runs the backlog as one block, as a node would ([`ChainFixture::try_run_block`]): its L1
    /// transfers applied, requests the chain posted to itself put back into its backlog (a refusal is
    /// recorded in the trace), the tokens of requests to other chains moved on L1; then checks the
    /// accounts invariant. Every receipt's error must be clean.
    pub fn run_block(&mut self) -> Option<BlockResult> {
        let BlockRun { result, refused } = self
            .fixture
            .try_run_block()
            .expect("a block runs (only the node's store may fail it)")?;
        for e in refused {
            self.trace.refused.push((usize::MAX, e.to_string()));
        }
        for out in &result.outgoing {
            self.trace.outgoing.push(format!(
                "{} {} {:?}",
                out.target, out.entry_point, out.transfer
            ));
        }
        for rc in &result.receipts {
            if let Some(error) = &rc.error {
                crate::assert_clean(error);
            }
        }
        self.trace.receipts.extend(result.receipts.iter().cloned());
        self.trace.events.extend(result.events.iter().cloned());
        self.trace.state_hashes.push(result.state_hash);
        self.trace
            .transfers
            .extend(result.transfers.iter().cloned());
        self.trace
            .not_run
            .extend(result.not_run.iter().map(|n| format!("{n:?}")));
        self.check_invariant();
        Some(result)
    }

    /// Runs blocks while the backlog has requests, at most `max` of them.
    pub fn run_blocks(&mut self, max: usize) {
        for _ in 0..max {
            if self.chain().backlog_len().expect("the backlog reads") == 0 {
                break;
            }
            self.run_block();
        }
    }

    /// Calls a view on the committed state and records its outcome; a failure's error must be clean.
    pub fn view(&mut self, contract: Hname, entry: Hname, params: Dict) -> Result<Dict, String> {
        let outcome = self
            .chain()
            .call_view(contract, entry, params)
            .map_err(|e| e.to_string());
        if let Err(error) = &outcome {
            // A view's error reaches the caller as `view failed: <the VmError>`.
            crate::assert_clean(error.strip_prefix("view failed: ").unwrap_or(error));
        }
        self.trace
            .views
            .push(outcome.as_ref().map(Dict::encode).map_err(Clone::clone));
        outcome
    }

    /// Total assets = the sum of the accounts, and total assets plus the tokens of the requests
    /// waiting in the backlog = what the chain holds on L1 ([`ChainFixture::check_invariant`]).
    pub fn check_invariant(&self) {
        self.fixture.check_invariant();
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Checks the store against its history (`verify`); returns the state hash it recomputed.
    pub fn verify(&self) -> isc_abi::Hash {
        isc_sandbox::verify(self.store.as_ref())
            .expect("verify passes")
            .state_hash
    }

    /// Checks the store against its history (`verify`) and the accounts invariant, and returns the
    /// trace of the run, ending with the head's state hash.
    pub fn finish(mut self) -> Trace {
        let state_hash = self.verify();
        self.check_invariant();
        self.trace.state_hashes.push(state_hash);
        self.trace
    }
}
