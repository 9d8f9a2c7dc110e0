package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// The batch programs (batch.go) call helpers through Go closures of the
// signatures expr's VM calls directly (OpCallTyped: func(any) bool, ...),
// with the literal arguments bound in the closure. Calls of functions
// registered with expr.Function instead copy their arguments into a
// buffer that every VM run sizes by scanning the whole program and
// allocates afresh; for a program holding every rule that cost more than
// most rules themselves.
//
// Only the batch programs are rewritten, after the rules compiled and
// type-checked on their own; a batch program that fails at run time falls
// back to the rules' own programs, so its error messages never surface.

// typedPatcher rewrites helper calls in a batch program. shadowed holds
// every name a let binds anywhere in the pack: those identifiers may not
// be the Env's fields.
type typedPatcher struct {
	shadowed map[string]bool
	// pure are the calls made here that cannot fail and have no effect
	// (typedLower): a let may compute them later (sinkLet).
	pure map[ast.Node]bool
}

func (p *typedPatcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BuiltinNode:
		if call := p.typedLower(n); call != nil {
			p.markPure(call)
			*node = call
		}
		return
	case *ast.VariableDeclaratorNode:
		p.sinkLet(node, n)
		return
	case *ast.BinaryNode:
		if call := p.typedCompare(n); call != nil {
			*node = call
		}
		return
	}
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	if id, ok := call.Callee.(*ast.IdentifierNode); ok && id.Value == inListName {
		if out := p.inListOperand(call); out != nil {
			*node = out
			return
		}
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	var fn any
	switch {
	case id.Value == markName:
		fn = typedMark(call)
	case id.Value == inListName:
		fn = typedInList(call)
	case id.Value == containsAnyName:
		fn = typedContainsAny(call)
	case id.Value == lowerConcatName:
		fn = p.typedLowerConcat(call)
	default:
		fn = typedHelper(id.Value, call)
	}
	if fn == nil {
		return
	}
	k := &ast.ConstantNode{Value: fn}
	k.SetLocation(call.Location())
	arg := call.Arguments[0] // $env, or the value inList and containsAny test
	out := &ast.CallNode{Callee: k, Arguments: []ast.Node{arg}}
	out.SetLocation(call.Location())
	*node = out
}

// envArg reports whether a call's first argument is $env and the rest
// are exactly n further arguments.
func envArg(call *ast.CallNode, n int) bool {
	if len(call.Arguments) != n+1 {
		return false
	}
	id, ok := call.Arguments[0].(*ast.IdentifierNode)
	return ok && id.Value == "$env"
}

// typedHelper returns the closure for a patched helper call
// (__name($env, literal...) or __name_list($env, [literal...])) from the
// helper's own fast path, or nil to leave the call alone.
func typedHelper(callee string, call *ast.CallNode) any {
	fn, list := functionByInternal(callee)
	if fn == nil || len(call.Arguments) == 0 || !envArg(call, len(call.Arguments)-1) {
		return nil
	}
	args := make([]any, 0, len(call.Arguments)-1)
	for _, a := range call.Arguments[1:] {
		v, ok := literalValue(a)
		if !ok {
			return nil
		}
		args = append(args, v)
	}
	if list {
		l, ok := args[0].([]any)
		if len(args) != 1 || !ok {
			return nil
		}
		args = l
	}
	return charging(fn, args, fn.impl.bind(args))
}

// charging wraps a helper's typed closure so that every call charges the
// helper's cost to the run-time budget (budget.go).
func charging(fn *function, args []any, closure any) any {
	cost, n := fn.cost, argCount(args)
	switch f := closure.(type) {
	case func(any) bool:
		return func(e any) bool { chargeHelper(env(e), cost, n); return f(e) }
	case func(any) int:
		return func(e any) int { chargeHelper(env(e), cost, n); return f(e) }
	case func(any) float64:
		return func(e any) float64 { chargeHelper(env(e), cost, n); return f(e) }
	}
	return nil
}

// literalValue is the value of a literal argument: a string, or a list
// (an array of string literals or a list of the pack) as []any.
func literalValue(n ast.Node) (any, bool) {
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value, true
	}
	l, ok := literalList(n)
	return l, ok
}

// literalList is an array of string literals or a list of the pack.
func literalList(n ast.Node) ([]any, bool) {
	switch n := n.(type) {
	case *ast.ConstantNode:
		l, ok := n.Value.([]any)
		return l, ok
	case *ast.ArrayNode:
		out := make([]any, len(n.Nodes))
		for i, e := range n.Nodes {
			s, ok := e.(*ast.StringNode)
			if !ok {
				return nil, false
			}
			out[i] = s.Value
		}
		return out, true
	}
	return nil, false
}

