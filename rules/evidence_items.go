package rules

import (
	"errors"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// typedFilters: the item filters get the batch programs' typed rewrites
// (typedcalls.go), which read fields and call helpers without reflection.
// TestTypedFiltersMatchPlain turns it off to compare.
var typedFilters = true

// itemFilters compiles, for each item quantifier predicate P of a rule
// (any(items, P), one, filter, count, find, including those of its
// macros), the program filter(items, P): the items that satisfy it are
// the items a hit of the rule is about, e.g. the item whose vague
// description sits under a precursor heading (DEC-003), not every item of
// the shipment. A predicate that does not compile on its own (it uses a
// variable bound outside it) is left out: the hit then falls back to the
// items its matches and fields name.
func (c *compiler) itemFilters(preds []string) []*vm.Program {
	var out []*vm.Program
	opts := c.options(false)
	if typedFilters {
		opts = append(opts, expr.Patch(&typedPatcher{shadowed: c.letNames}))
	}
	for _, p := range preds {
		prog, err := expr.Compile("filter(items, {"+p+"})", opts...)
		if err == nil {
			out = append(out, prog)
		}
	}
	return out
}

// selectItems runs the item filters on the current shipment and marks
// the items they select in about. A filter that fails marks nothing: the
// rule itself held, so the explanation loses detail, never the hit.
func (st *evalState) selectItems(filters []*vm.Program, about []bool) {
	for _, p := range filters {
		got, err := st.run(p)
		if err != nil {
			continue
		}
		items, _ := got.([]any)
		for _, x := range items {
			it, _ := x.(*Item)
			for i, cand := range st.env.Items {
				if cand == it {
					about[i] = true
				}
			}
		}
	}
}

var errPanic = errors.New("item filter panicked")

// run runs a program against the current Env; a panic is an error.
func (st *evalState) run(p *vm.Program) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, errPanic
		}
	}()
	return st.vm.Run(p, &st.env)
}
