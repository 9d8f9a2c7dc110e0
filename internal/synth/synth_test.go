package synth

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

func generate(seed int64, opts Options, n int) []Event {
	g := New(seed, opts)
	out := make([]Event, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func TestDeterministic(t *testing.T) {
	opts := DefaultOptions()
	opts.MalformedFraction = 0.05
	a, b := generate(7, opts, 2000), generate(7, opts, 2000)
	for i := range a {
		if !bytes.Equal(a[i].Value, b[i].Value) || a[i].Label != b[i].Label || !a[i].Time.Equal(b[i].Time) {
			t.Fatalf("event %d differs between two generators with seed 7:\n%s\n%s", i, a[i].Value, b[i].Value)
		}
	}
	c := generate(8, opts, 2000)
	same := 0
	for i := range a {
		if bytes.Equal(bytes.ReplaceAll(a[i].Value, a[i].Key, nil), bytes.ReplaceAll(c[i].Value, c[i].Key, nil)) {
			same++
		}
	}
	if same > 20 {
		t.Errorf("seeds 7 and 8 produced %d identical events of 2000", same)
	}
}

func TestFractions(t *testing.T) {
	tests := []struct {
		name              string
		risky, malformed  float64
		wantR, wantM, tol float64
	}{
		{"default", 0.03, 0, 0.03, 0, 0.006},
		{"none risky", 0, 0, 0, 0, 0},
		{"half malformed", 0.1, 0.5, 0.1, 0.5, 0.02},
		{"all risky", 1, 0, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := DefaultOptions()
			opts.RiskyFraction, opts.MalformedFraction = tt.risky, tt.malformed
			n := 20000
			count := map[Kind]int{}
			for _, e := range generate(1, opts, n) {
				count[e.Label.Kind]++
			}
			gotR, gotM := float64(count[Risky])/float64(n), float64(count[Malformed])/float64(n)
			if math.Abs(gotR-tt.wantR) > tt.tol || math.Abs(gotM-tt.wantM) > tt.tol {
				t.Errorf("risky %.4f malformed %.4f, want %.3f and %.3f (±%.3f)", gotR, gotM, tt.wantR, tt.wantM, tt.tol)
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []Options{{RiskyFraction: -0.1}, {MalformedFraction: 2}, {RiskyFraction: 0.6, MalformedFraction: 0.6}, {Interval: -time.Second}}
	for _, o := range bad {
		if o.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", o)
		}
	}
	if err := DefaultOptions().Validate(); err != nil {
		t.Errorf("DefaultOptions().Validate() = %v", err)
	}
}

// TestWellFormed checks the wire contract of every benign and risky event
// with encoding/json, independent of the manifest decoder.
func TestWellFormed(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction = 0.3
	ids := map[string]bool{}
	var last time.Time
	for i, e := range generate(3, opts, 5000) {
		if !utf8.Valid(e.Value) {
			t.Fatalf("event %d: invalid UTF-8: %q", i, e.Value)
		}
		var m manifest.Manifest
		if err := json.Unmarshal(e.Value, &m); err != nil {
			t.Fatalf("event %d: %v\n%s", i, err, e.Value)
		}
		if m.ShipmentID != e.ShipmentID || string(e.Key) != e.ShipmentID || ids[m.ShipmentID] {
			t.Fatalf("event %d: shipment id %q (key %q) not unique or not matching", i, m.ShipmentID, e.Key)
		}
		ids[m.ShipmentID] = true
		if !m.EventTime.Equal(e.Time) || !m.EventTime.After(last) {
			t.Fatalf("event %d: event time %v, previous %v, label time %v", i, m.EventTime, last, e.Time)
		}
		last = m.EventTime
		checkManifest(t, i, &m)
	}
}

func checkManifest(t *testing.T, i int, m *manifest.Manifest) {
	t.Helper()
	if m.SchemaVersion != manifest.SchemaVersion || len(m.Items) == 0 || m.Origin.Country == m.Destination.Country {
		t.Fatalf("event %d: bad manifest %+v", i, m)
	}
	if !strings.HasPrefix(m.Origin.Locode, m.Origin.Country) || !strings.HasPrefix(m.Destination.Locode, m.Destination.Country) {
		t.Fatalf("event %d: locodes %q %q do not start with their country", i, m.Origin.Locode, m.Destination.Locode)
	}
	for j, it := range m.Items {
		hs := strings.ReplaceAll(it.HSCode, ".", "")
		if it.Line != j+1 || it.Description == "" || len(hs) != 6 || strings.Trim(hs, "0123456789") != "" || it.Quantity <= 0 {
			t.Fatalf("event %d item %d: %+v", i, j, it)
		}
	}
	if m.DeclaredValue.Amount <= 0 || len(m.DeclaredValue.Currency) != 3 {
		t.Fatalf("event %d: declared value %+v", i, m.DeclaredValue)
	}
}

func TestChemicalFacts(t *testing.T) {
	for _, set := range allChems() {
		for _, c := range set {
			if !chemicals.ValidCAS(c.cas) {
				t.Errorf("%s: CAS %s fails the check digit", c.id, c.cas)
			}
			if len(c.hs) != 7 || c.hs[4] != '.' {
				t.Errorf("%s: HS %q not in NNNN.NN form", c.id, c.hs)
			}
		}
	}
}

// TestLabelsNameCatalogEntries ties the ground truth to the shipped catalog:
// every chemical a risky event is labelled with is a catalog entry, and its
// CAS number is one the catalog lists for that entry's family.
func TestLabelsNameCatalogEntries(t *testing.T) {
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	sets := allChems()
	for _, l := range licitChems {
		sets = append(sets, []chem{l.chem})
	}
	for _, set := range sets {
		for _, c := range set {
			e := cat.Entry(c.id)
			if e == nil {
				t.Errorf("chemical %q is not in the catalog", c.id)
				continue
			}
			found := false
			for _, member := range cat.Family(e.Family) {
				for _, n := range member.CAS {
					found = found || n.Number == c.cas
				}
			}
			if !found {
				t.Errorf("%s: CAS %s not listed for family %q", c.id, c.cas, e.Family)
			}
		}
	}
}

func TestZeroOptions(t *testing.T) {
	for i, e := range generate(2, Options{}, 500) {
		if e.Label.Kind != Benign {
			t.Fatalf("event %d is %s with zero Options, want benign", i, e.Label.Kind)
		}
		if i == 0 && !e.Time.Equal(DefaultOptions().BaseTime) {
			t.Errorf("first event time %v, want the default base time", e.Time)
		}
	}
}
