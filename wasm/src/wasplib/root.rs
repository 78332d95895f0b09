//! The root object (id 1): the call's context values, the objects hanging off it, and the keys whose
//! writes are commands (`call`, `post`, `deploy`, `log`, `trace`, `event`, `panic`).
//!
//! | key | kind | where |
//! | --- | --- | --- |
//! | state, params, results, return, balances, utility | map | funcs and views |
//! | incoming (and `minted`, v0.2.0) | map | funcs |
//! | maps, transfers | array of maps | funcs and views (transfers execute in funcs only) |
//! | exports | array of strings | `on_load` only |
//! | caller, requestId (and `minted`, v0.1.0) | value | funcs |
//! | timestamp | value | funcs (v0.1.0); funcs and views (v0.2.0) |
//! | chainOwnerId, contractCreator, contractId (v0.1.0), accountID, chainID, contract (v0.2.0) | value | funcs and views |
//! | call, log, trace, panic | command | funcs and views |
//! | post, deploy, event | command | funcs |
//!
//! iscvm mints no tokens with a request: `minted` is 0 (v0.1.0) or an empty map (v0.2.0).

use std::collections::BTreeMap;

use isc_abi::{AgentId, Balances, Codec, Dict};
use isc_native_contracts::root;
use isc_sandbox::VmError;

use super::codec::{agent_out, chain_out, contract_out};
use super::ctx::Ctx;
use super::frame::{DictObj, Frame, Object, StoreRef};
use super::tags::{Key, Tag, Ty, TYPE_ARRAY};

impl Frame {
    fn type_of(&self, ty: Ty) -> i32 {
        self.tag.type_id(ty).unwrap_or(0)
    }

    /// The type `hostGetObjectId` must give for a child of root, if `key` names one.
    fn root_child_type(&self, key: Key) -> Option<i32> {
        let map = self.type_of(Ty::Map);
        Some(match key {
            Key::Balances
            | Key::Incoming
            | Key::Params
            | Key::Results
            | Key::Return
            | Key::State
            | Key::Utility => map,
            Key::Minted if self.tag == Tag::V02 => map,
            Key::Exports => self.type_of(Ty::String) | TYPE_ARRAY,
            Key::Maps | Key::Transfers => map | TYPE_ARRAY,
            _ => return None,
        })
    }

    fn root_value_key(&self, key: Key) -> bool {
        match self.tag {
            Tag::V01 => matches!(
                key,
                Key::Caller
                    | Key::ChainOwnerId
                    | Key::ContractCreator
                    | Key::ContractId
                    | Key::Minted
                    | Key::RequestId
                    | Key::Timestamp
            ),
            Tag::V02 => matches!(
                key,
                Key::AccountId
                    | Key::Caller
                    | Key::ChainId
                    | Key::ChainOwnerId
                    | Key::Contract
                    | Key::ContractCreator
                    | Key::RequestId
                    | Key::Timestamp
            ),
        }
    }

    fn root_command_key(key: Key) -> bool {
        matches!(
            key,
            Key::Call | Key::Deploy | Key::Event | Key::Log | Key::Panic | Key::Post | Key::Trace
        )
    }

    /// Whether root has `key`: every key of its table; `exports` only while `on_load` runs.
    pub(super) fn root_has(&self, key: i32) -> bool {
        match self.predefined(key) {
            Some(Key::Exports) => self.exports.is_some(),
            Some(k) => {
                self.root_child_type(k).is_some()
                    || self.root_value_key(k)
                    || Self::root_command_key(k)
            }
            None => false,
        }
    }

    /// The child of root under `key`, made on first use.
    pub(super) fn root_object(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: i32,
        ty: i32,
    ) -> Result<i32, VmError> {
        let invalid_key = || {
            self.fail(
                "root",
                "GetMapObjectId: Invalid key",
                "GetMapObjectID: invalid key",
            )
        };
        let k = self.predefined(key).ok_or_else(invalid_key)?;
        let expected = self.root_child_type(k).ok_or_else(invalid_key)?;
        if k == Key::Exports && self.exports.is_none() {
            return Err(self.invalid_key(1, key));
        }
        if ty != expected {
            return Err(self.fail(
                "root",
                "GetMapObjectId: Invalid type",
                "GetMapObjectID: invalid type",
            ));
        }
        if let Some(&id) = self.root_subs.get(&key) {
            return Ok(id);
        }
        if ctx.is_load() && k != Key::Exports {
            return Err(VmError::Panic("root.missing context".into()));
        }
        let name = self.root_child_name(k);
        let id = match k {
            Key::State => self.add(Object::Dict(DictObj {
                store: StoreRef::State,
                prefix: Vec::new(),
                name,
                types: BTreeMap::new(),
                subs: BTreeMap::new(),
                array: None,
            }))?,
            Key::Params => {
                let params = ctx.view("root")?.params()?.clone();
                self.new_map(name, dict_entries(&params))?
            }
            Key::Results => {
                let id = self.new_map(name, BTreeMap::new())?;
                if let Object::Dict(DictObj {
                    store: StoreRef::Local(store),
                    ..
                }) = self.objects[id as usize]
                {
                    self.results = Some(store);
                }
                id
            }
            Key::Return => self.new_map(name, BTreeMap::new())?,
            Key::Balances => {
                let balances = ctx.view("root")?.balances()?;
                let entries = self.balance_entries(&balances);
                self.new_map(name, entries)?
            }
            Key::Incoming => {
                let incoming = ctx
                    .func(|| {
                        match self.tag {
                            Tag::V01 => ".No incoming transfers on views",
                            Tag::V02 => ".no incoming() on views",
                        }
                        .to_string()
                    })?
                    .incoming()
                    .clone();
                let entries = self.balance_entries(&incoming);
                self.new_map(name, entries)?
            }
            Key::Minted => {
                ctx.func(|| ".no minted() on views".to_string())?;
                self.new_map(name, self.balance_entries(&Balances::new()))?
            }
            Key::Maps => self.add(Object::Maps {
                count: 0,
                subs: BTreeMap::new(),
            })?,
            Key::Transfers => self.add(Object::Transfers {
                count: 0,
                subs: BTreeMap::new(),
            })?,
            Key::Utility => self.add(Object::Utility)?,
            Key::Exports => self.add(Object::Exports)?,
            _ => return Err(invalid_key()),
        };
        self.root_subs.insert(key, id);
        Ok(id)
    }

