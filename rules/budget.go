package rules

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// The run-time budget of an evaluation. The static cost bound (cost.go)
// refuses a rule whose worst case is too expensive, but a pack may raise
// its cost_budget, and the bound is a model: evaluation is also stopped
// when it runs too long. Two limits apply:
//
//   - steps: the conditions evaluated for a shipment may charge at most
//     the pack's cost budget in steps each, summed. Every loop charges the
//     length of what it walks when it starts (the patcher wraps the
//     collection of every builtin that walks one, see chargePatcher) and
//     every helper call its declared cost, in the units of the static
//     bound, so conditions within their bound never reach the limit. The
//     count is deterministic; the condition running when it is reached
//     is the one stopped.
//   - time: scoring one shipment may take at most the engine's event
//     timeout (DefaultEventTimeout), and stops when its context is
//     cancelled. The clock is read every checkEvery steps only, first
//     when the shipment has charged that many: the time a shipment spends
//     before is not counted (microseconds), and the great majority of
//     shipments, which never get there, never read it.
//
// A condition that exceeds either fails with a *budgetStop, which
// Score records as the rule's RuleError; the remaining conditions of a
// shipment whose time is spent fail as soon as they charge a step.

// DefaultEventTimeout bounds the wall time of scoring one shipment when
// the engine sets no other (Engine.WithEventTimeout).
const DefaultEventTimeout = 250 * time.Millisecond

// checkEvery is how many steps pass between two readings of the clock.
const checkEvery = 1024

// budgetStop is a condition stopped by the run-time budget.
type budgetStop struct {
	// Reason is "steps", "time" or "cancelled".
	Reason string
	Limit  int64         // the step limit (Reason "steps")
	After  time.Duration // the time spent on the shipment
}

func (e *budgetStop) Error() string {
	switch e.Reason {
	case "steps":
		return fmt.Sprintf("evaluation stopped: the shipment's conditions are over their limit of %d steps (the pack's cost_budget for each)", e.Limit)
	case "cancelled":
		return fmt.Sprintf("evaluation stopped after %v: cancelled", e.After.Round(time.Millisecond))
	}
	return fmt.Sprintf("evaluation stopped after %v: over the shipment's evaluation time budget", e.After.Round(time.Millisecond))
}

// evalBudget is the run-time budget of one shipment; it lives in the
// Env's facts and is set by begin. Its zero value (an Env that no Score
// began, in tests) limits nothing.
type evalBudget struct {
	steps, limit int64     // steps charged by the shipment's conditions, their limit
	nextCheck    int64     // steps at which to read the clock again
	start        time.Time // the first reading of the clock
	timeout      time.Duration
	done         <-chan struct{} // the context's; nil never fires
	spent        *budgetStop     // set once time is up or ctx is done
}

// begin starts the budget of a shipment; limit bounds the steps of all
// its conditions together (0: none).
func (b *evalBudget) begin(ctx context.Context, timeout time.Duration, limit int64) {
	*b = evalBudget{limit: limit, nextCheck: checkEvery, timeout: timeout, done: ctx.Done()}
}

// charge adds n steps and returns the *budgetStop that stops the
// condition, or nil.
func (b *evalBudget) charge(n int) error {
	if b.spent != nil {
		return b.spent
	}
	b.steps += int64(n)
	if b.steps > b.limit && b.limit > 0 {
		b.spent = &budgetStop{Reason: "steps", Limit: b.limit, After: b.elapsed()}
		return b.spent
	}
	if b.steps < b.nextCheck {
		return nil
	}
	b.nextCheck = b.steps + checkEvery
	return b.check()
}

// check reads the clock and the context.
func (b *evalBudget) check() error {
	select {
	case <-b.done:
		b.spent = &budgetStop{Reason: "cancelled", After: b.elapsed()}
		return b.spent
	default:
	}
	if b.start.IsZero() {
		b.start = time.Now()
		return nil
	}
	if el := time.Since(b.start); el > b.timeout && b.timeout > 0 {
		b.spent = &budgetStop{Reason: "time", After: el}
		return b.spent
	}
	return nil
}

// elapsed is the time since the first reading of the clock.
func (b *evalBudget) elapsed() time.Duration {
	if b.start.IsZero() {
		return 0
	}
	return time.Since(b.start)
}

// asBudgetStop returns the *budgetStop in err's chain, or nil.
func asBudgetStop(err error) *budgetStop {
	if err == nil {
		return nil // errors.As would allocate be on the hot path
	}
	var be *budgetStop
	if errors.As(err, &be) {
		return be
	}
	return nil
}

// chargeWalk is the typed closure the patcher puts before every loop:
// it charges the length of the collection about to be walked and returns
// true, or panics with the *budgetStop (expr's VM turns the panic into
// the run's error, wrapping it).
func chargeWalk(e, coll any) bool {
	if err := env(e).facts.budget.charge(collectionLen(coll)); err != nil {
		panic(err)
	}
	return true
}

// collectionLen is the length of what a builtin walks; the common types
// without reflection.
func collectionLen(coll any) int {
	switch c := coll.(type) {
	case []*Item:
		return len(c)
	case []*Match:
		return len(c)
	case []string:
		return len(c)
	case []any:
		return len(c)
	case nil:
		return 0
	}
	if v := reflect.ValueOf(coll); v.Kind() == reflect.Slice || v.Kind() == reflect.Array || v.Kind() == reflect.Map {
		return v.Len()
	}
	return 1
}

// chargeHelper charges one helper call of cost h with n arguments,
// panicking like chargeWalk.
func chargeHelper(e *Env, h helperCost, n int) {
	if err := e.facts.budget.charge(h.steps(e, n)); err != nil {
		panic(err)
	}
}
