package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/sample"
)

// partyLists loads the sample lists with testdata/parties/lists/exceptions.yaml,
// which clears "Athos Chemicals GmbH" (DE) against PWI-018 from 2026-01-15
// to 2027-01-15.
func partyLists(t testing.TB) *parties.Snapshot {
	t.Helper()
	cfg := parties.SampleConfig()
	files := fstest.MapFS{}
	for _, p := range sample.Paths() {
		data, err := fs.ReadFile(sample.FS(), p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = &fstest.MapFile{Data: data}
	}
	x, err := os.ReadFile("testdata/parties/lists/exceptions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files["exceptions.yaml"] = &fstest.MapFile{Data: x}
	cfg.FS, cfg.Exceptions = files, []string{"exceptions.yaml"}
	s, err := parties.Load(context.Background(), cfg)
	if err != nil {
		t.Fatalf("load lists: %v", err)
	}
	return s
}

// partyManifest is a shipment of cosmetic materials from CN to MX with
// the given parties (name, country).
func partyManifest(t testing.TB, at string, shipper, consignee, notify [2]string) *manifest.Manifest {
	t.Helper()
	party := func(p [2]string) string {
		if p[0] == "" {
			return `{"name": "Example Trading Co.", "country": "CN"}`
		}
		return fmt.Sprintf(`{"name": %q, "country": %q}`, p[0], p[1])
	}
	notifyField := ""
	if notify[0] != "" {
		notifyField = `"notify_party": ` + party(notify) + ","
	}
	raw := fmt.Sprintf(`{"schema_version": 1, "shipment_id": "S-P", "event_time": %q,
		"origin": {"country": "CN"}, "destination": {"country": "MX"}, "mode": "air",
		"shipper": %s, "consignee": %s, %s
		"items": [{"line": 1, "description": "Cosmetic raw materials", "quantity": 20, "unit": "kg"}]}`,
		at, party(shipper), party(consignee), notifyField)
	m, err := manifest.Decode([]byte(raw))
	if err != nil {
		t.Fatalf("manifest: %v\n%s", err, raw)
	}
	return m
}

// listedParties has an indicted shipper, a sanctioned consignee under a
// respelling and a notify party an exception clears (while in force).
func listedParties(t testing.TB, at string) *manifest.Manifest {
	return partyManifest(t, at, [2]string{"HUBEI AMARVEL BIOTECH CO., LTD.", "CN"},
		[2]string{"Sumi-Lab S.A. de C.V.", "MX"}, [2]string{"Athos Chemicals GmbH", "DE"})
}

// conditionPack compiles one rule per condition (ids C00, C01, ...).
func conditionPack(t testing.TB, conds []string) *Engine {
	t.Helper()
	var b strings.Builder
	b.WriteString("rules:\n")
	for i, c := range conds {
		fmt.Fprintf(&b, "  - id: C%02d\n    title: case %d\n    when: %q\n    score: 10\n", i, i, c)
	}
	files := fstest.MapFS{
		"ruleset.yaml": {Data: []byte("name: cases\nversion: \"1\"\nthresholds: {critical: 90, high: 70, medium: 40, low: 20}\nmin_severity: medium\n")},
		"rules.yaml":   {Data: []byte(b.String())},
	}
	cat := defaultCatalog(t)
	rs, _, err := LoadRulesetFS(files, "cases", cat)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return NewEngine(cat, rs)
}

func TestPartyHelpers(t *testing.T) {
	// want: on listedParties; clean: without lists or listed parties.
	cases := []struct {
		when        string
		want, clean bool
	}{
		{`partyListed()`, true, false},
		{`partyListed("shipper")`, true, false},
		{`partyListed("consignee", "notify_party")`, true, false},
		{`partyListed("notify_party")`, false, false}, // cleared by EX-T-001
		{`partyHit("shipper", "indictment")`, true, false},
		{`partyHit("shipper", "sanction")`, false, false},
		{`partyHit("consignee", "sanction")`, true, false},
		{`partyHit("consignee", "us-ofac-sdn")`, true, false},
		{`partyHit("consignee", "precursor-indictments")`, false, false},
		{`partyHit("any", "precursor-indictments")`, true, false},
		{`partyHit("notify_party", "indictment")`, false, false}, // cleared
		{`partyHit("any", "export-control")`, false, false},
		{`partyScore("consignee") >= 0.99`, true, false},
		{`partyScore("notify_party") == 0`, true, true}, // a cleared hit has no score
		{`partyScore() >= partyScore("shipper")`, true, true},
		{`partyProgramme("illicit-drugs-eo14059")`, true, false},
		{`partyProgramme("US-DOJ-SDNY")`, true, false},
		{`partyProgramme("US-DOJ-EDNY")`, false, false}, // PWI-018's, cleared
		{`partyProgramme("SDNTK")`, false, false},
		{`any(["shipper", "notify_party"], partyListed(#))`, true, false},
		{`!partyListed("notify_party") && partyListed("consignee")`, true, false},
	}
	var conds []string
	for _, c := range cases {
		conds = append(conds, c.when)
	}
	lists := partyLists(t)
	listed := listedParties(t, "2026-06-01T00:00:00Z")
	clean := partyManifest(t, "2026-06-01T00:00:00Z", [2]string{"Hubei Example Biotech Co., Ltd.", "CN"},
		[2]string{"Laboratorios Sumilabo del Norte SA de CV", "MX"}, [2]string{})
	for _, run := range []struct {
		name  string
		e     *Engine
		m     *manifest.Manifest
		clean bool
	}{
		{"listed parties", conditionPack(t, conds).WithParties(lists), listed, false},
		{"no lists", conditionPack(t, conds), listed, true},
		{"no listed party", conditionPack(t, conds).WithParties(lists), clean, true},
	} {
		r := run.e.Score(run.m, run.e.Enrich(run.m))
		if len(r.RuleErrors) > 0 {
			t.Errorf("%s: rule errors: %v", run.name, r.RuleErrors)
		}
		fired := map[string]bool{}
		for _, h := range r.Hits {
			fired[h.RuleID] = true
		}
		for i, c := range cases {
			want := c.want
			if run.clean {
				want = c.clean
			}
			if got := fired[fmt.Sprintf("C%02d", i)]; got != want {
				t.Errorf("%s: %s = %v, want %v", run.name, c.when, got, want)
			}
		}
	}
}

// An exception judged at the event time: in force it clears the hit (no
// rule fires, no score), expired it does not.
func TestClearedHitsNeverScore(t *testing.T) {
	e := partyEngine(t)
	cleared := partyManifest(t, "2026-06-01T00:00:00Z", [2]string{}, [2]string{"Example Imports SA de CV", "MX"},
		[2]string{"Athos Chemicals GmbH", "DE"})
	en := e.Enrich(cleared)
	if len(en.Parties) != 1 || en.Parties[0].Cleared == nil || en.Parties[0].Cleared.ID != "EX-T-001" {
		t.Fatalf("want one hit cleared by EX-T-001, got %+v", en.Parties)
	}
	if r := e.Score(cleared, en); len(r.Hits)+len(r.ShadowHits) > 0 || r.Score != 0 {
		t.Errorf("a cleared hit scored: %+v", r)
	}
	expired := partyManifest(t, "2027-01-15T00:00:00Z", [2]string{}, [2]string{"Example Imports SA de CV", "MX"},
		[2]string{"Athos Chemicals GmbH", "DE"})
	r := e.Score(expired, e.Enrich(expired))
	if ids := hitIDs(r.Hits); !slices.Equal(ids, []string{"P-INDICT"}) {
		t.Errorf("after the exception expired: hits %v, want [P-INDICT]", ids)
	}
}

// The evidence of a party rule holds the hits its helper calls look at:
// of the roles, kind or list and programmes they name (every hit when
// they name none), cleared ones marked.
func TestPartyEvidence(t *testing.T) {
	e := partyEngine(t)
	m := listedParties(t, "2026-06-01T00:00:00Z")
	r := e.Score(m, e.Enrich(m))
	want := map[string][]string{
		"P-SANCTION":  {"consignee us-ofac-sdn:990008"},
		"P-INDICT":    {"shipper precursor-indictments:PWI-001", "notify_party precursor-indictments:PWI-018 cleared by EX-T-001"},
		"P-CONSIGNEE": {"consignee us-ofac-sdn:990008"},
		"P-ANY":       {"shipper precursor-indictments:PWI-001", "consignee us-ofac-sdn:990008", "notify_party precursor-indictments:PWI-018 cleared by EX-T-001"},
	}
	for _, h := range slices.Concat(r.Hits, r.ShadowHits) {
		var got []string
		for _, ev := range h.Evidence {
			if p := ev.Party; p != nil {
				s := string(p.Role) + " " + p.List + ":" + p.EntryID
				if p.Cleared != nil {
					s += " cleared by " + p.Cleared.ID
				}
				got = append(got, s)
			}
		}
		if !slices.Equal(got, want[h.RuleID]) {
			t.Errorf("%s: party evidence %q, want %q", h.RuleID, got, want[h.RuleID])
		}
		delete(want, h.RuleID)
	}
	if len(want) > 0 {
		t.Errorf("rules did not fire: %v", want)
	}
}

// Literal arguments of party helpers are checked at load time.
func TestPartyHelperLiterals(t *testing.T) {
	files := fstest.MapFS{
		"ruleset.yaml": {Data: []byte("name: bad\nversion: \"1\"\nthresholds: {critical: 90, high: 70, medium: 40, low: 20}\nmin_severity: medium\n")},
		"rules.yaml": {Data: []byte(`rules:
  - {id: B1, title: t, score: 1, when: 'partyHit("buyer", "sanction")'}
  - {id: B2, title: t, score: 1, when: 'partyHit("consignee", "Sanction List")'}
  - {id: B3, title: t, score: 1, when: 'partyListed("Shipper")'}
  - {id: B4, title: t, score: 1, when: 'partyProgramme("")'}
  - {id: B5, title: t, score: 1, when: 'partyScore("any") > 0'}
`)},
	}
	_, ds, _ := LoadRulesetFS(files, "bad", defaultCatalog(t))
	got := ds.Error()
	for _, want := range []string{
		`bad/rules.yaml:2:50: rule "B1": "buyer" is not a party role (shipper, consignee, notify_party, any)`,
		`bad/rules.yaml:3:63: rule "B2": "Sanction List" is neither a list entry kind (sanction, indictment, export-control, crime, other) nor a list id`,
		`bad/rules.yaml:4:53: rule "B3": "Shipper" is not a party role (shipper, consignee, notify_party); did you mean "shipper"?`,
		`bad/rules.yaml:5:56: rule "B4": empty programme`,
		`bad/rules.yaml:6:52: rule "B5": "any" is not a party role (shipper, consignee, notify_party)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack\n  %s\ngot:\n%s", want, got)
		}
	}
}

// The alert of a shipment with party hits: lists with their publication
// dates and hashes, party evidence with the score taken apart.
func TestPartyAlertGolden(t *testing.T) {
	e := partyEngine(t)
	m := listedParties(t, "2026-06-01T00:00:00Z")
	raw, _ := json.Marshal(m)
	en := e.Enrich(m)
	a := e.Alert(raw, m, en, e.Score(m, en))
	a.Catalog = CatalogRef{Version: "test", Hash: "test"}
	out := a.AppendJSON(nil)
	checkJSONGolden(t, "testdata/parties/alert.golden.json", out)
	checkSchema(t, out)
	if len(a.Lists) != 2 || a.Lists[0].ID != "us-ofac-sdn" || len(a.Lists[0].Hash) != 64 || a.Lists[0].Published.IsZero() {
		t.Errorf("lists %+v: want the two sample lists with hash and publication date", a.Lists)
	}
}

// appendPartyHit writes what encoding/json writes for a parties.Hit (with
// empty lists as []).
func TestPartyHitJSON(t *testing.T) {
	e := partyEngine(t)
	m := listedParties(t, "2026-06-01T00:00:00Z")
	hits := e.Enrich(m).Parties
	if len(hits) != 3 {
		t.Fatalf("%d hits, want 3", len(hits))
	}
	for _, h := range hits {
		want, err := json.Marshal(normalizeNil(reflect.ValueOf(&h)).Interface())
		if err != nil {
			t.Fatal(err)
		}
		if got := appendPartyHit(nil, &h); string(got) != string(want) {
			t.Errorf("appendPartyHit:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}

func partyEngine(t testing.TB) *Engine {
	t.Helper()
	cat := defaultCatalog(t)
	rs, _, err := LoadRuleset("testdata/parties", cat)
	if err != nil {
		t.Fatalf("load party pack: %v", err)
	}
	return NewEngine(cat, rs).WithParties(partyLists(t))
}

// checkJSONGolden compares indented JSON with a golden file (-update
// rewrites it).
func checkJSONGolden(t *testing.T, golden string, out []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, out, "", "  "); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	pretty.WriteByte('\n')
	if *update {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if pretty.String() != string(want) {
		t.Errorf("differs from %s (run with -update if intended):\n%s", golden, pretty.String())
	}
}
