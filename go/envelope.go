package iscvm

// #include <iscvm.h>
import "C"

import (
	"fmt"
	"sync"
)

// envelopeVersion is the version byte of the envelopes this package reads and writes.
const envelopeVersion = C.ISC_ENVELOPE_VERSION

// BlockInput is what consensus agreed on for one block.
type BlockInput struct {
	Requests       []Request // in execution order
	Timestamp      int64     // Unix ns, after the head's; request i runs at Timestamp + i
	Entropy        Hash      // the block's shared randomness
	PreviousAnchor Hash      // the anchor transaction id of the previous block
}

// Encode is the block input envelope (../ffi/README.md, "Block input").
func (in BlockInput) Encode() []byte {
	size := 77
	for i := range in.Requests {
		size += in.Requests[i].encodedLen() + 4
	}
	w := writer{b: make([]byte, 0, size)}
	in.writeTo(&w)
	return w.b
}

func (in *BlockInput) writeTo(w *writer) {
	w.u8(envelopeVersion)
	w.i64(in.Timestamp)
	w.raw(in.Entropy[:])
	w.raw(in.PreviousAnchor[:])
	w.u32(uint32(len(in.Requests)))
	for i := range in.Requests {
		mark := w.open()
		in.Requests[i].writeTo(w)
		w.close(mark)
	}
}

// inputBuffers keeps the buffers block inputs were encoded into for the library's call, which only
// borrows them: a node runs block after block, and a block of 10,000 requests takes 1.8 MB, which a
// new allocation would take from fresh pages each time.
var inputBuffers sync.Pool

// encodeInput encodes in into a buffer of inputBuffers; releaseInput gives it back after the call.
func encodeInput(in *BlockInput) *[]byte {
	buf, _ := inputBuffers.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	w := writer{b: (*buf)[:0]}
	in.writeTo(&w)
	*buf = w.b
	return buf
}

func releaseInput(buf *[]byte) { inputBuffers.Put(buf) }

// Mutation is one change of a state update: Value is nil for a delete.
type Mutation struct {
	Key    []byte
	Value  []byte
	Delete bool
}

// StateUpdate is what one request changed.
type StateUpdate struct {
	Timestamp int64
	Mutations []Mutation
}

// Block is the block as hashed into the state hash. Its updates stay encoded until asked for
// (Updates): a node usually stores or forwards the bytes, and a block of 10,000 requests holds tens
// of thousands of mutations.
type Block struct {
	Index     uint32
	Timestamp int64  // of its last update
	Encoded   []byte // the bytes that were hashed (../ffi/README.md, "Block")
}

// Updates decodes the block's state updates, one per request in execution order.
func (b *Block) Updates() ([]StateUpdate, error) {
	r := reader{b: b.Encoded}
	r.u32()
	r.i64()
	updates := r.updates()
	return updates, r.finish("block")
}

// BlockInfo is the blocklog's record of a block.
type BlockInfo struct {
	Index              uint32
	Timestamp          int64
	TotalRequests      uint32
	SuccessfulRequests uint32
	GasBurned          uint64
	Fees               uint64
	PreviousAnchor     Hash
}

// Receipt is what happened to one request.
type Receipt struct {
	RequestID    RequestID
	BlockIndex   uint32
	RequestIndex uint16
	Contract     Hname
	Entry        Hname
	GasBudget    uint64
	GasBurned    uint64
	Fee          uint64
	Error        string // empty when it succeeded
	Failed       bool
}

// Event is one event of the block (successful requests' events, and one "[req]" line per request).
type Event struct {
	Contract  Hname
	Timestamp int64
	Text      string
}

// OutgoingRequest is a request a contract posted to another chain.
type OutgoingRequest struct {
	Sender   AgentID
	Target   AgentID // the target chain and contract, as a contract agent id
	Entry    Hname
	Params   Dict
	Transfer Balances
	Timelock uint32
}

// Transfer is tokens the block sends to an L1 address.
type Transfer struct {
	Address Address
	Tokens  Balances
}

// NotRunReason says why a request of the input did not run.
type NotRunReason uint8

// The reasons.
const (
	AlreadyProcessed NotRunReason = 0 // dropped from the backlog
	TimeLocked       NotRunReason = 1 // stays in the backlog
	BlockGasLimit    NotRunReason = 2 // stays for the next block
	BlockOutputLimit NotRunReason = 3 // stays for the next block
)

// NotRun is a request of the input that did not run.
type NotRun struct {
	Reason    NotRunReason
	RequestID RequestID
}

// BlockResult is everything a committed block did, ready for the node to anchor.
type BlockResult struct {
	StateHash Hash
	Block     Block
	Info      BlockInfo
	Receipts  []Receipt // one per processed request, in order
	Events    []Event
	Outgoing  []OutgoingRequest
	Transfers []Transfer
	NotRun    []NotRun
}

func (r *reader) requestID() (id RequestID) {
	copy(id.TxID[:], r.fixed(32))
	id.Index = r.u16()
	return id
}

func (r *reader) block() Block {
	b := Block{Encoded: r.b}
	b.Index = r.u32()
	b.Timestamp = r.i64()
	r.b = nil // the updates are decoded on demand
	return b
}

func (r *reader) updates() []StateUpdate {
	n := r.count("block updates", 12)
	updates := make([]StateUpdate, 0, n)
	for i := 0; i < n; i++ {
		u := StateUpdate{Timestamp: r.i64()}
		m := r.count("update mutations", 5)
		u.Mutations = make([]Mutation, 0, m)
		for j := 0; j < m; j++ {
			op := r.u8()
			key := r.bytes()
			switch op {
			case 0:
				u.Mutations = append(u.Mutations, Mutation{Key: key, Value: r.bytes()})
			case 1:
				u.Mutations = append(u.Mutations, Mutation{Key: key, Delete: true})
			default:
				r.fail("mutation", fmt.Sprintf("unknown op %d", op))
			}
		}
		updates = append(updates, u)
	}
	return updates
}

