package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Score evaluates every non-disabled rule against the shipment, applies the
// exceptions in force at its event time and combines the active hits. It is
// pure and never panics: a rule that fails is recorded in RuleErrors and the
// others still decide. Evaluation is bounded (budget.go): a condition over
// its step limit, or running when the shipment's time budget is spent, is
// stopped and recorded as a RuleError whose text starts "evaluation
// stopped" (or "not evaluated" for the conditions after it).
func (e *Engine) Score(m *manifest.Manifest, en Enrichment) Result {
	return e.ScoreContext(context.Background(), m, en)
}

// ScoreContext is Score, stopping the evaluation when ctx is done: the
// conditions then running or left fail as over the budget.
func (e *Engine) ScoreContext(ctx context.Context, m *manifest.Manifest, en Enrichment) Result {
	if m == nil {
		return Result{Severity: rulefmt.SeverityNone}
	}
	var res Result
	before := guardsBefore(m, en, e.rs.hsGuard)
	if e.rs.idle[before] {
		// No rule can hold (guard.go): nothing to evaluate, no Env to
		// build. The result is that of running no rule.
		e.rs.combine(&res)
		return res
	}
	st := e.pool.Get().(*evalState)
	defer e.pool.Put(st)
	st.env.reset(m, en, e.rs.lists)
	st.env.addStructures(en.Structures, e.structs)
	b := &st.env.facts.budget
	b.begin(ctx, e.timeout, e.rs.stepLimit)
	e.evalRules(st, &res, st.env.guards()|before&needHS)
	if len(res.Hits)+len(res.ShadowHits) > 0 {
		e.applyExceptions(st, m, &res)
	}
	e.rs.combine(&res)
	return res
}

// combine sets the score, severity and Emit of res from its hits.
func (rs *Ruleset) combine(res *Result) {
	c := newCombine()
	for _, h := range res.Hits {
		c.add(h.Score)
	}
	res.Score = c.score()
	res.Severity = rs.severity(res.Score)
	res.Emit = res.Severity != rulefmt.SeverityNone && rulefmt.SeverityRank(res.Severity) >= rs.minRank
}

// evalRules evaluates the rules the shipment's guard facts have leave (in
// one batch program run when it succeeds, else one by one) and adds their
// hits and errors to res.
func (e *Engine) evalRules(st *evalState, res *Result, have guard) {
	p := e.rs.batches[have]
	marks, batched, stopped, stopErr := []bool(nil), false, -1, error(nil)
	if p != nil {
		var err error
		marks, err = st.runBatch(p.prog, len(e.rs.rules))
		batched = err == nil
		if !batched {
			stopped, stopErr = p.stoppedAt(err)
		}
	}
	if batched {
		// Only the rules in the program can hold: the others are
		// provably false (guard.go). p.rules is ascending, so the hits
		// come in rule order as below.
		for _, i := range p.rules {
			if marks[i] {
				addHit(st, res, e.rs.rules[i])
			}
		}
	} else {
		for i, r := range e.rs.rules {
			if r.need&^have != 0 {
				continue // provably false: see guard.go
			}
			var ok bool
			switch {
			case i < stopped:
				ok = marks[i]
			case i == stopped:
				res.RuleErrors = append(res.RuleErrors, ruleError(r.id, stopErr))
				continue
			default:
				var err error
				if ok, err = st.eval(r.prog); err != nil {
					res.RuleErrors = append(res.RuleErrors, ruleError(r.id, err))
					continue
				}
			}
			if ok {
				addHit(st, res, r)
			}
		}
	}
}

// addHit adds the hit of r, which held, to res.
func addHit(st *evalState, res *Result, r *rule) {
	h := r.hit(st)
	if r.shadow {
		res.ShadowHits = append(res.ShadowHits, h)
	} else {
		res.Hits = append(res.Hits, h)
	}
}

// severity judges a score on its rounded value, the number the summary
// prints (see RoundedScore).
func (rs *Ruleset) severity(score float64) string {
	return rs.thresholds.Severity(RoundedScore(score))
}

// applyExceptions removes the hits covered by exceptions that are in force
// at the event time and whose condition holds.
func (e *Engine) applyExceptions(st *evalState, m *manifest.Manifest, res *Result) {
	for _, x := range e.rs.exceptions {
		if !x.activeAt(m.EventTime) || !(covers(x, res.Hits) || covers(x, res.ShadowHits)) {
			continue
		}
		ok, err := st.eval(x.prog)
		if err != nil {
			res.RuleErrors = append(res.RuleErrors, ruleError("exception:"+x.name, err))
			continue
		}
		if !ok {
			continue
		}
		var removed []string
		res.Hits, removed = removeHits(res.Hits, x.rules, removed)
		res.ShadowHits, removed = removeHits(res.ShadowHits, x.rules, removed)
		res.Suppressed = append(res.Suppressed, Suppression{Exception: x.name, Rules: removed})
	}
}

func covers(x *exception, hits []Hit) bool {
	for _, h := range hits {
		if slices.Contains(x.rules, h.RuleID) {
			return true
		}
	}
	return false
}

func removeHits(hits []Hit, ids, removed []string) ([]Hit, []string) {
	kept := hits[:0]
	for _, h := range hits {
		if slices.Contains(ids, h.RuleID) {
			removed = append(removed, h.RuleID)
			continue
		}
		kept = append(kept, h)
	}
	if len(kept) == 0 {
		return nil, removed
	}
	return kept, removed
}

// errNotBool is returned when a condition yields a non-boolean at run time
// (AsBool makes this a load error; the check guards the invariant).
var errNotBool = errors.New("condition did not return a bool")

// ruleError records the failure of the condition of id.
func ruleError(id string, err error) RuleError {
	return RuleError{RuleID: id, Error: err.Error(), Stopped: asBudgetStop(err) != nil || errors.Is(err, errNotEvaluated)}
}

// errNotEvaluated is the error of a condition that needed steps after an
// earlier one spent the shipment's budget (time or steps).
var errNotEvaluated = errors.New("not evaluated: the shipment's evaluation budget was spent by an earlier condition")

// eval runs one compiled condition against the current Env. A panic in a
// helper is turned into an error. A condition started when the shipment's
// time budget is already spent fails as not evaluated (if it charges any
// step at all).
func (st *evalState) eval(p *vm.Program) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("panic: %v", r)
		}
	}()
	spent := st.env.facts.budget.spent != nil
	out, err := st.vm.Run(p, &st.env)
	if err != nil {
		if be := asBudgetStop(err); be != nil {
			if spent {
				return false, errNotEvaluated
			}
			return false, be
		}
		var fe *file.Error
		if errors.As(err, &fe) {
			return false, errors.New(fe.Message)
		}
		return false, err
	}
	b, isBool := out.(bool)
	if !isBool {
		return false, errNotBool
	}
	return b, nil
}
