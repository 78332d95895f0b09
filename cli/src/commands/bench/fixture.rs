//! In-memory chains for `iscvm bench`, built on [`isc_env::fixture`]: funded wallets, contracts
//! deployed from WAT or Wasm, blocks of requests with minted ids. Every step returns an error instead
//! of panicking.

use std::sync::Arc;

use isc_abi::{AgentId, Balances, ChainId, Dict};
use isc_env::fixture::{
    agent_of, native_token, ChainFixture, ChainSetup, Deployment, ProbeCall, RequestIds, WALLETS,
};
use isc_runtime::{
    BlockInput, Chain, ChainEnv, ProcessorRegistry, Request, RuntimeError, VmFactory,
};
use isc_sandbox::{VirtualState, VmError};
use isc_wasm::WasmVm;

use crate::error::CliError;

/// Base tokens each wallet deposits on a bench chain (what the faucet gives it).
const DEPOSIT: u64 = isc_env::l1::FAUCET_AMOUNT;

/// The series of the bench blocks' request ids.
const ID_SERIES: u8 = 0xbe;

/// A bench chain and the processors it runs with.
pub struct Fixture {
    inner: ChainFixture,
    registry: Arc<ProcessorRegistry>,
    ids: RequestIds,
}

/// Wallet `n`'s agent: 0 owns the chain; every wallet has a deposit.
pub fn wallet(n: u8) -> AgentId {
    agent_of(WALLETS[usize::from(n)])
}

fn fail(what: &str) -> impl FnOnce(RuntimeError) -> CliError {
    CliError::runtime(format!("bench: {what}"))
}

impl Fixture {
    /// An initialized chain with the Wasm VM; wallets 0 (the owner), 1 and 2 hold a billion base
    /// tokens each.
    pub fn new() -> Result<Fixture, CliError> {
        Fixture::with_vm(Arc::new(WasmVm::default()))
    }

    /// [`Fixture::new`] with this VM instead of the Wasm VM.
    pub fn with_vm(vm: Arc<dyn VmFactory>) -> Result<Fixture, CliError> {
        let registry = Arc::new(ProcessorRegistry::new().with_vm(vm));
        let mut inner = ChainSetup::new()
            .registry(registry.clone())
            .id(ChainId([9; 32]))
            .description("bench")
            .init()
            .map_err(fail("create"))?;
        inner
            .try_deposit(&WALLETS, DEPOSIT)
            .map_err(fail("deposits"))?;
        Ok(Fixture {
            inner,
            registry,
            ids: RequestIds::new(ID_SERIES),
        })
    }

    /// `n` calls of `func` of `contract` from wallet 1, without params or tokens, with fresh ids.
    pub fn calls(&mut self, n: u32, contract: &str, func: &str) -> Vec<Request> {
        (0..n)
            .map(|_| {
                let (params, transfer) = (Dict::new(), Balances::new());
                self.ids
                    .request(wallet(1), contract, func, params, transfer)
            })
            .collect()
    }

    /// `n` native transfers of 1 base token, alternating wallet 1 → 2 and 2 → 1, with fresh ids.
    pub fn transfers(&mut self, n: u32) -> Vec<Request> {
        self.ids.transfers(wallet(1), wallet(2), n)
    }

    /// `n` token transfers of 1 unit, alternating wallet 0 → 1 and 1 → 0, with fresh ids: the block
    /// of the token contract, Wasm or native ([`Fixture::deploy_token`]).
    pub fn token_transfers(&mut self, n: u32) -> Vec<Request> {
        native_token::transfers(&mut self.ids, wallet(0), wallet(1), n)
    }

    /// The block input of `requests` after the head.
    pub fn input(&self, requests: Vec<Request>) -> Result<BlockInput, CliError> {
        self.inner.try_next_input(requests).map_err(fail("head"))
    }

    /// Deploys `wasm` (binary or WAT) as contract `name`, from the owner (its deposit pays the fees).
    pub fn deploy(&mut self, name: &str, wasm: &[u8], init: Dict) -> Result<(), CliError> {
        let deployment = Deployment::wasm(wasm, name, init).map_err(fail("program"))?;
        self.deploy_as(&deployment)
    }

    /// Deploys the token contract as `token` with a supply of a million units minted to wallet 0:
    /// `wasm` (contracts/wasm/token.wasm) on a fixture of the Wasm VM, `None` for the native token on
    /// a fixture of [`native_token::NativeTokenVm`].
    pub fn deploy_token(&mut self, wasm: Option<&[u8]>) -> Result<(), CliError> {
        let init = native_token::init_params(1_000_000);
        let deployment = match wasm {
            Some(wasm) => Deployment::wasm(wasm, "token", init),
            None => Deployment::new(
                native_token::VM_TYPE,
                native_token::PROGRAM.to_vec(),
                "token",
                init,
            ),
        }
        .map_err(fail("token program"))?;
        self.deploy_as(&deployment)
    }

    /// Deploys `deployment` from the owner (its deposit pays the fees).
    fn deploy_as(&mut self, deployment: &Deployment) -> Result<(), CliError> {
        self.inner
            .try_deploy(WALLETS[0], deployment, 0)
            .map_err(fail("deploy"))?;
        Ok(())
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.inner.chain
    }

    /// The environment a block executes in.
    pub fn env(&self) -> ChainEnv<'_> {
        self.inner.chain_env(&self.registry)
    }

    /// Calls `func` of `contract` once from wallet 1 on a scratch overlay of `state`, outside any
    /// block ([`ChainFixture::try_call_outside_block`]).
    pub fn call_outside_block(
        &self,
        state: &VirtualState,
        target: (&str, &str),
        gas: u64,
    ) -> Result<ProbeCall, VmError> {
        self.inner
            .try_call_outside_block(&self.registry, state, wallet(1), target, gas)
    }
}
