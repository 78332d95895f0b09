//! The byte formats of the Pollen-era ABI: signed LEB128 and length-prefixed byte strings in command
//! payloads (`call`, `post`, `deploy`, signature checks), and the 33- and 37-byte ids of that era.
//!
//! **Id mapping.** An address of that era is a version byte and 32 bytes, a chain id is the chain's
//! address (version byte 2 in both tags: a BLS address in v0.1.0, an alias address in v0.2.0), an
//! agent id is 33 bytes of address or chain id and an hname, and a v0.1.0 contract id is a chain id and
//! an hname. iscvm's ids are the same without the version byte, so the rule is: to the guest, an
//! iscvm address gets the tag's ed25519 version byte (v0.1.0: 1, v0.2.0: 0), a chain id gets 2, an
//! agent id gets the byte its kind would have (an address agent, hname 0: the address byte; a
//! contract agent: 2); from the guest, the version byte is dropped (any value the tag allows) and the
//! 32 bytes are iscvm's.

use isc_abi::{Address, AgentId, ChainId, ContractId, Hname};
use isc_sandbox::VmError;

use super::tags::Tag;

/// The version byte of a chain id (and of a contract agent's chain part) in both tags.
pub const CHAIN_VERSION: u8 = 2;

fn bad(what: &str) -> VmError {
    VmError::Panic(what.to_string())
}

/// A reader of a command payload; every failure is a clean panic of the contract.
pub struct Payload<'a> {
    bytes: &'a [u8],
    tag: Tag,
}

impl<'a> Payload<'a> {
    /// A reader over `bytes`.
    pub fn new(tag: Tag, bytes: &'a [u8]) -> Self {
        Payload { bytes, tag }
    }

    /// A signed LEB128 integer of at most `bits` bits.
    pub fn leb(&mut self, bits: u32) -> Result<i64, VmError> {
        let (value, used) = leb_decode(self.bytes, bits).map_err(|e| {
            bad(match (self.tag, e) {
                (Tag::V01, LebError::Short) => "Cannot decode bytes",
                (Tag::V01, LebError::TooLong) => "integer representation too long",
                (Tag::V01, LebError::TooLarge) => "Integer too large",
                (Tag::V02, LebError::Short) => "insufficient bytes",
                (Tag::V02, LebError::TooLong) => "integer representation too long",
                (Tag::V02, LebError::TooLarge) => "integer too large",
            })
        })?;
        self.bytes = &self.bytes[used..];
        Ok(value)
    }

    /// An integer field of the tag's width (v0.1.0: 64 bits, v0.2.0: 32 bits).
    pub fn int(&mut self) -> Result<i64, VmError> {
        let bits = match self.tag {
            Tag::V01 => 64,
            Tag::V02 => 32,
        };
        self.leb(bits)
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], VmError> {
        let len = self.leb(32)?;
        let len = usize::try_from(len).map_err(|_| bad("negative length"))?;
        if len > self.bytes.len() {
            return Err(bad(match self.tag {
                Tag::V01 => "Cannot decode bytes",
                Tag::V02 => "insufficient bytes",
            }));
        }
        let (out, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(out)
    }

    /// A length-prefixed field of exactly `N` bytes.
    pub fn fixed<const N: usize>(&mut self, what: &str) -> Result<[u8; N], VmError> {
        let b = self.bytes()?;
        b.try_into()
            .map_err(|_| VmError::Panic(format!("invalid {what} length {}", b.len())))
    }

    /// A length-prefixed hname.
    pub fn hname(&mut self) -> Result<Hname, VmError> {
        Ok(Hname(u32::from_le_bytes(self.fixed::<4>("hname")?)))
    }
}

/// Why a LEB128 integer does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LebError {
    /// The bytes end before the last byte of the integer.
    Short,
    /// More bytes than an integer of the width takes.
    TooLong,
    /// The value does not fit the width.
    TooLarge,
}

