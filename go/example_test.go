package iscvm_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"iscvm"
)

// The README's "Linking from Go" example: a chain in a redb file, its first block (root's init and
// a deposit), and a view.
func Example() {
	dir, _ := os.MkdirTemp("", "iscvm-example")
	defer os.RemoveAll(dir)
	var chainID iscvm.ChainID
	owner, alice := iscvm.AddressAgent(iscvm.Address{0}), iscvm.AddressAgent(iscvm.Address{7})
	const t0 = int64(1_700_000_000_000_000_000)

	engine, _ := iscvm.NewEngine("") // "": the module cache in memory only
	defer engine.Close()
	chain, err := engine.CreateChain(iscvm.RedbStore(filepath.Join(dir, "chain.redb"), ""), chainID, owner, t0, "demo")
	if err != nil {
		panic(err)
	}
	defer chain.Close()
	requests, _ := chain.Backlog() // root's init, queued by CreateChain
	requests = append(requests, iscvm.Request{
		ID: iscvm.RequestID{TxID: [32]byte{1}}, Sender: alice, Contract: iscvm.HnameOf("accounts"),
		Entry: iscvm.HnameOf("deposit"), Transfer: iscvm.Balances{iscvm.BaseColor: 1_000_000},
	})
	res, err := chain.CommitBlock(iscvm.BlockInput{Requests: requests, Timestamp: t0 + 1000})
	if err != nil {
		panic(err)
	}
	balance, _ := chain.CallView(iscvm.HnameOf("accounts"), iscvm.HnameOf("balance"), iscvm.Dict{"a": alice[:]})
	fmt.Println(res.Block.Index, len(res.Receipts), res.Receipts[1].Failed)
	fmt.Println(binary.LittleEndian.Uint64(balance[string(iscvm.BaseColor[:])]) > 999_000)
	// Output:
	// 1 2 false
	// true
}
