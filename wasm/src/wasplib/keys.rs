//! Key ids: what `hostGetKeyId` hands out for the bytes of a key.
//!
//! Ids obtained while `on_load` runs belong to the module and stay valid for every later call: v0.2.0
//! contracts ask for all their key ids in `on_load` and keep them in memory, which the snapshot of
//! `on_load`'s memory carries into every call. Ids obtained during a call continue the numbering and
//! are forgotten when the call ends. Ids are positive and sequential (1, 2, ...); the same bytes get
//! the same id whether they came as a string or as bytes. Nothing here is ever iterated, so the
//! numbering depends only on the order of requests, the same on every node.

use std::collections::BTreeMap;
use std::sync::Arc;

/// A table of key ids: id `i + 1 + offset` is `names[i]`.
#[derive(Debug, Default, Clone)]
pub struct KeyTable {
    offset: i32,
    names: Vec<Vec<u8>>,
    ids: BTreeMap<Vec<u8>, i32>,
}

impl KeyTable {
    /// An empty table whose first id is `offset + 1`.
    pub fn starting_after(offset: i32) -> Self {
        KeyTable {
            offset,
            ..KeyTable::default()
        }
    }

    /// The number of ids handed out, the offset included: the next table starts after it.
    pub fn last_id(&self) -> i32 {
        self.offset + self.names.len() as i32
    }

    fn find(&self, bytes: &[u8]) -> Option<i32> {
        self.ids.get(bytes).copied()
    }

    fn add(&mut self, bytes: &[u8]) -> Option<i32> {
        let id = self.last_id().checked_add(1)?;
        self.names.push(bytes.to_vec());
        self.ids.insert(bytes.to_vec(), id);
        Some(id)
    }

    fn name(&self, id: i32) -> Option<&[u8]> {
        let index = usize::try_from(id.checked_sub(self.offset + 1)?).ok()?;
        self.names.get(index).map(Vec::as_slice)
    }
}

/// The key ids of one call: the module's (from `on_load`) and the call's own.
#[derive(Debug)]
pub struct CallKeys {
    module: Arc<KeyTable>,
    own: KeyTable,
}

impl CallKeys {
    /// A call's keys over the module's.
    pub fn new(module: Arc<KeyTable>) -> Self {
        let own = KeyTable::starting_after(module.last_id());
        CallKeys { module, own }
    }

    /// The id of `bytes`, handing out a new one if needed; `None` when ids ran out (2^31 of them).
    pub fn id(&mut self, bytes: &[u8]) -> Option<i32> {
        if let Some(id) = self.module.find(bytes).or_else(|| self.own.find(bytes)) {
            return Some(id);
        }
        self.own.add(bytes)
    }

    /// The bytes of a positive id.
    pub fn name(&self, id: i32) -> Option<&[u8]> {
        self.module.name(id).or_else(|| self.own.name(id))
    }

    /// The call's own table: after `on_load`, the module's.
    pub fn into_own(self) -> KeyTable {
        self.own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_ids_survive_and_call_ids_continue_after_them() {
        let mut load = CallKeys::new(Arc::new(KeyTable::default()));
        assert_eq!(load.id(b"counter"), Some(1));
        assert_eq!(load.id(b"delay"), Some(2));
        assert_eq!(load.id(b"counter"), Some(1));
        let module = Arc::new(load.into_own());
        let mut call = CallKeys::new(module.clone());
        assert_eq!(call.id(b"new"), Some(3));
        assert_eq!(call.id(b"delay"), Some(2));
        assert_eq!(call.name(3), Some(&b"new"[..]));
        assert_eq!(call.name(1), Some(&b"counter"[..]));
        assert_eq!(call.name(4), None);
        assert_eq!(call.name(0), None);
        assert_eq!(call.name(-1), None);
        // The next call starts from the module's table again.
        let mut next = CallKeys::new(module);
        assert_eq!(next.id(b"other"), Some(3));
    }
}
