package rules

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// The batch program evaluates every rule of a ruleset in one VM run:
//
//	(when_0) ? __mark($env, 0) : false; (when_1) ? __mark($env, 1) : false; ...
//
// It exists for speed only (one run instead of one per rule: no per-run
// set-up, no per-run argument buffer). Its results are identical to
// running the rules one by one; when it fails at run time (some rule
// errs, or the shared memory budget runs out) Score falls back to running
// each rule on its own, which attributes the error to its rule.

const markName = "__mark"

// compileBatch compiles the batch program of rules; nil when it cannot be
// built, in which case Score always runs rules one by one.
func (c *compiler) compileBatch(rules []*rule) *vm.Program {
	if len(rules) == 0 {
		return nil
	}
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteString(";\n")
		}
		fmt.Fprintf(&b, "(%s\n) ? %s($env, %d) : false", r.text, markName, i)
	}
	opts := c.options(false)
	opts = append(opts,
		expr.MaxNodes(uint(maxNodes*(len(rules)+1))),
		expr.Function(markName, mark, new(func(any, int) bool)),
	)
	prog, err := expr.Compile(b.String(), opts...)
	if err != nil {
		return nil
	}
	return prog
}

// mark records that rule i held.
func mark(params ...any) (any, error) {
	env, ok := params[0].(*Env)
	i, ok2 := params[1].(int)
	if !ok || !ok2 || i < 0 || i >= len(env.facts.marks) {
		return nil, fmt.Errorf("%s: bad arguments", markName)
	}
	env.facts.marks[i] = true
	return true, nil
}

// runBatch evaluates all rules in one run and reports which held; ok is
// false when the run failed and rules must be evaluated one by one.
func (st *evalState) runBatch(p *vm.Program, n int) (marks []bool, ok bool) {
	f := &st.env.facts
	if cap(f.marks) < n {
		f.marks = make([]bool, n)
	}
	f.marks = f.marks[:n]
	clear(f.marks)
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	if _, err := st.vm.Run(p, &st.env); err != nil {
		return nil, false
	}
	return f.marks, true
}
