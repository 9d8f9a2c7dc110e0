package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// Guards are shipment facts without which a condition is provably false.
// Most shipments are benign and match nothing in the catalog, so a rule
// that needs a confident match costs nothing for them: Score leaves it out
// of the evaluation instead of running it.
//
// A condition needs a fact when, with the fact absent, it evaluates to
// false without an error. The analysis is conservative: it looks at the
// top-level `and` chain (through macros) for a helper call that is false
// without the fact, taking a conjunct into account only when every
// conjunct before it is safe (cannot fail at run time), so that skipping
// the rule never hides a RuleError; `or` needs what both sides need;
// anything else (not, conditionals, comprehensions) needs nothing.
//
// needHS is the one fact that depends on the ruleset: hsDeclared(p...) is
// false unless some item's HS code starts with one of p, so the fact is
// "some item's code starts with a prefix of hsGuard", where hsGuard is
// the union of the arguments of every hsDeclared call the analysis
// counted. Without the fact each of those calls is false.
type guard uint8

const (
	// needMatch: some item matched the catalog with confidence >=
	// minConfidence.
	needMatch guard = 1 << iota
	// needBadCAS: some item carries a CAS number with a wrong check digit.
	needBadCAS
	// needParty: some party has a list hit no exception clears.
	needParty
	// needHS: some item's declared HS code starts with a prefix of the
	// ruleset's hsGuard (hsDeclared, see above).
	needHS

	guardStates = 16 // every combination of the facts above
)

// guardOf returns what a condition needs; 0 when nothing is provable.
// When that includes needHS, the prefixes it rests on are added to
// c.hsGuard.
func (c *compiler) guardOf(text string) guard {
	tree, err := parser.Parse(text)
	if err != nil {
		return 0
	}
	a := guardAnalysis{c: c}
	g := a.needs(tree.Node)
	if g&needHS != 0 {
		c.hsGuard = append(c.hsGuard, a.hs...)
	}
	return g
}

// guardAnalysis walks a parsed condition, expanding macros as the patcher
// does. depth bounds the expansion (macros are cycle-free by then; the
// bound is a safety net). hs collects the arguments of the hsDeclared
// calls that needHS rests on.
type guardAnalysis struct {
	c     *compiler
	depth int
	hs    []string
}

func (a *guardAnalysis) needs(n ast.Node) guard {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			g := a.needs(n.Left)
			if a.safe(n.Left) {
				g |= a.needs(n.Right)
			}
			return g
		case "||", "or":
			mark := len(a.hs)
			g := a.needs(n.Left) & a.needs(n.Right)
			if g&needHS == 0 {
				a.hs = a.hs[:mark] // neither side's prefixes are needed
			}
			return g
		case ">", ">=":
			return a.positiveTotal(n)
		}
	case *ast.CallNode:
		if fn := a.helperCall(n); fn != nil && !fn.impl.number {
			return a.callNeeds(fn, n)
		}
	case *ast.IdentifierNode:
		if tree := a.macro(n.Value); tree != nil {
			a.depth++
			defer func() { a.depth-- }()
			return a.needs(tree)
		}
	}
	return 0
}

// callNeeds is what a call of fn with literal arguments needs; for
// needHS it records the arguments, the prefixes the fact rests on, and
// drops the fact when they cannot be read.
func (a *guardAnalysis) callNeeds(fn *function, n *ast.CallNode) guard {
	if fn.needs&needHS == 0 {
		return fn.needs
	}
	mark := len(a.hs)
	for _, arg := range n.Arguments {
		s, ok := arg.(*ast.StringNode)
		if !ok { // hsDeclared takes strings only: not compiled
			a.hs = a.hs[:mark]
			return fn.needs &^ needHS
		}
		a.hs = append(a.hs, s.Value)
	}
	return fn.needs
}

