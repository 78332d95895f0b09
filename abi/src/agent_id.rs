//! Agent ids: whoever can own tokens on a chain or send a request, an L1 address or a contract.

use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::{
    Address, ChainId, Codec, ContractId, DecodeError, Hname, ParseContractIdError, ParseIdError,
};

/// An agent: an L1 address or a contract on some chain.
///
/// Accounts, senders and chain owners can be either, so they share one 36-byte form: 32 bytes ‖ hname
/// (u32 LE). Hname 0 (reserved: no name hashes to it) means the 32 bytes are an L1 [`Address`]; any other
/// hname means they are a [`ChainId`] and the agent is that chain's contract with that hname.
///
/// Kept as the raw 36 bytes so that the derived ordering is the ordering of the binary form: maps keyed by
/// agent iterate in the same order as their encoded keys. Every 36-byte string is a valid agent id.
///
/// Text: `A/<base58 address>` or `C/<base58 chain>::<hname as 8 hex digits>`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentId([u8; 36]);

impl AgentId {
    /// Size of the binary form.
    pub const LEN: usize = 36;

    /// The agent for an L1 address (hname 0).
    pub fn address(address: Address) -> AgentId {
        AgentId::from_parts(&address.0, Hname::NIL)
    }

    /// The agent for contract `hname` on `chain`.
    ///
    /// `hname` should not be [`Hname::NIL`]: by the binary layout that would be the address agent whose
    /// bytes are the chain id. No contract has hname 0, so this only happens with a made-up hname.
    pub fn contract(chain: ChainId, hname: Hname) -> AgentId {
        AgentId::from_parts(&chain.0, hname)
    }

    fn from_parts(id: &[u8; 32], hname: Hname) -> AgentId {
        let mut bytes = [0u8; 36];
        let (head, tail) = bytes.split_at_mut(32);
        head.copy_from_slice(id);
        tail.copy_from_slice(&hname.to_bytes());
        AgentId(bytes)
    }

    /// The agent with this binary form (every 36-byte value is one).
    pub const fn from_bytes(bytes: [u8; 36]) -> AgentId {
        AgentId(bytes)
    }

    /// The 36-byte binary form.
    pub const fn as_bytes(&self) -> &[u8; 36] {
        &self.0
    }

    /// Decodes exactly 36 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<AgentId, DecodeError> {
        crate::codec::exact(bytes, "agent id").map(AgentId)
    }

    /// The first 32 bytes: the address or the chain id, depending on [`AgentId::is_address`].
    pub fn id_bytes(&self) -> [u8; 32] {
        let (head, _) = self.0.split_at(32);
        let mut out = [0u8; 32];
        out.copy_from_slice(head);
        out
    }

    /// The last 4 bytes as an hname: [`Hname::NIL`] for an address agent.
    pub fn hname(&self) -> Hname {
        let (_, tail) = self.0.split_at(32);
        let mut le = [0u8; 4];
        le.copy_from_slice(tail);
        Hname(u32::from_le_bytes(le))
    }

    /// True when the agent is an L1 address (hname 0).
    pub fn is_address(&self) -> bool {
        self.hname() == Hname::NIL
    }

    /// The L1 address, if the agent is one. (Not `address()`: that name is the constructor.)
    pub fn as_address(&self) -> Option<Address> {
        self.is_address().then(|| Address(self.id_bytes()))
    }

    /// The contract, if the agent is one.
    pub fn contract_id(&self) -> Option<ContractId> {
        (!self.is_address()).then(|| ContractId::new(ChainId(self.id_bytes()), self.hname()))
    }
}

impl From<Address> for AgentId {
    fn from(address: Address) -> AgentId {
        AgentId::address(address)
    }
}

impl From<ContractId> for AgentId {
    /// The contract agent; see [`AgentId::contract`] about hname 0.
    fn from(id: ContractId) -> AgentId {
        AgentId::contract(id.chain, id.hname)
    }
}

impl Codec for AgentId {
    fn encode(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        AgentId::from_slice(bytes)
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.contract_id() {
            None => write!(f, "A/{}", Address(self.id_bytes())),
            Some(contract) => write!(f, "C/{contract}"),
        }
    }
}

impl fmt::Debug for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgentId({self})")
    }
}

/// Why a text is not an agent id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseAgentIdError {
    /// Neither `A/` nor `C/` at the start.
    #[error("an agent id starts with 'A/' (address) or 'C/' (contract)")]
    MissingPrefix,
    /// `A/` followed by something that is not an address.
    #[error("bad address agent: {0}")]
    Address(ParseIdError),
    /// `C/` followed by something that is not a contract id.
    #[error("bad contract agent: {0}")]
    Contract(ParseContractIdError),
    /// `C/<chain>::00000000`: hname 0 is the address form, which is written `A/`.
    #[error("a contract agent cannot have hname 00000000 (that is an address agent, written A/)")]
    NilHname,
}

