package rulediff

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// BenchmarkDiff compares synthetic events (40% risky, 2% malformed) with
// the default pack and vagueOrigins on GOMAXPROCS workers and reports
// events/s; CPU time per event is the figure to compare across runs on a
// shared machine.
func BenchmarkDiff(b *testing.B) {
	base, cand := engines(b, vagueOrigins)
	data := events(b.N, 1)
	d, err := New(base, cand, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	rep, err := d.Run(context.Background(), NewLinesSource("bench", bytes.NewReader(data)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rep.Events)/time.Since(start).Seconds(), "events/s")
}
