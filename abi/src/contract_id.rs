//! Contract ids: a contract named globally, as (chain, hname).

use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::{ChainId, Codec, DecodeError, Hname, ParseHnameError, ParseIdError, Reader};

/// A contract anywhere: the chain it lives on and its hname there.
///
/// An hname alone is only unique within a chain; cross-chain requests, contract agents and events need the
/// pair. Binary: chain (32 bytes) ‖ hname (u32 LE) = 36 bytes, the same layout as a contract
/// [`AgentId`](crate::AgentId). Text: `<base58 chain>::<hname as 8 hex digits>`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ContractId {
    /// The chain the contract is deployed on.
    pub chain: ChainId,
    /// The contract's hname on that chain.
    pub hname: Hname,
}

impl ContractId {
    /// Size of the binary form.
    pub const LEN: usize = 36;

    /// The contract `hname` on `chain`.
    pub const fn new(chain: ChainId, hname: Hname) -> ContractId {
        ContractId { chain, hname }
    }

    /// The 36-byte binary form.
    pub fn to_bytes(&self) -> [u8; 36] {
        let mut out = [0u8; 36];
        let (chain, hname) = out.split_at_mut(32);
        chain.copy_from_slice(&self.chain.0);
        hname.copy_from_slice(&self.hname.to_bytes());
        out
    }

    /// Decodes exactly 36 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<ContractId, DecodeError> {
        if bytes.len() != Self::LEN {
            return Err(DecodeError::BadLength {
                what: "contract id",
                expected: Self::LEN,
                actual: bytes.len(),
            });
        }
        let mut r = Reader::new(bytes);
        let chain = ChainId(r.array("contract id chain")?);
        let hname = Hname(r.u32("contract id hname")?);
        r.finish("contract id")?;
        Ok(ContractId { chain, hname })
    }
}

impl Codec for ContractId {
    fn encode(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        ContractId::from_slice(bytes)
    }
}

impl fmt::Display for ContractId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}::{}", self.chain, self.hname)
    }
}

impl fmt::Debug for ContractId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContractId({self})")
    }
}

/// Why a text is not `<base58 chain>::<hname>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseContractIdError {
    /// No `::` between the chain and the hname.
    #[error("a contract id is <chain>::<hname>: missing '::'")]
    MissingSeparator,
    /// The part before `::` is not a chain id.
    #[error("bad chain in contract id: {0}")]
    Chain(ParseIdError),
    /// The part after `::` is not an hname.
    #[error("bad hname in contract id: {0}")]
    Hname(ParseHnameError),
}

impl FromStr for ContractId {
    type Err = ParseContractIdError;

    /// Parses `<base58 chain>::<8 hex digits>`.
    fn from_str(text: &str) -> Result<ContractId, ParseContractIdError> {
        let (chain, hname) = text
            .split_once("::")
            .ok_or(ParseContractIdError::MissingSeparator)?;
        Ok(ContractId {
            chain: ChainId::from_base58(chain).map_err(ParseContractIdError::Chain)?,
            hname: hname.parse().map_err(ParseContractIdError::Hname)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::any_contract_id;
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn binary_and_text_round_trip(id in any_contract_id()) {
            prop_assert_eq!(ContractId::decode(&id.encode()), Ok(id));
            prop_assert_eq!(id.to_string().parse::<ContractId>(), Ok(id));
        }
    }

    #[test]
    fn layout_and_text() {
        let id = ContractId::new(ChainId([0; 32]), Hname::new("root"));
        let bytes = id.encode();
        assert_eq!(bytes.len(), 36);
        assert_eq!(bytes[32..], [0x08, 0x59, 0xbf, 0xce]);
        assert_eq!(id.to_string(), format!("{}::cebf5908", "1".repeat(32)));
        assert_eq!(format!("{id:?}"), format!("ContractId({id})"));
    }

    #[test]
    fn rejects_malformed_binary() {
        for len in [0, 32, 35, 37] {
            assert_eq!(
                ContractId::decode(&[0; 40][..len]),
                Err(DecodeError::BadLength {
                    what: "contract id",
                    expected: 36,
                    actual: len
                })
            );
        }
    }

    #[test]
    fn rejects_malformed_text() {
        let chain = "1".repeat(32);
        assert_eq!(
            "".parse::<ContractId>(),
            Err(ParseContractIdError::MissingSeparator)
        );
        assert_eq!(
            format!("{chain}:cebf5908").parse::<ContractId>(),
            Err(ParseContractIdError::MissingSeparator)
        );
        assert_eq!(
            "0::cebf5908".parse::<ContractId>(),
            Err(ParseContractIdError::Chain(ParseIdError::BadBase58 {
                what: "chain id",
                index: 0
            }))
        );
        assert_eq!(
            format!("{chain}::cebf59").parse::<ContractId>(),
            Err(ParseContractIdError::Hname(ParseHnameError { len: 6 }))
        );
        assert_eq!(
            format!("{chain}::cebf5908::00000001").parse::<ContractId>(),
            Err(ParseContractIdError::Hname(ParseHnameError { len: 18 }))
        );
    }
}
