//! One call's view of the object model: the object table (0 null, 1 root, then every object the call
//! asked for, numbered in the order it asked), the call's key ids, and the key/value stores behind
//! the objects that are not the contract's state.
//!
//! The four imports land here: [`Frame::key_id`], [`Frame::object_id`], [`Frame::exists`] /
//! [`Frame::get`] / [`Frame::call_utility`] (the forms of `hostGetBytes`) and [`Frame::set`]. Every
//! failure is a [`VmError`] that aborts the call with a message naming the object, as the original
//! host's panics did (`state.validate: Invalid access`, `root.invalid key: -10`, ...).

use std::collections::BTreeMap;
use std::sync::Arc;

use isc_abi::{Address, Dict};
use isc_sandbox::VmError;

use super::ctx::Ctx;
use super::exports::Exports;
use super::keys::{CallKeys, KeyTable};
use super::tags::{Key, Tag};
use super::utility::Utility;

/// Where a key/value object's entries live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StoreRef {
    /// The contract's state partition, through the sandbox.
    State,
    /// One of the frame's own stores.
    Local(usize),
}

/// An array's element type and length.
#[derive(Debug, Clone, Copy)]
pub(super) struct ArrayInfo {
    /// The element type id.
    pub elem: i32,
    /// The number of elements.
    pub len: i32,
    /// v0.2.0's 16-bit layout (`name#<u16 LE>`).
    pub sixteen: bool,
}

/// A map or an array over a store: state, params, results, return, new maps, balances and everything
/// nested in them.
#[derive(Debug, Clone)]
pub(super) struct DictObj {
    pub store: StoreRef,
    /// `.`-separated path of the object inside its store (empty for a store's top object).
    pub prefix: Vec<u8>,
    pub name: String,
    /// The type each key was first used with in this call.
    pub types: BTreeMap<i32, i32>,
    /// Objects made for keys of this object.
    pub subs: BTreeMap<i32, i32>,
    pub array: Option<ArrayInfo>,
}

/// An object of the table.
#[derive(Debug)]
pub(super) enum Object {
    Null,
    Root,
    Dict(DictObj),
    /// Entry points being registered (`on_load` only).
    Exports,
    /// The factory of new maps.
    Maps {
        count: i32,
        subs: BTreeMap<i32, i32>,
    },
    /// Transfers to L1 addresses.
    Transfers {
        count: i32,
        subs: BTreeMap<i32, i32>,
    },
    /// One transfer: its address is set first, then its balances, which sends it.
    TransferInfo {
        address: Option<Address>,
    },
    /// Hashing, encoding, hnames, randomness, signature checks.
    Utility,
}

/// The state of one call (or of `on_load`) of a module built for the Pollen-era ABI.
pub struct Frame {
    pub(super) tag: Tag,
    pub(super) keys: CallKeys,
    pub(super) objects: Vec<Object>,
    pub(super) stores: Vec<BTreeMap<Vec<u8>, Vec<u8>>>,
    pub(super) root_subs: BTreeMap<i32, i32>,
    /// The store of the root `results` object, once it exists.
    pub(super) results: Option<usize>,
    /// Entry points registered so far (`Some` while `on_load` runs).
    pub(super) exports: Option<Exports>,
    pub(super) utility: Utility,
}

impl Frame {
    /// A frame for one call of a module whose `on_load` gave it `module_keys`.
    pub fn new(tag: Tag, module_keys: Arc<KeyTable>) -> Self {
        Frame {
            tag,
            keys: CallKeys::new(module_keys),
            objects: vec![Object::Null, Object::Root],
            stores: Vec::new(),
            root_subs: BTreeMap::new(),
            results: None,
            exports: None,
            utility: Utility::default(),
        }
    }

    /// The frame `on_load` runs in: it accepts up to `max_exports` entry-point registrations.
    pub fn for_load(tag: Tag, max_exports: usize) -> Result<Self, VmError> {
        let mut frame = Frame::new(tag, Arc::new(KeyTable::default()));
        let mut exports = Exports::new(max_exports);
        // v0.1.0's host registered one view of its own before `on_load` (see `copy_all_state`).
        if tag == Tag::V01 {
            exports.add(
                tag,
                super::COPY_ALL_STATE_INDEX,
                super::COPY_ALL_STATE.to_string(),
            )?;
        }
        frame.exports = Some(exports);
        Ok(frame)
    }

