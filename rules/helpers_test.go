package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestHelpers evaluates each helper through the compiler, on one shipment:
// 25 kg of 4-AP (matched through homoglyphs and letter-spacing), 2 kg of
// boc-4-AP at confidence 0.4 (below the threshold, through leetspeak), and
// aniline declared under a mismatching HS code, from CN via
// HK and PA to MX on 2023-06-01 (4-AP is controlled in the US since 2020
// and in China only since 2024-09-01).
func TestHelpers(t *testing.T) {
	cat := defaultCatalog(t)
	m := shipment(t, "2023-06-01T00:00:00Z", "CN", "MX", "express", "Acme", 25,
		"4-Anilinopiperidine  RESEARCH\tchemical", "tert-butyl 4-anilinopiperidine", "Aniline oil")
	m.Items[1].Quantity, m.Items[1].Unit = 2000, "g"
	m.Items[2].HSCode = "293339"
	m.Route = []manifest.Place{{Country: "HK"}, {Country: "PA"}}
	en := matched(t, cat, chemicals.HSConsistent, "4-ap", "boc-4-ap", "aniline")
	en.Items[1].Matches[0].Confidence = 0.4
	en.Items[2].Matches[0].HS = chemicals.HSMismatch
	en.Items[2].Matches[0].Method = chemicals.MethodCAS
	en.Items[0].InvalidCAS = []chemicals.CASFinding{{Text: "23056-29-4", Want: '3'}}
	en.Items[0].Matches[0].Obfuscation = chemicals.ObfHomoglyph | chemicals.ObfSpacing
	en.Items[1].Matches[0].Obfuscation = chemicals.ObfLeet // below the threshold

	c := newCompiler(&rulefmt.Pack{Lists: []rulefmt.List{{Name: "lane", Values: []string{"CN", "IN"}}}}, cat, &yamlsrc.List{})
	var env Env
	env.reset(m, en, c.lists)
	tests := []struct {
		cond string
		want bool
	}{
		{`hasChemical("4-ap")`, true},
		{`hasChemical("boc-4-ap")`, false}, // confidence 0.4 < 0.5
		{`hasChemical("npp", "aniline")`, true},
		{`hasFamily("4-ap")`, true},
		{`hasFamily("npp")`, false},
		{`hasRole("designer-precursor")`, false},
		{`hasRole("reagent", "drug")`, hasRoleIn(cat, "aniline", "reagent", "drug")},
		{`controlledIn("US")`, true},
		{`controlledIn("CN")`, cnControlsAny(cat)},
		{`anyControlled()`, true},
		{`watchlisted()`, cat.Entry("aniline").Watchlist()},
		{`route(["CN"], ["MX", "US"])`, true},
		{`route([], ["MX"])`, true},
		{`route(["IN"], [])`, false},
		{`route(lists.lane, [])`, true},
		{`transits("PA")`, true},
		{`transits("SG", "AE")`, false},
		{`hsDeclared("2933.39")`, true},
		{`hsDeclared("2921")`, false},
		{`hsMismatch()`, true},
		{`casInvalid()`, true},
		{`totalKg("4-ap") == 25`, true}, // boc-4-AP below threshold is not counted
		{`totalKg("aniline") == 25`, true},
		{`kgOf("4-ap", "aniline") == 50`, true},      // two items, 25 kg each
		{`kgOf("4-ap", "4-ap", "anpp") == 25`, true}, // an item counts once
		{`kgOf("boc-4-ap", "npp") == 0`, true},       // below threshold, not matched
		{`maxConfidence("boc-4-ap") == 0.4`, true},
		{`maxConfidence("4-ap") == 0.95`, true},
		{`maxConfidence("npp") == 0`, true},
		{`descriptionHas("research chemical")`, true},
		{`descriptionHas("  Research   Chemical ")`, true},
		{`descriptionHas("dog food")`, false},
		{`itemsCount() == 3`, true},
		{`hasMethod("cas")`, true},
		{`hasMethod("fuzzy")`, false},
		{`obfuscated()`, true},
		{`obfuscated("spacing")`, true},
		{`obfuscated("leet", "invisible")`, false}, // the leet match is below 0.5
		{`items[0].matches[0].obfuscation == "homoglyph+spacing"`, true},
		{`items[1].kg == 2`, true},
		{`"4-ap" in chemicals && !("boc-4-ap" in chemicals)`, true},
		{`route == ["HK", "PA"]`, true},
		{`origin in lists.lane`, true},
		{`any(lists.lane, transits(#))`, false},
	}
	for _, tt := range tests {
		prog, _ := c.condition(rulefmt.Expr{Text: tt.cond, What: "when"}, "test")
		if prog == nil {
			t.Errorf("%s: does not compile: %v", tt.cond, *c.ds)
			continue
		}
		got, err := expr.Run(prog, &env)
		if err != nil {
			t.Errorf("%s: %v", tt.cond, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s = %v, want %v", tt.cond, got, tt.want)
		}
	}
}

func hasRoleIn(cat *chemicals.Catalog, id string, roles ...string) bool {
	return slices.Contains(roles, string(cat.Entry(id).Role))
}

// cnControlsAny: whether China controlled 4-AP or aniline on 2023-06-01,
// read from the catalog so the test follows catalog corrections.
func cnControlsAny(cat *chemicals.Catalog) bool {
	at := mustDate("2023-06-01")
	return cat.Entry("4-ap").ControlledIn("CN", at) || cat.Entry("aniline").ControlledIn("CN", at)
}

func TestNormalizeText(t *testing.T) {
	for in, want := range map[string]string{
		"  Research\t\tCHEMICAL \n": "research chemical",
		"ÜBER  Straße":              "über straße",
		"":                          "",
		"a\u00a0b":                  "a b",
	} {
		if got := string(normalizeText(nil, in)); got != want {
			t.Errorf("normalizeText(%q) = %q, want %q", in, got, want)
		}
		if isNormalized(in) && string(normalizeText(nil, in)) != in {
			t.Errorf("isNormalized(%q) but normalizing changes it", in)
		}
	}
}

func TestHSHasPrefix(t *testing.T) {
	for _, tt := range []struct {
		code, prefix string
		want         bool
	}{
		{"293339", "2933.39", true}, {"293339", "29", true}, {"293339", "2934", false},
		{"29", "2933", false}, {"293339", "..", false}, {"", "29", false},
	} {
		if got := hsHasPrefix(tt.code, tt.prefix); got != tt.want {
			t.Errorf("hsHasPrefix(%q, %q) = %v", tt.code, tt.prefix, got)
		}
	}
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
