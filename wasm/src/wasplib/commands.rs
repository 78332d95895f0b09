//! The commands a contract gives by writing root keys (`call`, `post`, `deploy`), the transfers to L1
//! addresses and the factory of new maps.
//!
//! Payloads (signed LEB128 integers; `bytes(x)` is a LEB128 length and `x`; object ids are v0.1.0
//! 64-bit, v0.2.0 32-bit integers, 0 for none):
//!
//! | command | v0.1.0 | v0.2.0 |
//! | --- | --- | --- |
//! | call | bytes(contract hname) bytes(function hname) params transfer | the same |
//! | post | bytes(contract id, 37) bytes(function hname) params transfer delay | bytes(chain id, 33) bytes(contract hname) bytes(function hname) params transfer delay |
//! | deploy | bytes(program hash) bytes(name) bytes(description) params | the same |
//!
//! A transfer object maps 32-byte colours to amounts (8 bytes LE); zero amounts are dropped, and a
//! transfer to an L1 address of nothing at all succeeds without sending in v0.1.0 and fails in
//! v0.2.0, as their hosts did. A post's delay: v0.1.0 passes it on as the request's time lock in Unix
//! seconds, as the original host did (so a small delay is in the past and the request runs at once);
//! v0.2.0 adds it, in seconds, to the request's timestamp, and a post there must carry tokens (a
//! transfer object with an amount that is not 0). Where iscvm and Wasp differ, iscvm's rules hold: a
//! request carries no extra request token, and a post's tokens come from the contract's on-chain
//! account.

use std::collections::BTreeMap;

use isc_abi::{Balances, Color, ContractId, Dict, Hash, Hname};
use isc_native_contracts::root;
use isc_sandbox::VmError;

use super::codec::{address_in, chain_in, contract_in, Payload};
use super::ctx::Ctx;
use super::frame::{Frame, Object, StoreRef};
use super::tags::{Key, Tag, Ty};

/// A failed nested operation: the node's failures and running out of gas pass through unchanged
/// (they are not the callee's message), anything else becomes the contract's panic.
fn nested(what: &str, e: VmError) -> VmError {
    if e.is_fatal() || matches!(e, VmError::OutOfGas(_)) {
        return e;
    }
    VmError::Panic(format!("root.{what}: {e}"))
}

impl Frame {
    fn payload_dict(&self, id: i64) -> Result<Dict, VmError> {
        let mut out = Dict::new();
        if id == 0 {
            return Ok(out);
        }
        let id =
            i32::try_from(id).map_err(|_| VmError::Panic(format!("invalid object id {id}")))?;
        for (k, v) in self.entries(id)? {
            out.set(k, v)
                .map_err(|e| VmError::Panic(format!("params: {e}")))?;
        }
        Ok(out)
    }

    fn payload_tokens(&self, id: i64, strict: bool) -> Result<Balances, VmError> {
        let mut out = Balances::new();
        if id == 0 {
            return Ok(out);
        }
        let id =
            i32::try_from(id).map_err(|_| VmError::Panic(format!("invalid object id {id}")))?;
        for (k, v) in self.entries(id)? {
            let Ok(color) = Color::from_slice(&k) else {
                if strict {
                    return Err(VmError::Panic("invalid color in transfer".into()));
                }
                continue;
            };
            let amount: [u8; 8] = v
                .as_slice()
                .try_into()
                .map_err(|_| VmError::Panic("invalid int64 length".into()))?;
            let amount = u64::from_le_bytes(amount);
            if self.tag == Tag::V01 && (amount as i64) < 0 {
                return Err(VmError::Panic("negative amount in transfer".into()));
            }
            out.add(color, amount)
                .map_err(|e| VmError::Panic(format!("transfer: {e}")))?;
        }
        Ok(out)
    }

