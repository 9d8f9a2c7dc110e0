package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// typedConditions use the helpers with literal and non-literal arguments,
// and the rewritten idioms; TestTypedBatch adds every helper's example.
var typedConditions = []string{
	`hasChemical("4-ap", "npp")`, `hasChemical("aniline")`, `hasFamily("4-piperidone")`,
	`hasFamily("npp", "p2p")`, `hasRole("precursor", "reagent")`, `hasRole(lists.roles[0])`,
	`controlledIn("US")`, `controlledIn(destination)`, `anyControlled()`, `watchlisted()`,
	`route(["CN", "HK"], ["MX"])`, `route(lists.origins, [])`, `transits("SG", "PA")`,
	`hsDeclared("2933", "29")`, `hsDeclared("2933.39")`, `hsMismatch()`, `casInvalid()`,
	`totalKg("4-ap") > 0`, `totalKg("ephedrine") + totalKg("pseudoephedrine") >= 25`,
	`descriptionHas("research chemical", "white powder")`, `descriptionHas("powder")`,
	`maxConfidence("npp") >= 0.3`, `itemsCount() == 1`, `hasMethod("cas")`, `hasMethod(lists.methods[0])`,
	`any(lists.origins, transits(#))`, `any(lists.words, descriptionHas(#))`,
	`origin in lists.origins && destination not in lists.origins`,
	`let n = lower(shipper.name + " | " + consignee.name + " " + origin); any(lists.words, {n contains #})`,
	`let x = "pharma"; lower(x + consignee.name) contains "pharma"`,
	`any(items, {let d = lower(.description); any(lists.words, {d contains #})})`,
}

// TestTypedBatch checks that a batch program of typedConditions (helpers
// called through typed closures) decides as each condition compiled on its
// own, on benign and risky shipments.
func TestTypedBatch(t *testing.T) {
	e := testEngine(t)
	defs := &rulefmt.Pack{Lists: []rulefmt.List{
		{Name: "origins", Values: []string{"CN", "HK", "IN"}},
		{Name: "roles", Values: []string{"precursor"}},
		{Name: "methods", Values: []string{"name"}},
		{Name: "words", Values: []string{"powder", "acid", "ltd", "chemical", "co"}},
	}}
	c := newCompiler(defs, e.cat, &yamlsrc.List{})
	conditions := slices.Clone(typedConditions)
	for _, f := range functions { // every helper, the new ones too
		conditions = append(conditions, f.Example)
	}
	rules := make([]*rule, len(conditions))
	idx := make([]int, len(conditions))
	for i, text := range conditions {
		prog, _ := c.condition(rulefmt.Expr{Text: text}, "rule")
		if prog == nil {
			t.Fatalf("%s: %v", text, *c.ds)
		}
		rules[i], idx[i] = &rule{id: fmt.Sprint(i), text: text, prog: prog}, i
	}
	batch := c.compileBatch(rules, idx)
	if batch == nil {
		t.Fatal("no batch program")
	}
	if dis := batch.prog.Disassemble(); strings.Count(dis, "OpCallTyped") < len(conditions)+20 { // a mark per condition, most helpers
		t.Errorf("few typed calls:\n%s", dis)
	}
	held := make([]int, len(rules))
	st := &evalState{}
	for _, raw := range mixedEvents(150) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		st.env.reset(m, e.Enrich(m), c.lists)
		st.env.facts.budget.begin(context.Background(), DefaultEventTimeout, rulefmt.DefaultCostBudget)
		marks, err := st.runBatch(batch.prog, len(rules))
		if err != nil {
			t.Fatalf("%s: batch failed: %v", m.ShipmentID, err)
		}
		marks = append([]bool(nil), marks...)
		for i, r := range rules {
			want, err := st.eval(r.prog)
			if err != nil || marks[i] != want {
				t.Fatalf("%s: %s: batch %v, alone %v (%v)", m.ShipmentID, r.text, marks[i], want, err)
			}
			if want {
				held[i]++
			}
		}
	}
	for i, n := range held {
		if n == 0 && i < len(typedConditions) && !strings.Contains(conditions[i], "transits") {
			t.Errorf("%s never held: the comparison proves little", conditions[i])
		}
	}
}
