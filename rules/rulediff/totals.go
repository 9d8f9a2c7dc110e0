package rulediff

import (
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// nSev is the number of severities (rulefmt.Severities, lowest first).
const nSev = 5

// scoreSteps is the number of distinct scores: 0 to 100 in steps of 0.01,
// the precision Score rounds to, so quantiles are exact.
const scoreSteps = 10001

// totals are the order-independent counts of a comparison; each worker
// keeps its own and they are added at the end.
type totals struct {
	events, blank, scored int64
	invalid               map[string]int64 // by manifest error kind
	// matrix[b][c] counts scored shipments of baseline severity b and
	// candidate severity c (indexes into rulefmt.Severities).
	matrix [nSev][nSev]int64
	// alerts[side][sev] counts emitted alerts.
	alerts [2][nSev]int64
	// gained[sev] by candidate severity, lost[sev] by baseline severity;
	// changed[b][c] counts shipments both packs alert on with severities
	// b != c.
	gained, lost [nSev]int64
	changed      [nSev][nSev]int64
	// hits[side] and ruleErrors[side] count by rule id (shadow hits too).
	hits, ruleErrors [2]map[string]int64
	// scores[side][i] counts shipments of score i/100.
	scores [2][]int64
}

func newTotals() *totals {
	t := &totals{invalid: map[string]int64{}}
	for s := range 2 {
		t.hits[s], t.ruleErrors[s] = map[string]int64{}, map[string]int64{}
		t.scores[s] = make([]int64, scoreSteps)
	}
	return t
}

// side indexes of the per-pack counts.
const (
	baseline  = 0
	candidate = 1
)

// add counts one scored shipment.
func (t *totals) add(r [2]*rules.Result) {
	t.scored++
	b, c := sevIndex(r[baseline].Severity), sevIndex(r[candidate].Severity)
	t.matrix[b][c]++
	for s := range 2 {
		res := r[s]
		if res.Emit {
			t.alerts[s][sevIndex(res.Severity)]++
		}
		for _, h := range res.Hits {
			t.hits[s][h.RuleID]++
		}
		for _, h := range res.ShadowHits {
			t.hits[s][h.RuleID]++
		}
		for _, e := range res.RuleErrors {
			t.ruleErrors[s][e.RuleID]++
		}
		t.scores[s][scoreIndex(res.Score)]++
	}
	switch eb, ec := r[baseline].Emit, r[candidate].Emit; {
	case ec && !eb:
		t.gained[c]++
	case eb && !ec:
		t.lost[b]++
	case eb && ec && b != c:
		t.changed[b][c]++
	}
}

// merge adds o into t.
func (t *totals) merge(o *totals) {
	t.events += o.events
	t.blank += o.blank
	t.scored += o.scored
	for k, v := range o.invalid {
		t.invalid[k] += v
	}
	for i := range nSev {
		for j := range nSev {
			t.matrix[i][j] += o.matrix[i][j]
			t.changed[i][j] += o.changed[i][j]
		}
		t.gained[i] += o.gained[i]
		t.lost[i] += o.lost[i]
	}
	for s := range 2 {
		for i := range nSev {
			t.alerts[s][i] += o.alerts[s][i]
		}
		for k, v := range o.hits[s] {
			t.hits[s][k] += v
		}
		for k, v := range o.ruleErrors[s] {
			t.ruleErrors[s][k] += v
		}
		for i, v := range o.scores[s] {
			t.scores[s][i] += v
		}
	}
}

func sevIndex(s string) int { return max(rulefmt.SeverityRank(s), 0) }

func scoreIndex(score float64) int {
	i := int(score*100 + 0.5)
	return min(max(i, 0), scoreSteps-1)
}
