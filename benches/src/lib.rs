//! Shared fixtures of the benchmark suites: chains with funded accounts and blocks of requests.
//!
//! The suites run with mimalloc as the global allocator, as the `iscvm` binary does: a node picks its
//! allocator, and glibc's spends a quarter of a Wasm block's time freeing the block's state.

/// The allocator of every suite (this crate is linked into each).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId, TxId};
use isc_runtime::{BlockInput, Chain, ProcessorRegistry, Request};
use isc_sandbox::{MemStore, Store};

pub mod native_token;

/// Timestamp of the fixtures' origin block.
pub const T0: i64 = 1_700_000_000_000_000_000;

/// A wallet agent of the fixtures.
pub fn wallet(n: u8) -> AgentId {
    AgentId::address(Address([n; 32]))
}

fn request(
    id: u32,
    sender: AgentId,
    contract: &str,
    func: &str,
    params: Dict,
    transfer: Balances,
) -> Request {
    let mut tx = [0u8; 32];
    tx[..4].copy_from_slice(&id.to_le_bytes());
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

/// An initialized chain on `store` where wallets 1 and 2 hold `funds` base tokens each.
pub fn funded_chain(store: Arc<dyn Store>, funds: u64) -> Chain {
    funded_chain_with(store, Arc::new(ProcessorRegistry::new()), funds)
}

/// [`funded_chain`] with these processors.
pub fn funded_chain_with(
    store: Arc<dyn Store>,
    registry: Arc<ProcessorRegistry>,
    funds: u64,
) -> Chain {
    let chain = Chain::create(store, registry, ChainId([1; 32]), wallet(0), T0, "bench")
        .expect("create chain");
    chain.run_backlog(T0 + 1_000, 1).expect("init block");
    for (i, w) in [wallet(1), wallet(2)].into_iter().enumerate() {
        let r = request(
            u32::MAX - i as u32,
            w,
            "accounts",
            "deposit",
            Dict::new(),
            Balances::single(Color::BASE, funds),
        );
        chain.post(r).expect("post deposit");
    }
    let (_, ts, _) = chain.head().expect("head");
    chain.run_backlog(ts + 1_000, 10).expect("deposit block");
    chain
}

/// `n` transfers of 1 base token, alternating wallet 1 → 2 and 2 → 1, after the chain's head.
pub fn transfer_block(chain: &Chain, n: u32) -> BlockInput {
    let requests = (0..n)
        .map(|i| {
            let (from, to) = if i % 2 == 0 {
                (wallet(1), wallet(2))
            } else {
                (wallet(2), wallet(1))
            };
            let mut params = Dict::new();
            params.set(b"a".to_vec(), to.encode()).expect("key");
            params.set(b"n".to_vec(), 1u64.encode()).expect("key");
            request(i, from, "accounts", "transfer", params, Balances::new())
        })
        .collect();
    next_input(chain, requests)
}

/// The input of the block after `chain`'s head, 1 µs later.
fn next_input(chain: &Chain, requests: Vec<Request>) -> BlockInput {
    let (_, ts, _) = chain.head().expect("head");
    chain
        .next_block_input(requests, ts + 1_000)
        .expect("the head")
}

/// A chain on a fresh memory store with two funded wallets.
pub fn mem_chain() -> Chain {
    funded_chain(Arc::new(MemStore::new()), 1_000_000_000)
}

/// The example contract `name`, built (contracts/wasm).
pub fn contract_wasm(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../contracts/wasm/{name}.wasm",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A chain on a memory store with the Wasm VM, wallets 1 and 2 funded, and the example contract
/// `name` deployed under that name with `init` params.
pub fn wasm_chain(name: &str, init: Dict) -> Chain {
    let registry =
        Arc::new(ProcessorRegistry::new().with_vm(Arc::new(isc_wasm::WasmVm::default())));
    deployed_chain(registry, "wasmer", contract_wasm(name), name, init)
}

/// A chain on a memory store with the native token VM, wallets 1 and 2 funded, and the native token
/// deployed as `token` with `init` params: the same contract as the Wasm `token`.
pub fn native_token_chain(init: Dict) -> Chain {
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
/// `vm_type`) deployed as `name` with `init` params by wallet 0.
pub fn deployed_chain(
    registry: Arc<ProcessorRegistry>,
    vm_type: &str,
    program: Vec<u8>,
    name: &str,
    init: Dict,
) -> Chain {
    let chain = funded_chain_with(Arc::new(MemStore::new()), registry, 1_000_000_000);
    let mut fields = Dict::new();
    fields
        .set(b"v".to_vec(), vm_type.as_bytes().to_vec())
        .expect("field");
    fields.set(b"p".to_vec(), program).expect("field");
    let hash = isc_abi::blob_hash(&fields);
    let mut deploy = init;
    deploy.set(b"ph".to_vec(), hash.encode()).expect("field");
    deploy
        .set(b"nm".to_vec(), name.as_bytes().to_vec())
        .expect("field");
    chain
        // The owner (wallet 0) deploys; tokens sent to core contracts stay in its account for fees.
        .post(request(
            u32::MAX - 10,
            wallet(0),
            "blob",
            "storeBlob",
            fields,
            Balances::single(Color::BASE, 1_000_000_000),
        ))
        .expect("post");
    chain
        .post(request(
            u32::MAX - 11,
            wallet(0),
            "root",
            "deployContract",
            deploy,
            Balances::new(),
        ))
        .expect("post");
    let (_, ts, _) = chain.head().expect("head");
    let res = chain
        .run_backlog(ts + 1_000, 10)
        .expect("block")
        .expect("a block");
    for rc in &res.receipts {
        assert!(rc.error.is_none(), "{rc:?}");
    }
    chain
}

/// `n` token transfers of 1 unit, alternating wallet 0 → 1 and 1 → 0 (the supply is minted to the
/// deployer, wallet 0), on the `token` contract of `chain`.
pub fn token_transfer_block(chain: &Chain, n: u32) -> BlockInput {
    call_block(
        chain,
        n,
        "token",
        "transfer",
        |i| if i % 2 == 0 { wallet(0) } else { wallet(1) },
        |i| {
            let mut d = Dict::new();
            let to = if i % 2 == 0 { wallet(1) } else { wallet(0) };
            d.set(b"to".to_vec(), to.encode()).expect("field");
            d.set(b"amount".to_vec(), 1u64.encode()).expect("field");
            d
        },
    )
}

/// `n` calls of `func` on `contract` with `params(i)`, from `sender(i)`, after the chain's head.
pub fn call_block(
    chain: &Chain,
    n: u32,
    contract: &str,
    func: &str,
    sender: impl Fn(u32) -> AgentId,
    params: impl Fn(u32) -> Dict,
) -> BlockInput {
    let requests = (0..n)
        .map(|i| request(i, sender(i), contract, func, params(i), Balances::new()))
        .collect();
    next_input(chain, requests)
}
