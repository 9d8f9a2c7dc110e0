package structure

import (
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// TestTestCatalogFollowsDefault keeps testdata/catalog.yaml in step with the
// embedded catalog: the same patterns, and every entry of a family with
// patterns, now with a structure.
func TestTestCatalogFollowsDefault(t *testing.T) {
	def, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	tc, err := chemicals.LoadFile("testdata/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, got := def.Patterns(), tc.Patterns()
	if len(want) != len(got) {
		t.Fatalf("test catalog has %d patterns, the embedded one %d", len(got), len(want))
	}
	for i := range want {
		if want[i].ID != got[i].ID || want[i].SMARTS != got[i].SMARTS {
			t.Errorf("pattern %d: test catalog %s %q, embedded %s %q", i, got[i].ID, got[i].SMARTS, want[i].ID, want[i].SMARTS)
		}
	}
	for _, f := range def.Families() {
		if len(def.FamilyPatterns(f)) == 0 {
			continue
		}
		for _, e := range def.Family(f) {
			te := tc.Entry(e.ID)
			switch {
			case te == nil:
				t.Errorf("entry %q of family %s is missing from the test catalog", e.ID, f)
			case te.Structure.SMILES == "" || te.Structure.InChIKey == "":
				t.Errorf("entry %q has no structure in the test catalog", e.ID)
			}
		}
	}
}
