package rules

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// testEngine loads rules/testdata/pack against the embedded catalog.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	cat := defaultCatalog(t)
	rs, _, err := LoadRuleset("testdata/pack", cat)
	if err != nil {
		t.Fatalf("load test pack: %v", err)
	}
	return NewEngine(cat, rs)
}

// shipment builds a manifest JSON with one item per description.
func shipment(t testing.TB, at, origin, dest, mode, consignee string, kg float64, descs ...string) *manifest.Manifest {
	t.Helper()
	items := ""
	for i, d := range descs {
		if i > 0 {
			items += ","
		}
		items += fmt.Sprintf(`{"line": %d, "description": %q, "quantity": %g, "unit": "kg"}`, i+1, d, kg)
	}
	modeField := ""
	if mode != "" {
		modeField = fmt.Sprintf(`"mode": %q,`, mode)
	}
	raw := fmt.Sprintf(`{"schema_version": 1, "shipment_id": "S-1", "event_time": %q, %s
		"origin": {"country": %q}, "destination": {"country": %q},
		"consignee": {"name": %q, "country": %q}, "items": [%s]}`,
		at, modeField, origin, dest, consignee, dest, items)
	m, err := manifest.Decode([]byte(raw))
	if err != nil {
		t.Fatalf("decode test manifest: %v\n%s", err, raw)
	}
	return m
}

// matched is an enrichment where item i matched the catalog id ids[i] by
// name with confidence 0.95 ("" = no match).
func matched(t testing.TB, cat *chemicals.Catalog, hs chemicals.HSStatus, ids ...string) Enrichment {
	t.Helper()
	en := Enrichment{Items: make([]chemicals.Result, len(ids))}
	for i, id := range ids {
		if id == "" {
			continue
		}
		ent := cat.Entry(id)
		if ent == nil {
			t.Fatalf("no catalog entry %q", id)
		}
		en.Items[i].Matches = []chemicals.Match{{
			Entry: ent, Method: chemicals.MethodName, Confidence: 0.95,
			Field: chemicals.FieldDescription, Text: ent.Name, HS: hs,
		}}
	}
	return en
}

func hitIDs(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.RuleID)
	}
	return out
}

func TestScore(t *testing.T) {
	e := testEngine(t)
	cat := e.Catalog()
	tests := []struct {
		name       string
		m          *manifest.Manifest
		en         Enrichment
		hits       []string
		shadow     []string
		suppressed []Suppression
		errRules   []string
		score      float64
		severity   string
		emit       bool
	}{
		{name: "4-AP China to Mexico: lane and US control combine by noisy-OR",
			m:    shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "", "Acme", 25, "4-anilinopiperidine"),
			en:   matched(t, cat, chemicals.HSConsistent, "4-ap"),
			hits: []string{"T-001", "T-002"}, score: 80, severity: "high", emit: true},
		{name: "before the US listing of 4-AP only the lane rule fires",
			m:    shipment(t, "2019-03-01T00:00:00Z", "CN", "MX", "", "Acme", 25, "4-anilinopiperidine"),
			en:   matched(t, cat, chemicals.HSConsistent, "4-ap"),
			hits: []string{"T-001"}, score: 60, severity: "medium", emit: true},
		{name: "exception in force removes covered hits",
			m:          shipment(t, "2026-03-01T00:00:00Z", "CN", "US", "", "Reference Lab", 0.005, "4-anilinopiperidine"),
			en:         matched(t, cat, chemicals.HSConsistent, "4-ap"),
			suppressed: []Suppression{{Exception: "reference-lab", Rules: []string{"T-001", "T-002"}}},
			score:      0, severity: "none"},
		{name: "expired exception no longer applies",
			m:    shipment(t, "2027-01-02T00:00:00Z", "CN", "US", "", "Reference Lab", 0.005, "4-anilinopiperidine"),
			en:   matched(t, cat, chemicals.HSConsistent, "4-ap"),
			hits: []string{"T-001", "T-002"}, score: 80, severity: "high", emit: true},
		{name: "shadow hit is reported but does not score",
			m:    shipment(t, "2026-03-01T00:00:00Z", "DE", "FR", "", "Acme", 1, "4-anilinopiperidine"),
			en:   matched(t, cat, chemicals.HSMismatch, "4-ap"),
			hits: []string{"T-002"}, shadow: []string{"T-003"},
			score: 50, severity: "medium", emit: true},
		{name: "runtime error of one rule is recorded, the others decide",
			m:    shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "postal", "Acme", 1, "4-anilinopiperidine"),
			en:   matched(t, cat, chemicals.HSConsistent, "4-ap"),
			hits: []string{"T-001", "T-002"}, errRules: []string{"T-006"},
			score: 80, severity: "high", emit: true},
		{name: "runaway condition is stopped by the memory budget",
			m:        shipment(t, "2026-03-01T00:00:00Z", "DE", "FR", "rail", "Acme", 1, "ceramic tiles"),
			en:       matched(t, cat, "", ""),
			errRules: []string{"T-007"}, score: 0, severity: "none"},
		{name: "cover words with irregular spacing and case, below min_severity",
			m:    shipment(t, "2026-03-01T00:00:00Z", "HK", "NL", "", "Acme", 1, "RESEARCH\tChemical, 99%"),
			en:   matched(t, cat, "", ""),
			hits: []string{"T-005"}, score: 30, severity: "low"},
		{name: "nothing matched",
			m:     shipment(t, "2026-03-01T00:00:00Z", "DE", "FR", "", "Acme", 1, "ceramic tiles"),
			en:    matched(t, cat, "", ""),
			score: 0, severity: "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Score(tt.m, tt.en)
			if got := hitIDs(r.Hits); !reflect.DeepEqual(got, tt.hits) {
				t.Errorf("hits = %v, want %v", got, tt.hits)
			}
			if got := hitIDs(r.ShadowHits); !reflect.DeepEqual(got, tt.shadow) {
				t.Errorf("shadow hits = %v, want %v", got, tt.shadow)
			}
			if !reflect.DeepEqual(r.Suppressed, tt.suppressed) {
				t.Errorf("suppressed = %v, want %v", r.Suppressed, tt.suppressed)
			}
			var errRules []string
			for _, re := range r.RuleErrors {
				errRules = append(errRules, re.RuleID)
			}
			for _, re := range r.RuleErrors {
				if re.RuleID == "T-007" && !strings.Contains(re.Error, "memory budget") {
					t.Errorf("T-007 error %q, want a memory budget error", re.Error)
				}
			}
			if !reflect.DeepEqual(errRules, tt.errRules) {
				t.Errorf("rule errors = %v, want %v", r.RuleErrors, tt.errRules)
			}
			if math.Abs(r.Score-tt.score) > 1e-9 || r.Severity != tt.severity || r.Emit != tt.emit {
				t.Errorf("score %v %s emit=%v, want %v %s emit=%v", r.Score, r.Severity, r.Emit, tt.score, tt.severity, tt.emit)
			}
		})
	}
}
