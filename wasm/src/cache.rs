//! The module cache: compile a program once, then serve it from memory, or after a restart from disk.
//!
//! Keys are the program hash plus a fingerprint of everything that changes the machine code (wasmer
//! version, target, gas costs, limits): a change of any of them is a different key, never a stale hit.
//! Layers:
//! - memory: an LRU bounded in bytes (the size of each module's serialized artifact);
//! - disk (optional): one file per key under the node's data directory, holding the serialized artifact
//!   and the module's validation report (so a restarted node does not validate it again) behind a
//!   header with the fingerprint and the BLAKE3 hash of both. A file whose header or hash
//!   does not match (corrupt, truncated, foreign, from another version) is deleted and the program
//!   recompiled; it is never deserialized. The directory is bounded in bytes too: least recently used
//!   artifacts are deleted to make room (a use in memory counts as a use), and an evicted program is
//!   simply compiled again when it is next needed.
//!
//! The memory lock is never held while compiling, so a compile of one program never blocks calls to
//! another (two threads missing the same program may both compile it; the results are identical).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use isc_abi::{blake2b256, Hash, Reader};
use isc_gas::{GasSchedule, WasmCosts, WasmLibCosts};
use isc_sandbox::VmError;
use parking_lot::Mutex;

use super::cache_disk::{DiskIndex, DEFAULT_DISK_BYTES};
use super::compile::{compile, from_artifact_with_report, CompiledModule};
use super::limits::WasmLimits;
use super::validate::ModuleReport;

/// Artifact file format 2: the body is `report length (u32 LE) ‖ report ‖ artifact`, hashed with BLAKE3
/// (an integrity check of a local file, not consensus data: the fastest hash does).
const MAGIC: &[u8; 8] = b"ISCVMMD2";
const HEADER_LEN: usize = 8 + 32 + 32 + 32;

/// The fingerprint of everything that changes compiled code or its meaning. The generation number at
/// the start of the text changes whenever the instrumentation does (4: `memory.grow` past the maximum
/// is not charged per page; 5: the Pollen-era host's costs are part of the text; 6: one middleware
/// meters and instruments, checking gas at loop headers, calls and returns only).
pub fn fingerprint(limits: &WasmLimits) -> Hash {
    let text = format!(
        "iscvm module cache 6|runtime {}|{}-{}|{:?}|{:?}|{:?}|{:?}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::ARCH,
        std::env::consts::OS,
        WasmCosts::DEFAULT,
        GasSchedule::DEFAULT,
        WasmLibCosts::DEFAULT,
        limits
    );
    blake2b256(format!("{text}|wasmer {WASMER_VERSION}").as_bytes())
}

/// The wasmer version the workspace pins (Cargo.toml): artifacts of another version are foreign.
const WASMER_VERSION: &str = "7.4.2";

/// Counters of the cache, for metrics and `iscvm`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheMetrics {
    /// Served from memory.
    pub memory_hits: u64,
    /// Loaded from a disk artifact.
    pub disk_hits: u64,
    /// Compiled (not in memory, no usable artifact).
    pub compiles: u64,
    /// Disk artifacts discarded as corrupt or foreign.
    pub rejected_artifacts: u64,
    /// Total compile time, microseconds.
    pub compile_micros: u64,
    /// Bytes of modules held in memory now.
    pub memory_bytes: u64,
    /// Modules held in memory now.
    pub memory_modules: u64,
    /// Modules evicted from memory.
    pub evictions: u64,
    /// Bytes of artifacts in the cache directory now (0 without one).
    pub disk_bytes: u64,
    /// Artifacts in the cache directory now.
    pub disk_artifacts: u64,
    /// Artifacts deleted from the directory to keep its byte bound.
    pub disk_evictions: u64,
}

struct Slot {
    /// The artifact's key on disk ([`ModuleCache::key`]).
    key: Hash,
    module: Arc<CompiledModule>,
    bytes: u64,
    last_used: u64,
}

/// Both layers' bookkeeping, behind one lock so that disk eviction sees uses in memory.
#[derive(Default)]
struct Memory {
    /// By program hash and fingerprint: a hit needs no hashing of the two.
    slots: HashMap<(Hash, Hash), Slot>,
    bytes: u64,
    clock: u64,
    /// The directory's artifacts, when there is a directory.
    disk: Option<DiskIndex>,
}

/// A two-layer cache of compiled modules. Shared (`Arc`) by every chain of a node.
pub struct ModuleCache {
    max_memory_bytes: u64,
    memory: Mutex<Memory>,
    memory_hits: AtomicU64,
    disk_hits: AtomicU64,
    compiles: AtomicU64,
    rejected: AtomicU64,
    compile_micros: AtomicU64,
    evictions: AtomicU64,
}

