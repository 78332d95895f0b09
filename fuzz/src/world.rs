//! One chain and its simulated L1 ledger on memory stores, run the way a node runs it.

use std::sync::Arc;

use isc_abi::{AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId};
use isc_gas::Limits;
use isc_env::l1::{chain_address, L1Ledger, RequestSpec};
use isc_wasm::limits::WasmLimits;
use isc_wasm::{ModuleCache, WasmVm};
use isc_runtime::{BlockResult, Chain, ProcessorRegistry};
use isc_sandbox::{MemStore, Store};

use crate::copy::copy_store;
use crate::trace::Trace;

/// The wallets a world funds: "owner" owns the chain; every one of them has an on-chain deposit.
pub const WALLETS: [&str; 3] = ["owner", "alice", "bob"];

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
    /// The chain.
    pub chain: Chain,
    registry: Arc<ProcessorRegistry>,
    store: Arc<MemStore>,
    l1: Arc<MemStore>,
    now: i64,
    trace: Trace,
}

impl World {
    /// A chain owned by wallet "owner" with these processors and limits, root's init run and a deposit
    /// of every wallet of [`WALLETS`] made.
    pub fn new(registry: Arc<ProcessorRegistry>, limits: Limits) -> World {
        let l1 = Arc::new(MemStore::new());
        let ledger = L1Ledger::new(l1.as_ref());
        for name in WALLETS {
            ledger.wallet(name).expect("the faucet funds a wallet");
        }
        let owner = ledger.wallet("owner").expect("funded");
        let store = Arc::new(MemStore::new());
        let now = 1_700_000_000_000_000_000;
        let chain = Chain::create(
            store.clone() as Arc<dyn Store>,
            registry.clone(),
            ChainId([7; 32]),
            AgentId::address(owner),
            now,
            "fuzz",
        )
        .expect("a chain on an empty store")
        .with_limits(limits);
        let mut world = World {
            chain,
            registry,
            store,
            l1,
            now,
            trace: Trace::default(),
        };
        world.run_block().expect("root's init block");
        for name in WALLETS {
            let accounts = Hname::new("accounts");
            world.send(
                name,
                accounts,
                Hname::new("deposit"),
                Dict::new(),
                DEPOSIT,
                0,
            );
        }
        world.run_block().expect("the deposits' block");
        for rc in &world.trace.receipts {
            assert!(rc.error.is_none(), "setting up: {rc:?}");
        }
        world.trace = Trace::default();
        world
    }

    /// A copy of this world's stores and clock.
    pub fn template(&self) -> Template {
        Template {
            registry: self.registry.clone(),
            store: copy_store(&self.store),
            l1: copy_store(&self.l1),
            limits: self.chain.limits().clone(),
            now: self.now,
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
            chain,
            registry: template.registry.clone(),
            store,
            l1: Arc::new(copy_store(&template.l1)),
            now: template.now,
            trace: Trace::default(),
        }
    }

    /// The L1 ledger.
    pub fn l1(&self) -> L1Ledger<'_> {
        L1Ledger::new(self.l1.as_ref())
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
        let sender = self.l1().wallet(from).expect("funded");
        let spec = RequestSpec {
            chain: self.chain.id(),
            contract,
            entry_point: entry,
            params,
            transfer: Balances::single(Color::BASE, transfer),
            gas_budget: gas,
            timelock: 0,
        };
        match self.l1().send_to_chain(&sender, &spec, &self.chain) {
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
        let mut fields = Dict::new();
        fields
            .set(b"v".to_vec(), b"wasmer".to_vec())
            .expect("a key");
        fields.set(b"p".to_vec(), wasm.to_vec()).expect("a key");
        let hash = isc_abi::blob_hash(&fields);
        self.send(
            "owner",
            Hname::new("blob"),
            Hname::new("storeBlob"),
            fields,
            BLOB_FEE_TOKENS,
            0,
        );
        let mut params = init;
        params.set(b"ph".to_vec(), hash.encode()).expect("a key");
        params
            .set(b"nm".to_vec(), name.as_bytes().to_vec())
            .expect("a key");
        self.send(
            "owner",
            Hname::new("root"),
            Hname::new("deployContract"),
            params,
            0,
            gas,
        );
    }

