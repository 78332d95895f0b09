//! `isc-env`: chains in one process beside a simulated L1 ledger, apart from the engine core.
//!
//! - [`l1`]: the simulated L1 ledger (a test double of the real one: addresses with coloured balances,
//!   request transactions, one address per chain);
//! - [`Env`]: several chains on one ledger, in memory or in one redb file, with blocks run in parallel
//!   rounds and requests between chains delivered exactly once;
//! - [`TestEnv`]: the in-process test environment for contract authors (core contracts and the Wasm VM
//!   registered, funded wallets, an audit of every token).
//!
//! The engine (`isc-runtime`) knows none of this: a node brings its own ledger connection and calls
//! `Chain` and `execute_block` directly.
#![deny(missing_docs)]

mod audit;
mod batch;
mod catalogue;
mod delivery;
pub mod fixture;
pub mod l1;
mod multi_chain;
mod test_env;
mod wasp_fixtures;

pub use audit::{Audit, ChainAudit};
pub use batch::{BatchError, MAX_BATCH};
pub use catalogue::{chain_id, check_name, MAIN_CHAIN};
pub use delivery::Delivery;
pub use multi_chain::Env;
pub use test_env::{TestEnv, TEST_EPOCH};
pub use wasp_fixtures::{wasp_binary, wasp_dir};
