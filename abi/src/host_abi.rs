//! The host ABI: what a Wasm contract imports from module `isc`, and how it exports entry points.
//!
//! # Exports
//!
//! - `memory`: the contract's linear memory (required).
//! - `fn:NAME`: a func entry point, type `() -> ()`; `view:NAME`: a view entry point, type `() -> ()`. The
//!   host indexes them by `hname(NAME)`; two exports with the same hname are rejected. `fn:init` is
//!   optional and runs once, when root deploys the contract (it gets the deployment's extra params);
//!   any later call of `init`, by a request or by another contract, fails with "repeating init call".
//!   `view:init` is rejected: `init` must be a func.
//!
//! # Conventions
//!
//! - Every pointer and length is an `i32` into the contract's memory; the host bounds-checks every
//!   range and traps (`host: out of bounds ...`) if one is outside memory.
//! - Variable-length outputs are copied into a buffer the caller provides (`buf`, `cap`): the call
//!   returns the full length and copies `min(length, cap)` bytes. The host also keeps the last output so
//!   that [`OUTPUT`] can fetch all of it when `cap` was too small, without running the operation again.
//! - `-1` means "absent" where an output can be absent ([`STATE_GET`]).
//! - Fixed-size outputs (ids, hashes) are written to `out`, which must have room for them.
//! - Maps (params, results, balances) travel in their canonical encodings ([`crate::Dict`],
//!   [`crate::Balances`]).
//! - Anything that makes the call fail (out of gas, a failed nested call, insufficient funds, a limit, a
//!   bad encoding, [`PANIC`]) traps; the request's receipt gets the precise error.
//! - Every import is charged: its sandbox operation's cost from the gas schedule (fixed plus per byte),
//!   and [`crate::host_abi::OUTPUT_COST_PER_BYTE`] per byte copied into the guest.
//! - A view gets only the read-only imports; calling a func-only import from a view traps.

/// The import module.
pub const MODULE: &str = "isc";

/// Gas per byte the host copies into guest memory (outputs), on top of the operation's own cost.
pub const OUTPUT_COST_PER_BYTE: u64 = 1;

/// `(buf: i32, cap: i32) -> i32`: the encoded params dict of this call.
pub const PARAMS: &str = "params";
/// `(buf: i32, cap: i32) -> i32`: copies the last variable-length output again.
pub const OUTPUT: &str = "output";
/// `(key: i32, key_len: i32, buf: i32, cap: i32) -> i32`: value of a key of the own partition, or -1.
pub const STATE_GET: &str = "state_get";
/// `(key: i32, key_len: i32) -> i32`: 1 if the key exists, else 0.
pub const STATE_HAS: &str = "state_has";
/// `(prefix: i32, prefix_len: i32, buf: i32, cap: i32) -> i32`: every key/value of the own partition
/// under the prefix, as an encoded dict.
pub const STATE_PREFIX: &str = "state_prefix";
/// `(contract: i32, entry: i32, params: i32, params_len: i32, buf: i32, cap: i32) -> i32`: calls a view;
/// returns its encoded results.
pub const CALL_VIEW: &str = "call_view";
/// `() -> i32`: the running contract's hname.
pub const CONTRACT: &str = "contract";
/// `(out: i32)`: the chain id (32 bytes).
pub const CHAIN_ID: &str = "chain_id";
/// `(out: i32)`: the chain owner's agent id (36 bytes).
pub const CHAIN_OWNER: &str = "chain_owner";
/// `() -> i64`: timestamp of the request (funcs) or of the state (views), Unix ns.
pub const TIMESTAMP: &str = "timestamp";
/// `(buf: i32, cap: i32) -> i32`: the running contract's encoded balances.
pub const BALANCES: &str = "balances";
/// `(color: i32) -> i64`: the running contract's balance of one colour (32 bytes at `color`).
pub const BALANCE: &str = "balance";
/// `(data: i32, len: i32, out: i32)`: blake2b-256 of the data (32 bytes to `out`).
pub const BLAKE2B: &str = "blake2b";
/// `(name: i32, len: i32) -> i32`: the hname of a UTF-8 name.
pub const HNAME: &str = "hname";
/// `(msg: i32, len: i32)`: a UTF-8 line for the node log.
pub const LOG: &str = "log";
/// `() -> i64`: gas left in the request's budget.
pub const GAS_REMAINING: &str = "gas_remaining";
/// `(data: i32, len: i32)`: sets the entry point's results (an encoded dict); the last call wins.
pub const RESULTS: &str = "results";
/// `(msg: i32, len: i32)`: fails the call with this UTF-8 message. Never returns.
pub const PANIC: &str = "panic";

