//! The one place that knows how to build a funded chain for a harness: a chain on a memory store (or a
//! store the caller gives) beside an L1 ledger in memory, wallets funded by the faucet and deposited
//! on the chain, request ids minted for blocks that bypass L1, programs stored as blobs and deployed
//! through root, and the next block's input built. The runtime's and the Wasm VM's tests, the
//! benchmarks, `iscvm bench`, the fuzz targets and (for deployments) [`crate::TestEnv`] build on it.
//!
//! - [`ChainSetup`] makes a [`ChainFixture`] (processors, limits, store, id, owner);
//! - the `try_` methods of [`ChainFixture`] are its fallible core, returning the runtime's error;
//! - the others are conveniences for tests: they panic, naming what failed, instead of returning
//!   errors;
//! - [`Deployment`] is a program's blob and deploy params; [`RequestIds`] mints request ids;
//!   [`request_spec`] writes a request transaction;
//! - [`native_token`] is the example token contract as a native processor, the yardstick of the
//!   Wasm token's speed.

mod deploy;
mod files;
pub mod native_token;
mod node;
mod probe;
mod requests;
mod setup;

use std::sync::Arc;

use isc_abi::{Address, AgentId, Balances, Color, Dict, Hname};
use isc_gas::Limits;
use isc_native_contracts::blocklog::Receipt;
use isc_runtime::{BlockInput, BlockResult, Chain, ProcessorRegistry, Request};
use isc_sandbox::MemStore;
use isc_wasm::WasmVm;

use crate::l1::test_address;

pub use deploy::{require_ok, Deployment, DEPLOY_FUNDS};
pub use files::{example_wasm, hostile_wat};
pub use node::BlockRun;
pub use probe::ProbeCall;
pub use requests::{request_spec, RequestIds};
pub use setup::ChainSetup;

/// A chain, the L1 ledger it lives on, and the clock of its next block.
pub struct ChainFixture {
    /// The chain (by default id `[7; 32]`, owned by wallet `owner`).
    pub chain: Chain,
    /// The ledger's store.
    pub l1_store: Arc<MemStore>,
    /// The timestamp of the last block run (the next one runs later).
    pub now: i64,
}

/// The fixture's origin timestamp (Unix nanoseconds).
pub const T0: i64 = 1_700_000_000_000_000_000;

/// The wallets the harnesses fund: `owner` owns the chain, the others send requests.
pub const WALLETS: [&str; 3] = ["owner", "alice", "bob"];

/// The agent id of wallet `name` (its L1 address; the faucet funds it on first use of the ledger).
pub fn agent_of(name: &str) -> AgentId {
    AgentId::address(test_address(name))
}

/// Base tokens each user wallet deposits in [`ChainFixture::wasm`].
const WASM_DEPOSIT: u64 = 50_000_000;

/// Gas budget of the deployment request of [`ChainFixture::deploy_wasm`] (compilation is charged).
const DEPLOY_GAS: u64 = 90_000_000;

impl Default for ChainFixture {
    fn default() -> Self {
        ChainFixture::new()
    }
}

impl ChainFixture {
    /// A chain owned by wallet "owner", with root's init already run (block 1).
    pub fn new() -> ChainFixture {
        ChainFixture::with(ProcessorRegistry::new(), Limits::DEFAULT)
    }

    /// A chain whose init request is still in the backlog.
    pub fn bare() -> ChainFixture {
        ChainFixture::bare_with(ProcessorRegistry::new(), Limits::DEFAULT)
    }

    /// An initialized chain with these processors and limits.
    pub fn with(registry: ProcessorRegistry, limits: Limits) -> ChainFixture {
        ChainSetup::new()
            .registry(Arc::new(registry))
            .limits(limits)
            .init()
            .unwrap_or_else(|e| panic!("an initialized chain: {e}"))
    }

    /// A chain whose init request is still in the backlog, with these processors and limits.
    pub fn bare_with(registry: ProcessorRegistry, limits: Limits) -> ChainFixture {
        ChainSetup::new()
            .registry(Arc::new(registry))
            .limits(limits)
            .create()
            .unwrap_or_else(|e| panic!("a chain on empty stores: {e}"))
    }

    /// An initialized chain with the `wasmer` VM, where "alice" and "bob" have deposits for fees.
    pub fn wasm() -> ChainFixture {
        ChainFixture::wasm_on(Arc::new(WasmVm::default()))
    }

    /// [`ChainFixture::wasm`] with this VM (its module cache, its instance reuse).
    pub fn wasm_on(vm: Arc<WasmVm>) -> ChainFixture {
        let registry = ProcessorRegistry::new().with_vm(vm);
        let mut env = ChainFixture::with(registry, Limits::DEFAULT);
        for name in &WALLETS[1..] {
            env.try_deposit(&[name], WASM_DEPOSIT)
                .unwrap_or_else(|e| panic!("{name}'s deposit: {e}"));
        }
        env
    }

