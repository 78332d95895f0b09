//! The test environment for contract authors (in the spirit of Wasp's Solo and CosmWasm's multi-test):
//! chains in memory with the core contracts and the Wasm VM, funded wallets, a logical clock, and calls
//! that run blocks until every chain is quiet.
//!
//! ```
//! use isc_abi::{Balances, Codec, Dict};
//! use isc_env::TestEnv;
//!
//! let mut env = TestEnv::new();
//! let chain = env.new_chain("a")?;
//! let alice = env.wallet("alice")?;
//! env.deposit(&alice, chain, 1_000_000)?; // for fees
//! // (the path is relative to the runtime crate, where doctests run)
//! env.deploy_wasm_file(chain, "inccounter", "../contracts/wasm/inccounter.wasm", Dict::new())?;
//! let receipt = env.call(&alice, chain, "inccounter", "increment", Dict::new(), Balances::new())?;
//! assert!(receipt.error.is_none());
//! let counter = env.view(chain, "inccounter", "getCounter", Dict::new())?;
//! assert_eq!(i64::decode(counter.get(b"counter").unwrap()).unwrap(), 1);
//! env.audit()?.check()?;
//! # Ok::<(), isc_runtime::RuntimeError>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use isc_abi::{Address, AgentId, Balances, ChainId, Color, Dict, Hname, RequestId};
use isc_native_contracts::blocklog::Receipt;
use isc_native_contracts::{accounts, eventlog};
use isc_sandbox::{Partition, VirtualState};

use crate::fixture::{request_spec, require_ok, Deployment, DEPLOY_FUNDS};
use crate::l1::RequestSpec;
use crate::{Audit, Env};
use isc_runtime::BlockResult;
use isc_runtime::ProcessorRegistry;
use isc_runtime::Request;
use isc_runtime::RuntimeError;
use isc_wasm::{ModuleCache, WasmVm, DEFAULT_CACHE_BYTES};

/// The logical time the first block of a test environment gets (2026-01-01T00:00:00Z, Unix ns).
pub const TEST_EPOCH: i64 = 1_767_225_600_000_000_000;

/// Logical time between two rounds of blocks (1 ms).
const TICK: i64 = 1_000_000;

/// Rounds [`TestEnv::run`] allows before it calls the environment restless (a request loop).
const MAX_ROUNDS: usize = 1_000;

/// Compiled modules, shared by every test environment of the process (keyed by program and engine
/// fingerprint, so sharing never changes a result).
fn shared_cache() -> Arc<ModuleCache> {
    static CACHE: OnceLock<Arc<ModuleCache>> = OnceLock::new();
    CACHE
        .get_or_init(|| Arc::new(ModuleCache::in_memory(DEFAULT_CACHE_BYTES)))
        .clone()
}

/// An in-memory environment with helpers for tests.
pub struct TestEnv {
    env: Env,
    clock: AtomicI64,
    owners: BTreeMap<ChainId, Address>,
}

impl Default for TestEnv {
    fn default() -> Self {
        TestEnv::new()
    }
}

impl TestEnv {
    /// An empty environment whose chains run the core contracts and Wasm programs.
    pub fn new() -> TestEnv {
        let vm = WasmVm::with_cache(Default::default(), shared_cache());
        TestEnv::with_registry(ProcessorRegistry::new().with_vm(Arc::new(vm)))
    }

    /// An empty environment whose chains run these processors.
    pub fn with_registry(registry: ProcessorRegistry) -> TestEnv {
        TestEnv {
            env: Env::in_memory(registry),
            clock: AtomicI64::new(TEST_EPOCH),
            owners: BTreeMap::new(),
        }
    }

    /// The environment underneath.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The environment underneath, to change its settings (`Env::with_limits` etc.).
    pub fn env_mut(&mut self) -> &mut Env {
        &mut self.env
    }

    /// The next logical timestamp (every call advances the clock by 1 ms).
    pub fn tick(&self) -> i64 {
        self.clock.fetch_add(TICK, Ordering::Relaxed)
    }

    /// Moves the logical clock forward by `ns` nanoseconds (to release time-locked requests).
    pub fn advance(&self, ns: i64) {
        self.clock.fetch_add(ns.max(0), Ordering::Relaxed);
    }

    /// Test wallet `name` on L1, funded by the faucet on first use.
    pub fn wallet(&self, name: &str) -> Result<Address, RuntimeError> {
        self.env.wallet(name)
    }

    /// Creates chain `name`, owned by wallet `NAME-owner`, and runs root's init: the chain is ready.
    pub fn new_chain(&mut self, name: &str) -> Result<ChainId, RuntimeError> {
        let owner = self.wallet(&format!("{name}-owner"))?;
        self.new_chain_owned_by(name, &owner)
    }

    /// Creates chain `name` owned by `owner` and runs root's init.
    pub fn new_chain_owned_by(
        &mut self,
        name: &str,
        owner: &Address,
    ) -> Result<ChainId, RuntimeError> {
        let ts = self.tick();
        let id = self
            .env
            .create_chain(name, owner, &format!("test chain {name}"), ts)?;
        self.owners.insert(id, *owner);
        self.run()?;
        Ok(id)
    }

    /// The owner of chain `chain` (as created here).
    pub fn owner(&self, chain: ChainId) -> Result<Address, RuntimeError> {
        self.owners
            .get(&chain)
            .copied()
            .ok_or(RuntimeError::UnknownChain(chain))
    }

    /// Sends a request from `sender` on L1 to `contract.entry` of `chain` with `transfer` attached; it
    /// runs at the next [`TestEnv::run`].
    pub fn post(
        &self,
        sender: &Address,
        chain: ChainId,
        contract: &str,
        entry: &str,
        params: Dict,
        transfer: Balances,
    ) -> Result<Request, RuntimeError> {
        let spec = request_spec(
            chain,
            Hname::new(contract),
            Hname::new(entry),
            params,
            transfer,
            0,
        );
        self.env.send(sender, &spec)
    }

