package rulediff

import (
	"slices"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

// Example is one shipment whose outcome the candidate changes.
type Example struct {
	Where      string  `json:"where"`
	ShipmentID string  `json:"shipment_id"`
	Baseline   Outcome `json:"baseline"`
	Candidate  Outcome `json:"candidate"`
}

// Outcome is what one pack made of a shipment.
type Outcome struct {
	Severity string  `json:"severity"`
	Score    float64 `json:"score"`
	Alert    bool    `json:"alert"`
	// Rules are the rules that hit, active and shadow, in rule order.
	Rules []string `json:"rules"`
}

// Example keys: the alert changes, and "rule:ID" for a rule that fires in
// one pack and not in the other.
const (
	keyGained  = "gained"
	keyLost    = "lost"
	keyChanged = "changed"
	rulePrefix = "rule:"
)

// examples keeps the first max examples of each key, in input order.
type examples struct {
	max   int
	byKey map[string][]Example
}

func newExamples(max int) *examples { return &examples{max: max, byKey: map[string][]Example{}} }

func (x *examples) want(key string) bool { return len(x.byKey[key]) < x.max }

func (x *examples) add(key string, e Example) {
	if x.want(key) {
		x.byKey[key] = append(x.byKey[key], e)
	}
}

// merge appends o's examples (which come later in the input) while there
// is room.
func (x *examples) merge(o *examples) {
	for k, es := range o.byKey {
		for _, e := range es {
			x.add(k, e)
		}
	}
}

func (x *examples) reset() { clear(x.byKey) }

// observe records the examples one shipment gives: its alert change and
// every rule that fires in one pack only.
func (x *examples) observe(where []byte, m *manifest.Manifest, r [2]*rules.Result) {
	var key string
	switch eb, ec := r[baseline].Emit, r[candidate].Emit; {
	case ec && !eb:
		key = keyGained
	case eb && !ec:
		key = keyLost
	case eb && ec && r[baseline].Severity != r[candidate].Severity:
		key = keyChanged
	}
	var ex *Example
	get := func() Example {
		if ex == nil {
			ex = &Example{Where: string(where), ShipmentID: m.ShipmentID,
				Baseline: outcomeOf(r[baseline]), Candidate: outcomeOf(r[candidate])}
		}
		return *ex
	}
	if key != "" && x.want(key) {
		x.add(key, get())
	}
	for s := range 2 {
		other := r[1-s]
		for _, hits := range [2][]rules.Hit{r[s].Hits, r[s].ShadowHits} {
			for i := range hits {
				if id := hits[i].RuleID; !fired(other, id) && x.want(rulePrefix+id) {
					x.add(rulePrefix+id, get())
				}
			}
		}
	}
}

func outcomeOf(r *rules.Result) Outcome {
	return Outcome{Severity: r.Severity, Score: r.Score, Alert: r.Emit, Rules: firedIDs(r)}
}

// firedIDs are the ids of the active and shadow hits.
func firedIDs(r *rules.Result) []string {
	ids := make([]string, 0, len(r.Hits)+len(r.ShadowHits))
	for _, h := range r.Hits {
		ids = append(ids, h.RuleID)
	}
	for _, h := range r.ShadowHits {
		ids = append(ids, h.RuleID)
	}
	return ids
}

func fired(r *rules.Result, id string) bool {
	return slices.ContainsFunc(r.Hits, func(h rules.Hit) bool { return h.RuleID == id }) ||
		slices.ContainsFunc(r.ShadowHits, func(h rules.Hit) bool { return h.RuleID == id })
}
