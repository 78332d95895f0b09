package iscvm

// #include <iscvm.h>
import "C"

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// Hash is a 32-byte blake2b-256 hash: a state hash, a program hash, an anchor, entropy.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// ChainID identifies a chain.
type ChainID [32]byte

// Address is an L1 address.
type Address [32]byte

// Color identifies a token colour; the base token is the zero colour.
type Color [32]byte

// BaseColor is the colour of the base token.
var BaseColor Color

// Hname is the 4-byte code of a name (contract, entry point): see HnameOf.
type Hname uint32

func (h Hname) String() string { return fmt.Sprintf("%08x", uint32(h)) }

// HnameOf is hname(name): the first 4 bytes of blake2b-256 of the name, little-endian (computed by
// the library).
func HnameOf(name string) Hname {
	var out C.uint32_t
	var msg C.IscBuffer
	ptr, n := cBytes([]byte(name))
	// A Go string is valid input (UTF-8 or not, the library only refuses non-UTF-8, which Go source
	// names are not); a failure here is a bug of the library.
	if err := check("HnameOf", C.isc_hname(ptr, n, &out, &msg), &msg); err != nil {
		panic(err)
	}
	return Hname(out)
}

// AgentID is who holds an account or sends a request: 32 bytes and an hname (0 for an L1 address;
// otherwise the chain id and the contract's hname).
type AgentID [36]byte

// AddressAgent is the agent of an L1 address.
func AddressAgent(a Address) AgentID {
	var id AgentID
	copy(id[:32], a[:])
	return id
}

// ContractAgent is the agent of contract h on chain c.
func ContractAgent(c ChainID, h Hname) AgentID {
	var id AgentID
	copy(id[:32], c[:])
	binary.LittleEndian.PutUint32(id[32:], uint32(h))
	return id
}

// RequestID is a request's transaction id and its index in it.
type RequestID struct {
	TxID  [32]byte
	Index uint16
}

// Bytes is the 34-byte form.
func (r RequestID) Bytes() []byte {
	out := make([]byte, 34)
	copy(out, r.TxID[:])
	binary.LittleEndian.PutUint16(out[32:], r.Index)
	return out
}

func (r RequestID) String() string { return hex.EncodeToString(r.Bytes()) }

// Dict is a params or results map: non-empty keys, raw values (integers little-endian, strings
// UTF-8).
type Dict map[string][]byte

// Encode is the Dict encoding: count u32, then per entry sorted by key: key length u16, key, value
// length u32, value.
func (d Dict) Encode() []byte {
	var w writer
	w.dict(d)
	return w.b
}

// insertSorted appends v to s, which less keeps sorted, and moves it back to its place: the
// encodings sort the few keys of a map this way, in a small array, without allocating.
func insertSorted[T any](s []T, v T, less func(a, b T) bool) []T {
	s = append(s, v)
	for i := len(s) - 1; i > 0 && less(s[i], s[i-1]); i-- {
		s[i], s[i-1] = s[i-1], s[i]
	}
	return s
}

// dict appends d's encoding. Requests carry a few params, so the keys are sorted in place by
// insertion into a small array, without allocating.
func (w *writer) dict(d Dict) {
	var small [8]string
	keys := small[:0]
	for k := range d {
		keys = insertSorted(keys, k, func(a, b string) bool { return a < b })
	}
	w.u32(uint32(len(keys)))
	for _, k := range keys {
		w.u16(uint16(len(k)))
		w.b = append(w.b, k...)
		w.bytes(d[k])
	}
}

// DecodeDict parses the Dict encoding.
func DecodeDict(b []byte) (Dict, error) {
	r := reader{b: b}
	d := r.dict()
	return d, r.finish("dict")
}

// Balances are amounts by colour (zero amounts are never kept).
type Balances map[Color]uint64

// Encode is the Balances encoding: count u32, then per non-zero colour sorted: colour, amount u64.
func (bal Balances) Encode() []byte {
	var w writer
	w.balances(bal)
	return w.b
}

func (w *writer) balances(bal Balances) {
	var small [4]Color
	colors := small[:0]
	for c, n := range bal {
		if n == 0 {
			continue
		}
		colors = insertSorted(colors, c, func(a, b Color) bool { return string(a[:]) < string(b[:]) })
	}
	w.u32(uint32(len(colors)))
	for _, c := range colors {
		w.raw(c[:])
		w.u64(bal[c])
	}
}

// Request is a request to a contract of a chain.
type Request struct {
	ID        RequestID
	Sender    AgentID
	Contract  Hname
	Entry     Hname
	Params    Dict
	Transfer  Balances // credited to the sender's on-chain account before the call; fees come from it
	GasBudget uint64   // 0: the chain's default
	Timelock  uint32   // Unix seconds before which it does not run; 0: none
}

// Encode is the Request encoding (../ffi/README.md, "Request").
func (q Request) Encode() []byte {
	var w writer
	q.writeTo(&w)
	return w.b
}

// encodedLen is the length of the Request encoding, so that a block input is written into one
// allocation.
func (q *Request) encodedLen() int {
	// id, sender, contract, entry, params length and count, transfer length and count, gas, timelock
	n := 34 + 36 + 4 + 4 + 4 + 4 + 4 + 4 + 8 + 4
	for k, v := range q.Params {
		n += 2 + len(k) + 4 + len(v)
	}
	return n + 40*len(q.Transfer)
}

func (q *Request) writeTo(w *writer) {
	w.raw(q.ID.TxID[:])
	w.u16(q.ID.Index)
	w.raw(q.Sender[:])
	w.u32(uint32(q.Contract))
	w.u32(uint32(q.Entry))
	mark := w.open()
	w.dict(q.Params)
	w.close(mark)
	mark = w.open()
	w.balances(q.Transfer)
	w.close(mark)
	w.u64(q.GasBudget)
	w.u32(q.Timelock)
}

func (r *reader) request() Request {
	var q Request
	copy(q.ID.TxID[:], r.fixed(32))
	q.ID.Index = r.u16()
	copy(q.Sender[:], r.fixed(36))
	q.Contract = Hname(r.u32())
	q.Entry = Hname(r.u32())
	q.Params = framed(r, "request params", (*reader).dict)
	q.Transfer = framed(r, "request transfer", (*reader).balances)
	q.GasBudget = r.u64()
	q.Timelock = r.u32()
	return q
}
