package rules

import (
	"reflect"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"
)

// String operands of the batch programs read without reflection. expr's
// VM loads a struct field through reflect (runtime.FetchField), which
// costs a lookup and an allocation per load; the rewrites below
// (typedcalls.go) read the string fields of the Env, of its parties and
// of the element # of a walk over items or matches straight from memory,
// at offsets taken from the struct types once.

// operand is a string operand of a rewritten call: the node the VM pushes
// (the $env identifier or the element #) and how to read the string from
// that value. pure operands cannot fail.
type operand struct {
	arg ast.Node
	get func(v any) string
}

// Types whose string fields the batch programs read directly.
var (
	envType   = reflect.TypeFor[Env]()
	partyType = reflect.TypeFor[Party]()
	itemPtr   = reflect.TypeFor[*Item]()
	matchPtr  = reflect.TypeFor[*Match]()
)

// stringFieldOffset returns the offset of the string field of t whose expr
// tag is name.
func stringFieldOffset(t reflect.Type, name string) (uintptr, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("expr") == name && f.Type.Kind() == reflect.String && f.IsExported() {
			return f.Offset, true
		}
	}
	return 0, false
}

// atOffset reads the string at off bytes into the struct p points to.
func atOffset(p unsafe.Pointer, off uintptr) string {
	return *(*string)(unsafe.Add(p, off))
}

// operand returns how to read n, a string field of the Env (origin), of a
// party (shipper.name), of the element of a walk over items or matches
// (.hs_code, #.description), or a slice of one with constant bounds
// (.hs_code[:4]); nil for anything else.
func (p *typedPatcher) operand(n ast.Node) *operand {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		off, ok := stringFieldOffset(envType, n.Value)
		if !ok || p.shadowed[n.Value] {
			return nil
		}
		return &operand{arg: envIdent(n), get: func(e any) string { return atOffset(unsafe.Pointer(env(e)), off) }}
	case *ast.MemberNode:
		return p.memberOperand(n)
	case *ast.SliceNode:
		return p.sliceOperand(n)
	}
	return nil
}

func (p *typedPatcher) memberOperand(n *ast.MemberNode) *operand {
	prop, ok := n.Property.(*ast.StringNode)
	if !ok || n.Optional || n.Method {
		return nil
	}
	switch x := n.Node.(type) {
	case *ast.IdentifierNode: // shipper.name
		party, ok := envFieldOffset(x.Value, partyType)
		field, ok2 := stringFieldOffset(partyType, prop.Value)
		if !ok || !ok2 || p.shadowed[x.Value] {
			return nil
		}
		off := party + field
		return &operand{arg: envIdent(x), get: func(e any) string { return atOffset(unsafe.Pointer(env(e)), off) }}
	case *ast.PointerNode: // .hs_code in a walk over items or matches
		if x.Name != "" {
			return nil
		}
		switch x.Type() {
		case itemPtr:
			off, ok := stringFieldOffset(itemPtr.Elem(), prop.Value)
			if !ok {
				return nil
			}
			return &operand{arg: x, get: func(v any) string { return atOffset(unsafe.Pointer(v.(*Item)), off) }}
		case matchPtr:
			off, ok := stringFieldOffset(matchPtr.Elem(), prop.Value)
			if !ok {
				return nil
			}
			return &operand{arg: x, get: func(v any) string { return atOffset(unsafe.Pointer(v.(*Match)), off) }}
		}
	}
	return nil
}

// envFieldOffset returns the offset of the Env field named name (expr
// tag) of type t.
func envFieldOffset(name string, t reflect.Type) (uintptr, bool) {
	for i := range envType.NumField() {
		f := envType.Field(i)
		if f.Tag.Get("expr") == name && f.Type == t {
			return f.Offset, true
		}
	}
	return 0, false
}

// sliceOperand is s[from:to] of a string operand with integer literal
// bounds, clamped as expr's runtime.Slice clamps them.
func (p *typedPatcher) sliceOperand(n *ast.SliceNode) *operand {
	s := p.operand(n.Node)
	if s == nil {
		return nil
	}
	from, to, ok := sliceBounds(n)
	if !ok {
		return nil
	}
	get := s.get
	return &operand{arg: s.arg, get: func(v any) string { return sliceString(get(v), from, to) }}
}

// sliceBounds are the literal bounds of a slice; to is nil for "to the
// end".
func sliceBounds(n *ast.SliceNode) (from int, to *int, ok bool) {
	if n.From != nil {
		i, ok := n.From.(*ast.IntegerNode)
		if !ok {
			return 0, nil, false
		}
		from = i.Value
	}
	if n.To != nil {
		i, ok := n.To.(*ast.IntegerNode)
		if !ok {
			return 0, nil, false
		}
		to = &i.Value
	}
	return from, to, true
}

