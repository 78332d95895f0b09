package iscvm

// #cgo CFLAGS: -I${SRCDIR}/../ffi/include
// #cgo LDFLAGS: -L${SRCDIR}/../target/release -l:libisc_ffi.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
// #include <iscvm.h>
import "C"

// Every file includes the header with angle brackets: cgo compiles its probes of the C names from a
// file in the temporary directory, where a quoted include would first find any iscvm.h left there
// (of another build or version) instead of ../ffi/include's.

import "unsafe"

// cBytes is the pointer and length of b for a call that borrows it (nil for an empty slice: the
// library reads a null pointer with length 0 as empty). The memory holds no Go pointers and the
// library keeps nothing after the call, as cgo requires.
func cBytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// goBytes copies a buffer returned by the library into Go memory and frees it.
func goBytes(buf *C.IscBuffer) []byte {
	defer C.isc_buffer_free(buf)
	if buf.data == nil || buf.len == 0 {
		return []byte{}
	}
	out := make([]byte, int(buf.len))
	copy(out, unsafe.Slice((*byte)(unsafe.Pointer(buf.data)), int(buf.len)))
	return out
}

// Version is the version of the linked library.
func Version() string {
	return C.GoString(C.isc_version())
}
