//! The byte forms of what crosses the boundary: a block input in, a block result out, a list of
//! requests. Requests, dicts, balances, blocks, block infos and receipts keep the project's own
//! encodings (`Request`, `Dict`, `Balances`, `Block`, `BlockInfo`, `Receipt` codecs); the envelope only
//! frames them. Every integer is little-endian; `bytes` means a u32 length followed by that many
//! bytes. `ffi/README.md` documents the same layouts for implementers in other languages.

use isc_abi::{
    Address, AgentId, Balances, Codec, ContractId, DecodeError, Dict, Hash, Hname, Reader,
    RequestId,
};
use isc_native_contracts::blocklog::{BlockInfo, Receipt};
use isc_runtime::{BlockInput, BlockResult, Event, NotRun, OutgoingRequest, Request};
use isc_sandbox::Block;

/// The version byte every envelope starts with; a change of layout gets a new one.
pub const ISC_ENVELOPE_VERSION: u8 = 1;

/// Result flag: no request ran, nothing was committed, the result ends after the flag.
const NO_BLOCK: u8 = 0;
/// Result flag: a block was committed and the result follows.
const BLOCK: u8 = 1;

/// Bytes a framed request takes at least (its u32 length): the bound a forged count is checked
/// against before anything is decoded.
const MIN_REQUEST_LEN: usize = 4;

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    // Every framed item comes from a value whose own encoding fits a u32 length (dicts, blocks and
    // receipts are bounded far below 4 GiB by the chain's limits).
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn put_count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn version(r: &mut Reader<'_>, what: &'static str) -> Result<(), DecodeError> {
    match r.u8(what)? {
        ISC_ENVELOPE_VERSION => Ok(()),
        _ => Err(DecodeError::Invalid {
            what,
            reason: "unknown envelope version (this library reads version 1)",
        }),
    }
}

/// Block input: `version u8 (1) ‖ timestamp i64 ‖ entropy [32] ‖ previous anchor [32] ‖ count u32 ‖
/// per request: bytes(Request)`.
pub fn encode_block_input(input: &BlockInput) -> Vec<u8> {
    let mut out = Vec::with_capacity(77 + input.requests.len() * 160);
    out.push(ISC_ENVELOPE_VERSION);
    out.extend_from_slice(&input.timestamp.to_le_bytes());
    out.extend_from_slice(input.entropy.as_bytes());
    out.extend_from_slice(input.previous_anchor.as_bytes());
    put_count(&mut out, input.requests.len());
    for req in &input.requests {
        put_bytes(&mut out, &req.encode());
    }
    out
}

/// Parses [`encode_block_input`]'s form, rejecting anything else.
pub fn decode_block_input(bytes: &[u8]) -> Result<BlockInput, DecodeError> {
    let mut r = Reader::new(bytes);
    version(&mut r, "block input version")?;
    let timestamp = r.i64("block input timestamp")?;
    let entropy = Hash(r.array("block input entropy")?);
    let previous_anchor = Hash(r.array("block input previous anchor")?);
    let requests = decode_requests_from(&mut r, "block input requests")?;
    r.finish("block input")?;
    Ok(BlockInput {
        requests,
        timestamp,
        entropy,
        previous_anchor,
    })
}

fn decode_requests_from(
    r: &mut Reader<'_>,
    what: &'static str,
) -> Result<Vec<Request>, DecodeError> {
    let count = r.count(what, MIN_REQUEST_LEN)?;
    (0..count)
        .map(|_| Request::decode(r.bytes_u32("request")?))
        .collect()
}

/// A list of requests (the backlog): `count u32 ‖ per request: bytes(Request)`.
pub fn encode_requests(requests: &[Request]) -> Vec<u8> {
    let mut out = Vec::new();
    put_count(&mut out, requests.len());
    for req in requests {
        put_bytes(&mut out, &req.encode());
    }
    out
}

/// Parses [`encode_requests`]'s form.
pub fn decode_requests(bytes: &[u8]) -> Result<Vec<Request>, DecodeError> {
    let mut r = Reader::new(bytes);
    let requests = decode_requests_from(&mut r, "requests")?;
    r.finish("requests")?;
    Ok(requests)
}

