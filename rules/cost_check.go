package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// checkCost bounds the cost of a compiled condition (cost.go): over the
// pack's budget it is an error at the outermost loop of the dominating
// chain; loops over the items nested two deep or more, within the budget,
// are a warning. It reports whether the condition is within the budget.
func (c *compiler) checkCost(prog *vm.Program, src rulefmt.Expr, subject string) bool {
	b := newCostWalker(c.costModel).cost(prog.Node())
	at := src.Position(-1)
	if len(b.loops) > 0 {
		at = src.Position(b.loops[0].from)
	}
	switch {
	case b.steps > float64(c.costBudget):
		c.ds.Errorf(at, subject, "%s: cost bound %s steps on a shipment of %d items is over the pack's cost_budget of %s%s",
			src.What, steps(b.steps), manifest.MaxItems, steps(float64(c.costBudget)), b.describe(src))
		return false
	case b.itemDepth() >= 2:
		c.ds.Warnf(at, subject, "%s: cost bound %s steps on a shipment of %d items%s",
			src.What, steps(b.steps), manifest.MaxItems, b.describe(src))
	}
	return true
}

// describe explains the dominating chain of loops, outermost first: what
// each walks and where (line:col in src's file), and the growth in items.
func (b costBound) describe(src rulefmt.Expr) string {
	if len(b.loops) == 0 {
		return ""
	}
	var s strings.Builder
	s.WriteString(": ")
	for i, l := range b.loops {
		if i > 0 {
			s.WriteString(", in it ")
		}
		p := src.Position(l.from)
		verb := "over"
		if strings.HasSuffix(l.builtin, "()") {
			verb = "walking"
		}
		fmt.Fprintf(&s, "%s %s %s at %d:%d", l.builtin, verb, l.over, p.Line, p.Col)
	}
	switch d := b.itemDepth(); {
	case d == 2:
		s.WriteString(" (iteration over the items nested in iteration over the items: quadratic in the items)")
	case d > 2:
		fmt.Fprintf(&s, " (iteration over the items nested %d deep: the items to the power %d)", d, d)
	}
	return s.String()
}

// steps formats a step count: exact below a million, else 4.2e+09.
func steps(n float64) string {
	if n < 1e6 {
		return strconv.FormatFloat(n, 'f', 0, 64)
	}
	return strconv.FormatFloat(n, 'e', 1, 64)
}
