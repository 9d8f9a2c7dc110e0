package rules

import (
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
	"github.com/precursorwatch/precursor/structure"
)

// Resolver answers recorded from the real resolver (OPSIN, CDK).
var (
	dichloro4AP = structure.Structure{ // N-(3,4-dichlorophenyl)piperidin-4-amine: a halide of 4-AP, uncatalogued
		SMILES: "C1=C(C=C(C(=C1)Cl)Cl)NC2CCNCC2", InChIKey: "DIERXBUIDJOGAB-UHFFFAOYSA-N", Formula: "C11H14Cl2N2"}
	nppByName = structure.Structure{ // 1-(2-phenylethyl)piperidin-4-one: NPP itself
		SMILES: "C1=CC=C(C=C1)CCN2CCC(=O)CC2", InChIKey: "YDJXNYNKKXZBMP-UHFFFAOYSA-N", Formula: "C13H17NO"}
	bmkGlycidateStereo = structure.Structure{ // one stereoisomer of BMK ethyl glycidate: same connectivity block
		SMILES: "CCOC(=O)[C@@]1(C)[C@H](C2=CC=CC=C2)O1", InChIKey: "PTJLNEHAZVPEFQ-CMPLNLGQSA-N", Formula: "C12H14O3"}
)

// structureCatalog is the default catalog: every entry states its
// structure.
func structureCatalog(t testing.TB) *chemicals.Catalog {
	t.Helper()
	return defaultCatalog(t)
}

// finding is the resolver's answer s for the text of description desc,
// matching the catalog patterns named.
func finding(t testing.TB, cat *chemicals.Catalog, desc, text string, s structure.Structure, patterns ...string) structure.Finding {
	t.Helper()
	start := strings.Index(desc, text)
	if start < 0 {
		t.Fatalf("%q not in %q", text, desc)
	}
	s.Query, s.Resolved = structure.Normalize(text), true
	for _, id := range patterns {
		i := 0
		for i < len(cat.Patterns()) && cat.Patterns()[i].ID != id {
			i++
		}
		if i == len(cat.Patterns()) {
			t.Fatalf("no pattern %q", id)
		}
		s.Matches = append(s.Matches, cat.Patterns()[i])
	}
	return structure.Finding{Start: start, End: start + len(text), Text: text, Structure: &s}
}

// TestStructureHelpers evaluates the structure helpers and the fields of
// structure matches on one shipment: an uncatalogued halide of 4-AP, NPP
// named systematically (an identity by InChIKey), a stereoisomer of BMK
// ethyl glycidate (an identity by connectivity), and a catalogued 4-AP
// matched by the dictionary; once in 2026, once in 2015 (before any dated
// control of the 4-AP family).
func TestStructureHelpers(t *testing.T) {
	cat := structureCatalog(t)
	descs := []string{"N-(3,4-dichlorophenyl)piperidin-4-amine 98%", "1-(2-phenylethyl)piperidin-4-one", "ethyl (2R,3S)-2-methyl-3-phenyloxirane-2-carboxylate", "tile adhesive"}
	en := Enrichment{Items: make([]chemicals.Result, len(descs)), Structures: [][]structure.Finding{
		{finding(t, cat, descs[0], "N-(3,4-dichlorophenyl)piperidin-4-amine", dichloro4AP, "4-ap/core")},
		{finding(t, cat, descs[1], descs[1], nppByName, "npp/core")},
		{finding(t, cat, descs[2], descs[2], bmkGlycidateStereo, "bmk-glycidic/core")},
	}}
	c := newCompiler(&rulefmt.Pack{}, cat, &yamlsrc.List{})
	idx := newStructureIndex(cat)
	for _, tc := range []struct {
		at    string
		tests map[string]bool
	}{
		{"2026-03-01T00:00:00Z", map[string]bool{
			`structureFamily("4-ap")`:                     true,
			`structureFamily("npp", "p2p")`:               true, // NPP by InChIKey
			`structureFamily("anpp")`:                     false,
			`derivativeOf("4-ap")`:                        true,
			`derivativeOf("npp", "bmk-glycidic")`:         false, // identities, not derivatives
			`controlledDerivative()`:                      true,
			`hasFamily("4-ap")`:                           true, // the derivative counts for its family
			`hasChemical("4-ap")`:                         false,
			`"4-ap" in chemicals`:                         false,
			`hasChemical("npp", "bmk-ethyl-glycidate")`:   true,
			`maxConfidence("npp") == 0.95`:                true,
			`maxConfidence("bmk-ethyl-glycidate") == 0.9`: true,
			`hasMethod("structure")`:                      true,
			`controlledIn("UN")`:                          true, // NPP, by its identity
			`any(items[0].matches, .pattern == "4-ap/core" && .chemical == "" && .smiles == "C1=C(C=C(C(=C1)Cl)Cl)NC2CCNCC2")`:  true,
			`any(items[1].matches, .chemical == "npp" && .pattern == "npp/core" && .inchikey == "YDJXNYNKKXZBMP-UHFFFAOYSA-N")`: true,
			`len(items[3].matches) == 0`: true,
		}},
		{"2015-01-01T00:00:00Z", map[string]bool{
			`structureFamily("4-ap")`: true,
			// Canada's control of boc-4-AP and its halides has no known
			// date, so it counts at every date (the catalog's date policy).
			`controlledDerivative()`: true,
		}},
	} {
		m := shipment(t, tc.at, "CN", "MX", "ocean", "Acme", 25, descs...)
		var env Env
		env.reset(m, en, c.lists)
		env.addStructures(en.Structures, idx)
		for cond, want := range tc.tests {
			prog, _ := c.condition(rulefmt.Expr{Text: cond, What: "when"}, "test")
			if prog == nil {
				t.Errorf("%s: does not compile: %v", cond, *c.ds)
				continue
			}
			got, err := expr.Run(prog, &env)
			if err != nil || got != want {
				t.Errorf("%s at %s = %v, %v; want %v", cond, tc.at, got, err, want)
			}
		}
	}
}