/// An outgoing request: `sender [36] ‖ target contract id [36] ‖ entry u32 ‖ bytes(Dict params) ‖
/// bytes(Balances transfer) ‖ timelock u32`.
fn encode_outgoing(out: &mut Vec<u8>, o: &OutgoingRequest) {
    let mut item = Vec::with_capacity(120);
    item.extend_from_slice(o.sender.as_bytes());
    item.extend_from_slice(&o.target.to_bytes());
    item.extend_from_slice(&o.entry_point.to_bytes());
    put_bytes(&mut item, &o.params.encode());
    put_bytes(&mut item, &o.transfer.encode());
    item.extend_from_slice(&o.timelock.to_le_bytes());
    put_bytes(out, &item);
}

fn decode_outgoing(bytes: &[u8]) -> Result<OutgoingRequest, DecodeError> {
    let mut r = Reader::new(bytes);
    let o = OutgoingRequest {
        sender: AgentId::from_slice(r.bytes(AgentId::LEN, "outgoing sender")?)?,
        target: ContractId::from_slice(r.bytes(36, "outgoing target")?)?,
        entry_point: Hname(r.u32("outgoing entry point")?),
        params: Dict::decode(r.bytes_u32("outgoing params")?)?,
        transfer: Balances::decode(r.bytes_u32("outgoing transfer")?)?,
        timelock: r.u32("outgoing timelock")?,
    };
    r.finish("outgoing request")?;
    Ok(o)
}

/// The byte of each reason a request did not run.
fn not_run_parts(n: &NotRun) -> (u8, RequestId) {
    match n {
        NotRun::AlreadyProcessed(id) => (0, *id),
        NotRun::TimeLocked(id) => (1, *id),
        NotRun::BlockGasLimit(id) => (2, *id),
        NotRun::BlockOutputLimit(id) => (3, *id),
    }
}

/// Block result: `version u8 (1) ‖ flag u8`; flag 0: no request ran and nothing was committed (the
/// envelope ends there); flag 1: `state hash [32] ‖ bytes(Block) ‖ bytes(BlockInfo) ‖ receipts: count
/// u32, per receipt bytes(Receipt) ‖ events: count u32, per event contract u32 ‖ timestamp i64 ‖
/// bytes(UTF-8 text) ‖ outgoing requests: count u32, per request bytes(outgoing request) ‖
/// transfers to L1: count u32, per transfer address [32] ‖ bytes(Balances) ‖ not run: count u32, per
/// request reason u8 (0 already processed, 1 time-locked, 2 block gas limit, 3 block output limit) ‖
/// request id [34]`. Gas reports are not carried.
pub fn encode_block_result(result: Option<&BlockResult>) -> Vec<u8> {
    let Some(res) = result else {
        return vec![ISC_ENVELOPE_VERSION, NO_BLOCK];
    };
    let block_len = res.block.encoded_len();
    let mut out =
        Vec::with_capacity(128 + block_len + res.receipts.len() * 100 + res.events.len() * 80);
    out.push(ISC_ENVELOPE_VERSION);
    out.push(BLOCK);
    out.extend_from_slice(res.state_hash.as_bytes());
    put_count(&mut out, block_len);
    out.extend_from_slice(&res.block.encode());
    put_bytes(&mut out, &res.info.encode());
    for part in [
        ResultPart::Receipts,
        ResultPart::Events,
        ResultPart::Outgoing,
        ResultPart::Transfers,
        ResultPart::NotRun,
    ] {
        encode_part_into(&mut out, res, part);
    }
    out
}

/// A list of a block result, in the form it takes inside the block result envelope (a count u32
/// and the items), or the block's encoding: what `isc_block_result_part` hands out on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultPart {
    /// The Block encoding (not framed: the bytes that were hashed).
    Block,
    /// `count u32 ‖ per receipt bytes(Receipt)`.
    Receipts,
    /// `count u32 ‖ per event contract u32 ‖ timestamp i64 ‖ bytes(UTF-8 text)`.
    Events,
    /// `count u32 ‖ per request bytes(outgoing request)`.
    Outgoing,
    /// `count u32 ‖ per transfer address [32] ‖ bytes(Balances)`.
    Transfers,
    /// `count u32 ‖ per request reason u8 ‖ request id [34]`.
    NotRun,
}

