//! [`ChainFixture`]: one chain on a memory store with an L1 ledger beside it, named wallets funded by the
//! faucet, and the accounts invariant checked after every block. The harness that the runtime's, the
//! Wasm VM's, the benchmarks' and the fuzz targets' tests build on.
//!
//! A fixture is for tests: its methods panic (naming what failed) instead of returning errors.

use std::sync::Arc;

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_gas::Limits;
use isc_native_contracts::blocklog::Receipt;
use isc_runtime::{BlockResult, Chain, ProcessorRegistry, Request, RuntimeError};
use isc_wasm::WasmVm;

use crate::l1::{chain_address, L1Ledger, RequestSpec};
use isc_sandbox::{MemStore, Store};

/// A chain, the L1 ledger it lives on, and the clock of its next block.
pub struct ChainFixture {
    /// The chain (id `[7; 32]`, owned by wallet `owner`).
    pub chain: Chain,
    /// The ledger's store.
    pub l1_store: Arc<MemStore>,
    /// The timestamp of the last block run (the next one runs later).
    pub now: i64,
}

/// The fixture's origin timestamp (Unix nanoseconds).
pub const T0: i64 = 1_700_000_000_000_000_000;

impl Default for ChainFixture {
    fn default() -> Self {
        ChainFixture::new()
    }
}

impl ChainFixture {
    /// A chain owned by wallet "owner", with root's init already run (block 1).
    pub fn new() -> ChainFixture {
        let mut env = ChainFixture::bare();
        let res = env.run().expect("init block");
        assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
        env
    }

    /// A chain whose init request is still in the backlog.
    pub fn bare() -> ChainFixture {
        ChainFixture::bare_with(ProcessorRegistry::new(), Limits::DEFAULT)
    }

    /// An initialized chain with these processors and limits.
    pub fn with(registry: ProcessorRegistry, limits: Limits) -> ChainFixture {
        let mut env = ChainFixture::bare_with(registry, limits);
        let res = env.run().expect("init block");
        assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
        env
    }

    /// A chain whose init request is still in the backlog, with these processors and limits.
    pub fn bare_with(registry: ProcessorRegistry, limits: Limits) -> ChainFixture {
        let l1_store = Arc::new(MemStore::new());
        let owner = L1Ledger::new(l1_store.as_ref()).wallet("owner").unwrap();
        let store: Arc<dyn Store> = Arc::new(MemStore::new());
        let chain = Chain::create(
            store,
            Arc::new(registry),
            ChainId([7; 32]),
            AgentId::address(owner),
            T0,
            "test chain",
        )
        .unwrap()
        .with_limits(limits);
        ChainFixture {
            chain,
            l1_store,
            now: T0,
        }
    }

