//! Direct access to an instance's linear memory and metering global, for the imports.
//!
//! Every import reads the metering global, copies bytes in or out of guest memory and writes the
//! global back. Through wasmer's handles each of those looks the object up in the store and matches
//! on its kind; for a state read that was a fifth of the round trip. The definitions behind the
//! handles (the global's value slot in the instance, the memory's base and current length) do not
//! move while the instance lives, so they are looked up once, at instantiation, and read directly.

use std::ptr::NonNull;

use isc_sandbox::VmError;
use wasmer::sys::vm::{LinearMemory, VMExtern, VMGlobalDefinition, VMMemoryDefinition};
use wasmer::{AsStoreMut, Extern, Global, Memory, Store};

/// The memory and metering global of one instance, by their definitions.
pub struct RawAccess {
    /// Base and current length of the exported memory.
    memory: NonNull<VMMemoryDefinition>,
    /// The value slot of the remaining-gas global (an `i64`).
    remaining: NonNull<VMGlobalDefinition>,
}

impl RawAccess {
    /// The definitions behind `memory` and `remaining` (an `i64` global), both of an instance in
    /// `store`.
    ///
    /// # Safety
    /// The result must not be used after that instance is dropped, and only while no Wasm code of
    /// the instance runs on another thread (instances serve one call at a time, on one thread).
    pub unsafe fn new(
        store: &mut Store,
        memory: &Memory,
        remaining: &Global,
    ) -> Result<Self, VmError> {
        let memory = match Extern::Memory(memory.clone()).to_vm_extern().unwrap_sys() {
            VMExtern::Memory(handle) => handle.get(store.objects_mut().as_sys()).vmmemory(),
            _ => return Err(VmError::Program("the memory export is not a memory".into())),
        };
        let remaining = match Extern::Global(remaining.clone())
            .to_vm_extern()
            .unwrap_sys()
        {
            VMExtern::Global(handle) => handle.get(store.objects_mut().as_sys()).vmglobal(),
            _ => {
                return Err(VmError::Program(
                    "the metering global is not a global".into(),
                ))
            }
        };
        Ok(RawAccess { memory, remaining })
    }

    /// The metering global's value: gas left for Wasm (0 when the guest went below zero, which it
    /// can only have done in a call that then trapped out of gas).
    pub fn remaining(&self) -> u64 {
        // SAFETY: the slot is valid while the instance lives (`new`'s contract) and holds an i64,
        // written only by the instance's own code, which is suspended while an import runs.
        let value = unsafe { self.remaining.as_ref().val.i64 };
        value.max(0) as u64
    }

    /// Sets the metering global, to at most `i64::MAX` (the guest's count is signed).
    pub fn set_remaining(&mut self, gas: u64) {
        let value = i64::try_from(gas).unwrap_or(i64::MAX);
        // SAFETY: as in `remaining`.
        unsafe { self.remaining.as_mut().val.i64 = value }
    }

    /// The memory's bytes, at their current length.
    fn bytes(&mut self) -> &mut [u8] {
        // SAFETY: the definition is valid while the instance lives (`new`'s contract); `base` maps at
        // least `current_length` bytes, and nothing else touches them while an import runs (the
        // instance's code is suspended, and no host operation grows the memory).
        unsafe {
            let def = self.memory.as_ref();
            std::slice::from_raw_parts_mut(def.base, def.current_length)
        }
    }

    /// The `len` bytes at `ptr`, or `None` when the range is not inside the memory.
    pub fn slice(&mut self, ptr: u32, len: u64) -> Option<&mut [u8]> {
        let start = ptr as usize;
        let end = u64::from(ptr).checked_add(len)?;
        let end = usize::try_from(end).ok()?;
        self.bytes().get_mut(start..end)
    }
}
