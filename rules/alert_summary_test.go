package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

// TestSummaryFastPath compares summary with plainSummary on the alerts of
// 3000 synthetic manifests (a third risky), the same with a second
// chemical and with odd severities and scores, and on the alert cases of
// the goldens.
func TestSummaryFastPath(t *testing.T) {
	e := synthEngine(t)
	check := func(m *manifest.Manifest, en Enrichment, r Result) {
		t.Helper()
		a := e.Alert(nil, m, en, r)
		if want := plainSummary(a, m, r); a.Summary != want {
			t.Errorf("summary %q, want %q", a.Summary, want)
		}
	}
	n := 0
	for _, c := range synthCases(t, e, 11, 0.3, 3000, func(*synthCase) bool { return true }) {
		check(c.m, c.en, c.r)
		if len(c.r.Hits) > 0 {
			n++
			// Two chemicals ("+1 more") and a hit without evidence.
			r := c.r
			r.Hits = append([]Hit{{RuleID: "X", Evidence: []Evidence{{Chemical: "other"}}}}, r.Hits...)
			check(c.m, c.en, r)
			r.Hits = []Hit{{RuleID: "Y"}}
			r.Severity, r.Score = "crïtical", -0.2
			check(c.m, c.en, r)
		}
	}
	if n < 300 {
		t.Fatalf("only %d synthetic manifests with hits", n)
	}
	te := testEngine(t)
	for _, c := range alertCases(t, te.Catalog()) {
		a := buildAlert(t, te, c)
		if want := plainSummary(a, c.m, te.Score(c.m, c.en)); a.Summary != want {
			t.Errorf("%s: summary %q, want %q", c.name, a.Summary, want)
		}
	}
}

// plainSummary is summary as it was written first, with a strings.Builder:
// the reference TestSummaryFastPath compares summary with.
func plainSummary(a *Alert, m *manifest.Manifest, r Result) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(r.Severity))
	b.WriteByte(' ')
	b.WriteString(strconv.FormatFloat(RoundedScore(r.Score), 'f', 0, 64))
	b.WriteString(": ")
	if name := plainChemicalLabel(a, r); name != "" {
		b.WriteString(name)
		b.WriteByte(' ')
	}
	b.WriteString(orDash(m.Origin.Country))
	for _, p := range m.Route {
		b.WriteString("->")
		b.WriteString(p.Country)
	}
	b.WriteString("->")
	b.WriteString(orDash(m.Destination.Country))
	if m.Mode != "" {
		b.WriteByte(' ')
		b.WriteString(string(m.Mode))
	}
	if len(r.Hits) == 0 {
		b.WriteString("; no rules")
	} else {
		b.WriteString("; rules ")
		for i, h := range r.Hits {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(h.RuleID)
		}
	}
	for i, s := range r.Suppressed {
		if i == 0 {
			b.WriteString("; suppressed by ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(s.Exception)
	}
	return b.String()
}

// chemicalLabel names the chemical an alert is mostly about: the first
// chemical in the hits' evidence, else the most confident match >= 0.5,
// as "ABBR (Name)" or "Name", with "+N more" for further chemicals; else
// an uncatalogued derivative found by structure.
func plainChemicalLabel(a *Alert, r Result) string {
	var ids []string
	for _, h := range r.Hits {
		for _, ev := range h.Evidence {
			if ev.Chemical != "" {
				ids = addUnique(ids, ev.Chemical)
			}
		}
	}
	best := -1
	for i, m := range a.Matches {
		if m.Chemical != "" && m.Confidence >= minConfidence && (best < 0 || m.Confidence > a.Matches[best].Confidence) {
			best = i
		}
	}
	if len(ids) == 0 && best >= 0 {
		ids = append(ids, a.Matches[best].Chemical)
	}
	if len(ids) == 0 {
		return derivativeLabel(a)
	}
	label := ids[0]
	for _, m := range a.Matches {
		if m.Chemical == ids[0] {
			label = m.Name
			if abbr := abbreviationOf(m.Text, m.Name); abbr != "" {
				label = abbr + " (" + m.Name + ")"
			}
			break
		}
	}
	if len(ids) > 1 {
		label += " +" + strconv.Itoa(len(ids)-1) + " more"
	}
	return label
}
