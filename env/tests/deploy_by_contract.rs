//! A contract deploys another by calling root, as the architecture describes ("a smart contract may
//! deploy another smart contract by calling the root contract") and Wasp's root allowed: the
//! contracts of the chain need no deploy permission; wallets other than the owner still do.

use isc_abi::{Balances, Codec, Dict, Hname};
use isc_env::fixture::{example_wasm, Deployment};
use isc_env::TestEnv;

fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone()).unwrap();
    }
    d
}

#[test]
fn a_contract_of_the_chain_deploys_without_a_permission() {
    let mut env = TestEnv::new();
    let chain = env.new_chain("c").unwrap();
    let alice = env.wallet("alice").unwrap();
    env.deposit(&alice, chain, 50_000_000).unwrap();
    env.deploy_wasm(chain, "caller", &example_wasm("caller"), Dict::new())
        .unwrap();
    // The owner stores the program (deploying it once stores its blob).
    let inccounter = example_wasm("inccounter");
    env.deploy_wasm(chain, "inccounter", &inccounter, Dict::new())
        .unwrap();
    let program = Deployment::wasm(&inccounter, "spawned", Dict::new())
        .unwrap()
        .program_hash;
    let deploy = |name: &str| {
        dict(&[
            ("contract", Hname::new("root").encode()),
            ("func", b"deployContract".to_vec()),
            ("ph", program.encode()),
            ("nm", name.as_bytes().to_vec()),
            ("counter", 7i64.encode()),
        ])
    };

    // alice herself may not deploy ...
    let rc = env
        .call(
            &alice,
            chain,
            "root",
            "deployContract",
            deploy("direct"),
            Balances::new(),
        )
        .unwrap();
    let error = rc.error.expect("alice has no deploy permission");
    assert!(error.contains("no deploy permission"), "{error}");

    // ... but the caller contract, which she calls, may.
    let rc = env
        .call(
            &alice,
            chain,
            "caller",
            "callFunc",
            deploy("spawned"),
            Balances::new(),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    let counter = env
        .view(chain, "spawned", "getCounter", Dict::new())
        .unwrap();
    assert_eq!(i64::decode(counter.get(b"counter").unwrap()).unwrap(), 7);
    let found = env.view(
        chain,
        "root",
        "findContract",
        dict(&[("hn", Hname::new("direct").encode())]),
    );
    assert!(found.is_err(), "{found:?}");
    env.audit().unwrap().check().unwrap();
}
