package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

const inListName = "__inList"

// inList is `x in lists.NAME` after patching: a map lookup.
func inList(params ...any) (any, error) {
	set, _ := params[1].(map[string]struct{})
	s, ok := params[0].(string)
	if !ok {
		return false, nil
	}
	_, found := set[s]
	return found, nil
}

// patcher rewrites a checked tree before compiling: helper calls get the
// Env as first argument, lists.NAME becomes a constant (x in lists.NAME a
// set lookup), and macro names are replaced by their expanded trees.
type patcher struct {
	c     *compiler
	depth int
	sets  map[*ast.ConstantNode]map[string]struct{}
}

func (p *patcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && functionByName(id.Value) != nil {
			id.Value = internalName(id.Value)
			env := &ast.IdentifierNode{Value: "$env"}
			env.SetLocation(id.Location())
			n.Arguments = append([]ast.Node{env}, n.Arguments...)
			if list, ok := literalArgs(n); ok && variadicHelper(id.Value) {
				*node = listCall(id, env, list, n.Location())
			}
		}
	case *ast.MemberNode:
		p.member(node, n)
	case *ast.BinaryNode:
		p.in(node, n)
	case *ast.BuiltinNode:
		p.anyOfList(node, n)
		p.lowerConcat(node, n)
	case *ast.IdentifierNode:
		p.macro(node, n)
	}
}

func (p *patcher) member(node *ast.Node, n *ast.MemberNode) {
	id, ok := n.Node.(*ast.IdentifierNode)
	if !ok || id.Value != "lists" {
		return
	}
	name, ok := n.Property.(*ast.StringNode)
	if !ok {
		return
	}
	if _, ok := p.c.lists[name.Value]; !ok {
		return
	}
	k := &ast.ConstantNode{Value: p.c.listAnys[name.Value]}
	if p.sets == nil {
		p.sets = map[*ast.ConstantNode]map[string]struct{}{}
	}
	p.sets[k] = p.c.listSets[name.Value]
	ast.Patch(node, k)
}

func (p *patcher) in(node *ast.Node, n *ast.BinaryNode) {
	k, ok := n.Right.(*ast.ConstantNode)
	if n.Operator != "in" || !ok || p.sets[k] == nil {
		return
	}
	set := &ast.ConstantNode{Value: p.sets[k]}
	set.SetLocation(k.Location())
	callee := &ast.IdentifierNode{Value: inListName}
	callee.SetLocation(n.Location())
	ast.Patch(node, &ast.CallNode{Callee: callee, Arguments: []ast.Node{n.Left, set}})
}

// anyOfList rewrites any(lists.NAME, helper(#)), for a helper taking
// ...string, into helper("a", "b", ...): the same truth value (the helper
// already means "any of"), evaluated in one call instead of one per element.
func (p *patcher) anyOfList(node *ast.Node, n *ast.BuiltinNode) {
	if n.Name != "any" || len(n.Arguments) != 2 {
		return
	}
	k, ok := n.Arguments[0].(*ast.ConstantNode)
	if !ok || p.sets[k] == nil {
		return
	}
	pred, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return
	}
	if p.containsAny(node, n, k, pred) {
		return
	}
	call, ok := pred.Node.(*ast.CallNode)
	if !ok || len(call.Arguments) != 2 {
		return
	}
	callee, ok := call.Callee.(*ast.IdentifierNode)
	if !ok || !variadicHelper(callee.Value) {
		return
	}
	if ptr, ok := call.Arguments[1].(*ast.PointerNode); !ok || ptr.Name != "" {
		return
	}
	*node = listCall(callee, call.Arguments[0], k.Value, n.Location())
}

// listCall is a call of the list variant of a variadic helper: the
// arguments travel as one constant []any instead of one push each.
func listCall(callee *ast.IdentifierNode, env ast.Node, list any, loc file.Location) ast.Node {
	fn := &ast.IdentifierNode{Value: listName(callee.Value)}
	fn.SetLocation(callee.Location())
	k := &ast.ConstantNode{Value: list}
	k.SetLocation(loc)
	call := &ast.CallNode{Callee: fn, Arguments: []ast.Node{env, k}}
	call.SetLocation(loc)
	return call
}

// literalArgs returns the arguments of a patched variadic helper call as
// one []any when there are at least two and all are string literals.
func literalArgs(n *ast.CallNode) ([]any, bool) {
	if len(n.Arguments) < 3 {
		return nil, false
	}
	out := make([]any, 0, len(n.Arguments)-1)
	for _, a := range n.Arguments[1:] {
		s, ok := a.(*ast.StringNode)
		if !ok {
			return nil, false
		}
		out = append(out, s.Value)
	}
	return out, true
}

// variadicHelper reports whether an internal name registers a helper
// taking ...string (not its list variant).
func variadicHelper(internal string) bool {
	f, list := functionByInternal(internal)
	return f != nil && !list && f.variadic()
}

// macro replaces a macro name by a fresh, patched copy of its tree whose
// nodes all carry the position of the name, so errors point at the use.
func (p *patcher) macro(node *ast.Node, n *ast.IdentifierNode) {
	m := p.c.macros[n.Value]
	if m == nil || p.c.badMacros[n.Value] || p.depth > len(p.c.macros) {
		return
	}
	tree, err := parser.Parse(m.When.Text)
	if err != nil {
		return
	}
	p.depth++
	ast.Walk(&tree.Node, p)
	p.depth--
	ast.Walk(&tree.Node, locator{n.Location()})
	*node = tree.Node
}

// locator sets one location on every node of a tree.
type locator struct{ loc file.Location }

func (l locator) Visit(node *ast.Node) { (*node).SetLocation(l.loc) }