    /// `call`: a synchronous call of a contract on this chain; its results become `return`.
    pub(super) fn call(&mut self, ctx: &mut Ctx<'_>, value: &[u8]) -> Result<(), VmError> {
        let mut p = Payload::new(self.tag, value);
        let contract = p.hname()?;
        let function = p.hname()?;
        let params = self.payload_dict(p.int()?)?;
        let transfer = self.payload_tokens(p.int()?, true)?;
        let result = match ctx {
            Ctx::Func(f) => f.call(contract, function, params, transfer),
            Ctx::View(v) if transfer.is_empty() => v.call_view(contract, function, params),
            Ctx::View(_) => Err(VmError::Panic("a view cannot transfer tokens".into())),
            Ctx::Load(_) => Err(VmError::Panic("root.missing context".into())),
        }
        .map_err(|e| nested("failed to invoke call", e))?;
        let map = self.type_id(Ty::Map);
        let key = self.tag.key_id(Key::Return).unwrap_or(0);
        let ret = self.root_object(ctx, key, map)?;
        let store = self.new_store(super::root::dict_entries(&result));
        // The return object keeps its type registrations and children, as the original host's did.
        self.dict_mut(ret).store = StoreRef::Local(store);
        Ok(())
    }

    fn type_id(&self, ty: Ty) -> i32 {
        self.tag.type_id(ty).unwrap_or(0)
    }

    /// `post`: a request to a contract, run in a later block.
    pub(super) fn post(&mut self, ctx: &mut Ctx<'_>, value: &[u8]) -> Result<(), VmError> {
        let tag = self.tag;
        let mut p = Payload::new(tag, value);
        let target = match tag {
            Tag::V01 => contract_in(tag, p.bytes()?)?,
            Tag::V02 => {
                let chain = chain_in(tag, p.bytes()?)?;
                ContractId {
                    chain,
                    hname: p.hname()?,
                }
            }
        };
        let function = p.hname()?;
        let params = self.payload_dict(p.int()?)?;
        let transfer_id = p.int()?;
        let delay = p.int()?;
        if tag == Tag::V02 && transfer_id == 0 {
            return Err(VmError::Panic("root.transfer is required for post".into()));
        }
        let transfer = self.payload_tokens(transfer_id, true)?;
        let sandbox = ctx.func(|| "root.post: not available in a view".into())?;
        let timelock = match tag {
            Tag::V01 if delay < -1 => {
                return Err(VmError::Panic(format!("root.invalid delay: {delay}")))
            }
            Tag::V01 => delay as u32,
            Tag::V02 if delay < 0 => {
                return Err(VmError::Panic(format!("root.invalid delay: {delay}")))
            }
            Tag::V02 if delay == 0 => 0,
            Tag::V02 => {
                let now = sandbox.timestamp()?.div_euclid(1_000_000_000);
                u32::try_from(now.saturating_add(delay)).unwrap_or(u32::MAX)
            }
        };
        // v0.2.0's host sent a post as tokens to the chain's address: with every amount 0 there was
        // nothing to send and the post failed.
        if tag == Tag::V02 && transfer.is_empty() {
            return Err(VmError::Panic(format!(
                "root.failed to send to {}: the transfer is empty",
                target.chain
            )));
        }
        match sandbox.post_request_at(target, function, params, transfer, timelock) {
            // v0.1.0's host ignored a post the contract could not pay for.
            Err(VmError::InsufficientFunds(_)) if tag == Tag::V01 => Ok(()),
            other => other.map_err(|e| nested("failed to post", e)),
        }
    }

    /// `deploy`: a new contract from a program in the blob registry, through root.
    pub(super) fn deploy(&mut self, ctx: &mut Ctx<'_>, value: &[u8]) -> Result<(), VmError> {
        let mut p = Payload::new(self.tag, value);
        let program = Hash(p.fixed::<32>("program hash")?);
        let name = p.bytes()?.to_vec();
        let description = p.bytes()?.to_vec();
        let mut params = self.payload_dict(p.int()?)?;
        let field = |e: isc_abi::DictError| VmError::Panic(format!("root.failed to deploy: {e}"));
        params
            .set(root::keys::PROGRAM_HASH.as_bytes(), program.0.to_vec())
            .map_err(field)?;
        params
            .set(root::keys::NAME.as_bytes(), name)
            .map_err(field)?;
        if !description.is_empty() {
            params
                .set(root::keys::DESCRIPTION.as_bytes(), description)
                .map_err(field)?;
        }
        ctx.func(|| "root.deploy: not available in a view".into())?
            .call(
                root::CONTRACT.hname(),
                Hname::new(root::names::DEPLOY_CONTRACT),
                params,
                Balances::new(),
            )
            .map(|_| ())
            .map_err(|e| nested("failed to deploy", e))
    }

