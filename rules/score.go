package rules

import (
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
// others still decide.
func (e *Engine) Score(m *manifest.Manifest, en Enrichment) Result {
	if m == nil {
		return Result{Severity: rulefmt.SeverityNone}
	}
	st := e.pool.Get().(*evalState)
	defer e.pool.Put(st)
	st.env.reset(m, en, e.rs.lists)
	st.env.addStructures(en.Structures, e.structs)
	var res Result
	have := st.env.guards()
	marks, batched := []bool(nil), false
	if p := e.rs.batches[have]; p != nil {
		marks, batched = st.runBatch(p, len(e.rs.rules))
	}
	for i, r := range e.rs.rules {
		if r.need&^have != 0 {
			continue // provably false: see guard.go
		}
		var ok bool
		if batched {
			ok = marks[i]
		} else {
			var err error
			if ok, err = st.eval(r.prog); err != nil {
				res.RuleErrors = append(res.RuleErrors, RuleError{RuleID: r.id, Error: err.Error()})
				continue
			}
		}
		if !ok {
			continue
		}
		h := r.hit(st)
		if r.shadow {
			res.ShadowHits = append(res.ShadowHits, h)
		} else {
			res.Hits = append(res.Hits, h)
		}
	}
	if len(res.Hits)+len(res.ShadowHits) > 0 {
		e.applyExceptions(st, m, &res)
	}
	c := newCombine()
	for _, h := range res.Hits {
		c.add(h.Score)
	}
	res.Score = c.score()
	res.Severity = e.rs.severity(res.Score)
	res.Emit = res.Severity != rulefmt.SeverityNone && rulefmt.SeverityRank(res.Severity) >= e.rs.minRank
	return res
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
			res.RuleErrors = append(res.RuleErrors, RuleError{RuleID: "exception:" + x.name, Error: err.Error()})
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

// eval runs one compiled condition against the current Env. A panic in a
// helper is turned into an error.
func (st *evalState) eval(p *vm.Program) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("panic: %v", r)
		}
	}()
	out, err := st.vm.Run(p, &st.env)
	if err != nil {
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