impl FromStr for AgentId {
    type Err = ParseAgentIdError;

    /// Parses `A/<base58 address>` or `C/<base58 chain>::<hname>`.
    fn from_str(text: &str) -> Result<AgentId, ParseAgentIdError> {
        if let Some(address) = text.strip_prefix("A/") {
            let address = Address::from_base58(address).map_err(ParseAgentIdError::Address)?;
            Ok(AgentId::address(address))
        } else if let Some(contract) = text.strip_prefix("C/") {
            let id: ContractId = contract.parse().map_err(ParseAgentIdError::Contract)?;
            if id.hname == Hname::NIL {
                return Err(ParseAgentIdError::NilHname);
            }
            Ok(AgentId::from(id))
        } else {
            Err(ParseAgentIdError::MissingPrefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::any_agent_id;
    use crate::ParseHnameError;
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn binary_and_text_round_trip(agent in any_agent_id()) {
            prop_assert_eq!(AgentId::decode(&agent.encode()), Ok(agent));
            prop_assert_eq!(agent.to_string().parse::<AgentId>(), Ok(agent));
            // Exactly one of the two views.
            prop_assert_eq!(agent.as_address().is_some(), agent.is_address());
            prop_assert_eq!(agent.contract_id().is_some(), !agent.is_address());
        }

        #[test]
        fn parse_never_panics(prefix in "(A/|C/)?", rest in "[\\PC:]{0,60}") {
            let _ = format!("{prefix}{rest}").parse::<AgentId>();
        }

        #[test]
        fn ordering_is_binary_ordering(a in any_agent_id(), b in any_agent_id()) {
            prop_assert_eq!(a.cmp(&b), a.encode().cmp(&b.encode()));
        }
    }

    #[test]
    fn address_agent() {
        let addr = Address([7; 32]);
        let agent = AgentId::address(addr);
        assert!(agent.is_address());
        assert_eq!(agent.as_address(), Some(addr));
        assert_eq!(agent.contract_id(), None);
        assert_eq!(agent.hname(), Hname::NIL);
        assert_eq!(agent.encode()[32..], [0, 0, 0, 0]);
        assert_eq!(agent.to_string(), format!("A/{addr}"));
        assert_eq!(format!("{agent:?}"), format!("AgentId(A/{addr})"));
        assert_eq!(AgentId::from(addr), agent);
    }

    #[test]
    fn contract_agent() {
        let chain = ChainId([9; 32]);
        let root = Hname::new("root");
        let agent = AgentId::contract(chain, root);
        assert!(!agent.is_address());
        assert_eq!(agent.as_address(), None);
        assert_eq!(agent.contract_id(), Some(ContractId::new(chain, root)));
        assert_eq!(agent.id_bytes(), chain.0);
        assert_eq!(agent.encode()[32..], [0x08, 0x59, 0xbf, 0xce]);
        assert_eq!(agent.to_string(), format!("C/{chain}::cebf5908"));
        assert_eq!(AgentId::from(ContractId::new(chain, root)), agent);
        // The binary form of a contract agent is the binary form of its contract id.
        assert_eq!(agent.encode(), ContractId::new(chain, root).encode());
    }

    #[test]
    fn rejects_malformed_binary() {
        for len in [0, 32, 35, 37, 64] {
            assert_eq!(
                AgentId::decode(&[1; 64][..len]),
                Err(DecodeError::BadLength {
                    what: "agent id",
                    expected: 36,
                    actual: len
                })
            );
        }
    }

    #[test]
    fn rejects_malformed_text() {
        let ones = "1".repeat(32);
        for text in ["", "a/x", "X/abc", "A", "C", "/A/"] {
            assert_eq!(
                text.parse::<AgentId>(),
                Err(ParseAgentIdError::MissingPrefix),
                "{text}"
            );
        }
        assert_eq!(
            "A/0".parse::<AgentId>(),
            Err(ParseAgentIdError::Address(ParseIdError::BadBase58 {
                what: "address",
                index: 0
            }))
        );
        assert_eq!(
            "A/".parse::<AgentId>(),
            Err(ParseAgentIdError::Address(ParseIdError::BadLength {
                what: "address",
                expected: 32,
                actual: 0
            }))
        );
        assert_eq!(
            format!("C/{ones}").parse::<AgentId>(),
            Err(ParseAgentIdError::Contract(
                ParseContractIdError::MissingSeparator
            ))
        );
        assert_eq!(
            format!("C/{ones}::xyz").parse::<AgentId>(),
            Err(ParseAgentIdError::Contract(ParseContractIdError::Hname(
                ParseHnameError { len: 3 }
            )))
        );
        assert_eq!(
            format!("C/{ones}::00000000").parse::<AgentId>(),
            Err(ParseAgentIdError::NilHname)
        );
        // An address agent written with the contract syntax is refused, not silently accepted.
        assert!(format!("A/{ones}::cebf5908").parse::<AgentId>().is_err());
    }
}
