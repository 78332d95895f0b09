//! The linear memory of iscvm's instances: the whole capped size mapped readable and writable once, and
//! bounds checked by the compiled code.
//!
//! wasmer's default memories on 64-bit hosts are "static": 4 GiB plus guards reserved, only the
//! current size accessible, and an access past it trapping because the page is inaccessible. Growing
//! such a memory is an `mprotect`, and putting a grown memory back to its initial size (instance
//! reuse, see `memory_image`) is another: each changes page-table entries and flushes the TLB of every
//! core the process runs on, which cost more than the rest of a small contract call together (the Rust
//! allocator grows memory on every call).
//!
//! Here, memories are "dynamic" with no guard ([`STYLE`]): Cranelift compares every access, offset and
//! size included, with the memory's current length, so an access past it traps exactly as Wasm says
//! whatever is mapped behind. That lets the mapping be [`LimitingTunables`](super::tunables)' cap in
//! size (16 MiB by default, not 8 GiB), accessible from the start and never moved: growing and
//! shrinking only change the length. Pages past the length read as zero when the memory grows over
//! them because nothing wrote them, or because `MemoryImage::restore` rewrote the ones a call touched.

use std::cell::UnsafeCell;
use std::ptr::NonNull;

use wasmer::sys::vm::{
    LinearMemory, MaybeInstanceOwned, MemoryError, MemoryStyle, Mmap, MmapType, VMMemoryDefinition,
};
use wasmer::{MemoryType, Pages, WASM_PAGE_SIZE};

/// The style the compiled code is generated for: explicit bounds checks against the current length.
pub const STYLE: MemoryStyle = MemoryStyle::Dynamic {
    offset_guard_size: 0,
};

/// A linear memory whose mapping covers its maximum size, accessible from the start.
#[derive(Debug)]
pub struct ReservedMemory {
    /// The mapping: `maximum` pages, readable and writable.
    mmap: Mmap,
    /// The memory's type (its maximum is the capped one).
    ty: MemoryType,
    /// Where the compiled code reads base and length: in the instance, or owned here.
    definition: MaybeInstanceOwned<VMMemoryDefinition>,
    /// Current size.
    size: Pages,
}

// SAFETY: the raw pointers are the mapping this memory owns and the definition that describes it;
// wasmer's own memories are Send and Sync for the same reason, and callers synchronise access to the
// bytes exactly as they do for those.
unsafe impl Send for ReservedMemory {}
// SAFETY: see `Send`.
unsafe impl Sync for ReservedMemory {}

impl ReservedMemory {
    /// A memory of type `ty` (whose maximum must be set: it is the mapping's size), its definition
    /// written at `location` (an instance's) or kept here.
    ///
    /// # Safety
    /// `location`, if given, must be valid for writes for as long as this memory lives (the engine's
    /// contract for `Tunables::create_vm_memory`).
    pub unsafe fn new(
        ty: &MemoryType,
        location: Option<NonNull<VMMemoryDefinition>>,
    ) -> Result<Self, MemoryError> {
        let maximum = ty.maximum.ok_or_else(|| MemoryError::InvalidMemory {
            reason: "a memory without a maximum cannot be reserved".to_string(),
        })?;
        if ty.shared {
            return Err(MemoryError::InvalidMemory {
                reason: "shared memories are not supported".to_string(),
            });
        }
        if ty.minimum > maximum {
            return Err(MemoryError::InvalidMemory {
                reason: format!(
                    "the minimum ({} pages) is more than the maximum ({} pages)",
                    ty.minimum.0, maximum.0
                ),
            });
        }
        let bytes = maximum.0 as usize * WASM_PAGE_SIZE;
        let mut mmap = Mmap::accessible_reserved(bytes, bytes, None, MmapType::Private)
            .map_err(MemoryError::Region)?;
        let definition = VMMemoryDefinition {
            base: mmap.as_mut_ptr(),
            current_length: ty.minimum.0 as usize * WASM_PAGE_SIZE,
        };
        let definition = match location {
            Some(mut location) => {
                // SAFETY: per this function's contract.
                unsafe { *location.as_mut() = definition };
                MaybeInstanceOwned::Instance(location)
            }
            None => MaybeInstanceOwned::Host(Box::new(UnsafeCell::new(definition))),
        };
        Ok(ReservedMemory {
            mmap,
            ty: *ty,
            definition,
            size: ty.minimum,
        })
    }

    /// Sets the size, and the length the compiled code checks against.
    fn set_size(&mut self, size: Pages) {
        self.size = size;
        // SAFETY: the definition is this memory's (owned here, or the instance's slot that outlives it).
        unsafe {
            self.definition.as_ptr().as_mut().current_length = size.0 as usize * WASM_PAGE_SIZE
        };
    }

