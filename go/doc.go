// Package iscvm links the iscvm smart-contract runtime into a Go node, as wasmvm does for CosmWasm:
// a cgo package over the C API of the isc-ffi crate (../ffi/include/iscvm.h, documented in
// ../ffi/README.md).
//
// A node creates an Engine (the processors and the Wasm module cache its chains share), creates or
// opens a Chain over a store it owns (MemoryStore, RedbStore, or its own database behind the KV
// interface with KVStore), and for each block consensus agreed on calls Chain.CommitBlock with a
// BlockInput (ordered requests, timestamp, entropy, previous anchor); the BlockResult holds what
// the node anchors: the state hash, the block, receipts, events, outgoing requests and transfers.
// Chain.CommitBlockLazy commits the same block but leaves the result in the library: a
// LazyBlockResult has its figures (state hash, block info, list lengths) at once and fetches the
// block's bytes and each list only when asked; Close it when done.
//
// Errors are *Error values with a Code; compare with errors.Is against ErrBusy, ErrClosed,
// ErrDecode and the other sentinels. A failed call commits nothing.
//
// Concurrency: a Chain serves one goroutine at a time. A call made while another goroutine is inside
// a call on the same Chain fails at once with ErrBusy (nothing is done); it never blocks or races.
// Different chains, on one engine or several, run in parallel from any goroutines; an Engine is
// safe for concurrent use.
//
// Building: the package links the static library target/release/libisc_ffi.a of this repository,
// so build it first with `cargo build --release -p isc-ffi` (from the repository root). With
// another cargo target directory, put its release directory first with
// CGO_LDFLAGS="-L/that/target/release".
package iscvm
