//! The records blocklog keeps.

use isc_abi::{Codec, DecodeError, Hash, Hname, Reader, RequestId};

/// What a block did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockInfo {
    /// Block index.
    pub index: u32,
    /// Block timestamp (Unix ns): the timestamp of its first request.
    pub timestamp: i64,
    /// Requests processed (succeeded or failed).
    pub total_requests: u32,
    /// Requests that succeeded.
    pub successful_requests: u32,
    /// Gas burned by all requests.
    pub gas_burned: u64,
    /// Fees charged by all requests (in the fee colour).
    pub fees: u64,
    /// Anchor transaction id of the previous block (its anchor is only known after it was committed).
    pub previous_anchor: Hash,
}

impl Codec for BlockInfo {
    /// index u32 ‖ timestamp i64 ‖ total u32 ‖ successful u32 ‖ gas u64 ‖ fees u64 ‖ anchor (32), all LE.
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(68);
        out.extend_from_slice(&self.index.to_le_bytes());
        out.extend_from_slice(&self.timestamp.to_le_bytes());
        out.extend_from_slice(&self.total_requests.to_le_bytes());
        out.extend_from_slice(&self.successful_requests.to_le_bytes());
        out.extend_from_slice(&self.gas_burned.to_le_bytes());
        out.extend_from_slice(&self.fees.to_le_bytes());
        out.extend_from_slice(self.previous_anchor.as_bytes());
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let info = BlockInfo {
            index: r.u32("block info index")?,
            timestamp: r.i64("block info timestamp")?,
            total_requests: r.u32("block info total")?,
            successful_requests: r.u32("block info successful")?,
            gas_burned: r.u64("block info gas")?,
            fees: r.u64("block info fees")?,
            previous_anchor: Hash(r.array("block info anchor")?),
        };
        r.finish("block info")?;
        Ok(info)
    }
}

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The request.
    pub request_id: RequestId,
    /// Block it was processed in.
    pub block_index: u32,
    /// Its position among the block's processed requests.
    pub request_index: u16,
    /// Target contract.
    pub contract: Hname,
    /// Target entry point.
    pub entry_point: Hname,
    /// Gas budget it ran with (after clamping to limits and to what the sender can pay).
    pub gas_budget: u64,
    /// Gas burned.
    pub gas_burned: u64,
    /// Fee charged.
    pub fee: u64,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<String>,
}

impl Codec for Receipt {
    /// request id (34) ‖ block u32 ‖ index u16 ‖ contract u32 ‖ entry u32 ‖ budget u64 ‖ burned u64 ‖
    /// fee u64 ‖ error flag u8 (0 none, 1 some) ‖ (u32 length + UTF-8 error), all LE.
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(80);
        out.extend_from_slice(&self.request_id.to_bytes());
        out.extend_from_slice(&self.block_index.to_le_bytes());
        out.extend_from_slice(&self.request_index.to_le_bytes());
        out.extend_from_slice(&self.contract.to_bytes());
        out.extend_from_slice(&self.entry_point.to_bytes());
        out.extend_from_slice(&self.gas_budget.to_le_bytes());
        out.extend_from_slice(&self.gas_burned.to_le_bytes());
        out.extend_from_slice(&self.fee.to_le_bytes());
        match &self.error {
            None => out.push(0),
            Some(e) => {
                out.push(1);
                out.extend_from_slice(&(e.len() as u32).to_le_bytes());
                out.extend_from_slice(e.as_bytes());
            }
        }
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let request_id = RequestId::from_slice(r.bytes(RequestId::LEN, "receipt request id")?)?;
        let block_index = r.u32("receipt block")?;
        let request_index = r.u16("receipt index")?;
        let contract = Hname(r.u32("receipt contract")?);
        let entry_point = Hname(r.u32("receipt entry point")?);
        let gas_budget = r.u64("receipt budget")?;
        let gas_burned = r.u64("receipt burned")?;
        let fee = r.u64("receipt fee")?;
        let error = match r.u8("receipt error flag")? {
            0 => None,
            1 => Some(String::decode(r.bytes_u32("receipt error")?)?),
            _ => {
                return Err(DecodeError::Invalid {
                    what: "receipt error flag",
                    reason: "not 0 or 1",
                })
            }
        };
        r.finish("receipt")?;
        Ok(Receipt {
            request_id,
            block_index,
            request_index,
            contract,
            entry_point,
            gas_budget,
            gas_burned,
            fee,
            error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::TxId;

    #[test]
    fn block_info_round_trip() {
        let info = BlockInfo {
            index: 3,
            timestamp: -5,
            total_requests: 10,
            successful_requests: 9,
            gas_burned: 1234,
            fees: 2,
            previous_anchor: Hash([1; 32]),
        };
        assert_eq!(BlockInfo::decode(&info.encode()), Ok(info.clone()));
        assert!(BlockInfo::decode(&info.encode()[1..]).is_err());
    }

    #[test]
    fn receipt_round_trip_and_bad_flag() {
        for error in [None, Some("panic: boom".to_string())] {
            let rc = Receipt {
                request_id: RequestId::new(TxId([4; 32]), 7),
                block_index: 1,
                request_index: 2,
                contract: Hname(5),
                entry_point: Hname(6),
                gas_budget: 100,
                gas_burned: 50,
                fee: 1,
                error,
            };
            assert_eq!(Receipt::decode(&rc.encode()), Ok(rc.clone()));
        }
        let mut bytes = Receipt {
            request_id: RequestId::new(TxId([4; 32]), 7),
            block_index: 1,
            request_index: 2,
            contract: Hname(5),
            entry_point: Hname(6),
            gas_budget: 100,
            gas_burned: 50,
            fee: 1,
            error: None,
        }
        .encode();
        *bytes.last_mut().unwrap() = 2;
        assert!(matches!(
            Receipt::decode(&bytes),
            Err(DecodeError::Invalid { .. })
        ));
    }
}
