package rules

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// bigShipment is a manifest of n items, every one matching a catalog
// chemical: ids[i%len(ids)] on line i+1, each with an invalid CAS finding.
func bigShipment(t *testing.T, cat *chemicals.Catalog, n int, ids ...string) (*manifest.Manifest, Enrichment) {
	t.Helper()
	descs, all := make([]string, n), make([]string, n)
	for i := range n {
		all[i] = ids[i%len(ids)]
		descs[i] = cat.Entry(all[i]).Name
	}
	m := shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "express", "Acme", 25, descs...)
	en := matched(t, cat, chemicals.HSConsistent, all...)
	for i := range en.Items {
		en.Items[i].InvalidCAS = []chemicals.CASFinding{{Field: chemicals.FieldCAS, Text: "23056-29-4", Want: '3'}}
	}
	return m, en
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("alert.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	return schema
}

func checkSchema(t *testing.T, out []byte) {
	t.Helper()
	schema := loadSchema(t)
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	for _, p := range validate(schema, schema, doc, "$") {
		t.Error(p)
	}
}

// TestAlertBounded: an alert's size depends on the ruleset, not on the
// number of matching items. 1000 matching lines used to give an alert of
// megabytes (every line's evidence under every hit, plus every match).
func TestAlertBounded(t *testing.T) {
	e := testEngine(t)
	small := func(n int) int {
		m, en := bigShipment(t, e.Catalog(), n, "4-ap")
		r := e.Score(m, en)
		return len(e.Alert(nil, m, en, r).AppendJSON(nil))
	}
	m, en := bigShipment(t, e.Catalog(), manifest.MaxItems, "4-ap")
	r := e.Score(m, en)
	if !r.Emit || len(r.Hits) == 0 {
		t.Fatalf("test shipment does not emit: %+v", r)
	}
	a := e.Alert(nil, m, en, r)
	out := a.AppendJSON(nil)
	checkSchema(t, out)
	if ten, big := small(maxAlertEvidence+maxAlertMatches), len(out); big > ten+200 {
		t.Errorf("alert of %d items is %d bytes, of %d items %d: not bounded", manifest.MaxItems, big, maxAlertEvidence+maxAlertMatches, ten)
	}
	if len(a.Matches) != maxAlertMatches || a.MatchesTruncated != manifest.MaxItems-maxAlertMatches {
		t.Errorf("matches %d truncated %d, want %d and %d", len(a.Matches), a.MatchesTruncated, maxAlertMatches, manifest.MaxItems-maxAlertMatches)
	}
	if len(a.InvalidCAS) != maxAlertInvalidCAS || a.InvalidCASTruncated != manifest.MaxItems-maxAlertInvalidCAS {
		t.Errorf("invalid_cas %d truncated %d", len(a.InvalidCAS), a.InvalidCASTruncated)
	}
	for i, h := range a.Hits {
		items := 0
		for _, ev := range h.Evidence {
			if ev.Line != 0 {
				items++
			}
		}
		full := len(r.Hits[i].Evidence)
		if items > maxAlertEvidence || len(h.Evidence)+h.EvidenceTruncated != full {
			t.Errorf("hit %s: %d item evidence of %d, truncated %d, full %d", h.RuleID, items, len(h.Evidence), h.EvidenceTruncated, full)
		}
		if full <= maxAlertEvidence {
			t.Errorf("hit %s: only %d evidence entries: the test does not exercise the bound", h.RuleID, full)
		}
		if h.Evidence[0].Line != 1 {
			t.Errorf("hit %s: first evidence is line %d, want the first line", h.RuleID, h.Evidence[0].Line)
		}
	}
	if !strings.Contains(string(out), `"evidence_truncated":`) || !strings.Contains(string(out), `"matches_truncated":950`) {
		t.Errorf("truncation counts missing from the JSON")
	}
}