// sliceString is s[a:b] with expr's clamping: negative bounds count from
// the end, bounds outside s are moved to its ends, a > b is empty.
func sliceString(s string, a int, to *int) string {
	n := len(s)
	b := n
	if to != nil {
		b = *to
	}
	if a < 0 {
		a += n
	}
	if a < 0 {
		a = 0
	}
	if b < 0 {
		b += n
	}
	if b < 0 {
		b = 0
	}
	if b > n {
		b = n
	}
	if a > b {
		a = b
	}
	return s[a:b]
}

func envIdent(at ast.Node) ast.Node { return ident("$env", at.Location()) }

// typedLower: lower(x), x a string operand, is strings.ToLower of the
// operand read directly (expr's lower is strings.ToLower).
func (p *typedPatcher) typedLower(n *ast.BuiltinNode) *ast.CallNode {
	if n.Name != "lower" || len(n.Arguments) != 1 {
		return nil
	}
	op := p.operand(n.Arguments[0])
	if op == nil {
		return nil
	}
	get := op.get
	return p.typedCall(n, op.arg, func(v any) string { return strings.ToLower(get(v)) })
}

// typedCall is a call of fn, a closure of a signature the VM calls
// directly, on arg, at the location of the node it replaces.
func (p *typedPatcher) typedCall(at ast.Node, arg ast.Node, fn any) *ast.CallNode {
	k := &ast.ConstantNode{Value: fn}
	k.SetLocation(at.Location())
	call := &ast.CallNode{Callee: k, Arguments: []ast.Node{arg}}
	call.SetLocation(at.Location())
	return call
}

// inListOperand: __inList(x, set), x a string operand, tests the operand
// read directly (no load, no boxing).
func (p *typedPatcher) inListOperand(call *ast.CallNode) *ast.CallNode {
	if len(call.Arguments) != 2 {
		return nil
	}
	k, ok := call.Arguments[1].(*ast.ConstantNode)
	if !ok {
		return nil
	}
	set, ok := k.Value.(map[string]struct{})
	op := p.operand(call.Arguments[0])
	if !ok || op == nil {
		return nil
	}
	get, in := op.get, setLookup(set)
	return p.typedCall(call, op.arg, func(v any) bool { return in(get(v)) })
}

func (p *typedPatcher) markPure(n ast.Node) {
	if p.pure == nil {
		p.pure = map[ast.Node]bool{}
	}
	p.pure[n] = true
}

// sinkLet rewrites let x = v; a && b, v pure and a not naming x, into
// a && (let x = v; b): v is computed only when b runs. The same value
// (v cannot fail and has no effect, and a does not see x), but a walk
// whose first conjunct fails for most elements (.hs_code[:4] in
// lists.precursor_headings) no longer lower-cases every description.
func (p *typedPatcher) sinkLet(node *ast.Node, n *ast.VariableDeclaratorNode) {
	and, ok := n.Expr.(*ast.BinaryNode)
	if !ok || (and.Operator != "&&" && and.Operator != "and") || !p.pure[n.Value] || names(and.Left, n.Name) {
		return
	}
	inner := &ast.VariableDeclaratorNode{Name: n.Name, Value: n.Value, Expr: and.Right}
	inner.SetLocation(n.Location())
	and.Right = inner
	*node = and
}

// names reports whether the tree n mentions the identifier name.
func names(n ast.Node, name string) bool {
	f := nameFinder{name: name}
	ast.Walk(&n, &f)
	return f.found
}

type nameFinder struct {
	name  string
	found bool
}

func (f *nameFinder) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok && id.Value == f.name {
		f.found = true
	}
}

// typedCompare: x == "lit", x != "lit" (either way round) and x in
// ["a", "b"], x a string operand, compare the operand read directly.
func (p *typedPatcher) typedCompare(n *ast.BinaryNode) *ast.CallNode {
	switch n.Operator {
	case "==", "!=":
		x, lit := n.Left, n.Right
		if _, ok := x.(*ast.StringNode); ok {
			x, lit = lit, x
		}
		s, ok := lit.(*ast.StringNode)
		op := p.operand(x)
		if !ok || op == nil {
			return nil
		}
		get, want, eq := op.get, s.Value, n.Operator == "=="
		return p.typedCall(n, op.arg, func(v any) bool { return (get(v) == want) == eq })
	case "in":
		arr, ok := n.Right.(*ast.ArrayNode)
		op := p.operand(n.Left)
		if !ok || op == nil {
			return nil
		}
		set := make(map[string]struct{}, len(arr.Nodes))
		for _, e := range arr.Nodes {
			s, ok := e.(*ast.StringNode)
			if !ok {
				return nil
			}
			set[s.Value] = struct{}{}
		}
		get := op.get
		return p.typedCall(n, op.arg, func(v any) bool {
			_, found := set[get(v)]
			return found
		})
	}
	return nil
}