// typedMark: __mark($env, i).
func typedMark(call *ast.CallNode) any {
	if !envArg(call, 1) {
		return nil
	}
	i, ok := call.Arguments[1].(*ast.IntegerNode)
	if !ok {
		return nil
	}
	n := i.Value
	return func(e any) bool {
		env(e).facts.marks[n] = true // out of range panics: the batch falls back
		return true
	}
}

// typedInList: __inList(x, set), x the value tested.
func typedInList(call *ast.CallNode) any {
	k, ok := call.Arguments[1].(*ast.ConstantNode)
	if !ok || len(call.Arguments) != 2 {
		return nil
	}
	set, ok := k.Value.(map[string]struct{})
	if !ok {
		return nil
	}
	in := setLookup(set)
	return func(x any) bool {
		s, ok := x.(string)
		return ok && in(s)
	}
}

// typedContainsAny: __containsAny(s, needles).
func typedContainsAny(call *ast.CallNode) any {
	k, ok := call.Arguments[1].(*ast.ConstantNode)
	if !ok || len(call.Arguments) != 2 {
		return nil
	}
	set, ok := k.Value.(*needles)
	if !ok {
		return nil
	}
	return func(s any) bool {
		if len(set.list) == 0 || s == nil {
			return false
		}
		return set.in(s.(string)) // not a string panics: the batch falls back
	}
}

// typedLowerConcat: __lowerConcat of literals and string fields reads the
// fields straight from the Env instead of loading each through
// reflection.
func (p *typedPatcher) typedLowerConcat(call *ast.CallNode) any {
	parts := make([]func(*Env) string, 0, len(call.Arguments))
	for _, a := range call.Arguments {
		get := p.stringGetter(a)
		if get == nil {
			return nil
		}
		parts = append(parts, get)
	}
	// lowerConcat's first argument must be $env for Visit: prepend it.
	envID := &ast.IdentifierNode{Value: "$env"}
	envID.SetLocation(call.Location())
	call.Arguments = []ast.Node{envID}
	return func(e any) string {
		ev := env(e)
		var buf [8]string
		ss := buf[:0]
		for _, get := range parts {
			ss = append(ss, get(ev))
		}
		return lowerConcatStrings(ss)
	}
}

// stringGetter returns how to read a literal or string field operand, or
// nil.
func (p *typedPatcher) stringGetter(n ast.Node) func(*Env) string {
	switch n := n.(type) {
	case *ast.StringNode:
		s := n.Value
		return func(*Env) string { return s }
	case *ast.IdentifierNode:
		if p.shadowed[n.Value] {
			return nil
		}
		return envStringField(n.Value)
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if !ok || !ok2 || n.Optional || p.shadowed[id.Value] {
			return nil
		}
		return partyField(id.Value, prop.Value)
	}
	return nil
}

func envStringField(name string) func(*Env) string {
	switch name {
	case "shipment_id":
		return func(e *Env) string { return e.ShipmentID }
	case "event_type":
		return func(e *Env) string { return e.EventType }
	case "mode":
		return func(e *Env) string { return e.Mode }
	case "origin":
		return func(e *Env) string { return e.Origin }
	case "origin_locode":
		return func(e *Env) string { return e.OriginLocode }
	case "destination":
		return func(e *Env) string { return e.Destination }
	case "destination_locode":
		return func(e *Env) string { return e.DestinationLocode }
	case "currency":
		return func(e *Env) string { return e.Currency }
	}
	return nil
}

func partyField(party, prop string) func(*Env) string {
	var get func(*Env) *Party
	switch party {
	case "shipper":
		get = func(e *Env) *Party { return &e.Shipper }
	case "consignee":
		get = func(e *Env) *Party { return &e.Consignee }
	case "notify_party":
		get = func(e *Env) *Party { return &e.NotifyParty }
	default:
		return nil
	}
	switch prop {
	case "name":
		return func(e *Env) string { return get(e).Name }
	case "address":
		return func(e *Env) string { return get(e).Address }
	case "country":
		return func(e *Env) string { return get(e).Country }
	}
	return nil
}

// letNames returns every name bound by a let in the conditions.
func letNames(texts []string) map[string]bool {
	names := map[string]bool{}
	for _, t := range texts {
		tree, err := parser.Parse(t)
		if err != nil {
			continue
		}
		ast.Walk(&tree.Node, letCollector(names))
	}
	return names
}

type letCollector map[string]bool

func (l letCollector) Visit(node *ast.Node) {
	if v, ok := (*node).(*ast.VariableDeclaratorNode); ok {
		l[v.Name] = true
	}
}
