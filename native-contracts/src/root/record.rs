//! The registry entry of a deployed contract.

use isc_abi::{AgentId, Codec, DecodeError, Hash, Reader};

/// What root knows about a deployed contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRecord {
    /// The program it runs (a blob hash, or blake2b of a core contract's name).
    pub program_hash: Hash,
    /// Its name; the contract's hname is `hname(name)`.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The VM type of the program (`core` for core contracts).
    pub vm_type: String,
    /// Who deployed it.
    pub creator: AgentId,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn get_str(r: &mut Reader<'_>, what: &'static str) -> Result<String, DecodeError> {
    let bytes = r.bytes_u32(what)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::Invalid {
        what,
        reason: "not UTF-8",
    })
}

impl Codec for ContractRecord {
    /// program hash (32) ‖ name ‖ description ‖ vm type (each u32 LE length + UTF-8) ‖ creator (36).
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + 12 + self.name.len() + self.description.len() + 36);
        out.extend_from_slice(self.program_hash.as_bytes());
        put_str(&mut out, &self.name);
        put_str(&mut out, &self.description);
        put_str(&mut out, &self.vm_type);
        out.extend_from_slice(self.creator.as_bytes());
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let program_hash = Hash(r.array("contract record program hash")?);
        let name = get_str(&mut r, "contract record name")?;
        let description = get_str(&mut r, "contract record description")?;
        let vm_type = get_str(&mut r, "contract record vm type")?;
        let creator = AgentId::from_slice(r.bytes(AgentId::LEN, "contract record creator")?)?;
        r.finish("contract record")?;
        Ok(ContractRecord {
            program_hash,
            name,
            description,
            vm_type,
            creator,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::Address;

    #[test]
    fn round_trip_and_malformed() {
        let rec = ContractRecord {
            program_hash: Hash([3; 32]),
            name: "inccounter".into(),
            description: "counts".into(),
            vm_type: "wasmer".into(),
            creator: AgentId::address(Address([9; 32])),
        };
        let bytes = rec.encode();
        assert_eq!(ContractRecord::decode(&bytes), Ok(rec));
        assert!(ContractRecord::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut long = bytes.clone();
        long.push(0);
        assert!(matches!(
            ContractRecord::decode(&long),
            Err(DecodeError::TrailingBytes { .. })
        ));
    }
}
