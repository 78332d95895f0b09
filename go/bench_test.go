package iscvm

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// benchTransfers is the number of requests in the measured block.
const benchTransfers = 10_000

// benchWarmup is the number of blocks run before the measured ones, as criterion warms up before it
// samples: the first blocks of a process pay for the allocator's first pages.
const benchWarmup = 3

// BenchmarkTransfers10k times a block of 10,000 native transfers (1 token, alternating wallet 1 -> 2
// and 2 -> 1) driven from Go with CommitBlock: the input encoded, the cgo call, the whole result
// decoded. Each iteration gets a fresh funded chain in memory, created and closed outside the timing,
// as in `cargo bench -p isc-ffi --bench transfers` (whose figures it is compared with). Besides ns/op
// it reports the median and the fastest block, the figures least disturbed on a shared machine.
func BenchmarkTransfers10k(b *testing.B) {
	benchTransfers10k(b, func(c *Chain, in BlockInput) (func(), error) {
		res, err := c.CommitBlock(in)
		if err == nil && (res == nil || len(res.Receipts) != benchTransfers || res.Info.SuccessfulRequests != benchTransfers) {
			b.Fatalf("block: %+v", res)
		}
		return func() {}, err
	})
}

// BenchmarkTransfers10kLazy times the same block committed with CommitBlockLazy: the input
// encoded, the cgo call, the summary read; the result stays in the library and is closed outside
// the timing (as the Rust API's result is dropped outside criterion's timing).
func BenchmarkTransfers10kLazy(b *testing.B) {
	benchTransfers10k(b, func(c *Chain, in BlockInput) (func(), error) {
		res, err := c.CommitBlockLazy(in)
		if err != nil {
			return nil, err
		}
		if res == nil || res.ReceiptCount != benchTransfers || res.Info.SuccessfulRequests != benchTransfers {
			b.Fatalf("block: %+v", res)
		}
		return func() {
			if err := res.Close(); err != nil {
				b.Fatal(err)
			}
		}, nil
	})
}

// benchTransfers10k times commit on fresh chains; what commit returns is called after the timing.
func benchTransfers10k(b *testing.B, commit func(*Chain, BlockInput) (func(), error)) {
	engine := testEngine(b)
	requests := make([]Request, benchTransfers)
	for i := range requests {
		from, to := wallet(1), wallet(2)
		if i%2 == 1 {
			from, to = to, from
		}
		requests[i] = transfer(uint32(i), from, to, 1)
	}
	block := func() time.Duration {
		n := newNode(b, engine, MemoryStore())
		defer n.close()
		var transcript strings.Builder
		n.funding([]byte{1, 2}, &transcript)
		in := input(2, requests)
		b.StartTimer()
		start := time.Now()
		after, err := commit(n.chain, in)
		took := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatalf("block: %v", err)
		}
		after()
		return took
	}
	b.StopTimer()
	for i := 0; i < benchWarmup; i++ {
		block()
	}
	b.ResetTimer()
	times := make([]time.Duration, b.N)
	for i := range times {
		times[i] = block()
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[0].Microseconds())/1000, "best-ms")
}
