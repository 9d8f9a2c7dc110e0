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
	`hsDeclared("2933", "29")`, `hsDeclared("2933.39")`, `hsDeclared("x", "29.15", "")`, `hsMismatch()`, `casInvalid()`,
	`totalKg("4-ap") > 0`, `totalKg("ephedrine") + totalKg("pseudoephedrine") >= 25`,
	`descriptionHas("research chemical", "white powder")`, `descriptionHas("powder")`,
	`maxConfidence("npp") >= 0.3`, `itemsCount() == 1`, `hasMethod("cas")`, `hasMethod(lists.methods[0])`,
	`any(lists.origins, transits(#))`, `any(lists.words, descriptionHas(#))`,
	`origin in lists.origins && destination not in lists.origins`,
	`let n = lower(shipper.name + " | " + consignee.name + " " + origin); any(lists.words, {n contains #})`,
	`let x = "pharma"; lower(x + consignee.name) contains "pharma"`,
	`any(items, {let d = lower(.description); any(lists.words, {d contains #})})`,
	// string operands read without reflection (typedfields.go)
	`origin in lists.origins && consignee.country not in lists.origins`, `shipper.country in lists.origins`,
	`any(items, {.hs_code[:4] in lists.headings})`, `any(items, .hs_code[:2] in lists.chapters)`,
	`any(items, .hs_code[-4:-2] in lists.headings[0:1] || .hs_code[2:4] in ["33", "15"])`,
	`any(items, .hs_code[4:2] in [""] && .unit[:9] in ["kg"])`, `mode == "air" || "ocean" == mode`,
	`any(items, any(.matches, .field == "cas" && "reagent" != .role) && .unit != "lb")`, `any(items, .cas[-100:] in lists.cas)`,
	`any(items, any(.matches, .role[0:3] in ["pre"] && lower(.method) in lists.methods))`,
	`lower(shipper.name) contains "co"`, `any(items, {lower(#.description) contains "acid"})`,
	`any(items, {let d = lower(.description); .hs_code[:4] in lists.headings && any(lists.words, {d contains #})})`,
	`any(items, {let d = lower(.description); d != "" and .hs_code[:2] in lists.chapters})`,
	`let x = "acid"; any(items, {let d = lower(.description); d contains x && .hs_code[:2] in lists.chapters})`,
}

// typedFieldConditions are conditions of typedConditions whose string
// operands the batch program must read without expr's reflective field
// loads (no OpFetchField, OpLoadField or OpSlice left).
var typedFieldConditions = []string{
	`origin in lists.origins && consignee.country not in lists.origins`,
	`any(items, {let d = lower(.description); .hs_code[:4] in lists.headings && any(lists.words, {d contains #})})`,
	`any(items, any(.matches, .role[0:3] in ["pre"] && lower(.method) in lists.methods))`,
	`any(items, any(.matches, .field == "cas" && "reagent" != .role) && .unit != "lb")`,
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
		{Name: "headings", Values: []string{"2933", "2915", "2921", "2916", "2939"}},
		{Name: "chapters", Values: []string{"29", "28"}},
		{Name: "cas", Values: []string{"79-03-8", "62-53-3", "103-82-2"}},
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
