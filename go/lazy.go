package iscvm

// #include <iscvm.h>
import "C"

import (
	"runtime"
	"unsafe"
)

// LazyBlockResult is the result of a block committed with CommitBlockLazy. Its figures are fields,
// filled at once; its block bytes and its lists stay in the library, which keeps the result, and
// each accessor fetches and decodes one of them when called. A node that stores the block through
// its own KVStore and only anchors the state hash never pays for encoding, copying and decoding the
// block's mutations (5.8 MB in a block of 10,000 transfers).
//
// The accessors may be called any number of times, from several goroutines, until Close. Close
// releases the library's copy; a LazyBlockResult that is not closed is released when the garbage
// collector finds it unreachable, but a node should Close it, as the memory is large and not
// Go's.
type LazyBlockResult struct {
	StateHash      Hash
	BlockIndex     uint32 // Block.Index
	BlockTimestamp int64  // Block.Timestamp: of the block's last state update
	BlockLen       int    // bytes of Block.Encoded
	Info           BlockInfo

	// The lengths of the lists the accessors return.
	ReceiptCount  int
	EventCount    int
	OutgoingCount int
	TransferCount int
	NotRunCount   int

	h C.uint64_t
}

// CommitBlockLazy runs a block input and commits the block exactly as CommitBlock does (same state
// hash, same receipts), but returns a LazyBlockResult, whose parts are fetched when asked for, in
// place of the whole result decoded. The result is nil (and nothing is committed) when no request
// ran. Close the result when done with it.
func (c *Chain) CommitBlockLazy(in BlockInput) (*LazyBlockResult, error) {
	buf := encodeInput(&in)
	defer releaseInput(buf)
	return c.commitLazyRaw(*buf)
}

// commitLazyRaw is CommitBlockLazy on an encoded input (the tests also hand it bytes the method
// never produces).
func (c *Chain) commitLazyRaw(input []byte) (*LazyBlockResult, error) {
	var sum C.IscBlockSummary
	var h C.uint64_t
	var msg C.IscBuffer
	ptr, n := cBytes(input)
	if err := c.check("CommitBlockLazy", C.isc_chain_commit_block_lazy(c.h, ptr, n, &sum, &h, &msg), &msg); err != nil {
		return nil, err
	}
	if sum.committed == 0 {
		return nil, nil
	}
	res := &LazyBlockResult{
		StateHash:      goHash(&sum.state_hash),
		BlockIndex:     uint32(sum.block_index),
		BlockTimestamp: int64(sum.block_timestamp),
		BlockLen:       int(sum.block_len),
		Info: BlockInfo{
			Index:              uint32(sum.info.index),
			Timestamp:          int64(sum.info.timestamp),
			TotalRequests:      uint32(sum.info.total_requests),
			SuccessfulRequests: uint32(sum.info.successful_requests),
			GasBurned:          uint64(sum.info.gas_burned),
			Fees:               uint64(sum.info.fees),
			PreviousAnchor:     goHash(&sum.info.previous_anchor),
		},
		ReceiptCount:  int(sum.receipts),
		EventCount:    int(sum.events),
		OutgoingCount: int(sum.outgoing),
		TransferCount: int(sum.transfers),
		NotRunCount:   int(sum.not_run),
		h:             h,
	}
	runtime.SetFinalizer(res, (*LazyBlockResult).free)
	return res, nil
}

func goHash(h *[32]C.uint8_t) Hash {
	return *(*Hash)(unsafe.Pointer(h))
}

// part fetches one part of the result from the library (ErrClosed after Close).
func (r *LazyBlockResult) part(op string, part C.uint32_t) ([]byte, error) {
	var out, msg C.IscBuffer
	code := C.isc_block_result_part(r.h, part, &out, &msg)
	runtime.KeepAlive(r)
	if err := check(op, code, &msg); err != nil {
		return nil, err
	}
	return goBytes(&out), nil
}

// list fetches a part that is a list and decodes it with f.
func lazyList[T any](r *LazyBlockResult, op string, part C.uint32_t, f func(*reader) []T) ([]T, error) {
	b, err := r.part(op, part)
	if err != nil {
		return nil, err
	}
	rd := reader{b: b}
	out := f(&rd)
	if err := rd.finish(op); err != nil {
		return nil, err
	}
	return out, nil
}

// Block fetches the block: BlockResult.Block of the same block.
func (r *LazyBlockResult) Block() (Block, error) {
	b, err := r.part("Block", C.ISC_PART_BLOCK)
	if err != nil {
		return Block{}, err
	}
	rd := reader{b: b}
	blk := rd.block()
	if rd.err != nil {
		return Block{}, rd.err
	}
	return blk, nil
}

// Receipts fetches the receipts: BlockResult.Receipts of the same block.
func (r *LazyBlockResult) Receipts() ([]Receipt, error) {
	return lazyList(r, "Receipts", C.ISC_PART_RECEIPTS, (*reader).receipts)
}

// Events fetches the events: BlockResult.Events of the same block.
func (r *LazyBlockResult) Events() ([]Event, error) {
	return lazyList(r, "Events", C.ISC_PART_EVENTS, (*reader).events)
}

// Outgoing fetches the outgoing requests: BlockResult.Outgoing of the same block.
func (r *LazyBlockResult) Outgoing() ([]OutgoingRequest, error) {
	return lazyList(r, "Outgoing", C.ISC_PART_OUTGOING, (*reader).outgoingList)
}

// Transfers fetches the transfers to L1: BlockResult.Transfers of the same block.
func (r *LazyBlockResult) Transfers() ([]Transfer, error) {
	return lazyList(r, "Transfers", C.ISC_PART_TRANSFERS, (*reader).transfers)
}

// NotRun fetches the requests of the input that did not run: BlockResult.NotRun of the same block.
func (r *LazyBlockResult) NotRun() ([]NotRun, error) {
	return lazyList(r, "NotRun", C.ISC_PART_NOT_RUN, (*reader).notRun)
}

// Result fetches and decodes the whole result: what CommitBlock would have returned for the block.
func (r *LazyBlockResult) Result() (*BlockResult, error) {
	b, err := r.part("Result", C.ISC_PART_ENVELOPE)
	if err != nil {
		return nil, err
	}
	return decodeBlockResult(b)
}

// Close releases the result kept by the library; afterwards every accessor, and Close, fail with
// ErrClosed.
func (r *LazyBlockResult) Close() error {
	runtime.SetFinalizer(r, nil)
	return r.free()
}

func (r *LazyBlockResult) free() error {
	var msg C.IscBuffer
	code := C.isc_block_result_free(r.h, &msg)
	runtime.KeepAlive(r)
	return check("Close", code, &msg)
}
