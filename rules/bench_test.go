package rules

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
)

// benchItems are item descriptions (with optional CAS and HS code) mixing
// ordinary goods and precursors, as on real manifests.
var benchItems = []struct{ desc, cas, hs string }{
	{"Ceramic floor tiles 60x60", "", "690721"},
	{"Cotton T-shirts, assorted sizes", "", "610910"},
	{"4-Anilinopiperidine dihydrochloride 99%", "99918-43-1", "293339"},
	{"N-Phenethyl-4-piperidone (NPP)", "", "293337"},
	{"LED light bulbs E27", "", "853950"},
	{"Pharmaceutical intermediate, white powder", "", "293399"},
	{"Aniline oil", "62-53-3", "292141"},
	{"Stainless steel bolts M8", "", "731815"},
	{"Propionyl chloride", "79-03-8", "291590"},
	{"Dog food, dry, 20 kg bags", "", "230910"},
	{"Ascorbic acid (vitamin C) food grade", "50-81-7", "293627"},
	{"Pseudoephedrine hydrochloride", "345-78-8", "293942"},
	{"Plastic toys", "", "950300"},
	{"1-boc-4-piperidone", "79099-07-3", "293339"},
	{"Phenylacetic acid", "103-82-2", "291634"},
}

var benchLanes = [][2]string{{"CN", "MX"}, {"DE", "US"}, {"IN", "US"}, {"HK", "MX"}, {"FR", "DE"}, {"CN", "NL"}, {"US", "CA"}}

// benchManifests returns n manifest events with 1–5 items each.
func benchManifests(n int) [][]byte {
	out := make([][]byte, n)
	modes := []string{"ocean", "air", "express", "postal"}
	for i := range out {
		lane := benchLanes[i%len(benchLanes)]
		items := ""
		for j := 0; j < 1+i%5; j++ {
			it := benchItems[(i*7+j*3)%len(benchItems)]
			if j > 0 {
				items += ","
			}
			items += fmt.Sprintf(`{"line":%d,"description":%q,"cas":%q,"hs_code":%q,"quantity":%d,"unit":"kg"}`,
				j+1, it.desc, it.cas, it.hs, 5+i%200)
		}
		out[i] = []byte(fmt.Sprintf(`{"schema_version":1,"shipment_id":"BENCH-%06d","event_type":"filed",`+
			`"event_time":"2026-05-%02dT10:00:00Z","mode":%q,"origin":{"country":%q},"destination":{"country":%q},`+
			`"shipper":{"name":"Shipper %d Co","country":%q},"consignee":{"name":"Consignee %d SA","country":%q},`+
			`"declared_value":{"amount":%d,"currency":"USD"},"items":[%s]}`,
			i, 1+i%28, modes[i%len(modes)], lane[0], lane[1], i%50, lane[0], i%40, lane[1], 100+i*13%9000, items))
	}
	return out
}

// BenchmarkScore measures decode + enrich + evaluate of the default pack
// per shipment, no Kafka: the work of the pipeline's hot path.
func BenchmarkScore(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	events := benchManifests(512)
	var m manifest.Manifest
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		raw := events[i%len(events)]
		if err := manifest.DecodeInto(raw, &m); err != nil {
			b.Fatal(err)
		}
		en := e.Enrich(&m)
		_ = e.Score(&m, en)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "shipments/s")
	// CPU time is steadier than wall time on a shared machine.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "shipments/cpu-s")
	}
}

// BenchmarkScoreSynth is BenchmarkScore on the synthetic mix of precursor
// bench and demo (internal/synth: 3% risky, the rest ordinary trade with
// an occasional licit chemical): the work of the pipeline's hot path there.
func BenchmarkScoreSynth(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(1, synth.DefaultOptions())
	events := make([][]byte, 2048)
	for i := range events {
		events[i] = g.Next().Value
	}
	var m manifest.Manifest
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := manifest.DecodeInto(events[i%len(events)], &m); err != nil {
			b.Fatal(err)
		}
		_ = e.Score(&m, e.Enrich(&m))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "shipments/s")
}

