package manifest

import "testing"

// TestCanonicalUnitsAreAliases guards the fast path of normUnit: every unit
// canonicalUnit accepts must map to itself in unitAliases.
func TestCanonicalUnitsAreAliases(t *testing.T) {
	units := []string{UnitKg, UnitG, UnitTonne, UnitLb, UnitL, UnitMl, UnitPieces, UnitDrum, UnitBag, UnitCarton, UnitBox}
	for _, u := range units {
		if got, ok := canonicalUnit(u); !ok || got != u {
			t.Errorf("canonicalUnit(%q) = %q, %v", u, got, ok)
		}
		if got := unitAliases[u]; got != u {
			t.Errorf("unitAliases[%q] = %q, want itself", u, got)
		}
	}
	if _, ok := canonicalUnit("kgs"); ok {
		t.Error(`canonicalUnit("kgs") accepted an alias`)
	}
}

// TestKgFactorMatchesMap guards Kg's switch: for every unit spelling known
// (canonical units, aliases, the empty unit, near misses) kgFactor answers
// as the kgPerUnit map does.
func TestKgFactorMatchesMap(t *testing.T) {
	units := []string{"", "KG", "Kg", "kg ", "k", "gg", "tt", "lbs", "0"}
	for alias, u := range unitAliases {
		units = append(units, alias, u)
	}
	for u := range kgPerUnit {
		units = append(units, u)
	}
	for _, u := range units {
		want, wantOK := kgPerUnit[u]
		if got, ok := kgFactor(u); got != want || ok != wantOK {
			t.Errorf("kgFactor(%q) = %v, %v; kgPerUnit has %v, %v", u, got, ok, want, wantOK)
		}
		it := Item{Unit: u, Quantity: 3, GrossWeightKg: 7}
		wantKg := it.GrossWeightKg
		if wantOK {
			wantKg = it.Quantity * want
		}
		if got := it.Kg(); got != wantKg {
			t.Errorf("Item{Unit: %q}.Kg() = %v, want %v", u, got, wantKg)
		}
	}
}
