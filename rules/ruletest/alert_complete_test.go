package ruletest

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestAlertsAreCompleteOverCorpus is the acceptance test of complete
// alerts: over every manifest of the default pack's rule tests, every hit
// (active and shadow) of every rule names the text that triggered it
// (the matched span inside the item's own description or CAS, or the
// value of the field it read), the kilograms of its items wherever a
// quantity was given, the rule's description and action, and the alert
// names the parties as declared. Every rule of the pack must fire at
// least once in the corpus, so that none goes unchecked.
func TestAlertsAreCompleteOverCorpus(t *testing.T) {
	e := loadDefaultEngine(t)
	fsys := rules.DefaultFS()
	names, err := testFiles(fsys)
	if err != nil || len(names) == 0 {
		t.Fatalf("no rule tests: %v", err)
	}
	checked := map[string]int{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		cases, errs := parseTestFile(fsys, name, name, data)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		for _, tc := range cases {
			raw := withDefaults(tc)
			m, err := manifest.Decode(raw)
			if err != nil {
				continue // cases about undecodable manifests
			}
			if !tc.At.IsZero() {
				m.EventTime = tc.At
			}
			en := e.Enrich(m)
			if en.Structures, err = recordedStructures(e, tc, m, en); err != nil {
				t.Fatalf("%s: structures: %v", tc.Name, err)
			}
			var a rules.Alert
			if err := json.Unmarshal(e.Alert(raw, m, en, e.Score(m, en)).AppendJSON(nil), &a); err != nil {
				t.Fatalf("%s: %v", tc.Name, err)
			}
			where := name + ": " + tc.Name
			checkParties(t, where, &a, m)
			for _, h := range append(a.Hits, a.ShadowHits...) {
				checkHit(t, where, h, m)
				checked[h.RuleID]++
			}
		}
	}
	t.Logf("checked the hits of %d rules", len(checked))
	for _, r := range e.Ruleset().Rules() {
		if r.Status != rulefmt.StatusDisabled && checked[r.ID] == 0 {
			t.Errorf("rule %s never fires in the rule-test corpus: its alerts are not checked", r.ID)
		}
	}
}

func checkParties(t *testing.T, where string, a *rules.Alert, m *manifest.Manifest) {
	t.Helper()
	want := rules.Parties{Shipper: rules.Party(m.Shipper), Consignee: rules.Party(m.Consignee), NotifyParty: rules.Party(m.NotifyParty)}
	if a.Parties != want {
		t.Errorf("%s: parties %+v, want %+v", where, a.Parties, want)
	}
	if a.Origin.Country != m.Origin.Country || a.Destination.Country != m.Destination.Country || a.Mode != string(m.Mode) {
		t.Errorf("%s: header %s %s->%s, want %s %s->%s", where, a.Mode, a.Origin.Country, a.Destination.Country,
			m.Mode, m.Origin.Country, m.Destination.Country)
	}
}

func checkHit(t *testing.T, where string, h rules.Hit, m *manifest.Manifest) {
	t.Helper()
	where += ": " + h.RuleID
	if h.Description == "" || h.Action == "" {
		t.Errorf("%s: hit without description or action", where)
	}
	items := map[int]rules.HitItem{}
	for _, it := range h.Items {
		items[it.Line] = it
		src := itemAt(m, it.Line)
		if src == nil || it.Description != src.Description || it.HSCode != src.HSCode || it.CAS != src.CAS {
			t.Errorf("%s: item %d is not the declared item", where, it.Line)
			continue
		}
		if kg := src.Kg(); kg > 0 && it.Kg != kg {
			t.Errorf("%s: item %d: kg %v, want %v (quantity %v %s)", where, it.Line, it.Kg, kg, src.Quantity, src.Unit)
		}
	}
	named := false
	for _, ev := range h.Evidence {
		switch {
		case ev.Method != "":
			it, ok := items[ev.Line]
			if !ok {
				t.Errorf("%s: match on line %d, which is not among the hit's items", where, ev.Line)
				continue
			}
			field := it.Description
			if ev.ItemField == "cas" {
				field = it.CAS
			}
			if ev.Start < 0 || ev.End > len(field) || ev.Start >= ev.End || field[ev.Start:ev.End] != ev.Text {
				t.Errorf("%s: span [%d:%d] of %q is not the matched text %q", where, ev.Start, ev.End, field, ev.Text)
				continue
			}
			named = true
		case ev.Party != nil:
			// a list hit names the party as declared and the listed name it matched
			if want := partyName(m, string(ev.Party.Role)); ev.Party.Party != want || ev.Party.Matched == "" {
				t.Errorf("%s: party hit on %q (matched %q), want the declared %s %q", where, ev.Party.Party, ev.Party.Matched, ev.Party.Role, want)
				continue
			}
			named = true
		case ev.Value != "" && (ev.Line != 0 || ev.Field != ""):
			named = named || ev.Line != 0 || !strings.Contains("origin destination route mode", ev.Field)
		}
	}
	if !named {
		t.Errorf("%s: no evidence names the text that triggered the hit: %+v", where, h.Evidence)
	}
}

// partyName is the declared name of the party in role.
func partyName(m *manifest.Manifest, role string) string {
	switch role {
	case "shipper":
		return m.Shipper.Name
	case "consignee":
		return m.Consignee.Name
	case "notify_party":
		return m.NotifyParty.Name
	}
	return ""
}

func itemAt(m *manifest.Manifest, line int) *manifest.Item {
	for i := range m.Items {
		if m.Items[i].Line == line {
			return &m.Items[i]
		}
	}
	return nil
}
