package rules

import (
	"reflect"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// refs is what a condition names, found by walking its syntax tree before
// compiling: the catalog ids and families it passes as literals, the
// shipment fields it reads, the macros and lists it uses.
type refs struct {
	chems, fams, fields, macros, lists []string
	// parties are the party hits the condition reads (see partyRefs).
	parties partyRefs
	// itemPreds are the predicates of item quantifiers (any(items, P),
	// one, filter, count, find), as source text: a hit's items are those
	// that satisfy one (see itemFilters).
	itemPreds []string
	// nodes counts the condition's syntax nodes and uses lists every
	// macro occurrence, to bound the size after macro expansion.
	nodes int
	uses  []string
}

func (r *refs) merge(o refs) {
	for _, s := range o.chems {
		r.chems = addUnique(r.chems, s)
	}
	for _, s := range o.fams {
		r.fams = addUnique(r.fams, s)
	}
	for _, s := range o.fields {
		r.fields = addUnique(r.fields, s)
	}
	for _, s := range o.lists {
		r.lists = addUnique(r.lists, s)
	}
	r.parties.merge(o.parties)
	for _, s := range o.itemPreds {
		r.itemPreds = addUnique(r.itemPreds, s)
	}
}

func addUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// envFields maps expr field names of Env to true; built from the struct
// tags so it cannot drift.
var envFields = func() map[string]bool {
	m := map[string]bool{}
	t := reflect.TypeOf(Env{})
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("expr"); tag != "" && tag != "-" {
			m[tag] = true
		}
	}
	return m
}()

// scanner walks a parsed condition, collecting refs and checking literal
// arguments against the catalog.
type scanner struct {
	c       *compiler
	src     rulefmt.Expr
	subject string
	macros  map[string]bool
	out     refs
}

func (s *scanner) Visit(node *ast.Node) {
	s.out.nodes++
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		switch {
		case s.macros[n.Value]:
			s.out.macros = addUnique(s.out.macros, n.Value)
			s.out.uses = append(s.out.uses, n.Value)
		case envFields[n.Value] && n.Value != "lists":
			s.out.fields = addUnique(s.out.fields, n.Value)
		}
	case *ast.MemberNode:
		s.member(n)
		if p, ok := n.Property.(*ast.StringNode); ok && itemFields[p.Value] {
			s.out.fields = addUnique(s.out.fields, p.Value) // .kg inside any(items, ...)
		}
	case *ast.CallNode:
		s.call(n)
	case *ast.BuiltinNode:
		s.quantifier(n)
	}
}

// itemFields are the manifest fields of an Item, read as members (.kg,
// items[0].description); the fields of a Match are not manifest fields.
var itemFields = map[string]bool{
	"description": true, "hs_code": true, "cas": true, "quantity": true,
	"unit": true, "kg": true, "gross_weight_kg": true,
}

// itemQuantifiers are the builtins whose predicate selects the items a
// rule is about when their first argument is items.
var itemQuantifiers = map[string]bool{"any": true, "one": true, "filter": true, "count": true, "find": true}

// quantifier records the predicate of any(items, P) and its kin.
func (s *scanner) quantifier(n *ast.BuiltinNode) {
	if !itemQuantifiers[n.Name] || len(n.Arguments) != 2 {
		return
	}
	if id, ok := n.Arguments[0].(*ast.IdentifierNode); !ok || id.Value != "items" {
		return
	}
	s.out.itemPreds = addUnique(s.out.itemPreds, n.Arguments[1].String())
}

func (s *scanner) member(n *ast.MemberNode) {
	id, ok := n.Node.(*ast.IdentifierNode)
	if !ok || id.Value != "lists" {
		return
	}
	name, ok := n.Property.(*ast.StringNode)
	if !ok {
		return
	}
	if _, ok := s.c.lists[name.Value]; !ok {
		s.errorAt(name, "undefined list %q%s", name.Value, didYouMeanQuoted(nearest(name.Value, s.c.listNames())))
		return
	}
	s.out.lists = addUnique(s.out.lists, name.Value)
}

func (s *scanner) call(n *ast.CallNode) {
	fn := calledHelper(n)
	if fn == nil {
		return
	}
	for _, f := range fn.reads {
		s.out.fields = addUnique(s.out.fields, f)
	}
	if fn.party != nil {
		s.out.parties.add(fn, n)
	}
	for _, arg := range n.Arguments {
		lit, ok := arg.(*ast.StringNode)
		if !ok {
			continue
		}
		s.literal(fn, lit)
	}
}

// literal records the catalog ids and families a literal argument of a
// helper names (checkLiterals reports those the catalog lacks).
func (s *scanner) literal(fn *function, lit *ast.StringNode) {
	cat, v := s.c.cat, lit.Value
	if cat == nil || fn.Catalog == "" {
		return
	}
	if cat.Entry(v) != nil && fn.Catalog != "family" {
		s.out.chems = addUnique(s.out.chems, v)
	}
	if cat.Family(v) != nil && fn.Catalog != "id" {
		s.out.fams = addUnique(s.out.fams, v)
	}
}

func (s *scanner) errorAt(n ast.Node, format string, args ...any) {
	s.c.ds.Errorf(s.src.Position(n.Location().From), s.subject, format, args...)
}

// scan parses src and walks it. It reports parse errors and returns false
// when the condition does not parse.
func (c *compiler) scan(src rulefmt.Expr, subject string) (refs, bool) {
	tree, err := parser.Parse(src.Text)
	if err != nil {
		c.exprError(src, subject, err)
		return refs{}, false
	}
	s := &scanner{c: c, src: src, subject: subject, macros: c.macroNames}
	ast.Walk(&tree.Node, s)
	c.checkLiterals(tree.Node, src, subject)
	return s.out, true
}

// exprError reports an expr parse, check or compile error at its position
// in the rule file.
func (c *compiler) exprError(src rulefmt.Expr, subject string, err error) {
	fe, ok := err.(*file.Error)
	if !ok {
		c.ds.Errorf(src.Position(-1), subject, "%s: %v", src.What, err)
		return
	}
	c.ds.Errorf(src.Position(fe.From), subject, "%s: %s%s", src.What, c.cleanMessage(fe.Message), src.CommentHint())
}

// cleanMessage shows helper functions under the names authors write (the
// patcher registers them as __name with a hidden Env argument), adds the
// expected signature and, for an unknown name, the field, helper or macro
// probably meant.
func (c *compiler) cleanMessage(msg string) string {
	msg = strings.TrimSpace(msg)
	for _, f := range functions {
		if in := internalName(f.Name); strings.Contains(msg, in) {
			return strings.ReplaceAll(msg, in, f.Name) + " (want " + f.Signature + ")"
		}
	}
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok {
		if f := functionByName(name); f != nil {
			return msg + " (" + f.Name + " is a function: " + f.Signature + ")"
		}
		return msg + c.nameSuggestion(name)
	}
	return msg
}
