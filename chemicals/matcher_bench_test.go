package chemicals

import (
	"testing"
)

// benchItems is a realistic mix of line items: mostly ordinary cargo and
// chemicals from testdata/benign.txt, one in ten a precursor spelling from
// testdata/positives.tsv, trimmed to 20–120 bytes.
func benchItems(b *testing.B) []Item {
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
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Match(items[i%len(items)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkMatchBenign measures ordinary cargo only: the common case, which
// should not allocate.
func BenchmarkMatchBenign(b *testing.B) {
	m, _ := defaultMatcher(b)
	var items []Item
	for _, r := range readTSV(b, "testdata/benign.txt", 2) {
		items = append(items, Item{Description: r.fields[0], HSCode: r.fields[1]})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Match(items[i%len(items)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
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
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Match(items[i%len(items)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkNewMatcher measures compiling the embedded catalog (hot reload).
func BenchmarkNewMatcher(b *testing.B) {
	c, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		NewMatcher(c)
	}
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
	} {
		got := testing.AllocsPerRun(200, func() { m.Match(tt.it) })
		if got > tt.max {
			t.Errorf("Match(%q) allocates %.1f times, want <= %.0f", tt.it.Description, got, tt.max)
		}
	}
}