/// `part` of `res`, encoded on its own (see [`ResultPart`]).
pub fn encode_block_result_part(res: &BlockResult, part: ResultPart) -> Vec<u8> {
    if part == ResultPart::Block {
        return res.block.encode();
    }
    let mut out = Vec::new();
    encode_part_into(&mut out, res, part);
    out
}

fn encode_part_into(out: &mut Vec<u8>, res: &BlockResult, part: ResultPart) {
    match part {
        ResultPart::Block => out.extend_from_slice(&res.block.encode()),
        ResultPart::Receipts => {
            out.reserve(4 + res.receipts.len() * 100);
            put_count(out, res.receipts.len());
            for rc in &res.receipts {
                put_bytes(out, &rc.encode());
            }
        }
        ResultPart::Events => {
            out.reserve(4 + res.events.len() * 80);
            put_count(out, res.events.len());
            for ev in &res.events {
                out.extend_from_slice(&ev.contract.to_bytes());
                out.extend_from_slice(&ev.timestamp.to_le_bytes());
                put_bytes(out, ev.text.as_bytes());
            }
        }
        ResultPart::Outgoing => {
            put_count(out, res.outgoing.len());
            for o in &res.outgoing {
                encode_outgoing(out, o);
            }
        }
        ResultPart::Transfers => {
            put_count(out, res.transfers.len());
            for (address, tokens) in &res.transfers {
                out.extend_from_slice(address.as_bytes());
                put_bytes(out, &tokens.encode());
            }
        }
        ResultPart::NotRun => {
            put_count(out, res.not_run.len());
            for n in &res.not_run {
                let (reason, id) = not_run_parts(n);
                out.push(reason);
                out.extend_from_slice(&id.to_bytes());
            }
        }
    }
}

