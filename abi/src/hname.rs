//! Hashed names: how contracts and entry points are addressed on a chain.

use core::fmt;
use core::str::FromStr;

use crate::blake2b256;

/// A 32-bit hashed name: the first 4 bytes of blake2b-256 of the UTF-8 name, read little-endian.
///
/// 0 and `0xFFFFFFFF` are reserved (0 marks "no contract", e.g. in an L1 agent id), so a name whose first
/// four hash bytes give one of them takes bytes 4..8 instead. Shown as 8 lower-case hex digits of the u32.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hname(pub u32);

impl Hname {
    /// The reserved hname 0: "no contract".
    pub const NIL: Hname = Hname(0);

    /// Size of the binary form.
    pub const LEN: usize = 4;

    /// The hname of `name`.
    pub fn new(name: &str) -> Hname {
        Hname::from_digest(&blake2b256(name.as_bytes()).0)
    }

    /// The reserved-value rule applied to a name's digest.
    fn from_digest(h: &[u8; 32]) -> Hname {
        let first = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
        if first == 0 || first == u32::MAX {
            Hname(u32::from_le_bytes([h[4], h[5], h[6], h[7]]))
        } else {
            Hname(first)
        }
    }

    /// True for the two reserved values, which no name hashes to.
    pub fn is_reserved(self) -> bool {
        self.0 == 0 || self.0 == u32::MAX
    }

    /// The 4-byte little-endian form (also the state partition prefix).
    pub fn to_bytes(self) -> [u8; 4] {
        self.0.to_le_bytes()
    }

    /// Decodes exactly 4 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Hname, crate::DecodeError> {
        let arr: [u8; 4] = bytes
            .try_into()
            .map_err(|_| crate::DecodeError::BadLength {
                what: "hname",
                expected: 4,
                actual: bytes.len(),
            })?;
        Ok(Hname(u32::from_le_bytes(arr)))
    }
}

impl fmt::Display for Hname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.0)
    }
}

impl fmt::Debug for Hname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hname({:08x})", self.0)
    }
}

/// Why a text is not an hname.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an hname is exactly 8 hex digits, got {len} characters")]
pub struct ParseHnameError {
    /// Length of the rejected text in bytes.
    pub len: usize,
}

impl FromStr for Hname {
    type Err = ParseHnameError;

    /// Parses the display form: exactly 8 hex digits, either case.
    fn from_str(s: &str) -> Result<Hname, ParseHnameError> {
        let err = ParseHnameError { len: s.len() };
        if s.len() != 8 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(err);
        }
        u32::from_str_radix(s, 16).map(Hname).map_err(|_| err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// Every vector of DESIGN.md.
    const VECTORS: &[(&str, &str)] = &[
        ("root", "cebf5908"),
        ("accounts", "3c4b5e02"),
        ("blob", "fd91bc63"),
        ("eventlog", "661aa7d8"),
        ("blocklog", "f538ef2b"),
        ("governance", "17cf909f"),
        ("init", "1f44d644"),
        ("deployContract", "28232c27"),
        ("storeBlob", "ddd4c281"),
        ("getBlobInfo", "fde4ab46"),
        ("getBlobField", "1f448130"),
        ("listBlobs", "62ca7990"),
        ("getNumRecords", "2f4b4a8c"),
        ("getRecords", "d01a8085"),
        ("deposit", "bdc9102d"),
        ("withdraw", "9dcc0f41"),
        ("balance", "84168cb4"),
        ("totalAssets", "fab0f8d2"),
        ("findContract", "c145ca00"),
        ("getContractRecords", "078b3ef3"),
    ];

    #[test]
    fn design_vectors() {
        for (name, hex) in VECTORS {
            assert_eq!(Hname::new(name).to_string(), *hex, "hname({name})");
        }
    }

    #[test]
    fn parse_round_trip() {
        for (name, hex) in VECTORS {
            assert_eq!(hex.parse::<Hname>(), Ok(Hname::new(name)));
        }
        assert_eq!("CEBF5908".parse::<Hname>(), Ok(Hname::new("root")));
    }

    #[test]
    fn parse_rejects_bad_text() {
        for bad in [
            "",
            "cebf590",
            "cebf59080",
            "cebf590g",
            "+ebf5908",
            "  cebf59",
        ] {
            assert!(bad.parse::<Hname>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reserved_rule_takes_next_four_bytes() {
        let mut digest = [0u8; 32];
        digest[4..8].copy_from_slice(&[1, 2, 3, 4]);
        assert_eq!(Hname::from_digest(&digest), Hname(0x0403_0201));
        digest[..4].copy_from_slice(&[0xff; 4]);
        assert_eq!(Hname::from_digest(&digest), Hname(0x0403_0201));
        digest[..4].copy_from_slice(&[0xfe, 0xff, 0xff, 0xff]);
        assert_eq!(Hname::from_digest(&digest), Hname(0xffff_fffe));
        assert!(Hname::NIL.is_reserved() && Hname(u32::MAX).is_reserved());
        assert!(!Hname(1).is_reserved());
    }

    #[test]
    fn binary_form_is_little_endian() {
        let h = Hname::new("root");
        assert_eq!(h.to_bytes(), [0x08, 0x59, 0xbf, 0xce]);
        assert_eq!(Hname::from_slice(&h.to_bytes()), Ok(h));
        assert!(Hname::from_slice(&[1, 2, 3]).is_err());
    }
}
