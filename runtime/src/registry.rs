//! Program hash → processor: the core contracts, and programs from the blob registry loaded by the VM
//! their blob names.

use std::sync::{Arc, OnceLock};

use isc_abi::{Hash, Hname};
use isc_native_contracts::{
    blob, core_contract_by_program, kv::StateRead, NativeContract, CORE_CONTRACTS,
};
use isc_sandbox::{Processor, VmError};

/// A VM type: turns a program binary into a processor.
pub trait VmFactory: Send + Sync {
    /// The VM type name a blob's `v` field must carry.
    fn vm_type(&self) -> &'static str;
    /// Checks that `binary` is a program this VM accepts, without compiling it (cheap: runs before
    /// the compilation is paid for).
    fn validate(&self, binary: &[u8]) -> Result<(), VmError>;
    /// The processor of `program_hash` if this VM holds it already (so the blob need not be read).
    fn cached(&self, _program_hash: &Hash) -> Option<Arc<dyn Processor>> {
        None
    }
    /// Validates and loads `binary`.
    fn load(&self, program_hash: &Hash, binary: &[u8]) -> Result<Arc<dyn Processor>, VmError>;
}

/// Finds processors: core contracts by program hash, other programs through the VM their blob names
/// (each VM caches what it compiled). Shared by every chain of a node: programs are immutable, so one
/// processor per program hash serves all of them.
#[derive(Default)]
pub struct ProcessorRegistry {
    factories: Vec<Arc<dyn VmFactory>>,
}

impl ProcessorRegistry {
    /// A registry with only the core contracts.
    pub fn new() -> Self {
        ProcessorRegistry::default()
    }

    /// Adds a VM type.
    pub fn with_vm(mut self, factory: Arc<dyn VmFactory>) -> Self {
        self.factories.push(factory);
        self
    }

    /// The factory of VM type `vm_type`.
    pub fn vm(&self, vm_type: &str) -> Option<&Arc<dyn VmFactory>> {
        self.factories.iter().find(|f| f.vm_type() == vm_type)
    }

    /// The processor of `program_hash`: a core contract, a cached program, or the blob of that hash
    /// loaded by its VM (read through `blobs`, the blob contract's partition).
    pub fn processor(
        &self,
        program_hash: &Hash,
        blobs: &mut dyn StateRead,
    ) -> Result<Arc<dyn Processor>, VmError> {
        if let Some(contract) = core_contract_by_program(program_hash) {
            return Ok(core_processor(contract));
        }
        if let Some(p) = self.factories.iter().find_map(|f| f.cached(program_hash)) {
            return Ok(p);
        }
        let program = blob::state::program(blobs, program_hash)?.ok_or_else(|| {
            VmError::Program(format!(
                "program {program_hash} not found in the blob registry"
            ))
        })?;
        let factory = self
            .factories
            .iter()
            .find(|f| f.vm_type() == program.vm_type)
            .ok_or_else(|| {
                VmError::Program(format!("VM type `{}` is not supported", program.vm_type))
            })?;
        factory.load(program_hash, &program.binary)
    }
}

/// The processor of a core contract (built once, shared by every chain).
pub fn core_processor(contract: &'static NativeContract) -> Arc<dyn Processor> {
    static CORE: OnceLock<Vec<(Hname, Arc<dyn Processor>)>> = OnceLock::new();
    let all = CORE.get_or_init(|| {
        CORE_CONTRACTS
            .iter()
            .map(|c| (c.hname(), Arc::new(c.processor()) as Arc<dyn Processor>))
            .collect()
    });
    all.iter()
        .find(|(h, _)| *h == contract.hname())
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| Arc::new(contract.processor()))
}
