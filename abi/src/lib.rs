//! `isc-abi`: the vocabulary shared by the iscvm host and the contracts it runs.
//!
//! Everything here has one canonical binary form, because every node must hash and compare the same bytes:
//! hnames, chain/agent/contract/request ids, colors, balances, dicts and the scalar value codecs. Every
//! decoder rejects malformed input with a typed [`DecodeError`] and never panics, since the bytes come from
//! requests and contracts.
#![no_std]
#![deny(missing_docs)]

extern crate alloc;

mod error;
mod hash;
mod hex;
mod hname;
mod reader;

pub use error::DecodeError;
pub use hash::{blake2b256, Hash, HASH_LEN};
pub use hname::{Hname, ParseHnameError};
pub use reader::Reader;
