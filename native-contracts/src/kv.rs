//! State access shared by the core contracts and the runtime.
//!
//! The core contracts' layouts (accounts, receipts, events, the contract registry) are written by their
//! entry points through the sandbox and by the runtime directly on a partition (crediting a request's
//! tokens, writing its receipt). These two traits let one function serve both.

use isc_sandbox::{KvRead, KvWrite, Partition, PartitionMut, Sandbox, SandboxView, VmError};

/// Reads of one contract's partition.
pub trait StateRead {
    /// The value of `key`.
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError>;
    /// Whether `key` exists (without copying its value where the backend allows).
    fn has(&mut self, key: &[u8]) -> Result<bool, VmError> {
        Ok(self.get(key)?.is_some())
    }
    /// Visits keys starting with `prefix` in ascending order until `f` returns false.
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError>;
}

/// Writes of one contract's partition.
pub trait StateWrite: StateRead {
    /// Sets `key`.
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError>;
    /// Deletes `key`.
    fn delete(&mut self, key: &[u8]) -> Result<(), VmError>;
}

/// A view's sandbox as [`StateRead`] (charged as the sandbox charges).
pub struct ViewState<'a>(pub &'a mut dyn SandboxView);

/// A func's sandbox as [`StateWrite`] (charged as the sandbox charges).
pub struct FuncState<'a>(pub &'a mut dyn Sandbox);

impl StateRead for ViewState<'_> {
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
        self.0.get(key)
    }
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError> {
        self.0.iterate_prefix(prefix, f)
    }
}

impl StateRead for FuncState<'_> {
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
        self.0.get(key)
    }
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError> {
        self.0.iterate_prefix(prefix, f)
    }
}

impl StateWrite for FuncState<'_> {
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError> {
        self.0.set(key, value)
    }
    fn delete(&mut self, key: &[u8]) -> Result<(), VmError> {
        self.0.delete(key)
    }
}

impl StateRead for Partition<'_> {
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
        Ok(KvRead::get(self, key)?)
    }
    fn has(&mut self, key: &[u8]) -> Result<bool, VmError> {
        Ok(KvRead::has(self, key)?)
    }
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError> {
        Ok(KvRead::iterate_prefix(self, prefix, f)?)
    }
}

impl StateRead for PartitionMut<'_> {
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
        Ok(KvRead::get(self, key)?)
    }
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError> {
        Ok(KvRead::iterate_prefix(self, prefix, f)?)
    }
}

impl StateWrite for PartitionMut<'_> {
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError> {
        KvWrite::set(self, key, value);
        Ok(())
    }
    fn delete(&mut self, key: &[u8]) -> Result<(), VmError> {
        KvWrite::delete(self, key);
        Ok(())
    }
}
