//! Shared fixtures of the benchmark suites: chains with funded accounts and blocks of requests.

use std::sync::Arc;

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId, TxId};
use isc_runtime::{BlockInput, Chain, ProcessorRegistry, Request};
use isc_sandbox::{MemStore, Store};

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
    let chain = Chain::create(
        store,
        Arc::new(ProcessorRegistry::new()),
        ChainId([1; 32]),
        wallet(0),
        T0,
        "bench",
    )
    .expect("create chain");
    chain.run_block(T0 + 1_000, 1).expect("init block");
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
    chain.run_block(ts + 1_000, 10).expect("deposit block");
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
    let (_, ts, hash) = chain.head().expect("head");
    BlockInput {
        requests,
        timestamp: ts + 1_000,
        entropy: hash,
        previous_anchor: hash,
    }
}

/// A chain on a fresh memory store with two funded wallets.
pub fn mem_chain() -> Chain {
    funded_chain(Arc::new(MemStore::new()), 1_000_000_000)
}
