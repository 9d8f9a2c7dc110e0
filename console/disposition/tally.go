package disposition

import (
	"slices"
	"strings"
)

// Tally keeps the latest disposition of every alert it is given and
// counts their outcomes per rule: the analysts' ground truth about each
// rule. The zero value is ready to use; it is not safe for concurrent use.
type Tally struct {
	latest map[string]Disposition
}

// Add records d unless a newer disposition of the same alert is already
// known. It reports whether d is now the alert's disposition.
func (t *Tally) Add(d Disposition) bool {
	if t.latest == nil {
		t.latest = map[string]Disposition{}
	}
	if old, ok := t.latest[d.AlertID]; ok && !Newer(d, old) {
		return false
	}
	t.latest[d.AlertID] = d
	return true
}

// Len is the number of alerts with a disposition.
func (t *Tally) Len() int { return len(t.latest) }

// RuleStats are the outcomes of the alerts a rule hit.
type RuleStats struct {
	Rule   string
	Shadow bool // the rule hit as a shadow rule (evaluated, never scored)
	Counts map[Outcome]int
}

// Decided is the number of alerts decided either way: every outcome
// but NeedsInspection.
func (s RuleStats) Decided() int {
	return s.Counts[Confirmed] + s.Counts[FalsePositive] + s.Counts[LegitimateTrade]
}

// Precision is the share of decided alerts that analysts confirmed, and
// false when none was decided. Legitimate trade counts against it: the
// rule read the shipment right, but the alert asked for no action.
func (s RuleStats) Precision() (float64, bool) {
	n := s.Decided()
	if n == 0 {
		return 0, false
	}
	return float64(s.Counts[Confirmed]) / float64(n), true
}

// Rules returns the stats of every rule named by a disposition, active
// rules first, each group sorted by rule id.
func (t *Tally) Rules() []RuleStats {
	type key struct {
		rule   string
		shadow bool
	}
	by := map[key]*RuleStats{}
	count := func(rule string, shadow bool, o Outcome) {
		k := key{rule, shadow}
		s := by[k]
		if s == nil {
			s = &RuleStats{Rule: rule, Shadow: shadow, Counts: map[Outcome]int{}}
			by[k] = s
		}
		s.Counts[o]++
	}
	for _, d := range t.latest {
		for _, r := range d.Rules {
			count(r, false, d.Outcome)
		}
		for _, r := range d.ShadowRules {
			count(r, true, d.Outcome)
		}
	}
	out := make([]RuleStats, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b RuleStats) int {
		if a.Shadow != b.Shadow {
			if a.Shadow {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out
}
