package iscvm

// The store callbacks the library calls for a KVStore chain. A panic of the node's KV is recovered
// here and reported as a store failure: it must never unwind into the library's frames.

// #include <iscvm.h>
import "C"

import (
	"fmt"
	"unsafe"
)

func recovered(b *kvBinding, code *C.int32_t) {
	if p := recover(); p != nil {
		*code = b.fail(fmt.Errorf("the KV panicked: %v", p))
	}
}

//export iscvmGoGet
func iscvmGoGet(ctx unsafe.Pointer, key *C.uint8_t, keyLen C.size_t, out *C.IscValue) (code C.int32_t) {
	b := bindingOf(ctx)
	defer recovered(b, &code)
	value, found, err := b.kv.Get(unsafe.Slice((*byte)(unsafe.Pointer(key)), int(keyLen)))
	if err != nil {
		return b.fail(err)
	}
	if found {
		ptr, n := cBytes(value)
		if rc := C.isc_value_set(out, ptr, n); rc != C.ISC_OK {
			return rc
		}
	}
	return C.ISC_OK
}

//export iscvmGoIterate
func iscvmGoIterate(ctx unsafe.Pointer, prefix *C.uint8_t, prefixLen C.size_t, visitor *C.IscVisitor) (code C.int32_t) {
	b := bindingOf(ctx)
	defer recovered(b, &code)
	p := C.GoBytes(unsafe.Pointer(prefix), C.int(prefixLen))
	err := b.kv.Iterate(p, func(key, value []byte) bool {
		kp, kn := cBytes(key)
		vp, vn := cBytes(value)
		return bool(C.isc_visit(visitor, kp, kn, vp, vn))
	})
	if err != nil {
		return b.fail(err)
	}
	return C.ISC_OK
}

//export iscvmGoCommit
func iscvmGoCommit(ctx unsafe.Pointer, changes *C.IscKvChange, n C.size_t) (code C.int32_t) {
	b := bindingOf(ctx)
	defer recovered(b, &code)
	raw := unsafe.Slice(changes, int(n))
	out := make([]Change, len(raw))
	for i, c := range raw {
		out[i].Key = C.GoBytes(unsafe.Pointer(c.key), C.int(c.key_len))
		if c.op == 1 {
			out[i].Delete = true
		} else {
			out[i].Value = C.GoBytes(unsafe.Pointer(c.value), C.int(c.value_len))
		}
	}
	if err := b.kv.Commit(out); err != nil {
		return b.fail(err)
	}
	return C.ISC_OK
}
