//! Program hash → processor: the core contracts, and programs from the blob registry loaded by the VM
//! their blob names.

use std::sync::{Arc, OnceLock};

use isc_abi::{Hash, Hname};
use isc_native_contracts::{
    blob, core_contract_by_program, kv::StateRead, NativeContract, NativeProcessor, CORE_CONTRACTS,
};
use isc_sandbox::{Processor, VmError, VmFactory};

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
    ) -> Result<ProcessorRef, VmError> {
        if let Some(contract) = core_contract_by_program(program_hash) {
            return Ok(core_processor(contract));
        }
        if let Some(p) = self.factories.iter().find_map(|f| f.cached(program_hash)) {
            return Ok(ProcessorRef::Loaded(p));
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
        factory
            .load(program_hash, &program.binary)
            .map(ProcessorRef::Loaded)
    }
}

/// A processor to call: a core contract's, built once and borrowed by every chain for the life of the
/// process, or a loaded program's.
///
/// Core contracts run in nearly every request of every chain; handing out a reference-counted
/// pointer to each call made the chains' threads bounce the counter's cache line between cores.
pub enum ProcessorRef {
    /// A core contract's processor.
    Core(&'static dyn Processor),
    /// A program loaded by a VM.
    Loaded(Arc<dyn Processor>),
}

impl std::ops::Deref for ProcessorRef {
    type Target = dyn Processor;

    fn deref(&self) -> &Self::Target {
        match self {
            ProcessorRef::Core(p) => *p,
            ProcessorRef::Loaded(p) => &**p,
        }
    }
}

/// The processor of a core contract (built once, shared by every chain).
pub fn core_processor(contract: &'static NativeContract) -> ProcessorRef {
    static CORE: OnceLock<Vec<(Hname, NativeProcessor)>> = OnceLock::new();
    let all = CORE.get_or_init(|| {
        CORE_CONTRACTS
            .iter()
            .map(|c| (c.hname(), c.processor()))
            .collect()
    });
    match all.iter().find(|(h, _)| *h == contract.hname()) {
        Some((_, p)) => ProcessorRef::Core(p),
        None => ProcessorRef::Loaded(Arc::new(contract.processor())),
    }
}
