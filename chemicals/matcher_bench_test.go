package chemicals

import (
	"runtime"
	"testing"
)

// benchItems is a realistic mix of line items: mostly ordinary cargo and
// chemicals from testdata/benign.txt, one in ten a precursor spelling from
// testdata/positives.tsv, trimmed to 20–120 bytes.
func benchItems(b testing.TB) []Item {
	b.Helper()
	var benign, positive []Item
	for _, r := range readTSV(b, "testdata/benign.txt", 2) {
		benign = append(benign, Item{Description: r.fields[0], HSCode: r.fields[1]})
	}
	for _, r := range readTSV(b, "testdata/positives.tsv", 5) {
		positive = append(positive, Item{Description: r.fields[2], HSCode: r.fields[3], CAS: r.fields[4]})
	}
	var items []Item
	for i, it := range benign {
		if i%9 == 0 && len(positive) > 0 {
			items = append(items, positive[(i/9)%len(positive)])
		}
		for len(it.Description) < 20 {
			it.Description += ", 25 kg bags"
		}
		if len(it.Description) > 120 {
			it.Description = it.Description[:120]
		}
		items = append(items, it)
	}
	return items
}

// BenchmarkMatch measures line items per second on one goroutine.
func BenchmarkMatch(b *testing.B) {
	m, _ := defaultMatcher(b)
	items := benchItems(b)
	benchMatch(b, m, items)
}

// benchMatch matches items round robin and reports items per second of
// wall-clock time and of process CPU time (run with -cpu 1: the garbage
// collector's work is then counted too, on the one core). The garbage of
// loading the catalog and building the matcher is collected first, so
// that its marking (and the write barriers it turns on) is not timed.
func benchMatch(b *testing.B, m *Matcher, items []Item) {
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		m.Match(items[i%len(items)])
	}
	cpu = processCPU() - cpu
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/item")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "cpu-items/s")
	}
}

// BenchmarkMatchBenign measures ordinary cargo only: the common case, which
// should not allocate.
func BenchmarkMatchBenign(b *testing.B) {
	m, _ := defaultMatcher(b)
	var items []Item
	for _, r := range readTSV(b, "testdata/benign.txt", 2) {
		items = append(items, Item{Description: r.fields[0], HSCode: r.fields[1]})
	}
	benchMatch(b, m, items)
}

// BenchmarkMatchSynth measures the line items the pipeline sees, in the
// order and proportions the synthetic traffic generator emits them
// (testdata/synth_items.tsv): mostly ordinary cargo, some licit chemicals,
// about one shipment in ten risky.
func BenchmarkMatchSynth(b *testing.B) {
	m, _ := defaultMatcher(b)
	var items []Item
	for _, r := range readTSV(b, "testdata/synth_items.tsv", 3) {
		items = append(items, Item{Description: r.fields[0], HSCode: r.fields[1], CAS: r.fields[2]})
	}
	benchMatch(b, m, items)
}

// BenchmarkMatchDisguised measures text the new folds work on: the
// development sets' obfuscated names, names in other languages and scripts,
// and machine identifiers (testdata/dev/), each padded like benchItems.
func BenchmarkMatchDisguised(b *testing.B) {
	m, _ := defaultMatcher(b)
	var items []Item
	for _, f := range []struct {
		file   string
		fields int
		col    int
	}{{"testdata/dev/tricks.tsv", 3, 2}, {"testdata/dev/languages.tsv", 4, 3}, {"testdata/dev/identifiers.tsv", 3, 2}} {
		for _, r := range readTSV(b, f.file, f.fields) {
			items = append(items, Item{Description: r.fields[f.col] + ", 25 kg drums"})
		}
	}
	benchMatch(b, m, items)
}

// BenchmarkNewMatcher measures compiling the embedded catalog (hot reload).
func BenchmarkNewMatcher(b *testing.B) {
	c, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var m *Matcher
	for i := 0; i < b.N; i++ {
		m = NewMatcher(c)
	}
	b.ReportMetric(float64(matcherHeap(c)), "heap-bytes")
	_ = m
}

// matcherHeap returns the live heap a matcher over c holds, measured
// around building one.
func matcherHeap(c *Catalog) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := NewMatcher(c)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	return after.HeapAlloc - before.HeapAlloc
}

// TestMatchAllocs pins the allocation budget of the hot path: none for
// ordinary text, ASCII or not; matches allocate only their result slice.
func TestMatchAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	m, _ := defaultMatcher(t)
	for _, tt := range []struct {
		it  Item
		max float64
	}{
		{Item{Description: "Stainless steel cookware set, 12 pieces", HSCode: "732393"}, 0},
		{Item{Description: "Café crème — 25 kg sacs, qualité supérieure ≥98%"}, 0},
		{Item{Description: "Piperidine 99% min, 180kg drum", HSCode: "293332"}, 0},
		{Item{Description: "N-phenethyl-4-piperidone 99%", CAS: "39742-60-4"}, 1},
		{Item{Description: "Model PH3-4500 pump, 2 units, CCTV"}, 0}, // leet and identifier look-alikes
		{Item{Description: "ООО Ромашка, Москва"}, 8},                // Russian: transliterated
		{Item{Description: "N-phen\u0435thyl-4-piperidone"}, 2},      // a homoglyph: its trick is recorded
	} {
		got := testing.AllocsPerRun(200, func() { m.Match(tt.it) })
		if got > tt.max {
			t.Errorf("Match(%q) allocates %.1f times, want <= %.0f", tt.it.Description, got, tt.max)
		}
	}
}
