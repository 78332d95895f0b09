package iscvm

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pinned is the transcript the Rust side pinned for a scenario (comment lines dropped).
func pinned(t *testing.T, name string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "ffi", "tests", "vectors", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(string(text), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			out.WriteString(line)
		}
	}
	return out.String()
}

// everyStore runs a scenario through the package on each store kind, and with CommitBlockLazy on two
// of them, and compares its transcript (receipts, events, state hashes, views) with the Rust side's.
func everyStore(t *testing.T, name string, run func(*node) string) {
	want := pinned(t, name)
	engine, err := NewEngine("")
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	kv, lazyKV := NewMemKV(), NewMemKV()
	stores := map[string]Store{
		"memory":      MemoryStore(),
		"redb":        RedbStore(filepath.Join(t.TempDir(), "chain.redb"), "main"),
		"kv":          KVStore(kv),
		"memory-lazy": MemoryStore(),
		"kv-lazy":     KVStore(lazyKV),
	}
	for kind, store := range stores {
		t.Run(kind, func(t *testing.T) {
			n := newNode(t, engine, store)
			n.lazy = strings.HasSuffix(kind, "-lazy")
			defer n.close()
			if got := run(n); got != want {
				t.Errorf("the %s transcript differs from ../ffi/tests/vectors/%s.txt:\n%s", name, name, diff(got, want))
			}
		})
	}
	if kv.Len() == 0 || kv.Len() != lazyKV.Len() {
		t.Errorf("the KV stores hold %d and %d records", kv.Len(), lazyKV.Len())
	}
}

// diff is the first differing line of two transcripts.
func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n  got  " + gl + "\n  want " + wl
		}
	}
	return ""
}

func TestNativeTransfersMatchTheRustVector(t *testing.T) {
	everyStore(t, "transfers", transfersScenario)
}

func TestWasmInccounterMatchesTheRustVector(t *testing.T) {
	everyStore(t, "inccounter", inccounterScenario)
}
