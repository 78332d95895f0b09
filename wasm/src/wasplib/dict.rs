//! Maps and arrays over key/value stores, byte for byte as the original host kept them.
//!
//! **Stored keys.** Every object has a prefix, a path inside its store (empty for a store's top
//! object: state, params, results, return, a new map, balances). An object made for key `k` of a
//! parent with prefix `P` gets prefix `P ‖ suffix(k)`, and the value of key `k` of that parent is
//! stored under `P ‖ suffix(k)` without its first byte. `suffix(k)` is `.` and the key's bytes in a
//! map, `.` and the decimal index in an array, and `#` and the index as u16 LE in v0.2.0's 16-bit
//! arrays. An array's length is stored under its own path (v0.1.0: i64 LE, v0.2.0: i32 LE; u16 LE
//! in the 16-bit layout). So `state.get_map("b").get_int64(agent)` is key `b.<37 bytes>`, and the
//! third element of array `bets` is `bets.2`.
//!
//! **Types.** The first use of a key in a call fixes its type for the rest of the call; another type
//! later is refused (`validate: Invalid access`). Array elements must have the array's element type
//! (bytes are accepted for the fixed-size byte types). v0.2.0 also checks sizes and the version byte
//! of ids on every read and write (`typeCheck: invalid type size`, ...).
//!
//! **Growth.** Using index `len` of an array (for a read, a write or a nested map) appends an element
//! and writes the new length, as the original host did. Setting the `length` key clears: v0.1.0 swaps
//! the object's store for an empty one for the rest of the call (nothing in state changes, later
//! writes through the object are lost); v0.2.0 writes length 0 to an array (its elements stay) and
//! only forgets the object's cached children for a map.

use std::collections::BTreeMap;

use isc_gas::WasmLibCosts;
use isc_sandbox::VmError;

use super::ctx::Ctx;
use super::frame::{object_error, ArrayInfo, DictObj, Frame, Object, StoreRef};
use super::tags::{Key, Tag, Ty, TYPE_ARRAY};

impl Frame {
    /// The dict object `obj`, which the caller found to be one.
    fn dict(&self, obj: i32) -> &DictObj {
        match self.objects.get(obj as usize) {
            Some(Object::Dict(d)) => d,
            _ => unreachable!("dict is called on a dict the caller found"),
        }
    }

    /// Charges building `bytes` of a key path or an object name.
    fn charge_path(ctx: &mut Ctx<'_>, bytes: usize) -> Result<(), VmError> {
        ctx.charge(WasmLibCosts::DEFAULT.path.of(bytes as u64))
    }

    fn is_length(&self, key: i32) -> bool {
        self.predefined(key) == Some(Key::Length)
    }

    /// The suffix of key `key` in `parent`.
    fn suffix(&self, parent: &DictObj, key: i32) -> Result<Vec<u8>, VmError> {
        Ok(match parent.array {
            Some(ArrayInfo { sixteen: true, .. }) => {
                let index = u16::try_from(key)
                    .map_err(|_| object_error(&parent.name, "validate: Invalid index"))?;
                let mut s = vec![b'#'];
                s.extend_from_slice(&index.to_le_bytes());
                s
            }
            Some(_) => format!(".{key}").into_bytes(),
            None => {
                let mut s = vec![b'.'];
                s.extend(self.key_bytes(&parent.name, key)?);
                s
            }
        })
    }

    /// The stored key of `key` in `obj`, its building charged.
    fn stored_key(&self, ctx: &mut Ctx<'_>, obj: i32, key: i32) -> Result<Vec<u8>, VmError> {
        let parent = self.dict(obj);
        let suffix = self.suffix(parent, key)?;
        let len = (parent.prefix.len() + suffix.len()).saturating_sub(1);
        Self::charge_path(ctx, len)?;
        let mut k = Vec::with_capacity(len);
        k.extend_from_slice(parent.prefix.get(1..).unwrap_or_default());
        k.extend_from_slice(if parent.prefix.is_empty() {
            suffix.get(1..).unwrap_or_default()
        } else {
            &suffix
        });
        Ok(k)
    }

    /// The stored key of an array's length: its own path, its building charged.
    fn length_key(&self, ctx: &mut Ctx<'_>, obj: i32) -> Result<Vec<u8>, VmError> {
        let prefix = &self.dict(obj).prefix;
        Self::charge_path(ctx, prefix.len())?;
        Ok(prefix.get(1..).unwrap_or_default().to_vec())
    }

