package chemicals

import (
	"strings"
	"testing"
)

// TestBenignCorpus runs the matcher over ordinary cargo and chemicals,
// including near misses of catalog names, and allows no confident match.
func TestBenignCorpus(t *testing.T) {
	m, _ := defaultMatcher(t)
	rows := readTSV(t, "testdata/benign.txt", 2)
	if len(rows) < 300 {
		t.Fatalf("benign.txt has %d descriptions, want >= 300", len(rows))
	}
	weak := 0
	for _, row := range rows {
		desc, hs := row.fields[0], row.fields[1]
		r := m.Match(Item{Description: desc, HSCode: hs})
		for _, mt := range r.Matches {
			if mt.Confidence >= 0.5 {
				t.Errorf("benign.txt:%d: %q (hs %s) matched %s by %s (%.2f, %q)",
					row.line, desc, hs, mt.Entry.ID, mt.Method, mt.Confidence, mt.Text)
				continue
			}
			weak++
		}
		for _, f := range r.InvalidCAS {
			t.Errorf("benign.txt:%d: %q: invalid CAS finding %q", row.line, desc, f.Text)
		}
	}
	t.Logf("%d benign descriptions, %d weak (< 0.5) matches", len(rows), weak)
}

// TestBenignHasNearMisses keeps the corpus honest: it must contain the
// look-alikes the issue names.
func TestBenignHasNearMisses(t *testing.T) {
	var all strings.Builder
	for _, row := range readTSV(t, "testdata/benign.txt", 2) {
		all.WriteString(strings.ToLower(row.fields[0]) + "\n")
	}
	for _, w := range []string{"piperidine", "pyridine", "4-aminopyridine", "acetaminophen", "polyaniline",
		"acetoacetanilide", "npk", "phenylacetaldehyde", "ethyl acetate"} {
		if !strings.Contains(all.String(), w) {
			t.Errorf("benign.txt lacks a %q near miss", w)
		}
	}
}