    /// Runs rounds of blocks, delivering between chains, until no chain has anything to run. Returns
    /// every block that ran. Fails after 1,000 rounds (requests that keep posting each other).
    pub fn run(&self) -> Result<Vec<(ChainId, BlockResult)>, RuntimeError> {
        let mut all = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let ran = self.env.run_round(self.tick(), usize::MAX)?;
            if ran.is_empty() {
                return Ok(all);
            }
            all.extend(ran);
        }
        Err(RuntimeError::StillBusy { rounds: MAX_ROUNDS })
    }

    /// Posts a request, runs until quiet, and returns its receipt.
    pub fn call(
        &self,
        sender: &Address,
        chain: ChainId,
        contract: &str,
        entry: &str,
        params: Dict,
        transfer: Balances,
    ) -> Result<Receipt, RuntimeError> {
        let req = self.post(sender, chain, contract, entry, params, transfer)?;
        self.receipt_when_quiet(chain, &req)
    }

    /// Sends the request transaction `spec`, runs until quiet, and returns the request's receipt.
    fn call_spec(&self, sender: &Address, spec: &RequestSpec) -> Result<Receipt, RuntimeError> {
        let req = self.env.send(sender, spec)?;
        self.receipt_when_quiet(spec.chain, &req)
    }

    /// Runs until quiet and returns the receipt of `req`, posted to `chain`.
    fn receipt_when_quiet(&self, chain: ChainId, req: &Request) -> Result<Receipt, RuntimeError> {
        self.run()?;
        self.receipt(chain, &req.id)?
            .ok_or(RuntimeError::NotRun(req.id))
    }

    /// Deposits `amount` base tokens from `sender`'s L1 wallet into its account on `chain` (requests
    /// pay their fees from there).
    pub fn deposit(
        &self,
        sender: &Address,
        chain: ChainId,
        amount: u64,
    ) -> Result<Receipt, RuntimeError> {
        let rc = self.call(
            sender,
            chain,
            accounts::CONTRACT.name,
            accounts::names::DEPOSIT,
            Dict::new(),
            Balances::single(Color::BASE, amount),
        )?;
        require_ok("deposit", rc)
    }

    /// Stores `program` (Wasm binary or WAT text) as a `wasmer` blob and deploys it on `chain` as
    /// `name` with `init` params, as the chain owner. Returns the contract's hname.
    pub fn deploy_wasm(
        &self,
        chain: ChainId,
        name: &str,
        program: &[u8],
        init: Dict,
    ) -> Result<Hname, RuntimeError> {
        let deployment = Deployment::wasm(program, name, init)?;
        let owner = self.owner(chain)?;
        let rc = self.call_spec(&owner, &deployment.store_blob(chain, DEPLOY_FUNDS))?;
        require_ok("storeBlob", rc)?;
        let gas = deployment.default_budget(self.env.chain(&chain)?.limits());
        let rc = self.call_spec(&owner, &deployment.deploy(chain, DEPLOY_FUNDS, gas))?;
        require_ok("deployContract", rc)?;
        Ok(Hname::new(name))
    }

    /// [`TestEnv::deploy_wasm`] with the program read from `path` (`.wasm` or `.wat`).
    pub fn deploy_wasm_file(
        &self,
        chain: ChainId,
        name: &str,
        path: impl AsRef<Path>,
        init: Dict,
    ) -> Result<Hname, RuntimeError> {
        let path = path.as_ref();
        let program = std::fs::read(path).map_err(|source| RuntimeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.deploy_wasm(chain, name, &program, init)
    }

    /// Calls view `contract.entry` of `chain` on its committed state.
    pub fn view(
        &self,
        chain: ChainId,
        contract: &str,
        entry: &str,
        params: Dict,
    ) -> Result<Dict, RuntimeError> {
        self.env
            .chain(&chain)?
            .call_view(Hname::new(contract), Hname::new(entry), params)
    }

    /// The receipt of request `id` on `chain`, once it ran.
    pub fn receipt(&self, chain: ChainId, id: &RequestId) -> Result<Option<Receipt>, RuntimeError> {
        self.env.chain(&chain)?.receipt(id)
    }

    /// `agent`'s account on `chain`.
    pub fn balance(&self, chain: ChainId, agent: &AgentId) -> Result<Balances, RuntimeError> {
        let state = VirtualState::new(self.env.chain(&chain)?.store().clone())?;
        accounts::ledger::balances(
            &mut Partition::new(&state, accounts::CONTRACT.hname()),
            agent,
        )
        .map_err(RuntimeError::from)
    }

    /// `address`'s balances on L1.
    pub fn l1_balance(&self, address: &Address) -> Result<Balances, RuntimeError> {
        self.env.l1().balance(address)
    }

    /// The eventlog of `contract` on `chain`, oldest first.
    pub fn events(&self, chain: ChainId, contract: &str) -> Result<Vec<String>, RuntimeError> {
        let state = VirtualState::new(self.env.chain(&chain)?.store().clone())?;
        let mut log = Partition::new(&state, eventlog::CONTRACT.hname());
        let mut records =
            eventlog::records(&mut log, Hname::new(contract), i64::MIN, i64::MAX, u32::MAX)
                .map_err(RuntimeError::from)?;
        records.reverse();
        Ok(records.into_iter().map(|r| r.text).collect())
    }

    /// Every token accounted for (see [`Env::audit`]); `check()` the result to assert the books balance.
    pub fn audit(&self) -> Result<Audit, RuntimeError> {
        self.env.audit()
    }
}