    pub(super) fn store_get(
        &self,
        ctx: &mut Ctx<'_>,
        store: StoreRef,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, VmError> {
        match store {
            StoreRef::State => ctx.view("state")?.get(key),
            StoreRef::Local(i) => Ok(self.stores.get(i).and_then(|s| s.get(key)).cloned()),
        }
    }

    fn store_has(&self, ctx: &mut Ctx<'_>, store: StoreRef, key: &[u8]) -> Result<bool, VmError> {
        match store {
            StoreRef::State => ctx.view("state")?.has(key),
            StoreRef::Local(i) => Ok(self.stores.get(i).is_some_and(|s| s.contains_key(key))),
        }
    }

    fn store_set(
        &mut self,
        ctx: &mut Ctx<'_>,
        store: StoreRef,
        key: &[u8],
        value: &[u8],
    ) -> Result<(), VmError> {
        match store {
            StoreRef::State => ctx
                .func(|| "ScViewState.Set: a view cannot write state".into())?
                .set(key, value),
            StoreRef::Local(i) => {
                if let Some(s) = self.stores.get_mut(i) {
                    s.insert(key.to_vec(), value.to_vec());
                }
                Ok(())
            }
        }
    }

    /// Checks (and records) the type of `key`; for an array, the element type and the index,
    /// appending when the index is the length.
    fn validate(&mut self, ctx: &mut Ctx<'_>, obj: i32, key: i32, ty: i32) -> Result<(), VmError> {
        let d = self.dict(obj);
        let Some(array) = d.array else {
            if ty == -1 {
                return Ok(());
            }
            match d.types.get(&key).copied() {
                Some(known) if known != ty => {
                    return Err(object_error(&d.name, "validate: Invalid access"))
                }
                Some(_) => {}
                None => {
                    self.dict_mut(obj).types.insert(key, ty);
                }
            }
            return Ok(());
        };
        if ty != array.elem {
            let bytes_ok = self.tag.ty(ty) == Some(Ty::Bytes)
                && matches!(
                    self.tag.ty(array.elem),
                    Some(Ty::Address | Ty::AgentId | Ty::Bytes | Ty::Color | Ty::Hash)
                );
            if !bytes_ok {
                return Err(if self.tag.ty(ty) == Some(Ty::Bytes) {
                    object_error(&d.name, "validate: Invalid byte type")
                } else {
                    object_error(&d.name, "validate: Invalid type")
                });
            }
        }
        let mut len = array.len;
        let store = d.store;
        let read_only_state = store == StoreRef::State && !ctx.is_func();
        let bad_index = |f: &Self| object_error(&f.dict(obj).name, "validate: Invalid index");
        if key == len && !(self.tag == Tag::V02 && read_only_state) {
            len = len.checked_add(1).ok_or_else(|| bad_index(self))?;
            let length_key = self.length_key(ctx, obj)?;
            self.store_set(ctx, store, &length_key, &self.tag.length_bytes(len))?;
            if let Some(a) = &mut self.dict_mut(obj).array {
                a.len = len;
            }
        }
        if key < 0 || key >= len {
            return Err(bad_index(self));
        }
        Ok(())
    }

    /// v0.2.0 reads and writes values only with a type id its table of sizes has (0 and the value
    /// types); the original host failed on any other (an index out of its table).
    fn check_type_id(&self, obj: i32, ty: i32) -> Result<(), VmError> {
        if self.tag != Tag::V02 || ty == 0 || self.tag.ty(ty).is_some() {
            return Ok(());
        }
        Err(VmError::Panic(format!(
            "{}.typeCheck: invalid type id {ty}",
            self.dict(obj).name
        )))
    }

    /// v0.2.0's check of a value against its type: size, and the version byte of ids.
    fn type_check(&self, name: &str, ty: i32, value: &[u8]) -> Result<(), VmError> {
        if self.tag != Tag::V02 {
            return Ok(());
        }
        let Some(t) = self.tag.ty(ty) else {
            return Ok(());
        };
        let size = self.tag.size(t);
        let bad = |msg: &str| VmError::Panic(format!("{name}.typeCheck: {msg}"));
        if size != 0 && value.len() != size {
            return Err(bad("invalid type size"));
        }
        match t {
            Ty::Address if value[0] > 2 => Err(bad("invalid address type")),
            Ty::AgentId if value[0] > 2 => Err(bad("invalid agent id address type")),
            Ty::ChainId if value[0] != 2 => Err(bad("invalid chain id address type")),
            Ty::RequestId if u16::from_le_bytes([value[32], value[33]]) > 127 => {
                Err(bad("invalid request id output index"))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn dict_exists(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<bool, VmError> {
        if self.dict(obj).array.is_some() && self.is_length(key) {
            return Ok(true);
        }
        self.validate(ctx, obj, key, ty)?;
        let k = self.stored_key(ctx, obj, key)?;
        self.store_has(ctx, self.dict(obj).store, &k)
    }

    pub(super) fn dict_get(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<Option<Vec<u8>>, VmError> {
        if let Some(array) = self.dict(obj).array {
            if self.is_length(key) {
                return Ok(Some(self.tag.length_bytes(array.len)));
            }
        }
        self.validate(ctx, obj, key, ty)?;
        self.check_type_id(obj, ty)?;
        let k = self.stored_key(ctx, obj, key)?;
        let value = self.store_get(ctx, self.dict(obj).store, &k)?;
        if let Some(v) = &value {
            self.type_check(&self.dict(obj).name, ty, v)?;
        }
        Ok(value)
    }

    pub(super) fn dict_set(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
        value: &[u8],
    ) -> Result<(), VmError> {
        if self.is_length(key) {
            return self.clear(ctx, obj);
        }
        self.validate(ctx, obj, key, ty)?;
        self.check_type_id(obj, ty)?;
        self.type_check(&self.dict(obj).name, ty, value)?;
        let k = self.stored_key(ctx, obj, key)?;
        self.store_set(ctx, self.dict(obj).store, &k, value)
    }

    fn clear(&mut self, ctx: &mut Ctx<'_>, obj: i32) -> Result<(), VmError> {
        match self.tag {
            Tag::V01 => {
                let store = self.new_store(BTreeMap::new());
                let d = self.dict_mut(obj);
                d.store = StoreRef::Local(store);
                d.subs.clear();
                if let Some(a) = &mut d.array {
                    a.len = 0;
                }
            }
            Tag::V02 => {
                if self.dict(obj).array.is_some() {
                    let length_key = self.length_key(ctx, obj)?;
                    let store = self.dict(obj).store;
                    self.store_set(ctx, store, &length_key, &self.tag.length_bytes(0))?;
                }
                let d = self.dict_mut(obj);
                d.subs.clear();
                if let Some(a) = &mut d.array {
                    a.len = 0;
                }
            }
        }
        Ok(())
    }

    /// The map or array under `key` of dict `obj`.
    pub(super) fn dict_object(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        key: i32,
        ty: i32,
    ) -> Result<i32, VmError> {
        let is_map = self.tag.ty(ty) == Some(Ty::Map);
        if !is_map && ty & TYPE_ARRAY == 0 {
            return Err(self.fail(
                &self.dict(obj).name,
                "GetObjectId: Invalid type",
                "GetObjectID: invalid type",
            ));
        }
        self.validate(ctx, obj, key, ty)?;
        if let Some(&id) = self.dict(obj).subs.get(&key) {
            return Ok(id);
        }
        let d = self.dict(obj);
        let suffix = self.suffix(d, key)?;
        // The child keeps its own path and name: both are built (and kept) here.
        Self::charge_path(ctx, 2 * (d.prefix.len() + suffix.len()) + d.name.len())?;
        let mut prefix = Vec::with_capacity(d.prefix.len() + suffix.len());
        prefix.extend_from_slice(&d.prefix);
        prefix.extend_from_slice(&suffix);
        let name = format!("{}{}", d.name, String::from_utf8_lossy(&suffix));
        let store = d.store;
        let array = if is_map {
            None
        } else {
            Some(self.array_info(ctx, obj, &prefix, ty)?)
        };
        let child = DictObj {
            store,
            name,
            prefix,
            types: BTreeMap::new(),
            subs: BTreeMap::new(),
            array,
        };
        let id = self.add(Object::Dict(child))?;
        self.dict_mut(obj).subs.insert(key, id);
        Ok(id)
    }

    /// An array's element type and its length as stored at `prefix`.
    fn array_info(
        &self,
        ctx: &mut Ctx<'_>,
        obj: i32,
        prefix: &[u8],
        ty: i32,
    ) -> Result<ArrayInfo, VmError> {
        let parent = self.dict(obj);
        let sixteen = self.tag.is_array16(ty);
        let stored = self.store_get(ctx, parent.store, prefix.get(1..).unwrap_or_default())?;
        let bad = |n: usize| {
            VmError::Panic(format!(
                "{}.InitObj: invalid array length of {n} bytes",
                parent.name
            ))
        };
        let len = match stored {
            None => 0,
            Some(b) => match (self.tag, sixteen, b.len()) {
                (Tag::V01, _, 8) => {
                    let v = i64::from_le_bytes(b[..8].try_into().map_err(|_| bad(8))?);
                    i32::try_from(v).map_err(|_| bad(8))?
                }
                (Tag::V02, true, 2) => i32::from(u16::from_le_bytes([b[0], b[1]])),
                (Tag::V02, false, 4) => i32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                (_, _, n) => return Err(bad(n)),
            },
        };
        Ok(ArrayInfo {
            elem: self.tag.element(ty),
            len,
            sixteen,
        })
    }

    /// The entries of a map object over one of the frame's stores (what a `call`, `post` or
    /// transfer passes by object id).
    pub(super) fn entries(&self, obj: i32) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, VmError> {
        match self.object(obj)? {
            Object::Dict(DictObj {
                store: StoreRef::Local(i),
                ..
            }) => Ok(self.stores.get(*i).cloned().unwrap_or_default()),
            _ => Err(VmError::Panic(format!(
                "invalid map object id {obj}: not a map the contract built"
            ))),
        }
    }
}
