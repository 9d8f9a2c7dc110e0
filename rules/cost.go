package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// The static cost bound of a condition: an upper bound, in steps, on the
// work of one evaluation for the largest shipment the decoder accepts. A
// step is one node of the condition evaluated once, one element a builtin
// walks (all, any, filter, map, count, sum, find, sortBy, ..., the
// operator in over an array) or the declared cost of a helper call (see
// helperCost). Nested iteration multiplies: any(items, all(items, ...))
// at 1,000 items is 10^6 steps, three levels 10^9.
//
// The bound is computed on the compiled tree, after macro expansion and
// the patcher's rewrites, so it covers what really runs. Collections are
// bounded by the reference shipment (costModel); a collection the walker
// cannot size counts as unknownLen elements.

// costModel gives the sizes of the reference shipment: the largest the
// decoder accepts, with every item matching every catalog entry in both
// fields.
type costModel struct {
	items, matches, chemicals, families, route, text float64
}

// unknownLen bounds a collection of unknown size (split of a description,
// keys of a map): the longest description.
const unknownLen = manifest.MaxDescriptionLen

// textBytesPerStep is how many bytes of description text a helper scans
// per step (a byte scan is far cheaper than a VM instruction).
const textBytesPerStep = 64

func newCostModel(cat *chemicals.Catalog) costModel {
	entries, fams := 100, 100 // without a catalog: a generous guess
	if cat != nil {
		entries, fams = len(cat.Entries), len(familiesOf(cat))
	}
	return costModel{
		items:     manifest.MaxItems,
		matches:   2 * float64(entries), // one per entry and field at most
		chemicals: float64(entries),
		families:  float64(fams),
		route:     manifest.MaxItems,
		text:      manifest.MaxEventBytes/textBytesPerStep + manifest.MaxItems,
	}
}

func familiesOf(cat *chemicals.Catalog) map[string]bool {
	fams := map[string]bool{}
	for _, e := range cat.Entries {
		fams[e.Family] = true
	}
	return fams
}

// costBound is the result of costing a node: the bound and the chain of
// nested loops that dominates it, outermost first.
type costBound struct {
	steps float64
	loops []loopAt
}

// loopAt is one iteration of a cost chain: the builtin, what it walks,
// where it is in the condition text, and whether its length grows with
// the number of items.
type loopAt struct {
	builtin, over string
	from          int
	perItem       bool
}

// itemDepth is how many loops of the chain walk a collection that grows
// with the number of items: 2 is quadratic in the items.
func (c costBound) itemDepth() int {
	n := 0
	for _, l := range c.loops {
		if l.perItem {
			n++
		}
	}
	return n
}

// collection is a bound on a collection's length, what it is (for
// messages) and whether it grows with the number of items.
type collection struct {
	n       float64
	what    string
	perItem bool
}

// costWalker costs a compiled condition tree.
type costWalker struct {
	m    costModel
	vars map[string]collection // let bindings in scope
}

func newCostWalker(m costModel) *costWalker {
	return &costWalker{m: m, vars: map[string]collection{}}
}

// cost returns the bound of evaluating n once.
func (w *costWalker) cost(n ast.Node) costBound {
	switch n := n.(type) {
	case nil:
		return costBound{}
	case *ast.BuiltinNode:
		return w.builtin(n)
	case *ast.CallNode:
		return w.call(n)
	case *ast.SequenceNode:
		if c, ok := charged(n); ok {
			return w.cost(c)
		}
		return w.sum(n.Nodes...)
	case *ast.ConditionalNode:
		b := w.cost(n.Cond).plus(1)
		return b.then(maxBound(w.cost(n.Exp1), w.cost(n.Exp2)))
	case *ast.BinaryNode:
		b := w.sum(n.Left, n.Right).plus(1)
		if n.Operator == "in" || n.Operator == "not in" {
			if _, isMap := constantMap(n.Right); !isMap {
				b = b.plus(w.length(n.Right).n)
			}
		}
		return b
	case *ast.VariableDeclaratorNode:
		val := w.cost(n.Value)
		prev, had := w.vars[n.Name]
		w.vars[n.Name] = w.length(n.Value)
		body := w.cost(n.Expr)
		if had {
			w.vars[n.Name] = prev
		} else {
			delete(w.vars, n.Name)
		}
		return val.then(body)
	}
	return w.children(n).plus(1)
}

// children sums the costs of a node's direct children.
func (w *costWalker) children(n ast.Node) costBound {
	var kids []ast.Node
	switch n := n.(type) {
	case *ast.UnaryNode:
		kids = []ast.Node{n.Node}
	case *ast.ChainNode:
		kids = []ast.Node{n.Node}
	case *ast.MemberNode:
		kids = []ast.Node{n.Node, n.Property}
	case *ast.SliceNode:
		kids = []ast.Node{n.Node, n.From, n.To}
	case *ast.PredicateNode:
		kids = []ast.Node{n.Node}
	case *ast.ArrayNode:
		kids = n.Nodes
	case *ast.MapNode:
		kids = n.Pairs
	case *ast.PairNode:
		kids = []ast.Node{n.Key, n.Value}
	}
	return w.sum(kids...)
}

func (w *costWalker) sum(nodes ...ast.Node) costBound {
	var b costBound
	for _, n := range nodes {
		b = b.then(w.cost(n))
	}
	return b
}