// positiveTotal: a number helper that is 0 without some facts (totalKg("x"),
// kgOf(...)) compared > c with c >= 0, or >= c with c > 0, is false without
// them.
func (a *guardAnalysis) positiveTotal(n *ast.BinaryNode) guard {
	call, ok := n.Left.(*ast.CallNode)
	if !ok {
		return 0
	}
	fn := a.helperCall(call)
	if fn == nil || !fn.impl.number || fn.needs == 0 {
		return 0
	}
	var v float64
	switch r := n.Right.(type) {
	case *ast.IntegerNode:
		v = float64(r.Value)
	case *ast.FloatNode:
		v = r.Value
	default:
		return 0
	}
	if v > 0 || (v == 0 && n.Operator == ">") {
		return fn.needs
	}
	return 0
}

// helperCall returns the helper a call names when every argument is safe
// (so the call cannot fail: no helper fails on literal arguments), or nil.
func (a *guardAnalysis) helperCall(n *ast.CallNode) *function {
	fn := calledHelper(n)
	if fn == nil {
		return nil
	}
	for _, arg := range n.Arguments {
		if !a.literal(arg) {
			return nil
		}
	}
	return fn
}

// literal: a string or number literal, an array of them or lists.NAME.
func (a *guardAnalysis) literal(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode:
		return true
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			if !a.literal(e) {
				return false
			}
		}
		return true
	case *ast.MemberNode:
		return a.listRef(n)
	}
	return false
}

// listRef: lists.NAME of a list of the pack.
func (a *guardAnalysis) listRef(n *ast.MemberNode) bool {
	id, ok := n.Node.(*ast.IdentifierNode)
	prop, ok2 := n.Property.(*ast.StringNode)
	if !ok || !ok2 || id.Value != "lists" || a.macro("lists") != nil {
		return false
	}
	_, known := a.c.lists[prop.Value]
	return known
}

// safe reports whether evaluating n cannot fail: literals, fields, party
// fields, lists, equality and membership in literal lists, logic over safe
// operands and helper calls with literal arguments.
func (a *guardAnalysis) safe(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode:
		return true
	case *ast.IdentifierNode:
		if tree := a.macro(n.Value); tree != nil {
			a.depth++
			defer func() { a.depth-- }()
			return a.safe(tree)
		}
		return envFields[n.Value] && !a.c.macroNames[n.Value]
	case *ast.MemberNode:
		return a.listRef(n) || a.partyField(n)
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			if !a.safe(e) {
				return false
			}
		}
		return true
	case *ast.UnaryNode:
		return (n.Operator == "!" || n.Operator == "not") && a.safe(n.Node)
	case *ast.BinaryNode:
		switch n.Operator {
		case "==", "!=", "&&", "and", "||", "or":
			return a.safe(n.Left) && a.safe(n.Right)
		case "in", "not in":
			return a.safe(n.Left) && a.collection(n.Right)
		}
	case *ast.CallNode:
		return a.helperCall(n) != nil
	}
	return false
}

// collection: an array literal or lists.NAME (what `in` may search).
func (a *guardAnalysis) collection(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ArrayNode:
		return a.safe(n)
	case *ast.MemberNode:
		return a.listRef(n)
	}
	return false
}

// partyField: shipper.name and the like.
func (a *guardAnalysis) partyField(n *ast.MemberNode) bool {
	id, ok := n.Node.(*ast.IdentifierNode)
	prop, ok2 := n.Property.(*ast.StringNode)
	if !ok || !ok2 || n.Optional || a.c.macroNames[id.Value] {
		return false
	}
	switch id.Value {
	case "shipper", "consignee", "notify_party":
	default:
		return false
	}
	switch prop.Value {
	case "name", "address", "country":
		return true
	}
	return false
}

// macro returns the parsed tree of a usable macro, or nil.
func (a *guardAnalysis) macro(name string) ast.Node {
	m := a.c.macros[name]
	if m == nil || a.c.badMacros[name] || a.depth > len(a.c.macros) {
		return nil
	}
	tree, err := parser.Parse(m.When.Text)
	if err != nil {
		return nil
	}
	return tree.Node
}
