package synth

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// TestRiskyScenarios checks that every scenario occurs and carries the
// evidence its name promises.
func TestRiskyScenarios(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction = 1
	seen := map[string]int{}
	for i, e := range generate(11, opts, 6000) {
		var m manifest.Manifest
		if err := json.Unmarshal(e.Value, &m); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		seen[e.Label.Scenario]++
		it := m.Items[len(m.Items)-1] // the chemical is always the last line
		switch e.Label.Scenario {
		case "bad-check-digit":
			if it.CAS == "" || chemicals.ValidCAS(it.CAS) {
				t.Errorf("event %d: bad-check-digit with CAS %q", i, it.CAS)
			}
		case "cas-in-description":
			if !strings.Contains(it.Description, "CAS") || it.CAS != "" {
				t.Errorf("event %d: cas-in-description item %+v", i, it)
			}
		case "express-parcel":
			if (m.Mode != manifest.ModeExpress && m.Mode != manifest.ModePostal) || it.Unit != "kg" || it.Quantity > 25 {
				t.Errorf("event %d: express-parcel mode %q item %+v", i, m.Mode, it)
			}
		case "transshipment":
			if len(m.Route) == 0 || m.Destination.Country != "MX" {
				t.Errorf("event %d: transshipment route %v to %v", i, m.Route, m.Destination)
			}
		case "vague-intermediate":
			if e.Label.Chemical != "" || strings.ReplaceAll(it.HSCode, ".", "") != "293339" || m.Destination.Country != "MX" {
				t.Errorf("event %d: vague-intermediate %+v to %v", i, it, m.Destination)
			}
		case "mislabelled":
			if !containsAny(strings.ToLower(it.Description), coverDesc) {
				t.Errorf("event %d: mislabelled description %q", i, it.Description)
			}
		}
		if e.Label.Chemical != "" && !knownChemical(e.Label.Chemical) {
			t.Errorf("event %d: unknown chemical %q", i, e.Label.Chemical)
		}
	}
	for _, s := range Scenarios() {
		if seen[s] < 200 {
			t.Errorf("scenario %q occurred %d times in 6000 risky events", s, seen[s])
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, strings.ToLower(sub)) {
			return true
		}
	}
	return false
}

func knownChemical(id string) bool {
	for _, set := range allChems() {
		for _, c := range set {
			if c.id == id {
				return true
			}
		}
	}
	return false
}

func TestMisspell(t *testing.T) {
	g := New(1, DefaultOptions())
	for _, name := range []string{"4-anilinopiperidine", "N-phenethyl-4-piperidone", "phenylacetone", "alpha-phenylacetoacetamide"} {
		for range 50 {
			got := g.misspell(name)
			if got == name || editDistance(got, name) > 2 || got[0] != name[0] {
				t.Errorf("misspell(%q) = %q", name, got)
			}
		}
	}
	if got := g.misspell("P2P"); got != "P2P" {
		t.Errorf("misspell(P2P) = %q, want it unchanged (too short)", got)
	}
}

// editDistance is the Levenshtein distance (a swap counts 2).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestMalformed(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = 0, 1
	seen := map[string]int{}
	for i, e := range generate(5, opts, 3000) {
		seen[e.Label.Scenario]++
		v := e.Value
		var ok bool
		switch e.Label.Scenario {
		case "invalid-json":
			ok = !json.Valid(v)
		case "missing-shipment-id":
			ok = json.Valid(v) && !bytes.Contains(v, []byte(`"shipment_id"`))
		case "missing-event-time":
			ok = json.Valid(v) && !bytes.Contains(v, []byte(`"event_time"`))
		case "bad-hs-code":
			var m manifest.Manifest
			ok = json.Unmarshal(v, &m) == nil && strings.Trim(m.Items[0].HSCode, "0123456789.") != ""
		case "invalid-utf8":
			ok = !utf8.Valid(v)
		case "unsupported-version":
			ok = bytes.HasPrefix(v, []byte(`{"schema_version":99,`))
		}
		if !ok {
			t.Errorf("event %d: %s not malformed that way: %q", i, e.Label.Scenario, v)
		}
	}
	for _, d := range Defects() {
		if seen[d] < 300 {
			t.Errorf("defect %q occurred %d times in 3000", d, seen[d])
		}
	}
}
