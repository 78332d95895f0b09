//! Arbitrary sequences of requests against the core contracts, in blocks: no panic, the accounts
//! invariant (total assets = sum of accounts = what the chain holds on L1) after every block, and
//! `verify` passes at the end.
#![no_main]

use std::sync::Arc;

use arbitrary::Arbitrary;
use isc_abi::{AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_runtime::l1::{chain_address, L1Ledger, RequestSpec};
use isc_runtime::{Chain, ProcessorRegistry};
use isc_sandbox::{MemStore, Store};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Action {
    Deposit {
        from: u8,
        amount: u16,
        to: Option<u8>,
    },
    Transfer {
        from: u8,
        to: u8,
        amount: u32,
    },
    Withdraw {
        from: u8,
        amount: u32,
    },
    StoreBlob {
        from: u8,
        field: Vec<u8>,
        value: Vec<u8>,
    },
    Raw {
        from: u8,
        contract: u32,
        entry: u32,
        params: Vec<(Vec<u8>, Vec<u8>)>,
        amount: u16,
        gas: u32,
    },
    Block,
}

const WALLETS: [&str; 4] = ["owner", "alice", "bob", "carol"];

fn wallet(i: u8) -> &'static str {
    WALLETS[usize::from(i) % WALLETS.len()]
}

fn total_of(d: &Dict) -> Balances {
    let mut b = Balances::new();
    for (k, v) in d.iter() {
        if let (Ok(c), Ok(n)) = (Color::from_slice(k), u64::decode(v)) {
            b.add(c, n).expect("total fits");
        }
    }
    b
}

fn check_invariant(chain: &Chain, l1: &L1Ledger<'_>) {
    let total = total_of(
        &chain
            .call_view(
                Hname::new("accounts"),
                Hname::new("totalAssets"),
                Dict::new(),
            )
            .unwrap(),
    );
    let mut sum = Balances::new();
    for (_, v) in chain
        .call_view(Hname::new("accounts"), Hname::new("accounts"), Dict::new())
        .unwrap()
        .iter()
    {
        sum.add_all(&Balances::decode(v).unwrap()).unwrap();
    }
    assert_eq!(total, sum);
    assert_eq!(total, l1.balance(&chain_address(&chain.id())).unwrap());
}

fuzz_target!(|actions: Vec<Action>| {
    let l1_store = MemStore::new();
    let l1 = L1Ledger::new(&l1_store);
    let owner = l1.wallet("owner").unwrap();
    let store: Arc<dyn Store> = Arc::new(MemStore::new());
    let chain = Chain::create(
        store.clone(),
        Arc::new(ProcessorRegistry::new()),
        ChainId([3; 32]),
        AgentId::address(owner),
        1_000,
        "fuzz",
    )
    .unwrap();
    let mut now = 10_000i64;
    let run = |chain: &Chain, now: &mut i64| {
        *now += 1_000_000;
        if let Some(res) = chain.run_block(*now, usize::MAX).unwrap() {
            l1.apply_transfers(&chain.id(), &res.transfers).unwrap();
            *now = (*now).max(res.block.timestamp);
        }
        check_invariant(chain, &l1);
    };
    run(&chain, &mut now);
    for action in actions.into_iter().take(64) {
        let send = |from: u8, contract: &str, func: &str, params: Dict, amount: u64, gas: u64| {
            let sender = l1.wallet(wallet(from)).unwrap();
            let spec = RequestSpec {
                chain: chain.id(),
                contract: Hname::new(contract),
                entry_point: Hname::new(func),
                params,
                transfer: Balances::single(Color::BASE, amount),
                gas_budget: gas,
                timelock: 0,
            };
            let _ = l1.send_to_chain(&sender, &spec, &chain);
        };
        match action {
            Action::Deposit { from, amount, to } => {
                let mut p = Dict::new();
                if let Some(to) = to {
                    let _ = p.set(
                        b"a".to_vec(),
                        AgentId::address(l1.wallet(wallet(to)).unwrap()).encode(),
                    );
                }
                send(from, "accounts", "deposit", p, u64::from(amount) * 1_000, 0);
            }
            Action::Transfer { from, to, amount } => {
                let mut p = Dict::new();
                let _ = p.set(
                    b"a".to_vec(),
                    AgentId::address(l1.wallet(wallet(to)).unwrap()).encode(),
                );
                let _ = p.set(b"n".to_vec(), u64::from(amount).encode());
                send(from, "accounts", "transfer", p, 0, 0);
            }
            Action::Withdraw { from, amount } => {
                let mut p = Dict::new();
                let _ = p.set(b"n".to_vec(), u64::from(amount).encode());
                send(from, "accounts", "withdrawToAddress", p, 0, 0);
            }
            Action::StoreBlob { from, field, value } => {
                let mut p = Dict::new();
                let _ = p.set(field, value);
                send(from, "blob", "storeBlob", p, 0, 0);
            }
            Action::Raw {
                from,
                contract,
                entry,
                params,
                amount,
                gas,
            } => {
                let mut p = Dict::new();
                for (k, v) in params.into_iter().take(8) {
                    let _ = p.set(k, v);
                }
                let sender = l1.wallet(wallet(from)).unwrap();
                let spec = RequestSpec {
                    chain: chain.id(),
                    contract: Hname(contract),
                    entry_point: Hname(entry),
                    params: p,
                    transfer: Balances::single(Color::BASE, u64::from(amount)),
                    gas_budget: u64::from(gas),
                    timelock: 0,
                };
                let _ = l1.send_to_chain(&sender, &spec, &chain);
            }
            Action::Block => run(&chain, &mut now),
        }
    }
    run(&chain, &mut now);
    isc_sandbox::verify(store.as_ref()).expect("verify passes");
});