    fn maximum(&self) -> Pages {
        self.ty.maximum.unwrap_or(self.ty.minimum)
    }
}

impl LinearMemory for ReservedMemory {
    fn ty(&self) -> MemoryType {
        let mut ty = self.ty;
        ty.minimum = self.size;
        ty
    }

    fn size(&self) -> Pages {
        self.size
    }

    fn style(&self) -> MemoryStyle {
        STYLE
    }

    fn grow(&mut self, delta: Pages) -> Result<Pages, MemoryError> {
        let previous = self.size;
        match previous.0.checked_add(delta.0) {
            Some(size) if size <= self.maximum().0 => {
                self.set_size(Pages(size));
                Ok(previous)
            }
            _ => Err(MemoryError::CouldNotGrow {
                current: previous,
                attempted_delta: delta,
            }),
        }
    }

    fn grow_at_least(&mut self, min_size: u64) -> Result<(), MemoryError> {
        let have = self.size.0 as u64 * WASM_PAGE_SIZE as u64;
        if have >= min_size {
            return Ok(());
        }
        let pages = (min_size - have).div_ceil(WASM_PAGE_SIZE as u64);
        let delta = u32::try_from(pages).map_err(|_| MemoryError::CouldNotGrow {
            current: self.size,
            attempted_delta: Pages(u32::MAX),
        })?;
        self.grow(Pages(delta)).map(|_| ())
    }

    fn reset(&mut self) -> Result<(), MemoryError> {
        self.set_size(Pages(0));
        Ok(())
    }

    fn vmmemory(&self) -> NonNull<VMMemoryDefinition> {
        self.definition.as_ptr()
    }

    fn try_clone(&self) -> Result<Box<dyn LinearMemory + Send + Sync + 'static>, MemoryError> {
        Err(MemoryError::UnsupportedOperation {
            message: "a reserved memory cannot be cloned; copy it".to_string(),
        })
    }

    fn copy(&self) -> Result<Box<dyn LinearMemory + Send + Sync + 'static>, MemoryError> {
        // SAFETY: no location: the copy owns its definition.
        let mut copy = unsafe { ReservedMemory::new(&self.ty, None)? };
        let len = self.size.0 as usize * WASM_PAGE_SIZE;
        // SAFETY: both mappings are at least `len` bytes (the sizes are at most the shared maximum),
        // readable and writable, and distinct.
        unsafe { std::ptr::copy_nonoverlapping(self.mmap.as_ptr(), copy.mmap.as_mut_ptr(), len) };
        copy.set_size(self.size);
        Ok(Box::new(copy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(min: u32, max: u32) -> ReservedMemory {
        // SAFETY: no location.
        unsafe { ReservedMemory::new(&MemoryType::new(min, Some(max), false), None).unwrap() }
    }

    fn length(m: &ReservedMemory) -> usize {
        // SAFETY: owned definition.
        unsafe { m.vmmemory().as_ref().current_length }
    }

    #[test]
    fn grows_to_the_maximum_and_no_further() {
        let mut m = memory(1, 4);
        assert_eq!(m.grow(Pages(2)).unwrap(), Pages(1));
        assert_eq!(length(&m), 3 * WASM_PAGE_SIZE);
        assert!(m.grow(Pages(2)).is_err(), "past the maximum");
        assert_eq!(m.size(), Pages(3), "a refused growth changes nothing");
        assert_eq!(m.grow(Pages(1)).unwrap(), Pages(3));
        assert!(m.grow(Pages(u32::MAX)).is_err(), "overflow is refused");
    }

    #[test]
    fn reset_and_grow_shrink_without_moving() {
        let mut m = memory(2, 8);
        let base = unsafe { m.vmmemory().as_ref().base };
        m.grow(Pages(3)).unwrap();
        m.reset().unwrap();
        m.grow(Pages(2)).unwrap();
        assert_eq!((m.size(), length(&m)), (Pages(2), 2 * WASM_PAGE_SIZE));
        assert_eq!(unsafe { m.vmmemory().as_ref().base }, base);
    }

    #[test]
    fn refuses_what_it_cannot_map() {
        let new = |ty: MemoryType| unsafe { ReservedMemory::new(&ty, None) };
        assert!(new(MemoryType::new(1, None, false)).is_err());
        assert!(new(MemoryType::new(3, Some(2), false)).is_err());
        assert!(new(MemoryType::new(1, Some(2), true)).is_err());
    }

    #[test]
    fn a_copy_has_the_bytes_and_size() {
        let m = memory(1, 2);
        let base = unsafe { m.vmmemory().as_ref().base };
        unsafe { *base.add(100) = 7 };
        let c = m.copy().unwrap();
        assert_eq!(c.size(), Pages(1));
        assert_eq!(unsafe { *c.vmmemory().as_ref().base.add(100) }, 7);
    }
}
