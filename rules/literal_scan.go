package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// literalChecker finds, in one parsed condition, every literal string that
// meets a field of a known kind or a helper argument, and every list whose
// values do, and reports those that cannot be what they meet (literal.go).
type literalChecker struct {
	c       *compiler
	src     rulefmt.Expr
	subject string
}

// checkLiterals checks the literals of a parsed condition.
func (c *compiler) checkLiterals(tree ast.Node, src rulefmt.Expr, subject string) {
	ast.Walk(&tree, &literalChecker{c: c, src: src, subject: subject})
}

func (l *literalChecker) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		l.binary(n)
	case *ast.CallNode:
		l.call(n)
	case *ast.BuiltinNode:
		l.listPredicate(n)
	}
}

// binary: field == "x", "x" != field, field in ["x"], field in lists.NAME,
// "x" in listField, field startsWith "x".
func (l *literalChecker) binary(n *ast.BinaryNode) {
	switch n.Operator {
	case "==", "!=":
		if k, u := l.fieldKind(n.Left); k != nil {
			l.check(n.Right, k, u)
		}
		if k, u := l.fieldKind(n.Right); k != nil {
			l.check(n.Left, k, u)
		}
	case "in", "not in":
		if k, u := l.fieldKind(n.Right); k != nil {
			l.check(n.Left, k, u)
		}
		if k, u := l.fieldKind(n.Left); k != nil {
			l.collection(n.Right, k, u)
		}
	case "startsWith":
		if k, u := l.fieldKind(n.Left); k == &hsCodeKind || k == &locodeKind {
			u.prefix = true
			l.check(n.Right, k, u)
		}
	}
}

// call checks the literal arguments of a helper: strings, arrays of them
// and lists of the pack.
func (l *literalChecker) call(n *ast.CallNode) {
	fn := calledHelper(n)
	if fn == nil {
		return
	}
	for i, a := range n.Arguments {
		k := fn.argKind(i)
		if k == nil {
			continue
		}
		u := literalUse{arg: true, prefix: k == &hsPrefixKind}
		l.check(a, k, u)
		l.collection(a, k, u)
	}
}

// listPredicate: any(lists.NAME, helper(#)) passes each value of the list
// to the helper.
func (l *literalChecker) listPredicate(n *ast.BuiltinNode) {
	if len(n.Arguments) != 2 {
		return
	}
	name, ok := l.listRef(n.Arguments[0])
	pred, ok2 := n.Arguments[1].(*ast.PredicateNode)
	if !ok || !ok2 {
		return
	}
	call, ok := pred.Node.(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	fn := functionByName(id.Value)
	if fn == nil {
		return
	}
	for i, a := range call.Arguments {
		if p, ok := a.(*ast.PointerNode); ok && p.Name == "" {
			if k := fn.argKind(i); k != nil {
				l.list(name, k, literalUse{arg: true, prefix: k == &hsPrefixKind})
			}
			return
		}
	}
}

// collection checks the strings of an array literal or a list of the pack.
func (l *literalChecker) collection(n ast.Node, k *literalKind, u literalUse) {
	switch n := n.(type) {
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			l.check(e, k, u)
		}
	case *ast.MemberNode:
		if name, ok := l.listRef(n); ok {
			l.list(name, k, u)
		}
	}
}

// check reports a literal string that is not of kind k.
func (l *literalChecker) check(n ast.Node, k *literalKind, u literalUse) {
	s, ok := n.(*ast.StringNode)
	if !ok {
		return
	}
	if p := k.problem(l.c, s.Value, u); p != "" {
		l.c.ds.Errorf(l.src.Position(s.Location().From), l.subject, "%s", p)
	}
}

// list checks each value of a list of the pack against k, once per value
// and kind however many conditions use the list, at the value's position.
func (l *literalChecker) list(name string, k *literalKind, u literalUse) {
	def := l.c.listDefs[name]
	if def == nil {
		return // undefined: reported by the scanner
	}
	for i, v := range def.Values {
		key := listCheck{list: name, index: i, kind: k}
		if l.c.listChecked[key] {
			continue
		}
		l.c.listChecked[key] = true
		if p := k.problem(l.c, v, u); p != "" {
			l.c.ds.Errorf(def.ValuePos(i), def.Subject(), "%s (%s uses the list so)", p, l.subject)
		}
	}
}

// listCheck identifies one check of a list value.
type listCheck struct {
	list  string
	index int
	kind  *literalKind
}

// listRef returns NAME of lists.NAME.
func (l *literalChecker) listRef(n ast.Node) (string, bool) {
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return "", false
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	prop, ok2 := m.Property.(*ast.StringNode)
	if !ok || !ok2 || id.Value != "lists" || l.c.macroNames["lists"] {
		return "", false
	}
	return prop.Value, true
}

// memberKinds are the properties of parties, items and matches whose
// values are of a known kind.
var memberKinds = map[string]bool{
	"country": true, "hs_code": true, "chemical": true, "family": true,
	"role": true, "method": true, "hs": true, "field": true,
}

// fieldKind returns the kind of the values a field operand holds: an Env
// field no let or macro rebinds, a member with a property of memberKinds
// (shipper.country, .hs_code inside any(items, ...)), or hs_code[:n].
func (l *literalChecker) fieldKind(n ast.Node) (*literalKind, literalUse) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if envFields[n.Value] && !l.c.letNames[n.Value] && !l.c.macroNames[n.Value] {
			return fieldKinds[n.Value], literalUse{}
		}
	case *ast.MemberNode:
		prop, ok := n.Property.(*ast.StringNode)
		if !ok || !memberKinds[prop.Value] || n.Optional {
			return nil, literalUse{}
		}
		if _, isList := l.listRef(n); isList {
			return nil, literalUse{}
		}
		return fieldKinds[prop.Value], literalUse{}
	case *ast.SliceNode:
		k, _ := l.fieldKind(n.Node)
		to, ok := n.To.(*ast.IntegerNode)
		if k != &hsCodeKind || !ok || !zeroOrNil(n.From) {
			return nil, literalUse{}
		}
		return k, literalUse{length: to.Value}
	}
	return nil, literalUse{}
}

func zeroOrNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	i, ok := n.(*ast.IntegerNode)
	return ok && i.Value == 0
}

// argKind is the kind of a helper's literal argument at position i: its
// args entry, its arg, or the catalog kind its Catalog names.
func (f *function) argKind(i int) *literalKind {
	switch {
	case f.args != nil:
		if i < len(f.args) {
			return f.args[i]
		}
		return nil
	case f.arg != nil:
		return f.arg
	case f.Catalog == "id":
		return &chemicalKind
	case f.Catalog == "family":
		return &familyKind
	case f.Catalog == "id|family":
		return &chemicalOrFamilyKind
	}
	return nil
}
