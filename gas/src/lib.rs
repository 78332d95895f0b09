//! `isc-gas`: what everything costs, and the meter that charges it.
//!
//! Every cost of the system lives in one table, [`GasSchedule`], so that calibration (and review) happens in
//! one place. A [`GasMeter`] charges a request's operations against its budget and can keep a burn log that
//! prints as a gas report. [`Limits`] bounds requests and blocks; [`FeePolicy`] turns burned gas into a fee.
//! Engine-agnostic: nothing here knows about wasmer.
#![deny(missing_docs)]

mod fee;
mod limits;
mod meter;
mod schedule;
mod wasm;
mod wasmlib;

pub use fee::FeePolicy;
pub use limits::{Limits, DEPLOY_MARGIN};
pub use meter::{Burn, GasMeter, OutOfGas};
pub use schedule::{Cost, GasOp, GasSchedule};
pub use wasm::{WasmCosts, WasmOpClass};
pub use wasmlib::WasmLibCosts;
