//! A node-side key/value store behind the C callbacks, written as a C node would write it: a sorted
//! map, the context a pointer to it. It can fail on purpose and hold a `get` until released, for the
//! error and busy tests.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Condvar, Mutex};

use isc_ffi::{isc_value_set, isc_visit, IscKvChange, IscStoreCallbacks, IscValue, IscVisitor};

/// The node's database.
#[derive(Default)]
pub struct NodeKv {
    pub map: Mutex<BTreeMap<Vec<u8>, Vec<u8>>>,
    /// A non-zero code every callback returns instead of working.
    pub fail_with: AtomicI32,
    /// While set, `get` waits (for `held` to be cleared); `waiting` says a `get` is waiting.
    pub hold: AtomicBool,
    pub waiting: AtomicBool,
    gate: (Mutex<()>, Condvar),
    /// Commits applied.
    pub commits: AtomicI32,
}

impl NodeKv {
    /// The callbacks over this store (which must outlive every chain using them).
    pub fn callbacks(&self) -> IscStoreCallbacks {
        IscStoreCallbacks {
            ctx: self as *const NodeKv as *mut std::ffi::c_void,
            get: Some(get),
            iterate: Some(iterate),
            commit: Some(commit),
        }
    }

    /// Lets a held `get` go on.
    pub fn release(&self) {
        self.hold.store(false, Ordering::SeqCst);
        self.gate.1.notify_all();
    }

    fn wait_if_held(&self) {
        let mut guard = self.gate.0.lock().unwrap();
        while self.hold.load(Ordering::SeqCst) {
            self.waiting.store(true, Ordering::SeqCst);
            guard = self
                .gate
                .1
                .wait_timeout(guard, std::time::Duration::from_millis(10))
                .unwrap()
                .0;
        }
        self.waiting.store(false, Ordering::SeqCst);
    }
}

unsafe fn kv<'a>(ctx: *mut std::ffi::c_void) -> &'a NodeKv {
    unsafe { &*(ctx as *const NodeKv) }
}

unsafe extern "C" fn get(
    ctx: *mut std::ffi::c_void,
    key: *const u8,
    key_len: usize,
    out: *mut IscValue,
) -> i32 {
    let kv = unsafe { kv(ctx) };
    let code = kv.fail_with.load(Ordering::SeqCst);
    if code != 0 {
        return code;
    }
    kv.wait_if_held();
    let key = unsafe { std::slice::from_raw_parts(key, key_len) };
    if let Some(v) = kv.map.lock().unwrap().get(key) {
        assert_eq!(unsafe { isc_value_set(out, v.as_ptr(), v.len()) }, 0);
    }
    0
}

unsafe extern "C" fn iterate(
    ctx: *mut std::ffi::c_void,
    prefix: *const u8,
    prefix_len: usize,
    visitor: *mut IscVisitor,
) -> i32 {
    let kv = unsafe { kv(ctx) };
    let code = kv.fail_with.load(Ordering::SeqCst);
    if code != 0 {
        return code;
    }
    let prefix = unsafe { std::slice::from_raw_parts(prefix, prefix_len) }.to_vec();
    // Copied out first: the visitor may call `get` again (no lock is held across `isc_visit`).
    let entries: Vec<(Vec<u8>, Vec<u8>)> = kv
        .map
        .lock()
        .unwrap()
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in entries {
        if !unsafe { isc_visit(visitor, k.as_ptr(), k.len(), v.as_ptr(), v.len()) } {
            break;
        }
    }
    0
}

unsafe extern "C" fn commit(
    ctx: *mut std::ffi::c_void,
    changes: *const IscKvChange,
    n: usize,
) -> i32 {
    let kv = unsafe { kv(ctx) };
    let code = kv.fail_with.load(Ordering::SeqCst);
    if code != 0 {
        return code;
    }
    let changes = if n == 0 {
        &[][..]
    } else {
        unsafe { std::slice::from_raw_parts(changes, n) }
    };
    let mut map = kv.map.lock().unwrap();
    for c in changes {
        let key = unsafe { std::slice::from_raw_parts(c.key, c.key_len) }.to_vec();
        if c.op == 1 {
            map.remove(&key);
        } else if c.value_len == 0 {
            map.insert(key, Vec::new());
        } else {
            let value = unsafe { std::slice::from_raw_parts(c.value, c.value_len) };
            map.insert(key, value.to_vec());
        }
    }
    kv.commits.fetch_add(1, Ordering::SeqCst);
    0
}
