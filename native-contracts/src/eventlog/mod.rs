//! eventlog: a timestamped log of events per contract (contract events and one line per request).
//!
//! Layout inside the eventlog partition: `n` ‖ hname → record count (u32 LE); `r` ‖ hname ‖ index
//! (u32 big-endian, so keys sort by index) → timestamp (i64 LE) ‖ UTF-8 text.

mod entries;

use isc_abi::{Codec, Hname};
use isc_sandbox::VmError;

use crate::kv::{StateRead, StateWrite};
use crate::native::{Handler, NativeContract};

/// Entry point names.
pub mod names {
    /// View: number of records of contract `contractHname`.
    pub const GET_NUM_RECORDS: &str = "getNumRecords";
    /// View: records of `contractHname` between `fromTs` and `toTs`, at most `maxLastRecords`, newest first.
    pub const GET_RECORDS: &str = "getRecords";
}

/// Param and result keys.
pub mod keys {
    /// The contract whose records are asked for.
    pub const CONTRACT_HNAME: &str = "contractHname";
    /// Earliest timestamp (inclusive, default 0).
    pub const FROM_TS: &str = "fromTs";
    /// Latest timestamp (inclusive, default i64::MAX).
    pub const TO_TS: &str = "toTs";
    /// At most this many records (default and maximum [`super::MAX_RECORDS`]).
    pub const MAX_LAST_RECORDS: &str = "maxLastRecords";
    /// Number of records (result).
    pub const NUM_RECORDS: &str = "numRecords";
}

/// Most records one `getRecords` returns.
pub const MAX_RECORDS: u32 = 1000;

/// The eventlog contract.
pub static CONTRACT: NativeContract = NativeContract {
    name: "eventlog",
    hname: Hname(0x661a_a7d8),
    description: "Event log",
    entry_points: &[
        (
            names::GET_NUM_RECORDS,
            Handler::View(entries::get_num_records),
        ),
        (names::GET_RECORDS, Handler::View(entries::get_records)),
    ],
};

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// When (Unix ns).
    pub timestamp: i64,
    /// What.
    pub text: String,
}

impl Record {
    /// timestamp i64 LE ‖ UTF-8 text.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.text.len());
        out.extend_from_slice(&self.timestamp.to_le_bytes());
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// Decodes [`Record::encode`]'s form.
    pub fn decode(bytes: &[u8]) -> Result<Record, isc_abi::DecodeError> {
        let mut r = isc_abi::Reader::new(bytes);
        let timestamp = r.i64("event timestamp")?;
        let text = String::decode(r.bytes(r.remaining(), "event text")?)?;
        Ok(Record { timestamp, text })
    }
}

fn count_key(contract: Hname) -> Vec<u8> {
    let mut key = vec![b'n'];
    key.extend_from_slice(&contract.to_bytes());
    key
}

fn record_key(contract: Hname, index: u32) -> Vec<u8> {
    let mut key = vec![b'r'];
    key.extend_from_slice(&contract.to_bytes());
    key.extend_from_slice(&index.to_be_bytes());
    key
}

fn corrupt(e: impl std::fmt::Display) -> VmError {
    VmError::Store(format!("corrupt eventlog record: {e}"))
}

/// Number of records of `contract`.
pub fn num_records(state: &mut dyn StateRead, contract: Hname) -> Result<u32, VmError> {
    match state.get(&count_key(contract))? {
        None => Ok(0),
        Some(bytes) => u32::decode(&bytes).map_err(corrupt),
    }
}

/// Record `index` of `contract`.
pub fn record(
    state: &mut dyn StateRead,
    contract: Hname,
    index: u32,
) -> Result<Option<Record>, VmError> {
    match state.get(&record_key(contract, index))? {
        None => Ok(None),
        Some(bytes) => Record::decode(&bytes).map(Some).map_err(corrupt),
    }
}

/// Appends a record to `contract`'s log.
pub fn append(
    state: &mut dyn StateWrite,
    contract: Hname,
    timestamp: i64,
    text: &str,
) -> Result<(), VmError> {
    let n = num_records(state, contract)?;
    let record = Record {
        timestamp,
        text: text.to_string(),
    };
    state.set(&record_key(contract, n), &record.encode())?;
    state.set(&count_key(contract), &(n.wrapping_add(1)).encode())
}

/// Records of `contract` with `from <= timestamp <= to`, at most `max`, newest first.
pub fn records(
    state: &mut dyn StateRead,
    contract: Hname,
    from: i64,
    to: i64,
    max: u32,
) -> Result<Vec<Record>, VmError> {
    let mut out = Vec::new();
    let mut index = num_records(state, contract)?;
    while index > 0 && (out.len() as u32) < max {
        index -= 1;
        let Some(rec) = record(state, contract, index)? else {
            break;
        };
        if rec.timestamp < from {
            break;
        }
        if rec.timestamp <= to {
            out.push(rec);
        }
    }
    Ok(out)
}
