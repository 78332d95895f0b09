use isc_abi::{Codec, Dict};
use isc_env::fixture::*;

#[test]
fn boot_deposit_transfer() {
    let mut env = ChainFixture::new();
    let alice = env.agent("alice");
    let bob = env.agent("bob");
    env.post("alice", "accounts", "deposit", Dict::new(), base(10_000), 0);
    let r = env.run().unwrap();
    assert_eq!(r.receipts.len(), 1);
    assert!(r.receipts[0].error.is_none(), "{:?}", r.receipts[0]);
    let fee = r.receipts[0].fee;
    assert!(fee > 0);
    assert_eq!(env.balance(&alice), base(10_000 - fee));
    env.post(
        "alice",
        "accounts",
        "transfer",
        dict(&[("a", bob.encode()), ("n", 500u64.encode())]),
        base(0),
        0,
    );
    let r = env.run().unwrap();
    assert!(r.receipts[0].error.is_none(), "{:?}", r.receipts[0]);
    assert_eq!(env.balance(&bob), base(500));
}
