package chemicals

import (
	"errors"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"slices"
	"testing"
)

// TestGeneratedNames: the embedded generated names attach to their entries
// with provenance; a stale or colliding file is an error under
// ParseWithNames and is left out by Parse.
func TestGeneratedNames(t *testing.T) {
	c := mustDefault(t)
	generated := 0
	for _, e := range c.Entries {
		for _, n := range e.Names {
			if n.Source == "" || n.Status == "" {
				t.Errorf("%s: name %q without provenance", e.ID, n.Text)
			}
			if slices.Contains(generatedStatuses, n.Status) {
				generated++
			}
		}
	}
	if generated < 100 {
		t.Errorf("%d generated names attached, want the generated file's", generated)
	}
	stale := []byte("entries:\n  npp:\n    key: AAAAAAAAAAAAAA-BBBBBBBBBB-N\n    names:\n      - {text: \"x-npp-name\", status: verified, source: PUBCHEM-CHEMICALS}\n" +
		"  4-ap:\n    key: LKRMTUUCKBQGFO-UHFFFAOYSA-N\n    names:\n      - {text: \"phenylacetone\", status: verified, source: PUBCHEM-CHEMICALS}\n" +
		"      - {text: \"4-AP new name\", status: guessed, source: NOPE}\n" +
		"families:\n  ephedra:\n    - {text: \"mixed\", entries: [ephedrine, p2p], source: PUBCHEM-CHEMICALS}\n")
	_, err := ParseWithNames(DefaultSource, DefaultBytes(), "gen.yaml", stale)
	var list yamlsrc.List
	if !errors.As(err, &list) {
		t.Fatalf("stale generated names: %v, want a yamlsrc.List", err)
	}
	checkErrors(t, "gen.yaml", list, []string{
		`2:3: generated names of "npp" were verified against AAAAAAAAAAAAAA-BBBBBBBBBB-N`,
		`9:16: generated name "phenylacetone" of "4-ap" normalises to "phenylacetone", already a name of entry "p2p"`,
		`10:41: generated names of "4-ap": names: status "guessed" is not one of`,
		`10:58: generated names of "4-ap": names: source: unknown source "NOPE"`,
		`13:14: generated name "mixed" of family "ephedra": entry "p2p" belongs to family "p2p"`,
	})
	if len(c.FamilyNames("meth-reagent")) == 0 {
		t.Error("no family names for meth-reagent (the phosphorus allotropes share PubChem's element record)")
	}
	plain, err := ParseWithNames(DefaultSource, DefaultBytes(), "none.yaml", []byte("entries: {}"))
	if err != nil {
		t.Fatalf("ParseWithNames without names: %v", err)
	}
	if plain.Hash == c.Hash {
		t.Error("the hash does not cover the generated names")
	}
}

// FuzzParseWithNames: any generated names file yields a catalog or a
// non-empty yamlsrc.List, never a panic, and never both.
func FuzzParseWithNames(f *testing.F) {
	f.Add([]byte("entries:\n  ethanol:\n    key: LFQSCWFLJHTTHZ-UHFFFAOYSA-N\n    names:\n      - {text: \"spirit\", status: unverified, source: P}\n"))
	f.Add([]byte("entries:\n  ethanol:\n    key: X\n  other: {key: Y, names: [{text: a}]}\n"))
	f.Add([]byte("entries: []\n"))
	catalog := []byte(`version: "1"
sources:
  S1: {title: "a source"}
  P: {title: "PubChem"}
families:
  alcohols: "alcohols"
entries:
  - id: ethanol
    name: Ethanol
    iupac: ethanol
    formula: C2H6O
    structure: {smiles: "CCO", inchi: "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3", inchikey: LFQSCWFLJHTTHZ-UHFFFAOYSA-N}
    role: reagent
    family: alcohols
    sources: [S1]
`)
	f.Fuzz(func(t *testing.T, names []byte) {
		c, err := ParseWithNames(DefaultSource, catalog, "names.yaml", names)
		if (c == nil) == (err == nil) {
			t.Fatalf("ParseWithNames returned catalog %v and error %v", c != nil, err)
		}
		var l yamlsrc.List
		if err != nil && errors.As(err, &l) && len(l) == 0 {
			t.Fatal("empty yamlsrc.List returned as an error")
		}
	})
}

func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
