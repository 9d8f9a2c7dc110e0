package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCatalogLookupEvidence: every match carries its family and identity;
// relatives, tricks and structure findings are shown.
func TestCatalogLookupEvidence(t *testing.T) {
	tests := []struct {
		text     string
		id       string
		family   string
		identity string
		relation string
		obf      string
	}{
		{"benzyl 4-(phenylamino)piperidine-1-carboxylate", "4-ap", "4-ap", "family", "carbamate", ""},
		{"N-phenethyl-4-piperidone", "npp", "npp", "entry", "", ""},
		{"n\u03bfrfentanyl", "norfentanyl", "norfentanyl", "entry", "", "homoglyph"},
		{"ph3nylacetone", "p2p", "p2p", "entry", "", "leet"},
		{"2-(methylamino)-1-phenyl-1-propanol", "ephedrine", "ephedra", "family", "", ""}, // ephedrine or pseudoephedrine
	}
	for _, tt := range tests {
		code, out, errs := runCat(t, "lookup", "--json", tt.text)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", tt.text, code, errs)
		}
		var res lookupJSON
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("bad JSON: %v\n%s", err, out)
		}
		if len(res.Matches) == 0 {
			t.Fatalf("%q: no match", tt.text)
		}
		m := res.Matches[0]
		if m.ID != tt.id || m.Family != tt.family || m.Identity != tt.identity || m.Relation != tt.relation || strings.Join(m.Obfuscation, "+") != tt.obf {
			t.Errorf("%q: got %+v", tt.text, m)
		}
	}
	code, out, _ := runCat(t, "lookup", "ephedrine-like", "C10H15NO", "smiles", "CN[C@@H](C)[C@H](O)c1ccccc1")
	if code != exitOK || !strings.Contains(out, "unresolved structure (SMILES)") || !strings.Contains(out, "formula of ephedrine, pseudoephedrine") {
		t.Errorf("structure findings not shown (exit %d):\n%s", code, out)
	}
	code, out, _ = runCat(t, "lookup", "propyl phenylacetate") // ethyl phenylacetate is an entry
	if code != exitOK || !strings.Contains(out, "relative(ester)") || !strings.Contains(out, "phenylacetic-acid") {
		t.Errorf("relative not shown (exit %d):\n%s", code, out)
	}
}
