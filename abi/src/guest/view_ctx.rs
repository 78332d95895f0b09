//! [`ViewCtx`]: what every entry point may do, and all a view may do.

use alloc::format;
use alloc::vec::Vec;
use core::cell::OnceCell;

use super::output::{decode, len, read, read_required, ShowKey};
use super::{panic, sys};
use crate::{AgentId, Balances, ChainId, Codec, Color, ContractId, Dict, Hash, Hname};

/// The context of a view: params, reads of the own state, views of other contracts, chain facts.
///
/// It has no method that writes, moves tokens, emits events or calls a func, so a view cannot even
/// try (the host would trap anyway). A [`FuncCtx`](super::FuncCtx) dereferences to a `ViewCtx`, so
/// helpers that only read can take `&ViewCtx` and serve both.
///
/// Every method is a host call charged gas; failures (a malformed value, out of gas, a failed nested
/// call) end the call through the host's `panic` with a message, so the methods return plain values.
pub struct ViewCtx {
    /// The call's params, fetched on first use.
    params: OnceCell<Dict>,
}

impl ViewCtx {
    /// A fresh context. Used by [`entry_points!`](crate::entry_points); contracts get theirs from it.
    #[doc(hidden)]
    pub fn __new() -> ViewCtx {
        ViewCtx {
            params: OnceCell::new(),
        }
    }

    /// All params of this call (fetched from the host once, then cached).
    pub fn params(&self) -> &Dict {
        self.params.get_or_init(|| {
            let bytes = read_required("params", |buf| {
                // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
                unsafe { sys::params(buf.as_mut_ptr(), len(buf.len())) }
            });
            decode(&bytes, "params dict from the host")
        })
    }

    /// The param `key` as a `T`, or `None` when absent. A present but malformed value fails the call
    /// with "bad param `key`: ...".
    pub fn param<T: Codec>(&self, key: &str) -> Option<T> {
        self.params()
            .get(key.as_bytes())
            .map(|bytes| decode(bytes, format_args!("param `{key}`")))
    }

    /// The param `key` as a `T`; fails the call with "missing param `key`" when absent.
    pub fn require<T: Codec>(&self, key: &str) -> T {
        match self.param(key) {
            Some(value) => value,
            None => panic(&format!("missing param `{key}`")),
        }
    }

    /// The raw value of `key` in the contract's own state.
    pub fn get_raw(&self, key: impl AsRef<[u8]>) -> Option<Vec<u8>> {
        let key = key.as_ref();
        read(|buf| {
            // SAFETY: `key` is readable for its length; the host writes at most `buf.len()` bytes.
            unsafe {
                sys::state_get(
                    key.as_ptr(),
                    len(key.len()),
                    buf.as_mut_ptr(),
                    len(buf.len()),
                )
            }
        })
    }

    /// The value of `key` in the contract's own state as a `T`, or `None` when absent. A malformed
    /// value fails the call.
    pub fn get<T: Codec>(&self, key: impl AsRef<[u8]>) -> Option<T> {
        let key = key.as_ref();
        self.get_raw(key)
            .map(|bytes| decode(&bytes, format_args!("state value under {}", ShowKey(key))))
    }

    /// True when `key` exists in the contract's own state.
    pub fn has(&self, key: impl AsRef<[u8]>) -> bool {
        let key = key.as_ref();
        // SAFETY: `key` is readable for its length.
        unsafe { sys::state_has(key.as_ptr(), len(key.len())) == 1 }
    }

    /// Every key/value of the contract's own state whose key starts with `prefix` (keys as stored,
    /// prefix included). Charged per entry and byte: keep prefixes narrow.
    pub fn prefix(&self, prefix: impl AsRef<[u8]>) -> Dict {
        let prefix = prefix.as_ref();
        let bytes = read_required("state prefix dict", |buf| {
            // SAFETY: `prefix` is readable for its length; the host writes at most `buf.len()` bytes.
            unsafe {
                sys::state_prefix(
                    prefix.as_ptr(),
                    len(prefix.len()),
                    buf.as_mut_ptr(),
                    len(buf.len()),
                )
            }
        });
        decode(&bytes, "state prefix dict from the host")
    }

