package iscvm

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestLazyResultIsTheSameBlockAsCommitBlock(t *testing.T) {
	engine := testEngine(t)
	eager, lazy := newNode(t, engine, MemoryStore()), newNode(t, engine, MemoryStore())
	defer eager.close()
	defer lazy.close()
	var transcript strings.Builder
	eager.funding([]byte{1, 2}, &transcript)
	lazy.funding([]byte{1, 2}, &transcript)
	requests := []Request{transfer(0, wallet(1), wallet(2), 1), transfer(1, wallet(2), wallet(1), funds*3)}
	want, err := eager.chain.CommitBlock(input(2, requests))
	if err != nil {
		t.Fatal(err)
	}
	res, err := lazy.chain.CommitBlockLazy(input(2, requests))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if res.ReceiptCount != 2 || res.Info.SuccessfulRequests != 1 {
		t.Fatalf("summary %+v", res)
	}
	checkLazy(t, res, want)
	got, err := res.Result()
	if err != nil {
		t.Fatal(err)
	}
	checkLazy(t, res, got)
	eh, _ := eager.chain.Head()
	lh, _ := lazy.chain.Head()
	if eh != lh || lh.StateHash != res.StateHash {
		t.Fatalf("heads %+v and %+v", eh, lh)
	}
}

func TestLazyResultErrors(t *testing.T) {
	engine := testEngine(t)
	n := initialised(t, engine)
	defer n.close()
	before, _ := n.chain.Head()
	// A timestamp not after the head's: refused, nothing committed, no result.
	res, err := n.chain.CommitBlockLazy(BlockInput{Timestamp: t0})
	wantErr(t, err, ErrBlock, "timestamp")
	if res != nil {
		t.Fatal("a result for a refused block")
	}
	// No request ran: nil, nothing committed.
	res, err = n.chain.CommitBlockLazy(input(2, nil))
	if res != nil || err != nil {
		t.Fatalf("an empty block: %v, %v", res, err)
	}
	if after, _ := n.chain.Head(); after != before {
		t.Fatalf("head moved: %+v", after)
	}
	res, err = n.chain.CommitBlockLazy(input(2, []Request{deposit(7, wallet(1))}))
	if err != nil || res == nil {
		t.Fatalf("block: %v", err)
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	wantErr(t, res.Close(), ErrClosed, "block result handle")
	_, err = res.Block()
	wantErr(t, err, ErrClosed, "is closed")
	_, err = res.Result()
	wantErr(t, err, ErrClosed, "is closed")
	// A handle of another kind, and one never issued.
	forged := &LazyBlockResult{h: n.chain.h}
	_, err = forged.Events()
	wantErr(t, err, ErrUnknownHandle, "a chain handle, not a block result handle")
	forged.h++
	_, err = forged.NotRun()
	wantErr(t, err, ErrUnknownHandle, "block result")
	closed := newNode(t, engine, MemoryStore())
	closed.close()
	_, err = closed.chain.CommitBlockLazy(input(1, nil))
	wantErr(t, err, ErrClosed, "is closed")
}

func TestAnUnclosedLazyResultIsReleasedByTheCollector(t *testing.T) {
	engine := testEngine(t)
	n := initialised(t, engine)
	defer n.close()
	res, err := n.chain.CommitBlockLazy(input(2, []Request{deposit(7, wallet(1))}))
	if err != nil || res == nil {
		t.Fatalf("block: %v", err)
	}
	h := res.h
	res = nil // the last reference
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	// The finalizer ran (on its own goroutine): the handle is freed, soon.
	for i := 0; i < 200; i++ {
		_, err = (&LazyBlockResult{h: h}).Receipts()
		if err != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
		runtime.GC()
	}
	wantErr(t, err, ErrClosed, "is closed")
}

// The block input is encoded into one buffer of the size encodedLen computes: a wrong size would
// cost a second allocation and a copy of the whole input.
func TestRequestEncodedLenIsExact(t *testing.T) {
	for _, q := range []Request{
		transfer(1, wallet(1), wallet(2), 1),
		deposit(2, wallet(1)),
		request(3, wallet(1), "root", "init", nil, nil),
	} {
		if n := len(q.Encode()); n != q.encodedLen() {
			t.Errorf("request %d: encoded %d bytes, encodedLen %d", q.ID.TxID[0], n, q.encodedLen())
		}
	}
	in := input(2, []Request{transfer(1, wallet(1), wallet(2), 1), deposit(2, wallet(1))})
	enc := in.Encode()
	if len(enc) != cap(enc) {
		t.Errorf("block input: %d bytes in a buffer of %d", len(enc), cap(enc))
	}
	buf := encodeInput(&in)
	defer releaseInput(buf)
	if string(*buf) != string(enc) {
		t.Error("the pooled encoding differs from Encode")
	}
}