impl ModuleCache {
    /// A memory-only cache holding at most `max_memory_bytes` of modules.
    pub fn in_memory(max_memory_bytes: u64) -> Self {
        ModuleCache {
            max_memory_bytes,
            memory: Mutex::new(Memory::default()),
            memory_hits: AtomicU64::new(0),
            disk_hits: AtomicU64::new(0),
            compiles: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            compile_micros: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    /// A cache that also keeps artifacts in `dir` (created if missing), using at most
    /// [`DEFAULT_DISK_BYTES`] of it.
    pub fn with_disk(dir: impl AsRef<Path>, max_memory_bytes: u64) -> std::io::Result<Self> {
        ModuleCache::with_disk_bound(dir, max_memory_bytes, DEFAULT_DISK_BYTES)
    }

    /// A cache that also keeps artifacts in `dir` (created if missing), at most `max_disk_bytes` of
    /// them: artifacts already there count, and if they exceed the bound the least recently modified
    /// are deleted now.
    pub fn with_disk_bound(
        dir: impl AsRef<Path>,
        max_memory_bytes: u64,
        max_disk_bytes: u64,
    ) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir.as_ref())?;
        let (mut index, clock) = DiskIndex::scan(dir.as_ref(), max_disk_bytes)?;
        index.evict(|_| None);
        let cache = ModuleCache::in_memory(max_memory_bytes);
        {
            let mut memory = cache.memory.lock();
            memory.clock = clock;
            memory.disk = Some(index);
        }
        Ok(cache)
    }

    /// The counters.
    pub fn metrics(&self) -> CacheMetrics {
        let memory = self.memory.lock();
        CacheMetrics {
            memory_hits: self.memory_hits.load(Ordering::Relaxed),
            disk_hits: self.disk_hits.load(Ordering::Relaxed),
            compiles: self.compiles.load(Ordering::Relaxed),
            rejected_artifacts: self.rejected.load(Ordering::Relaxed),
            compile_micros: self.compile_micros.load(Ordering::Relaxed),
            memory_bytes: memory.bytes,
            memory_modules: memory.slots.len() as u64,
            evictions: self.evictions.load(Ordering::Relaxed),
            disk_bytes: memory.disk.as_ref().map_or(0, DiskIndex::bytes),
            disk_artifacts: memory.disk.as_ref().map_or(0, DiskIndex::artifacts),
            disk_evictions: memory.disk.as_ref().map_or(0, DiskIndex::evictions),
        }
    }

    fn key(program_hash: &Hash, fingerprint: &Hash) -> Hash {
        Hash::of_parts(&[program_hash.as_bytes(), fingerprint.as_bytes()])
    }

    /// The module of `program_hash` if it is in memory (no blob read needed).
    pub fn cached(&self, program_hash: &Hash, fingerprint: &Hash) -> Option<Arc<CompiledModule>> {
        let mut memory = self.memory.lock();
        memory.clock += 1;
        let clock = memory.clock;
        let slot = memory.slots.get_mut(&(*program_hash, *fingerprint))?;
        slot.last_used = clock;
        self.memory_hits.fetch_add(1, Ordering::Relaxed);
        Some(slot.module.clone())
    }

    /// The compiled module of `binary` (whose hash is `program_hash`): from memory, from disk, or
    /// compiled now (and then kept in both layers).
    pub fn get_or_compile(
        &self,
        program_hash: &Hash,
        binary: &[u8],
        limits: &WasmLimits,
        fingerprint: &Hash,
    ) -> Result<Arc<CompiledModule>, VmError> {
        if let Some(module) = self.cached(program_hash, fingerprint) {
            return Ok(module);
        }
        let key = Self::key(program_hash, fingerprint);
        if let Some((module, bytes)) =
            self.load_from_disk(&key, binary, limits, fingerprint, program_hash)
        {
            self.disk_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(self.insert((*program_hash, *fingerprint), key, module, bytes, true));
        }
        let started = Instant::now();
        let module = compile(binary, limits)?;
        self.compiles.fetch_add(1, Ordering::Relaxed);
        self.compile_micros
            .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        let artifact = module
            .module
            .serialize()
            .map_err(|e| VmError::Program(format!("cannot serialize the compiled module: {e}")))?;
        let bytes = artifact.len() as u64;
        let written =
            self.store_on_disk(&key, fingerprint, program_hash, &module.report, &artifact);
        Ok(self.insert((*program_hash, *fingerprint), key, module, bytes, written))
    }

