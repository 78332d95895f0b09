//! Which store a chain runs on: one in memory, a redb file, or the node's own database behind
//! callbacks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Weak};

use isc_sandbox::{MemStore, RedbStore, Store, DEFAULT_NAMESPACE};
use parking_lot::Mutex;
use redb::Database;

use crate::callback_store::{CallbackStore, IscStoreCallbacks};
use crate::error::FfiError;
use crate::guard;

/// A store in memory, gone when the chain is closed (tests, simulations).
pub const ISC_STORE_MEMORY: u32 = 0;
/// A redb database file at `path` (created if missing), the chain under namespace `ns`.
pub const ISC_STORE_REDB: u32 = 1;
/// The node's database behind `callbacks`.
pub const ISC_STORE_CALLBACKS: u32 = 2;

/// The store a chain is opened or created on.
///
/// Fields a kind does not use are ignored (they may be zero).
#[repr(C)]
pub struct IscStoreConfig {
    /// `ISC_STORE_MEMORY`, `ISC_STORE_REDB` or `ISC_STORE_CALLBACKS`.
    pub kind: u32,
    /// Redb: the file path (UTF-8, not NUL-terminated).
    pub path: *const u8,
    /// Its length.
    pub path_len: usize,
    /// Redb: the namespace of the chain in the file (UTF-8); empty for `"default"`. Several chains
    /// share one file under different namespaces.
    pub ns: *const u8,
    /// Its length.
    pub ns_len: usize,
    /// Callbacks: the node's key/value space.
    pub callbacks: IscStoreCallbacks,
}

/// The databases open in this process, by canonical path: redb opens a file once per process, so
/// chains in the same file share its handle.
static DATABASES: LazyLock<Mutex<HashMap<PathBuf, Weak<Database>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn database(path: &Path) -> Result<Arc<Database>, FfiError> {
    let mut open = DATABASES.lock();
    open.retain(|_, db| db.strong_count() > 0);
    if let Some(db) = path
        .canonicalize()
        .ok()
        .and_then(|p| open.get(&p))
        .and_then(Weak::upgrade)
    {
        return Ok(db);
    }
    let db = RedbStore::create_database(path)?;
    let key = path
        .canonicalize()
        .map_err(|e| FfiError::invalid(format!("store path {}: {e}", path.display())))?;
    open.insert(key, Arc::downgrade(&db));
    Ok(db)
}

/// A store, and the callback store behind it when it is one (its failures are reported with the
/// codes the node's callbacks returned).
pub(crate) struct OpenStore {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) callbacks: Option<Arc<CallbackStore>>,
}

/// The store `config` describes.
///
/// # Safety
/// The pointers of `config` must satisfy their documentation (`path`/`ns` readable for their lengths).
pub(crate) unsafe fn open_store(config: &IscStoreConfig) -> Result<OpenStore, FfiError> {
    if config.kind == ISC_STORE_CALLBACKS {
        let callbacks = Arc::new(CallbackStore::new(&config.callbacks)?);
        return Ok(OpenStore {
            store: callbacks.clone(),
            callbacks: Some(callbacks),
        });
    }
    let store = unsafe { open_plain(config) }?;
    Ok(OpenStore {
        store,
        callbacks: None,
    })
}

/// A memory or redb store.
///
/// # Safety
/// As [`open_store`].
unsafe fn open_plain(config: &IscStoreConfig) -> Result<Arc<dyn Store>, FfiError> {
    match config.kind {
        ISC_STORE_MEMORY => Ok(Arc::new(MemStore::new())),
        ISC_STORE_REDB => {
            let path = unsafe { guard::text(config.path, config.path_len, "store path") }?;
            if path.is_empty() {
                return Err(FfiError::invalid("a redb store needs a path"));
            }
            let ns = unsafe { guard::text(config.ns, config.ns_len, "store namespace") }?;
            let ns = if ns.is_empty() { DEFAULT_NAMESPACE } else { ns };
            let db = database(Path::new(path))?;
            Ok(Arc::new(RedbStore::open_namespace(db, ns)?))
        }
        other => Err(FfiError::invalid(format!(
            "unknown store kind {other} (0 memory, 1 redb, 2 callbacks)"
        ))),
    }
}
