//! The harness the fuzz targets share: chains on memory stores, prepared once as a [`Template`] and
//! copied for every input, so that each input starts from fresh state without paying for the setup;
//! blocks run the way a node runs them (L1 transfers applied, requests a chain posts to itself
//! delivered), with the accounts invariant checked after each, and a [`Trace`] of everything a run
//! produced so that two runs of one input can be compared.
#![deny(missing_docs)]

mod clean;
mod copy;
mod script;
mod trace;
mod world;

pub use clean::assert_clean;
pub use copy::copy_store;
pub use script::{
    assert_agree, guests_template, run_script, split_input, MAX_BLOCKS, MAX_SCRIPT, VIEW_GAS,
};
pub use trace::Trace;
pub use world::{wasm_registry, Template, World, WALLETS};
