package rules

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

// TestBatchMatchesOneByOne checks that the batch program decides exactly
// as the rules run one by one, on the default pack and the test pack.
func TestBatchMatchesOneByOne(t *testing.T) {
	def, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*Engine{def, testEngine(t)} {
		if e.rs.batch == nil {
			t.Fatalf("%s: no batch program", e.rs.name)
		}
		rs := *e.rs
		rs.batch = nil
		single := NewEngine(e.cat, &rs)
		hits := 0
		for _, raw := range benchManifests(200) {
			m, err := manifest.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			en := e.Enrich(m)
			got, want := e.Score(m, en), single.Score(m, en)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s: batch %+v\none by one %+v", e.rs.name, m.ShipmentID, got, want)
			}
			hits += len(got.Hits)
		}
		if hits == 0 {
			t.Fatalf("%s: no hits at all: the comparison proves nothing", e.rs.name)
		}
	}
}

// TestScoreConcurrent scores from several goroutines at once (run with
// -race): pooled state must never leak between shipments.
func TestScoreConcurrent(t *testing.T) {
	e := testEngine(t)
	events := benchManifests(40)
	ms := make([]*manifest.Manifest, len(events))
	ens := make([]Enrichment, len(events))
	want := make([]Result, len(events))
	for i, raw := range events {
		var err error
		if ms[i], err = manifest.Decode(raw); err != nil {
			t.Fatal(err)
		}
		ens[i] = e.Enrich(ms[i])
		want[i] = e.Score(ms[i], ens[i])
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := 0; k < 5; k++ {
				for j := range ms {
					i := (j + g*7) % len(ms)
					if got := e.Score(ms[i], ens[i]); !reflect.DeepEqual(got, want[i]) {
						done <- fmt.Errorf("goroutine %d: %s: got %+v, want %+v", g, ms[i].ShipmentID, got, want[i])
						return
					}
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
