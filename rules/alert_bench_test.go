package rules

import (
	"context"
	"testing"

	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
)

// synthCase is one synthetic manifest, decoded, enriched and scored.
type synthCase struct {
	raw []byte
	m   *manifest.Manifest
	en  Enrichment
	r   Result
}

// synthEngine is the default pack and catalog screening the sample lists,
// as the pipeline runs by default (structure resolver off).
func synthEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := LoadEngine("", "")
	if err != nil {
		tb.Fatal(err)
	}
	lists, err := parties.LoadSample(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return e.WithParties(lists)
}

// synthCases returns the cases among n synthetic manifests (seed, risky
// share) that keep reports true for.
func synthCases(tb testing.TB, e *Engine, seed int64, risky float64, n int, keep func(*synthCase) bool) []synthCase {
	tb.Helper()
	opts := synth.DefaultOptions()
	opts.RiskyFraction = risky
	g := synth.New(seed, opts)
	var out []synthCase
	for range n {
		raw := g.Next().Value
		m, err := manifest.Decode(raw)
		if err != nil {
			continue // malformed events are dead-lettered, never alerted
		}
		c := synthCase{raw: raw, m: m, en: e.Enrich(m)}
		c.r = e.Score(m, c.en)
		if keep(&c) {
			out = append(out, c)
		}
	}
	return out
}

func emits(c *synthCase) bool { return c.r.Emit }

// confident reports whether some item has a catalog match of confidence
// >= minConfidence: the manifests on which hits carry explanations.
func confident(c *synthCase) bool {
	for _, res := range c.en.Items {
		for _, m := range res.Matches {
			if m.Entry != nil && m.Confidence >= minConfidence {
				return true
			}
		}
	}
	return false
}

// BenchmarkAlertSynth measures building and encoding the alerts of the
// synthetic mix: Engine.Alert and AppendJSON on every emitting manifest
// of 8192 (decoded, enriched and scored before the timer starts).
func BenchmarkAlertSynth(b *testing.B) {
	e := synthEngine(b)
	cases := synthCases(b, e, 1, 0.03, 8192, emits)
	if len(cases) == 0 {
		b.Fatal("no synthetic manifest emits")
	}
	buf := make([]byte, 0, 64<<10)
	size := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		c := &cases[i%len(cases)]
		buf = e.Alert(c.raw, c.m, c.en, c.r).AppendJSON(buf[:0])
		size += len(buf)
	}
	// CPU time is steadier than wall time on a shared machine.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(size)/float64(b.N), "alert-bytes")
}

// BenchmarkScoreConfident is Score alone on the synthetic manifests with
// a confident catalog match, where hits and their explanations are built.
func BenchmarkScoreConfident(b *testing.B) {
	e := synthEngine(b)
	cases := synthCases(b, e, 1, 0.03, 8192, confident)
	if len(cases) == 0 {
		b.Fatal("no synthetic manifest has a confident match")
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		c := &cases[i%len(cases)]
		_ = e.Score(c.m, c.en)
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
