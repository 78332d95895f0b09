package iscvm

/*
#include <stdlib.h>
#include <iscvm.h>

extern int32_t iscvmGoGet(void *ctx, uint8_t *key, size_t key_len, IscValue *out);
extern int32_t iscvmGoIterate(void *ctx, uint8_t *prefix, size_t prefix_len, IscVisitor *visitor);
extern int32_t iscvmGoCommit(void *ctx, IscKvChange *changes, size_t n);

// The Go callbacks as the library's callback types (they differ only in const qualifiers).
static IscStoreCallbacks iscvm_go_callbacks(void *ctx) {
	IscStoreCallbacks cb = {
		ctx,
		(IscGetFn)iscvmGoGet,
		(IscIterateFn)iscvmGoIterate,
		(IscCommitFn)iscvmGoCommit,
	};
	return cb;
}
*/
import "C"

import (
	"runtime/cgo"
	"sort"
	"sync"
	"unsafe"
)

// KV is the node's own ordered key/value database, which a chain opened with KVStore keeps its
// records in (state, blocks, head, backlog; the layout is in ../ffi/README.md, "Stores").
//
// The library calls it only during a call on the chain, from that call's goroutine; Get may be
// called from inside Iterate's fn, so an implementation must not hold a non-reentrant lock while
// it calls fn.
type KV interface {
	// Get returns the value of key and whether it exists.
	Get(key []byte) (value []byte, found bool, err error)
	// Iterate calls fn for each key starting with prefix, in ascending bytewise order, until fn
	// returns false. key and value are valid only during fn.
	Iterate(prefix []byte, fn func(key, value []byte) bool) error
	// Commit applies every change or none, durably.
	Commit(changes []Change) error
}

// Change is one write of a commit: set Key to Value, or delete Key.
type Change struct {
	Key    []byte
	Value  []byte
	Delete bool
}

// Store says which store a chain is created or opened on.
type Store struct {
	kind      C.uint32_t
	path      string
	namespace string
	kv        KV
}

// MemoryStore is a store in memory, gone when the chain is closed.
func MemoryStore() Store { return Store{kind: C.ISC_STORE_MEMORY} }

// RedbStore is a redb database file at path (created if missing), the chain under namespace (""
// for "default"); several chains share one file under different namespaces.
func RedbStore(path, namespace string) Store {
	return Store{kind: C.ISC_STORE_REDB, path: path, namespace: namespace}
}

// KVStore is the node's own database behind kv.
func KVStore(kv KV) Store { return Store{kind: C.ISC_STORE_CALLBACKS, kv: kv} }

// kvBinding is a KV as the callbacks see it: reached through a cgo.Handle kept in C memory (ctx),
// with the last error the KV returned, so that a store failure reports it.
type kvBinding struct {
	kv      KV
	handle  cgo.Handle
	ctx     unsafe.Pointer
	mu      sync.Mutex
	lastErr error
}

func bind(kv KV) *kvBinding {
	b := &kvBinding{kv: kv}
	b.handle = cgo.NewHandle(b)
	b.ctx = C.malloc(C.size_t(unsafe.Sizeof(C.uintptr_t(0))))
	*(*C.uintptr_t)(b.ctx) = C.uintptr_t(b.handle)
	return b
}

// release frees what bind allocated; the chain must be closed.
func (b *kvBinding) release() {
	b.handle.Delete()
	C.free(b.ctx)
}

func (b *kvBinding) fail(err error) C.int32_t {
	b.mu.Lock()
	b.lastErr = err
	b.mu.Unlock()
	return 1
}

// takeErr is the KV's last error, forgotten once taken.
func (b *kvBinding) takeErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.lastErr
	b.lastErr = nil
	return err
}

func bindingOf(ctx unsafe.Pointer) *kvBinding {
	return cgo.Handle(*(*C.uintptr_t)(ctx)).Value().(*kvBinding)
}

// cConfig is the C form of a store config, in C memory (the library must not see Go pointers
// inside it); free it with freeConfig after the call.
func (s Store) cConfig(b *kvBinding) *C.IscStoreConfig {
	cfg := (*C.IscStoreConfig)(C.calloc(1, C.size_t(unsafe.Sizeof(C.IscStoreConfig{}))))
	cfg.kind = s.kind
	if s.path != "" {
		cfg.path = (*C.uint8_t)(C.CBytes([]byte(s.path)))
		cfg.path_len = C.size_t(len(s.path))
	}
	if s.namespace != "" {
		cfg.ns = (*C.uint8_t)(C.CBytes([]byte(s.namespace)))
		cfg.ns_len = C.size_t(len(s.namespace))
	}
	if b != nil {
		cfg.callbacks = C.iscvm_go_callbacks(b.ctx)
	}
	return cfg
}

func freeConfig(cfg *C.IscStoreConfig) {
	C.free(unsafe.Pointer(cfg.path))
	C.free(unsafe.Pointer(cfg.ns))
	C.free(unsafe.Pointer(cfg))
}

// MemKV is a KV in memory: a sorted map, for tests and simulations. Safe for concurrent use.
type MemKV struct {
	mu   sync.RWMutex
	data map[string][]byte
	keys []string // sorted
}

// NewMemKV is an empty MemKV.
func NewMemKV() *MemKV { return &MemKV{data: map[string][]byte{}} }

// Get implements KV.
func (m *MemKV) Get(key []byte) ([]byte, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.data[string(key)]
	return v, ok, nil
}

// Iterate implements KV; the entries are copied out first, so fn may call Get.
func (m *MemKV) Iterate(prefix []byte, fn func(key, value []byte) bool) error {
	p := string(prefix)
	m.mu.RLock()
	var keys []string
	var values [][]byte
	for i := sort.SearchStrings(m.keys, p); i < len(m.keys) && len(m.keys[i]) >= len(p) && m.keys[i][:len(p)] == p; i++ {
		keys = append(keys, m.keys[i])
		values = append(values, m.data[m.keys[i]])
	}
	m.mu.RUnlock()
	for i := range keys {
		if !fn([]byte(keys[i]), values[i]) {
			break
		}
	}
	return nil
}

// Commit implements KV.
func (m *MemKV) Commit(changes []Change) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range changes {
		k := string(c.Key)
		_, exists := m.data[k]
		i := sort.SearchStrings(m.keys, k)
		switch {
		case c.Delete && exists:
			delete(m.data, k)
			m.keys = append(m.keys[:i], m.keys[i+1:]...)
		case c.Delete:
		default:
			if !exists {
				m.keys = append(m.keys, "")
				copy(m.keys[i+1:], m.keys[i:])
				m.keys[i] = k
			}
			m.data[k] = append([]byte{}, c.Value...)
		}
	}
	return nil
}

// Len is the number of keys.
func (m *MemKV) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.keys)
}
