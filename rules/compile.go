package rules

import (
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// maxNodes bounds the size of a condition after macro expansion, so a rule
// cannot make evaluation arbitrarily expensive.
const maxNodes = 2000

// compiler turns the parsed definitions of a pack into programs.
type compiler struct {
	ds       *yamlsrc.List
	cat      *chemicals.Catalog
	lists    map[string][]string
	listDefs map[string]*rulefmt.List
	// listChecked records the list values checked against a literal kind
	// (literal_scan.go), so each is reported once.
	listChecked map[listCheck]bool
	// used marks "list:NAME" and "macro:NAME" as used by some rule or
	// exception (unused.go).
	used     map[string]bool
	listSets map[string]map[string]struct{}
	// listAnys are the lists as []any: expr iterates them (any(lists.x,
	// ...)) without boxing each string.
	listAnys   map[string][]any
	macros     map[string]*rulefmt.Macro
	macroNames map[string]bool
	macroRefs  map[string]refs
	badMacros  map[string]bool // macros with errors or in a cycle
	sizes      map[string]int  // expanded node counts of macros
	// letNames are the names some let binds anywhere in the pack: where
	// they appear, an identifier may not be the Env field of that name.
	// (expr refuses to redeclare a field today; the rewrites that read
	// fields directly do not rely on it.)
	letNames map[string]bool
	// costModel sizes the reference shipment for the static cost bound,
	// costBudget is the pack's limit on it (cost.go, cost_check.go).
	costModel  costModel
	costBudget int64
	// hsGuard are the hsDeclared arguments the rules' needHS rests on
	// (guard.go).
	hsGuard []string
}

func newCompiler(pack *rulefmt.Pack, cat *chemicals.Catalog, ds *yamlsrc.List) *compiler {
	c := &compiler{
		ds: ds, cat: cat,
		lists:       map[string][]string{},
		listDefs:    map[string]*rulefmt.List{},
		listChecked: map[listCheck]bool{},
		listSets:    map[string]map[string]struct{}{},
		listAnys:    map[string][]any{},
		macros:      map[string]*rulefmt.Macro{},
		macroNames:  map[string]bool{},
		macroRefs:   map[string]refs{},
		badMacros:   map[string]bool{},
		sizes:       map[string]int{},
		costModel:   newCostModel(cat),
		costBudget:  rulefmt.DefaultCostBudget,
	}
	c.addLists(pack.Lists)
	c.addMacros(pack.Macros)
	c.letNames = letNames(pack.Conditions())
	return c
}

// addLists registers the lists as slices, sets and []any.
func (c *compiler) addLists(lists []rulefmt.List) {
	for i := range lists {
		l := &lists[i]
		if _, dup := c.lists[l.Name]; dup {
			c.ds.Errorf(l.Pos, l.Subject(), "duplicate list name")
			continue
		}
		c.lists[l.Name], c.listDefs[l.Name] = l.Values, l
		set := make(map[string]struct{}, len(l.Values))
		anys := make([]any, len(l.Values))
		for i, v := range l.Values {
			set[v] = struct{}{}
			anys[i] = v
		}
		c.listSets[l.Name], c.listAnys[l.Name] = set, anys
	}
}

// addMacros registers the macros, rejecting duplicates and names that
// would shadow a field or helper.
func (c *compiler) addMacros(macros []rulefmt.Macro) {
	for i := range macros {
		m := &macros[i]
		switch {
		case c.macros[m.Name] != nil:
			c.ds.Errorf(m.Pos, m.Subject(), "duplicate macro name")
		case envFields[m.Name] || functionByName(m.Name) != nil:
			c.ds.Errorf(m.Pos, m.Subject(), "macro name shadows the field or function %s", m.Name)
		default:
			c.macros[m.Name] = m
			c.macroNames[m.Name] = true
		}
	}
}

// compileMacros scans every macro, detects cycles and type-checks each one
// on its own so its errors point into the macro, not into the rules using it.
func (c *compiler) compileMacros(defs []rulefmt.Macro) {
	var own []*rulefmt.Macro
	for i := range defs {
		if m := &defs[i]; c.macros[m.Name] == m {
			own = append(own, m)
		}
	}
	for _, m := range own {
		r, ok := c.scan(m.When, m.Subject())
		if !ok {
			c.badMacros[m.Name] = true
		}
		c.macroRefs[m.Name] = r
	}
	for _, m := range own {
		if cycle := c.findCycle(m.Name); cycle != nil {
			c.ds.Errorf(m.Pos, m.Subject(), "macro cycle: %s", strings.Join(cycle, " -> "))
			c.badMacros[m.Name] = true
		}
	}
	for _, m := range own {
		if !c.badMacros[m.Name] && c.expandedSize(c.macroRefs[m.Name]) > maxNodes {
			c.ds.Errorf(m.Pos, m.Subject(), "too large after expanding macros: more than %d nodes", maxNodes)
			c.badMacros[m.Name] = true
		}
	}
	for changed := true; changed; { // a macro using a bad macro is bad too
		changed = false
		for _, m := range own {
			for _, d := range c.macroRefs[m.Name].macros {
				if c.badMacros[d] && !c.badMacros[m.Name] {
					c.badMacros[m.Name], changed = true, true
				}
			}
		}
	}
	for _, m := range own {
		if c.badMacros[m.Name] {
			continue
		}
		if _, err := expr.Compile(m.When.Text, c.options(false)...); err != nil {
			c.exprError(m.When, m.Subject(), err)
			c.badMacros[m.Name] = true
		}
	}
}

// expandedSize is the node count of a condition once its macros are
// expanded, saturating just above maxNodes. Macros must be cycle-free (bad
// macros count as one node).
func (c *compiler) expandedSize(r refs) int {
	size := r.nodes - len(r.uses)
	for _, u := range r.uses {
		if size > maxNodes {
			break
		}
		if c.badMacros[u] {
			size++
			continue
		}
		size += c.macroSize(u)
	}
	return min(size, maxNodes+1)
}

// macroSize is expandedSize of a macro, memoised.
func (c *compiler) macroSize(name string) int {
	if n, ok := c.sizes[name]; ok {
		return n
	}
	c.sizes[name] = maxNodes + 1 // guards against cycles missed earlier
	n := c.expandedSize(c.macroRefs[name])
	c.sizes[name] = n
	return n
}

// findCycle returns a macro path from start back to start, or nil.
func (c *compiler) findCycle(start string) []string {
	var path []string
	visited := map[string]bool{}
	var dfs func(n string) bool
	dfs = func(n string) bool {
		path = append(path, n)
		for _, d := range c.macroRefs[n].macros {
			if d == start {
				path = append(path, d)
				return true
			}
			if !visited[d] {
				visited[d] = true
				if dfs(d) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if dfs(start) {
		return path
	}
	return nil
}

// condition scans, checks and compiles one rule or exception condition.
// It returns the program and everything the condition refers to, including
// through macros; the program is nil when there were errors.
func (c *compiler) condition(src rulefmt.Expr, subject string) (*vm.Program, refs) {
	r, ok := c.scan(src, subject)
	if !ok {
		return nil, r
	}
	seen := map[string]bool{}
	var bad []string
	var walk func(names []string)
	walk = func(names []string) {
		for _, m := range names {
			if seen[m] {
				continue
			}
			seen[m] = true
			if c.badMacros[m] {
				bad = append(bad, strconv.Quote(m))
				continue
			}
			r.merge(c.macroRefs[m])
			walk(c.macroRefs[m].macros)
		}
	}
	walk(r.macros)
	if len(bad) > 0 {
		c.ds.Errorf(src.Position(-1), subject, "%s: uses macro %s, which has errors", src.What, strings.Join(bad, ", "))
		return nil, r
	}
	if c.expandedSize(r) > maxNodes {
		c.ds.Errorf(src.Position(-1), subject, "%s: too large after expanding macros: more than %d nodes", src.What, maxNodes)
		return nil, r
	}
	prog, err := expr.Compile(src.Text, c.options(true)...)
	if err != nil {
		c.exprError(src, subject, err)
		return nil, r
	}
	if !c.checkCost(prog, src, subject) {
		return nil, r
	}
	return prog, r
}

// options are the expr options every condition compiles with.
func (c *compiler) options(asBool bool) []expr.Option {
	opts := []expr.Option{
		expr.Env(Env{}),
		expr.Patch(&patcher{c: c}),
		expr.Patch(&chargePatcher{}), // after the patcher: charges the loops that run
		expr.MaxNodes(maxNodes),
		expr.Function(inListName, inList, new(func(any, map[string]struct{}) bool)),
		expr.Function(containsAnyName, containsAnyFunc, new(func(string, *needles) bool)),
		expr.Function(lowerConcatName, lowerConcatFunc, new(func(...string) string)),
	}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	for i := range functions {
		f := &functions[i]
		opts = append(opts, expr.Function(internalName(f.Name), f.exprFunc(), f.impl.types...))
		if f.variadic() {
			opts = append(opts, expr.Function(listName(internalName(f.Name)), f.exprListFunc(), f.impl.listType))
		}
	}
	return opts
}
