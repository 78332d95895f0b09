//! Memory that crosses the boundary: buffers the library returns and the caller frees.
//!
//! The rule: the library never frees what the caller passed in, and never keeps a pointer to it after
//! the call returns; everything the library returns in an [`IscBuffer`] belongs to the caller, who
//! frees it with [`isc_buffer_free`] (and only with it: the memory comes from the library's allocator).

use crate::guard;

/// Bytes owned by the library until the caller frees them with [`isc_buffer_free`].
///
/// An empty buffer has `data == NULL` and `len == cap == 0`. Pass output buffers zeroed
/// (`IscBuffer buf = {0};`): the library overwrites them without freeing what they held.
#[repr(C)]
#[derive(Debug)]
pub struct IscBuffer {
    /// The bytes (`NULL` when empty).
    pub data: *mut u8,
    /// Number of bytes.
    pub len: usize,
    /// Capacity of the allocation; only [`isc_buffer_free`] needs it.
    pub cap: usize,
}

impl IscBuffer {
    /// The empty buffer.
    pub const EMPTY: IscBuffer = IscBuffer {
        data: std::ptr::null_mut(),
        len: 0,
        cap: 0,
    };

    /// Hands `bytes` over to the caller.
    pub fn from_vec(bytes: Vec<u8>) -> IscBuffer {
        if bytes.capacity() == 0 {
            return IscBuffer::EMPTY;
        }
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        IscBuffer {
            data: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }

    /// Takes the bytes back (for Rust callers and tests), leaving this buffer empty.
    ///
    /// # Safety
    /// `self` must be empty or hold a buffer this library returned and nobody freed.
    pub unsafe fn take(&mut self) -> Vec<u8> {
        let buf = std::mem::replace(self, IscBuffer::EMPTY);
        if buf.data.is_null() {
            return Vec::new();
        }
        // SAFETY: `data`, `len` and `cap` are those of a `Vec<u8>` leaked by `from_vec` (the caller's
        // contract), and `self` no longer refers to it.
        unsafe { Vec::from_raw_parts(buf.data, buf.len, buf.cap) }
    }
}

impl Default for IscBuffer {
    fn default() -> Self {
        IscBuffer::EMPTY
    }
}

/// Writes `bytes` into the caller's `out`.
///
/// # Safety
/// `out` must be null or point to a writable `IscBuffer`.
pub(crate) unsafe fn put(out: *mut IscBuffer, bytes: Vec<u8>) {
    if let Some(out) = unsafe { out.as_mut() } {
        *out = IscBuffer::from_vec(bytes);
    }
}

/// Frees a buffer returned by the library and empties `*buf`, so that freeing it twice is harmless.
/// A null `buf` or an empty buffer is a no-op.
///
/// # Safety
/// `buf` must be null or point to an `IscBuffer` that is empty or was filled by this library and not
/// changed since.
#[no_mangle]
pub unsafe extern "C" fn isc_buffer_free(buf: *mut IscBuffer) {
    let _ = guard::call(std::ptr::null_mut(), || {
        // SAFETY: the caller's contract.
        if let Some(buf) = unsafe { buf.as_mut() } {
            drop(unsafe { buf.take() });
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_round_trips_and_frees_once() {
        let mut buf = IscBuffer::from_vec(b"hello".to_vec());
        assert_eq!(buf.len, 5);
        unsafe {
            isc_buffer_free(&mut buf);
            assert!(buf.data.is_null());
            isc_buffer_free(&mut buf);
            isc_buffer_free(std::ptr::null_mut());
        }
        let mut empty = IscBuffer::from_vec(Vec::new());
        assert!(empty.data.is_null());
        assert!(unsafe { empty.take() }.is_empty());
    }
}
