package iscvm

// #include <iscvm.h>
import "C"

// The library's answer to null pointers, which the methods never pass; the tests call these to see
// that a null pointer across the boundary is an error code, not a crash.

func headNullOut(c *Chain) error {
	var msg C.IscBuffer
	return check("Head", C.isc_chain_head(c.h, nil, &msg), &msg)
}

func commitNullInput(c *Chain, length int) error {
	var out, msg C.IscBuffer
	return check("CommitBlock", C.isc_chain_commit_block(c.h, nil, C.size_t(length), &out, &msg), &msg)
}

func commitNullOut(c *Chain, input []byte) error {
	var msg C.IscBuffer
	ptr, n := cBytes(input)
	return check("CommitBlock", C.isc_chain_commit_block(c.h, ptr, n, nil, &msg), &msg)
}

func engineNullOut() error {
	var msg C.IscBuffer
	return check("NewEngine", C.isc_engine_new(nil, 0, nil, &msg), &msg)
}
