package rules

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// runawayPack holds the cubic rule forced past lint (cost_budget
// raised), between rules that must still decide: one before it, one after
// it that needs no step, one after it that does.
func runawayPack(t testing.TB) *Engine {
	t.Helper()
	fsys := fstest.MapFS{
		rulefmt.SettingsFile: {Data: []byte("name: runaway\nversion: \"1\"\ncost_budget: 100_000_000_000\n")},
		"r.yaml": {Data: []byte(`rules:
  - id: R-001
    title: before
    score: 50
    when: hasChemical("4-ap")
  - id: R-002
    title: the issue's rule
    score: 10
    when: all(items, {all(items, {all(items, {.line > 0})})})
  - id: R-003
    title: after, no step
    score: 50
    when: destination == "MX"
  - id: R-004
    title: after, walks the items
    score: 10
    when: any(items, .kg > 1)
`)},
	}
	cat := defaultCatalog(t)
	rs, ds, err := LoadRulesetFS(fsys, "runaway", cat)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if w := ds.Warnings(); len(w) != 1 || !strings.Contains(w[0].Message, "the items to the power 3") {
		t.Fatalf("warnings = %v, want the cubic rule's cost", w)
	}
	return NewEngine(cat, rs).WithEventTimeout(100 * time.Millisecond)
}

// thousandItems is the largest shipment: 1,000 items of 4-AP to Mexico.
func thousandItems(t testing.TB, cat *chemicals.Catalog) (*manifest.Manifest, Enrichment) {
	ids := make([]string, manifest.MaxItems)
	descs := make([]string, manifest.MaxItems)
	for i := range ids {
		ids[i], descs[i] = "4-ap", "4-anilinopiperidine"
	}
	return shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "ocean", "Acme", 25, descs...),
		matched(t, cat, chemicals.HSConsistent, ids...)
}

// TestRunawayRuleStopped: the rule, forced past lint, on a
// 1,000-item manifest is stopped at the shipment's time budget and
// recorded as its RuleError; the rules before it keep their result, a
// rule after it that needs no step still decides, and one that does is
// reported as not evaluated. (Before the budget this ran for about a
// minute.)
func TestRunawayRuleStopped(t *testing.T) {
	e := runawayPack(t)
	m, en := thousandItems(t, e.Catalog())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	res := e.Score(m, en)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	t.Logf("scored in %v, %d KiB allocated", took, (after.TotalAlloc-before.TotalAlloc)>>10)
	if took > time.Second {
		t.Errorf("scoring took %v, want about the 100ms budget", took)
	}
	if got := hitIDs(res.Hits); strings.Join(got, ",") != "R-001,R-003" {
		t.Errorf("hits = %v, want R-001 and R-003", got)
	}
	if len(res.RuleErrors) != 2 || res.RuleErrors[0].RuleID != "R-002" || res.RuleErrors[1].RuleID != "R-004" {
		t.Fatalf("rule errors = %+v, want R-002 stopped and R-004 not evaluated", res.RuleErrors)
	}
	if msg := res.RuleErrors[0].Error; !strings.HasPrefix(msg, "evaluation stopped after") || !strings.Contains(msg, "time budget") {
		t.Errorf("R-002: %q", msg)
	}
	if msg := res.RuleErrors[1].Error; !strings.HasPrefix(msg, "not evaluated") {
		t.Errorf("R-004: %q", msg)
	}
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
		t.Errorf("scoring allocated %d MiB", mb)
	}
}

// TestRunawayRuleCancelled: cancelling the context stops the evaluation
// at once, long before the time budget.
func TestRunawayRuleCancelled(t *testing.T) {
	e := runawayPack(t).WithEventTimeout(time.Hour)
	m, en := thousandItems(t, e.Catalog())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	res := e.ScoreContext(ctx, m, en)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("cancelled scoring took %v", took)
	}
	if len(res.RuleErrors) == 0 || res.RuleErrors[0].RuleID != "R-002" || !strings.Contains(res.RuleErrors[0].Error, "cancelled") {
		t.Errorf("rule errors = %+v, want R-002 cancelled", res.RuleErrors)
	}
}

// TestStepLimit: the step limit stops a condition deterministically, by
// the steps its loops and helpers charge, whatever the clock says.
func TestStepLimit(t *testing.T) {
	cat := defaultCatalog(t)
	c := newCompiler(&rulefmt.Pack{}, cat, new(yamlsrc.List))
	prog, _ := c.condition(rulefmt.Expr{Text: `any(items, {any(items, {.kg < 0})}) || hsDeclared("29")`, What: "when"}, "t")
	if prog == nil {
		t.Fatalf("compile: %v", *c.ds)
	}
	m, en := thousandItems(t, cat)
	for _, tt := range []struct {
		limit int64
		ok    bool
	}{
		{999, false},              // the outer loop charges 1,000 at once
		{1000 + 1000*1000, false}, // and each inner loop 1,000: hsDeclared's 1,000 is one too many
		{1000 + 1000*1000 + 1000, true},
	} {
		st := &evalState{}
		st.env.reset(m, en, nil)
		st.env.facts.budget.begin(context.Background(), time.Hour, tt.limit)
		_, err := st.eval(prog)
		if tt.ok != (err == nil) {
			t.Errorf("limit %d: err = %v", tt.limit, err)
		}
		if err != nil && !strings.Contains(err.Error(), "over their limit of") {
			t.Errorf("limit %d: %v, want the step limit", tt.limit, err)
		}
	}
}

// TestDefaultPackCostBounds: every condition of the shipped pack is within
// the default budget and none iterates the items inside the items.
func TestDefaultPackCostBounds(t *testing.T) {
	ds, _, err := lintWith("", defaultCatalog(t), lintNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if strings.Contains(d.Message, "cost bound") {
			t.Errorf("%v", d)
		}
	}
	c := newCompiler(&rulefmt.Pack{}, defaultCatalog(t), new(yamlsrc.List))
	worst := 0.0
	for _, text := range []string{
		`any(items, any(.matches, .confidence >= 0.5 && .controlled && .family in ["a", "b"]))`,
	} {
		prog, _ := c.condition(rulefmt.Expr{Text: text, What: "when"}, "t")
		if prog == nil {
			t.Fatalf("compile %s: %v", text, *c.ds)
		}
		worst = max(worst, newCostWalker(c.costModel).cost(prog.Node()).steps)
	}
	t.Logf("walking every match of every item: %s steps (budget %d)", steps(worst), rulefmt.DefaultCostBudget)
}