/// Parses [`encode_block_result`]'s form: `None` for "no block".
pub fn decode_block_result(bytes: &[u8]) -> Result<Option<BlockResult>, DecodeError> {
    let mut r = Reader::new(bytes);
    version(&mut r, "block result version")?;
    match r.u8("block result flag")? {
        NO_BLOCK => {
            r.finish("block result")?;
            return Ok(None);
        }
        BLOCK => {}
        _ => {
            return Err(DecodeError::Invalid {
                what: "block result flag",
                reason: "not 0 or 1",
            })
        }
    }
    let state_hash = Hash(r.array("block result state hash")?);
    let block = Block::decode(r.bytes_u32("block result block")?)?;
    let info = BlockInfo::decode(r.bytes_u32("block result info")?)?;
    let receipts = (0..r.count("receipts", 4)?)
        .map(|_| Receipt::decode(r.bytes_u32("receipt")?))
        .collect::<Result<Vec<_>, _>>()?;
    let events = (0..r.count("events", 16)?)
        .map(|_| {
            Ok(Event {
                contract: Hname(r.u32("event contract")?),
                timestamp: r.i64("event timestamp")?,
                text: String::decode(r.bytes_u32("event text")?)?,
            })
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    let outgoing = (0..r.count("outgoing requests", 4)?)
        .map(|_| decode_outgoing(r.bytes_u32("outgoing request")?))
        .collect::<Result<Vec<_>, _>>()?;
    let transfers = (0..r.count("transfers", 36)?)
        .map(|_| {
            let address = Address(r.array("transfer address")?);
            Ok((address, Balances::decode(r.bytes_u32("transfer tokens")?)?))
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    let not_run = (0..r.count("not run", 1 + RequestId::LEN)?)
        .map(|_| {
            let reason = r.u8("not run reason")?;
            let id = RequestId::from_slice(r.bytes(RequestId::LEN, "not run request id")?)?;
            Ok(match reason {
                0 => NotRun::AlreadyProcessed(id),
                1 => NotRun::TimeLocked(id),
                2 => NotRun::BlockGasLimit(id),
                3 => NotRun::BlockOutputLimit(id),
                _ => {
                    return Err(DecodeError::Invalid {
                        what: "not run reason",
                        reason: "not 0 to 3",
                    })
                }
            })
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    r.finish("block result")?;
    Ok(Some(BlockResult {
        block,
        state_hash,
        receipts,
        events,
        outgoing,
        transfers,
        not_run,
        info,
        gas_reports: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::{Color, TxId};
    use isc_sandbox::{Mutation, StateUpdate};

    fn request(n: u8) -> Request {
        let mut params = Dict::new();
        params.set(b"n".to_vec(), 1u64.encode()).unwrap();
        Request {
            id: RequestId::new(TxId([n; 32]), u16::from(n)),
            sender: AgentId::address(Address([n; 32])),
            contract: Hname::new("accounts"),
            entry_point: Hname::new("transfer"),
            params,
            transfer: Balances::single(Color::BASE, 5),
            gas_budget: 9,
            timelock: 0,
        }
    }

    #[test]
    fn block_input_round_trips_and_rejects_truncation() {
        let input = BlockInput {
            requests: vec![request(1), request(2)],
            timestamp: 77,
            entropy: Hash([3; 32]),
            previous_anchor: Hash([4; 32]),
        };
        let bytes = encode_block_input(&input);
        let back = decode_block_input(&bytes).unwrap();
        assert_eq!(back.requests, input.requests);
        assert_eq!(
            (back.timestamp, back.entropy, back.previous_anchor),
            (77, input.entropy, input.previous_anchor)
        );
        for cut in 0..bytes.len() {
            assert!(decode_block_input(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(decode_block_input(&long).is_err());
        let mut other = bytes;
        other[0] = 2;
        assert!(decode_block_input(&other).is_err());
    }

    #[test]
    fn block_result_round_trips() {
        let id = RequestId::new(TxId([1; 32]), 0);
        let mut params = Dict::new();
        params.set(b"k".to_vec(), b"v".to_vec()).unwrap();
        let res = BlockResult {
            block: Block {
                index: 3,
                timestamp: 10,
                updates: vec![StateUpdate::new(
                    10,
                    vec![Mutation::from_entry(b"k".to_vec(), Some(b"v".to_vec()))],
                )],
            },
            state_hash: Hash([9; 32]),
            receipts: vec![Receipt {
                request_id: id,
                block_index: 3,
                request_index: 0,
                contract: Hname(1),
                entry_point: Hname(2),
                gas_budget: 100,
                gas_burned: 10,
                fee: 1,
                error: Some("no".into()),
            }],
            events: vec![Event {
                contract: Hname(1),
                timestamp: 10,
                text: "hello".into(),
            }],
            outgoing: vec![OutgoingRequest {
                sender: AgentId::address(Address([1; 32])),
                target: ContractId::new(isc_abi::ChainId([2; 32]), Hname(3)),
                entry_point: Hname(4),
                params,
                transfer: Balances::single(Color::BASE, 1),
                timelock: 5,
            }],
            transfers: vec![(Address([7; 32]), Balances::single(Color::BASE, 2))],
            not_run: vec![NotRun::TimeLocked(id), NotRun::BlockGasLimit(id)],
            info: BlockInfo {
                index: 3,
                timestamp: 10,
                total_requests: 1,
                successful_requests: 0,
                gas_burned: 10,
                fees: 1,
                previous_anchor: Hash([5; 32]),
            },
            gas_reports: Vec::new(),
        };
        let bytes = encode_block_result(Some(&res));
        let back = decode_block_result(&bytes).unwrap().unwrap();
        assert_eq!(encode_block_result(Some(&back)), bytes);
        assert_eq!(back.receipts, res.receipts);
        assert_eq!(back.outgoing, res.outgoing);
        assert_eq!(back.not_run, res.not_run);
        for cut in 0..bytes.len() {
            assert!(decode_block_result(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_block_result(&encode_block_result(None))
            .unwrap()
            .is_none());
    }
}
