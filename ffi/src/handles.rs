//! Handles: the integers the caller holds instead of pointers, so that a stale, forged or closed handle
//! is an error code and never a dangling pointer.
//!
//! A handle is `kind << 56 | serial`: serials count up from 1 per kind and are never reused, so the
//! library can tell a handle it never issued (or one of another kind) from one that was closed. A slot
//! can be held exclusively ([`Table::lock`]): a second caller gets [`ISC_ERR_BUSY`] at once instead of
//! waiting or racing, which is how "one caller per chain at a time" is enforced.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::RwLock;

use crate::error::{FfiError, ISC_ERR_BUSY, ISC_ERR_CLOSED, ISC_ERR_UNKNOWN_HANDLE};

/// Bits of a handle below its kind.
const KIND_SHIFT: u32 = 56;

/// One live object behind a handle.
pub(crate) struct Slot<T> {
    value: T,
    busy: AtomicBool,
    closed: AtomicBool,
}

struct Inner<T> {
    /// The serial the next handle gets.
    next: u64,
    live: HashMap<u64, Arc<Slot<T>>>,
}

/// The handles of one kind.
pub(crate) struct Table<T> {
    kind: u8,
    name: &'static str,
    inner: RwLock<Inner<T>>,
}

/// The names of handle kinds, by kind byte, for messages about a handle of the wrong kind.
const KIND_NAMES: [&str; 4] = ["", "engine", "chain", "block result"];

impl<T> Table<T> {
    /// An empty table of kind `kind` (an index into the kind names) called `name`.
    pub(crate) fn new(kind: u8, name: &'static str) -> Table<T> {
        Table {
            kind,
            name,
            inner: RwLock::new(Inner {
                next: 1,
                live: HashMap::new(),
            }),
        }
    }

    /// Keeps `value` and returns its new handle.
    pub(crate) fn insert(&self, value: T) -> u64 {
        let mut inner = self.inner.write();
        let serial = inner.next;
        inner.next += 1;
        inner.live.insert(
            serial,
            Arc::new(Slot {
                value,
                busy: AtomicBool::new(false),
                closed: AtomicBool::new(false),
            }),
        );
        (u64::from(self.kind) << KIND_SHIFT) | serial
    }

    /// The serial of `handle`, if it is of this kind.
    fn serial(&self, handle: u64) -> Result<u64, FfiError> {
        let kind = (handle >> KIND_SHIFT) as u8;
        let serial = handle & ((1 << KIND_SHIFT) - 1);
        if kind != self.kind {
            let other = KIND_NAMES.get(usize::from(kind)).copied().unwrap_or("");
            let what = if other.is_empty() || serial == 0 {
                "not a handle of this library".to_string()
            } else {
                let article = if other.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!("{article} {other} handle")
            };
            return Err(FfiError::new(
                ISC_ERR_UNKNOWN_HANDLE,
                format!("{handle:#x} is {what}, not a {} handle", self.name),
            ));
        }
        Ok(serial)
    }

    /// The object behind `handle`, shared with other callers.
    pub(crate) fn get(&self, handle: u64) -> Result<Arc<Slot<T>>, FfiError> {
        let serial = self.serial(handle)?;
        let inner = self.inner.read();
        match inner.live.get(&serial) {
            Some(slot) => Ok(slot.clone()),
            None if serial != 0 && serial < inner.next => Err(self.closed_error(handle)),
            None => Err(FfiError::new(
                ISC_ERR_UNKNOWN_HANDLE,
                format!("{} handle {handle:#x} was never issued", self.name),
            )),
        }
    }

    /// The object behind `handle`, held exclusively until the guard drops: [`ISC_ERR_BUSY`] when
    /// another caller holds it.
    pub(crate) fn lock(&self, handle: u64) -> Result<Held<T>, FfiError> {
        let slot = self.get(handle)?;
        if slot
            .busy
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return Err(FfiError::new(
                ISC_ERR_BUSY,
                format!(
                    "{} handle {handle:#x} is in use by another thread: a {} serves one caller at a time",
                    self.name, self.name
                ),
            ));
        }
        let held = Held { slot };
        // Closed between the lookup and the lock: the guard releases it again on return.
        if held.slot.closed.load(Ordering::Acquire) {
            return Err(self.closed_error(handle));
        }
        Ok(held)
    }

    /// Closes `handle`: later calls with it get [`ISC_ERR_CLOSED`]. Fails with [`ISC_ERR_BUSY`] while
    /// another caller holds it. The object is dropped once the last shared user lets go of it.
    pub(crate) fn close(&self, handle: u64) -> Result<(), FfiError> {
        let held = self.lock(handle)?;
        let serial = self.serial(handle)?;
        held.slot.closed.store(true, Ordering::Release);
        let removed = self.inner.write().live.remove(&serial);
        drop(held);
        // The object is dropped here, outside the table's lock (closing a store may take a while).
        drop(removed);
        Ok(())
    }

    fn closed_error(&self, handle: u64) -> FfiError {
        FfiError::new(
            ISC_ERR_CLOSED,
            format!("{} handle {handle:#x} is closed", self.name),
        )
    }
}

impl<T> Deref for Slot<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Exclusive use of a slot; released on drop (also when a panic unwinds through the call).
pub(crate) struct Held<T> {
    slot: Arc<Slot<T>>,
}

impl<T> Deref for Held<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.slot.value
    }
}

impl<T> Drop for Held<T> {
    fn drop(&mut self) {
        self.slot.busy.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_checked_by_kind_serial_and_state() {
        let table: Table<u32> = Table::new(2, "chain");
        let h = table.insert(7);
        assert_eq!(*table.lock(h).unwrap(), 7);
        let held = table.lock(h).unwrap();
        assert_eq!(table.lock(h).err().unwrap().code, ISC_ERR_BUSY);
        assert_eq!(table.close(h).err().unwrap().code, ISC_ERR_BUSY);
        drop(held);
        table.close(h).unwrap();
        let e = table.lock(h).err().unwrap();
        assert_eq!(e.code, ISC_ERR_CLOSED);
        assert_eq!(e.message, format!("chain handle {h:#x} is closed"));
        assert_eq!(table.close(h).err().unwrap().code, ISC_ERR_CLOSED);
        assert_eq!(table.get(h + 1).err().unwrap().code, ISC_ERR_UNKNOWN_HANDLE);
        assert_eq!(table.get(0).err().unwrap().code, ISC_ERR_UNKNOWN_HANDLE);
        let engine_handle = (1u64 << KIND_SHIFT) | 1;
        let e = table.get(engine_handle).err().unwrap();
        assert_eq!(e.code, ISC_ERR_UNKNOWN_HANDLE);
        assert!(
            e.message.contains("an engine handle, not a chain handle"),
            "{}",
            e.message
        );
    }
}