// Without the resolver (no findings), structure helpers are false and the
// Env is what the catalog alone makes of the shipment.
func TestStructureHelpersWithoutResolver(t *testing.T) {
	cat := defaultCatalog(t)
	c := newCompiler(&rulefmt.Pack{}, cat, &yamlsrc.List{})
	m := shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "ocean", "Acme", 25, "N-(3,4-dichlorophenyl)piperidin-4-amine")
	var env Env
	en := Enrichment{Items: make([]chemicals.Result, 1)}
	env.reset(m, en, c.lists)
	env.addStructures(en.Structures, newStructureIndex(cat))
	for _, cond := range []string{`structureFamily("4-ap")`, `derivativeOf("4-ap")`, `controlledDerivative()`, `hasFamily("4-ap")`} {
		prog, _ := c.condition(rulefmt.Expr{Text: cond, What: "when"}, "test")
		if got, err := expr.Run(prog, &env); err != nil || got != false {
			t.Errorf("%s = %v, %v without structures", cond, got, err)
		}
	}
}

// A hit on a structure match explains itself: the evidence carries the
// resolved SMILES and InChIKey, the pattern, its meaning and legal text, and
// the alert's matches list the structure matches.
func TestStructureEvidenceAndAlert(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	cat := e.Catalog()
	desc := "N-(3,4-dichlorophenyl)piperidin-4-amine 98% min, 25 kg drum"
	m := shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "ocean", "Acme", 25, desc)
	en := e.Enrich(m)
	en.Structures = [][]structure.Finding{{finding(t, cat, desc, "N-(3,4-dichlorophenyl)piperidin-4-amine", dichloro4AP, "4-ap/core")}}
	r := e.Score(m, en)
	var hit *Hit
	for i := range r.Hits {
		if r.Hits[i].RuleID == "STR-001" {
			hit = &r.Hits[i]
		}
	}
	if hit == nil {
		t.Fatalf("STR-001 did not fire: %+v", r.Hits)
	}
	p := cat.FamilyPatterns("4-ap")[0]
	want := StructureEvidence{SMILES: dichloro4AP.SMILES, InChIKey: dichloro4AP.InChIKey, Formula: dichloro4AP.Formula,
		Pattern: "4-ap/core", Meaning: p.Meaning, Legal: p.Legal}
	found := false
	for _, ev := range hit.Evidence {
		if ev.Structure != nil && *ev.Structure == want && ev.Method == MethodStructure && ev.Family == "4-ap" && ev.Chemical == "" && ev.Line == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("STR-001 evidence has no structure %+v: %+v", want, hit.Evidence)
	}
	a := e.Alert([]byte("raw"), m, en, r)
	js := string(a.AppendJSON(nil))
	for _, s := range []string{`"method":"structure"`, `"smiles":"C1=C(C=C(C(=C1)Cl)Cl)NC2CCNCC2"`, `"pattern":"4-ap/core"`,
		`"inchikey":"DIERXBUIDJOGAB-UHFFFAOYSA-N"`, `"legal":`} {
		if strings.Count(js, s) < 2 { // in the hit's evidence and in matches
			t.Errorf("alert JSON has %s %d times, want in evidence and matches:\n%s", s, strings.Count(js, s), js)
		}
	}
}

func TestStructureIdentity(t *testing.T) {
	idx := newStructureIndex(structureCatalog(t))
	for _, tt := range []struct {
		key  string
		want string
		conf float64
	}{
		{nppByName.InChIKey, "npp", identityConfidence},
		{bmkGlycidateStereo.InChIKey, "bmk-ethyl-glycidate", stereoConfidence},
		{dichloro4AP.InChIKey, "", 0},
		{"", "", 0},
		{"not-a-key", "", 0},
	} {
		e, conf := idx.identity(&structure.Structure{InChIKey: tt.key})
		got := ""
		if e != nil {
			got = e.ID
		}
		if got != tt.want || conf != tt.conf {
			t.Errorf("identity(%q) = %q %v, want %q %v", tt.key, got, conf, tt.want, tt.conf)
		}
	}
}