    /// An element of the `maps` factory: index `count` makes a new map. v0.1.0's factory never
    /// counted what it made, so every new map of a call is the same one (as in the original host).
    pub(super) fn maps_object(&mut self, obj: i32, key: i32, ty: i32) -> Result<i32, VmError> {
        self.array_element(obj, key, ty, |f| {
            let name = format!("{}.{key}", f.object_name(obj));
            f.new_map(name, BTreeMap::new())
        })
    }

    /// An element of `transfers`: index `count` makes a new transfer (v0.1.0 reuses index 0, as the
    /// original host's length never grew).
    pub(super) fn transfers_object(&mut self, obj: i32, key: i32, ty: i32) -> Result<i32, VmError> {
        self.array_element(obj, key, ty, |f| {
            f.add(Object::TransferInfo { address: None })
        })
    }

    /// Element `key` of a root array of maps (`maps` or `transfers`): the cached one, or at index
    /// `count` a new one made by `make` (v0.2.0 then counts it; v0.1.0 never did).
    fn array_element(
        &mut self,
        obj: i32,
        key: i32,
        ty: i32,
        make: impl FnOnce(&mut Self) -> Result<i32, VmError>,
    ) -> Result<i32, VmError> {
        let (count, cached) = match &self.objects[obj as usize] {
            Object::Maps { count, subs } | Object::Transfers { count, subs } => {
                (*count, subs.get(&key).copied())
            }
            _ => return Err(self.invalid_key(obj, key)),
        };
        if self.tag.ty(ty) != Some(Ty::Map) {
            return Err(self.fail(
                &self.object_name(obj),
                "GetArrayObjectId: Invalid type",
                "GetArrayObjectID: invalid type",
            ));
        }
        if let Some(id) = cached {
            return Ok(id);
        }
        if key < 0 || key > count {
            return Err(self.fail(
                &self.object_name(obj),
                "GetArrayObjectId: Invalid index",
                "GetArrayObjectID: invalid index",
            ));
        }
        let id = make(self)?;
        let grows = self.tag == Tag::V02;
        if let Object::Maps { count, subs } | Object::Transfers { count, subs } =
            &mut self.objects[obj as usize]
        {
            subs.insert(key, id);
            if grows {
                *count += 1;
            }
        }
        Ok(id)
    }

    /// A write to a transfer: its address, then its balances (the id of a map of colour → amount),
    /// which sends the tokens from the contract's account.
    pub(super) fn transfer_set(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        value: &[u8],
    ) -> Result<(), VmError> {
        match self.predefined(key) {
            Some(Key::Address) => {
                let address = address_in(self.tag, value).map_err(|e| {
                    VmError::Panic(format!("{}.SetBytes: {e}", self.object_name(obj)))
                })?;
                if let Object::TransferInfo { address: a } = &mut self.objects[obj as usize] {
                    *a = Some(address);
                }
                Ok(())
            }
            Some(Key::Balances) => {
                let Object::TransferInfo { address } = &self.objects[obj as usize] else {
                    return Err(self.invalid_key(obj, key));
                };
                let address = address.ok_or_else(|| {
                    VmError::Panic(format!("{}.SetBytes: no address", self.object_name(obj)))
                })?;
                let map_id = match value.len() {
                    8 => i64::from_le_bytes(value.try_into().unwrap_or_default()),
                    4 => i64::from(i32::from_le_bytes(value.try_into().unwrap_or_default())),
                    _ => return Err(VmError::Panic("invalid int64 length".into())),
                };
                let tokens = self.payload_tokens(map_id, false)?;
                // v0.1.0's host dropped zero amounts and sent what was left, so a transfer of
                // nothing succeeded and sent nothing; v0.2.0's refused an empty transfer.
                let sandbox = ctx.func(|| "transfers: not available in a view".into())?;
                if tokens.is_empty() && self.tag == Tag::V01 {
                    return Ok(());
                }
                let what = self.word("failed to transfer to", "failed to send to");
                sandbox.send_to_address(address, tokens).map_err(|e| {
                    if e.is_fatal() || matches!(e, VmError::OutOfGas(_)) {
                        e
                    } else {
                        VmError::Panic(format!("{}.{what} {address}: {e}", self.object_name(obj)))
                    }
                })
            }
            _ => Err(self.invalid_key(obj, key)),
        }
    }
}