// BenchmarkEnrichScoreSynthStream measures the pipeline's enrich and score
// stages as pipeline/engine.go runs them (decode into a reused manifest,
// EnrichInto into a reused items slice, then ScoreContext), screening
// against the sample lists, over a stream of synthetic events:
//
//   - events=200000: the stream's 29,000 distinct parties and 3,000
//     distinct items touch about 3 MiB of the caches' sets, more than a
//     core's 1 MiB L2, so the lookups wait for memory as in the running
//     pipeline;
//   - events=2048: BenchmarkScoreSynth's length, whose sets stay in the
//     core's caches. The difference between the two is what the caches'
//     memory stalls cost.
//
// Each event is decoded in the loop, as the pipeline does, so that the
// manifest's strings are in the core's caches when enrichment hashes them
// (decoded ahead, they would wait for memory, which the pipeline's do
// not). The enrich and score stages are timed around the calls, as the
// pipeline times them: stages-ns/op is the figure to compare; ns/op and
// cpu-ns/op include the decoding. One pass over the stream before the
// timer fills the caches: the figures are the steady state, where almost
// every lookup hits.
func BenchmarkEnrichScoreSynthStream(b *testing.B) {
	e := synthEngine(b)
	for _, n := range []int{200_000, 2048} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			// A fresh engine: empty caches, which the stream alone fills.
			benchStream(b, e.WithParties(e.Parties()), n)
		})
	}
}

// benchStream runs BenchmarkEnrichScoreSynthStream over n events.
func benchStream(b *testing.B, e *Engine, n int) {
	g := synth.New(1, synth.DefaultOptions())
	events := make([][]byte, n)
	for i := range events {
		events[i] = g.Next().Value
	}
	ctx := context.Background()
	var (
		m      manifest.Manifest
		items  []chemicals.Result
		stages time.Duration
	)
	run := func(raw []byte) {
		if err := manifest.DecodeOwnedInto(raw, &m); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		en := e.EnrichInto(&m, items)
		items = en.Items
		_ = e.ScoreContext(ctx, &m, en)
		stages += time.Since(t0)
	}
	for _, raw := range events {
		run(raw)
	}
	stages = 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		run(events[i%len(events)])
	}
	b.ReportMetric(float64(stages.Nanoseconds())/float64(b.N), "stages-ns/op")
	// On a shared machine wall time includes waiting for a core; the
	// process's CPU time (decoding included) does not.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// cpuTime is the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEvaluate measures Score alone on pre-enriched shipments.
func BenchmarkEvaluate(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	events := benchManifests(512)
	ms := make([]*manifest.Manifest, len(events))
	ens := make([]Enrichment, len(events))
	for i, raw := range events {
		if ms[i], err = manifest.Decode(raw); err != nil {
			b.Fatal(err)
		}
		ens[i] = e.Enrich(ms[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.Score(ms[i%len(ms)], ens[i%len(ms)])
	}
}

// BenchmarkAlertJSON measures building and encoding an alert.
func BenchmarkAlertJSON(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	raw := benchManifests(3)[2]
	m, err := manifest.Decode(raw)
	if err != nil {
		b.Fatal(err)
	}
	en := e.Enrich(m)
	r := e.Score(m, en)
	buf := make([]byte, 0, 8192)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = e.Alert(raw, m, en, r).AppendJSON(buf[:0])
	}
}

// BenchmarkScoreSynthOnly is BenchmarkScoreSynth without decode and
// enrichment: the synthetic manifests are decoded and enriched before the
// timer starts, so the figure is Score alone.
func BenchmarkScoreSynthOnly(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	ms, ens := synthEnriched(b, e, 2048)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.Score(ms[i%len(ms)], ens[i%len(ms)])
	}
}

// synthEnriched returns n decoded and enriched manifests of the synthetic
// mix (internal/synth, seed 1).
func synthEnriched(tb testing.TB, e *Engine, n int) ([]*manifest.Manifest, []Enrichment) {
	g := synth.New(1, synth.DefaultOptions())
	ms := make([]*manifest.Manifest, n)
	ens := make([]Enrichment, n)
	for i := range ms {
		m, err := manifest.Decode(g.Next().Value)
		if err != nil {
			tb.Fatal(err)
		}
		ms[i], ens[i] = m, e.Enrich(m)
	}
	return ms, ens
}
