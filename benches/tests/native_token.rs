//! The native token of the benchmarks is the same contract as the Wasm `token`: the same block gives
//! the same balances, events and failures on both, so comparing their speed compares Wasm with native
//! code and nothing else.

use isc_abi::{AgentId, Codec, Dict, Hname};
use isc_benches::native_token::{self, contract, NativeTokenVm, PROGRAM, VM_TYPE};
use isc_benches::{native_token_chain, token_transfer_block, wallet, wasm_chain};
use isc_env::fixture::ChainFixture;
use isc_runtime::VmFactory;

fn init() -> Dict {
    native_token::init_params(1_000_000)
}

fn balance(chain: &ChainFixture, agent: AgentId) -> u64 {
    let mut params = Dict::new();
    params
        .set(b"agent".to_vec(), agent.encode())
        .expect("field");
    let out = chain.view("token", "balance", params);
    u64::decode(out.get(b"amount").expect("amount")).expect("u64")
}

/// Runs `n` transfers (plus one overdraft from wallet 2, which holds nothing) and returns what a
/// client sees: each receipt's error, the token events, and the balances of wallets 0 to 2.
fn outcome(mut chain: ChainFixture, n: u32) -> (Vec<Option<String>>, Vec<String>, Vec<u64>) {
    let mut input = token_transfer_block(&chain, n);
    let mut overdraft = input.requests[0].clone();
    overdraft.id = isc_abi::RequestId::new(isc_abi::TxId([0xee; 32]), 0);
    overdraft.sender = wallet(2);
    input.requests.push(overdraft);
    for r in input.requests {
        chain.post_raw(r);
    }
    let res = chain.run().expect("a block");
    let errors = res.receipts.iter().map(|r| r.error.clone()).collect();
    let events = res
        .events
        .iter()
        .filter(|e| e.contract == Hname::new("token"))
        .map(|e| e.text.clone())
        .collect();
    let balances = (0..3).map(|w| balance(&chain, wallet(w))).collect();
    (errors, events, balances)
}

#[test]
fn native_and_wasm_token_agree() {
    let wasm = outcome(wasm_chain("token", init()), 5);
    let native = outcome(native_token_chain(init()), 5);
    assert_eq!(wasm, native);
    let (errors, events, balances) = native;
    assert_eq!(errors[..5], [None, None, None, None, None]);
    assert!(
        errors[5]
            .as_deref()
            .is_some_and(|e| e.contains("insufficient balance: have 0, need 1")),
        "{:?}",
        errors[5]
    );
    let transfers: Vec<_> = events.iter().filter(|e| e.starts_with("token: ")).collect();
    assert_eq!(transfers.len(), 5, "{events:?}");
    assert!(transfers[0].starts_with("token: transfer 1 from A/"));
    // Three transfers 0 → 1, two back.
    assert_eq!(balances, vec![999_999, 1, 0]);
}

#[test]
fn native_token_hname_and_program() {
    assert_eq!(contract().hname, Hname::new(contract().name));
    assert!(NativeTokenVm.validate(PROGRAM).is_ok());
    assert!(NativeTokenVm.validate(b"other").is_err());
    assert_eq!(NativeTokenVm.vm_type(), VM_TYPE);
}