    /// Keeps `module` in memory and, when its artifact file was just written or read (`on_disk`),
    /// records that use on disk; then evicts from both layers until their bounds hold.
    fn insert(
        &self,
        slot_key: (Hash, Hash),
        key: Hash,
        module: CompiledModule,
        bytes: u64,
        on_disk: bool,
    ) -> Arc<CompiledModule> {
        let module = Arc::new(module);
        let mut memory = self.memory.lock();
        memory.clock += 1;
        let clock = memory.clock;
        if let Some(old) = memory.slots.insert(
            slot_key,
            Slot {
                key,
                module: module.clone(),
                bytes,
                last_used: clock,
            },
        ) {
            memory.bytes -= old.bytes;
        }
        memory.bytes += bytes;
        // Evict least recently used modules until the bound holds (the new one too, if it alone is
        // larger than the bound: it is still returned, just not kept).
        while memory.bytes > self.max_memory_bytes {
            let Some(oldest) = memory
                .slots
                .iter()
                .min_by_key(|(_, s)| s.last_used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some(slot) = memory.slots.remove(&oldest) {
                memory.bytes -= slot.bytes;
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
        let memory = &mut *memory;
        if let (Some(disk), true) = (memory.disk.as_mut(), on_disk) {
            // Between this thread's write or read of the file and now, another thread may have
            // evicted it (evictions delete under this lock) or written it again: the index follows
            // what the directory holds now.
            match std::fs::metadata(disk.path(&key)) {
                Ok(meta) if meta.is_file() => disk.record(key, meta.len(), clock),
                _ => disk.forget(&key),
            }
            let used: HashMap<Hash, u64> = memory
                .slots
                .values()
                .map(|s| (s.key, s.last_used))
                .collect();
            disk.evict(|k| used.get(k).copied());
        }
        module
    }

    fn path(&self, key: &Hash) -> Option<PathBuf> {
        self.memory.lock().disk.as_ref().map(|d| d.path(key))
    }

    /// The artifact file is gone or was discarded: it no longer counts against the disk bound.
    fn forget_on_disk(&self, key: &Hash) {
        if let Some(disk) = self.memory.lock().disk.as_mut() {
            disk.forget(key);
        }
    }

    /// Writes the artifact file of `key`; whether it was written.
    fn store_on_disk(
        &self,
        key: &Hash,
        fingerprint: &Hash,
        program_hash: &Hash,
        report: &ModuleReport,
        artifact: &[u8],
    ) -> bool {
        let Some(path) = self.path(key) else {
            return false;
        };
        let report = report.to_bytes();
        let Ok(report_len) = u32::try_from(report.len()) else {
            return false;
        };
        let mut file = Vec::with_capacity(HEADER_LEN + 4 + report.len() + artifact.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(fingerprint.as_bytes());
        file.extend_from_slice(program_hash.as_bytes());
        file.extend_from_slice(&[0; 32]); // the body's hash, once the body is in place
        file.extend_from_slice(&report_len.to_le_bytes());
        file.extend_from_slice(&report);
        file.extend_from_slice(artifact);
        let hash = blake3::hash(&file[HEADER_LEN..]);
        file[72..HEADER_LEN].copy_from_slice(hash.as_bytes());
        // Write then rename: a crash leaves either no file or a whole one.
        // A name of its own per write: two threads compiling the same program never share one.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let tmp = path.with_extension(format!(
            "tmp{}-{}",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::write(&tmp, &file).and_then(|()| std::fs::rename(&tmp, &path));
        match written {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("module cache: cannot write {}: {e}", path.display());
                let _ = std::fs::remove_file(&tmp);
                false
            }
        }
    }

    fn load_from_disk(
        &self,
        key: &Hash,
        binary: &[u8],
        limits: &WasmLimits,
        fingerprint: &Hash,
        program_hash: &Hash,
    ) -> Option<(CompiledModule, u64)> {
        let path = self.path(key)?;
        let Ok(file) = std::fs::read(&path) else {
            self.forget_on_disk(key);
            return None;
        };
        let reject = |why: &str| {
            tracing::warn!("module cache: discarding {}: {why}", path.display());
            self.rejected.fetch_add(1, Ordering::Relaxed);
            let _ = std::fs::remove_file(&path);
            self.forget_on_disk(key);
            None
        };
        if file.len() < HEADER_LEN || &file[..8] != MAGIC {
            return reject("not an artifact");
        }
        if &file[8..40] != fingerprint.as_bytes() || &file[40..72] != program_hash.as_bytes() {
            return reject("another fingerprint or program");
        }
        let body = &file[HEADER_LEN..];
        if blake3::hash(body).as_bytes() != &file[72..104] {
            return reject("hash mismatch (corrupt or truncated)");
        }
        let Some((report, artifact)) = split_body(body) else {
            return reject("malformed report");
        };
        if report.size != binary.len() {
            return reject("the report is of another binary");
        }
        match from_artifact_with_report(report, artifact, limits) {
            Ok(module) => Some((module, artifact.len() as u64)),
            Err(_) => reject("wasmer refused the artifact"),
        }
    }
}

/// The report and the artifact of a file body; `None` if the report is malformed.
fn split_body(body: &[u8]) -> Option<(ModuleReport, &[u8])> {
    let mut r = Reader::new(body);
    let report = ModuleReport::from_bytes(r.bytes_u32("artifact file").ok()?)?;
    let artifact = r.bytes(r.remaining(), "artifact file").ok()?;
    Some((report, artifact))
}
