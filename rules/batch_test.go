package rules

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
)

// TestBatchMatchesOneByOne checks that the batch programs (with guards)
// decide exactly as the rules run one by one without guards, on the
// default pack (with and without party lists), the test pack and the
// guard pack.
func TestBatchMatchesOneByOne(t *testing.T) {
	for _, e := range guardedEngines(t) {
		if e.rs.batches[guardStates-1] == nil {
			t.Fatalf("%s: no batch program", e.rs.name)
		}
		single := oneByOne(e)
		hits := 0
		for _, raw := range mixedEvents(200) {
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

// guardedEngines are the engines the comparisons run: every guard fact
// occurs on mixedEvents, and the guard pack (testdata/guards) holds the
// conditions whose guards are easy to get wrong.
func guardedEngines(t testing.TB) []*Engine {
	def, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	cat := defaultCatalog(t)
	rs, _, err := LoadRuleset("testdata/guards", cat)
	if err != nil {
		t.Fatalf("load guard pack: %v", err)
	}
	return []*Engine{def, def.WithParties(partyLists(t)), testEngine(t), NewEngine(cat, rs)}
}

// oneByOne returns e without batch programs and guards: every rule runs
// on its own program for every shipment.
func oneByOne(e *Engine) *Engine {
	rs := *e.rs
	rs.batches = [guardStates]*batchProgram{}
	rs.idle, rs.hsGuard = [guardStates]bool{}, nil
	rs.rules = nil
	for _, r := range e.rs.rules {
		unguarded := *r
		unguarded.need = 0
		rs.rules = append(rs.rules, &unguarded)
	}
	return NewEngine(e.cat, &rs)
}

// FuzzBatchMatchesOneByOne is TestBatchMatchesOneByOne on fuzzed events.
func FuzzBatchMatchesOneByOne(f *testing.F) {
	for _, raw := range mixedEvents(20) {
		f.Add(raw)
	}
	engines := guardedEngines(f)
	var singles []*Engine
	for _, e := range engines {
		singles = append(singles, oneByOne(e))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := manifest.Decode(raw)
		if err != nil {
			return
		}
		for i, e := range engines {
			en := e.Enrich(m)
			if got, want := e.Score(m, en), singles[i].Score(m, en); !reflect.DeepEqual(got, want) {
				t.Fatalf("batch %+v\none by one %+v", got, want)
			}
		}
	})
}

// mixedEvents returns the bench manifests followed by n synthetic events
// (a third risky), so comparisons see benign and risky shipments of both
// generators.
func mixedEvents(n int) [][]byte {
	out := benchManifests(n)
	opts := synth.DefaultOptions()
	opts.RiskyFraction = 0.3
	g := synth.New(7, opts)
	for range n {
		out = append(out, g.Next().Value)
	}
	return out
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
