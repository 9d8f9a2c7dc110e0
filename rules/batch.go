package rules

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
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
// each rule on its own, which attributes the error to its rule. A rule
// stopped by the run-time budget (budget.go) is known without running it
// again, by where in the program's source the error arose (ruleAt): the
// rules before it have finished and have their results in marks.
//
// There is one batch program per combination of guard facts (guard.go):
// the rules a shipment's facts rule out are not in its program at all.

const markName = "__mark"

// batchProgram is a batch program and where each of its rules' condition
// starts in its source.
type batchProgram struct {
	prog *vm.Program
	// starts[n] is the rune offset in the source where the condition of
	// rule rules[n] starts; ascending.
	starts, rules []int
}

// ruleAt returns the index of the rule whose condition holds the rune
// offset from of the program's source, or -1.
func (b *batchProgram) ruleAt(from int) int {
	n := sort.SearchInts(b.starts, from+1) - 1
	if n < 0 {
		return -1
	}
	return b.rules[n]
}

// stoppedAt returns, for the error of a failed run, the rule the run-time
// budget stopped and the *budgetStop, or -1 and nil when the run failed
// otherwise (the rules before the stopped one finished). A function of
// its own: fe escapes to the heap, which costs an allocation on every
// call of the function it is declared in.
func (b *batchProgram) stoppedAt(err error) (int, error) {
	var fe *file.Error
	if be := asBudgetStop(err); be != nil && errors.As(err, &fe) {
		return b.ruleAt(fe.From), be
	}
	return -1, nil
}

// compileBatches compiles one batch program per combination of guard
// facts, holding the rules those facts do not rule out. Combinations that
// keep the same rules share a program.
func (c *compiler) compileBatches(rules []*rule) [guardStates]*batchProgram {
	var out [guardStates]*batchProgram
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
func (c *compiler) compileBatch(rules []*rule, idx []int) *batchProgram {
	if len(idx) == 0 {
		return nil
	}
	var b strings.Builder
	bp := &batchProgram{rules: idx}
	for n, i := range idx {
		if n > 0 {
			b.WriteString(";\n")
		}
		b.WriteByte('(')
		bp.starts = append(bp.starts, utf8.RuneCountInString(b.String()))
		fmt.Fprintf(&b, "%s\n) ? %s($env, %d) : false", rules[i].text, markName, i)
	}
	opts := c.options(false)
	opts = append(opts,
		expr.MaxNodes(uint(maxNodes*(len(idx)+1))),
		expr.Function(markName, mark, new(func(any, int) bool)),
		expr.Patch(&typedPatcher{shadowed: c.letNames}),
	)
	prog, err := expr.Compile(b.String(), opts...)
	if err != nil {
		return nil
	}
	bp.prog = prog
	return bp
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

// runBatch evaluates all rules in one run and reports which held. err is
// the run's error: the rules must then be evaluated one by one, except
// that when the run-time budget stopped a rule (p.ruleAt the error's
// position), the rules before it finished and marks holds their results.
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
