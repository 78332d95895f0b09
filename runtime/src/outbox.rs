//! A chain's outbox: what a committed block sends out (requests to chains, tokens to L1 addresses),
//! kept in the store's auxiliary key space in the same commit as the block, until the block is anchored
//! on L1. A node that stops between the commit and the anchoring finds the block's effects here on
//! restart, so nothing a block sends is ever lost.
//!
//! Layout: `ox` ‖ block index (u32 BE) → encoded [`OutboxEntry`] body (outgoing requests without their
//! ids, and the L1 transfers). The ids (`[i]anchor`) come from the stored block's state hash.

use isc_abi::{
    Address, AgentId, Balances, ChainId, ContractId, DecodeError, Dict, Hname, Reader, TxId,
};
use isc_sandbox::{AuxChange, Store};

use crate::anchor::anchor_id;
use crate::error::RuntimeError;
use crate::request::{OutgoingRequest, Request};

const PREFIX: &[u8] = b"ox";

fn key(index: u32) -> Vec<u8> {
    let mut k = PREFIX.to_vec();
    k.extend_from_slice(&index.to_be_bytes());
    k
}

fn corrupt(e: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::Corrupt {
        record: "outbox",
        reason: e.to_string(),
    }
}

/// What one committed block sends out, as its targets receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// The sending chain.
    pub chain: ChainId,
    /// The block's index.
    pub block_index: u32,
    /// Requests to chains (target chain, request with id `[i]anchor`), in the order they were posted.
    pub requests: Vec<(ChainId, Request)>,
    /// Tokens to L1 addresses, in order.
    pub transfers: Vec<(Address, Balances)>,
}

impl OutboxEntry {
    /// Tokens leaving the chain's address with this entry.
    pub fn total(&self) -> Result<Balances, RuntimeError> {
        let mut total = Balances::new();
        let parts = self
            .requests
            .iter()
            .map(|(_, r)| &r.transfer)
            .chain(self.transfers.iter().map(|(_, b)| b));
        for tokens in parts {
            total.add_all(tokens).map_err(corrupt)?;
        }
        Ok(total)
    }
}

/// The aux change that records a block's outgoing requests and transfers; `None` when it sends nothing.
pub(crate) fn record(
    index: u32,
    outgoing: &[OutgoingRequest],
    transfers: &[(Address, Balances)],
) -> Option<AuxChange> {
    if outgoing.is_empty() && transfers.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&(outgoing.len() as u32).to_le_bytes());
    for o in outgoing {
        let params = o.params.encode();
        let transfer = o.transfer.encode();
        out.extend_from_slice(o.sender.as_bytes());
        out.extend_from_slice(&o.target.to_bytes());
        out.extend_from_slice(&o.entry_point.to_bytes());
        out.extend_from_slice(&(params.len() as u32).to_le_bytes());
        out.extend_from_slice(&params);
        out.extend_from_slice(&(transfer.len() as u32).to_le_bytes());
        out.extend_from_slice(&transfer);
    }
    out.extend_from_slice(&(transfers.len() as u32).to_le_bytes());
    for (address, tokens) in transfers {
        let tokens = tokens.encode();
        out.extend_from_slice(address.as_bytes());
        out.extend_from_slice(&(tokens.len() as u32).to_le_bytes());
        out.extend_from_slice(&tokens);
    }
    if outgoing.iter().any(|o| o.timelock != 0) {
        for o in outgoing {
            out.extend_from_slice(&o.timelock.to_le_bytes());
        }
    }
    Some((key(index), Some(out)))
}

type Decoded = (Vec<OutgoingRequest>, Vec<(Address, Balances)>);

fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut r = Reader::new(bytes);
    let n = r.u32("outgoing count")?;
    let mut outgoing = Vec::new();
    for _ in 0..n {
        let sender = AgentId::from_slice(r.bytes(AgentId::LEN, "outgoing sender")?)?;
        let target = ContractId::from_slice(r.bytes(36, "outgoing target")?)?;
        let entry_point = Hname(r.u32("outgoing entry point")?);
        let params = Dict::decode(r.bytes_u32("outgoing params")?)?;
        let transfer = Balances::decode(r.bytes_u32("outgoing transfer")?)?;
        outgoing.push(OutgoingRequest {
            sender,
            target,
            entry_point,
            params,
            transfer,
            timelock: 0,
        });
    }
    let n = r.u32("transfer count")?;
    let mut transfers = Vec::new();
    for _ in 0..n {
        let address = Address::from_slice(r.bytes(32, "transfer address")?)?;
        let tokens = Balances::decode(r.bytes_u32("transfer tokens")?)?;
        transfers.push((address, tokens));
    }
    // Time locks follow only when a request has one (entries without them read as before).
    if r.remaining() > 0 {
        for o in &mut outgoing {
            o.timelock = r.u32("outgoing time lock")?;
        }
    }
    r.finish("outbox entry")?;
    Ok((outgoing, transfers))
}

/// Every entry of `chain`'s outbox, oldest block first, with request ids filled in from the stored
/// blocks' state hashes.
pub(crate) fn list(store: &dyn Store, chain: &ChainId) -> Result<Vec<OutboxEntry>, RuntimeError> {
    let mut raw = Vec::new();
    store.aux_iterate_prefix(PREFIX, &mut |k, v| {
        raw.push((k.to_vec(), v.to_vec()));
        true
    })?;
    let mut entries = Vec::with_capacity(raw.len());
    for (k, v) in raw {
        let index_bytes: [u8; 4] = k[PREFIX.len()..]
            .try_into()
            .map_err(|_| corrupt("malformed key"))?;
        let block_index = u32::from_be_bytes(index_bytes);
        let (outgoing, transfers) = decode(&v).map_err(corrupt)?;
        let block = store
            .block(block_index)?
            .ok_or_else(|| corrupt(format!("block {block_index} is not stored")))?;
        let anchor = TxId(anchor_id(chain, block_index, &block.state_hash).0);
        let mut requests = Vec::with_capacity(outgoing.len());
        for (i, o) in outgoing.iter().enumerate() {
            let index = u16::try_from(i).map_err(|_| corrupt("too many outgoing requests"))?;
            requests.push((o.target.chain, o.to_request(anchor, index)));
        }
        entries.push(OutboxEntry {
            chain: *chain,
            block_index,
            requests,
            transfers,
        });
    }
    Ok(entries)
}

/// Removes block `index`'s entry (after it was anchored on L1).
pub(crate) fn clear(store: &dyn Store, index: u32) -> Result<(), RuntimeError> {
    Ok(store.aux_commit(&[(key(index), None)])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::Color;

    #[test]
    fn record_round_trips_and_rejects_truncation() {
        let mut params = Dict::new();
        params.set(b"x".to_vec(), b"1".to_vec()).unwrap();
        let out = vec![OutgoingRequest {
            sender: AgentId::contract(ChainId([1; 32]), Hname::new("a")),
            target: ContractId::new(ChainId([2; 32]), Hname::new("b")),
            entry_point: Hname::new("c"),
            params,
            transfer: Balances::single(Color::BASE, 5),
            timelock: 0,
        }];
        let transfers = vec![(Address([3; 32]), Balances::single(Color::BASE, 7))];
        let (_, value) = record(9, &out, &transfers).unwrap();
        let bytes = value.unwrap();
        assert_eq!(decode(&bytes).unwrap(), (out, transfers));
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(record(1, &[], &[]).is_none());
    }

    #[test]
    fn time_locks_are_recorded_only_when_there_is_one() {
        let request = |timelock| OutgoingRequest {
            sender: AgentId::contract(ChainId([1; 32]), Hname::new("a")),
            target: ContractId::new(ChainId([2; 32]), Hname::new("b")),
            entry_point: Hname::new("c"),
            params: Dict::new(),
            transfer: Balances::new(),
            timelock,
        };
        let plain = record(1, &[request(0), request(0)], &[])
            .unwrap()
            .1
            .unwrap();
        let locked = vec![request(0), request(1_700_000_060)];
        let bytes = record(1, &locked, &[]).unwrap().1.unwrap();
        assert_eq!(bytes.len(), plain.len() + 8);
        assert_eq!(decode(&bytes).unwrap().0, locked);
        assert_eq!(
            locked[1].to_request(TxId([0; 32]), 1).timelock,
            1_700_000_060
        );
        assert!(decode(&bytes[..bytes.len() - 2]).is_err());
    }
}