    /// The ledger.
    pub fn l1(&self) -> L1Ledger<'_> {
        L1Ledger::new(self.l1_store.as_ref())
    }

    /// The address of wallet `name` (funded by the faucet on first use).
    pub fn wallet(&self, name: &str) -> Address {
        self.l1().wallet(name).unwrap()
    }

    /// The agent id of wallet `name`.
    pub fn agent(&self, name: &str) -> AgentId {
        AgentId::address(self.wallet(name))
    }

    /// Sends a request from wallet `from` into the backlog; returns it.
    pub fn post(
        &self,
        from: &str,
        contract: &str,
        func: &str,
        params: Dict,
        transfer: Balances,
        gas: u64,
    ) -> Request {
        let sender = self.wallet(from);
        let spec = RequestSpec {
            chain: self.chain.id(),
            contract: Hname::new(contract),
            entry_point: Hname::new(func),
            params,
            transfer,
            gas_budget: gas,
            timelock: 0,
        };
        self.l1()
            .send_to_chain(&sender, &spec, &self.chain)
            .unwrap()
    }

    /// Runs the backlog as one block, applies its L1 transfers and checks the accounts invariant.
    pub fn run(&mut self) -> Option<BlockResult> {
        let (_, ts, _) = self.chain.head().unwrap();
        self.now = self.now.max(ts) + 1_000;
        let res = self.chain.run_backlog(self.now, usize::MAX).unwrap();
        if let Some(r) = &res {
            self.l1()
                .apply_transfers(&self.chain.id(), &r.transfers)
                .unwrap();
            // Requests this chain posted to itself come back through its backlog.
            for (target, req) in r.delivered_requests(&self.chain.id()) {
                if target == self.chain.id() {
                    self.chain.post(req).unwrap();
                }
            }
            // Outgoing requests carry their tokens to the target chain's address.
            for out in &r.outgoing {
                self.l1()
                    .transfer(
                        &chain_address(&self.chain.id()),
                        &chain_address(&out.target.chain),
                        &out.transfer,
                    )
                    .unwrap();
            }
            self.now = self.now.max(r.block.timestamp);
        }
        self.check_invariant();
        res
    }

    /// Calls view `func` of `contract`; panics if it fails.
    pub fn view(&self, contract: &str, func: &str, params: Dict) -> Dict {
        self.try_view(contract, func, params).unwrap()
    }

    /// Calls view `func` of `contract`.
    pub fn try_view(&self, contract: &str, func: &str, params: Dict) -> Result<Dict, RuntimeError> {
        self.chain
            .call_view(Hname::new(contract), Hname::new(func), params)
    }

    /// Posts one request, runs a block, returns the request's receipt.
    pub fn call(
        &mut self,
        from: &str,
        contract: &str,
        func: &str,
        params: Dict,
        transfer: Balances,
    ) -> Receipt {
        let req = self.post(from, contract, func, params, transfer, 0);
        let res = self.run().expect("a block");
        res.receipts
            .into_iter()
            .find(|r| r.request_id == req.id)
            .expect("a receipt for the request")
    }

    /// Posts a ready-made request (e.g. from a contract of another chain) straight to the backlog.
    pub fn post_raw(&self, req: Request) {
        self.chain.post(req).unwrap();
    }

    /// The on-chain balance of `agent`.
    pub fn balance(&self, agent: &AgentId) -> Balances {
        let d = self.view("accounts", "balance", dict(&[("a", agent.encode())]));
        let mut b = Balances::new();
        for (k, v) in d.iter() {
            b.add(Color::from_slice(k).unwrap(), u64::decode(v).unwrap())
                .unwrap();
        }
        b
    }

    /// total assets = sum of accounts = what the chain holds on L1.
    pub fn check_invariant(&self) {
        let total = {
            let d = self.view("accounts", "totalAssets", Dict::new());
            let mut b = Balances::new();
            for (k, v) in d.iter() {
                b.add(Color::from_slice(k).unwrap(), u64::decode(v).unwrap())
                    .unwrap();
            }
            b
        };
        let mut sum = Balances::new();
        let d = self.view("accounts", "accounts", Dict::new());
        for (_, v) in d.iter() {
            sum.add_all(&Balances::decode(v).unwrap()).unwrap();
        }
        assert_eq!(total, sum, "total assets != sum of accounts");
        let held = self.l1().balance(&chain_address(&self.chain.id())).unwrap();
        assert_eq!(total, held, "total assets != tokens the chain holds on L1");
    }
}

/// A dict of string keys.
pub fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone()).unwrap();
    }
    d
}

/// `n` base tokens.
pub fn base(n: u64) -> Balances {
    Balances::single(Color::BASE, n)
}

impl ChainFixture {
    /// An initialized chain with the `wasmer` VM, where "alice" and "bob" have deposits for fees.
    pub fn wasm() -> ChainFixture {
        let registry = ProcessorRegistry::new().with_vm(Arc::new(WasmVm::default()));
        let mut env = ChainFixture::with(registry, Limits::DEFAULT);
        env.call(
            "alice",
            "accounts",
            "deposit",
            Dict::new(),
            base(50_000_000),
        );
        env.call("bob", "accounts", "deposit", Dict::new(), base(50_000_000));
        env
    }

    /// Stores `wasm` (binary or WAT text) as a `wasmer` blob and deploys it as `name`; returns the
    /// deployment's receipt error, if any.
    pub fn deploy_wasm(&mut self, name: &str, wasm: &[u8], init: Dict) -> Option<String> {
        // Programs are stored as binaries: text is converted before it reaches the chain.
        let wasm = isc_wasm::validate::wasm_bytes(wasm).expect("wasm or wat");
        let fields = dict(&[("v", b"wasmer".to_vec()), ("p", wasm)]);
        let hash = isc_abi::blob_hash(&fields);
        let rc = self.call("owner", "blob", "storeBlob", fields, base(100_000_000));
        assert!(rc.error.is_none(), "storeBlob: {rc:?}");
        let mut params = init;
        params.set(b"ph".to_vec(), hash.encode()).unwrap();
        params
            .set(b"nm".to_vec(), name.as_bytes().to_vec())
            .unwrap();
        let req = self.post(
            "owner",
            "root",
            "deployContract",
            params,
            base(100_000_000),
            90_000_000,
        );
        let res = self.run().expect("a block");
        let rc = res
            .receipts
            .into_iter()
            .find(|r| r.request_id == req.id)
            .unwrap();
        rc.error
    }
}