    /// A balances map as the original host filled it: each colour's amount under its 32 bytes, the
    /// number of colours under `color` and the colours, ascending, at `color.<i>`.
    pub(super) fn balance_entries(&self, balances: &Balances) -> BTreeMap<Vec<u8>, Vec<u8>> {
        let color_key = self
            .tag
            .key_id(Key::Color)
            .and_then(|id| self.tag.key_name(id))
            .unwrap_or_default()
            .to_vec();
        let mut out = BTreeMap::new();
        let mut count = 0i32;
        for (color, amount) in balances.iter() {
            if *amount == 0 {
                continue;
            }
            out.insert(color.as_bytes().to_vec(), amount.to_le_bytes().to_vec());
            let mut element = color_key.clone();
            element.extend_from_slice(format!(".{count}").as_bytes());
            out.insert(element, color.as_bytes().to_vec());
            count += 1;
        }
        out.insert(color_key, self.tag.length_bytes(count));
        out
    }

    /// A value of root.
    pub(super) fn root_get(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: i32,
    ) -> Result<Option<Vec<u8>>, VmError> {
        let tag = self.tag;
        let k = match self.predefined(key) {
            Some(k) if self.root_value_key(k) => k,
            _ => return Err(self.invalid_key(1, key)),
        };
        let word = self.word("Invalid key", "invalid key");
        let func_only = || format!("root.{word}: {key}");
        let value = match k {
            Key::Caller => agent_out(tag, &ctx.func(func_only)?.caller()),
            Key::RequestId => ctx.func(func_only)?.request_id().to_bytes().to_vec(),
            Key::Minted => {
                ctx.func(func_only)?;
                0i64.to_le_bytes().to_vec()
            }
            Key::Timestamp if tag == Tag::V01 => {
                ctx.func(func_only)?.timestamp()?.to_le_bytes().to_vec()
            }
            Key::Timestamp => ctx.view("root")?.timestamp()?.to_le_bytes().to_vec(),
            Key::ChainOwnerId => agent_out(tag, &ctx.view("root")?.chain_owner()?),
            Key::ContractCreator => agent_out(tag, &contract_creator(ctx)?),
            Key::ContractId => contract_out(&ctx.view("root")?.contract_id()),
            Key::AccountId => {
                let view = ctx.view("root")?;
                agent_out(tag, &AgentId::contract(view.chain_id(), view.contract()))
            }
            Key::ChainId => chain_out(&ctx.view("root")?.chain_id()),
            Key::Contract => ctx.view("root")?.contract().0.to_le_bytes().to_vec(),
            _ => return Err(self.invalid_key(1, key)),
        };
        Ok(Some(value))
    }

    /// A write to root: a command.
    pub(super) fn root_set(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: i32,
        value: &[u8],
    ) -> Result<(), VmError> {
        let word = self.word("Invalid key", "invalid key");
        let func_only = || format!("root.{word}: {key}");
        let text = || String::from_utf8_lossy(value).into_owned();
        match self.predefined(key) {
            Some(Key::Call) => self.call(ctx, value),
            Some(Key::Post) => self.post(ctx, value),
            Some(Key::Deploy) => self.deploy(ctx, value),
            Some(Key::Event) => ctx.func(func_only)?.emit_event(&text()),
            Some(Key::Log | Key::Trace) => ctx.view("root")?.log(&text()),
            Some(Key::Panic) => Err(VmError::Panic(text())),
            _ => Err(self.invalid_key(1, key)),
        }
    }
}

/// A dict's entries as a store.
pub(super) fn dict_entries(dict: &Dict) -> BTreeMap<Vec<u8>, Vec<u8>> {
    dict.iter().map(|(k, v)| (k.to_vec(), v.to_vec())).collect()
}

/// Who deployed the running contract, from root's record of it.
fn contract_creator(ctx: &mut Ctx<'_>) -> Result<AgentId, VmError> {
    let view = ctx.view("root")?;
    let mut params = Dict::new();
    params
        .set(root::keys::HNAME.as_bytes(), view.contract().to_bytes())
        .map_err(|e| VmError::Panic(e.to_string()))?;
    let found = view.call_view(
        root::CONTRACT.hname(),
        isc_abi::Hname::new(root::names::FIND_CONTRACT),
        params,
    )?;
    let record = found
        .get(root::keys::DATA.as_bytes())
        .ok_or_else(|| VmError::Panic("root.contract record missing".into()))?;
    let record = root::ContractRecord::decode(record)
        .map_err(|e| VmError::Panic(format!("root.contract record: {e}")))?;
    Ok(record.creator)
}
