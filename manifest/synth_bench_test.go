package manifest_test

import (
	"testing"

	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
)

// synthStreamLen is the number of distinct events a synthetic benchmark
// rotates through: enough that branch predictors cannot learn one event,
// few enough (about 2.5 MB) to generate quickly.
const synthStreamLen = 3000

// synthStream returns pre-generated events of the default synthetic mix
// (benign and risky, no malformed ones), each checked to decode, and their
// total size.
func synthStream(b *testing.B) (events [][]byte, total int) {
	g := synth.New(1, synth.DefaultOptions())
	events = make([][]byte, synthStreamLen)
	for i := range events {
		events[i] = g.Next().Value
		if _, err := manifest.Decode(events[i]); err != nil {
			b.Fatalf("event %d: %v", i, err)
		}
		total += len(events[i])
	}
	return events, total
}

// benchSynth decodes the synthetic stream in rotation with decode, one
// reused Manifest, as a pipeline worker does. MB/s uses the mean event size.
func benchSynth(b *testing.B, decode func([]byte, *manifest.Manifest) error) {
	events, total := synthStream(b)
	var m manifest.Manifest
	b.SetBytes(int64(total / len(events)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := decode(events[i], &m); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(events) {
			i = 0
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "manifests/s")
}

// BenchmarkDecodeSynth is DecodeInto over a realistic stream of synthetic
// events (about 820 bytes each, 1 to 5 items).
func BenchmarkDecodeSynth(b *testing.B) {
	benchSynth(b, manifest.DecodeInto)
}

// BenchmarkDecodeSynthOwned is BenchmarkDecodeSynth through DecodeOwnedInto,
// which does not copy the event.
func BenchmarkDecodeSynthOwned(b *testing.B) {
	benchSynth(b, manifest.DecodeOwnedInto)
}
