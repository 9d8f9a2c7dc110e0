package manifest

import "testing"

// TestCanonicalUnitsAreAliases guards the fast path of normUnit: every unit
// canonicalUnit accepts must map to itself in unitAliases.
func TestCanonicalUnitsAreAliases(t *testing.T) {
	units := []string{UnitKg, UnitG, UnitTonne, UnitLb, UnitL, UnitMl, UnitPieces, UnitDrum, UnitBag, UnitCarton, UnitBox}
	for _, u := range units {
		if got, ok := canonicalUnit([]byte(u)); !ok || got != u {
			t.Errorf("canonicalUnit(%q) = %q, %v", u, got, ok)
		}
		if got := unitAliases[u]; got != u {
			t.Errorf("unitAliases[%q] = %q, want itself", u, got)
		}
	}
	if _, ok := canonicalUnit([]byte("kgs")); ok {
		t.Error(`canonicalUnit([]byte("kgs")) accepted an alias`)
	}
}
