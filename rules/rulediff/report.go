package rulediff

import (
	"slices"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Report is the outcome of a comparison, as `precursor rules diff` prints
// it (Markdown) and writes it for CI (JSON, this struct).
type Report struct {
	Baseline  Pack `json:"baseline"`
	Candidate Pack `json:"candidate"`
	// Events counts the events read, Scored those that decoded and were
	// scored; Invalid counts the others by the decoder's error kind.
	Events  int64            `json:"events"`
	Scored  int64            `json:"scored"`
	Blank   int64            `json:"blank"`
	Invalid map[string]int64 `json:"invalid"`
	// Alerts counts each pack's alerts by severity.
	Alerts map[string]map[string]int64 `json:"alerts"`
	// Gained are alerts only the candidate emits (by its severity), Lost
	// alerts only the baseline emits (by the baseline's), Changed alerts
	// both emit with another severity ("high->critical").
	Gained  Change `json:"gained"`
	Lost    Change `json:"lost"`
	Changed Change `json:"changed"`
	// RuleErrors counts each pack's rule evaluation errors.
	RuleErrors map[string]int64 `json:"rule_errors"`
	// Severities[b][c] counts scored shipments of baseline severity b and
	// candidate severity c, alerting or not.
	Severities map[string]map[string]int64 `json:"severities"`
	// Rules lists every rule whose hit count, rule-error count or status
	// differs, or that one pack lacks, in baseline then candidate order.
	Rules []RuleDelta `json:"rules"`
	// Scores describes each pack's score distribution.
	Scores  map[string]Distribution `json:"scores"`
	Seconds float64                 `json:"seconds"`
	// Gates are the gates checked, set by Check.
	Gates []GateResult `json:"gates,omitempty"`
}

// Pack identifies a compared rule pack.
type Pack struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// Change is one kind of alert change: how many, split by severity (or
// severity transition), and the first examples.
type Change struct {
	Total    int64            `json:"total"`
	By       map[string]int64 `json:"by"`
	Examples []Example        `json:"examples"`
}

// RuleDelta is one rule whose firing changed. Status is "" in a pack that
// lacks the rule.
type RuleDelta struct {
	Rule            string    `json:"rule"`
	BaselineStatus  string    `json:"baseline_status"`
	CandidateStatus string    `json:"candidate_status"`
	BaselineHits    int64     `json:"baseline_hits"`
	CandidateHits   int64     `json:"candidate_hits"`
	Delta           int64     `json:"delta"`
	BaselineErrors  int64     `json:"baseline_errors,omitempty"`
	CandidateErrors int64     `json:"candidate_errors,omitempty"`
	Examples        []Example `json:"examples"`
}

// Distribution is a score distribution: exact quantiles (scores have two
// decimals), the mean and a histogram of ten buckets [0,10), ...,
// [90,100].
type Distribution struct {
	Mean      float64   `json:"mean"`
	P50       float64   `json:"p50"`
	P90       float64   `json:"p90"`
	P99       float64   `json:"p99"`
	Max       float64   `json:"max"`
	Histogram [10]int64 `json:"histogram"`
}

func packOf(e *rules.Engine) Pack {
	rs := e.Ruleset()
	return Pack{Name: rs.Name(), Version: rs.Version(), Hash: rs.Hash()}
}

func newReport(base, cand *rules.Engine, t *totals, ex *examples, took time.Duration) *Report {
	r := &Report{
		Baseline: packOf(base), Candidate: packOf(cand),
		Events: t.events, Scored: t.scored, Blank: t.blank, Invalid: t.invalid,
		Alerts:     map[string]map[string]int64{"baseline": sevCounts(t.alerts[baseline]), "candidate": sevCounts(t.alerts[candidate])},
		Severities: map[string]map[string]int64{},
		Scores:     map[string]Distribution{"baseline": distribution(t.scores[baseline]), "candidate": distribution(t.scores[candidate])},
		Seconds:    took.Seconds(),
	}
	r.Gained = Change{Total: sum(t.gained[:]), By: sevCounts(t.gained), Examples: nonNil(ex.byKey[keyGained])}
	r.Lost = Change{Total: sum(t.lost[:]), By: sevCounts(t.lost), Examples: nonNil(ex.byKey[keyLost])}
	r.Changed = Change{By: map[string]int64{}, Examples: nonNil(ex.byKey[keyChanged])}
	for b, row := range t.changed {
		for c, n := range row {
			if n > 0 {
				r.Changed.By[rulefmt.Severities[b]+"->"+rulefmt.Severities[c]] = n
				r.Changed.Total += n
			}
		}
	}
	for b, row := range t.matrix {
		r.Severities[rulefmt.Severities[b]] = sevCounts(row)
	}
	r.Rules = ruleDeltas(base, cand, t, ex)
	r.RuleErrors = map[string]int64{"baseline": sumMap(t.ruleErrors[baseline]), "candidate": sumMap(t.ruleErrors[candidate])}
	return r
}

// ruleDeltas lists the rules whose firing differs, baseline order first.
func ruleDeltas(base, cand *rules.Engine, t *totals, ex *examples) []RuleDelta {
	byID := map[string]*RuleDelta{}
	var order []string
	for s, e := range []*rules.Engine{base, cand} {
		for _, ri := range e.Ruleset().Rules() {
			d := byID[ri.ID]
			if d == nil {
				d = &RuleDelta{Rule: ri.ID}
				byID[ri.ID] = d
				order = append(order, ri.ID)
			}
			if s == baseline {
				d.BaselineStatus = ri.Status
			} else {
				d.CandidateStatus = ri.Status
			}
		}
	}
	var out []RuleDelta
	for _, id := range order {
		d := byID[id]
		d.BaselineHits, d.CandidateHits = t.hits[baseline][id], t.hits[candidate][id]
		d.BaselineErrors, d.CandidateErrors = t.ruleErrors[baseline][id], t.ruleErrors[candidate][id]
		d.Delta = d.CandidateHits - d.BaselineHits
		if d.Delta == 0 && d.BaselineStatus == d.CandidateStatus && d.BaselineErrors == d.CandidateErrors {
			continue
		}
		d.Examples = nonNil(ex.byKey[rulePrefix+id])
		out = append(out, *d)
	}
	return out
}

func sevCounts(a [nSev]int64) map[string]int64 {
	m := make(map[string]int64, nSev)
	for i, n := range a {
		m[rulefmt.Severities[i]] = n
	}
	return m
}

func sum(a []int64) int64 {
	var n int64
	for _, v := range a {
		n += v
	}
	return n
}

func sumMap(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func nonNil(es []Example) []Example {
	if es == nil {
		return []Example{}
	}
	return slices.Clone(es)
}

// distribution computes the quantiles, mean and histogram of scores
// counted by index (score*100).
func distribution(counts []int64) Distribution {
	var d Distribution
	n := sum(counts)
	if n == 0 {
		return d
	}
	var total float64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		score := float64(i) / 100
		total += score * float64(c)
		d.Max = score
		d.Histogram[min(i/1000, 9)] += c
	}
	d.Mean = round2(total / float64(n))
	d.P50, d.P90, d.P99 = quantile(counts, n, 0.5), quantile(counts, n, 0.9), quantile(counts, n, 0.99)
	return d
}

// quantile is the smallest score at or below which a fraction q of the
// shipments lie.
func quantile(counts []int64, n int64, q float64) float64 {
	rank := int64(q*float64(n) + 0.999999999)
	rank = max(rank, 1)
	var seen int64
	for i, c := range counts {
		seen += c
		if seen >= rank {
			return float64(i) / 100
		}
	}
	return 100
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// sevOrder sorts severity transition keys "b->c" by b, then c.
func sevOrder(a, b string) int {
	ab, ac, _ := strings.Cut(a, "->")
	bb, bc, _ := strings.Cut(b, "->")
	if x := rulefmt.SeverityRank(ab) - rulefmt.SeverityRank(bb); x != 0 {
		return x
	}
	return rulefmt.SeverityRank(ac) - rulefmt.SeverityRank(bc)
}
