//! The contracts workspace's `check` crate and the runtime take the proposals a contract may use from
//! one file (`contracts/check/src/features.rs`; `check` cannot depend on the runtime). That file is
//! included here as it is, so that should the runtime ever take its set from elsewhere, a difference
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
