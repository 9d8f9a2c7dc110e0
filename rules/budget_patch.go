package rules

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// chargePatcher makes every loop charge the run-time budget (budget.go)
// before it starts: a builtin that walks a collection c with a predicate
// (all, any, filter, map, count, ...) becomes
//
//	let $walkN = c; builtin((chargeWalk($env, $walkN); $walkN), ...)
//
// chargeWalk is a typed closure the VM calls directly; c is evaluated
// once (a field load boxes a slice: evaluating it twice would allocate
// twice), and the sequence keeps c's static type, so fields are still
// resolved at load time. It runs after the patcher, on the tree that
// really runs.
type chargePatcher struct {
	lets int // $walkN variables made so far
}

func (p *chargePatcher) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BuiltinNode)
	if !ok || len(b.Arguments) < 2 || !predicateBuiltins[b.Name] {
		return
	}
	if _, ok := b.Arguments[1].(*ast.PredicateNode); !ok {
		return
	}
	loc := b.Location()
	p.lets++
	name := fmt.Sprintf("$walk%d", p.lets)
	coll := b.Arguments[0]
	fn := &ast.ConstantNode{Value: chargeWalk}
	fn.SetLocation(loc)
	call := &ast.CallNode{Callee: fn, Arguments: []ast.Node{ident("$env", loc), ident(name, loc)}}
	call.SetLocation(loc)
	seq := &ast.SequenceNode{Nodes: []ast.Node{call, ident(name, loc)}}
	seq.SetLocation(loc)
	b.Arguments[0] = seq
	let := &ast.VariableDeclaratorNode{Name: name, Value: coll, Expr: b}
	let.SetLocation(loc)
	*node = let
}

// charged recognises a collection chargePatcher wrapped and returns the
// collection.
func charged(n *ast.SequenceNode) (ast.Node, bool) {
	if len(n.Nodes) != 2 {
		return nil, false
	}
	call, ok := n.Nodes[0].(*ast.CallNode)
	if !ok || len(call.Arguments) != 2 {
		return nil, false
	}
	k, ok := call.Callee.(*ast.ConstantNode)
	if !ok {
		return nil, false
	}
	if _, ok := k.Value.(func(any, any) bool); !ok {
		return nil, false
	}
	return n.Nodes[1], true
}

func ident(name string, loc file.Location) *ast.IdentifierNode {
	id := &ast.IdentifierNode{Value: name}
	id.SetLocation(loc)
	return id
}
