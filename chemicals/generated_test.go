package chemicals

import (
	"errors"
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
		"      - {text: \"4-AP new name\", status: guessed, source: NOPE}\n")
	_, err := ParseWithNames(DefaultSource, DefaultBytes(), "gen.yaml", stale)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("stale generated names: %v, want an ErrorList", err)
	}
	checkErrors(t, "gen.yaml", list, []string{
		`2:3: generated names of "npp" were verified against AAAAAAAAAAAAAA-BBBBBBBBBB-N`,
		`9:16: generated name "phenylacetone" of "4-ap" normalises to "phenylacetone", already a name of entry "p2p"`,
		`10:41: generated names of "4-ap": names: status "guessed" is not one of`,
		`10:58: generated names of "4-ap": names: source: unknown source "NOPE"`,
	})
	plain, err := ParseWithNames(DefaultSource, DefaultBytes(), "none.yaml", []byte("entries: {}"))
	if err != nil {
		t.Fatalf("ParseWithNames without names: %v", err)
	}
	if plain.Hash == c.Hash {
		t.Error("the hash does not cover the generated names")
	}
}