    /// After `on_load`: the entry points it registered (index, name) and the module's key ids.
    pub fn into_load_result(self) -> (Vec<(i32, String)>, KeyTable) {
        let exports = self.exports.map(Exports::into_list).unwrap_or_default();
        (exports, self.keys.into_own())
    }

    /// The tag's wording of a message (`v0.1.0` capitalises, `v0.2.0` does not).
    pub(super) fn word(&self, v01: &'static str, v02: &'static str) -> &'static str {
        match self.tag {
            Tag::V01 => v01,
            Tag::V02 => v02,
        }
    }

    /// An error of object `name`, worded as the tag's host worded it.
    pub(super) fn fail(&self, name: &str, v01: &str, v02: &str) -> VmError {
        let msg = match self.tag {
            Tag::V01 => v01,
            Tag::V02 => v02,
        };
        object_error(name, msg)
    }

    /// `hostGetKeyId`: the id of a key given by its bytes.
    pub fn key_id(&mut self, bytes: &[u8]) -> Result<i32, VmError> {
        if let Some(id) = self.tag.predefined_by_name(bytes) {
            return Ok(id);
        }
        self.keys
            .id(bytes)
            .ok_or_else(|| VmError::Panic("GetKeyId: too many keys".into()))
    }

    /// The predefined key of `key`, if it is one.
    pub(super) fn predefined(&self, key: i32) -> Option<Key> {
        self.tag.key(key)
    }

    /// The bytes `key` stands for inside a map.
    pub(super) fn key_bytes(&self, name: &str, key: i32) -> Result<Vec<u8>, VmError> {
        let bytes = if key < 0 {
            self.tag.key_name(key).filter(|b| !b.is_empty())
        } else {
            self.keys.name(key)
        };
        bytes.map(<[u8]>::to_vec).ok_or_else(|| {
            VmError::Panic(format!(
                "{name}.{}: {key}",
                self.word("Invalid key", "invalid key")
            ))
        })
    }

    pub(super) fn object(&self, obj: i32) -> Result<&Object, VmError> {
        usize::try_from(obj)
            .ok()
            .and_then(|i| self.objects.get(i))
            .filter(|o| !matches!(o, Object::Null))
            .ok_or_else(|| {
                VmError::Panic(format!(
                    "FindObject: {}: {obj}",
                    self.word("invalid objId", "invalid objID")
                ))
            })
    }

    pub(super) fn dict_mut(&mut self, obj: i32) -> &mut DictObj {
        match self.objects.get_mut(obj as usize) {
            Some(Object::Dict(d)) => d,
            _ => unreachable!("dict_mut is called on a dict the caller found"),
        }
    }

    /// Adds an object; returns its id.
    pub(super) fn add(&mut self, object: Object) -> Result<i32, VmError> {
        let id = i32::try_from(self.objects.len())
            .map_err(|_| VmError::Panic("too many objects".into()))?;
        self.objects.push(object);
        Ok(id)
    }

    /// A new empty store; returns its index.
    pub(super) fn new_store(&mut self, entries: BTreeMap<Vec<u8>, Vec<u8>>) -> usize {
        self.stores.push(entries);
        self.stores.len() - 1
    }

    /// A new top-level map over a new store filled with `entries`.
    pub(super) fn new_map(
        &mut self,
        name: String,
        entries: BTreeMap<Vec<u8>, Vec<u8>>,
    ) -> Result<i32, VmError> {
        let store = self.new_store(entries);
        self.add(Object::Dict(DictObj {
            store: StoreRef::Local(store),
            prefix: Vec::new(),
            name,
            types: BTreeMap::new(),
            subs: BTreeMap::new(),
            array: None,
        }))
    }

    /// `hostGetObjectId`: the object under `key` of `obj` with type `ty`.
    pub fn object_id(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<i32, VmError> {
        match self.object(obj)? {
            Object::Root => self.root_object(ctx, key, ty),
            Object::Dict(_) => self.dict_object(ctx, obj, key, ty),
            Object::Maps { .. } => self.maps_object(obj, key, ty),
            Object::Transfers { .. } => self.transfers_object(obj, key, ty),
            _ => Err(self.fail(
                &self.object_name(obj),
                "GetObjectId: Invalid type",
                "GetObjectID: invalid type",
            )),
        }
    }

    /// `hostGetBytes` with a negative length: whether `key` exists.
    pub fn exists(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<bool, VmError> {
        match self.object(obj)? {
            Object::Root => Ok(self.root_has(key)),
            Object::Dict(_) => self.dict_exists(ctx, obj, key, ty),
            Object::Maps { count, .. } | Object::Transfers { count, .. } => Ok(key <= *count),
            Object::Utility => Ok(self.tag == Tag::V02 || self.utility_has(key)),
            Object::Exports | Object::TransferInfo { .. } | Object::Null => Ok(false),
        }
    }

    /// `hostGetBytes`: the bytes of `key` (`None`: it does not exist).
    pub fn get(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<Option<Vec<u8>>, VmError> {
        let value = match self.object(obj)? {
            Object::Root => self.root_get(ctx, key)?,
            Object::Dict(_) => self.dict_get(ctx, obj, key, ty)?,
            Object::Maps { count, .. } | Object::Transfers { count, .. }
                if self.predefined(key) == Some(Key::Length) =>
            {
                Some(self.tag.length_bytes(*count))
            }
            Object::Utility if self.tag == Tag::V01 => self.utility_get(ctx, key)?,
            _ => return Err(self.invalid_key(obj, key)),
        };
        if let Some(v) = &value {
            self.check_int("GetBytes", ty, v)?;
        }
        Ok(value)
    }

    /// `hostSetBytes`: stores `value` under `key` of `obj`, or runs what setting that key does.
    pub fn set(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
        value: &[u8],
    ) -> Result<(), VmError> {
        match self.object(obj)? {
            Object::Root => self.root_set(ctx, key, value)?,
            Object::Dict(_) => self.dict_set(ctx, obj, key, ty, value)?,
            Object::Exports => self.export(key, value)?,
            Object::TransferInfo { .. } => self.transfer_set(ctx, obj, key, value)?,
            Object::Utility if self.tag == Tag::V01 => self.utility_set(ctx, key, value)?,
            _ => return Err(self.invalid_key(obj, key)),
        }
        self.check_int("SetBytes", ty, value)
    }

    /// v0.2.0 checks the length of integers it passes, whatever the object.
    fn check_int(&self, what: &str, ty: i32, value: &[u8]) -> Result<(), VmError> {
        if self.tag != Tag::V02 {
            return Ok(());
        }
        use super::tags::Ty;
        let (name, len) = match self.tag.ty(ty) {
            Some(Ty::Int16) => ("int16", 2),
            Some(Ty::Int32) => ("int32", 4),
            Some(Ty::Int64) => ("int64", 8),
            _ => return Ok(()),
        };
        if value.len() != len {
            return Err(VmError::Panic(format!("{what}: invalid {name}")));
        }
        Ok(())
    }

    pub(super) fn invalid_key(&self, obj: i32, key: i32) -> VmError {
        VmError::Panic(format!(
            "{}.{}: {key}",
            self.object_name(obj),
            self.word("Invalid key", "invalid key")
        ))
    }

    /// The name of an object in messages.
    pub(super) fn object_name(&self, obj: i32) -> String {
        match self.objects.get(obj as usize) {
            Some(Object::Root) => "root".into(),
            Some(Object::Dict(d)) => d.name.clone(),
            Some(Object::Utility) => self.root_child_name(Key::Utility),
            Some(Object::Exports) => self.root_child_name(Key::Exports),
            Some(Object::Maps { .. }) => self.root_child_name(Key::Maps),
            Some(Object::Transfers { .. }) => self.root_child_name(Key::Transfers),
            Some(Object::TransferInfo { .. }) => {
                format!("{}.info", self.root_child_name(Key::Transfers))
            }
            _ => String::new(),
        }
    }

    /// The name of a child of root: the key's name.
    pub(super) fn root_child_name(&self, key: Key) -> String {
        self.tag
            .key_id(key)
            .and_then(|id| self.tag.key_name(id))
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// The call's results: the entries of the root `results` object (empty if it was never used).
    pub fn results(&self) -> Result<Dict, VmError> {
        let mut out = Dict::new();
        if let Some(store) = self.results.and_then(|i| self.stores.get(i)) {
            for (k, v) in store {
                out.set(k.clone(), v.clone())
                    .map_err(|e| VmError::Panic(format!("results: {e}")))?;
            }
        }
        Ok(out)
    }
}

/// An error of object `name` that both tags' hosts worded alike.
pub(super) fn object_error(name: &str, msg: &str) -> VmError {
    VmError::Panic(format!("{name}.{msg}"))
}
