//! The module cache's bookkeeping of its directory: which artifacts it holds, how many bytes each file
//! takes and when each was last used, so that the directory stays under a byte bound by deleting the
//! least recently used artifacts.
//!
//! The index is built from the directory when the cache opens (recency from the files' modification
//! times, oldest first) and kept up to date by the cache as it writes, loads and discards artifacts. It
//! counts the files of this process's cache: several processes sharing one directory each keep their
//! own bound over what they see, so the bound is a per-cache budget, not a file-system quota.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use isc_abi::Hash;

/// File extension of artifacts.
pub(super) const EXTENSION: &str = "module";

/// Disk space a cache with a directory may use unless told otherwise: 1 GiB.
///
/// A serialized artifact is a few times the size of its Wasm (Cranelift code plus metadata): a
/// 100 KiB contract takes well under 1 MiB, so the default keeps a thousand programs or more while
/// staying small next to the chain store it sits beside.
pub const DEFAULT_DISK_BYTES: u64 = 1024 * 1024 * 1024;

struct Entry {
    bytes: u64,
    last_used: u64,
}

/// Artifacts of a cache directory, their sizes and recency.
pub(super) struct DiskIndex {
    dir: PathBuf,
    max_bytes: u64,
    entries: HashMap<Hash, Entry>,
    bytes: u64,
    evictions: u64,
}

impl DiskIndex {
    /// The index of the artifacts already in `dir`, bounded to `max_bytes`; returns it with the clock
    /// value of its most recent entry (entries get 1, 2, ... from the oldest file to the newest).
    pub fn scan(dir: &Path, max_bytes: u64) -> std::io::Result<(DiskIndex, u64)> {
        let mut found: Vec<(SystemTime, Hash, u64)> = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != EXTENSION) {
                continue;
            }
            // Only files named like the cache names them count: anything else is not ours.
            let Some(key) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| Hash::from_hex(s).ok())
            else {
                continue;
            };
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            found.push((modified, key, meta.len()));
        }
        found.sort();
        let mut index = DiskIndex {
            dir: dir.to_path_buf(),
            max_bytes,
            entries: HashMap::with_capacity(found.len()),
            bytes: 0,
            evictions: 0,
        };
        let mut clock = 0;
        for (_, key, bytes) in found {
            clock += 1;
            index.record(key, bytes, clock);
        }
        Ok((index, clock))
    }

    /// The file of `key`.
    pub fn path(&self, key: &Hash) -> PathBuf {
        self.dir.join(format!("{key}.{EXTENSION}"))
    }

    /// An artifact of `bytes` was written (or found) for `key` at time `clock`.
    pub fn record(&mut self, key: Hash, bytes: u64, clock: u64) {
        if let Some(old) = self.entries.insert(
            key,
            Entry {
                bytes,
                last_used: clock,
            },
        ) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
    }

    /// The artifact of `key` was deleted (discarded as bad, or gone).
    pub fn forget(&mut self, key: &Hash) {
        if let Some(old) = self.entries.remove(key) {
            self.bytes -= old.bytes;
        }
    }

    /// Deletes least recently used artifacts until the directory's artifacts fit the bound.
    /// `recently` gives a later use of a key the index did not see (a hit in memory), if any.
    pub fn evict(&mut self, recently: impl Fn(&Hash) -> Option<u64>) {
        while self.bytes > self.max_bytes {
            let Some(oldest) = self
                .entries
                .iter()
                .map(|(k, e)| (recently(k).unwrap_or(0).max(e.last_used), *k))
                .min()
                .map(|(_, k)| k)
            else {
                break;
            };
            let path = self.path(&oldest);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!("module cache: cannot delete {}: {e}", path.display()),
            }
            self.forget(&oldest);
            self.evictions += 1;
        }
    }

    /// Bytes of the artifacts in the directory.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Number of artifacts in the directory.
    pub fn artifacts(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Artifacts deleted to keep the bound.
    pub fn evictions(&self) -> u64 {
        self.evictions
    }
}
