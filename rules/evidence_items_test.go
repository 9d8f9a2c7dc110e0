package rules

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestTypedFiltersMatchPlain compares the item filters with the typed
// rewrites (typedFilters) with the plain ones on benign and risky
// shipments: the same items selected, the same error, the same steps
// charged to the run-time budget, and the same Score result.
func TestTypedFiltersMatchPlain(t *testing.T) {
	typedFilters = false
	plain, err := LoadEngine("", "")
	typedFilters = true
	if err != nil {
		t.Fatal(err)
	}
	typed, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	selected := 0
	for _, raw := range mixedEvents(200) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		en := typed.Enrich(m)
		for i, r := range typed.rs.rules {
			pr := plain.rs.rules[i]
			if len(r.itemFilters) != len(pr.itemFilters) {
				t.Fatalf("%s: %d typed filters, %d plain", r.id, len(r.itemFilters), len(pr.itemFilters))
			}
			for j := range r.itemFilters {
				got, n := runFilter(typed, r.itemFilters[j], m, en)
				want, _ := runFilter(plain, pr.itemFilters[j], m, en)
				if got != want {
					t.Fatalf("%s: %s filter %d: typed %s, plain %s", m.ShipmentID, r.id, j, got, want)
				}
				selected += n
			}
		}
		if got, want := typed.Score(m, en), plain.Score(m, en); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: typed filters %+v\nplain %+v", m.ShipmentID, got, want)
		}
	}
	if selected == 0 {
		t.Fatal("no filter selected an item: the comparison proves nothing")
	}
}

// runFilter runs an item filter on a fresh budget and describes the
// indexes of the items it selected, its error and the steps it charged;
// n is how many items it selected.
func runFilter(e *Engine, p *vm.Program, m *manifest.Manifest, en Enrichment) (string, int) {
	st := e.pool.Get().(*evalState)
	defer e.pool.Put(st)
	st.env.reset(m, en, e.rs.lists)
	st.env.addStructures(en.Structures, e.structs)
	st.env.facts.budget.begin(context.Background(), e.timeout, e.rs.stepLimit)
	out, err := st.run(p)
	var idx []int
	items, _ := out.([]any)
	for _, x := range items {
		for i, it := range st.env.Items {
			if it == x {
				idx = append(idx, i)
			}
		}
	}
	return fmt.Sprintf("items %v, error %v, %d steps", idx, err, st.env.facts.budget.steps), len(idx)
}

// TestTypedFiltersMatchPlainHelpers is TestTypedFiltersMatchPlain for item
// predicates the default pack does not have: helper calls (charged to the
// budget), lists and string operands.
func TestTypedFiltersMatchPlainHelpers(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	preds := []string{
		`hsDeclared("2933", "29") && .kg > 1`,
		`descriptionHas("acid", "piperidone") && .hs_code[:2] in lists.lane`,
		`hasFamily("fentanyl") || hasRole("precursor") || itemsCount() > 2`,
		`lower(.description) contains "acid" && anyControlled()`,
		`.hs_code[:4] in ["2933", "2939"] || any(.matches, .chemical in ["NPP", "ANPP"])`,
		`transits("HK", "NL") || partyListed("shipper")`,
	}
	pack := &rulefmt.Pack{Lists: []rulefmt.List{{Name: "lane", Values: []string{"29", "30"}}}}
	filters := func(typed bool) []*vm.Program {
		defer func() { typedFilters = true }()
		typedFilters = typed
		c := newCompiler(pack, e.cat, new(yamlsrc.List))
		return c.itemFilters(preds)
	}
	typed, plain := filters(true), filters(false)
	if len(typed) != len(preds) || len(plain) != len(preds) {
		t.Fatalf("%d typed filters, %d plain, want %d", len(typed), len(plain), len(preds))
	}
	selected := 0
	for _, raw := range mixedEvents(200) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		en := e.Enrich(m)
		for j := range preds {
			got, n := runFilter(e, typed[j], m, en)
			want, _ := runFilter(e, plain[j], m, en)
			if got != want {
				t.Fatalf("%s: %s: typed %s, plain %s", m.ShipmentID, preds[j], got, want)
			}
			selected += n
		}
	}
	if selected == 0 {
		t.Fatal("no filter selected an item: the comparison proves nothing")
	}
}
