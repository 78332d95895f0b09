//! The VM type seam: a [`VmFactory`] turns a program binary of its VM type into a [`Processor`].
//!
//! It sits beside [`Processor`] so that a VM (the Wasm one in `isc-wasm`, or another engine) depends on
//! this crate only, and the runtime's registry finds processors without knowing any VM.

use std::sync::Arc;

use isc_abi::Hash;

use crate::{Processor, VmError};

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
