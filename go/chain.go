package iscvm

// #include <iscvm.h>
import "C"

import (
	"errors"
	"unsafe"
)

// Chain is a chain opened on an engine over a store. It serves one goroutine at a time: a call
// while another goroutine is inside a call on it fails at once with ErrBusy. Close it when done.
type Chain struct {
	h  C.uint64_t
	kv *kvBinding // the callbacks' binding of a KVStore chain, released at Close
}

// Head is a chain's last committed block and its id.
type Head struct {
	Index     uint32
	Timestamp int64 // Unix ns: the next block's must be later
	StateHash Hash
	ChainID   ChainID
}

// CreateChain creates a chain on an empty store: the origin block at timestamp (Unix ns), and root's
// init request from owner in the backlog, to run in the first block (see Backlog).
func (e *Engine) CreateChain(store Store, id ChainID, owner AgentID, timestamp int64, description string) (*Chain, error) {
	return e.open("CreateChain", store, func(cfg *C.IscStoreConfig, out *C.uint64_t, msg *C.IscBuffer) C.int32_t {
		desc := []byte(description)
		dp, dn := cBytes(desc)
		return C.isc_chain_create(e.h, cfg, (*C.uint8_t)(unsafe.Pointer(&id[0])), 32,
			(*C.uint8_t)(unsafe.Pointer(&owner[0])), 36, C.int64_t(timestamp), dp, dn, out, msg)
	})
}

// OpenChain opens the chain kept in a store (ErrNoChain when it holds none).
func (e *Engine) OpenChain(store Store) (*Chain, error) {
	return e.open("OpenChain", store, func(cfg *C.IscStoreConfig, out *C.uint64_t, msg *C.IscBuffer) C.int32_t {
		return C.isc_chain_open(e.h, cfg, out, msg)
	})
}

func (e *Engine) open(op string, store Store, call func(*C.IscStoreConfig, *C.uint64_t, *C.IscBuffer) C.int32_t) (*Chain, error) {
	var b *kvBinding
	if store.kv != nil {
		b = bind(store.kv)
	}
	cfg := store.cConfig(b)
	defer freeConfig(cfg)
	var h C.uint64_t
	var msg C.IscBuffer
	if err := check(op, call(cfg, &h, &msg), &msg); err != nil {
		if b != nil {
			withCause(err, b)
			b.release()
		}
		return nil, err
	}
	return &Chain{h: h, kv: b}, nil
}

// withCause attaches the KV's last error to a store failure.
func withCause(err error, b *kvBinding) {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeStore {
		e.Cause = b.takeErr()
	}
}

func (c *Chain) check(op string, code C.int32_t, msg *C.IscBuffer) error {
	err := check(op, code, msg)
	if err != nil && c.kv != nil {
		withCause(err, c.kv)
	}
	return err
}

// Close closes the chain and releases its store (ErrBusy while another goroutine is in a call on
// it; ErrClosed the second time).
func (c *Chain) Close() error {
	var msg C.IscBuffer
	if err := c.check("Close", C.isc_chain_close(c.h, &msg), &msg); err != nil {
		return err
	}
	if c.kv != nil {
		c.kv.release()
		c.kv = nil
	}
	return nil
}

// Head reads the chain's head.
func (c *Chain) Head() (Head, error) {
	var h C.IscHead
	var msg C.IscBuffer
	if err := c.check("Head", C.isc_chain_head(c.h, &h, &msg), &msg); err != nil {
		return Head{}, err
	}
	out := Head{Index: uint32(h.index), Timestamp: int64(h.timestamp)}
	for i := 0; i < 32; i++ {
		out.StateHash[i] = byte(h.state_hash[i])
		out.ChainID[i] = byte(h.chain_id[i])
	}
	return out, nil
}

// Backlog lists the requests waiting in the chain's backlog, oldest first.
func (c *Chain) Backlog() ([]Request, error) {
	var out, msg C.IscBuffer
	if err := c.check("Backlog", C.isc_chain_backlog(c.h, &out, &msg), &msg); err != nil {
		return nil, err
	}
	return decodeRequests(goBytes(&out))
}

// Post puts a request into the chain's backlog (ErrRefused: a duplicate, a full backlog, params
// over the limit).
func (c *Chain) Post(req Request) error {
	return c.postRaw(req.Encode())
}

// CommitBlock runs a block input and commits the block atomically, with the removal of its requests
// from the backlog. The result is nil (and nothing is committed) when no request ran.
func (c *Chain) CommitBlock(in BlockInput) (*BlockResult, error) {
	buf := encodeInput(&in)
	defer releaseInput(buf)
	out, err := c.commitRaw(*buf)
	if err != nil {
		return nil, err
	}
	return decodeBlockResult(out)
}

// CallView calls view entry of contract on the committed state.
func (c *Chain) CallView(contract, entry Hname, params Dict) (Dict, error) {
	out, err := c.callViewRaw(contract, entry, params.Encode())
	if err != nil {
		return nil, err
	}
	return DecodeDict(out)
}

// The raw calls under the methods above, taking encoded bytes (the tests also hand them bytes the
// methods never produce).

func (c *Chain) postRaw(req []byte) error {
	var msg C.IscBuffer
	ptr, n := cBytes(req)
	return c.check("Post", C.isc_chain_post(c.h, ptr, n, &msg), &msg)
}

func (c *Chain) commitRaw(input []byte) ([]byte, error) {
	var out, msg C.IscBuffer
	ptr, n := cBytes(input)
	if err := c.check("CommitBlock", C.isc_chain_commit_block(c.h, ptr, n, &out, &msg), &msg); err != nil {
		return nil, err
	}
	return goBytes(&out), nil
}

func (c *Chain) callViewRaw(contract, entry Hname, params []byte) ([]byte, error) {
	var out, msg C.IscBuffer
	ptr, n := cBytes(params)
	code := C.isc_chain_call_view(c.h, C.uint32_t(contract), C.uint32_t(entry), ptr, n, &out, &msg)
	if err := c.check("CallView", code, &msg); err != nil {
		return nil, err
	}
	return goBytes(&out), nil
}
