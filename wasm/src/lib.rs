//! `isc-wasm`: the Wasm VM of iscvm. Contracts stored as blobs of VM type `wasmer`, validated so that every node
//! computes the same result, metered, bounded, and run on wasmer with Cranelift.
//!
//! - [`limits`]: the one config struct of validation and execution limits;
//! - [`validate`]: what a module may contain (wasmparser), and the per-function frame costs the
//!   deterministic stack limit uses;
//! - `compile`: Cranelift with NaN canonicalisation, metering and instrumentation middlewares, memory cap;
//! - `instrument`: the deterministic stack limit and gas for sized instructions;
//! - `gas`: the handshake that brings the gas burned inside Wasm to the request's meter;
//! - `host`: the `isc` imports;
//! - `instance`, `pool`, `reuse`, `memory_image`: instances with their handles looked up once, kept
//!   idle between calls and reset to their initial state, for the modules whose state can be reset;
//! - [`WasmVm`]/[`WasmProcessor`]: the `VmFactory` and `Processor` the runtime sees;
//! - [`raw`]: the same Cranelift settings without validation and middlewares, for the benchmarks
//!   that measure what those cost.
//!
//! This is the only crate of the workspace that knows about wasmer: the runtime finds processors through
//! [`isc_sandbox::VmFactory`] and never names a Wasm type.
#![deny(missing_docs)]

mod abi;
pub mod cache;
mod cache_disk;
mod compile;
mod costs;
mod entry;
mod gas;
mod host;
mod instance;
mod instrument;
pub mod limits;
mod memory_image;
mod on_load;
mod pool;
mod processor;
pub mod raw;
mod reserved_memory;
mod reuse;
mod trap;
mod tunables;
pub mod validate;
pub mod wasplib;

pub use abi::Abi;
pub use cache::{CacheMetrics, ModuleCache};
pub use cache_disk::DEFAULT_DISK_BYTES;
pub use compile::{
    compile, compile_on_threads, from_artifact, from_artifact_with_report, inspect, CompiledModule,
};
pub use entry::{Entry, WasplibModule};
pub use pool::{MAX_IDLE_PER_KIND, MAX_IDLE_PER_THREAD};
pub use processor::{WasmProcessor, WasmVm, DEFAULT_CACHE_BYTES, VM_TYPE};
pub use tunables::WASM_STACK_SIZE;
