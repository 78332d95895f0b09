//! The engine: what every chain of a node shares (the processor registry with the Wasm VM and its
//! module cache), its cache metrics, and the module check.

use std::sync::{Arc, LazyLock};

use isc_runtime::ProcessorRegistry;
use isc_sandbox::EntryKind;
use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::ModuleReport;
use isc_wasm::{CacheMetrics, ModuleCache, WasmVm, DEFAULT_CACHE_BYTES};

use crate::buffer::{self, IscBuffer};
use crate::envelope::ISC_ENVELOPE_VERSION;
use crate::error::{FfiError, ISC_ERR_MODULE};
use crate::guard;
use crate::handles::Table;

/// The processors and the module cache shared by the chains opened on one engine handle.
pub(crate) struct Engine {
    pub(crate) registry: Arc<ProcessorRegistry>,
    cache: Arc<ModuleCache>,
}

/// Every engine handle.
pub(crate) static ENGINES: LazyLock<Table<Engine>> = LazyLock::new(|| Table::new(1, "engine"));

/// The module cache's counters (see `isc_wasm::CacheMetrics`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IscCacheMetrics {
    /// Modules served from memory.
    pub memory_hits: u64,
    /// Modules loaded from a disk artifact.
    pub disk_hits: u64,
    /// Modules compiled.
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

impl From<CacheMetrics> for IscCacheMetrics {
    fn from(m: CacheMetrics) -> Self {
        IscCacheMetrics {
            memory_hits: m.memory_hits,
            disk_hits: m.disk_hits,
            compiles: m.compiles,
            rejected_artifacts: m.rejected_artifacts,
            compile_micros: m.compile_micros,
            memory_bytes: m.memory_bytes,
            memory_modules: m.memory_modules,
            evictions: m.evictions,
            disk_bytes: m.disk_bytes,
            disk_artifacts: m.disk_artifacts,
            disk_evictions: m.disk_evictions,
        }
    }
}

/// Creates an engine: the core contracts and the Wasm VM (VM type `wasmer`, default limits) with a
/// module cache of 256 MiB in memory and, when `cache_dir` is not empty, compiled artifacts kept in
/// that directory (created if missing) across restarts. Writes the handle to `*out_engine`.
///
/// # Safety
/// `cache_dir` must point to `cache_dir_len` readable bytes (or be null with length 0); `out_engine`
/// must be writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_engine_new(
    cache_dir: *const u8,
    cache_dir_len: usize,
    out_engine: *mut u64,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out_engine, "out_engine") }?;
        let dir = unsafe { guard::text(cache_dir, cache_dir_len, "cache_dir") }?;
        let cache = if dir.is_empty() {
            ModuleCache::in_memory(DEFAULT_CACHE_BYTES)
        } else {
            ModuleCache::with_disk(dir, DEFAULT_CACHE_BYTES)
                .map_err(|e| FfiError::invalid(format!("cache directory {dir}: {e}")))?
        };
        let cache = Arc::new(cache);
        let vm = WasmVm::with_cache(WasmLimits::default(), cache.clone());
        let registry = Arc::new(ProcessorRegistry::new().with_vm(Arc::new(vm)));
        *out = ENGINES.insert(Engine { registry, cache });
        Ok(())
    })
}

/// Frees an engine handle. Chains opened on it keep working (they hold what they need); later calls
/// with the handle get `ISC_ERR_CLOSED`.
///
/// # Safety
/// `err` must be null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_engine_free(engine: u64, err: *mut IscBuffer) -> i32 {
    guard::call(err, || ENGINES.close(engine))
}

/// Writes the engine's module cache counters to `*out`.
///
/// # Safety
/// `out` must be writable; `err` null or a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_engine_cache_metrics(
    engine: u64,
    out: *mut IscCacheMetrics,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out, "out") }?;
        *out = ENGINES.get(engine)?.cache.metrics().into();
        Ok(())
    })
}

/// Checks a contract module (binary Wasm, or WAT text) as a deployment would, with the default
/// limits: on success writes its report to `*out_report` (layout in `ffi/README.md`, "Module
/// report"); a rejected module returns `ISC_ERR_MODULE` with a message naming the rule it broke.
///
/// # Safety
/// `module` must point to `module_len` readable bytes; `out_report` must be writable; `err` null or
/// a writable buffer.
#[no_mangle]
pub unsafe extern "C" fn isc_check_module(
    module: *const u8,
    module_len: usize,
    out_report: *mut IscBuffer,
    err: *mut IscBuffer,
) -> i32 {
    guard::call(err, || {
        let out = unsafe { guard::out(out_report, "out_report") }?;
        let input = unsafe { guard::bytes(module, module_len, "module") }?;
        let rejected = |e: String| FfiError::new(ISC_ERR_MODULE, e);
        let binary = isc_wasm::validate::wasm_bytes(input).map_err(|e| rejected(e.to_string()))?;
        let report = isc_wasm::inspect(&binary, &WasmLimits::default())
            .map_err(|e| rejected(e.to_string()))?;
        unsafe { buffer::put(out, encode_report(&report)) };
        Ok(())
    })
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Module report: `version u8 (1) ‖ bytes(ABI name) ‖ module size u64 ‖ entry points: count u32, per
/// entry kind u8 (0 func, 1 view) ‖ hname u32 ‖ bytes(name) ‖ imports: count u32, per import
/// bytes(name) ‖ initial memory pages u32`.
pub fn encode_report(report: &ModuleReport) -> Vec<u8> {
    let mut out = vec![ISC_ENVELOPE_VERSION];
    put_text(&mut out, report.abi.name());
    out.extend_from_slice(&(report.size as u64).to_le_bytes());
    out.extend_from_slice(&(report.entry_points.len() as u32).to_le_bytes());
    for e in &report.entry_points {
        out.push(match e.kind {
            EntryKind::Func => 0,
            EntryKind::View => 1,
        });
        out.extend_from_slice(&e.hname.to_bytes());
        put_text(&mut out, &e.name);
    }
    out.extend_from_slice(&(report.imports.len() as u32).to_le_bytes());
    for name in &report.imports {
        put_text(&mut out, name);
    }
    out.extend_from_slice(&report.memory_initial_pages.to_le_bytes());
    out
}