    /// The address of wallet `name` (funded by the faucet on first use).
    pub fn wallet(&self, name: &str) -> Address {
        self.try_wallet(name)
            .unwrap_or_else(|e| panic!("wallet {name}: {e}"))
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
        let spec = request_spec(
            self.chain.id(),
            Hname::new(contract),
            Hname::new(func),
            params,
            transfer,
            gas,
        );
        self.try_send(from, &spec)
            .unwrap_or_else(|e| panic!("{from} sends {contract}.{func}: {e}"))
    }

    /// Runs the backlog as one block, applies its L1 transfers and checks the accounts invariant.
    pub fn run(&mut self) -> Option<BlockResult> {
        self.try_run().unwrap_or_else(|e| panic!("a block: {e}"))
    }

    /// The input of the next block with `requests` ([`ChainFixture::try_next_input`]).
    pub fn next_input(&self, requests: Vec<Request>) -> BlockInput {
        self.try_next_input(requests)
            .unwrap_or_else(|e| panic!("the next block's input: {e}"))
    }

    /// Calls view `func` of `contract`; panics if it fails.
    pub fn view(&self, contract: &str, func: &str, params: Dict) -> Dict {
        self.try_view(contract, func, params)
            .unwrap_or_else(|e| panic!("view {contract}.{func}: {e}"))
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
        self.chain
            .post(req)
            .unwrap_or_else(|e| panic!("posting a request: {e}"));
    }

    /// The on-chain balance of `agent`.
    pub fn balance(&self, agent: &AgentId) -> Balances {
        self.try_balance(agent)
            .unwrap_or_else(|e| panic!("the balance of {agent}: {e}"))
    }

    /// Every key and value of `contract`'s partition in the committed state, in key order.
    pub fn partition(&self, contract: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        self.chain
            .store()
            .iterate_prefix(&Hname::new(contract).to_bytes(), &mut |k, v| {
                out.push((k.to_vec(), v.to_vec()));
                true
            })
            .unwrap_or_else(|e| panic!("reading {contract}'s partition: {e}"));
        out
    }

    /// Total assets = the sum of the accounts, and with the tokens of waiting requests = what the
    /// chain holds on L1 ([`ChainFixture::try_check_invariant`]).
    pub fn check_invariant(&self) {
        if let Err(e) = self.try_check_invariant() {
            panic!("{e}");
        }
    }

    /// Stores `wasm` (binary or WAT text) as a `wasmer` blob and deploys it as `name`, in a block each
    /// (the owner attaching [`DEPLOY_FUNDS`] to both); returns the deployment's receipt error, if any.
    pub fn deploy_wasm(&mut self, name: &str, wasm: &[u8], init: Dict) -> Option<String> {
        let deployment =
            Deployment::wasm(wasm, name, init).unwrap_or_else(|e| panic!("wasm or wat: {e}"));
        let id = self.chain.id();
        let rc = self
            .try_call("owner", &deployment.store_blob(id, DEPLOY_FUNDS))
            .unwrap_or_else(|e| panic!("storeBlob: {e}"));
        assert!(rc.error.is_none(), "storeBlob: {rc:?}");
        let rc = self
            .try_call("owner", &deployment.deploy(id, DEPLOY_FUNDS, DEPLOY_GAS))
            .unwrap_or_else(|e| panic!("deployContract: {e}"));
        rc.error
    }
}

/// A dict of string keys.
pub fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone())
            .unwrap_or_else(|e| panic!("key {k}: {e}"));
    }
    d
}

/// `n` base tokens.
pub fn base(n: u64) -> Balances {
    Balances::single(Color::BASE, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallets_are_funded_and_deposit() {
        let mut env = ChainFixture::new();
        let alice = env.try_fund("alice", 5).unwrap();
        assert_eq!(
            env.l1().balance(&alice).unwrap(),
            base(crate::l1::FAUCET_AMOUNT + 5)
        );
        assert_eq!(agent_of("alice"), AgentId::address(alice));
        env.try_deposit(&["alice", "bob"], 1_000_000).unwrap();
        assert!(env.balance(&agent_of("bob")).get(&Color::BASE) > 0);
        env.check_invariant();
    }

    #[test]
    fn a_failed_step_is_an_error_not_a_panic() {
        let mut env = ChainFixture::new();
        let d = Deployment::wasm(b"(module)", "empty", Dict::new()).unwrap();
        let err = env.try_deploy("owner", &d, DEPLOY_FUNDS).unwrap_err();
        assert!(
            matches!(err, isc_runtime::RuntimeError::StepFailed { .. }),
            "{err}"
        );
        assert!(env.try_run_ok("nothing").is_err());
    }

    #[test]
    fn the_next_input_follows_the_head() {
        let mut env = ChainFixture::new();
        env.try_deposit(&["alice"], 1_000_000).unwrap();
        let (_, ts, _) = env.chain.head().unwrap();
        let mut ids = RequestIds::new(1);
        let req = ids.request(
            agent_of("alice"),
            "accounts",
            "deposit",
            Dict::new(),
            base(0),
        );
        let input = env.next_input(vec![req]);
        assert_eq!(input.timestamp, ts + 1_000);
        let res = env.chain.commit_block(&input).unwrap().unwrap();
        assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
    }
}