    /// Calls view `entry` of contract `contract` on this chain and returns its results.
    pub fn call_view(&self, contract: Hname, entry: Hname, params: &Dict) -> Dict {
        let params = params.encode();
        let bytes = read_required("view results", |buf| {
            // SAFETY: `params` is readable for its length; the host writes at most `buf.len()` bytes.
            unsafe {
                sys::call_view(
                    contract.0 as i32,
                    entry.0 as i32,
                    params.as_ptr(),
                    len(params.len()),
                    buf.as_mut_ptr(),
                    len(buf.len()),
                )
            }
        });
        decode(&bytes, "view results dict from the host")
    }

    /// The running contract's hname.
    pub fn contract(&self) -> Hname {
        // SAFETY: no pointers.
        Hname(unsafe { sys::contract() } as u32)
    }

    /// The chain's id.
    pub fn chain_id(&self) -> ChainId {
        let mut out = [0u8; ChainId::LEN];
        // SAFETY: `out` has room for the 32 bytes the host writes.
        unsafe { sys::chain_id(out.as_mut_ptr()) };
        ChainId(out)
    }

    /// The running contract's id: this chain and [`ViewCtx::contract`].
    pub fn contract_id(&self) -> ContractId {
        ContractId::new(self.chain_id(), self.contract())
    }

    /// The running contract as an agent (the owner of its on-chain account).
    pub fn contract_agent(&self) -> AgentId {
        AgentId::from(self.contract_id())
    }

    /// The chain owner.
    pub fn chain_owner(&self) -> AgentId {
        let mut out = [0u8; AgentId::LEN];
        // SAFETY: `out` has room for the 36 bytes the host writes.
        unsafe { sys::chain_owner(out.as_mut_ptr()) };
        AgentId::from_bytes(out)
    }

    /// Unix nanoseconds: the request's time in a func, the state's time in a view.
    pub fn timestamp(&self) -> i64 {
        // SAFETY: no pointers.
        unsafe { sys::timestamp() }
    }

    /// The running contract's on-chain balances.
    pub fn balances(&self) -> Balances {
        let bytes = read_required("balances", |buf| {
            // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
            unsafe { sys::balances(buf.as_mut_ptr(), len(buf.len())) }
        });
        decode(&bytes, "balances from the host")
    }

    /// The running contract's balance of one colour.
    pub fn balance(&self, color: &Color) -> u64 {
        // SAFETY: `color` is 32 readable bytes.
        unsafe { sys::balance(color.0.as_ptr()) as u64 }
    }

    /// blake2b-256 of `data`, computed by the host (cheaper in gas and code size than hashing in Wasm).
    pub fn blake2b(&self, data: &[u8]) -> Hash {
        let mut out = [0u8; 32];
        // SAFETY: `data` is readable for its length; `out` has room for the 32 bytes written.
        unsafe { sys::blake2b(data.as_ptr(), len(data.len()), out.as_mut_ptr()) };
        Hash(out)
    }

    /// The hname of `name`, computed by the host (keeps blake2b out of the contract's code).
    pub fn hname(&self, name: &str) -> Hname {
        // SAFETY: `name` is readable for its length.
        Hname(unsafe { sys::hname(name.as_ptr(), len(name.len())) } as u32)
    }

    /// Writes a line to the node's log (not stored in state, not part of consensus).
    pub fn log(&self, msg: &str) {
        // SAFETY: `msg` is readable for its length.
        unsafe { sys::log(msg.as_ptr(), len(msg.len())) }
    }

    /// Gas left in the request's budget.
    pub fn gas_remaining(&self) -> u64 {
        // SAFETY: no pointers.
        unsafe { sys::gas_remaining() as u64 }
    }

    /// Fails the call with `msg` (same as [`crate::guest::panic`]).
    pub fn panic(&self, msg: &str) -> ! {
        panic(msg)
    }
}
