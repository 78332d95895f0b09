package iscvm

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestManyChainsFromManyGoroutines runs the scenarios on many chains at once, one goroutine per
// chain, on one shared engine: every chain gives the pinned transcript.
func TestManyChainsFromManyGoroutines(t *testing.T) {
	engine := testEngine(t)
	transfersWant, inccounterWant := pinned(t, "transfers"), pinned(t, "inccounter")
	t.Run("group", func(t *testing.T) {
		for i := 0; i < 16; i++ {
			i := i
			t.Run("chain", func(t *testing.T) {
				t.Parallel()
				store := MemoryStore()
				if i%2 == 1 {
					store = KVStore(NewMemKV())
				}
				n := newNode(t, engine, store)
				defer n.close()
				run, want := transfersScenario, transfersWant
				if i%4 == 0 {
					run, want = inccounterScenario, inccounterWant
				}
				if got := run(n); got != want {
					t.Errorf("chain %d: %s", i, diff(got, want))
				}
			})
		}
	})
	m, err := engine.CacheMetrics()
	if err != nil {
		t.Fatal(err)
	}
	// Goroutines missing the program at once may each compile it; the cache keeps one module.
	if m.Compiles < 1 || m.Compiles > 4 || m.MemoryModules != 1 {
		t.Fatalf("cache: %+v", m)
	}
}

// holdingKV makes Get wait while it is held, so a call can be caught inside the library.
type holdingKV struct {
	*MemKV
	held    atomic.Bool
	inside  chan struct{}
	release chan struct{}
}

func (h *holdingKV) Get(key []byte) ([]byte, bool, error) {
	if h.held.CompareAndSwap(true, false) {
		h.inside <- struct{}{}
		<-h.release
	}
	return h.MemKV.Get(key)
}

// TestAChainInUseIsBusyNotACrash: a second goroutine on a chain that is inside a call gets ErrBusy
// at once, for any call, close included; the first call is not disturbed.
func TestAChainInUseIsBusyNotACrash(t *testing.T) {
	engine := testEngine(t)
	kv := &holdingKV{MemKV: NewMemKV(), inside: make(chan struct{}), release: make(chan struct{})}
	n := newNode(t, engine, KVStore(kv))
	kv.held.Store(true)
	var wg sync.WaitGroup
	var head Head
	var firstErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		head, firstErr = n.chain.Head()
	}()
	select {
	case <-kv.inside:
	case <-time.After(10 * time.Second):
		t.Fatal("the first call never reached the store")
	}
	_, err := n.chain.Head()
	wantErr(t, err, ErrBusy, "in use by another thread")
	_, err = n.chain.CommitBlock(input(1, nil))
	wantErr(t, err, ErrBusy, "")
	wantErr(t, n.chain.Close(), ErrBusy, "")
	close(kv.release)
	wg.Wait()
	if firstErr != nil || head.Index != 0 || head.ChainID != chainID {
		t.Fatalf("the first call: %+v %v", head, firstErr)
	}
	n.close()
}
