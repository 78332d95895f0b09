//! `isc-abi`: the vocabulary shared by the iscvm host and the contracts it runs.
//!
//! Everything here has one canonical binary form, because every node must hash and compare the same bytes:
//! hnames, chain/agent/contract/request ids, colors, balances, dicts and the scalar value codecs. Every
//! decoder rejects malformed input with a typed [`DecodeError`] and never panics, since the bytes come from
//! requests and contracts.
#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod address;
mod agent_id;
mod balances;
mod base58;
mod blob;
mod chain_id;
mod codec;
mod color;
mod contract_id;
mod dict;
mod error;
#[cfg(feature = "guest")]
pub mod guest;
mod hash;
mod hex;
mod hname;
pub mod host_abi;
mod id32;
mod reader;
mod request_id;
#[cfg(test)]
mod strategies;
mod tx_id;

pub use address::Address;
pub use agent_id::{AgentId, ParseAgentIdError};
pub use balances::{BalanceError, Balances};
pub use base58::{ParseIdError, MAX_ID_TEXT_LEN};
pub use blob::{blob_hash, BLOB_FIELD_DESCRIPTION, BLOB_FIELD_PROGRAM, BLOB_FIELD_VM_TYPE};
pub use chain_id::ChainId;
pub use codec::Codec;
pub use color::Color;
pub use contract_id::{ContractId, ParseContractIdError};
pub use dict::{Dict, DictError, MAX_KEY_LEN};
pub use error::DecodeError;
pub use hash::{blake2b256, Blake2b256, Hash, HASH_LEN};
pub use hname::{Hname, ParseHnameError};
pub use reader::Reader;
pub use request_id::{ParseRequestIdError, RequestId};
pub use tx_id::TxId;
