package iscvm

import (
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func testEngine(t testing.TB) *Engine {
	t.Helper()
	engine, err := NewEngine("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	return engine
}

// initialised is a chain on a memory store after its first block (root's init).
func initialised(t *testing.T, engine *Engine) *node {
	t.Helper()
	n := newNode(t, engine, MemoryStore())
	backlog, err := n.chain.Backlog()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.chain.CommitBlock(input(1, backlog)); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantErr(t *testing.T, err error, sentinel *Error, fragment string) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("want %s, got %v", sentinel.Code, err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Message == "" || !strings.Contains(e.Message, fragment) {
		t.Fatalf("want a message with %q, got %v", fragment, err)
	}
}

func TestNullPointersAreErrors(t *testing.T) {
	engine := testEngine(t)
	n := initialised(t, engine)
	defer n.close()
	wantErr(t, headNullOut(n.chain), ErrNull, "out is a null pointer")
	wantErr(t, commitNullInput(n.chain, 10), ErrNull, "input is a null pointer")
	wantErr(t, commitNullOut(n.chain, input(2, nil).Encode()), ErrNull, "out is a null pointer")
	wantErr(t, engineNullOut(), ErrNull, "out_engine")
	// A null pointer with length 0 is the empty input: it does not decode.
	wantErr(t, commitNullInput(n.chain, 0), ErrDecode, "block input")
}

func TestTruncatedInputIsRefusedAndChangesNothing(t *testing.T) {
	engine := testEngine(t)
	n := initialised(t, engine)
	defer n.close()
	before, err := n.chain.Head()
	if err != nil {
		t.Fatal(err)
	}
	good := input(2, []Request{transfer(1, wallet(1), wallet(2), 1)}).Encode()
	for _, cut := range []int{1, 9, 41, 77, 81, len(good) - 1} {
		_, err := n.chain.commitRaw(good[:cut])
		wantErr(t, err, ErrDecode, "block input")
	}
	_, err = n.chain.commitRaw(append(append([]byte{}, good...), 0))
	wantErr(t, err, ErrDecode, "trailing")
	bad := append([]byte{}, good...)
	bad[0] = 7
	_, err = n.chain.commitRaw(bad)
	wantErr(t, err, ErrDecode, "envelope version")
	after, err := n.chain.Head()
	if err != nil || after != before {
		t.Fatalf("the head moved: %+v -> %+v (%v)", before, after, err)
	}

	req := transfer(1, wallet(1), wallet(2), 1)
	raw := req.Encode()
	wantErr(t, n.chain.postRaw(raw[:len(raw)-2]), ErrDecode, "request")
	w1 := wallet(1)
	params := Dict{"a": w1[:]}.Encode()
	_, err = n.chain.callViewRaw(HnameOf("accounts"), HnameOf("balance"), params[:len(params)-1])
	wantErr(t, err, ErrDecode, "params")
	if backlog, _ := n.chain.Backlog(); len(backlog) != 0 {
		t.Fatalf("backlog: %v", backlog)
	}
	_, err = CheckModule(nil)
	wantErr(t, err, ErrModule, "neither a Wasm binary")
	_, err = CheckModule([]byte("\x00asm\x01\x00\x00"))
	wantErr(t, err, ErrModule, "")
}

func TestUnknownAndClosedHandlesAreErrors(t *testing.T) {
	engine := testEngine(t)
	_, err := (&Chain{h: 12345}).Head()
	wantErr(t, err, ErrUnknownHandle, "not a chain handle")
	_, err = (&Chain{h: engine.h}).Head()
	wantErr(t, err, ErrUnknownHandle, "an engine handle, not a chain handle")

	n := initialised(t, engine)
	live := initialised(t, engine)
	defer live.close()
	n.close()
	_, err = n.chain.Head()
	wantErr(t, err, ErrClosed, "is closed")
	_, err = n.chain.CommitBlock(input(2, nil))
	wantErr(t, err, ErrClosed, "is closed")
	wantErr(t, n.chain.Close(), ErrClosed, "is closed")

	other, err := NewEngine("")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = other.CreateChain(MemoryStore(), chainID, owner(), t0, description)
	wantErr(t, err, ErrClosed, "engine handle")
	_, err = other.CacheMetrics()
	wantErr(t, err, ErrClosed, "engine handle")
	if _, err := live.chain.Head(); err != nil {
		t.Fatal(err)
	}
}

func TestRefusalsHaveTheirCodes(t *testing.T) {
	engine := testEngine(t)
	_, err := engine.OpenChain(MemoryStore())
	wantErr(t, err, ErrNoChain, "no chain")
	path := filepath.Join(t.TempDir(), "node.redb")
	a := newNode(t, engine, RedbStore(path, "a"))
	_, err = engine.CreateChain(RedbStore(path, "a"), chainID, owner(), t0, description)
	wantErr(t, err, ErrChainExists, "already holds a chain")
	a.close()
	reopened, err := engine.OpenChain(RedbStore(path, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if h, err := reopened.Head(); err != nil || h.ChainID != chainID {
		t.Fatalf("%+v %v", h, err)
	}
	_ = reopened.Close()

	n := initialised(t, engine)
	defer n.close()
	_, err = n.chain.CommitBlock(input(1, []Request{transfer(1, wallet(1), wallet(2), 1)}))
	wantErr(t, err, ErrBlock, "not after")
	_, err = n.chain.CallView(HnameOf("nosuch"), HnameOf("view"), nil)
	wantErr(t, err, ErrView, "")
	req := transfer(1, wallet(1), wallet(2), 1)
	if err := n.chain.Post(req); err != nil {
		t.Fatal(err)
	}
	wantErr(t, n.chain.Post(req), ErrRefused, "already in the backlog")
	if res, err := n.chain.CommitBlock(input(5, nil)); res != nil || err != nil {
		t.Fatalf("an empty block: %v %v", res, err)
	}
}

// failingKV fails or panics on demand.
type failingKV struct {
	*MemKV
	fail  atomic.Bool
	panic atomic.Bool
}

var errDisk = errors.New("disk on fire")

func (f *failingKV) Get(key []byte) ([]byte, bool, error) {
	if f.panic.Load() {
		panic("KV bug")
	}
	if f.fail.Load() {
		return nil, false, errDisk
	}
	return f.MemKV.Get(key)
}

func TestAFailingKVIsAStoreErrorWithItsCause(t *testing.T) {
	engine := testEngine(t)
	kv := &failingKV{MemKV: NewMemKV()}
	n := newNode(t, engine, KVStore(kv))
	defer n.close()
	backlog, err := n.chain.Backlog()
	if err != nil {
		t.Fatal(err)
	}
	kv.fail.Store(true)
	_, err = n.chain.CommitBlock(input(1, backlog))
	wantErr(t, err, ErrStore, "callback returned 1")
	if !errors.Is(err, errDisk) {
		t.Fatalf("the KV's error is not the cause: %v", err)
	}
	kv.fail.Store(false)
	kv.panic.Store(true)
	_, err = n.chain.Head()
	wantErr(t, err, ErrStore, "")
	if !strings.Contains(err.Error(), "the KV panicked: KV bug") {
		t.Fatal(err)
	}
	kv.panic.Store(false)
	if res, err := n.chain.CommitBlock(input(1, backlog)); err != nil || res == nil {
		t.Fatalf("the block runs once the KV works: %v", err)
	}
}
