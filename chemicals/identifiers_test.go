package chemicals

import (
	"slices"
	"testing"
)

// TestIdentifiers pins each identifier kind on the catalog with structures.
func TestIdentifiers(t *testing.T) {
	m, c := structureMatcher(t)
	npp := c.Entry("npp").Structure
	eph := c.Entry("ephedrine").Structure
	tests := []struct {
		desc   string
		id     string
		method Method
		conf   float64
		text   string
	}{
		{"InChIKey=" + npp.InChIKey + " 99%", "npp", MethodInChIKey, confInChIKey, npp.InChIKey},
		{"key " + eph.InChIKey[:14], "ephedrine", MethodInChIKey, confInChIKeyBlock, eph.InChIKey[:14]},
		{"key " + eph.InChIKey[:14], "pseudoephedrine", MethodInChIKey, confInChIKeyBlock, eph.InChIKey[:14]},
		{eph.InChIKey[:15] + "XXXXXXXXSA-N", "ephedrine", MethodInChIKey, confInChIKeyBlock, eph.InChIKey[:15] + "XXXXXXXXSA-N"},
		{"std " + npp.InChI + ", 25 kg", "npp", MethodInChI, confInChI, npp.InChI},
	}
	for _, tt := range tests {
		r := m.Match(Item{Description: tt.desc})
		mt, ok := best(r, tt.id)
		if !ok {
			t.Errorf("%q: no %s:%s", tt.desc, tt.id, describe(r))
			continue
		}
		if mt.Method != tt.method || mt.Confidence != tt.conf || mt.Text != tt.text {
			t.Errorf("%q: got %s %s %.2f %q; want %s %s %.2f %q", tt.desc, mt.Entry.ID, mt.Method, mt.Confidence, mt.Text, tt.id, tt.method, tt.conf, tt.text)
		}
	}
	if r := m.Match(Item{CAS: npp.InChIKey}); len(r.Matches) != 1 || r.Matches[0].Field != FieldCAS {
		t.Errorf("InChIKey in the cas field: %+v", r.Matches)
	}
}

// TestStructureFindings: SMILES are unresolved structures, formulas weak
// findings with candidates, and neither is an identity.
func TestStructureFindings(t *testing.T) {
	m, _ := structureMatcher(t)
	tests := []struct {
		desc, text string
		kind       FindingKind
		candidates []string
	}{
		{"smiles CC(=O)Cc1ccccc1 oil", "CC(=O)Cc1ccccc1", FindingSMILES, nil},
		{"O=C1CCN(CCc2ccccc2)CC1", "O=C1CCN(CCc2ccccc2)CC1", FindingSMILES, nil},
		{"C10H15NO 99%", "C10H15NO", FindingFormula, []string{"ephedrine", "pseudoephedrine"}},
		{"formula: C9H10O.", "C9H10O", FindingFormula, []string{"p2p"}},
	}
	for _, tt := range tests {
		r := m.Match(Item{Description: tt.desc})
		if len(r.Findings) != 1 || r.Findings[0].Kind != tt.kind || r.Findings[0].Text != tt.text ||
			tt.candidates != nil && !sameIDs(r.Findings[0].Candidates, tt.candidates) {
			t.Errorf("%q: findings %s", tt.desc, describeFindings(r))
		}
		if slices.ContainsFunc(r.Matches, func(mt Match) bool { return mt.Confidence >= 0.5 }) {
			t.Errorf("%q: a structure finding claimed an identity:%s", tt.desc, describe(r))
		}
	}
	for _, s := range []string{"CCO", "NO-CC1-OCC part", "HI-FI set", "C2H5OH", "CH4N2O urea", "model C3PO", "(C)", "CC(C"} {
		if r := m.Match(Item{Description: s}); len(r.Findings) != 0 {
			t.Errorf("%q: findings %s", s, describeFindings(r))
		}
	}
}

func TestHillFormula(t *testing.T) {
	for f, want := range map[string]bool{"C13H17NO": true, "C8H9Br": true, "CH5N": true, "HI": true, "C2H5NO2": true,
		"H17C13NO": false, "C13H17ON": false, "P": false, "c13h17no": false, "CHNO": true, "CHON": false} {
		if got := hillFormula(f); got != want {
			t.Errorf("hillFormula(%q) = %v, want %v", f, got, want)
		}
	}
}

func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"InChI=1S/C5H9NO/c7-5-1-3-6-4-2-5/h6H,1-4H2", "VRJHQPZVIGNGMX-UHFFFAOYSA-N", "C1CC(CCN1)Nc1ccccc1",
		"[Na+].[O-]C(=O)Cc1ccccc1", "C10H15NO", "AAAAAAAAAAAAAA-", "((((", "[", "c1"} {
		f.Add(s)
	}
	m, _ := structureMatcher(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := m.Match(Item{Description: s, CAS: s})
		for _, fd := range r.Findings {
			if fd.Start < 0 || fd.End > len(s) || fd.Start > fd.End || fd.Text != s[fd.Start:fd.End] {
				t.Fatalf("finding %q span [%d,%d) wrong in %q", fd.Text, fd.Start, fd.End, s)
			}
		}
	})
}
