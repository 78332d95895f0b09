//! Shared fixtures of the benchmark suites: chains with funded accounts ([`isc_env::fixture`]) and
//! blocks of requests.
//!
//! The suites run with mimalloc as the global allocator, as the `iscvm` binary does: a node picks its
//! allocator, and glibc's spends a quarter of a Wasm block's time freeing the block's state.

/// The allocator of every suite (this crate is linked into each).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;

use isc_abi::{AgentId, Balances, ChainId, Dict};
use isc_env::fixture::{agent_of, ChainFixture, ChainSetup, Deployment, RequestIds, WALLETS};
use isc_runtime::{BlockInput, ProcessorRegistry};
use isc_sandbox::{MemStore, Store, VirtualState};

pub use isc_env::fixture::native_token;

/// Base tokens each of wallets 1 and 2 deposits on a bench chain.
const FUNDS: u64 = 1_000_000_000;

/// Base tokens the owner attaches to each deployment request (its fees, and then the token
/// transfers' fees from wallet 0, come out of them).
const DEPLOY_FUNDS: u64 = 400_000_000;

/// Wallet `n` of the fixtures: 0 owns the chain, 1 and 2 have deposits (see [`WALLETS`]).
pub fn wallet(n: u8) -> AgentId {
    agent_of(WALLETS[usize::from(n)])
}

/// An initialized chain on `store` where wallets 1 and 2 hold `funds` base tokens each.
pub fn funded_chain(store: Arc<dyn Store>, funds: u64) -> ChainFixture {
    funded_chain_with(store, Arc::new(ProcessorRegistry::new()), funds)
}

/// [`funded_chain`] with these processors.
pub fn funded_chain_with(
    store: Arc<dyn Store>,
    registry: Arc<ProcessorRegistry>,
    funds: u64,
) -> ChainFixture {
    let mut fixture = ChainSetup::new()
        .registry(registry)
        .store(store)
        .id(ChainId([1; 32]))
        .description("bench")
        .init()
        .expect("an initialized chain");
    let users = &WALLETS[1..];
    for name in users {
        fixture.try_fund(name, funds).expect("minting on L1");
    }
    fixture.try_deposit(users, funds).expect("the deposits");
    fixture
}

/// `n` transfers of 1 base token, alternating wallet 1 → 2 and 2 → 1, after the chain's head.
pub fn transfer_block(chain: &ChainFixture, n: u32) -> BlockInput {
    chain.next_input(RequestIds::new(0).transfers(wallet(1), wallet(2), n))
}

/// A chain on a fresh memory store with two funded wallets.
pub fn mem_chain() -> ChainFixture {
    funded_chain(Arc::new(MemStore::new()), FUNDS)
}

/// The example contracts iscvm ships, built in contracts/wasm (see [`contract_wasm`]).
pub const EXAMPLE_CONTRACTS: [&str; 6] = [
    "caller",
    "donatewithfeedback",
    "inccounter",
    "panicker",
    "pingpong",
    "token",
];

/// The example contract `name`, built (contracts/wasm).
pub fn contract_wasm(name: &str) -> Vec<u8> {
    isc_env::fixture::example_wasm(name)
}

/// A chain on a memory store with the Wasm VM, wallets 1 and 2 funded, and the example contract
/// `name` deployed under that name with `init` params.
pub fn wasm_chain(name: &str, init: Dict) -> ChainFixture {
    let registry =
        Arc::new(ProcessorRegistry::new().with_vm(Arc::new(isc_wasm::WasmVm::default())));
    deployed_chain(registry, isc_wasm::VM_TYPE, contract_wasm(name), name, init)
}

/// A chain on a memory store with the native token VM, wallets 1 and 2 funded, and the native token
/// deployed as `token` with `init` params: the same contract as the Wasm `token`.
pub fn native_token_chain(init: Dict) -> ChainFixture {
    let registry =
        Arc::new(ProcessorRegistry::new().with_vm(Arc::new(native_token::NativeTokenVm)));
    deployed_chain(
        registry,
        native_token::VM_TYPE,
        native_token::PROGRAM.to_vec(),
        "token",
        init,
    )
}

/// A chain on a memory store with `registry`, wallets 1 and 2 funded, and `program` (a blob of VM type
/// `vm_type`) deployed as `name` with `init` params by wallet 0, the owner.
pub fn deployed_chain(
    registry: Arc<ProcessorRegistry>,
    vm_type: &str,
    program: Vec<u8>,
    name: &str,
    init: Dict,
) -> ChainFixture {
    let mut fixture = funded_chain_with(Arc::new(MemStore::new()), registry, FUNDS);
    let deployment = Deployment::new(vm_type, program, name, init).expect("a deployment");
    // Tokens sent to core contracts stay in the owner's account, for fees.
    fixture
        .try_deploy(WALLETS[0], &deployment, DEPLOY_FUNDS)
        .expect("the deployment");
    fixture
}

/// `n` token transfers of 1 unit, alternating wallet 0 → 1 and 1 → 0 (the supply is minted to the
/// deployer, wallet 0), on the `token` contract of `chain` (Wasm or native).
pub fn token_transfer_block(chain: &ChainFixture, n: u32) -> BlockInput {
    let mut ids = RequestIds::new(0);
    chain.next_input(native_token::transfers(&mut ids, wallet(0), wallet(1), n))
}

/// `n` calls of `func` on `contract` with `params(i)`, from `sender(i)`, after the chain's head (the
/// requests' ids are minted: the block bypasses L1).
pub fn call_block(
    chain: &ChainFixture,
    n: u32,
    contract: &str,
    func: &str,
    sender: impl Fn(u32) -> AgentId,
    params: impl Fn(u32) -> Dict,
) -> BlockInput {
    let mut ids = RequestIds::new(0);
    let requests = (0..n)
        .map(|i| ids.request(sender(i), contract, func, params(i), Balances::new()))
        .collect();
    chain.next_input(requests)
}

/// Calls `func` of `contract` once from wallet 1, as a request would (instantiation included), on a
/// scratch overlay of `state` that is dropped after it; panics if the call fails.
pub fn call_once(
    chain: &ChainFixture,
    registry: &ProcessorRegistry,
    state: &VirtualState,
    contract: &str,
    func: &str,
) -> Dict {
    chain
        .try_call_outside_block(registry, state, wallet(1), (contract, func), u64::MAX / 2)
        .unwrap_or_else(|e| panic!("{contract}.{func}: {e}"))
        .results
}
