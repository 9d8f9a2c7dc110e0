package rules

import (
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// TestObfuscatedEvidence scores disguised precursor names with the default
// pack and the real matcher: DEC-007 fires, and its evidence names the
// tricks of the disguised match; the plain name carries none.
func TestObfuscatedEvidence(t *testing.T) {
	cat := defaultCatalog(t)
	rs, _, err := LoadRuleset("", cat)
	if err != nil {
		t.Fatal(err)
	}
	e, m := NewEngine(cat, rs), chemicals.NewMatcher(cat)
	for _, tt := range []struct {
		desc, tricks string // tricks "": DEC-007 must not fire
	}{
		{"4-\u0430nilinopiperidine 99%", "homoglyph"},
		{"N-phen\u200bethyl-4-piperidone", "invisible"},
		{"p h e n y l a c e t o n e", "spacing"},
		{"ph3nylacetone", "leet"},
		{"4-anilinopiperidine 99%", ""},
	} {
		ship := shipment(t, "2026-03-01T00:00:00Z", "DE", "US", "air", "Example Labs", 5, tt.desc)
		res := e.Score(ship, Enrichment{Items: []chemicals.Result{m.Match(chemicals.Item{Description: tt.desc})}})
		var hit *Hit
		for i := range res.Hits {
			if res.Hits[i].RuleID == "DEC-007" {
				hit = &res.Hits[i]
			}
		}
		switch {
		case tt.tricks == "" && hit != nil:
			t.Errorf("%q: DEC-007 fired on a plain name: %+v", tt.desc, hit.Evidence)
		case tt.tricks == "":
		case hit == nil:
			t.Errorf("%q: DEC-007 did not fire (hits %v)", tt.desc, hitIDs(res.Hits))
		case len(hit.Evidence) == 0 || hit.Evidence[0].Obfuscation != tt.tricks:
			t.Errorf("%q: evidence %+v, want the trick %q", tt.desc, hit.Evidence, tt.tricks)
		}
	}
}

func TestHasTrick(t *testing.T) {
	for _, tt := range []struct {
		list, trick string
		want        bool
	}{
		{"homoglyph+leet", "leet", true},
		{"homoglyph+leet", "homoglyph", true},
		{"homoglyph", "invisible", false},
		{"", "leet", false},
	} {
		if got := hasTrick(tt.list, tt.trick); got != tt.want {
			t.Errorf("hasTrick(%q, %q) = %v", tt.list, tt.trick, got)
		}
	}
}
