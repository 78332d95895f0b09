//! The iscvm side: a chain with one contract deployed, called as a request would call it
//! (instantiation included: an idle instance of the module's pool, or a fresh one when reuse is off).

use std::sync::Arc;

use isc_abi::Dict;
use isc_benches::{call_once, deployed_chain};
use isc_env::fixture::ChainFixture;
use isc_runtime::ProcessorRegistry;
use isc_sandbox::VirtualState;
use isc_wasm::WasmVm;

use crate::Result;

/// A module with one empty entry point, `noop`.
pub const NOOP: &str = r#"(module (memory (export "memory") 1) (func (export "fn:noop")))"#;

/// A chain with `program` deployed as `name`, on its own VM.
pub struct Iscvm {
    chain: ChainFixture,
    registry: Arc<ProcessorRegistry>,
    state: VirtualState,
}

impl Iscvm {
    /// Deploys `program` (Wasm or WAT) as `name` on a chain of `vm`.
    pub fn new(vm: WasmVm, program: &[u8], name: &str) -> Result<Iscvm> {
        let registry = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(vm)));
        let wasm = isc_wasm::validate::wasm_bytes(program)?;
        let chain = deployed_chain(registry.clone(), isc_wasm::VM_TYPE, wasm, name, Dict::new());
        let state = VirtualState::new(chain.chain.store().clone())?;
        Ok(Iscvm {
            chain,
            registry,
            state,
        })
    }

    /// Calls `func` of contract `name` (panics if it fails, as the benchmark suites do).
    pub fn call(&self, name: &str, func: &str) -> Result<()> {
        call_once(&self.chain, &self.registry, &self.state, name, func);
        Ok(())
    }
}