// TestAlertBoundKeepsEveryChemical: the 50 kept matches cover every
// distinct chemical before repeating one, so a rare chemical on a late
// line is not hidden behind many lines of a common one.
func TestAlertBoundKeepsEveryChemical(t *testing.T) {
	e := testEngine(t)
	cat := e.Catalog()
	var ids []string
	for _, ent := range cat.Entries {
		if len(ids) < 3 && ent.ID != "4-ap" {
			ids = append(ids, ent.ID)
		}
	}
	m, en := bigShipment(t, cat, 200, "4-ap")
	for i, id := range ids { // the last lines name other chemicals
		k := len(en.Items) - 1 - i
		en.Items[k].Matches[0].Entry = cat.Entry(id)
		en.Items[k].Matches[0].Text = cat.Entry(id).Name
	}
	a := e.Alert(nil, m, en, e.Score(m, en))
	got := map[string]bool{}
	last := 0
	for _, mt := range a.Matches {
		got[mt.Chemical] = true
		if mt.Line <= last {
			t.Errorf("matches not in item order: line %d after %d", mt.Line, last)
		}
		last = mt.Line
	}
	for _, id := range append(ids, "4-ap") {
		if !got[id] {
			t.Errorf("chemical %s missing from the bounded matches", id)
		}
	}
	if len(a.Matches) != maxAlertMatches || a.MatchesTruncated != 200-maxAlertMatches {
		t.Errorf("matches %d truncated %d", len(a.Matches), a.MatchesTruncated)
	}
}

func TestAlertBoundDedupes(t *testing.T) {
	e := testEngine(t)
	m, en := bigShipment(t, e.Catalog(), 2, "4-ap")
	en.Items[0].Matches = append(en.Items[0].Matches, en.Items[0].Matches[0])
	en.Items[0].InvalidCAS = append(en.Items[0].InvalidCAS, en.Items[0].InvalidCAS[0])
	a := e.Alert(nil, m, en, e.Score(m, en))
	if len(a.Matches) != 2 || len(a.InvalidCAS) != 2 || a.MatchesTruncated != 0 {
		t.Errorf("duplicates kept: %d matches, %d invalid CAS, %d truncated", len(a.Matches), len(a.InvalidCAS), a.MatchesTruncated)
	}
}

func TestAlertBoundDoesNotChangeResult(t *testing.T) {
	e := testEngine(t)
	m, en := bigShipment(t, e.Catalog(), 100, "4-ap")
	r := e.Score(m, en)
	before := len(r.Hits[0].Evidence)
	e.Alert(nil, m, en, r)
	if len(r.Hits[0].Evidence) != before || r.Hits[0].EvidenceTruncated != 0 {
		t.Errorf("Alert changed the Result's evidence: %d -> %d", before, len(r.Hits[0].Evidence))
	}
}

func TestAlertMinimal(t *testing.T) {
	e := testEngine(t)
	for _, c := range alertCases(t, e.Catalog()) {
		a := buildAlert(t, e, c)
		a.RuleErrors = append(a.RuleErrors, RuleError{RuleID: "X", Error: strings.Repeat("é", 500)})
		full := a.AppendJSON(nil)
		min := a.Minimal()
		out := min.AppendJSON(nil)
		checkSchema(t, out)
		if !min.Truncated || !strings.Contains(string(out), `"truncated":true`) {
			t.Errorf("%s: minimal alert not marked truncated", c.name)
		}
		if min.ID != a.ID || min.Score != a.Score || min.Severity != a.Severity || min.Summary != a.Summary {
			t.Errorf("%s: minimal alert lost its identity", c.name)
		}
		if len(min.Hits) != len(a.Hits) || len(min.Matches) != 0 || min.MatchesTruncated != len(a.Matches) {
			t.Errorf("%s: minimal alert hits %d matches %d (truncated %d)", c.name, len(min.Hits), len(min.Matches), min.MatchesTruncated)
		}
		for i, h := range min.Hits {
			if len(h.Evidence) != 0 || h.EvidenceTruncated != len(a.Hits[i].Evidence) || h.RuleID != a.Hits[i].RuleID {
				t.Errorf("%s: minimal hit %+v", c.name, h)
			}
		}
		if e := min.RuleErrors[len(min.RuleErrors)-1].Error; len(e) > maxMinimalErrorLen || !strings.HasSuffix(e, "...") {
			t.Errorf("%s: rule error not shortened: %d bytes", c.name, len(e))
		}
		if len(out) >= len(full) && len(a.Matches) > 0 {
			t.Errorf("%s: minimal alert (%d bytes) not smaller than the full one (%d)", c.name, len(out), len(full))
		}
		if len(a.Hits) > 0 && len(a.Hits[0].Evidence) == 0 {
			t.Errorf("%s: Minimal modified the alert", c.name)
		}
	}
}
