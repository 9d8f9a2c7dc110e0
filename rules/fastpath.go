package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/expr-lang/expr/ast"
)

// Rewrites of common string idioms into one helper call each. They exist
// for speed only: each computes exactly what the expression it replaces
// computes, in one call instead of a VM loop or a chain of allocations.

// containsAny rewrites any(lists.NAME, {x contains #}), x a variable or
// field, into __containsAny(x, lists.NAME): the same truth value (x is
// read once instead of once per element, which cannot differ) in one call
// instead of a VM loop.
func (p *patcher) containsAny(node *ast.Node, n *ast.BuiltinNode, k *ast.ConstantNode, pred *ast.PredicateNode) bool {
	bin, ok := pred.Node.(*ast.BinaryNode)
	if !ok || bin.Operator != "contains" {
		return false
	}
	x, ok := bin.Left.(*ast.IdentifierNode)
	if !ok || strings.HasPrefix(x.Value, "$") {
		return false
	}
	if ptr, ok := bin.Right.(*ast.PointerNode); !ok || ptr.Name != "" {
		return false
	}
	anys, ok := k.Value.([]any)
	if !ok {
		return false
	}
	list := make([]string, len(anys))
	for i, v := range anys {
		if list[i], ok = v.(string); !ok {
			return false
		}
	}
	fn := &ast.IdentifierNode{Value: containsAnyName}
	fn.SetLocation(n.Location())
	lk := &ast.ConstantNode{Value: newNeedles(list)}
	lk.SetLocation(k.Location())
	call := &ast.CallNode{Callee: fn, Arguments: []ast.Node{bin.Left, lk}}
	call.SetLocation(n.Location())
	*node = call
	return true
}

const containsAnyName = "__containsAny"

// containsAnyFunc is __containsAny(s, needles): some needle is a substring
// of s. As with the contains operator, a nil s contains nothing.
func containsAnyFunc(params ...any) (any, error) {
	set, _ := params[1].(*needles)
	if set == nil || len(set.list) == 0 || params[0] == nil {
		return false, nil
	}
	s, ok := params[0].(string)
	if !ok {
		return nil, fmt.Errorf("invalid operation: %T contains string", params[0])
	}
	return set.in(s), nil
}

// needles are the strings of a list indexed by their first two bytes, so
// finding whether any of them occurs in s is one pass over s instead of
// one search per needle.
type needles struct {
	list    []string
	empty   bool            // "" is in list: it occurs in every string
	single  [256]bool       // one-byte needles
	pairs   [1 << 10]uint64 // bit set of the first two bytes of longer needles
	byFirst [256][]string   // longer needles by first byte
}

func newNeedles(list []string) *needles {
	n := &needles{list: list}
	for _, s := range list {
		switch len(s) {
		case 0:
			n.empty = true
		case 1:
			n.single[s[0]] = true
		default:
			k := uint16(s[0])<<8 | uint16(s[1])
			n.pairs[k>>6] |= 1 << (k & 63)
			n.byFirst[s[0]] = append(n.byFirst[s[0]], s)
		}
	}
	return n
}

// String shows the list (in disassembly).
func (n *needles) String() string { return fmt.Sprint(n.list) }

// in reports whether some needle is a substring of s.
func (n *needles) in(s string) bool {
	if n.empty {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if n.single[c] {
			return true
		}
		if i+1 == len(s) {
			break
		}
		k := uint16(c)<<8 | uint16(s[i+1])
		if n.pairs[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		for _, nd := range n.byFirst[c] {
			if strings.HasPrefix(s[i:], nd) {
				return true
			}
		}
	}
	return false
}

const lowerConcatName = "__lowerConcat"

// lowerConcat rewrites lower(a + b + ...), every operand a string literal
// or a string field, into __lowerConcat(a, b, ...): the same string built
// with one allocation instead of one per + and one for lower.
func (p *patcher) lowerConcat(node *ast.Node, n *ast.BuiltinNode) {
	if n.Name != "lower" || len(n.Arguments) != 1 {
		return
	}
	bin, ok := n.Arguments[0].(*ast.BinaryNode)
	if !ok || bin.Operator != "+" {
		return
	}
	var parts []ast.Node
	if !stringOperands(bin, p.c.letNames, &parts) {
		return
	}
	fn := &ast.IdentifierNode{Value: lowerConcatName}
	fn.SetLocation(n.Location())
	call := &ast.CallNode{Callee: fn, Arguments: parts}
	call.SetLocation(n.Location())
	*node = call
}

// stringOperands collects the operands of a chain of + whose operands are
// all certainly strings (so + concatenates): literals and string fields
// whose names no let rebinds.
func stringOperands(n ast.Node, shadowed map[string]bool, out *[]ast.Node) bool {
	switch n := n.(type) {
	case *ast.BinaryNode:
		return n.Operator == "+" && stringOperands(n.Left, shadowed, out) && stringOperands(n.Right, shadowed, out)
	case *ast.StringNode:
	case *ast.IdentifierNode:
		if !stringFields[n.Value] || shadowed[n.Value] {
			return false
		}
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if !ok || !ok2 || n.Optional || !partyFields[id.Value] || !partyProps[prop.Value] || shadowed[id.Value] {
			return false
		}
	default:
		return false
	}
	*out = append(*out, n)
	return true
}

// stringFields are the Env fields of type string; partyFields and
// partyProps name the string fields of the parties.
var (
	stringFields = map[string]bool{
		"shipment_id": true, "event_type": true, "mode": true, "origin": true, "origin_locode": true,
		"destination": true, "destination_locode": true, "currency": true,
	}
	partyFields = map[string]bool{"shipper": true, "consignee": true, "notify_party": true}
	partyProps  = map[string]bool{"name": true, "address": true, "country": true}
)

// lowerConcatFunc is strings.ToLower of the concatenation of its string
// arguments.
func lowerConcatFunc(params ...any) (any, error) {
	var buf [8]string
	parts := buf[:0]
	for _, p := range params {
		s, ok := p.(string)
		if !ok {
			return nil, fmt.Errorf("%s: argument is %T, not string", lowerConcatName, p)
		}
		parts = append(parts, s)
	}
	return lowerConcatStrings(parts), nil
}

// lowerConcatStrings is strings.ToLower(strings.Join(parts, "")) with one
// allocation for ASCII text.
func lowerConcatStrings(parts []string) string {
	size := 0
	for _, s := range parts {
		size += len(s)
	}
	if size == 0 {
		return ""
	}
	b := make([]byte, 0, size)
	for _, s := range parts {
		b = append(b, s...)
	}
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return strings.ToLower(unsafe.String(&b[0], len(b)))
		}
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return unsafe.String(&b[0], len(b))
}
