//! Requests: what a chain's backlog holds and a block executes.

use isc_abi::{
    AgentId, Balances, Codec, ContractId, DecodeError, Dict, Hname, Reader, RequestId, TxId,
};

/// A request to a contract of a chain, as it arrives from L1 (or from another chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Unique id: the request transaction's id and the request's index in it.
    pub id: RequestId,
    /// Who sent it: an L1 address, or a contract of some chain.
    pub sender: AgentId,
    /// Target contract on the receiving chain.
    pub contract: Hname,
    /// Target entry point (a func).
    pub entry_point: Hname,
    /// Arguments.
    pub params: Dict,
    /// Tokens attached; they are credited to the sender's on-chain account before the call.
    pub transfer: Balances,
    /// Gas the sender is willing to burn; 0 means the chain's default.
    pub gas_budget: u64,
    /// Unix seconds before which the request may not run; 0 for none.
    pub timelock: u32,
}

impl Request {
    /// Whether the request may run in a block with timestamp `block_ts` (Unix ns).
    pub fn is_unlocked_at(&self, block_ts: i64) -> bool {
        self.timelock == 0 || i64::from(self.timelock).saturating_mul(1_000_000_000) <= block_ts
    }
}

impl Codec for Request {
    /// id (34) ‖ sender (36) ‖ contract u32 ‖ entry u32 ‖ params (u32 len + dict) ‖ transfer (u32 len +
    /// balances) ‖ gas u64 ‖ timelock u32, all LE.
    fn encode(&self) -> Vec<u8> {
        let params = self.params.encode();
        let transfer = self.transfer.encode();
        let mut out = Vec::with_capacity(100 + params.len() + transfer.len());
        out.extend_from_slice(&self.id.to_bytes());
        out.extend_from_slice(self.sender.as_bytes());
        out.extend_from_slice(&self.contract.to_bytes());
        out.extend_from_slice(&self.entry_point.to_bytes());
        out.extend_from_slice(&(params.len() as u32).to_le_bytes());
        out.extend_from_slice(&params);
        out.extend_from_slice(&(transfer.len() as u32).to_le_bytes());
        out.extend_from_slice(&transfer);
        out.extend_from_slice(&self.gas_budget.to_le_bytes());
        out.extend_from_slice(&self.timelock.to_le_bytes());
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let id = RequestId::from_slice(r.bytes(RequestId::LEN, "request id")?)?;
        let sender = AgentId::from_slice(r.bytes(AgentId::LEN, "request sender")?)?;
        let contract = Hname(r.u32("request contract")?);
        let entry_point = Hname(r.u32("request entry point")?);
        let params = Dict::decode(r.bytes_u32("request params")?)?;
        let transfer = Balances::decode(r.bytes_u32("request transfer")?)?;
        let gas_budget = r.u64("request gas budget")?;
        let timelock = r.u32("request timelock")?;
        r.finish("request")?;
        Ok(Request {
            id,
            sender,
            contract,
            entry_point,
            params,
            transfer,
            gas_budget,
            timelock,
        })
    }
}

/// A request a contract posted to another chain: it leaves with the block's anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    /// The posting contract (chain id + hname).
    pub sender: AgentId,
    /// Target contract and chain.
    pub target: ContractId,
    /// Target entry point.
    pub entry_point: Hname,
    /// Arguments.
    pub params: Dict,
    /// Tokens attached (already debited from the sender's account).
    pub transfer: Balances,
    /// Unix seconds before which the request does not run (0: none).
    pub timelock: u32,
}

impl OutgoingRequest {
    /// The request as the target chain receives it: part `index` of the anchor transaction `anchor`
    /// of the block that posted it (ids are unique because anchors are).
    pub fn to_request(&self, anchor: TxId, index: u16) -> Request {
        Request {
            id: RequestId::new(anchor, index),
            sender: self.sender,
            contract: self.target.hname,
            entry_point: self.entry_point,
            params: self.params.clone(),
            transfer: self.transfer.clone(),
            gas_budget: 0,
            timelock: self.timelock,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::{Address, Color};

    fn sample() -> Request {
        let mut params = Dict::new();
        params.set(b"k".to_vec(), b"v".to_vec()).unwrap();
        Request {
            id: RequestId::new(TxId([1; 32]), 3),
            sender: AgentId::address(Address([2; 32])),
            contract: Hname::new("accounts"),
            entry_point: Hname::new("deposit"),
            params,
            transfer: Balances::single(Color::BASE, 10),
            gas_budget: 5,
            timelock: 7,
        }
    }

    #[test]
    fn codec_round_trip_and_rejects_malformed() {
        let req = sample();
        let bytes = req.encode();
        assert_eq!(Request::decode(&bytes), Ok(req));
        assert!(Request::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut long = bytes;
        long.push(0);
        assert!(matches!(
            Request::decode(&long),
            Err(DecodeError::TrailingBytes { .. })
        ));
    }

    #[test]
    fn timelock_in_seconds() {
        let mut req = sample();
        req.timelock = 10;
        assert!(!req.is_unlocked_at(9_999_999_999));
        assert!(req.is_unlocked_at(10_000_000_000));
        req.timelock = 0;
        assert!(req.is_unlocked_at(i64::MIN));
    }
}
