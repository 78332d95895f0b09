//! The boundary of every call: panics caught, errors turned into a code and a message, and the raw
//! arguments checked before anything reads them.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::buffer::{self, IscBuffer};
use crate::error::{FfiError, ISC_ERR_PANIC, ISC_OK};

/// Runs `f` as the body of an exported function: returns [`ISC_OK`] or the error's code, with the
/// error's message written to `err` (when not null). A panic in `f` never crosses the boundary: it
/// becomes [`ISC_ERR_PANIC`] with the panic's message.
pub(crate) fn call(err: *mut IscBuffer, f: impl FnOnce() -> Result<(), FfiError>) -> i32 {
    let result =
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panicked(&*payload)));
    match result {
        Ok(()) => ISC_OK,
        Err(e) => {
            // SAFETY: `err` is null or points to the caller's writable buffer (every function's
            // contract).
            unsafe { buffer::put(err, e.message.into_bytes()) };
            e.code
        }
    }
}

/// The error a caught panic becomes.
pub(crate) fn panicked(payload: &(dyn Any + Send)) -> FfiError {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    FfiError::new(ISC_ERR_PANIC, format!("iscvm panicked (a bug): {text}"))
}

/// The `len` bytes at `ptr`; a null `ptr` is the empty slice when `len` is 0 and an error otherwise.
///
/// # Safety
/// When `ptr` is not null it must point to `len` readable bytes that stay unchanged during the call.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], FfiError> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(FfiError::null(what))
        };
    }
    if len > isize::MAX as usize {
        return Err(FfiError::invalid(format!(
            "{what}: a length of {len} bytes"
        )));
    }
    // SAFETY: the caller's contract; the length fits an allocation.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a str, FfiError> {
    let raw = unsafe { bytes(ptr, len, what)? };
    std::str::from_utf8(raw).map_err(|e| FfiError::invalid(format!("{what} is not UTF-8: {e}")))
}

/// Exactly `N` bytes at `ptr` with length `len`.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn array<const N: usize>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<[u8; N], FfiError> {
    let raw = unsafe { bytes(ptr, len, what)? };
    raw.try_into()
        .map_err(|_| FfiError::invalid(format!("{what} must be {N} bytes, got {}", raw.len())))
}

/// The caller's output location `ptr`, which must not be null.
///
/// # Safety
/// When `ptr` is not null it must point to a writable, properly aligned `T`.
pub(crate) unsafe fn out<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, FfiError> {
    unsafe { ptr.as_mut() }.ok_or_else(|| FfiError::null(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ISC_ERR_INVALID_ARGUMENT, ISC_ERR_NULL};

    #[test]
    fn a_panic_becomes_an_error_code_and_message() {
        let mut err = IscBuffer::EMPTY;
        let code = call(&mut err, || panic!("boom {}", 7));
        assert_eq!(code, ISC_ERR_PANIC);
        let message = String::from_utf8(unsafe { err.take() }).unwrap();
        assert_eq!(message, "iscvm panicked (a bug): boom 7");
        assert_eq!(
            call(std::ptr::null_mut(), || panic!("no buffer")),
            ISC_ERR_PANIC
        );
        assert_eq!(call(std::ptr::null_mut(), || Ok(())), ISC_OK);
    }

    #[test]
    fn raw_arguments_are_checked() {
        assert_eq!(unsafe { bytes(std::ptr::null(), 0, "x") }, Ok(&[][..]));
        assert_eq!(
            unsafe { bytes(std::ptr::null(), 3, "x") }.unwrap_err().code,
            ISC_ERR_NULL
        );
        let short = [1u8; 31];
        let e = unsafe { array::<32>(short.as_ptr(), short.len(), "chain id") }.unwrap_err();
        assert_eq!(e.code, ISC_ERR_INVALID_ARGUMENT);
        assert_eq!(e.message, "chain id must be 32 bytes, got 31");
        let bad = [0xffu8];
        assert_eq!(
            unsafe { text(bad.as_ptr(), 1, "name") }.unwrap_err().code,
            ISC_ERR_INVALID_ARGUMENT
        );
    }
}
