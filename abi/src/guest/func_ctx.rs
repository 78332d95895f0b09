//! [`FuncCtx`]: a func's context, the view's reads plus writes, calls, requests, tokens and events.

use core::ops::Deref;

use super::output::{decode, len, read_required};
use super::{sys, ViewCtx};
use crate::{Address, AgentId, Balances, Codec, ContractId, Dict, Hash, Hname, RequestId};

/// The context of a func. Dereferences to [`ViewCtx`] for params and every read.
///
/// Methods that change something take `&mut self`, so a helper that only gets `&FuncCtx` (or
/// `&ViewCtx`) visibly cannot. State writes are buffered by the host and kept only if the whole
/// request succeeds.
pub struct FuncCtx {
    view: ViewCtx,
}

impl Deref for FuncCtx {
    type Target = ViewCtx;

    fn deref(&self) -> &ViewCtx {
        &self.view
    }
}

impl FuncCtx {
    /// A fresh context. Used by [`entry_points!`](crate::entry_points); contracts get theirs from it.
    #[doc(hidden)]
    pub fn __new() -> FuncCtx {
        FuncCtx {
            view: ViewCtx::__new(),
        }
    }

    /// Sets `key` of the contract's own state to the encoding of `value`.
    pub fn set<T: Codec + ?Sized>(&mut self, key: impl AsRef<[u8]>, value: &T) {
        self.set_raw(key, &value.encode());
    }

    /// Sets `key` of the contract's own state to `value` as is.
    pub fn set_raw(&mut self, key: impl AsRef<[u8]>, value: &[u8]) {
        let key = key.as_ref();
        // SAFETY: `key` and `value` are readable for their lengths.
        unsafe {
            sys::state_set(
                key.as_ptr(),
                len(key.len()),
                value.as_ptr(),
                len(value.len()),
            )
        }
    }

    /// Deletes `key` from the contract's own state (no-op when absent).
    pub fn delete(&mut self, key: impl AsRef<[u8]>) {
        let key = key.as_ref();
        // SAFETY: `key` is readable for its length.
        unsafe { sys::state_delete(key.as_ptr(), len(key.len())) }
    }

    /// Calls func (or view) `entry` of contract `contract` on this chain, first moving `transfer` from
    /// this contract's account to the callee's; returns the callee's results. Fails the call when the
    /// balance is short or the callee fails.
    pub fn call(
        &mut self,
        contract: Hname,
        entry: Hname,
        params: &Dict,
        transfer: &Balances,
    ) -> Dict {
        let params = params.encode();
        let transfer = transfer.encode();
        let bytes = read_required("call results", |buf| {
            // SAFETY: `params` and `transfer` are readable for their lengths; the host writes at most
            // `buf.len()` bytes into `buf`.
            unsafe {
                sys::call(
                    contract.0 as i32,
                    entry.0 as i32,
                    params.as_ptr(),
                    len(params.len()),
                    transfer.as_ptr(),
                    len(transfer.len()),
                    buf.as_mut_ptr(),
                    len(buf.len()),
                )
            }
        });
        decode(&bytes, "call results dict from the host")
    }

    /// Posts a request to `entry` of contract `target` (this or another chain) carrying `transfer`
    /// from this contract's account. It runs in a later block; nothing comes back now.
    pub fn post(&mut self, target: &ContractId, entry: Hname, params: &Dict, transfer: &Balances) {
        let target = target.to_bytes();
        let params = params.encode();
        let transfer = transfer.encode();
        // SAFETY: `target` is 36 readable bytes; `params` and `transfer` are readable for their lengths.
        unsafe {
            sys::post(
                target.as_ptr(),
                entry.0 as i32,
                params.as_ptr(),
                len(params.len()),
                transfer.as_ptr(),
                len(transfer.len()),
            )
        }
    }

    /// Sends `tokens` from this contract's account to an L1 address.
    pub fn send(&mut self, address: &Address, tokens: &Balances) {
        let tokens = tokens.encode();
        // SAFETY: `address` is 32 readable bytes; `tokens` is readable for its length.
        unsafe { sys::send(address.0.as_ptr(), tokens.as_ptr(), len(tokens.len())) }
    }

    /// Emits an event: a UTF-8 line in the chain's eventlog under this contract.
    pub fn event(&mut self, msg: &str) {
        // SAFETY: `msg` is readable for its length.
        unsafe { sys::event(msg.as_ptr(), len(msg.len())) }
    }

    /// Who called this entry point: the request's sender for the first call, else the calling contract.
    /// This is who to check for permissions.
    pub fn caller(&self) -> AgentId {
        let mut out = [0u8; AgentId::LEN];
        // SAFETY: `out` has room for the 36 bytes the host writes.
        unsafe { sys::caller(out.as_mut_ptr()) };
        AgentId::from_bytes(out)
    }

    /// The sender of the request being processed (the same through every nested call).
    pub fn sender(&self) -> AgentId {
        let mut out = [0u8; AgentId::LEN];
        // SAFETY: `out` has room for the 36 bytes the host writes.
        unsafe { sys::sender(out.as_mut_ptr()) };
        AgentId::from_bytes(out)
    }

    /// The id of the request being processed.
    pub fn request_id(&self) -> RequestId {
        let mut out = [0u8; RequestId::LEN];
        // SAFETY: `out` has room for the 34 bytes the host writes.
        unsafe { sys::request_id(out.as_mut_ptr()) };
        decode(&out, "request id from the host")
    }

    /// The tokens that came with this call; they are already in this contract's account.
    pub fn incoming(&self) -> Balances {
        let bytes = read_required("incoming balances", |buf| {
            // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
            unsafe { sys::incoming(buf.as_mut_ptr(), len(buf.len())) }
        });
        decode(&bytes, "incoming balances from the host")
    }

    /// 32 bytes of entropy, the same on every node (derived from the block's entropy and the request).
    pub fn entropy(&self) -> Hash {
        let mut out = [0u8; 32];
        // SAFETY: `out` has room for the 32 bytes the host writes.
        unsafe { sys::entropy(out.as_mut_ptr()) };
        Hash(out)
    }
}
