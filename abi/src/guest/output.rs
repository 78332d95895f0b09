//! Moving bytes across the boundary: the caller-provided output buffers of [`crate::host_abi`], lengths
//! as `i32`, and decoding what the host hands back.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use super::{panic, sys};
use crate::Codec;

/// Size of the first buffer offered to the host. Most outputs (a counter, an id, a small dict) fit, so
/// the common case is one host call; a larger output costs one more call to `output`, which copies the
/// host's saved copy without running the operation again.
pub(crate) const FIRST_TRY: usize = 256;

/// A length or pointer-sized count as the `i32` the host expects.
///
/// Guest memory is at most 4 GiB and the host reads lengths as `i32`, so anything past `i32::MAX` cannot
/// be passed: the call fails with a message instead of handing the host a negative length.
pub(crate) fn len(n: usize) -> i32 {
    match i32::try_from(n) {
        Ok(n) => n,
        Err(_) => panic("isc guest SDK: buffer longer than i32::MAX bytes"),
    }
}

/// Runs `first` on a buffer of [`FIRST_TRY`] bytes; it returns the full output length, or a negative
/// number when there is no output. When the output did not fit, `again` (the `output` import) fills a
/// buffer of the full length. `None` when the host said "absent".
pub(crate) fn read_with(
    first: impl FnOnce(&mut [u8]) -> i32,
    again: impl FnOnce(&mut [u8]) -> i32,
) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; FIRST_TRY];
    let full = usize::try_from(first(&mut buf)).ok()?;
    if full <= FIRST_TRY {
        buf.truncate(full);
        return Some(buf);
    }
    buf.resize(full, 0);
    if usize::try_from(again(&mut buf)) != Ok(full) {
        panic("isc guest SDK: the host's saved output changed length");
    }
    Some(buf)
}

/// [`read_with`] with the real `output` import as the second step.
pub(crate) fn read(first: impl FnOnce(&mut [u8]) -> i32) -> Option<Vec<u8>> {
    read_with(first, |buf| {
        // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
        unsafe { sys::output(buf.as_mut_ptr(), len(buf.len())) }
    })
}

/// [`read`] for outputs that always exist; `what` names the output in the failure message.
pub(crate) fn read_required(what: &str, first: impl FnOnce(&mut [u8]) -> i32) -> Vec<u8> {
    match read(first) {
        Some(bytes) => bytes,
        None => panic(&format!("isc guest SDK: the host returned no {what}")),
    }
}

/// Decodes bytes that came from the host or from state; `what` names them in the failure message.
pub(crate) fn decode<T: Codec>(bytes: &[u8], what: impl fmt::Display) -> T {
    match T::decode(bytes) {
        Ok(value) => value,
        Err(err) => panic(&format!("bad {what}: {err}")),
    }
}

/// A key for a message: as text when it is printable ASCII, else as `0x` hex.
///
/// Formats only when displayed: it goes into failure messages of calls that mostly succeed, and a
/// contract pays for every instruction it runs.
pub(crate) struct ShowKey<'a>(pub(crate) &'a [u8]);

impl fmt::Display for ShowKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.0;
        match core::str::from_utf8(key) {
            Ok(text) if key.iter().all(|b| (0x20..0x7f).contains(b)) => write!(f, "`{text}`"),
            _ => {
                f.write_str("0x")?;
                key.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// A fake host output: copies `min(len, cap)` bytes and returns the full length.
    fn host(data: &[u8]) -> impl Fn(&mut [u8]) -> i32 + '_ {
        |buf: &mut [u8]| {
            let n = data.len().min(buf.len());
            buf[..n].copy_from_slice(&data[..n]);
            data.len() as i32
        }
    }

    #[test]
    fn small_outputs_take_one_call() {
        let data = [7u8; 10];
        let out = read_with(host(&data), |_| unreachable!("no second call"));
        assert_eq!(out.as_deref(), Some(&data[..]));
        let empty = read_with(host(&[]), |_| unreachable!("no second call"));
        assert_eq!(empty, Some(Vec::new()));
        let exact = [1u8; FIRST_TRY];
        assert_eq!(
            read_with(host(&exact), |_| unreachable!()).as_deref(),
            Some(&exact[..])
        );
    }

    #[test]
    fn large_outputs_are_fetched_whole_by_the_second_call() {
        let data: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let out = read_with(host(&data), host(&data));
        assert_eq!(out, Some(data));
    }

    #[test]
    fn negative_means_absent() {
        assert_eq!(read_with(|_| -1, |_| unreachable!()), None);
    }

    #[test]
    fn keys_show_as_text_or_hex() {
        assert_eq!(ShowKey(b"counter").to_string(), "`counter`");
        assert_eq!(ShowKey(&[0x62, 0x00, 0xff]).to_string(), "0x6200ff");
    }
}
