//! The contracts workspace's `check` crate keeps its own copy of the proposals a contract may use (it
//! cannot depend on the runtime). Its file is included here as it is, so that a change to either set
//! fails this test instead of letting `check` accept what the runtime rejects, or the reverse.

#[path = "../../contracts/check/src/features.rs"]
mod check_features;

#[test]
fn check_accepts_the_proposals_the_runtime_accepts() {
    assert_eq!(
        check_features::accepted_features(),
        isc_wasm::validate::accepted_features()
    );
}
