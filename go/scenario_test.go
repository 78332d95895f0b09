package iscvm

// The fixed scenarios of ../ffi/tests/common/scenario.rs, built here byte for byte the same, so that
// their transcripts can be compared with the ones the Rust side pinned in ../ffi/tests/vectors.

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

const (
	t0          int64  = 1_700_000_000_000_000_000
	description        = "ffi test chain"
	funds       uint64 = 1_000_000_000
	transfers          = 20
)

var chainID = ChainID{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

func wallet(n byte) AgentID {
	var a Address
	for i := range a {
		a[i] = n
	}
	return AddressAgent(a)
}

func owner() AgentID { return wallet(0) }

func reqID(n uint32) RequestID {
	var id RequestID
	binary.LittleEndian.PutUint32(id.TxID[:], n)
	return id
}

func request(n uint32, sender AgentID, contract, entry string, params Dict, transfer Balances) Request {
	return Request{
		ID: reqID(n), Sender: sender, Contract: HnameOf(contract), Entry: HnameOf(entry),
		Params: params, Transfer: transfer,
	}
}

func filled(b byte) (h Hash) {
	for i := range h {
		h[i] = b
	}
	return h
}

func input(k byte, requests []Request) BlockInput {
	return BlockInput{
		Requests:       requests,
		Timestamp:      t0 + int64(k)*1000,
		Entropy:        filled(k),
		PreviousAnchor: filled(0xA0 + k),
	}
}

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

func transfer(id uint32, from, to AgentID, n uint64) Request {
	return request(id, from, "accounts", "transfer", Dict{"a": to[:], "n": u64(n)}, nil)
}

func deposit(id uint32, from AgentID) Request {
	return request(id, from, "accounts", "deposit", nil, Balances{BaseColor: funds})
}

// node is what a scenario runs on: a chain created with the scenario's id, owner, time and
// description.
type node struct {
	t     testing.TB
	chain *Chain
	lazy  bool // blocks through CommitBlockLazy (see commitLazy)
}

func newNode(t testing.TB, engine *Engine, store Store) *node {
	t.Helper()
	chain, err := engine.CreateChain(store, chainID, owner(), t0, description)
	if err != nil {
		t.Fatal(err)
	}
	return &node{t: t, chain: chain}
}

func (n *node) close() {
	if err := n.chain.Close(); err != nil {
		n.t.Fatal(err)
	}
}

// block runs an input and appends its transcript.
func (n *node) block(in BlockInput, out *strings.Builder) *BlockResult {
	n.t.Helper()
	commit := n.chain.CommitBlock
	if n.lazy {
		commit = n.commitLazy
	}
	res, err := commit(in)
	if err != nil {
		n.t.Fatal(err)
	}
	if res == nil {
		n.t.Fatal("no request ran")
	}
	fmt.Fprintf(out, "block %d %s\n", res.Block.Index, res.StateHash)
	for _, rc := range res.Receipts {
		verdict := "ok"
		if rc.Failed {
			verdict = "err " + rc.Error
		}
		fmt.Fprintf(out, "receipt %s %d %d %s\n", rc.RequestID, rc.GasBurned, rc.Fee, verdict)
	}
	for _, ev := range res.Events {
		fmt.Fprintf(out, "event %s %s\n", ev.Contract, ev.Text)
	}
	return res
}

// commitLazy commits with CommitBlockLazy and returns the whole result (Result), after checking that
// the summary fields and each accessor agree with it and that a closed result is ErrClosed.
func (n *node) commitLazy(in BlockInput) (*BlockResult, error) {
	n.t.Helper()
	lazy, err := n.chain.CommitBlockLazy(in)
	if err != nil || lazy == nil {
		return nil, err
	}
	res, err := lazy.Result()
	if err != nil {
		n.t.Fatal(err)
	}
	checkLazy(n.t, lazy, res)
	if err := lazy.Close(); err != nil {
		n.t.Fatal(err)
	}
	if _, err := lazy.Receipts(); !errors.Is(err, ErrClosed) {
		n.t.Fatalf("Receipts after Close: %v", err)
	}
	return res, nil
}

// checkLazy asserts that lazy's fields and accessors give what res holds.
func checkLazy(t testing.TB, lazy *LazyBlockResult, res *BlockResult) {
	t.Helper()
	summary := LazyBlockResult{
		StateHash: res.StateHash, BlockIndex: res.Block.Index, BlockTimestamp: res.Block.Timestamp,
		BlockLen: len(res.Block.Encoded), Info: res.Info,
		ReceiptCount: len(res.Receipts), EventCount: len(res.Events), OutgoingCount: len(res.Outgoing),
		TransferCount: len(res.Transfers), NotRunCount: len(res.NotRun), h: lazy.h,
	}
	if *lazy != summary {
		t.Fatalf("lazy summary %+v, the result's %+v", *lazy, summary)
	}
	block, err := lazy.Block()
	if err != nil || !reflect.DeepEqual(block, res.Block) {
		t.Fatalf("Block: %v", err)
	}
	lists := []struct {
		name string
		get  func() (any, error)
		want any
	}{
		{"Receipts", func() (any, error) { return lazy.Receipts() }, res.Receipts},
		{"Events", func() (any, error) { return lazy.Events() }, res.Events},
		{"Outgoing", func() (any, error) { return lazy.Outgoing() }, res.Outgoing},
		{"Transfers", func() (any, error) { return lazy.Transfers() }, res.Transfers},
		{"NotRun", func() (any, error) { return lazy.NotRun() }, res.NotRun},
	}
	for _, l := range lists {
		got, err := l.get()
		if err != nil || !reflect.DeepEqual(got, l.want) {
			t.Fatalf("%s: %+v (%v), the result's %+v", l.name, got, err, l.want)
		}
	}
}

func (n *node) view(contract, entry string, out *strings.Builder) Dict {
	n.t.Helper()
	res, err := n.chain.CallView(HnameOf(contract), HnameOf(entry), nil)
	if err != nil {
		n.t.Fatal(err)
	}
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := make([]string, len(keys))
	for i, k := range keys {
		fields[i] = hex.EncodeToString([]byte(k)) + "=" + hex.EncodeToString(res[k])
	}
	fmt.Fprintf(out, "view %s.%s %s\n", contract, entry, strings.Join(fields, " "))
	return res
}

func (n *node) funding(wallets []byte, out *strings.Builder) {
	n.t.Helper()
	backlog, err := n.chain.Backlog()
	if err != nil {
		n.t.Fatal(err)
	}
	if len(backlog) != 1 {
		n.t.Fatalf("the backlog holds %d requests, not root's init", len(backlog))
	}
	for _, w := range wallets {
		backlog = append(backlog, deposit(1_000_000+uint32(w), wallet(w)))
	}
	n.block(input(1, backlog), out)
}

// transfersScenario: block 2 holds 20 transfers of 1 token alternating wallet 1 -> 2 and 2 -> 1,
// then one of 2 x funds from wallet 1, which fails.
func transfersScenario(n *node) string {
	var out strings.Builder
	n.funding([]byte{1, 2}, &out)
	var reqs []Request
	for i := uint32(0); i < transfers; i++ {
		from, to := wallet(1), wallet(2)
		if i%2 == 1 {
			from, to = to, from
		}
		reqs = append(reqs, transfer(i, from, to, 1))
	}
	reqs = append(reqs, transfer(transfers, wallet(1), wallet(2), 2*funds))
	res := n.block(input(2, reqs), &out)
	if len(res.Receipts) != transfers+1 || !res.Receipts[transfers].Failed {
		n.t.Fatalf("receipts: %+v", res.Receipts)
	}
	n.view("accounts", "totalAssets", &out)
	return out.String()
}

func inccounterWasm(t testing.TB) []byte {
	wasm, err := os.ReadFile("../contracts/wasm/inccounter.wasm")
	if err != nil {
		t.Fatal(err)
	}
	return wasm
}

// inccounterScenario: the owner stores the blob and deploys it with counter 5; wallet 1 increments
// three times and wallet 2 by 10; the view says 18.
func inccounterScenario(n *node) string {
	var out strings.Builder
	n.funding([]byte{0, 1, 2}, &out)
	blob := Dict{"v": []byte("wasmer"), "p": inccounterWasm(n.t)}
	ph := BlobHash(blob)
	deploy := Dict{"ph": ph[:], "nm": []byte("inccounter"), "counter": u64(5)}
	n.block(input(2, []Request{
		request(2_000_001, owner(), "blob", "storeBlob", blob, Balances{BaseColor: 100_000_000}),
		request(2_000_002, owner(), "root", "deployContract", deploy, nil),
	}), &out)
	var calls []Request
	for i := uint32(0); i < 3; i++ {
		calls = append(calls, request(3_000_000+i, wallet(1), "inccounter", "increment", nil, nil))
	}
	calls = append(calls, request(3_000_003, wallet(2), "inccounter", "incrementBy", Dict{"n": u64(10)}, nil))
	n.block(input(3, calls), &out)
	if got := n.view("inccounter", "getCounter", &out); binary.LittleEndian.Uint64(got["counter"]) != 18 {
		n.t.Fatalf("counter: %x", got["counter"])
	}
	return out.String()
}
