package iscvm

import (
	"strings"
	"testing"
	"time"
)

// benchTransfers is the number of requests in the measured block.
const benchTransfers = 10_000

// BenchmarkTransfers10k times a block of 10,000 native transfers (1 token, alternating wallet 1 -> 2
// and 2 -> 1) driven from Go: the input encoded, the cgo call, the result decoded. Each iteration
// gets a fresh funded chain in memory, created and closed outside the timing, as in
// `cargo bench -p isc-ffi --bench transfers` (whose rust_api figure it is compared with).
func BenchmarkTransfers10k(b *testing.B) {
	engine := testEngine(b)
	requests := make([]Request, benchTransfers)
	for i := range requests {
		from, to := wallet(1), wallet(2)
		if i%2 == 1 {
			from, to = to, from
		}
		requests[i] = transfer(uint32(i), from, to, 1)
	}
	var timed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		n := newNode(b, engine, MemoryStore())
		var transcript strings.Builder
		n.funding([]byte{1, 2}, &transcript)
		in := input(2, requests)
		b.StartTimer()
		start := time.Now()
		res, err := n.chain.CommitBlock(in)
		timed += time.Since(start)
		b.StopTimer()
		if err != nil || res == nil || len(res.Receipts) != benchTransfers || res.Info.SuccessfulRequests != benchTransfers {
			b.Fatalf("block: %v", err)
		}
		n.close()
	}
	b.ReportMetric(float64(benchTransfers)*float64(b.N)/timed.Seconds(), "req/s")
}
