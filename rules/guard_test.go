package rules

import (
	"slices"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
	"github.com/precursorwatch/precursor/structure"
)

// guardCompiler is a compiler with a few lists and macros, as in a pack.
func guardCompiler(t *testing.T) *compiler {
	t.Helper()
	defs := &rulefmt.Pack{
		Lists: []rulefmt.List{{Name: "hubs", Values: []string{"SG", "PA"}}},
		Macros: []rulefmt.Macro{
			{Name: "fent", When: rulefmt.Expr{Text: `hasFamily("npp", "4-ap")`}},
			{Name: "meth", When: rulefmt.Expr{Text: `hasFamily("p2p")`}},
			{Name: "either", When: rulefmt.Expr{Text: `fent || meth`}},
			{Name: "to_mx", When: rulefmt.Expr{Text: `destination == "MX"`}},
			{Name: "risky_item", When: rulefmt.Expr{Text: `any(items, .kg > 1)`}},
			{Name: "heading", When: rulefmt.Expr{Text: `hsDeclared("2933", "2939")`}},
		},
	}
	c := newCompiler(defs, defaultCatalog(t), &yamlsrc.List{})
	c.compileMacros(defs.Macros)
	return c
}

func TestGuardOf(t *testing.T) {
	c := guardCompiler(t)
	tests := []struct {
		when string
		want guard
	}{
		{`hasChemical("npp")`, needMatch},
		{`casInvalid()`, needBadCAS},
		{`casInvalid() && anyControlled()`, needMatch | needBadCAS},
		{`destination == "MX" && hasRole("reagent")`, needMatch},
		{`to_mx && either && any(items, .kg > 1)`, needMatch},
		{`mode in ["air", "postal"] && origin in lists.hubs && watchlisted()`, needMatch},
		{`shipper.country != "" && shipper.country not in [origin, destination] && hsMismatch()`, needMatch},
		{`totalKg("npp") > 0`, needMatch},
		{`totalKg("npp") >= 25 && mode == "air"`, needMatch},
		{`controlledIn("US") || hasMethod("cas")`, needMatch},
		// not provable
		{`totalKg("npp") >= 0`, 0},
		{`totalKg("npp") > -1`, 0},
		{`maxConfidence("npp") > 0.3`, 0},
		{`!hasChemical("npp")`, 0},
		{`hasChemical("npp") || mode == "air"`, 0},
		{`casInvalid() || hasChemical("npp")`, 0},
		{`hasChemical("npp") ? true : false`, 0},
		{`let x = hasChemical("npp"); x`, 0},
		{`descriptionHas("acid")`, 0},
		// a conjunct that may fail at run time keeps the rest from counting
		{`items[3].kg > 1 && hasChemical("npp")`, 0},
		{`risky_item && hasChemical("npp")`, 0},
		{`value / itemsCount() > 1 && hasChemical("npp")`, 0},
		// but a guard before it still counts
		{`hasChemical("npp") && items[3].kg > 1`, needMatch},
		// helper arguments that are not literals may fail
		{`hasChemical(items[0].cas)`, 0},
		{`syntax error (`, 0},
	}
	for _, tt := range tests {
		if got := c.guardOf(tt.when); got != tt.want {
			t.Errorf("guardOf(%s) = %b, want %b", tt.when, got, tt.want)
		}
	}
}

// TestGuardOfHS checks needHS and the prefixes it rests on (the
// ruleset's hsGuard collects them).
func TestGuardOfHS(t *testing.T) {
	c := guardCompiler(t)
	tests := []struct {
		when string
		want guard
		hs   []string
	}{
		{`hsDeclared("2933.39", "2921")`, needHS, []string{"2933.39", "2921"}},
		{`heading`, needHS, []string{"2933", "2939"}},
		{`origin in lists.hubs && heading && any(items, .kg > 1)`, needHS, []string{"2933", "2939"}},
		{`heading && items[3].kg > 1`, needHS, []string{"2933", "2939"}},
		{`heading && hasChemical("npp")`, needHS | needMatch, []string{"2933", "2939"}},
		{`hsDeclared("8539") || hsDeclared("6109")`, needHS, []string{"8539", "6109"}},
		{`(hsDeclared("8539") || mode == "air") && heading`, needHS, []string{"2933", "2939"}},
		// not provable
		{`not heading`, 0, nil},
		{`!hsDeclared("2933") && mode == "air"`, 0, nil},
		{`heading || mode == "air"`, 0, nil},
		{`heading || hasChemical("npp")`, 0, nil},
		{`heading ? true : false`, 0, nil},
		{`any(lists.hubs, hsDeclared(#))`, 0, nil},
		{`items[3].kg > 1 && heading`, 0, nil},
		{`risky_item && heading`, 0, nil},
	}
	for _, tt := range tests {
		c.hsGuard = nil
		got := c.guardOf(tt.when)
		if got != tt.want || !slices.Equal(c.hsGuard, tt.hs) {
			t.Errorf("guardOf(%s) = %04b, prefixes %q; want %04b, %q", tt.when, got, c.hsGuard, tt.want, tt.hs)
		}
	}
}

// TestGuardsBefore checks that guardsBefore, which lets Score skip
// building the Env, finds the facts Env.guards finds: all of them, and
// no more unless an item has a structure finding; needHS is
// hsDeclared of the ruleset's hsGuard.
func TestGuardsBefore(t *testing.T) {
	def, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	e := def.WithParties(partyLists(t))
	if e.rs.hsGuard == nil {
		t.Fatal("the default pack has no needHS guard")
	}
	var seen guard
	var env Env
	for _, raw := range mixedEvents(200) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		en := e.Enrich(m)
		env.reset(m, en, e.rs.lists)
		env.addStructures(en.Structures, e.structs)
		want := env.guards()
		if env.hsDeclaredSet(e.rs.hsGuard) {
			want |= needHS
		}
		got := guardsBefore(m, en, e.rs.hsGuard)
		structures := slices.ContainsFunc(en.Structures, func(f []structure.Finding) bool { return len(f) > 0 })
		if got != want && (structures && got != want|needMatch || !structures) {
			t.Errorf("%s: guardsBefore %04b, Env %04b (structure findings: %v)", m.ShipmentID, got, want, structures)
		}
		seen |= want
	}
	if all := needMatch | needBadCAS | needParty | needHS; seen != all {
		t.Errorf("facts seen %04b, want every one (%04b): the comparison proves less", seen, all)
	}
}
