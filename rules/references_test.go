package rules

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

// TestSourcesCited keeps the one sources registry (the catalog's sources)
// free of dead entries: every source is cited by a catalog entry, its
// names, structure or controls, or by a rule of the default pack.
func TestSourcesCited(t *testing.T) {
	cat := defaultCatalog(t)
	rs, _, err := LoadRuleset("", cat)
	if err != nil {
		t.Fatal(err)
	}
	cited := map[string]bool{}
	for _, e := range cat.Entries {
		for _, s := range e.Sources {
			cited[s] = true
		}
		for _, c := range e.Controls {
			for _, s := range c.Sources {
				cited[s] = true
			}
		}
		for _, n := range e.Names {
			cited[n.Source] = true
		}
		for _, s := range e.Structure.ExceptionSources {
			cited[s] = true
		}
	}
	for _, r := range rs.Rules() {
		for _, ref := range r.References {
			cited[ref.Source] = true
		}
	}
	var uncited []string
	for k := range cat.Sources {
		if !cited[k] {
			uncited = append(uncited, k)
		}
	}
	sort.Strings(uncited)
	if len(uncited) > 0 {
		t.Errorf("sources cited by no catalog entry and no default rule: %v", uncited)
	}
}

// TestReferencesRender checks that a hit carries its rule's references
// as the registry describes them, in the alert JSON too, and that the
// minimal alert leaves them out.
func TestReferencesRender(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte(`{"shipment_id":"R-1","event_type":"filed","event_time":"2026-03-01T00:00:00Z",` +
		`"origin":{"country":"CN"},"destination":{"country":"MX"},"items":[{"line":1,` +
		`"description":"4-anilinopiperidine","cas":"23056-29-3","quantity":25,"unit":"kg"}]}`)
	m, err := manifest.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	en := e.Enrich(m)
	a := e.Alert(raw, m, en, e.Score(m, en))
	i := slices.IndexFunc(a.Hits, func(h Hit) bool { return h.RuleID == "FEN-002" })
	if i < 0 {
		t.Fatalf("FEN-002 did not fire: %+v", a.Hits)
	}
	var got struct {
		Hits []struct {
			Rule       string      `json:"rule"`
			References []Reference `json:"references"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(a.AppendJSON(nil), &got); err != nil {
		t.Fatal(err)
	}
	refs := got.Hits[i].References
	s26 := e.Catalog().Sources["S26"]
	want := Reference{Source: "S26", Title: s26.Title, URL: s26.URL, Note: "China Category II from 2024-09-01: 4-AP, boc-4-AP, norfentanyl"}
	if len(refs) != 2 || refs[1] != want || refs[0].Source != "S60" || refs[0].Title == "" || refs[0].URL == "" {
		t.Errorf("FEN-002 references = %+v, want S60 and %+v", refs, want)
	}
	if min := a.Minimal(); min.Hits[i].References != nil {
		t.Errorf("minimal alert keeps references: %+v", min.Hits[i].References)
	}
}

// TestSourcesReferenceCurrent keeps docs/default-rules.md (the default
// pack's rules with their sources) current.
func TestSourcesReferenceCurrent(t *testing.T) {
	rs, _, err := LoadRuleset("", defaultCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	const file = "../docs/default-rules.md"
	got := sourcesReference(rs)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil || string(want) != got {
		t.Fatalf("%s is stale (%v): run go test ./rules -run TestSourcesReferenceCurrent -update", file, err)
	}
}
