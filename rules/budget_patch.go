package rules

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// chargePatcher makes every loop charge the run-time budget (budget.go)
// before it starts: the collection c of a builtin that walks one with a
// predicate (all, any, filter, map, count, ...) becomes
//
//	chargeWalk($env, c) ? c : c
//
// when c is cheap to evaluate twice (a name, #, a constant, a chain of
// field accesses), else the builtin is wrapped as
//
//	let $walkN = c; builtin($walkN ...)
//
// chargeWalk is a typed closure the VM calls directly, and the
// conditional keeps c's static type, so fields are still resolved at load
// time. It runs after the patcher, on the tree that really runs.
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
	coll := b.Arguments[0]
	if cheap(coll) {
		b.Arguments[0] = chargeExpr(coll, clone(coll), loc)
		return
	}
	p.lets++
	name := fmt.Sprintf("$walk%d", p.lets)
	b.Arguments[0] = chargeExpr(ident(name, loc), ident(name, loc), loc)
	let := &ast.VariableDeclaratorNode{Name: name, Value: coll, Expr: b}
	let.SetLocation(loc)
	*node = let
}

// chargeExpr is chargeWalk($env, c) ? c2 : c2, c2 a copy of c.
func chargeExpr(c, c2 ast.Node, loc file.Location) ast.Node {
	fn := &ast.ConstantNode{Value: chargeWalk}
	fn.SetLocation(loc)
	call := &ast.CallNode{Callee: fn, Arguments: []ast.Node{ident("$env", loc), c}}
	call.SetLocation(loc)
	cond := &ast.ConditionalNode{Ternary: true, Cond: call, Exp1: c2, Exp2: clone(c2)}
	cond.SetLocation(loc)
	return cond
}

// charged recognises a collection chargeExpr wrapped and returns the
// collection.
func charged(n *ast.ConditionalNode) (ast.Node, bool) {
	call, ok := n.Cond.(*ast.CallNode)
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
	return n.Exp1, true
}

// cheap reports whether n may be evaluated twice at no real cost.
func cheap(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IdentifierNode, *ast.PointerNode, *ast.ConstantNode, *ast.StringNode:
		return true
	case *ast.MemberNode:
		_, lit := n.Property.(*ast.StringNode)
		return lit && cheap(n.Node)
	}
	return false
}

// clone copies a cheap node.
func clone(n ast.Node) ast.Node {
	var c ast.Node
	switch n := n.(type) {
	case *ast.IdentifierNode:
		c = &ast.IdentifierNode{Value: n.Value}
	case *ast.PointerNode:
		c = &ast.PointerNode{Name: n.Name}
	case *ast.ConstantNode:
		c = &ast.ConstantNode{Value: n.Value}
	case *ast.StringNode:
		c = &ast.StringNode{Value: n.Value}
	case *ast.MemberNode:
		c = &ast.MemberNode{Node: clone(n.Node), Property: clone(n.Property), Optional: n.Optional, Method: n.Method}
	default:
		return n
	}
	c.SetLocation(n.Location())
	return c
}

func ident(name string, loc file.Location) *ast.IdentifierNode {
	id := &ast.IdentifierNode{Value: name}
	id.SetLocation(loc)
	return id
}