/// Func only. `(key: i32, key_len: i32, value: i32, value_len: i32)`: sets a key of the own partition.
/// An empty key fails the call ("state key must not be empty").
pub const STATE_SET: &str = "state_set";
/// Func only. `(key: i32, key_len: i32)`: deletes a key of the own partition (an empty key fails the
/// call, as for `state_set`).
pub const STATE_DELETE: &str = "state_delete";
/// Func only. `(contract: i32, entry: i32, params: i32, params_len: i32, transfer: i32, transfer_len:
/// i32, buf: i32, cap: i32) -> i32`: calls a func or view of a contract on this chain, moving the
/// encoded balances `transfer` from this contract's account first; returns the encoded results.
pub const CALL: &str = "call";
/// Func only. `(target: i32, entry: i32, params: i32, params_len: i32, transfer: i32, transfer_len:
/// i32)`: posts a request to contract id `target` (36 bytes: chain id ‖ hname LE), paid from this
/// contract's account.
pub const POST: &str = "post";
/// Func only. `(address: i32, tokens: i32, tokens_len: i32)`: sends encoded balances from this
/// contract's account to an L1 address (32 bytes).
pub const SEND: &str = "send";
/// Func only. `(msg: i32, len: i32)`: emits a UTF-8 event.
pub const EVENT: &str = "event";
/// Func only. `(out: i32)`: the caller's agent id (36 bytes).
pub const CALLER: &str = "caller";
/// Func only. `(out: i32)`: the request sender's agent id (36 bytes).
pub const SENDER: &str = "sender";
/// Func only. `(out: i32)`: the request id (34 bytes).
pub const REQUEST_ID: &str = "request_id";
/// Func only. `(buf: i32, cap: i32) -> i32`: the encoded balances that came with this call.
pub const INCOMING: &str = "incoming";
/// Func only. `(out: i32)`: 32 bytes of entropy.
pub const ENTROPY: &str = "entropy";

/// Imports available to views (and funcs).
pub const VIEW_IMPORTS: &[&str] = &[
    PARAMS,
    OUTPUT,
    STATE_GET,
    STATE_HAS,
    STATE_PREFIX,
    CALL_VIEW,
    CONTRACT,
    CHAIN_ID,
    CHAIN_OWNER,
    TIMESTAMP,
    BALANCES,
    BALANCE,
    BLAKE2B,
    HNAME,
    LOG,
    GAS_REMAINING,
    RESULTS,
    PANIC,
];

/// Imports available to funcs only.
pub const FUNC_IMPORTS: &[&str] = &[
    STATE_SET,
    STATE_DELETE,
    CALL,
    POST,
    SEND,
    EVENT,
    CALLER,
    SENDER,
    REQUEST_ID,
    INCOMING,
    ENTROPY,
];

/// Export name prefix of funcs.
pub const FUNC_PREFIX: &str = "fn:";
/// Export name prefix of views.
pub const VIEW_PREFIX: &str = "view:";
/// The exported memory's name.
pub const MEMORY: &str = "memory";

/// The value types of an import: `(params, results)`, `'i'` for i32 and `'I'` for i64. The host and
/// the validator check imports against this table.
pub fn signature(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        PARAMS | OUTPUT | BALANCES | INCOMING => ("ii", "i"),
        STATE_GET | STATE_PREFIX => ("iiii", "i"),
        STATE_HAS | HNAME => ("ii", "i"),
        CALL_VIEW => ("iiiiii", "i"),
        CONTRACT => ("", "i"),
        CHAIN_ID | CHAIN_OWNER | CALLER | SENDER | REQUEST_ID | ENTROPY => ("i", ""),
        TIMESTAMP | GAS_REMAINING => ("", "I"),
        BALANCE => ("i", "I"),
        BLAKE2B => ("iii", ""),
        LOG | RESULTS | PANIC | EVENT | STATE_DELETE => ("ii", ""),
        STATE_SET => ("iiii", ""),
        CALL => ("iiiiiiii", "i"),
        POST => ("iiiiii", ""),
        SEND => ("iii", ""),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_import_has_a_signature_and_names_are_unique() {
        let mut all: alloc::vec::Vec<&str> =
            VIEW_IMPORTS.iter().chain(FUNC_IMPORTS).copied().collect();
        for name in &all {
            assert!(signature(name).is_some(), "{name}");
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(signature("nonsense").is_none());
    }
}
