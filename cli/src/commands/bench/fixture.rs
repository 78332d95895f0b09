//! In-memory chains for `iscvm bench`: funded wallets, contracts deployed from WAT or Wasm.

use std::sync::Arc;

use isc_abi::{
    blob_hash, Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId, TxId,
};
use isc_gas::Limits;
use isc_runtime::{BlockInput, Chain, ChainEnv, ProcessorRegistry, Request};
use isc_sandbox::{MemStore, Store};
use isc_wasm::WasmVm;

use crate::error::CliError;

/// A bench chain and the processors it runs with.
pub struct Fixture {
    /// The chain.
    pub chain: Chain,
    /// Its processors (with the Wasm VM).
    pub registry: Arc<ProcessorRegistry>,
    /// The chain's limits.
    pub limits: Limits,
    next_id: u32,
}

/// Wallet `n`'s agent.
pub fn wallet(n: u8) -> AgentId {
    AgentId::address(Address([n; 32]))
}

fn fail(what: &str) -> impl Fn(isc_runtime::RuntimeError) -> CliError + '_ {
    move |e| CliError::Demo(format!("bench: {what}: {e}"))
}

impl Fixture {
    /// An initialized chain; wallets 0 (the owner), 1 and 2 hold a billion base tokens each.
    pub fn new() -> Result<Fixture, CliError> {
        let registry = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(WasmVm::default())));
        let store: Arc<dyn Store> = Arc::new(MemStore::new());
        let chain = Chain::create(
            store,
            registry.clone(),
            ChainId([9; 32]),
            wallet(0),
            1_000,
            "bench",
        )
        .map_err(fail("create"))?;
        let mut f = Fixture {
            chain,
            registry,
            limits: Limits::DEFAULT,
            next_id: 0,
        };
        f.block(Vec::new())?;
        let deposits = (0..3)
            .map(|w| {
                f.request(
                    wallet(w),
                    "accounts",
                    "deposit",
                    Dict::new(),
                    Balances::single(Color::BASE, 1_000_000_000),
                )
            })
            .collect();
        f.block(deposits)?;
        Ok(f)
    }

    /// A request with a fresh id.
    pub fn request(
        &mut self,
        sender: AgentId,
        contract: &str,
        func: &str,
        params: Dict,
        transfer: Balances,
    ) -> Request {
        self.next_id += 1;
        let mut tx = [0xbe; 32];
        tx[..4].copy_from_slice(&self.next_id.to_le_bytes());
        Request {
            id: RequestId::new(TxId(tx), 0),
            sender,
            contract: Hname::new(contract),
            entry_point: Hname::new(func),
            params,
            transfer,
            gas_budget: 0,
            timelock: 0,
        }
    }

    /// The block input of `requests` after the head.
    pub fn input(&self, requests: Vec<Request>) -> Result<BlockInput, CliError> {
        let (_, ts, _) = self.chain.head().map_err(fail("head"))?;
        self.chain
            .next_block_input(requests, ts + 1_000)
            .map_err(fail("head"))
    }

    /// Runs and commits `requests` (plus whatever waits in the backlog); every one must succeed.
    pub fn block(&mut self, requests: Vec<Request>) -> Result<(), CliError> {
        for r in requests {
            self.chain.post(r).map_err(fail("post"))?;
        }
        let (_, ts, _) = self.chain.head().map_err(fail("head"))?;
        if let Some(res) = self
            .chain
            .run_backlog(ts + 1_000, usize::MAX)
            .map_err(fail("block"))?
        {
            if let Some(rc) = res.receipts.iter().find(|r| r.error.is_some()) {
                return Err(CliError::Demo(format!(
                    "bench: setup request failed: {rc:?}"
                )));
            }
        }
        Ok(())
    }

    /// Deploys `wasm` (binary or WAT) as contract `name`, from the owner.
    pub fn deploy(&mut self, name: &str, wasm: &[u8], init: Dict) -> Result<(), CliError> {
        let binary = isc_wasm::validate::wasm_bytes(wasm)
            .map_err(|e| CliError::Demo(format!("bench: {e}")))?;
        let mut fields = Dict::new();
        let field_err = |e: isc_abi::DictError| CliError::Demo(e.to_string());
        fields
            .set(b"v".to_vec(), b"wasmer".to_vec())
            .map_err(field_err)?;
        fields.set(b"p".to_vec(), binary).map_err(field_err)?;
        let mut params = init;
        params
            .set(b"ph".to_vec(), blob_hash(&fields).encode())
            .map_err(field_err)?;
        params
            .set(b"nm".to_vec(), name.as_bytes().to_vec())
            .map_err(field_err)?;
        let store = self.request(wallet(0), "blob", "storeBlob", fields, Balances::new());
        self.block(vec![store])?;
        let deploy = self.request(wallet(0), "root", "deployContract", params, Balances::new());
        self.block(vec![deploy])
    }

    /// The environment a block executes in.
    pub fn env(&self) -> ChainEnv<'_> {
        ChainEnv {
            chain_id: self.chain.id(),
            limits: &self.limits,
            registry: &self.registry,
            gas_reports: false,
        }
    }
}