// call costs a helper call by the helper table, any other call (the
// patcher's set lookups and string helpers) as one step per argument.
func (w *costWalker) call(n *ast.CallNode) costBound {
	b := w.sum(n.Arguments...).plus(1)
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return b
	}
	f, list := functionByInternal(id.Value)
	if f == nil {
		return b
	}
	args := 0.0 // the patcher passes $env first; a list counts its elements
	for _, a := range n.Arguments[1:] {
		if list || isList(a) {
			args += w.length(a).n
		} else {
			args++
		}
	}
	call := f.cost.bound(w.m, args)
	if f.cost.walks != sizeOne && call > b.steps {
		b.loops = []loopAt{{builtin: f.Name + "()", over: f.cost.walks.String(), from: n.Location().From}}
	}
	return b.plus(call)
}

// isList reports whether a helper argument is a list literal or a list
// of the pack (a constant after patching).
func isList(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ArrayNode:
		return true
	case *ast.ConstantNode:
		_, ok := n.Value.([]any)
		return ok
	}
	return false
}

// predicateBuiltins walk their first argument, evaluating a predicate
// (their second) per element.
var predicateBuiltins = map[string]bool{
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true, "count": true,
	"sum": true, "find": true, "findIndex": true, "findLast": true, "findLastIndex": true,
	"groupBy": true, "sortBy": true, "reduce": true,
}

// walkingBuiltins walk their first argument without a predicate.
var walkingBuiltins = map[string]bool{
	"count": true, "sum": true, "mean": true, "median": true, "min": true, "max": true, "sort": true,
	"uniq": true, "join": true, "reverse": true, "concat": true, "flatten": true, "keys": true,
	"values": true, "toPairs": true, "fromPairs": true, "toJSON": true, "groupBy": true,
}

func (w *costWalker) builtin(n *ast.BuiltinNode) costBound {
	if len(n.Arguments) >= 2 && predicateBuiltins[n.Name] {
		if _, ok := n.Arguments[1].(*ast.PredicateNode); ok {
			coll := w.length(n.Arguments[0])
			per := w.cost(n.Arguments[1]).then(w.cost(n.Map)).plus(1)
			for _, extra := range n.Arguments[2:] {
				per = per.then(w.cost(extra))
			}
			b := w.cost(n.Arguments[0])
			loop := costBound{steps: coll.n * per.steps,
				loops: append([]loopAt{{builtin: n.Name, over: coll.what, from: n.Location().From, perItem: coll.perItem}}, per.loops...)}
			return b.then(loop)
		}
	}
	b := w.sum(n.Arguments...).plus(1)
	if len(n.Arguments) > 0 && walkingBuiltins[n.Name] {
		b = b.plus(w.length(n.Arguments[0]).n)
	}
	return b
}

// length bounds the number of elements of the collection n evaluates to.
func (w *costWalker) length(n ast.Node) collection {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if c, ok := w.vars[n.Value]; ok {
			return c
		}
		switch n.Value {
		case "items":
			return collection{w.m.items, "items", true}
		case "route":
			return collection{w.m.route, "route", false}
		case "chemicals":
			return collection{w.m.chemicals, "chemicals", false}
		case "families":
			return collection{w.m.families, "families", false}
		}
	case *ast.MemberNode:
		if p, ok := n.Property.(*ast.StringNode); ok && p.Value == "matches" {
			return collection{w.m.matches, "matches", false}
		}
	case *ast.ConstantNode:
		if v := reflect.ValueOf(n.Value); v.Kind() == reflect.Slice || v.Kind() == reflect.Array || v.Kind() == reflect.Map {
			return collection{float64(v.Len()), "a list", false}
		}
	case *ast.ArrayNode:
		return collection{float64(len(n.Nodes)), "an array", false}
	case *ast.SequenceNode:
		if len(n.Nodes) > 0 {
			return w.length(n.Nodes[len(n.Nodes)-1])
		}
	case *ast.ConditionalNode:
		a, b := w.length(n.Exp1), w.length(n.Exp2)
		if b.n > a.n {
			return b
		}
		return a
	case *ast.BuiltinNode:
		switch n.Name {
		case "filter", "map", "sortBy", "sort", "uniq", "reverse":
			if len(n.Arguments) > 0 {
				c := w.length(n.Arguments[0])
				c.what = n.Name + "(" + c.what + ")"
				return c
			}
		}
	case *ast.BinaryNode:
		if n.Operator == ".." {
			return w.rangeLength(n)
		}
	}
	return collection{unknownLen, "a collection", false}
}

// rangeLength bounds a..b: a range is built before it is walked and
// counts against expr's memory budget, so a longer one fails first.
func (w *costWalker) rangeLength(n *ast.BinaryNode) collection {
	lo, ok1 := n.Left.(*ast.IntegerNode)
	hi, ok2 := n.Right.(*ast.IntegerNode)
	if ok1 && ok2 {
		return collection{float64(min(max(hi.Value-lo.Value+1, 0), memoryBudget)), "a range", false}
	}
	return collection{memoryBudget, "a range", false}
}

func constantMap(n ast.Node) (any, bool) {
	k, ok := n.(*ast.ConstantNode)
	if !ok {
		return nil, false
	}
	return k.Value, reflect.ValueOf(k.Value).Kind() == reflect.Map
}

func (c costBound) plus(steps float64) costBound {
	c.steps += steps
	return c
}

// then adds o's cost, keeping the chain of the larger part.
func (c costBound) then(o costBound) costBound {
	loops := c.loops
	if o.steps > c.steps {
		loops = o.loops
	}
	return costBound{steps: c.steps + o.steps, loops: loops}
}

func maxBound(a, b costBound) costBound {
	if b.steps > a.steps {
		return b
	}
	return a
}