func (r *reader) blockInfo() BlockInfo {
	return BlockInfo{
		Index: r.u32(), Timestamp: r.i64(), TotalRequests: r.u32(), SuccessfulRequests: r.u32(),
		GasBurned: r.u64(), Fees: r.u64(), PreviousAnchor: r.hash(),
	}
}

func (r *reader) receipt() Receipt {
	rc := Receipt{
		RequestID: r.requestID(), BlockIndex: r.u32(), RequestIndex: r.u16(),
		Contract: Hname(r.u32()), Entry: Hname(r.u32()),
		GasBudget: r.u64(), GasBurned: r.u64(), Fee: r.u64(),
	}
	switch flag := r.u8(); flag {
	case 0:
	case 1:
		rc.Failed = true
		rc.Error = r.text()
	default:
		r.fail("receipt", fmt.Sprintf("error flag %d", flag))
	}
	return rc
}

func (r *reader) outgoing() OutgoingRequest {
	var o OutgoingRequest
	copy(o.Sender[:], r.fixed(36))
	copy(o.Target[:], r.fixed(36))
	o.Entry = Hname(r.u32())
	o.Params = framed(r, "outgoing params", (*reader).dict)
	o.Transfer = framed(r, "outgoing transfer", (*reader).balances)
	o.Timelock = r.u32()
	return o
}

// The lists of a block result, each a count u32 and its items (../ffi/README.md, "Block result"):
// in the envelope one after the other, or on their own from LazyBlockResult's accessors.

func (r *reader) receipts() []Receipt {
	var out []Receipt
	for i, n := 0, r.count("receipts", 4); i < n; i++ {
		out = append(out, framed(r, "receipt", (*reader).receipt))
	}
	return out
}

func (r *reader) events() []Event {
	var out []Event
	for i, n := 0, r.count("events", 16); i < n; i++ {
		out = append(out, Event{Contract: Hname(r.u32()), Timestamp: r.i64(), Text: r.text()})
	}
	return out
}

func (r *reader) outgoingList() []OutgoingRequest {
	var out []OutgoingRequest
	for i, n := 0, r.count("outgoing", 4); i < n; i++ {
		out = append(out, framed(r, "outgoing request", (*reader).outgoing))
	}
	return out
}

func (r *reader) transfers() []Transfer {
	var out []Transfer
	for i, n := 0, r.count("transfers", 36); i < n; i++ {
		var t Transfer
		copy(t.Address[:], r.fixed(32))
		t.Tokens = framed(r, "transfer tokens", (*reader).balances)
		out = append(out, t)
	}
	return out
}

func (r *reader) notRun() []NotRun {
	var out []NotRun
	for i, n := 0, r.count("not run", 35); i < n; i++ {
		reason := NotRunReason(r.u8())
		out = append(out, NotRun{Reason: reason, RequestID: r.requestID()})
	}
	return out
}

// decodeBlockResult parses the block result envelope; nil when no request ran.
func decodeBlockResult(b []byte) (*BlockResult, error) {
	r := reader{b: b}
	if v := r.u8(); r.err == nil && v != envelopeVersion {
		return nil, &DecodeError{What: "block result", Reason: fmt.Sprintf("envelope version %d", v)}
	}
	switch flag := r.u8(); {
	case r.err != nil:
		return nil, r.err
	case flag == 0:
		return nil, r.finish("block result")
	case flag != 1:
		return nil, &DecodeError{What: "block result", Reason: fmt.Sprintf("flag %d", flag)}
	}
	res := &BlockResult{StateHash: r.hash()}
	res.Block = framed(&r, "block", (*reader).block)
	res.Info = framed(&r, "block info", (*reader).blockInfo)
	res.Receipts = r.receipts()
	res.Events = r.events()
	res.Outgoing = r.outgoingList()
	res.Transfers = r.transfers()
	res.NotRun = r.notRun()
	if err := r.finish("block result"); err != nil {
		return nil, err
	}
	return res, nil
}

// decodeRequests parses a request list.
func decodeRequests(b []byte) ([]Request, error) {
	r := reader{b: b}
	var out []Request
	for i, n := 0, r.count("requests", 4); i < n; i++ {
		out = append(out, framed(&r, "request", (*reader).request))
	}
	return out, r.finish("requests")
}

// EntryPoint is an entry point of a checked module.
type EntryPoint struct {
	Name  string
	Hname Hname
	View  bool // a view (read-only); otherwise a func
}

// ModuleReport is what CheckModule learned about an accepted module.
type ModuleReport struct {
	ABI                string // isc, wasplib-v0.1 or wasmlib-v0.2
	Size               uint64
	EntryPoints        []EntryPoint
	Imports            []string
	MemoryInitialPages uint32
}

func decodeReport(b []byte) (*ModuleReport, error) {
	r := reader{b: b}
	if v := r.u8(); r.err == nil && v != envelopeVersion {
		return nil, &DecodeError{What: "module report", Reason: fmt.Sprintf("envelope version %d", v)}
	}
	rep := &ModuleReport{ABI: r.text(), Size: r.u64()}
	for i, n := 0, r.count("entry points", 9); i < n; i++ {
		kind := r.u8()
		h := Hname(r.u32())
		rep.EntryPoints = append(rep.EntryPoints, EntryPoint{Name: r.text(), Hname: h, View: kind == 1})
	}
	for i, n := 0, r.count("imports", 4); i < n; i++ {
		rep.Imports = append(rep.Imports, r.text())
	}
	rep.MemoryInitialPages = r.u32()
	return rep, r.finish("module report")
}