/// Decodes a signed LEB128 integer of at most `bits` bits; returns it and the bytes it took.
pub fn leb_decode(bytes: &[u8], bits: u32) -> Result<(i64, usize), LebError> {
    let mut value: i64 = 0;
    let mut shift = 0u32;
    let max_bytes = bits.div_ceil(7) as usize;
    for (i, &b) in bytes.iter().enumerate() {
        if i >= max_bytes {
            return Err(LebError::TooLong);
        }
        if shift < 64 {
            value |= i64::from(b & 0x7f) << shift;
        }
        shift += 7;
        if b & 0x80 == 0 {
            if shift < 64 && b & 0x40 != 0 {
                value |= -1i64 << shift;
            }
            let fits = bits >= 64 || {
                let min = -(1i64 << (bits - 1));
                let max = (1i64 << (bits - 1)) - 1;
                (min..=max).contains(&value)
            };
            if !fits || leb_encode(value) != bytes[..=i] {
                return Err(LebError::TooLarge);
            }
            return Ok((value, i + 1));
        }
    }
    Err(LebError::Short)
}

/// Encodes a signed LEB128 integer.
pub fn leb_encode(mut value: i64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// An iscvm address in the tag's 33-byte form.
pub fn address_out(tag: Tag, address: &Address) -> Vec<u8> {
    let mut out = Vec::with_capacity(33);
    out.push(tag.ed25519_version());
    out.extend_from_slice(&address.0);
    out
}

/// A chain id in 33-byte form.
pub fn chain_out(chain: &ChainId) -> Vec<u8> {
    let mut out = Vec::with_capacity(33);
    out.push(CHAIN_VERSION);
    out.extend_from_slice(chain.as_bytes());
    out
}

/// An agent id in 37-byte form.
pub fn agent_out(tag: Tag, agent: &AgentId) -> Vec<u8> {
    let bytes = agent.as_bytes();
    let mut out = Vec::with_capacity(37);
    out.push(if agent.hname() == Hname::NIL {
        tag.ed25519_version()
    } else {
        CHAIN_VERSION
    });
    out.extend_from_slice(&bytes[..32]);
    out.extend_from_slice(&agent.hname().0.to_le_bytes());
    out
}

/// A contract id (v0.1.0) in 37-byte form: chain id and hname.
pub fn contract_out(id: &ContractId) -> Vec<u8> {
    let mut out = chain_out(&id.chain);
    out.extend_from_slice(&id.hname.0.to_le_bytes());
    out
}

/// The 32 bytes of a 33-byte address or chain id of that era whose version byte the tag allows.
fn digest(tag: Tag, bytes: &[u8], what: &str) -> Result<[u8; 32], VmError> {
    let Some((&version, rest)) = bytes.split_first() else {
        return Err(VmError::Panic(format!("invalid {what}: empty")));
    };
    let allowed = match tag {
        Tag::V01 => (1..=2).contains(&version),
        Tag::V02 => version <= 2,
    };
    if !allowed {
        return Err(VmError::Panic(format!(
            "invalid {what}: version byte {version}"
        )));
    }
    rest.try_into()
        .map_err(|_| VmError::Panic(format!("invalid {what}: {} bytes", bytes.len())))
}

/// An address from its 33-byte form.
pub fn address_in(tag: Tag, bytes: &[u8]) -> Result<Address, VmError> {
    Ok(Address(digest(tag, bytes, "address")?))
}

/// A chain id from its 33-byte form.
pub fn chain_in(tag: Tag, bytes: &[u8]) -> Result<ChainId, VmError> {
    Ok(ChainId(digest(tag, bytes, "chain id")?))
}

/// A contract id from its 37-byte form (v0.1.0; also a v0.2.0 chain id and hname).
pub fn contract_in(tag: Tag, bytes: &[u8]) -> Result<ContractId, VmError> {
    if bytes.len() != 37 {
        return Err(VmError::Panic(format!(
            "invalid contract id: {} bytes",
            bytes.len()
        )));
    }
    let chain = chain_in(tag, &bytes[..33])?;
    let hname = Hname(u32::from_le_bytes([
        bytes[33], bytes[34], bytes[35], bytes[36],
    ]));
    Ok(ContractId { chain, hname })
}

/// An agent id from its 37-byte form: hname 0 is an address, any other a contract of a chain.
pub fn agent_in(tag: Tag, bytes: &[u8]) -> Result<AgentId, VmError> {
    let id = contract_in(tag, bytes)
        .map_err(|_| VmError::Panic(format!("invalid agent id: {} bytes", bytes.len())))?;
    Ok(if id.hname == Hname::NIL {
        AgentId::address(Address(id.chain.0))
    } else {
        AgentId::contract(id.chain, id.hname)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb128_matches_the_reference_examples() {
        for (v, b) in [
            (0i64, vec![0x00]),
            (1, vec![0x01]),
            (63, vec![0x3f]),
            (64, vec![0xc0, 0x00]),
            (-1, vec![0x7f]),
            (-128, vec![0x80, 0x7f]),
            (127, vec![0xff, 0x00]),
            (128, vec![0x80, 0x01]),
        ] {
            assert_eq!(leb_encode(v), b, "{v}");
            assert_eq!(leb_decode(&b, 64), Ok((v, b.len())), "{v}");
        }
        for v in [i64::MIN, i64::MAX, i32::MIN as i64, 1 << 40] {
            let b = leb_encode(v);
            assert_eq!(leb_decode(&b, 64), Ok((v, b.len())));
        }
    }

    #[test]
    fn leb128_rejects_short_long_and_large() {
        assert_eq!(leb_decode(&[0x80], 64), Err(LebError::Short));
        assert_eq!(leb_decode(&[], 32), Err(LebError::Short));
        assert_eq!(leb_decode(&[0x80; 12], 64), Err(LebError::TooLong));
        assert_eq!(leb_decode(&leb_encode(1 << 40), 32), Err(LebError::TooLong));
        let big = leb_encode(1 << 33);
        assert_eq!(big.len(), 5);
        assert_eq!(leb_decode(&big, 32), Err(LebError::TooLarge));
        // A non-minimal encoding is refused too (it does not round-trip).
        assert_eq!(leb_decode(&[0x81, 0x00], 64), Err(LebError::TooLarge));
    }

    #[test]
    fn ids_map_both_ways() {
        let chain = ChainId([9; 32]);
        let agent = AgentId::contract(chain, Hname(0x1234_5678));
        for tag in [Tag::V01, Tag::V02] {
            let out = agent_out(tag, &agent);
            assert_eq!(out.len(), 37);
            assert_eq!(out[0], CHAIN_VERSION);
            assert_eq!(agent_in(tag, &out).unwrap(), agent);
            let wallet = AgentId::address(Address([3; 32]));
            let out = agent_out(tag, &wallet);
            assert_eq!(out[0], tag.ed25519_version());
            assert_eq!(agent_in(tag, &out).unwrap(), wallet);
            assert_eq!(chain_in(tag, &chain_out(&chain)).unwrap(), chain);
        }
        assert!(agent_in(Tag::V01, &[0u8; 37]).is_err());
        assert!(agent_in(Tag::V02, &[7u8; 37]).is_err());
        assert!(agent_in(Tag::V02, &[0u8; 36]).is_err());
    }

    #[test]
    fn a_payload_reads_its_fields_and_fails_cleanly() {
        let mut bytes = vec![4, 1, 2, 3, 4];
        bytes.extend(leb_encode(7));
        let mut p = Payload::new(Tag::V02, &bytes);
        assert_eq!(p.hname().unwrap(), Hname(0x0403_0201));
        assert_eq!(p.int().unwrap(), 7);
        assert!(p.int().is_err());
        let mut p = Payload::new(Tag::V02, &[9, 1]);
        assert!(p.bytes().is_err());
        let mut p = Payload::new(Tag::V01, &[0x7f]);
        assert!(p.bytes().is_err(), "negative length");
    }
}