    /// Runs the backlog as one block, as a node would: its L1 transfers applied, requests the chain
    /// posted to itself put back into its backlog, the tokens of requests to other chains moved on L1;
    /// then checks the accounts invariant. Every receipt's error must be clean.
    pub fn run_block(&mut self) -> Option<BlockResult> {
        let (_, ts, _) = self.chain.head().expect("a head");
        self.now = self.now.max(ts) + 1_000;
        let res = self
            .chain
            .run_backlog(self.now, usize::MAX)
            .expect("a block runs (only the node's store may fail it)")?;
        let l1 = L1Ledger::new(self.l1.as_ref());
        l1.apply_transfers(&self.chain.id(), &res.transfers)
            .expect("the chain holds what it sends");
        for (target, req) in res.delivered_requests(&self.chain.id()) {
            if target == self.chain.id() {
                if let Err(e) = self.chain.post(req) {
                    self.trace.refused.push((usize::MAX, e.to_string()));
                }
            }
        }
        for out in &res.outgoing {
            l1.transfer(
                &chain_address(&self.chain.id()),
                &chain_address(&out.target.chain),
                &out.transfer,
            )
            .expect("the chain holds what its requests carry");
            self.trace.outgoing.push(format!(
                "{} {} {:?}",
                out.target, out.entry_point, out.transfer
            ));
        }
        self.now = self.now.max(res.block.timestamp);
        for rc in &res.receipts {
            if let Some(error) = &rc.error {
                crate::assert_clean(error);
            }
        }
        self.trace.receipts.extend(res.receipts.iter().cloned());
        self.trace.events.extend(res.events.iter().cloned());
        self.trace.state_hashes.push(res.state_hash);
        self.trace.transfers.extend(res.transfers.iter().cloned());
        self.trace
            .not_run
            .extend(res.not_run.iter().map(|n| format!("{n:?}")));
        self.check_invariant();
        Some(res)
    }

    /// Runs blocks while the backlog has requests, at most `max` of them.
    pub fn run_blocks(&mut self, max: usize) {
        for _ in 0..max {
            if self.chain.backlog_len().expect("the backlog reads") == 0 {
                break;
            }
            self.run_block();
        }
    }

    /// Calls a view on the committed state and records its outcome; a failure's error must be clean.
    pub fn view(&mut self, contract: Hname, entry: Hname, params: Dict) -> Result<Dict, String> {
        let outcome = self
            .chain
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
    /// waiting in the backlog (sent by wallets, or posted by the chain to itself) = what the chain
    /// holds on L1.
    pub fn check_invariant(&self) {
        let view = |entry: &str| {
            self.chain
                .call_view(Hname::new("accounts"), Hname::new(entry), Dict::new())
                .expect("accounts' views work")
        };
        let mut total = Balances::new();
        for (k, v) in view("totalAssets").iter() {
            let color = Color::from_slice(k).expect("a colour");
            let n = u64::decode(v).expect("an amount");
            total.add(color, n).expect("the total fits");
        }
        let mut sum = Balances::new();
        for (_, v) in view("accounts").iter() {
            sum.add_all(&Balances::decode(v).expect("balances"))
                .expect("the sum fits");
        }
        assert_eq!(total, sum, "total assets != the sum of the accounts");
        let mut owed = total;
        for req in self.chain.backlog().expect("the backlog reads") {
            owed.add_all(&req.transfer).expect("the sum fits");
        }
        let held = self
            .l1()
            .balance(&chain_address(&self.chain.id()))
            .expect("the ledger reads");
        assert_eq!(
            owed, held,
            "total assets and waiting requests != what the chain holds on L1"
        );
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
