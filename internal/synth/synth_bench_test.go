package synth

import "testing"

func BenchmarkNext(b *testing.B) {
	g := New(1, DefaultOptions())
	b.ReportAllocs()
	bytes := 0
	for b.Loop() {
		bytes += len(g.Next().Value)
	}
	b.SetBytes(int64(bytes / b.N))
}
