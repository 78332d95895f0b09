package iscvm

// #include <iscvm.h>
import "C"

// Engine holds what the chains of a node share: the core contracts, the Wasm VM and its module
// cache. Safe for concurrent use.
type Engine struct {
	h C.uint64_t
}

// NewEngine creates an engine whose module cache keeps compiled modules in memory (256 MiB) and,
// when cacheDir is not empty, as artifacts in that directory across restarts.
func NewEngine(cacheDir string) (*Engine, error) {
	var h C.uint64_t
	var msg C.IscBuffer
	ptr, n := cBytes([]byte(cacheDir))
	if err := check("NewEngine", C.isc_engine_new(ptr, n, &h, &msg), &msg); err != nil {
		return nil, err
	}
	return &Engine{h: h}, nil
}

// Close frees the engine; chains opened on it keep working.
func (e *Engine) Close() error {
	var msg C.IscBuffer
	return check("Engine.Close", C.isc_engine_free(e.h, &msg), &msg)
}

// CacheMetrics are the module cache's counters.
type CacheMetrics struct {
	MemoryHits, DiskHits, Compiles, RejectedArtifacts, CompileMicros uint64
	MemoryBytes, MemoryModules, Evictions                            uint64
	DiskBytes, DiskArtifacts, DiskEvictions                          uint64
}

// CacheMetrics reads the module cache's counters.
func (e *Engine) CacheMetrics() (CacheMetrics, error) {
	var m C.IscCacheMetrics
	var msg C.IscBuffer
	if err := check("CacheMetrics", C.isc_engine_cache_metrics(e.h, &m, &msg), &msg); err != nil {
		return CacheMetrics{}, err
	}
	return CacheMetrics{
		MemoryHits: uint64(m.memory_hits), DiskHits: uint64(m.disk_hits), Compiles: uint64(m.compiles),
		RejectedArtifacts: uint64(m.rejected_artifacts), CompileMicros: uint64(m.compile_micros),
		MemoryBytes: uint64(m.memory_bytes), MemoryModules: uint64(m.memory_modules),
		Evictions: uint64(m.evictions), DiskBytes: uint64(m.disk_bytes),
		DiskArtifacts: uint64(m.disk_artifacts), DiskEvictions: uint64(m.disk_evictions),
	}, nil
}

// CheckModule validates a contract module (binary Wasm or WAT text) as a deployment would, with the
// default limits. A rejected module is an error with code CodeModule naming the rule it broke.
func CheckModule(module []byte) (*ModuleReport, error) {
	var out, msg C.IscBuffer
	ptr, n := cBytes(module)
	if err := check("CheckModule", C.isc_check_module(ptr, n, &out, &msg), &msg); err != nil {
		return nil, err
	}
	return decodeReport(goBytes(&out))
}

// BlobHash is the hash of a blob with these fields: for a Wasm program, fields "v" = "wasmer" and
// "p" = the binary give the program hash root.deployContract takes as "ph".
func BlobHash(fields Dict) Hash {
	var out C.IscHash
	var msg C.IscBuffer
	ptr, n := cBytes(fields.Encode())
	// A Dict this package encoded always decodes; a failure is a bug of the library.
	if err := check("BlobHash", C.isc_blob_hash(ptr, n, &out, &msg), &msg); err != nil {
		panic(err)
	}
	var h Hash
	for i := range h {
		h[i] = byte(out.bytes[i])
	}
	return h
}
