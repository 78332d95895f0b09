//! Minimal hex decoding for fixed-size values (no_std; the host side uses the `hex` crate).

use crate::DecodeError;

/// Decodes `text` (exactly `2 * out.len()` hex digits, either case) into `out`.
pub(crate) fn decode_into(
    text: &str,
    out: &mut [u8],
    what: &'static str,
) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    if bytes.len() != out.len() * 2 {
        return Err(DecodeError::BadLength {
            what,
            expected: out.len() * 2,
            actual: bytes.len(),
        });
    }
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let hi = digit(pair[0]).ok_or(DecodeError::Invalid {
            what,
            reason: "not a hex digit",
        })?;
        let lo = digit(pair[1]).ok_or(DecodeError::Invalid {
            what,
            reason: "not a hex digit",
        })?;
        out[i] = (hi << 4) | lo;
    }
    Ok(())
}

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}
