//! The Wasp inccounter of both tags deploys through root, counts, and answers its view.

use isc_abi::{Balances, Codec, Dict};
use isc_env::fixture::*;

fn counter(env: &ChainFixture) -> Option<i64> {
    let d = env.view("inccounter", "getCounter", Dict::new());
    d.get(b"counter").map(|b| i64::decode(b).unwrap())
}

#[test]
fn inccounter_of_both_tags_counts() {
    for tag in ["v0.1.0", "v0.2.0"] {
        let Some(wasm) = isc_env::wasp_binary(tag, "inccounter") else {
            return;
        };
        let mut env = ChainFixture::wasm();
        assert_eq!(
            env.deploy_wasm("inccounter", &wasm, Dict::new()),
            None,
            "{tag}"
        );
        assert_eq!(counter(&env), None, "{tag}: no counter after deploy");
        for _ in 0..2 {
            let rc = env.call(
                "alice",
                "inccounter",
                "increment",
                Dict::new(),
                Balances::new(),
            );
            assert!(rc.error.is_none(), "{tag}: {rc:?}");
        }
        assert_eq!(counter(&env), Some(2), "{tag}");
        let rc = env.call(
            "alice",
            "inccounter",
            "callIncrementRecurse5x",
            Dict::new(),
            Balances::new(),
        );
        assert!(rc.error.is_none(), "{tag}: {rc:?}");
        // Recursion goes on while the old value is below 5: 2 -> 6.
        assert_eq!(counter(&env), Some(6), "{tag}");
    }
}

#[test]
fn v01_copy_all_state_returns_the_contract_state_without_running_wasm() {
    let Some(wasm) = isc_env::wasp_binary("v0.1.0", "inccounter") else {
        return;
    };
    let mut env = ChainFixture::wasm();
    let mut init = Dict::new();
    init.set(b"counter".to_vec(), 41i64.encode()).unwrap();
    assert_eq!(env.deploy_wasm("inccounter", &wasm, init), None);
    let all = env.view("inccounter", "copy_all_state", Dict::new());
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all.get(b"counter"), Some(&41i64.to_le_bytes()[..]));
    // v0.2.0 has no such view.
    let Some(v02) = isc_env::wasp_binary("v0.2.0", "inccounter") else {
        return;
    };
    let mut env = ChainFixture::wasm();
    assert_eq!(env.deploy_wasm("inccounter", &v02, Dict::new()), None);
    assert!(env
        .try_view("inccounter", "copy_all_state", Dict::new())
        .is_err());
}
