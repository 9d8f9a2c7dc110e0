package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// The batch program evaluates every rule of a ruleset in one VM run:
//
//	(__enter($env, 0) && (when_0)) ? __mark($env, 0) : false; (__enter($env, 1) && (when_1)) ? ...
//
// It exists for speed only (one run instead of one per rule: no per-run
// set-up, no per-run argument buffer). Its results are identical to
// running the rules one by one; when it fails at run time (some rule
// errs, or the shared memory budget runs out) Score falls back to running
// each rule on its own, which attributes the error to its rule. __enter
// starts each rule's step count and names the rule running, so that a
// rule stopped by the run-time budget (budget.go) is known without
// running it again: the rules before it have their results in marks.
//
// There is one batch program per combination of guard facts (guard.go):
// the rules a shipment's facts rule out are not in its program at all.

const (
	markName  = "__mark"
	enterName = "__enter"
)

// compileBatches compiles one batch program per combination of guard
// facts, holding the rules those facts do not rule out. Combinations that
// keep the same rules share a program.
func (c *compiler) compileBatches(rules []*rule) [guardStates]*vm.Program {
	var out [guardStates]*vm.Program
	var kept [guardStates][]int
	for have := range guardStates {
		for i, r := range rules {
			if r.need&^guard(have) == 0 {
				kept[have] = append(kept[have], i)
			}
		}
		shared := false
		for prev := range have {
			if slices.Equal(kept[prev], kept[have]) {
				out[have], shared = out[prev], true
				break
			}
		}
		if !shared {
			out[have] = c.compileBatch(rules, kept[have])
		}
	}
	return out
}

// compileBatch compiles the batch program of the rules at the indexes
// idx; nil when it cannot be built or idx is empty.
func (c *compiler) compileBatch(rules []*rule, idx []int) *vm.Program {
	if len(idx) == 0 {
		return nil
	}
	var b strings.Builder
	for n, i := range idx {
		if n > 0 {
			b.WriteString(";\n")
		}
		fmt.Fprintf(&b, "(%s($env, %d) && (%s\n)) ? %s($env, %d) : false", enterName, i, rules[i].text, markName, i)
	}
	opts := c.options(false)
	opts = append(opts,
		expr.MaxNodes(uint(maxNodes*(len(idx)+1))),
		expr.Function(markName, mark, new(func(any, int) bool)),
		expr.Function(enterName, enter, new(func(any, int) bool)),
		expr.Patch(&typedPatcher{shadowed: c.letNames}),
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

// enter starts rule i: its step count and the rule running.
func enter(params ...any) (any, error) {
	env, ok := params[0].(*Env)
	i, ok2 := params[1].(int)
	if !ok || !ok2 {
		return nil, fmt.Errorf("%s: bad arguments", enterName)
	}
	env.facts.budget.enter()
	env.facts.budget.rule = i
	return true, nil
}

// runBatch evaluates all rules in one run and reports which held. err is
// the run's error: the rules must then be evaluated one by one, except
// that when the run-time budget stopped rule facts.budget.rule, the rules
// before it finished and marks holds their results.
func (st *evalState) runBatch(p *vm.Program, n int) (marks []bool, err error) {
	f := &st.env.facts
	if cap(f.marks) < n {
		f.marks = make([]bool, n)
	}
	f.marks = f.marks[:n]
	clear(f.marks)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	_, err = st.vm.Run(p, &st.env)
	return f.marks, err
}
